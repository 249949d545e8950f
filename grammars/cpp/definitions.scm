; inherits: c
; C++'s own definitions; C's (structs, unions, enums, typedefs, macros, functions of a
; plain name, prototypes, file-level variables, fields, enumerators) come first.
;
; As in C's file (see its head), the nodes below a pattern's root are wildcards that only
; their kind matches where they stand, as a kind with children costs milliseconds of
; compile time: besides C's declarators, `(_ scope: … name: …)` and `(_ "::" name: …)`
; are a `qualified_identifier`, `(_ name: … arguments: (_))` a `template_type` (of a
; `type_identifier` name), `(_ "class" name: … body: (field_declaration_list))` a class,
; and in a parameter list `(_ !default_value declarator: …)` a plain parameter, `(_
; declarator: … default_value: (_))` one with a default, `(_ "..." …)` a pack's name.
; Groups of one root share a pattern.

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
         (_ name: (type_identifier) @name arguments: (_))
         (_ "::" name: (type_identifier) @name)]
  body: (field_declaration_list) @body) @definition.class
(template_declaration
  (_ "class"
    name: [(type_identifier) @name (_ name: (type_identifier) @name arguments: (_))]
    body: (field_declaration_list))) @definition.class
(template_declaration
  (_ "struct"
    name: [(type_identifier) @name (_ name: (type_identifier) @name arguments: (_))]
    body: (field_declaration_list) @body)) @definition.struct
(template_declaration
  (_ "union"
    name: [(type_identifier) @name (_ name: (type_identifier) @name arguments: (_))]
    body: (field_declaration_list) @body)) @definition.union

