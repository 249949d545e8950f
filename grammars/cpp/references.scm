; inherits: c
; C++'s own uses of names; C's (plain and field calls, macros, type names, field
; access, upper-case values) come first.

; Calls of qualified names, with their qualifier (`geo::area(s)`, `Widget::make()`,
; `std::sort(…)`). With template arguments (`std::make_unique<Widget>(…)`,
; `max<int>(a, b)`, `obj.get<int>()`) the name alone: a name ending in `>` says nothing
; the reference graph can use. The casts are operators.
(call_expression function: (qualified_identifier name: [(identifier) (qualified_identifier)]) @reference.call)
((call_expression
   function: [(template_function name: (identifier) @reference.call)
              (qualified_identifier name: (template_function name: (identifier) @reference.call))
              (qualified_identifier
                name: (qualified_identifier name: (template_function name: (identifier) @reference.call)))])
 (#not-match? @reference.call "^(static_cast|dynamic_cast|const_cast|reinterpret_cast)$"))
(call_expression
  function: (field_expression field: (template_method name: (field_identifier) @reference.call)))

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
