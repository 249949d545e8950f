; Definitions: what becomes a node of the pyramid. Annotations are children of an
; item's `modifiers`, so an item's span starts at its first annotation already.

; Types, by what they are; the signature is everything before the body's brace
; (annotations, modifiers, type parameters, `extends`, `implements`, `permits`).
(class_declaration
  name: (identifier) @name
  body: (class_body) @body) @definition.class
(interface_declaration
  name: (identifier) @name
  body: (interface_body) @body) @definition.interface
(enum_declaration
  name: (identifier) @name
  body: (enum_body) @body) @definition.enum
; A record is a data carrier: its components are its fields, listed in its header,
; and it gets accessors, `equals` and `hashCode` from them. A struct, as in Rust or
; Go, more than a class: the header is the point.
(record_declaration
  name: (identifier) @name
  body: (class_body) @body) @definition.struct
; `@interface Audited {…}` declares an annotation type: an interface whose elements
; are methods (`String value() default ""`).
(annotation_type_declaration
  name: (identifier) @name
  body: (annotation_type_body) @body) @definition.interface

; `module-info.java`: the module's declaration (`module com.example.app {…}`).
(module_declaration
  name: (_) @name
  body: (module_body) @body) @definition.module

; Methods and constructors of named types: a class's, a record's, an enum's (after its
; constants), an interface's (abstract, `default` and `static` ones) and an annotation
; type's elements. Methods of an anonymous class (`new Runnable() { public void run()
; … }`, an enum constant's body) are part of the code that creates it, as a lambda is:
; no node, their references are the enclosing item's. (A local class declared in a
; method body is named: its methods are nodes under it.)
[(class_declaration
   body: (class_body
     [(method_declaration name: (identifier) @name)
      (constructor_declaration name: (identifier) @name)] @definition.function))
 (record_declaration
   body: (class_body
     [(method_declaration name: (identifier) @name)
      (constructor_declaration name: (identifier) @name)
      (compact_constructor_declaration name: (identifier) @name)] @definition.function))
 (enum_body_declarations
   [(method_declaration name: (identifier) @name)
    (constructor_declaration name: (identifier) @name)] @definition.function)
 (interface_body
   (method_declaration name: (identifier) @name) @definition.function)
 (annotation_type_body
   (annotation_type_element_declaration name: (identifier) @name) @definition.function)]

; Bodies: an abstract or interface method has none (its signature is the whole
; declaration). Patterns without a @name give what they capture to the named node of
; the same syntax node, and to nothing for an anonymous class's methods.
[(method_declaration body: (block) @body)
 (constructor_declaration body: (constructor_body) @body)
 (compact_constructor_declaration body: (block) @body)] @definition.function

; Parameter names, one match per parameter (`String... names` is `names`); the
; receiver parameter (`Foo this`) is none. The declared return type, generics and
; arrays kept (`List<Item>`, `int[]`); `void` says nothing and a constructor has none.
[(method_declaration
   parameters: (formal_parameters
     [(formal_parameter name: (_) @parameter)
      (spread_parameter (variable_declarator name: (_) @parameter))]))
 (constructor_declaration
   parameters: (formal_parameters
     [(formal_parameter name: (_) @parameter)
      (spread_parameter (variable_declarator name: (_) @parameter))]))] @definition.function
([(method_declaration type: (_) @return)
  (annotation_type_element_declaration type: (_) @return)] @definition.function
 (#not-eq? @return "void"))

; Constants: `static final` fields named in upper case (`MAX_ITEMS`, `DEFAULT_LIMIT`),
; the convention for constants, and upper-case fields of an interface or an annotation
; type, which are static and final whatever their modifiers say. A constant is a node
; (with the Javadoc above it); a declaration of several (`static final int A = 1, B =
; 2;`) makes one node per name, spanning `A = 1`, and one of a single name spans the
; whole declaration (the two share their @name, so they merge).
([(class_declaration
   body: (class_body
     (field_declaration
       [(modifiers "static" "final") (modifiers "final" "static")]
       declarator: (variable_declarator name: (identifier) @name) @definition.const)))
 (record_declaration
   body: (class_body
     (field_declaration
       [(modifiers "static" "final") (modifiers "final" "static")]
       declarator: (variable_declarator name: (identifier) @name) @definition.const)))
 (enum_body_declarations
   (field_declaration
     [(modifiers "static" "final") (modifiers "final" "static")]
     declarator: (variable_declarator name: (identifier) @name) @definition.const))
 (interface_body
   (constant_declaration
     declarator: (variable_declarator name: (identifier) @name) @definition.const))
 (annotation_type_body
   (constant_declaration
     declarator: (variable_declarator name: (identifier) @name) @definition.const))]
 (#match? @name "^_*[A-Z][A-Z0-9_]*$"))
([(class_declaration
    body: (class_body
      (field_declaration
        [(modifiers "static" "final") (modifiers "final" "static")]
        type: (_)
        .
        declarator: (variable_declarator name: (identifier) @name)
        .) @definition.const))
  (record_declaration
    body: (class_body
      (field_declaration
        [(modifiers "static" "final") (modifiers "final" "static")]
        type: (_)
        .
        declarator: (variable_declarator name: (identifier) @name)
        .) @definition.const))
  (enum_body_declarations
    (field_declaration
      [(modifiers "static" "final") (modifiers "final" "static")]
      type: (_)
      .
      declarator: (variable_declarator name: (identifier) @name)
      .) @definition.const)
  (interface_body
    (constant_declaration
      type: (_)
      .
      declarator: (variable_declarator name: (identifier) @name)
      .) @definition.const)
  (annotation_type_body
    (constant_declaration
      type: (_)
      .
      declarator: (variable_declarator name: (identifier) @name)
      .) @definition.const)]
 (#match? @name "^_*[A-Z][A-Z0-9_]*$"))

; A constant holding an anonymous class or a lambda with a block (`static final
; TypeAdapter<URL> URL = new TypeAdapter<>() {…}`): its signature stops at the body.
; (Other declarators with such values have no name here: they make no node.)
(variable_declarator
  value: [(object_creation_expression (class_body) @body)
          (lambda_expression body: (block) @body)]) @definition.const

; Members: the other fields of named types (instance fields, `static` state, a
; `static final Logger log`), one per declared name, and a record's components;
; listed in their type's summary. An upper-case name is a member unless the field is
; `static` and `final` (above); the test reads the modifiers' text, as a query cannot
; say "without `static`".
([(class_declaration
    body: (class_body
      (field_declaration
        declarator: (variable_declarator name: (identifier) @member.field))))
  (record_declaration
    body: (class_body
      (field_declaration
        declarator: (variable_declarator name: (identifier) @member.field))))
  (enum_body_declarations
    (field_declaration
      declarator: (variable_declarator name: (identifier) @member.field)))
  (interface_body
    (constant_declaration
      declarator: (variable_declarator name: (identifier) @member.field)))
  (annotation_type_body
    (constant_declaration
      declarator: (variable_declarator name: (identifier) @member.field)))]
 (#not-match? @member.field "^_*[A-Z][A-Z0-9_]*$"))
([(class_declaration
    body: (class_body
      (field_declaration
        (modifiers) @_modifiers
        declarator: (variable_declarator name: (identifier) @member.field))))
  (record_declaration
    body: (class_body
      (field_declaration
        (modifiers) @_modifiers
        declarator: (variable_declarator name: (identifier) @member.field))))
  (enum_body_declarations
    (field_declaration
      (modifiers) @_modifiers
      declarator: (variable_declarator name: (identifier) @member.field)))]
 (#match? @member.field "^_*[A-Z][A-Z0-9_]*$")
 (#not-match? @_modifiers "(?s)\\bstatic\\b.*\\bfinal\\b|\\bfinal\\b.*\\bstatic\\b"))
([(class_declaration
    body: (class_body
      (field_declaration
        .
        type: (_)
        declarator: (variable_declarator name: (identifier) @member.field))))
  (record_declaration
    body: (class_body
      (field_declaration
        .
        type: (_)
        declarator: (variable_declarator name: (identifier) @member.field))))
  (enum_body_declarations
    (field_declaration
      .
      type: (_)
      declarator: (variable_declarator name: (identifier) @member.field)))]
 (#match? @member.field "^_*[A-Z][A-Z0-9_]*$"))
(record_declaration
  parameters: (formal_parameters
    [(formal_parameter name: (_) @member.field)
     (spread_parameter (variable_declarator name: (_) @member.field))]))
; Enum constants are variants (their arguments and bodies are code of the enum).
(enum_body (enum_constant name: (identifier) @member.variant))
