; Calls: plain and attribute calls, with their receiver (`self.parse`, `os.path.join`),
; which the reference graph uses to resolve them.
(call function: (identifier) @reference.call)
(call function: (attribute) @reference.call)
; Decorators without arguments (`@dataclass`, `@functools.cache`) are calls too.
(decorator (identifier) @reference.call)
(decorator (attribute) @reference.call)

; Type uses: annotations and base classes.
(type (identifier) @reference.type)
(type (subscript value: (identifier) @reference.type))
(type (generic_type (identifier) @reference.type))
(class_definition superclasses: (argument_list (identifier) @reference.type))
(class_definition superclasses: (argument_list (attribute) @reference.type))

; Attribute access, with its receiver (`self.width`, `config.MAX`).
(attribute attribute: (identifier)) @reference.field

; Constants read as values: upper-case names, as module-level constants are named,
; and private module-level values (`_whitespace_re`).
((identifier) @reference.value
  (#match? @reference.value "^(_*[A-Z][A-Z0-9_]*|_[a-z][A-Za-z0-9_]*)$"))
