; inherits: c
; C++'s own uses of names; C's (plain and field calls, macros, type names, field
; access, upper-case values) come first.

; Calls of qualified names, with their qualifier (`geo::area(s)`, `Widget::make()`,
; `std::sort(…)`). With template arguments (`std::make_unique<Widget>(…)`,
; `max<int>(a, b)`, `obj.get<int>()`) the name alone: a name ending in `>` says nothing
; the reference graph can use. The casts are operators. (As in the definitions, a
; wildcard is what its place allows, and cheaper to compile than a kind: `(_ "::"
; name: …)` a `qualified_identifier`, `(_ field: …)` a `field_expression`. A pattern
; ends at the name it captures: a match completes at its last node, and of two
; captures of one name the earlier match's kind counts. One pattern for all the calls,
; as a pattern's root costs compile time: the casts' names are no qualified name's.)
((call_expression
   function: [(_ "::" name: [(identifier) (qualified_identifier)]) @reference.call
              (template_function name: (identifier) @reference.call)
              (_ "::" name: (template_function name: (identifier) @reference.call))
              (_ "::" name: (_ "::" name: (template_function name: (identifier) @reference.call)))
              (_ field: (template_method name: (field_identifier) @reference.call))])
 (#not-match? @reference.call "^(static_cast|dynamic_cast|const_cast|reinterpret_cast)$"))

; `new Widget(…)` calls the class's constructor, as a call of the class.
(new_expression type: [(type_identifier) (qualified_identifier)] @reference.call)
(new_expression type: (template_type name: (type_identifier) @reference.call))

; Qualified types, kept whole (`geo::Shape`, `std::string`): in a declaration, a
; parameter, a template argument, a base class. (`std::vector<int>` ends in `>`: its
; `vector` counts as a plain type name.)
(_ type: (qualified_identifier) @reference.type)
(base_class_clause (qualified_identifier) @reference.type)

; Upper-case names read as values where C++ reads them (`v[SIZE]`, `if (DEBUG)`,
; `std::array<int, SIZE>`).
([(subscript_argument_list (identifier) @reference.value)
  (condition_clause value: (identifier) @reference.value)
  (template_argument_list (identifier) @reference.value)]
 (#match? @reference.value "^_*[A-Z][A-Z0-9_]*$"))
