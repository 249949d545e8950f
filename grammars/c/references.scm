; Uses of names. C++ inherits this file. A pattern rooted at a parent (a call) matches
; before the catch-alls rooted at the name itself (type names, field access, upper-case
; names) whatever the file order, so a name keeps its most specific kind.

; Calls. An upper-case name called is a function-like macro (`MIN(a, b)`,
; `ARRAY_SIZE(x)`); any other name is a function (or a lower-case macro, which reads
; the same). A call through a field (`r->ops->push(x)`, `ops.free(p)`) keeps its
; receiver. (Both in one pattern: a pattern's root costs compile time.)
((call_expression function: (identifier) @reference.macro)
  (#match? @reference.macro "^_*[A-Z][A-Z0-9_]*$"))
(call_expression function: [(identifier) (field_expression)] @reference.call)

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
  (unary_expression (identifier) @reference.value)
  (pointer_expression (identifier) @reference.value)
  (update_expression (identifier) @reference.value)
  (parenthesized_expression (identifier) @reference.value)
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
  (preproc_if condition: (_) @reference.value)
  (preproc_elif condition: (_) @reference.value)]
 (#match? @reference.value "^_*[A-Z][A-Z0-9_]*$"))
; The operands of a binary or conditional expression. An operand, and a `#if`'s
; condition above, is `(_)`: cheaper to compile than `(identifier)` (see
; definitions.scm), and the same, as a node there whose text is an upper-case name is
; an identifier, but for C's keywords `NULL`, `TRUE` and `FALSE` among operands.
([(binary_expression (_) @reference.value)
  (conditional_expression (_) @reference.value)]
 (#match? @reference.value "^_*[A-Z][A-Z0-9_]*$")
 (#not-match? @reference.value "^(NULL|TRUE|FALSE)$"))
