; Uses of names. A pattern rooted at a parent (a call, `new`, a JSX tag, an `extends`)
; matches before the catch-alls rooted at the name itself (member access, upper-case
; names) whatever the file order, so a name keeps its most specific kind.

; Calls: plain and member calls, with their receiver (`this.parse`, `path.join`), which
; the reference graph uses to resolve them; `new X()` calls the class's constructor.
(call_expression function: (identifier) @reference.call)
(call_expression function: (member_expression) @reference.call)
(new_expression constructor: (identifier) @reference.call)
(new_expression constructor: (member_expression) @reference.call)
; Decorators without arguments (`@sealed`, `@core.sealed`) are calls too.
(decorator (identifier) @reference.call)
(decorator (member_expression) @reference.call)

; Member access not in call position, with its receiver (`this.width`, `config.MAX`).
(member_expression) @reference.field

; Constants read as values: upper-case names, as module-level constants are named.
((identifier) @reference.value
  (#match? @reference.value "^_*[A-Z][A-Z0-9_]*$"))
