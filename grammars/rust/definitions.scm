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

(function_item
  name: (identifier) @name
  body: (block) @body) @definition.function
(function_signature_item name: (identifier) @name) @definition.function

(const_item name: (identifier) @name) @definition.const
(static_item name: (identifier) @name) @definition.static
(type_item name: (type_identifier) @name) @definition.type
(associated_type name: (type_identifier) @name) @definition.type
(macro_definition name: (identifier) @name) @definition.macro

; Members: counted and listed in their type's summary, not nodes of their own.
(field_declaration name: (field_identifier) @member.field)
(enum_variant name: (identifier) @member.variant)
