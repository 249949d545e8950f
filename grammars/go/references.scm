; Calls: plain and selector calls, with their receiver (`c.refill`, `limiter.New`),
; which the reference graph uses to resolve them. A conversion to a named type
; (`Duration(n)`) is written as a call and counted as one.
(call_expression function: (identifier) @reference.call)
(call_expression function: (selector_expression) @reference.call)
; A call with explicit type arguments parses as a conversion to a generic type:
; `NewCache[string, int](8)`.
(type_conversion_expression
  type: (generic_type type: [(type_identifier) (qualified_type)] @reference.call))

; Type uses, composite literals (`Config{…}`, `pkg.T{…}`) among them; a qualified
; type is kept whole (`time.Duration`).
(qualified_type) @reference.type
(type_identifier) @reference.type

; Field access, with its receiver (`c.tokens`, `time.Second`); a selector in call
; position is a call, above.
(selector_expression field: (field_identifier)) @reference.field

; Names read as values: Go has no case for constants (upper case means exported),
; but a bare upper-case name read as a value is a package-level name of this package
; (a constant, a variable, or a function passed as a value), as locals are lower case.
; Only value positions: a key of a composite literal (`Config{Rate: 5}`) is a field.
([(argument_list (identifier) @reference.value)
  (expression_list (identifier) @reference.value)
  (binary_expression left: (identifier) @reference.value)
  (binary_expression right: (identifier) @reference.value)
  (unary_expression operand: (identifier) @reference.value)
  (parenthesized_expression (identifier) @reference.value)
  (index_expression index: (identifier) @reference.value)
  (if_statement condition: (identifier) @reference.value)
  (expression_switch_statement value: (identifier) @reference.value)
  (type_conversion_expression operand: (identifier) @reference.value)
  (keyed_element value: (literal_element (identifier) @reference.value))
  (literal_value (literal_element (identifier) @reference.value))
  (selector_expression operand: (identifier) @reference.value)
  (send_statement value: (identifier) @reference.value)
  (range_clause right: (identifier) @reference.value)
  (array_type length: (identifier) @reference.value)]
 (#match? @reference.value "^[A-Z]"))
