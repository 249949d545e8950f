; inherits: ecma
; Parameter names, one match per parameter: patterns keep their text (`{ a, b }`,
; `...rest`), accessibility and `?` are left out (`private q?: T` is `q`); a `this: T`
; annotation is no parameter. Any node with parameters is taken for a function: only
; functions, methods and signatures have a name to merge with (a function type's are
; dropped).
(_
  parameters: (formal_parameters
    [(required_parameter
       pattern: [(identifier) (object_pattern) (array_pattern) (rest_pattern)] @parameter)
     (optional_parameter
       pattern: [(identifier) (object_pattern) (array_pattern) (rest_pattern)] @parameter)])) @definition.function
; The declared return type, without its `:` (`Promise<void>`, `asserts x is T`, `x is T`).
(_
  return_type: [(type_annotation (_) @return)
                (asserts_annotation (_) @return)
                (type_predicate_annotation (_) @return)]) @definition.function

; Declarations without a body: overloads and `declare function`, each a node of its own
; (pyramid numbers same-named ones `f#2`); abstract methods and the methods of a
; `declare class` or of an interface, whose gist lists their parameters.
(function_signature name: (identifier) @name) @definition.function
[(class_body
   [(abstract_method_signature
      name: [(property_identifier) (private_property_identifier) (computed_property_name)
             (number)] @name)
    (abstract_method_signature name: (string (string_fragment) @name))
    (method_signature
      name: [(property_identifier) (private_property_identifier) (computed_property_name)
             (number)] @name)
    (method_signature name: (string (string_fragment) @name))] @definition.function)
 (interface_body
   [(method_signature
      name: [(property_identifier) (private_property_identifier) (computed_property_name)
             (number)] @name)
    (method_signature name: (string (string_fragment) @name))] @definition.function)]

; Types: abstract classes, interfaces, aliases, enums (a `type` has no body: its
; signature is the whole alias).
(abstract_class_declaration
  name: (type_identifier) @name
  body: (class_body) @body) @definition.class
(interface_declaration
  name: (type_identifier) @name
  body: (interface_body) @body) @definition.interface
(type_alias_declaration name: (type_identifier) @name) @definition.type
(enum_declaration
  name: (identifier) @name
  body: (enum_body) @body) @definition.enum

; Namespaces (`namespace A.B {}`, `module M {}`) and ambient modules (`declare module
; "pkg" {}`, named without quotes).
([(internal_module
   name: [(identifier) (nested_identifier)] @name
   body: (statement_block) @body)
  (module
   name: [(identifier) (nested_identifier)] @name
   body: (statement_block) @body)
  (internal_module
   name: (string (string_fragment) @name)
   body: (statement_block) @body)
  (module
   name: (string (string_fragment) @name)
   body: (statement_block) @body)]) @definition.module

; `export`, `declare` and `export declare` wrap these: one node from the first token.
[(export_statement declaration: (function_signature name: (identifier) @name))
 (ambient_declaration (function_signature name: (identifier) @name))
 (export_statement
   declaration: (ambient_declaration (function_signature name: (identifier) @name)))] @definition.function
[(export_statement declaration: (abstract_class_declaration name: (_) @name))
 (ambient_declaration
   [(class_declaration name: (_) @name) (abstract_class_declaration name: (_) @name)])
 (export_statement
   declaration: (ambient_declaration
     [(class_declaration name: (_) @name) (abstract_class_declaration name: (_) @name)]))] @definition.class
[(export_statement declaration: (interface_declaration name: (_) @name))
 (ambient_declaration (interface_declaration name: (_) @name))
 (export_statement
   declaration: (ambient_declaration (interface_declaration name: (_) @name)))] @definition.interface
[(export_statement declaration: (type_alias_declaration name: (_) @name))
 (ambient_declaration (type_alias_declaration name: (_) @name))
 (export_statement
   declaration: (ambient_declaration (type_alias_declaration name: (_) @name)))] @definition.type
[(export_statement declaration: (enum_declaration name: (_) @name))
 (ambient_declaration (enum_declaration name: (_) @name))
 (export_statement
   declaration: (ambient_declaration (enum_declaration name: (_) @name)))] @definition.enum
