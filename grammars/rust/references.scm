; Calls: plain, path-qualified (`Store::open`) and method calls with their receiver
; (`self.commit`), which the reference graph uses to resolve them.
(call_expression function: (identifier) @reference.call)
(call_expression function: (scoped_identifier) @reference.call)
(call_expression function: (field_expression) @reference.call)
(call_expression function: (generic_function function: (_) @reference.call))
(macro_invocation macro: (_) @reference.macro)

; Type uses.
(type_identifier) @reference.type
(scoped_type_identifier) @reference.type

; Field access.
(field_expression field: (field_identifier) @reference.field)
