; Definitions: what becomes a node of the pyramid.
; Inline modules (a `mod foo;` declaration has no body and is the file foo.rs).
(mod_item
  name: (identifier) @name
  body: (declaration_list) @body) @definition.module

(struct_item name: (type_identifier) @name) @definition.struct
(enum_item name: (type_identifier) @name) @definition.enum
(union_item name: (type_identifier) @name) @definition.union

(trait_item
  name: (type_identifier) @name
  body: (declaration_list) @body) @definition.trait

; Impl blocks: methods are filed under the implemented type; trait impls
; become `Type::Trait` nodes.
(impl_item
  type: (_) @impl.type
  body: (declaration_list) @body) @definition.impl
(impl_item
  trait: (_) @impl.trait) @definition.impl
; An impl's own type parameters: `impl<T> Foo for &mut T` implements `Foo` for every
; type, not for a type named `T`, so it stays a node of its own.
(impl_item
  type_parameters: (type_parameters
    (type_parameter name: (_) @impl.generic))) @definition.impl

(function_item
  name: (identifier) @name
  body: (block) @body) @definition.function
(function_signature_item name: (identifier) @name) @definition.function

; Parameter names and return types, from the tree (one match per parameter): the
; receiver is `self`, a pattern keeps its text (`(a, b)`), C variadics are `...`.
[(function_item
   parameters: (parameters (parameter pattern: _ @parameter)))
 (function_signature_item
   parameters: (parameters (parameter pattern: _ @parameter)))] @definition.function
[(function_item
   parameters: (parameters (self_parameter (self) @parameter)))
 (function_signature_item
   parameters: (parameters (self_parameter (self) @parameter)))] @definition.function
[(function_item
   parameters: (parameters (variadic_parameter) @parameter))
 (function_signature_item
   parameters: (parameters (variadic_parameter) @parameter))] @definition.function
[(function_item return_type: _ @return)
 (function_signature_item return_type: _ @return)] @definition.function

(const_item name: (identifier) @name) @definition.const
(static_item name: (identifier) @name) @definition.static
(type_item name: (type_identifier) @name) @definition.type
(associated_type name: (type_identifier) @name) @definition.type
(macro_definition name: (identifier) @name) @definition.macro

; Members: counted and listed in their type's summary, not nodes of their own.
(field_declaration name: (field_identifier) @member.field)
(enum_variant name: (identifier) @member.variant)