[(export_statement
   declaration: [(internal_module name: [(identifier) (nested_identifier)] @name)
                 (internal_module name: (string (string_fragment) @name))])
 (ambient_declaration
   [(internal_module name: [(identifier) (nested_identifier)] @name)
    (internal_module name: (string (string_fragment) @name))
    (module name: [(identifier) (nested_identifier)] @name)
    (module name: (string (string_fragment) @name))])
 (export_statement
   declaration: (ambient_declaration
     [(internal_module name: [(identifier) (nested_identifier)] @name)
      (internal_module name: (string (string_fragment) @name))
      (module name: [(identifier) (nested_identifier)] @name)
      (module name: (string (string_fragment) @name))]))] @definition.module

; Members: class fields (a field holding a function is a method instead), interface
; properties and the properties of an object type alias, listed in their type's
; summary; enum members are variants.
(public_field_definition name: (_) @member.field !value)
(public_field_definition
  name: (_) @member.field
  value: [(number) (string) (template_string) (regex) (true) (false) (null)
          (undefined) (object) (array) (identifier) (member_expression)
          (subscript_expression) (call_expression) (new_expression)
          (binary_expression) (unary_expression) (ternary_expression)
          (parenthesized_expression) (await_expression) (this) (class)
          (as_expression) (satisfies_expression) (non_null_expression)])
(class_body
  (public_field_definition
    name: (_) @name
    value: [(arrow_function) (function_expression)] @definition.function))
(class_body
  (public_field_definition
    name: (_) @name
    value: [(arrow_function) (function_expression)]) @definition.function)
(interface_body (property_signature name: (_) @member.field))
(type_alias_declaration
  value: (object_type (property_signature name: (_) @member.field)))
(enum_body name: (_) @member.variant)
(enum_body (enum_assignment name: (_) @member.variant))

; Constants whose value is TypeScript's own (`{…} as const`, `x satisfies T`, `y!`):
; upper-case at module level, any name exported (as in ecma/definitions.scm).
(program
  [(lexical_declaration
     (variable_declarator
       name: (identifier) @name
       value: [(as_expression) (satisfies_expression) (non_null_expression)]) @definition.const)
   (variable_declaration
     (variable_declarator
       name: (identifier) @name
       value: [(as_expression) (satisfies_expression) (non_null_expression)]) @definition.const)]
  (#match? @name "^_*[A-Z][A-Z0-9_]*$"))
(program
  [(lexical_declaration
     .
     (variable_declarator
       name: (identifier) @name
       value: [(as_expression) (satisfies_expression) (non_null_expression)])
     .)
   (variable_declaration
     .
     (variable_declarator
       name: (identifier) @name
       value: [(as_expression) (satisfies_expression) (non_null_expression)])
     .)] @definition.const
  (#match? @name "^_*[A-Z][A-Z0-9_]*$"))
(export_statement
  declaration: [(lexical_declaration
                  (variable_declarator
                    name: (identifier) @name
                    value: [(as_expression) (satisfies_expression)
                            (non_null_expression)]) @definition.const)
                (variable_declaration
                  (variable_declarator
                    name: (identifier) @name
                    value: [(as_expression) (satisfies_expression)
                            (non_null_expression)]) @definition.const)])
(export_statement
  declaration: [(lexical_declaration
                  .
                  (variable_declarator
                    name: (identifier) @name
                    value: [(as_expression) (satisfies_expression) (non_null_expression)])
                  .)
                (variable_declaration
                  .
                  (variable_declarator
                    name: (identifier) @name
                    value: [(as_expression) (satisfies_expression) (non_null_expression)])
                  .)]) @definition.const
; `declare const VERSION: string` (upper-case), `export declare const x: T` (any name).
((ambient_declaration
   [(lexical_declaration . (variable_declarator name: (identifier) @name) .)
    (variable_declaration . (variable_declarator name: (identifier) @name) .)]) @definition.const
  (#match? @name "^_*[A-Z][A-Z0-9_]*$"))
(export_statement
  declaration: (ambient_declaration
    [(lexical_declaration . (variable_declarator name: (identifier) @name) .)
     (variable_declaration . (variable_declarator name: (identifier) @name) .)])) @definition.const
