; Uses of names. When two patterns capture one node, the match completed first wins:
; of patterns completing at that node, the one earlier in this file. So the specific
; patterns (a constructor call, a method reference) come before the catch-alls (types,
; field access), and none of them waits for a token after the captured name (`::new`
; is matched with an anchor instead: `"new"` would complete after the catch-all).

; Method calls, with their receiver (`repo.save`, `this.save`): pyramid reads a
; captured call up to its arguments.
(method_invocation) @reference.call

; `new Item(…)`, `new Outer.Inner(…)`, `new ArrayList<>()`: a call of the class's
; constructor (an anonymous class's body is code of the enclosing item).
(object_creation_expression
  type: [(type_identifier) (scoped_type_identifier)] @reference.call)
(object_creation_expression
  type: (generic_type [(type_identifier) (scoped_type_identifier)] @reference.call))
; Method references, with their receiver (`Item::name`, `this::save`,
; `Outer.Inner::of`); `Item::new` and `Outer.Inner::new` call the constructor (`new`
; is no named node: the type is the reference's only named child; the rare
; `ArrayList<T>::new` counts as a use of the type).
(method_reference (_) (identifier)) @reference.call
(method_reference . [(identifier) (field_access)] @reference.call .)

; Annotations use their type: `@Override`, `@Test`, `@Nullable`.
(marker_annotation name: (_) @reference.type)
(annotation name: (_) @reference.type)

; Type uses: declarations, generics, `extends`, `implements`, `throws`, casts, `catch`,
; `instanceof`, class literals. A qualified type counts whole (`Map.Entry`) and so
; does each prefix naming a type (`Map`); package segments and `var` are lower case
; and name no type.
((scoped_type_identifier) @reference.type
  (#match? @reference.type "(^|\\.)\\s*[A-Z][A-Za-z0-9_$]*$"))
((type_identifier) @reference.type
  (#match? @reference.type "^[A-Z]"))
; A capitalized receiver is a class (`Math.max(…)`, `Color.RED`, `Item::of`): a
; static member's use is its class's use too.
([(method_invocation object: (identifier) @reference.type)
  (field_access object: (identifier) @reference.type)
  (method_reference . (identifier) @reference.type (identifier))]
 (#match? @reference.type "^[A-Z]")
 (#not-match? @reference.type "^_*[A-Z][A-Z0-9_]*$"))

; Field access, with its receiver (`this.items`, `Color.RED`, `System.out`); a call's
; receiver is one (`System.out` of `System.out.println(…)`).
(field_access) @reference.field

; Constants read as values: upper-case names, as constants are named (a constant of
; this class, a static import, an enum constant in a `case`). Only where a value is
; read: the names of declarations and of imports are no uses.
([(argument_list (identifier) @reference.value)
  (binary_expression left: (identifier) @reference.value)
  (binary_expression right: (identifier) @reference.value)
  (unary_expression operand: (identifier) @reference.value)
  (parenthesized_expression (identifier) @reference.value)
  (assignment_expression right: (identifier) @reference.value)
  (variable_declarator value: (identifier) @reference.value)
  (return_statement (identifier) @reference.value)
  (ternary_expression [condition: (identifier) consequence: (identifier)
                       alternative: (identifier)] @reference.value)
  (array_access [array: (identifier) index: (identifier)] @reference.value)
  (array_initializer (identifier) @reference.value)
  (dimensions_expr (identifier) @reference.value)
  (switch_label (identifier) @reference.value)
  (cast_expression value: (identifier) @reference.value)
  (instanceof_expression left: (identifier) @reference.value)
  (enhanced_for_statement value: (identifier) @reference.value)
  (lambda_expression body: (identifier) @reference.value)
  (method_invocation object: (identifier) @reference.value)
  (field_access object: (identifier) @reference.value)
  (element_value_pair value: (identifier) @reference.value)
  (annotation_argument_list (identifier) @reference.value)
  (element_value_array_initializer (identifier) @reference.value)
  (assert_statement (identifier) @reference.value)
  (throw_statement (identifier) @reference.value)]
 (#match? @reference.value "^_*[A-Z][A-Z0-9_]*$"))
