; Uses of names. C++ inherits this file. A pattern rooted at a parent (a call) matches
; before the catch-alls rooted at the name itself (type names, field access, upper-case
; names) whatever the file order, so a name keeps its most specific kind.

; Calls. An upper-case name called is a function-like macro (`MIN(a, b)`,
; `ARRAY_SIZE(x)`); any other name is a function (or a lower-case macro, which reads
; the same). A call through a field (`r->ops->push(x)`, `ops.free(p)`) keeps its
; receiver.
((call_expression function: (identifier) @reference.macro)
  (#match? @reference.macro "^_*[A-Z][A-Z0-9_]*$"))
(call_expression function: (identifier) @reference.call)
(call_expression function: (field_expression) @reference.call)

; Type uses: declarations, casts, `sizeof`, `struct ring *` (a struct's tag is its
; name: a `typedef struct ring {…} ring_t` defines `ring_t`, so `struct ring` finds
; only a struct declared without a typedef).
(type_identifier) @reference.type

; Field access not in call position, with its receiver (`r->head`, `cfg.size`).
(field_expression) @reference.field

; Names read as values: upper-case names are macros (`RING_MAX`), enumerators and
; constants, as locals are lower case. Only where a value is read (an argument, an
; operand, an initializer, an array size, a `case`, `#if FOO > 2`): an enumerator's or
; a macro parameter's own name, or an include guard, is no use.
([(argument_list (identifier) @reference.value)
  (binary_expression (identifier) @reference.value)
  (unary_expression (identifier) @reference.value)
  (pointer_expression (identifier) @reference.value)
  (update_expression (identifier) @reference.value)
  (parenthesized_expression (identifier) @reference.value)
  (conditional_expression (identifier) @reference.value)
  (comma_expression (identifier) @reference.value)
  (assignment_expression (identifier) @reference.value)
  (subscript_expression (identifier) @reference.value)
  (cast_expression value: (identifier) @reference.value)
  (sizeof_expression value: (identifier) @reference.value)
  (return_statement (identifier) @reference.value)
  (case_statement value: (identifier) @reference.value)
  (init_declarator value: (identifier) @reference.value)
  (initializer_list (identifier) @reference.value)
  (initializer_pair value: (identifier) @reference.value)
  (enumerator value: (identifier) @reference.value)
  (array_declarator size: (identifier) @reference.value)
  (bitfield_clause (identifier) @reference.value)
  (preproc_if condition: (identifier) @reference.value)
  (preproc_elif condition: (identifier) @reference.value)]
 (#match? @reference.value "^_*[A-Z][A-Z0-9_]*$"))
