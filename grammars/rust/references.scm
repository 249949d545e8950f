; Calls: plain, path-qualified (`Store::open`) and method calls with their receiver
; (`self.commit`), which the reference graph uses to resolve them.
(call_expression function: (identifier) @reference.call)
(call_expression function: (scoped_identifier) @reference.call)
(call_expression function: (field_expression) @reference.call)
(call_expression function: (generic_function function: (_) @reference.call))
(macro_invocation macro: (_) @reference.macro)
; Inside a macro's arguments (`assert_eq!(parse(x), …)`) or a `macro_rules!` body code is
; only tokens: a name before `!(…)` is a macro (first: one capture a name, the first
; wins), and a name right before parentheses is most likely a call (`use a::{…}` and
; `x[…]` are none).
(token_tree (identifier) @reference.macro . "!" . (token_tree))
(token_tree (identifier) @reference.call . (token_tree . "("))

; Type uses.
(type_identifier) @reference.type
(scoped_type_identifier) @reference.type

; Field access, with its receiver (`self.cache`).
(field_expression field: (field_identifier)) @reference.field

; A type named by a path into it: `Shape::Circle`, `Config::default()`.
(scoped_identifier
  path: (identifier) @reference.type
  (#match? @reference.type "^[A-Z]"))

; Constants and statics read as values: upper-case names.
((identifier) @reference.value
  (#match? @reference.value "^_*[A-Z][A-Z0-9_]*$"))
