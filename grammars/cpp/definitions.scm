; inherits: c
; C++'s own definitions; C's (structs, unions, enums, typedefs, macros, functions of a
; plain name, prototypes, file-level variables, fields, enumerators) come first.

; Namespaces (`namespace geo {}`, `namespace geo::detail {}`, named as written). An
; anonymous namespace is none: its items are the file's.
(namespace_definition
  name: (_) @name
  body: (declaration_list) @body) @definition.module

; Classes, wherever they stand (nested in a class as a field's type, in a namespace), and
; the structs and unions of a template (C's patterns name those elsewhere). A template
; and the type inside share the @name, so the node starts at `template <…>`. A
; specialization (`template <> struct formatter<point> {…}`) is named by its template
; (`formatter`; a second one is `formatter#2`): its arguments may run over lines. A
; nested class defined outside its class (`class Version::Iter : public Iterator {…}`)
; is named by its own name.
(class_specifier
  name: [(type_identifier) @name
         (template_type name: (type_identifier) @name)
         (qualified_identifier name: (type_identifier) @name)]
  body: (field_declaration_list) @body) @definition.class
(template_declaration
  (class_specifier
    name: [(type_identifier) @name (template_type name: (type_identifier) @name)]
    body: (field_declaration_list))) @definition.class
(template_declaration
  (struct_specifier
    name: [(type_identifier) @name (template_type name: (type_identifier) @name)]
    body: (field_declaration_list) @body)) @definition.struct
(template_declaration
  (union_specifier
    name: [(type_identifier) @name (template_type name: (type_identifier) @name)]
    body: (field_declaration_list) @body)) @definition.union

; A class or struct whose name follows an export macro (`class LEVELDB_EXPORT DB {…}`,
; `struct GTEST_API_ TestInfo : Base {…}`) parses as a function of the macro's class
; type, named by the class's name, whose body is a block: it is that class, named so,
; and the functions parsed inside it are its methods (its fields and some members are
; lost to the misparse).
((function_definition
   type: (class_specifier name: (type_identifier) @_export !body)
   declarator: (identifier) @name
   body: (compound_statement) @body) @definition.class
 (#match? @_export "^_*[A-Z][A-Z0-9_]*$"))
((function_definition
   type: (struct_specifier name: (type_identifier) @_export !body)
   declarator: (identifier) @name
   body: (compound_statement) @body) @definition.struct
 (#match? @_export "^_*[A-Z][A-Z0-9_]*$"))

; Type aliases (`using Vec = std::vector<int>;`), in a namespace, a class or a template,
; not in a function body.
[(translation_unit (alias_declaration name: (type_identifier) @name) @definition.type)
 (declaration_list (alias_declaration name: (type_identifier) @name) @definition.type)
 (field_declaration_list (alias_declaration name: (type_identifier) @name) @definition.type)
 (preproc_if (alias_declaration name: (type_identifier) @name) @definition.type)
 (preproc_ifdef (alias_declaration name: (type_identifier) @name) @definition.type)
 (preproc_else (alias_declaration name: (type_identifier) @name) @definition.type)
 (template_declaration (alias_declaration name: (type_identifier) @name)) @definition.type]

; Functions and methods with a body (or `= default`, `= delete`) of C++'s names: a
; method's `field_identifier`, a destructor (`~Widget`), an operator (`operator==`,
; `operator()`), and functions returning a reference (`Widget &operator=(…)`). A
; function directly inside a class is its method.
(function_definition
  declarator: [(function_declarator
                 declarator: [(field_identifier) (destructor_name) (operator_name)] @name)
               (pointer_declarator
                 declarator: (function_declarator
                   declarator: [(field_identifier) (operator_name)] @name))
               (pointer_declarator
                 declarator: (pointer_declarator
                   declarator: (function_declarator
                     declarator: [(field_identifier) (operator_name)] @name)))
               (reference_declarator
                 (function_declarator
                   declarator: [(identifier) (field_identifier) (operator_name)] @name))]) @definition.function

; A constructor defined in its class whose class's name is upper case (`URL(const
; std::string &text) {…}`), which C's patterns take for a macro.
(field_declaration_list
  (function_definition
    !type
    declarator: (function_declarator declarator: (identifier) @name)) @definition.function)

; Their body, as C's (whose grammar has no reference declarator).
(function_definition
  declarator: (reference_declarator)
  body: (_) @body) @definition.function

; Out-of-line definitions: `void Widget::draw() {…}`, `Widget::~Widget()`, `bool
; Widget::operator==(…)`, `T Box<T>::get()`, `geo::Widget::Widget(int n)`. The function
; is a method of the type that qualifies its name (the last qualifier: `Widget` of
; `geo::Widget::draw`, `Box<T>` of `Box<T>::get`), which may live in another file (its
; class in a header). The grammar cannot tell a class from a namespace here: `void
; geo::helper() {}` names `geo` as its owner.
(function_definition
  declarator: [(function_declarator
                 declarator: [(qualified_identifier
                                scope: (_) @method.owner
                                name: [(identifier) (destructor_name) (operator_name)] @name)
                              (qualified_identifier
                                name: (qualified_identifier
                                  scope: (_) @method.owner
                                  name: [(identifier) (destructor_name) (operator_name)] @name))
                              (qualified_identifier
                                name: (qualified_identifier
                                  name: (qualified_identifier
                                    scope: (_) @method.owner
                                    name: [(identifier) (destructor_name) (operator_name)] @name)))])
               (pointer_declarator
                 declarator: (function_declarator
                   declarator: [(qualified_identifier
                                  scope: (_) @method.owner
                                  name: [(identifier) (operator_name)] @name)
                                (qualified_identifier
                                  name: (qualified_identifier
                                    scope: (_) @method.owner
                                    name: [(identifier) (operator_name)] @name))]))
               (reference_declarator
                 (function_declarator
                   declarator: [(qualified_identifier
                                  scope: (_) @method.owner
                                  name: [(identifier) (operator_name)] @name)
                                (qualified_identifier
                                  name: (qualified_identifier
                                    scope: (_) @method.owner
                                    name: [(identifier) (operator_name)] @name))]))]) @definition.function

; Templates of functions, at any level, and of member declarations: the template and
; the function share the @name, so the node starts at `template <…>` (a member
; template's declaration too: `template <typename T> T get() const;`).
(template_declaration
  [(function_definition
     declarator: [(function_declarator
                    declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)
                  (pointer_declarator
                    declarator: (function_declarator
                      declarator: [(identifier) (field_identifier) (operator_name)] @name))
                  (reference_declarator
                    (function_declarator
                      declarator: [(identifier) (field_identifier) (operator_name)] @name))
                  (function_declarator
                    declarator: [(qualified_identifier
                                   name: [(identifier) (destructor_name) (operator_name)] @name)
                                 (qualified_identifier
                                   name: (qualified_identifier
                                     name: [(identifier) (destructor_name) (operator_name)] @name))])
                  (pointer_declarator
                    declarator: (function_declarator
                      declarator: (qualified_identifier
                                    name: [(identifier) (operator_name)] @name)))
                  (reference_declarator
                    (function_declarator
                      declarator: (qualified_identifier
                                    name: [(identifier) (operator_name)] @name)))])
   (declaration
     declarator: [(function_declarator
                    declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)
                  (pointer_declarator
                    declarator: (function_declarator
                      declarator: [(identifier) (field_identifier) (operator_name)] @name))
                  (reference_declarator
                    (function_declarator
                      declarator: [(identifier) (field_identifier) (operator_name)] @name))])]) @definition.function

; A template's own declaration is named with it, so that its parameters and return
; type (captured on the declaration) join the node.
(template_declaration
  (declaration
    declarator: [(function_declarator
                   declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)
                 (pointer_declarator
                   declarator: (function_declarator
                     declarator: [(identifier) (field_identifier) (operator_name)] @name))
                 (reference_declarator
                   (function_declarator
                     declarator: [(identifier) (field_identifier) (operator_name)] @name))]) @definition.function)

; Method declarations in a class body: `void draw() const;`, `virtual double area() const
; = 0;`, `static Widget *make();`, `const std::string &name() const;`, and constructors
; and destructors, which the grammar parses as plain declarations (`explicit
; Widget(int n);`, `~Widget();`). Their docs sit above them in the class; the
; out-of-line definition is a node of its own. An upper-case name is a macro called in
; the class body (`DISALLOW_COPY_AND_ASSIGN(Widget);`, `FRIEND_TEST(A, B);`), no method.
(field_declaration
  declarator: [(function_declarator
                 declarator: [(field_identifier) (operator_name) (destructor_name)] @name)
               (pointer_declarator
                 declarator: (function_declarator
                   declarator: [(field_identifier) (operator_name)] @name))
               (pointer_declarator
                 declarator: (pointer_declarator
                   declarator: (function_declarator
                     declarator: [(field_identifier) (operator_name)] @name)))
               (reference_declarator
                 (function_declarator
                   declarator: [(field_identifier) (operator_name)] @name))]) @definition.function
((field_declaration_list
   (declaration
     declarator: [(function_declarator
                    declarator: [(identifier) (destructor_name) (operator_name)] @name)
                  (pointer_declarator
                    declarator: (function_declarator
                      declarator: [(identifier) (operator_name)] @name))
                  (reference_declarator
                    (function_declarator
                      declarator: [(identifier) (operator_name)] @name))]) @definition.function)
 (#not-match? @name "^_*[A-Z][A-Z0-9_]*$"))

; Prototypes at namespace level of C++'s names (`bool operator==(const A &, const A
; &);`, `Widget &instance();`); C's pattern names the rest. File level as in C, to one
; level below a namespace's or the file's own; not `static`.
([(translation_unit
   (declaration
     declarator: [(function_declarator declarator: (operator_name) @name)
                  (reference_declarator
                    (function_declarator declarator: [(identifier) (operator_name)] @name))]) @definition.function)
  (declaration_list
   (declaration
     declarator: [(function_declarator declarator: (operator_name) @name)
                  (reference_declarator
                    (function_declarator declarator: [(identifier) (operator_name)] @name))]) @definition.function)
  (translation_unit
   (_ !body
     (declaration
       declarator: [(function_declarator declarator: (operator_name) @name)
                    (reference_declarator
                      (function_declarator declarator: [(identifier) (operator_name)] @name))]) @definition.function))
  (declaration_list
   (_ !body
     (declaration
       declarator: [(function_declarator declarator: (operator_name) @name)
                    (reference_declarator
                      (function_declarator declarator: [(identifier) (operator_name)] @name))]) @definition.function))]
 (#not-match? @definition.function "^static\\b"))

; Parameter names of C++'s functions: under a reference (`const Widget &other`), with a
; default (`int n = 0`), a pack (`Args &&...args`), C's `...`; in a method declaration
; and a function returning a reference too.
[(function_definition
   declarator: [(function_declarator
                  parameters: (parameter_list
                                [(parameter_declaration
                                   declarator: [(identifier) @parameter
                                                (pointer_declarator
                                                  declarator: [(identifier) @parameter
                                                               (pointer_declarator declarator: (identifier) @parameter)
                                                               (array_declarator declarator: (identifier) @parameter)])
                                                (reference_declarator (identifier) @parameter)
                                                (array_declarator declarator: (identifier) @parameter)
                                                (function_declarator
                                                  declarator: (parenthesized_declarator
                                                    (pointer_declarator declarator: (identifier) @parameter)))])
                                 (optional_parameter_declaration
                                   declarator: [(identifier) @parameter
                                                (pointer_declarator declarator: (identifier) @parameter)
                                                (reference_declarator (identifier) @parameter)])
                                 (variadic_parameter_declaration
                                   declarator: [(variadic_declarator (identifier) @parameter)
                                                (reference_declarator (variadic_declarator (identifier) @parameter))])
                                 "..." @parameter]))
                (pointer_declarator
                  declarator: (function_declarator
                    parameters: (parameter_list
                                  [(parameter_declaration
                                     declarator: [(identifier) @parameter
                                                  (pointer_declarator
                                                    declarator: [(identifier) @parameter
                                                                 (pointer_declarator declarator: (identifier) @parameter)
                                                                 (array_declarator declarator: (identifier) @parameter)])
                                                  (reference_declarator (identifier) @parameter)
                                                  (array_declarator declarator: (identifier) @parameter)
                                                  (function_declarator
                                                    declarator: (parenthesized_declarator
                                                      (pointer_declarator declarator: (identifier) @parameter)))])
                                   (optional_parameter_declaration
                                     declarator: [(identifier) @parameter
                                                  (pointer_declarator declarator: (identifier) @parameter)
                                                  (reference_declarator (identifier) @parameter)])
                                   (variadic_parameter_declaration
                                     declarator: [(variadic_declarator (identifier) @parameter)
                                                  (reference_declarator (variadic_declarator (identifier) @parameter))])
                                   "..." @parameter])))
                (reference_declarator
                  (function_declarator
                    parameters: (parameter_list
                                  [(parameter_declaration
                                     declarator: [(identifier) @parameter
                                                  (pointer_declarator
                                                    declarator: [(identifier) @parameter
                                                                 (pointer_declarator declarator: (identifier) @parameter)
                                                                 (array_declarator declarator: (identifier) @parameter)])
                                                  (reference_declarator (identifier) @parameter)
                                                  (array_declarator declarator: (identifier) @parameter)
                                                  (function_declarator
                                                    declarator: (parenthesized_declarator
                                                      (pointer_declarator declarator: (identifier) @parameter)))])
                                   (optional_parameter_declaration
                                     declarator: [(identifier) @parameter
                                                  (pointer_declarator declarator: (identifier) @parameter)
                                                  (reference_declarator (identifier) @parameter)])
                                   (variadic_parameter_declaration
                                     declarator: [(variadic_declarator (identifier) @parameter)
                                                  (reference_declarator (variadic_declarator (identifier) @parameter))])
                                   "..." @parameter])))])
 (declaration
   declarator: [(function_declarator
                  parameters: (parameter_list
                                [(parameter_declaration
                                   declarator: [(identifier) @parameter
                                                (pointer_declarator
                                                  declarator: [(identifier) @parameter
                                                               (pointer_declarator declarator: (identifier) @parameter)
                                                               (array_declarator declarator: (identifier) @parameter)])
                                                (reference_declarator (identifier) @parameter)
                                                (array_declarator declarator: (identifier) @parameter)
                                                (function_declarator
                                                  declarator: (parenthesized_declarator
                                                    (pointer_declarator declarator: (identifier) @parameter)))])
                                 (optional_parameter_declaration
                                   declarator: [(identifier) @parameter
                                                (pointer_declarator declarator: (identifier) @parameter)
                                                (reference_declarator (identifier) @parameter)])
                                 (variadic_parameter_declaration
                                   declarator: [(variadic_declarator (identifier) @parameter)
                                                (reference_declarator (variadic_declarator (identifier) @parameter))])
                                 "..." @parameter]))
                (pointer_declarator
                  declarator: (function_declarator
                    parameters: (parameter_list
                                  [(parameter_declaration
                                     declarator: [(identifier) @parameter
                                                  (pointer_declarator
                                                    declarator: [(identifier) @parameter
                                                                 (pointer_declarator declarator: (identifier) @parameter)
                                                                 (array_declarator declarator: (identifier) @parameter)])
                                                  (reference_declarator (identifier) @parameter)
                                                  (array_declarator declarator: (identifier) @parameter)
                                                  (function_declarator
                                                    declarator: (parenthesized_declarator
                                                      (pointer_declarator declarator: (identifier) @parameter)))])
                                   (optional_parameter_declaration
                                     declarator: [(identifier) @parameter
                                                  (pointer_declarator declarator: (identifier) @parameter)
                                                  (reference_declarator (identifier) @parameter)])
                                   (variadic_parameter_declaration
                                     declarator: [(variadic_declarator (identifier) @parameter)
                                                  (reference_declarator (variadic_declarator (identifier) @parameter))])
                                   "..." @parameter])))
                (reference_declarator
                  (function_declarator
                    parameters: (parameter_list
                                  [(parameter_declaration
                                     declarator: [(identifier) @parameter
                                                  (pointer_declarator
                                                    declarator: [(identifier) @parameter
                                                                 (pointer_declarator declarator: (identifier) @parameter)
                                                                 (array_declarator declarator: (identifier) @parameter)])
                                                  (reference_declarator (identifier) @parameter)
                                                  (array_declarator declarator: (identifier) @parameter)
                                                  (function_declarator
                                                    declarator: (parenthesized_declarator
                                                      (pointer_declarator declarator: (identifier) @parameter)))])
                                   (optional_parameter_declaration
                                     declarator: [(identifier) @parameter
                                                  (pointer_declarator declarator: (identifier) @parameter)
                                                  (reference_declarator (identifier) @parameter)])
                                   (variadic_parameter_declaration
                                     declarator: [(variadic_declarator (identifier) @parameter)
                                                  (reference_declarator (variadic_declarator (identifier) @parameter))])
                                   "..." @parameter])))])
 (field_declaration
   declarator: [(function_declarator
                  parameters: (parameter_list
                                [(parameter_declaration
                                   declarator: [(identifier) @parameter
                                                (pointer_declarator
                                                  declarator: [(identifier) @parameter
                                                               (pointer_declarator declarator: (identifier) @parameter)
                                                               (array_declarator declarator: (identifier) @parameter)])
                                                (reference_declarator (identifier) @parameter)
                                                (array_declarator declarator: (identifier) @parameter)
                                                (function_declarator
                                                  declarator: (parenthesized_declarator
                                                    (pointer_declarator declarator: (identifier) @parameter)))])
                                 (optional_parameter_declaration
                                   declarator: [(identifier) @parameter
                                                (pointer_declarator declarator: (identifier) @parameter)
                                                (reference_declarator (identifier) @parameter)])
                                 (variadic_parameter_declaration
                                   declarator: [(variadic_declarator (identifier) @parameter)
                                                (reference_declarator (variadic_declarator (identifier) @parameter))])
                                 "..." @parameter]))
                (pointer_declarator
                  declarator: (function_declarator
                    parameters: (parameter_list
                                  [(parameter_declaration
                                     declarator: [(identifier) @parameter
                                                  (pointer_declarator
                                                    declarator: [(identifier) @parameter
                                                                 (pointer_declarator declarator: (identifier) @parameter)
                                                                 (array_declarator declarator: (identifier) @parameter)])
                                                  (reference_declarator (identifier) @parameter)
                                                  (array_declarator declarator: (identifier) @parameter)
                                                  (function_declarator
                                                    declarator: (parenthesized_declarator
                                                      (pointer_declarator declarator: (identifier) @parameter)))])
                                   (optional_parameter_declaration
                                     declarator: [(identifier) @parameter
                                                  (pointer_declarator declarator: (identifier) @parameter)
                                                  (reference_declarator (identifier) @parameter)])
                                   (variadic_parameter_declaration
                                     declarator: [(variadic_declarator (identifier) @parameter)
                                                  (reference_declarator (variadic_declarator (identifier) @parameter))])
                                   "..." @parameter])))
                (reference_declarator
                  (function_declarator
                    parameters: (parameter_list
                                  [(parameter_declaration
                                     declarator: [(identifier) @parameter
                                                  (pointer_declarator
                                                    declarator: [(identifier) @parameter
                                                                 (pointer_declarator declarator: (identifier) @parameter)
                                                                 (array_declarator declarator: (identifier) @parameter)])
                                                  (reference_declarator (identifier) @parameter)
                                                  (array_declarator declarator: (identifier) @parameter)
                                                  (function_declarator
                                                    declarator: (parenthesized_declarator
                                                      (pointer_declarator declarator: (identifier) @parameter)))])
                                   (optional_parameter_declaration
                                     declarator: [(identifier) @parameter
                                                  (pointer_declarator declarator: (identifier) @parameter)
                                                  (reference_declarator (identifier) @parameter)])
                                   (variadic_parameter_declaration
                                     declarator: [(variadic_declarator (identifier) @parameter)
                                                  (reference_declarator (variadic_declarator (identifier) @parameter))])
                                   "..." @parameter])))])] @definition.function
; The return type of C++'s functions, as C's: when the declarator returns it as written
; (a method, an operator, an out-of-line definition; not `T &f()` nor `T *f()`), not
; `void` nor an upper-case macro, and for `auto f() -> T` the trailing `T`.
([(function_definition
   type: (_) @return
   declarator: (function_declarator
     declarator: [(field_identifier) (operator_name) (qualified_identifier) (template_function)]))
  (declaration
   type: (_) @return
   declarator: (function_declarator
     declarator: [(field_identifier) (operator_name) (qualified_identifier) (template_function)]))
  (field_declaration
   type: (_) @return
   declarator: (function_declarator declarator: [(field_identifier) (operator_name)]))]
 (#not-match? @return "^(void|auto|decltype\\(auto\\))$")
 (#not-match? @return "^_*[A-Z][A-Z0-9_]*$")) @definition.function
[(function_definition
   declarator: (function_declarator (trailing_return_type (type_descriptor) @return)))
 (declaration
   declarator: (function_declarator (trailing_return_type (type_descriptor) @return)))
 (field_declaration
   declarator: (function_declarator (trailing_return_type (type_descriptor) @return)))] @definition.function

; Members: reference fields (`Config &config_;`); C's pattern lists the rest, static
; and `constexpr` members among them.
(field_declaration
  declarator: (reference_declarator (field_identifier) @member.field))
