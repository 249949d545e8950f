; inherits: ecma
; Type uses: annotations, type arguments, `implements` and an interface's `extends`; a
; qualified `ns.Type` counts once, whole.
(nested_type_identifier) @reference.type
(type_identifier) @reference.type

; A base class is a type use: `class A extends Base`, `extends ns.Base<T>`.
(extends_clause value: [(identifier) (member_expression)] @reference.type)
