; Definitions: what becomes a node of the pyramid.
; Functions; one without a body is implemented in assembly.
(function_declaration
  name: (identifier) @name) @definition.function
(function_declaration
  body: (block) @body) @definition.function

; Methods are filed under their receiver's type, which may be declared in another
; file of the package: the type's own name, behind a pointer or type arguments
; (`func (c *Cache[K, V]) Get`).
(method_declaration
  name: (field_identifier) @name) @definition.function
(method_declaration
  receiver: (parameter_list
    (parameter_declaration
      type: [(type_identifier) @method.owner
             (pointer_type (type_identifier) @method.owner)
             (generic_type type: (type_identifier) @method.owner)
             (pointer_type (generic_type type: (type_identifier) @method.owner))
             (parenthesized_type (type_identifier) @method.owner)
             (parenthesized_type (pointer_type (type_identifier) @method.owner))]))) @definition.function
(method_declaration
  body: (block) @body) @definition.function
; The receiver's name (`b` of `func (b *Bucket) take()`): `b.refill()` in the method
; is a call of its own type's method, as `self.refill()` is.
(method_declaration
  receiver: (parameter_list
    (parameter_declaration name: (identifier) @method.receiver))) @definition.function

; A named interface's methods are its methods, as a trait's signatures are: they have
; no body, and their docs sit above them inside the interface. (An interface written
; in a signature, `func f(c interface{ Close() error })`, has no methods of its own.)
(type_spec
  type: (interface_type
    (method_elem name: (field_identifier) @name) @definition.function))

; Parameter names and result types, from the tree (one match per name: `a, b int`
; has two). The receiver is not a parameter; unnamed parameters (`func(int)`) have
; no name to show.
[(function_declaration
   parameters: (parameter_list
     [(parameter_declaration name: (identifier) @parameter)
      (variadic_parameter_declaration name: (identifier) @parameter)]))
 (method_declaration
   parameters: (parameter_list
     [(parameter_declaration name: (identifier) @parameter)
      (variadic_parameter_declaration name: (identifier) @parameter)]))
 (method_elem
   parameters: (parameter_list
     [(parameter_declaration name: (identifier) @parameter)
      (variadic_parameter_declaration name: (identifier) @parameter)]))] @definition.function
[(function_declaration result: (_) @return)
 (method_declaration result: (_) @return)
 (method_elem result: (_) @return)] @definition.function

; Types, by what they are. A struct's body is its field list; an interface has no
; body node, so its signature ends at its brace.
(type_spec
  name: (type_identifier) @name
  type: (struct_type (field_declaration_list) @body)) @definition.struct
(type_spec
  name: (type_identifier) @name
  type: (interface_type "{" @body)) @definition.interface
(type_spec
  name: (type_identifier) @name
  type: [(type_identifier) (qualified_type) (generic_type) (pointer_type)
         (function_type) (map_type) (slice_type) (array_type) (channel_type)
         (parenthesized_type) (negated_type)]) @definition.type
(type_alias name: (type_identifier) @name) @definition.type

; `type T struct{…}` alone in its declaration: the definition starts at `type`. It
; shares its @name with the spec above, so the two merge into one node with this
; span. A spec of a `type ( … )` group is the spec alone.
(type_declaration
  . (type_spec name: (type_identifier) @name type: (struct_type)) .) @definition.struct
(type_declaration
  . (type_spec name: (type_identifier) @name type: (interface_type)) .) @definition.interface
(type_declaration
  . (type_spec
      name: (type_identifier) @name
      type: [(type_identifier) (qualified_type) (generic_type) (pointer_type)
             (function_type) (map_type) (slice_type) (array_type) (channel_type)
             (parenthesized_type) (negated_type)]) .) @definition.type
(type_declaration
  . (type_alias name: (type_identifier) @name) .) @definition.type

; Package-level constants, one node per spec of a `const ( … )` block (`iota` blocks
; list one name a line); a declaration of one spec starts at `const`. A spec of one
; name is followed by its type, its value or nothing. The blank identifier
; (`var _ io.Writer = (*T)(nil)`, a compile-time check) names nothing.
(source_file
  (const_declaration
    [(const_spec . name: (identifier) @name . type: (_))
     (const_spec . name: (identifier) @name . value: (_))
     (const_spec . name: (identifier) @name .)] @definition.const)
  (#not-eq? @name "_"))
(source_file
  (const_declaration
    . [(const_spec . name: (identifier) @name . type: (_))
       (const_spec . name: (identifier) @name . value: (_))
       (const_spec . name: (identifier) @name .)] .) @definition.const
  (#not-eq? @name "_"))

; Package-level variables, the same way: `var x = 1` is one spec in its declaration,
; `var ( … )` a list of specs.
(source_file
  (var_declaration
    [(var_spec . name: (identifier) @name . type: (_))
     (var_spec . name: (identifier) @name . value: (_))
     (var_spec . name: (identifier) @name .)]) @definition.static
  (#not-eq? @name "_"))
(source_file
  (var_declaration
    (var_spec_list
      [(var_spec . name: (identifier) @name . type: (_))
       (var_spec . name: (identifier) @name . value: (_))
       (var_spec . name: (identifier) @name .)] @definition.static))
  (#not-eq? @name "_"))

; A spec of several names (`const KB, MB = 1 << 10, 1 << 20`): each name is a node of
; its own, spanning only the name, so that every name is found and none nests in
; another. (No `name:` field here: in a const spec the commas carry that field too,
; and `name: (identifier) . name: (identifier)` then fails to match.)
(source_file
  (const_declaration
    (const_spec (identifier) @name @definition.const . (identifier)))
  (#not-eq? @name "_"))
(source_file
  (const_declaration
    (const_spec (identifier) . (identifier) @name @definition.const))
  (#not-eq? @name "_"))
(source_file
  [(var_declaration
     (var_spec (identifier) @name @definition.static . (identifier)))
   (var_declaration
     (var_spec_list
       (var_spec (identifier) @name @definition.static . (identifier))))]
  (#not-eq? @name "_"))
(source_file
  [(var_declaration
     (var_spec (identifier) . (identifier) @name @definition.static))
   (var_declaration
     (var_spec_list
       (var_spec (identifier) . (identifier) @name @definition.static)))]
  (#not-eq? @name "_"))

; Members: struct fields, listed in the struct's summary. An embedded type (`Base`,
; `*sync.Mutex`) is a field named after its type.
(field_declaration name: (field_identifier) @member.field)
(field_declaration
  !name
  type: [(type_identifier) @member.field
         (qualified_type name: (type_identifier) @member.field)
         (generic_type type: (type_identifier) @member.field)
         (pointer_type (type_identifier) @member.field)
         (pointer_type (qualified_type name: (type_identifier) @member.field))])
