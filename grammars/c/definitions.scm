; Definitions: what becomes a node of the pyramid. C++ inherits this file (`; inherits:
; c`), so every pattern here must compile against tree-sitter-cpp too: no
; `variadic_parameter` or `macro_type_specifier`, which only C has.
;
; A declarator wraps the name: `char **f(void)` is pointer(pointer(function(f))). A
; query cannot recurse, so the wrappings are spelled out to the depth real code uses.

; Functions with a body, returning a value, a pointer or a pointer to a pointer, and the
; old `int (*handler(int sig))(int)` (a function returning a function pointer).
(function_definition
  declarator: [(function_declarator declarator: (identifier) @name)
               (pointer_declarator
                 declarator: (function_declarator declarator: (identifier) @name))
               (pointer_declarator
                 declarator: (pointer_declarator
                   declarator: (function_declarator declarator: (identifier) @name)))
               (function_declarator
                 declarator: (parenthesized_declarator
                   (pointer_declarator
                     declarator: (function_declarator declarator: (identifier) @name))))]
  (#not-match? @name "^_*[A-Z][A-Z0-9_]*$")) @definition.function
; An upper-case name is a function too when it has a return type (`int MAIN(void)`);
; without one it is a macro that wraps a body (below).
(function_definition
  type: (_)
  declarator: [(function_declarator declarator: (identifier) @name)
               (pointer_declarator
                 declarator: (function_declarator declarator: (identifier) @name))]
  (#match? @name "^_*[A-Z][A-Z0-9_]*$")) @definition.function

; A macro that wraps a function body, used without a return type: Google Test's
; `TEST(RingTest, PushPop) { … }`, `TEST_F(RingFixture, Empty) { … }`. It parses as a
; function of the macro's name; it is named by its last argument, the test's name.
(function_definition
  !type
  declarator: (function_declarator
    declarator: (identifier) @_macro
    parameters: (parameter_list
      (parameter_declaration type: (type_identifier) @name !declarator) .))
  (#match? @_macro "^_*[A-Z][A-Z0-9_]*$")) @definition.function
; The C grammar reads a macro of one argument so when it has no return type either:
; libuv's `TEST_IMPL(timer_init) { … }`, Check's `START_TEST(test_push) { … }` parse as
; a function `(timer_init)` returning a `TEST_IMPL`.
((function_definition
   type: (type_identifier) @_macro
   declarator: (parenthesized_declarator (identifier) @name)
   body: (_) @body) @definition.function
  (#match? @_macro "^_*[A-Z][A-Z0-9_]*$"))

; The body, parameter names and return type, whatever names the function: patterns
; without a @name give them to the node of the declaration they sit in, and nothing
; comes of them where no pattern names it (a `static` prototype, a local one).
(function_definition
  declarator: [(function_declarator) (pointer_declarator)]
  body: (_) @body) @definition.function

; Parameter names, one match per parameter: `int n`, `char *s`, `char **argv`, `int
; v[]`, `char *argv[]`, `int (*cmp)(const void *, const void *)`, and C's `...`; unnamed
; ones (`void`, `int`) have none. The parameters are those of the function declared,
; under its pointer wrappings, in a definition or a prototype. (`(_ "...")` is C's
; `variadic_parameter`, a kind C++ lacks: this file must compile for both.)
(function_definition
  declarator: [(function_declarator
                 parameters: (parameter_list
                               [(parameter_declaration
                                  declarator: [(identifier) @parameter
                                               (pointer_declarator
                                                 declarator: [(identifier) @parameter
                                                              (pointer_declarator declarator: (identifier) @parameter)
                                                              (array_declarator declarator: (identifier) @parameter)])
                                               (array_declarator declarator: (identifier) @parameter)
                                               (function_declarator
                                                 declarator: (parenthesized_declarator
                                                   (pointer_declarator declarator: (identifier) @parameter)))])
                                (_ "...") @parameter]))
               (pointer_declarator
                 declarator: (function_declarator
                   parameters: (parameter_list
                                 [(parameter_declaration
                                    declarator: [(identifier) @parameter
                                                 (pointer_declarator
                                                   declarator: [(identifier) @parameter
                                                                (pointer_declarator declarator: (identifier) @parameter)
                                                                (array_declarator declarator: (identifier) @parameter)])
                                                 (array_declarator declarator: (identifier) @parameter)
                                                 (function_declarator
                                                   declarator: (parenthesized_declarator
                                                     (pointer_declarator declarator: (identifier) @parameter)))])
                                  (_ "...") @parameter])))
               (pointer_declarator
                 declarator: (pointer_declarator
                   declarator: (function_declarator
                     parameters: (parameter_list
                                   [(parameter_declaration
                                      declarator: [(identifier) @parameter
                                                   (pointer_declarator
                                                     declarator: [(identifier) @parameter
                                                                  (pointer_declarator declarator: (identifier) @parameter)
                                                                  (array_declarator declarator: (identifier) @parameter)])
                                                   (array_declarator declarator: (identifier) @parameter)
                                                   (function_declarator
                                                     declarator: (parenthesized_declarator
                                                       (pointer_declarator declarator: (identifier) @parameter)))])
                                    (_ "...") @parameter]))))]) @definition.function
(declaration
  declarator: [(function_declarator
                 parameters: (parameter_list
                               [(parameter_declaration
                                  declarator: [(identifier) @parameter
                                               (pointer_declarator
                                                 declarator: [(identifier) @parameter
                                                              (pointer_declarator declarator: (identifier) @parameter)
                                                              (array_declarator declarator: (identifier) @parameter)])
                                               (array_declarator declarator: (identifier) @parameter)
                                               (function_declarator
                                                 declarator: (parenthesized_declarator
                                                   (pointer_declarator declarator: (identifier) @parameter)))])
                                (_ "...") @parameter]))
               (pointer_declarator
                 declarator: (function_declarator
                   parameters: (parameter_list
                                 [(parameter_declaration
                                    declarator: [(identifier) @parameter
                                                 (pointer_declarator
                                                   declarator: [(identifier) @parameter
                                                                (pointer_declarator declarator: (identifier) @parameter)
                                                                (array_declarator declarator: (identifier) @parameter)])
                                                 (array_declarator declarator: (identifier) @parameter)
                                                 (function_declarator
                                                   declarator: (parenthesized_declarator
                                                     (pointer_declarator declarator: (identifier) @parameter)))])
                                  (_ "...") @parameter])))
               (pointer_declarator
                 declarator: (pointer_declarator
                   declarator: (function_declarator
                     parameters: (parameter_list
                                   [(parameter_declaration
                                      declarator: [(identifier) @parameter
                                                   (pointer_declarator
                                                     declarator: [(identifier) @parameter
                                                                  (pointer_declarator declarator: (identifier) @parameter)
                                                                  (array_declarator declarator: (identifier) @parameter)])
                                                   (array_declarator declarator: (identifier) @parameter)
                                                   (function_declarator
                                                     declarator: (parenthesized_declarator
                                                       (pointer_declarator declarator: (identifier) @parameter)))])
                                    (_ "...") @parameter]))))]) @definition.function
; The return type, when the declarator returns it as written: `int f(void)`, not `char
; *f(void)` (whose `*` belongs to the declarator: its type node says only `char`). No
; `void`, nor an upper-case name: a macro read as the type (`API_INLINE int f(…)`) more
; often than a type (`DWORD`).
([(function_definition
   type: (_) @return
   declarator: (function_declarator declarator: (identifier)))
  (declaration
   type: (_) @return
   declarator: (function_declarator declarator: (identifier)))]
 (#not-eq? @return "void")
 (#not-match? @return "^_*[A-Z][A-Z0-9_]*$")) @definition.function

; Prototypes at file level (in a header, inside an include guard, an `#ifdef` or an
; `extern "C" {}`, or under the ERROR node that `extern "C" {` split across two `#ifdef
; __cplusplus` blocks makes): a header's prototypes are its API and carry its docs. A
; file holding both a prototype and the function gets two nodes (`f` and `f#2`); a
; `static` prototype is a forward declaration in the file that defines the function,
; and no node; an upper-case name is a macro called at file level (`LIST_HEAD(free);`).
; A query cannot say "not inside a function", so file level is spelled out: an item
; directly in the file or in a namespace's or `extern "C" {}`'s body (`declaration_list`),
; or one to three levels below them inside nodes without a `body` (`#if`/`#ifdef` and
; their `#else` branches, include guards, the ERROR node of a split `extern "C" {`, a
; template): a function's body lies under a node with one, so its locals are no nodes.
([(translation_unit
   (declaration
     declarator: [(function_declarator declarator: (identifier) @name)
                  (pointer_declarator
                    declarator: (function_declarator declarator: (identifier) @name))
                  (pointer_declarator
                    declarator: (pointer_declarator
                      declarator: (function_declarator declarator: (identifier) @name)))]) @definition.function)
 (translation_unit
   (_ !body
     (declaration
       declarator: [(function_declarator declarator: (identifier) @name)
                    (pointer_declarator
                      declarator: (function_declarator declarator: (identifier) @name))
                    (pointer_declarator
                      declarator: (pointer_declarator
                        declarator: (function_declarator declarator: (identifier) @name)))]) @definition.function))
 (translation_unit
   (_ !body
     (_ !body
       (declaration
         declarator: [(function_declarator declarator: (identifier) @name)
                      (pointer_declarator
                        declarator: (function_declarator declarator: (identifier) @name))
                      (pointer_declarator
                        declarator: (pointer_declarator
                          declarator: (function_declarator declarator: (identifier) @name)))]) @definition.function)))
 (translation_unit
   (_ !body
     (_ !body
       (_ !body
         (declaration
           declarator: [(function_declarator declarator: (identifier) @name)
                        (pointer_declarator
                          declarator: (function_declarator declarator: (identifier) @name))
                        (pointer_declarator
                          declarator: (pointer_declarator
                            declarator: (function_declarator declarator: (identifier) @name)))]) @definition.function))))
 (declaration_list
   (declaration
     declarator: [(function_declarator declarator: (identifier) @name)
                  (pointer_declarator
                    declarator: (function_declarator declarator: (identifier) @name))
                  (pointer_declarator
                    declarator: (pointer_declarator
                      declarator: (function_declarator declarator: (identifier) @name)))]) @definition.function)
 (declaration_list
   (_ !body
     (declaration
       declarator: [(function_declarator declarator: (identifier) @name)
                    (pointer_declarator
                      declarator: (function_declarator declarator: (identifier) @name))
                    (pointer_declarator
                      declarator: (pointer_declarator
                        declarator: (function_declarator declarator: (identifier) @name)))]) @definition.function))
 (declaration_list
   (_ !body
     (_ !body
       (declaration
         declarator: [(function_declarator declarator: (identifier) @name)
                      (pointer_declarator
                        declarator: (function_declarator declarator: (identifier) @name))
                      (pointer_declarator
                        declarator: (pointer_declarator
                          declarator: (function_declarator declarator: (identifier) @name)))]) @definition.function)))
 (declaration_list
   (_ !body
     (_ !body
       (_ !body
         (declaration
           declarator: [(function_declarator declarator: (identifier) @name)
                        (pointer_declarator
                          declarator: (function_declarator declarator: (identifier) @name))
                        (pointer_declarator
                          declarator: (pointer_declarator
                            declarator: (function_declarator declarator: (identifier) @name)))]) @definition.function))))]
 (#not-match? @definition.function "^static\\b")
 (#not-match? @name "^_*[A-Z][A-Z0-9_]*$"))

; Structs, unions and enums with a body and a name, at file level (as above, through
; nodes with neither a `body` nor a `declarator`: a typedef has one), in a declaration
; (`struct config { … } defaults;`) or nested in another's fields. Not under a
; `typedef`: `typedef struct node { … } node_t;` is one node, named `node_t` (below),
; the name the code uses.
[(translation_unit
   [(struct_specifier name: (type_identifier) @name body: (_) @body) @definition.struct
    (union_specifier name: (type_identifier) @name body: (_) @body) @definition.union
    (enum_specifier name: (type_identifier) @name body: (_) @body) @definition.enum])
 (translation_unit
   (_ !body !declarator
     [(struct_specifier name: (type_identifier) @name body: (_) @body) @definition.struct
      (union_specifier name: (type_identifier) @name body: (_) @body) @definition.union
      (enum_specifier name: (type_identifier) @name body: (_) @body) @definition.enum]))
 (translation_unit
   (_ !body !declarator
     (_ !body !declarator
       [(struct_specifier name: (type_identifier) @name body: (_) @body) @definition.struct
        (union_specifier name: (type_identifier) @name body: (_) @body) @definition.union
        (enum_specifier name: (type_identifier) @name body: (_) @body) @definition.enum])))
 (translation_unit
   (_ !body !declarator
     (_ !body !declarator
       (_ !body !declarator
         [(struct_specifier name: (type_identifier) @name body: (_) @body) @definition.struct
          (union_specifier name: (type_identifier) @name body: (_) @body) @definition.union
          (enum_specifier name: (type_identifier) @name body: (_) @body) @definition.enum]))))
 (declaration_list
   [(struct_specifier name: (type_identifier) @name body: (_) @body) @definition.struct
    (union_specifier name: (type_identifier) @name body: (_) @body) @definition.union
    (enum_specifier name: (type_identifier) @name body: (_) @body) @definition.enum])
 (declaration_list
   (_ !body !declarator
     [(struct_specifier name: (type_identifier) @name body: (_) @body) @definition.struct
      (union_specifier name: (type_identifier) @name body: (_) @body) @definition.union
      (enum_specifier name: (type_identifier) @name body: (_) @body) @definition.enum]))
 (declaration_list
   (_ !body !declarator
     (_ !body !declarator
       [(struct_specifier name: (type_identifier) @name body: (_) @body) @definition.struct
        (union_specifier name: (type_identifier) @name body: (_) @body) @definition.union
        (enum_specifier name: (type_identifier) @name body: (_) @body) @definition.enum])))
 (declaration_list
   (_ !body !declarator
     (_ !body !declarator
       (_ !body !declarator
         [(struct_specifier name: (type_identifier) @name body: (_) @body) @definition.struct
          (union_specifier name: (type_identifier) @name body: (_) @body) @definition.union
          (enum_specifier name: (type_identifier) @name body: (_) @body) @definition.enum]))))]
(declaration
  type: [(struct_specifier name: (type_identifier) @name body: (_) @body) @definition.struct
         (union_specifier name: (type_identifier) @name body: (_) @body) @definition.union
         (enum_specifier name: (type_identifier) @name body: (_) @body) @definition.enum])
(field_declaration
  type: [(struct_specifier name: (type_identifier) @name body: (_) @body) @definition.struct
         (union_specifier name: (type_identifier) @name body: (_) @body) @definition.union
         (enum_specifier name: (type_identifier) @name body: (_) @body) @definition.enum])

; Typedefs. One that defines its struct, union or enum (`typedef struct { … } Ring;`,
; `typedef struct ring { … } ring_t;`) is that type, named by the typedef; any other is
; a type alias: of a type (`typedef unsigned long u64;`), a pointer (`typedef struct
; ring *ring_ref;`), a function pointer (`typedef int (*cmp_fn)(const void *, const
; void *);`), a function type or an array.
(type_definition
  type: (struct_specifier body: (_) @body)
  declarator: (type_identifier) @name) @definition.struct
(type_definition
  type: (union_specifier body: (_) @body)
  declarator: (type_identifier) @name) @definition.union
(type_definition
  type: (enum_specifier body: (_) @body)
  declarator: (type_identifier) @name) @definition.enum
(type_definition
  type: [(primitive_type) (sized_type_specifier) (type_identifier)
         (struct_specifier !body) (union_specifier !body) (enum_specifier !body)]
  declarator: [(type_identifier) @name
               (pointer_declarator declarator: (type_identifier) @name)
               (pointer_declarator
                 declarator: (pointer_declarator declarator: (type_identifier) @name))
               (array_declarator declarator: (type_identifier) @name)
               (function_declarator declarator: (type_identifier) @name)
               (function_declarator
                 declarator: (parenthesized_declarator
                   (pointer_declarator declarator: (type_identifier) @name)))]) @definition.type

; Macros. An upper-case object-like macro with a value is a constant (`#define RING_MAX
; 64`): code reads it as a value, as it reads an enum's or a `const`. Any other with a
; value is a macro, and so is every function-like macro, with its parameters. A macro
; without a value (`#define RING_H`, an include guard or a feature flag) is no node.
((preproc_def
   name: (identifier) @name
   value: (preproc_arg)) @definition.const
  (#match? @name "^_*[A-Z][A-Z0-9_]*$"))
((preproc_def
   name: (identifier) @name
   value: (preproc_arg)) @definition.macro
  (#not-match? @name "^_*[A-Z][A-Z0-9_]*$"))
(preproc_function_def name: (identifier) @name) @definition.macro
(preproc_function_def
  parameters: (preproc_params (identifier) @parameter)) @definition.macro

; Variables at file level (`static int verbose;`, `extern FILE *log_file;`, `const char
; *names[] = {…};`), one node per declaration of one name: a `const` one is a
; constant, any other a static. (A declaration of several names, `int a, b;`, is none;
; nor one missing its `;`: `API_EXPORT inline\nint f(void) {…}` reads as a variable
; `inline` of type `API_EXPORT` before the function.)
([(translation_unit
   (declaration
     type: (_)
     .
     declarator: [(identifier) @name
                  (pointer_declarator declarator: (identifier) @name)
                  (array_declarator declarator: (identifier) @name)
                  (init_declarator
                    declarator: [(identifier) @name
                                 (pointer_declarator declarator: (identifier) @name)
                                 (array_declarator declarator: (identifier) @name)
                                 (pointer_declarator
                                   declarator: (array_declarator declarator: (identifier) @name))])]
     .) @definition.const)
 (translation_unit
   (_ !body
     (declaration
       type: (_)
       .
       declarator: [(identifier) @name
                    (pointer_declarator declarator: (identifier) @name)
                    (array_declarator declarator: (identifier) @name)
                    (init_declarator
                      declarator: [(identifier) @name
                                   (pointer_declarator declarator: (identifier) @name)
                                   (array_declarator declarator: (identifier) @name)
                                   (pointer_declarator
                                     declarator: (array_declarator declarator: (identifier) @name))])]
       .) @definition.const))
 (translation_unit
   (_ !body
     (_ !body
       (declaration
         type: (_)
         .
         declarator: [(identifier) @name
                      (pointer_declarator declarator: (identifier) @name)
                      (array_declarator declarator: (identifier) @name)
                      (init_declarator
                        declarator: [(identifier) @name
                                     (pointer_declarator declarator: (identifier) @name)
                                     (array_declarator declarator: (identifier) @name)
                                     (pointer_declarator
                                       declarator: (array_declarator declarator: (identifier) @name))])]
         .) @definition.const)))
 (translation_unit
   (_ !body
     (_ !body
       (_ !body
         (declaration
           type: (_)
           .
           declarator: [(identifier) @name
                        (pointer_declarator declarator: (identifier) @name)
                        (array_declarator declarator: (identifier) @name)
                        (init_declarator
                          declarator: [(identifier) @name
                                       (pointer_declarator declarator: (identifier) @name)
                                       (array_declarator declarator: (identifier) @name)
                                       (pointer_declarator
                                         declarator: (array_declarator declarator: (identifier) @name))])]
           .) @definition.const))))
 (declaration_list
   (declaration
     type: (_)
     .
     declarator: [(identifier) @name
                  (pointer_declarator declarator: (identifier) @name)
                  (array_declarator declarator: (identifier) @name)
                  (init_declarator
                    declarator: [(identifier) @name
                                 (pointer_declarator declarator: (identifier) @name)
                                 (array_declarator declarator: (identifier) @name)
                                 (pointer_declarator
                                   declarator: (array_declarator declarator: (identifier) @name))])]
     .) @definition.const)
 (declaration_list
   (_ !body
     (declaration
       type: (_)
       .
       declarator: [(identifier) @name
                    (pointer_declarator declarator: (identifier) @name)
                    (array_declarator declarator: (identifier) @name)
                    (init_declarator
                      declarator: [(identifier) @name
                                   (pointer_declarator declarator: (identifier) @name)
                                   (array_declarator declarator: (identifier) @name)
                                   (pointer_declarator
                                     declarator: (array_declarator declarator: (identifier) @name))])]
       .) @definition.const))
 (declaration_list
   (_ !body
     (_ !body
       (declaration
         type: (_)
         .
         declarator: [(identifier) @name
                      (pointer_declarator declarator: (identifier) @name)
                      (array_declarator declarator: (identifier) @name)
                      (init_declarator
                        declarator: [(identifier) @name
                                     (pointer_declarator declarator: (identifier) @name)
                                     (array_declarator declarator: (identifier) @name)
                                     (pointer_declarator
                                       declarator: (array_declarator declarator: (identifier) @name))])]
         .) @definition.const)))
 (declaration_list
   (_ !body
     (_ !body
       (_ !body
         (declaration
           type: (_)
           .
           declarator: [(identifier) @name
                        (pointer_declarator declarator: (identifier) @name)
                        (array_declarator declarator: (identifier) @name)
                        (init_declarator
                          declarator: [(identifier) @name
                                       (pointer_declarator declarator: (identifier) @name)
                                       (array_declarator declarator: (identifier) @name)
                                       (pointer_declarator
                                         declarator: (array_declarator declarator: (identifier) @name))])]
           .) @definition.const))))]
 (#match? @definition.const "^[^=;{]*\\b(const|constexpr)\\b")
 (#match? @definition.const ";$"))
([(translation_unit
   (declaration
     type: (_)
     .
     declarator: [(identifier) @name
                  (pointer_declarator declarator: (identifier) @name)
                  (array_declarator declarator: (identifier) @name)
                  (init_declarator
                    declarator: [(identifier) @name
                                 (pointer_declarator declarator: (identifier) @name)
                                 (array_declarator declarator: (identifier) @name)
                                 (pointer_declarator
                                   declarator: (array_declarator declarator: (identifier) @name))])]
     .) @definition.static)
 (translation_unit
   (_ !body
     (declaration
       type: (_)
       .
       declarator: [(identifier) @name
                    (pointer_declarator declarator: (identifier) @name)
                    (array_declarator declarator: (identifier) @name)
                    (init_declarator
                      declarator: [(identifier) @name
                                   (pointer_declarator declarator: (identifier) @name)
                                   (array_declarator declarator: (identifier) @name)
                                   (pointer_declarator
                                     declarator: (array_declarator declarator: (identifier) @name))])]
       .) @definition.static))
 (translation_unit
   (_ !body
     (_ !body
       (declaration
         type: (_)
         .
         declarator: [(identifier) @name
                      (pointer_declarator declarator: (identifier) @name)
                      (array_declarator declarator: (identifier) @name)
                      (init_declarator
                        declarator: [(identifier) @name
                                     (pointer_declarator declarator: (identifier) @name)
                                     (array_declarator declarator: (identifier) @name)
                                     (pointer_declarator
                                       declarator: (array_declarator declarator: (identifier) @name))])]
         .) @definition.static)))
 (translation_unit
   (_ !body
     (_ !body
       (_ !body
         (declaration
           type: (_)
           .
           declarator: [(identifier) @name
                        (pointer_declarator declarator: (identifier) @name)
                        (array_declarator declarator: (identifier) @name)
                        (init_declarator
                          declarator: [(identifier) @name
                                       (pointer_declarator declarator: (identifier) @name)
                                       (array_declarator declarator: (identifier) @name)
                                       (pointer_declarator
                                         declarator: (array_declarator declarator: (identifier) @name))])]
           .) @definition.static))))
 (declaration_list
   (declaration
     type: (_)
     .
     declarator: [(identifier) @name
                  (pointer_declarator declarator: (identifier) @name)
                  (array_declarator declarator: (identifier) @name)
                  (init_declarator
                    declarator: [(identifier) @name
                                 (pointer_declarator declarator: (identifier) @name)
                                 (array_declarator declarator: (identifier) @name)
                                 (pointer_declarator
                                   declarator: (array_declarator declarator: (identifier) @name))])]
     .) @definition.static)
 (declaration_list
   (_ !body
     (declaration
       type: (_)
       .
       declarator: [(identifier) @name
                    (pointer_declarator declarator: (identifier) @name)
                    (array_declarator declarator: (identifier) @name)
                    (init_declarator
                      declarator: [(identifier) @name
                                   (pointer_declarator declarator: (identifier) @name)
                                   (array_declarator declarator: (identifier) @name)
                                   (pointer_declarator
                                     declarator: (array_declarator declarator: (identifier) @name))])]
       .) @definition.static))
 (declaration_list
   (_ !body
     (_ !body
       (declaration
         type: (_)
         .
         declarator: [(identifier) @name
                      (pointer_declarator declarator: (identifier) @name)
                      (array_declarator declarator: (identifier) @name)
                      (init_declarator
                        declarator: [(identifier) @name
                                     (pointer_declarator declarator: (identifier) @name)
                                     (array_declarator declarator: (identifier) @name)
                                     (pointer_declarator
                                       declarator: (array_declarator declarator: (identifier) @name))])]
         .) @definition.static)))
 (declaration_list
   (_ !body
     (_ !body
       (_ !body
         (declaration
           type: (_)
           .
           declarator: [(identifier) @name
                        (pointer_declarator declarator: (identifier) @name)
                        (array_declarator declarator: (identifier) @name)
                        (init_declarator
                          declarator: [(identifier) @name
                                       (pointer_declarator declarator: (identifier) @name)
                                       (array_declarator declarator: (identifier) @name)
                                       (pointer_declarator
                                         declarator: (array_declarator declarator: (identifier) @name))])]
           .) @definition.static))))]
 (#not-match? @definition.static "^[^=;{]*\\b(const|constexpr)\\b")
 (#match? @definition.static ";$"))

; Members: struct and union fields (under pointers, arrays and bit widths; a function
; pointer field is named too), and enumerators. Fields of an anonymous struct or union
; inside a struct are the outer struct's.
(field_declaration
  declarator: [(field_identifier) @member.field
               (pointer_declarator declarator: (field_identifier) @member.field)
               (pointer_declarator
                 declarator: (pointer_declarator declarator: (field_identifier) @member.field))
               (array_declarator declarator: (field_identifier) @member.field)
               (function_declarator
                 declarator: (parenthesized_declarator
                   (pointer_declarator declarator: (field_identifier) @member.field)))
               (pointer_declarator
                 declarator: (function_declarator
                   declarator: (parenthesized_declarator
                     (pointer_declarator declarator: (field_identifier) @member.field))))])
(enumerator name: (identifier) @member.variant)