; A class or struct whose name follows an export macro (`class LEVELDB_EXPORT DB {…}`,
; `struct GTEST_API_ TestInfo : Base {…}`) parses as a function of the macro's class
; type, named by the class's name, whose body is a block: it is that class, named so,
; and the functions parsed inside it are its methods (its fields and some members are
; lost to the misparse). Its body is C's body pattern's, whose match ends later, at the
; body, so that this one's kind comes first; a declarator whose text is a name is an
; `identifier` (`(_)` and the predicate compile faster than the kind).
((function_definition
   type: (_ "class" name: (type_identifier) @_export !body)
   declarator: (_) @name) @definition.class
 (#match? @_export "^_*[A-Z][A-Z0-9_]*$")
 (#match? @name "^[\\w$]+$"))
((function_definition
   type: (_ "struct" name: (type_identifier) @_export !body)
   declarator: (_) @name) @definition.struct
 (#match? @_export "^_*[A-Z][A-Z0-9_]*$")
 (#match? @name "^[\\w$]+$"))

; Type aliases (`using Vec = std::vector<int>;`), in a namespace, a class or a template,
; not in a function body. (`(_ name: … type: (_))` is an `alias_declaration`.)
[(translation_unit (_ !body name: (type_identifier) @name type: (_)) @definition.type)
 (declaration_list (_ !body name: (type_identifier) @name type: (_)) @definition.type)
 (field_declaration_list (_ !body name: (type_identifier) @name type: (_)) @definition.type)
 (preproc_if (_ !body name: (type_identifier) @name type: (_)) @definition.type)
 (preproc_ifdef (_ !body name: (type_identifier) @name type: (_)) @definition.type)
 (preproc_else (_ !body name: (type_identifier) @name type: (_)) @definition.type)
 (template_declaration (_ !body name: (type_identifier) @name type: (_))) @definition.type]

; Functions and methods with a body (or `= default`, `= delete`) of C++'s names: a
; method's `field_identifier`, a destructor (`~Widget`), an operator (`operator==`,
; `operator()`), and functions returning a reference (`Widget &operator=(…)`). A
; function directly inside a class is its method.
;
; Out-of-line definitions: `void Widget::draw() {…}`, `Widget::~Widget()`, `bool
; Widget::operator==(…)`, `T Box<T>::get()`, `geo::Widget::Widget(int n)`. The function
; is a method of the type that qualifies its name (the last qualifier: `Widget` of
; `geo::Widget::draw`, `Box<T>` of `Box<T>::get`), which may live in another file (its
; class in a header). The grammar cannot tell a class from a namespace here: `void
; geo::helper() {}` names `geo` as its owner.
;
; One pattern for these, and for the parameters and trailing return type of C++'s
; function definitions (see "Parameter names" below): each `function_definition`
; pattern costs compile time, its alternatives next to nothing.
(function_definition
  declarator: [(_ declarator: [(field_identifier) (destructor_name) (operator_name)] @name
                  parameters: (_))
               (_ "*" declarator: (_ declarator: [(field_identifier) (operator_name)] @name
                                     parameters: (_)))
               (_ "*" declarator: (_ "*" declarator: (_ declarator: [(field_identifier) (operator_name)] @name
                                                         parameters: (_))))
               (_ ["&" "&&"]
                 (_ declarator: [(identifier) (field_identifier) (operator_name)] @name
                    parameters: (_)))
               (_ declarator: [(_ scope: (_) @method.owner
                                  name: [(identifier) (destructor_name) (operator_name)] @name)
                               (_ "::"
                                  name: (_ scope: (_) @method.owner
                                           name: [(identifier) (destructor_name) (operator_name)] @name))
                               (_ "::"
                                  name: (_ "::"
                                           name: (_ scope: (_) @method.owner
                                                    name: [(identifier) (destructor_name) (operator_name)] @name)))]
                  parameters: (_))
               (_ "*"
                  declarator: (_ declarator: [(_ scope: (_) @method.owner
                                                 name: [(identifier) (operator_name)] @name)
                                              (_ "::"
                                                 name: (_ scope: (_) @method.owner
                                                          name: [(identifier) (operator_name)] @name))]
                                 parameters: (_)))
               (_ ["&" "&&"]
                 (_ declarator: [(_ scope: (_) @method.owner
                                    name: [(identifier) (operator_name)] @name)
                                 (_ "::"
                                    name: (_ scope: (_) @method.owner
                                             name: [(identifier) (operator_name)] @name))]
                    parameters: (_)))
               ; their parameters and trailing return type (see "Parameter names" below)
               (_ parameters: (_
                 [(_ !default_value
                     declarator: [(identifier) @parameter
                                  (_ "*" declarator: [(identifier) @parameter
                                                      (_ "*" declarator: (identifier) @parameter)
                                                      (_ declarator: (identifier) @parameter "[")])
                                  (_ ["&" "&&"] (identifier) @parameter)
                                  (_ declarator: (identifier) @parameter "[")
                                  (_ declarator: (_ "("
                                                   (_ "*" declarator: (identifier) @parameter))
                                     parameters: (_))])
                  (_ declarator: [(identifier) @parameter
                                  (_ "*" declarator: (identifier) @parameter)
                                  (_ ["&" "&&"] (identifier) @parameter)]
                     default_value: (_))
                  (_ declarator: [(_ "..." (identifier) @parameter)
                                  (_ ["&" "&&"] (_ "..." (identifier) @parameter))])
                  "..." @parameter]))
               (_ "*" declarator: (_ parameters: (_
                 [(_ !default_value
                     declarator: [(identifier) @parameter
                                  (_ "*" declarator: [(identifier) @parameter
                                                      (_ "*" declarator: (identifier) @parameter)
                                                      (_ declarator: (identifier) @parameter "[")])
                                  (_ ["&" "&&"] (identifier) @parameter)
                                  (_ declarator: (identifier) @parameter "[")
                                  (_ declarator: (_ "("
                                                   (_ "*" declarator: (identifier) @parameter))
                                     parameters: (_))])
                  (_ declarator: [(identifier) @parameter
                                  (_ "*" declarator: (identifier) @parameter)
                                  (_ ["&" "&&"] (identifier) @parameter)]
                     default_value: (_))
                  (_ declarator: [(_ "..." (identifier) @parameter)
                                  (_ ["&" "&&"] (_ "..." (identifier) @parameter))])
                  "..." @parameter])))
               (_ ["&" "&&"] (_ parameters: (_
                 [(_ !default_value
                     declarator: [(identifier) @parameter
                                  (_ "*" declarator: [(identifier) @parameter
                                                      (_ "*" declarator: (identifier) @parameter)
                                                      (_ declarator: (identifier) @parameter "[")])
                                  (_ ["&" "&&"] (identifier) @parameter)
                                  (_ declarator: (identifier) @parameter "[")
                                  (_ declarator: (_ "("
                                                   (_ "*" declarator: (identifier) @parameter))
                                     parameters: (_))])
                  (_ declarator: [(identifier) @parameter
                                  (_ "*" declarator: (identifier) @parameter)
                                  (_ ["&" "&&"] (identifier) @parameter)]
                     default_value: (_))
                  (_ declarator: [(_ "..." (identifier) @parameter)
                                  (_ ["&" "&&"] (_ "..." (identifier) @parameter))])
                  "..." @parameter])))
               (_ parameters: (_) (_ "->" (type_descriptor) @return))]) @definition.function

; A constructor defined in its class whose class's name is upper case (`URL(const
; std::string &text) {…}`), which C's patterns take for a macro.
(field_declaration_list
  (function_definition
    !type
    declarator: (_ declarator: (identifier) @name parameters: (_))) @definition.function)

; Templates of functions, at any level, and of member declarations: the template and
; the function share the @name, so the node starts at `template <…>` (a member
; template's declaration too: `template <typename T> T get() const;`). In a template
; `(_ declarator: …)` is its function definition or its declaration; a qualified name
; is a definition's, `(_ declarator: … [body…])`: what ends it, a body or `= default;`,
; `= delete;`, `= 0;`, is no declaration's.
(template_declaration
  [(_
     declarator: [(_ declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name
                     parameters: (_))
                  (_ "*" declarator: (_ declarator: [(identifier) (field_identifier) (operator_name)] @name
                                        parameters: (_)))
                  (_ ["&" "&&"]
                    (_ declarator: [(identifier) (field_identifier) (operator_name)] @name
                       parameters: (_)))])
   (_
     declarator: [(_ declarator: [(_ "::" name: [(identifier) (destructor_name) (operator_name)] @name)
                                  (_ "::" name: (_ "::" name: [(identifier) (destructor_name) (operator_name)] @name))]
                     parameters: (_))
                  (_ "*" declarator: (_ declarator: (_ "::" name: [(identifier) (operator_name)] @name)
                                        parameters: (_)))
                  (_ ["&" "&&"]
                    (_ declarator: (_ "::" name: [(identifier) (operator_name)] @name)
                       parameters: (_)))]
     [(compound_statement) (try_statement)
      (default_method_clause) (delete_method_clause) (pure_virtual_clause)])]) @definition.function

; A template's own declaration is named with it, so that its parameters and return
; type (captured on the declaration) join the node. (`(_ !body declarator: … ";")` is a
; declaration, as in C's prototypes: a definition's `;` is its clause's.)
(template_declaration
  (_ !body
    declarator: [(_ declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name
                    parameters: (_))
                 (_ "*" declarator: (_ declarator: [(identifier) (field_identifier) (operator_name)] @name
                                       parameters: (_)))
                 (_ ["&" "&&"]
                   (_ declarator: [(identifier) (field_identifier) (operator_name)] @name
                      parameters: (_)))]
    ";") @definition.function)

; Method declarations in a class body: `void draw() const;`, `virtual double area() const
; = 0;`, `static Widget *make();`, `const std::string &name() const;`, and constructors
; and destructors, which the grammar parses as plain declarations (`explicit
; Widget(int n);`, `~Widget();`). Their docs sit above them in the class; the
; out-of-line definition is a node of its own. An upper-case name is a macro called in
; the class body (`DISALLOW_COPY_AND_ASSIGN(Widget);`, `FRIEND_TEST(A, B);`), no method.
; (With their parameters and trailing return type, see "Parameter names" below, in one
; pattern.)
(field_declaration
  declarator: [(_ declarator: [(field_identifier) (operator_name) (destructor_name)] @name
                  parameters: (_))
               (_ "*" declarator: (_ declarator: [(field_identifier) (operator_name)] @name
                                     parameters: (_)))
               (_ "*" declarator: (_ "*" declarator: (_ declarator: [(field_identifier) (operator_name)] @name
                                                         parameters: (_))))
               (_ ["&" "&&"]
                 (_ declarator: [(field_identifier) (operator_name)] @name
                    parameters: (_)))
               ; their parameters and trailing return type (see "Parameter names" below)
               (_ parameters: (_
                 [(_ !default_value
                     declarator: [(identifier) @parameter
                                  (_ "*" declarator: [(identifier) @parameter
                                                      (_ "*" declarator: (identifier) @parameter)
                                                      (_ declarator: (identifier) @parameter "[")])
                                  (_ ["&" "&&"] (identifier) @parameter)
                                  (_ declarator: (identifier) @parameter "[")
                                  (_ declarator: (_ "("
                                                   (_ "*" declarator: (identifier) @parameter))
                                     parameters: (_))])
                  (_ declarator: [(identifier) @parameter
                                  (_ "*" declarator: (identifier) @parameter)
                                  (_ ["&" "&&"] (identifier) @parameter)]
                     default_value: (_))
                  (_ declarator: [(_ "..." (identifier) @parameter)
                                  (_ ["&" "&&"] (_ "..." (identifier) @parameter))])
                  "..." @parameter]))
               (_ "*" declarator: (_ parameters: (_
                 [(_ !default_value
                     declarator: [(identifier) @parameter
                                  (_ "*" declarator: [(identifier) @parameter
                                                      (_ "*" declarator: (identifier) @parameter)
                                                      (_ declarator: (identifier) @parameter "[")])
                                  (_ ["&" "&&"] (identifier) @parameter)
                                  (_ declarator: (identifier) @parameter "[")
                                  (_ declarator: (_ "("
                                                   (_ "*" declarator: (identifier) @parameter))
                                     parameters: (_))])
                  (_ declarator: [(identifier) @parameter
                                  (_ "*" declarator: (identifier) @parameter)
                                  (_ ["&" "&&"] (identifier) @parameter)]
                     default_value: (_))
                  (_ declarator: [(_ "..." (identifier) @parameter)
                                  (_ ["&" "&&"] (_ "..." (identifier) @parameter))])
                  "..." @parameter])))
               (_ ["&" "&&"] (_ parameters: (_
                 [(_ !default_value
                     declarator: [(identifier) @parameter
                                  (_ "*" declarator: [(identifier) @parameter
                                                      (_ "*" declarator: (identifier) @parameter)
                                                      (_ declarator: (identifier) @parameter "[")])
                                  (_ ["&" "&&"] (identifier) @parameter)
                                  (_ declarator: (identifier) @parameter "[")
                                  (_ declarator: (_ "("
                                                   (_ "*" declarator: (identifier) @parameter))
                                     parameters: (_))])
                  (_ declarator: [(identifier) @parameter
                                  (_ "*" declarator: (identifier) @parameter)
                                  (_ ["&" "&&"] (identifier) @parameter)]
                     default_value: (_))
                  (_ declarator: [(_ "..." (identifier) @parameter)
                                  (_ ["&" "&&"] (_ "..." (identifier) @parameter))])
                  "..." @parameter])))
               (_ parameters: (_) (_ "->" (type_descriptor) @return))]) @definition.function
; A constructor's or destructor's declaration: `(_ !body declarator: … ";")`, as in C's
; prototypes.
((field_declaration_list
   (_ !body
     declarator: [(_ declarator: [(identifier) (destructor_name) (operator_name)] @name
                     parameters: (_))
                  (_ "*" declarator: (_ declarator: [(identifier) (operator_name)] @name
                                        parameters: (_)))
                  (_ ["&" "&&"]
                    (_ declarator: [(identifier) (operator_name)] @name
                       parameters: (_)))]
     ";") @definition.function)
 (#not-match? @name "^_*[A-Z][A-Z0-9_]*$"))

; Prototypes at namespace level of C++'s names (`bool operator==(const A &, const A
; &);`, `Widget &instance();`); C's pattern names the rest. File level as in C, to one
; level below a namespace's or the file's own; not `static`. A declaration is `(_ !body
; declarator: … ";")`, as in C's prototypes.
([(translation_unit
   (_ !body
     declarator: [(_ declarator: (operator_name) @name parameters: (_))
                  (_ ["&" "&&"]
                    (_ declarator: [(identifier) (operator_name)] @name parameters: (_)))]
     ";") @definition.function)
  (declaration_list
   (_ !body
     declarator: [(_ declarator: (operator_name) @name parameters: (_))
                  (_ ["&" "&&"]
                    (_ declarator: [(identifier) (operator_name)] @name parameters: (_)))]
     ";") @definition.function)
  (translation_unit
   (_ !body
     (_ !body
       declarator: [(_ declarator: (operator_name) @name parameters: (_))
                    (_ ["&" "&&"]
                      (_ declarator: [(identifier) (operator_name)] @name parameters: (_)))]
       ";") @definition.function))
  (declaration_list
   (_ !body
     (_ !body
       declarator: [(_ declarator: (operator_name) @name parameters: (_))
                    (_ ["&" "&&"]
                      (_ declarator: [(identifier) (operator_name)] @name parameters: (_)))]
       ";") @definition.function))]
 (#not-match? @definition.function "^(static|template)\\b"))

; Parameter names of C++'s functions: under a reference (`const Widget &other`), with a
; default (`int n = 0`), a pack (`Args &&...args`), C's `...`; in a method declaration
; and a function returning a reference too; and for `auto f() -> T` the return type,
; the trailing `T`. Those of a definition and of a method declaration are in the
; patterns above; those of a prototype here.
(declaration
   declarator: [(_ parameters: (_
                  [(_ !default_value
                      declarator: [(identifier) @parameter
                                   (_ "*" declarator: [(identifier) @parameter
                                                       (_ "*" declarator: (identifier) @parameter)
                                                       (_ declarator: (identifier) @parameter "[")])
                                   (_ ["&" "&&"] (identifier) @parameter)
                                   (_ declarator: (identifier) @parameter "[")
                                   (_ declarator: (_ "("
                                                    (_ "*" declarator: (identifier) @parameter))
                                      parameters: (_))])
                   (_ declarator: [(identifier) @parameter
                                   (_ "*" declarator: (identifier) @parameter)
                                   (_ ["&" "&&"] (identifier) @parameter)]
                      default_value: (_))
                   (_ declarator: [(_ "..." (identifier) @parameter)
                                   (_ ["&" "&&"] (_ "..." (identifier) @parameter))])
                   "..." @parameter]))
                (_ "*" declarator: (_ parameters: (_
                  [(_ !default_value
                      declarator: [(identifier) @parameter
                                   (_ "*" declarator: [(identifier) @parameter
                                                       (_ "*" declarator: (identifier) @parameter)
                                                       (_ declarator: (identifier) @parameter "[")])
                                   (_ ["&" "&&"] (identifier) @parameter)
                                   (_ declarator: (identifier) @parameter "[")
                                   (_ declarator: (_ "("
                                                    (_ "*" declarator: (identifier) @parameter))
                                      parameters: (_))])
                   (_ declarator: [(identifier) @parameter
                                   (_ "*" declarator: (identifier) @parameter)
                                   (_ ["&" "&&"] (identifier) @parameter)]
                      default_value: (_))
                   (_ declarator: [(_ "..." (identifier) @parameter)
                                   (_ ["&" "&&"] (_ "..." (identifier) @parameter))])
                   "..." @parameter])))
                (_ ["&" "&&"] (_ parameters: (_
                  [(_ !default_value
                      declarator: [(identifier) @parameter
                                   (_ "*" declarator: [(identifier) @parameter
                                                       (_ "*" declarator: (identifier) @parameter)
                                                       (_ declarator: (identifier) @parameter "[")])
                                   (_ ["&" "&&"] (identifier) @parameter)
                                   (_ declarator: (identifier) @parameter "[")
                                   (_ declarator: (_ "("
                                                    (_ "*" declarator: (identifier) @parameter))
                                      parameters: (_))])
                   (_ declarator: [(identifier) @parameter
                                   (_ "*" declarator: (identifier) @parameter)
                                   (_ ["&" "&&"] (identifier) @parameter)]
                      default_value: (_))
                   (_ declarator: [(_ "..." (identifier) @parameter)
                                   (_ ["&" "&&"] (_ "..." (identifier) @parameter))])
                   "..." @parameter])))
                (_ parameters: (_) (_ "->" (type_descriptor) @return))]) @definition.function

; The return type of C++'s functions, as C's: when the declarator returns it as written
; (a method, an operator, an out-of-line definition; not `T &f()` nor `T *f()`), not
; `void` nor an upper-case macro (for `auto f() -> T`, the trailing `T`: above).
([(function_definition
   type: (_) @return
   declarator: (_
     declarator: [(field_identifier) (operator_name) (qualified_identifier) (template_function)]
     parameters: (_)))
  (declaration
   type: (_) @return
   declarator: (_
     declarator: [(field_identifier) (operator_name) (qualified_identifier) (template_function)]
     parameters: (_)))
  (field_declaration
   type: (_) @return
   declarator: (_ declarator: [(field_identifier) (operator_name)] parameters: (_)))]
 (#not-match? @return "^(void|auto|decltype\\(auto\\))$")
 (#not-match? @return "^_*[A-Z][A-Z0-9_]*$")) @definition.function
