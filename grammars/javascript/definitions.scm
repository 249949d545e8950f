; inherits: ecma
; Parameter names, one match per parameter: a default keeps its name (`e = 3` is `e`),
; destructuring and rest patterns keep their text (`{ a, b }`, `...rest`). Only
; functions and methods have parameters.
(_
  parameters: (formal_parameters
    [(identifier) @parameter
     (object_pattern) @parameter
     (array_pattern) @parameter
     (rest_pattern) @parameter
     (assignment_pattern left: (_) @parameter)])) @definition.function

; Class fields, listed in the class summary. A field holding a function
; (`handleClick = () => {…}`) is a method instead; decorators are the field's children.
(field_definition property: (_) @member.field !value)
(field_definition
  property: (_) @member.field
  value: [(number) (string) (template_string) (regex) (true) (false) (null)
          (undefined) (object) (array) (identifier) (member_expression)
          (subscript_expression) (call_expression) (new_expression)
          (binary_expression) (unary_expression) (ternary_expression)
          (parenthesized_expression) (await_expression) (this) (class)
          (jsx_element) (jsx_self_closing_element)])
(class_body
  (field_definition
    property: (_) @name
    value: [(arrow_function) (function_expression)] @definition.function))
(class_body
  (field_definition
    property: (_) @name
    value: [(arrow_function) (function_expression)]) @definition.function)
