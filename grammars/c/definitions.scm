; Definitions: what becomes a node of the pyramid. C++ inherits this file (`; inherits:
; c`), so every pattern here must compile against tree-sitter-cpp too: no
; `variadic_parameter` or `macro_type_specifier`, which only C has.
;
; A declarator wraps the name: `char **f(void)` is pointer(pointer(function(f))). A
; query cannot recurse, so the wrappings are spelled out to the depth real code uses.
;
; Compile time: tree-sitter checks every node of a pattern that has a kind and children
; against the grammar's parse states when it compiles the query, and under C++'s grammar
; one such node costs up to a few milliseconds (`declaration`, `function_definition`,
; `function_declarator`), as does a kind with no children right below a pattern's root
; (`declarator: (identifier)`); a wildcard `(_ …)` costs nothing. Spelled with kinds,
; these patterns took a second to compile for C++. So below a pattern's root the
; declarators are wildcards that, where they stand, only their kind matches:
;   (_ declarator: … parameters: (_))   a function_declarator (the only one with both)
;   (_ "*" declarator: …)               a pointer_declarator (`*` before its declarator)
;   (_ declarator: … "[")               an array_declarator
;   (_ declarator: … value: (_))        an init_declarator
;   (_ "(" …)                           a parenthesized_declarator
;   (_ ["&" "&&"] …)                    C++'s reference_declarator
; and a struct, union or enum is `(_ "struct" … body: (field_declaration_list))`,
; `(_ "union" … body: (field_declaration_list))`, `(_ … body: (enumerator_list))`. A
; wildcard tries more nodes than a kind when the query runs: where it stands at file
; level a negated field (`!body`, `!declarator`) turns away what it cannot be early.
; Several groups share one pattern where they share a root (its alternatives cost next
; to nothing). Where a match ends matters: of two matches of one node the earlier one's
; kind counts, and a pattern's match ends at its last node.

; Functions with a body, returning a value, a pointer or a pointer to a pointer, and the
; old `int (*handler(int sig))(int)` (a function returning a function pointer). The
; parameters of every definition (see "Parameter names" below) share the pattern: its
; root costs compile time, its alternatives next to nothing, and its predicate is on
; @name only.
(function_definition
  declarator: [(_ declarator: (identifier) @name parameters: (_))
               (_ "*" declarator: (_ declarator: (identifier) @name parameters: (_)))
               (_ "*" declarator: (_ "*" declarator: (_ declarator: (identifier) @name parameters: (_))))
               (_ declarator: (_ "("
                                (_ "*" declarator: (_ declarator: (identifier) @name parameters: (_))))
                  parameters: (_))
               ; its parameters (see below)
               (_ parameters: (_
                 [(parameter_declaration
                     declarator: [(identifier) @parameter
                                  (_ "*" declarator: [(identifier) @parameter
                                                      (_ "*" declarator: (identifier) @parameter)
                                                      (_ declarator: (identifier) @parameter "[")])
                                  (_ declarator: (identifier) @parameter "[")
                                  (_ declarator: (_ "("
                                                   (_ "*" declarator: (identifier) @parameter))
                                     parameters: (_))])
                  (_ "...") @parameter]))
               (_ "*" declarator: (_ parameters: (_
                 [(parameter_declaration
                     declarator: [(identifier) @parameter
                                  (_ "*" declarator: [(identifier) @parameter
                                                      (_ "*" declarator: (identifier) @parameter)
                                                      (_ declarator: (identifier) @parameter "[")])
                                  (_ declarator: (identifier) @parameter "[")
                                  (_ declarator: (_ "("
                                                   (_ "*" declarator: (identifier) @parameter))
                                     parameters: (_))])
                  (_ "...") @parameter])))
               (_ "*" declarator: (_ "*" declarator: (_ parameters: (_
                 [(parameter_declaration
                     declarator: [(identifier) @parameter
                                  (_ "*" declarator: [(identifier) @parameter
                                                      (_ "*" declarator: (identifier) @parameter)
                                                      (_ declarator: (identifier) @parameter "[")])
                                  (_ declarator: (identifier) @parameter "[")
                                  (_ declarator: (_ "("
                                                   (_ "*" declarator: (identifier) @parameter))
                                     parameters: (_))])
                  (_ "...") @parameter]))))]
  (#not-match? @name "^_*[A-Z][A-Z0-9_]*$")) @definition.function
; An upper-case name is a function too when it has a return type (`int MAIN(void)`);
; without one it is a macro that wraps a body (below).
(function_definition
  type: (_)
  declarator: [(_ declarator: (identifier) @name parameters: (_))
               (_ "*" declarator: (_ declarator: (identifier) @name parameters: (_)))]
  (#match? @name "^_*[A-Z][A-Z0-9_]*$")) @definition.function

; A macro that wraps a function body, used without a return type: Google Test's
; `TEST(RingTest, PushPop) { … }`, `TEST_F(RingFixture, Empty) { … }`. It parses as a
; function of the macro's name; it is named by its last argument, the test's name.
(function_definition
  !type
  declarator: (_
    declarator: (identifier) @_macro
    parameters: (_ (parameter_declaration type: (type_identifier) @name !declarator) .))
  (#match? @_macro "^_*[A-Z][A-Z0-9_]*$")) @definition.function
; The C grammar reads a macro of one argument so when it has no return type either:
; libuv's `TEST_IMPL(timer_init) { … }`, Check's `START_TEST(test_push) { … }` parse as
; a function `(timer_init)` returning a `TEST_IMPL`. (A type whose text is an upper-case
; name is a `type_identifier`, a declarator with a `(` of its own a parenthesized one:
; the wildcards compile faster than the kinds. Its body is the next pattern's.)
((function_definition
   type: (_) @_macro
   declarator: (_ "(" (identifier) @name)) @definition.function
  (#match? @_macro "^_*[A-Z][A-Z0-9_]*$"))

; The body, parameter names and return type, whatever names the function: patterns
; without a @name give them to the node of the declaration they sit in, and nothing
; comes of them where no pattern names it (a `static` prototype, a local one). The body
; of a `TEST_IMPL(name)` (above) too, of C++'s functions returning a reference
; (`Widget &operator=(…) {…}`: `(_ ["&" "&&"])` is its `reference_declarator`, a kind
; C's grammar lacks), and of the class C++'s grammar reads as a function of a plain name
; (`class LEVELDB_EXPORT DB {…}`, see cpp/definitions.scm: its pattern's match ends at
; the name, before this one's, so its kind comes first).
(function_definition
  declarator: [(function_declarator) (pointer_declarator) (parenthesized_declarator) (identifier)
               (_ ["&" "&&"])]
  body: (_) @body) @definition.function

; Parameter names, one match per parameter: `int n`, `char *s`, `char **argv`, `int
; v[]`, `char *argv[]`, `int (*cmp)(const void *, const void *)`, and C's `...`; unnamed
; ones (`void`, `int`) have none. The parameters are those of the function declared,
; under its pointer wrappings, in a definition (in the first pattern above) or a
; prototype. (`(_ "...")` is C's `variadic_parameter`, a kind C++ lacks: this file must
; compile for both.)
(declaration
  declarator: [(_ parameters: (_
                 [(parameter_declaration
                     declarator: [(identifier) @parameter
                                  (_ "*" declarator: [(identifier) @parameter
                                                      (_ "*" declarator: (identifier) @parameter)
                                                      (_ declarator: (identifier) @parameter "[")])
                                  (_ declarator: (identifier) @parameter "[")
                                  (_ declarator: (_ "("
                                                   (_ "*" declarator: (identifier) @parameter))
                                     parameters: (_))])
                  (_ "...") @parameter]))
               (_ "*" declarator: (_ parameters: (_
                 [(parameter_declaration
                     declarator: [(identifier) @parameter
                                  (_ "*" declarator: [(identifier) @parameter
                                                      (_ "*" declarator: (identifier) @parameter)
                                                      (_ declarator: (identifier) @parameter "[")])
                                  (_ declarator: (identifier) @parameter "[")
                                  (_ declarator: (_ "("
                                                   (_ "*" declarator: (identifier) @parameter))
                                     parameters: (_))])
                  (_ "...") @parameter])))
               (_ "*" declarator: (_ "*" declarator: (_ parameters: (_
                 [(parameter_declaration
                     declarator: [(identifier) @parameter
                                  (_ "*" declarator: [(identifier) @parameter
                                                      (_ "*" declarator: (identifier) @parameter)
                                                      (_ declarator: (identifier) @parameter "[")])
                                  (_ declarator: (identifier) @parameter "[")
                                  (_ declarator: (_ "("
                                                   (_ "*" declarator: (identifier) @parameter))
                                     parameters: (_))])
                  (_ "...") @parameter]))))]) @definition.function
; The return type, when the declarator returns it as written: `int f(void)`, not `char
; *f(void)` (whose `*` belongs to the declarator: its type node says only `char`). No
; `void`, nor an upper-case name: a macro read as the type (`API_INLINE int f(…)`) more
; often than a type (`DWORD`).
([(function_definition
   type: (_) @return
   declarator: (_ declarator: (identifier) parameters: (_)))
  (declaration
   type: (_) @return
   declarator: (_ declarator: (identifier) parameters: (_)))]
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
; There the declaration is `(_ !body declarator: … ";")` (cheaper than its kind): a node
; with a function declarator and its own `;` is one, or C++'s explicit instantiation
; (`template void f<int>(int);`), no prototype: it starts `template`. (A typedef or a
; field declares no `identifier`, a parameter has no `;`, a `= delete;` function's `;`
; is its clause's.)
([(translation_unit
   (_ !body
     declarator: [(_ declarator: (identifier) @name parameters: (_))
                  (_ "*" declarator: (_ declarator: (identifier) @name parameters: (_)))
                  (_ "*" declarator: (_ "*" declarator: (_ declarator: (identifier) @name parameters: (_))))]
     ";") @definition.function)
 (translation_unit
   (_ !body
     (_ !body
       declarator: [(_ declarator: (identifier) @name parameters: (_))
                    (_ "*" declarator: (_ declarator: (identifier) @name parameters: (_)))
                    (_ "*" declarator: (_ "*" declarator: (_ declarator: (identifier) @name parameters: (_))))]
       ";") @definition.function))
 (translation_unit
   (_ !body
     (_ !body
       (_ !body
         declarator: [(_ declarator: (identifier) @name parameters: (_))
                      (_ "*" declarator: (_ declarator: (identifier) @name parameters: (_)))
                      (_ "*" declarator: (_ "*" declarator: (_ declarator: (identifier) @name parameters: (_))))]
         ";") @definition.function)))
 (translation_unit
   (_ !body
     (_ !body
       (_ !body
         (_ !body
           declarator: [(_ declarator: (identifier) @name parameters: (_))
                        (_ "*" declarator: (_ declarator: (identifier) @name parameters: (_)))
                        (_ "*" declarator: (_ "*" declarator: (_ declarator: (identifier) @name parameters: (_))))]
           ";") @definition.function))))
 (declaration_list
   (_ !body
     declarator: [(_ declarator: (identifier) @name parameters: (_))
                  (_ "*" declarator: (_ declarator: (identifier) @name parameters: (_)))
                  (_ "*" declarator: (_ "*" declarator: (_ declarator: (identifier) @name parameters: (_))))]
     ";") @definition.function)
 (declaration_list
   (_ !body
     (_ !body
       declarator: [(_ declarator: (identifier) @name parameters: (_))
                    (_ "*" declarator: (_ declarator: (identifier) @name parameters: (_)))
                    (_ "*" declarator: (_ "*" declarator: (_ declarator: (identifier) @name parameters: (_))))]
       ";") @definition.function))
 (declaration_list
   (_ !body
     (_ !body
       (_ !body
         declarator: [(_ declarator: (identifier) @name parameters: (_))
                      (_ "*" declarator: (_ declarator: (identifier) @name parameters: (_)))
                      (_ "*" declarator: (_ "*" declarator: (_ declarator: (identifier) @name parameters: (_))))]
         ";") @definition.function)))
 (declaration_list
   (_ !body
     (_ !body
       (_ !body
         (_ !body
           declarator: [(_ declarator: (identifier) @name parameters: (_))
                        (_ "*" declarator: (_ declarator: (identifier) @name parameters: (_)))
                        (_ "*" declarator: (_ "*" declarator: (_ declarator: (identifier) @name parameters: (_))))]
           ";") @definition.function))))]
 (#not-match? @definition.function "^(static|template)\\b")
 (#not-match? @name "^_*[A-Z][A-Z0-9_]*$"))

; Structs, unions and enums with a body and a name, at file level (as above, through
; nodes with neither a `body` nor a `declarator`: a typedef has one), in a declaration
; (`struct config { … } defaults;`) or nested in another's fields. Not under a
; `typedef`: `typedef struct node { … } node_t;` is one node, named `node_t` (below),
; the name the code uses. (`!declarator`: what has one is no struct.)
[(translation_unit
   [(_ !declarator "struct" name: (type_identifier) @name body: (field_declaration_list) @body) @definition.struct
    (_ !declarator "union" name: (type_identifier) @name body: (field_declaration_list) @body) @definition.union
    (_ !declarator name: (type_identifier) @name body: (enumerator_list) @body) @definition.enum])
 (translation_unit
   (_ !body !declarator
     [(_ !declarator "struct" name: (type_identifier) @name body: (field_declaration_list) @body) @definition.struct
      (_ !declarator "union" name: (type_identifier) @name body: (field_declaration_list) @body) @definition.union
      (_ !declarator name: (type_identifier) @name body: (enumerator_list) @body) @definition.enum]))
 (translation_unit
   (_ !body !declarator
     (_ !body !declarator
       [(_ !declarator "struct" name: (type_identifier) @name body: (field_declaration_list) @body) @definition.struct
        (_ !declarator "union" name: (type_identifier) @name body: (field_declaration_list) @body) @definition.union
        (_ !declarator name: (type_identifier) @name body: (enumerator_list) @body) @definition.enum])))
 (translation_unit
   (_ !body !declarator
     (_ !body !declarator
       (_ !body !declarator
         [(_ !declarator "struct" name: (type_identifier) @name body: (field_declaration_list) @body) @definition.struct
          (_ !declarator "union" name: (type_identifier) @name body: (field_declaration_list) @body) @definition.union
          (_ !declarator name: (type_identifier) @name body: (enumerator_list) @body) @definition.enum]))))
 (declaration_list
   [(_ !declarator "struct" name: (type_identifier) @name body: (field_declaration_list) @body) @definition.struct
    (_ !declarator "union" name: (type_identifier) @name body: (field_declaration_list) @body) @definition.union
    (_ !declarator name: (type_identifier) @name body: (enumerator_list) @body) @definition.enum])
 (declaration_list
   (_ !body !declarator
     [(_ !declarator "struct" name: (type_identifier) @name body: (field_declaration_list) @body) @definition.struct
      (_ !declarator "union" name: (type_identifier) @name body: (field_declaration_list) @body) @definition.union
      (_ !declarator name: (type_identifier) @name body: (enumerator_list) @body) @definition.enum]))
 (declaration_list
   (_ !body !declarator
     (_ !body !declarator
       [(_ !declarator "struct" name: (type_identifier) @name body: (field_declaration_list) @body) @definition.struct
        (_ !declarator "union" name: (type_identifier) @name body: (field_declaration_list) @body) @definition.union
        (_ !declarator name: (type_identifier) @name body: (enumerator_list) @body) @definition.enum])))
 (declaration_list
   (_ !body !declarator
     (_ !body !declarator
       (_ !body !declarator
         [(_ !declarator "struct" name: (type_identifier) @name body: (field_declaration_list) @body) @definition.struct
          (_ !declarator "union" name: (type_identifier) @name body: (field_declaration_list) @body) @definition.union
          (_ !declarator name: (type_identifier) @name body: (enumerator_list) @body) @definition.enum]))))]
(declaration
  type: [(_ "struct" name: (type_identifier) @name body: (field_declaration_list) @body) @definition.struct
         (_ "union" name: (type_identifier) @name body: (field_declaration_list) @body) @definition.union
         (_ name: (type_identifier) @name body: (enumerator_list) @body) @definition.enum])
(field_declaration
  type: [(_ "struct" name: (type_identifier) @name body: (field_declaration_list) @body) @definition.struct
         (_ "union" name: (type_identifier) @name body: (field_declaration_list) @body) @definition.union
         (_ name: (type_identifier) @name body: (enumerator_list) @body) @definition.enum])

; Typedefs. One that defines its struct, union or enum (`typedef struct { … } Ring;`,
; `typedef struct ring { … } ring_t;`) is that type, named by the typedef; any other is
; a type alias: of a type (`typedef unsigned long u64;`), a pointer (`typedef struct
; ring *ring_ref;`), a function pointer (`typedef int (*cmp_fn)(const void *, const
; void *);`), a function type or an array.
(type_definition
  type: (_ "struct" body: (field_declaration_list) @body)
  declarator: (type_identifier) @name) @definition.struct
(type_definition
  type: (_ "union" body: (field_declaration_list) @body)
  declarator: (type_identifier) @name) @definition.union
(type_definition
  type: (_ body: (enumerator_list) @body)
  declarator: (type_identifier) @name) @definition.enum
(type_definition
  type: [(primitive_type) (sized_type_specifier) (type_identifier)
         (struct_specifier !body) (union_specifier !body) (enum_specifier !body)]
  declarator: [(type_identifier) @name
               (_ "*" declarator: (type_identifier) @name)
               (_ "*" declarator: (_ "*" declarator: (type_identifier) @name))
               (_ declarator: (type_identifier) @name "[")
               (_ declarator: (type_identifier) @name parameters: (_))
               (_ declarator: (_ "("
                                (_ "*" declarator: (type_identifier) @name))
                  parameters: (_))]) @definition.type

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
; `inline` of type `API_EXPORT` before the function.) The declaration is `(_ !body type:
; (_) . declarator: … .)` ending in `;` and not starting `template` (cheaper than its
; kind; see the prototypes above).
([(translation_unit
   (_ !body
     type: (_)
     .
     declarator: [(identifier) @name
                  (_ "*" declarator: (identifier) @name)
                  (_ declarator: (identifier) @name "[")
                  (_ declarator: [(identifier) @name
                                  (_ "*" declarator: (identifier) @name)
                                  (_ declarator: (identifier) @name "[")
                                  (_ "*" declarator: (_ declarator: (identifier) @name "["))]
                     value: (_))]
     .) @definition.const)
 (translation_unit
   (_ !body
     (_ !body
       type: (_)
       .
       declarator: [(identifier) @name
                    (_ "*" declarator: (identifier) @name)
                    (_ declarator: (identifier) @name "[")
                    (_ declarator: [(identifier) @name
                                    (_ "*" declarator: (identifier) @name)
                                    (_ declarator: (identifier) @name "[")
                                    (_ "*" declarator: (_ declarator: (identifier) @name "["))]
                       value: (_))]
       .) @definition.const))
 (translation_unit
   (_ !body
     (_ !body
       (_ !body
         type: (_)
         .
         declarator: [(identifier) @name
                      (_ "*" declarator: (identifier) @name)
                      (_ declarator: (identifier) @name "[")
                      (_ declarator: [(identifier) @name
                                      (_ "*" declarator: (identifier) @name)
                                      (_ declarator: (identifier) @name "[")
                                      (_ "*" declarator: (_ declarator: (identifier) @name "["))]
                         value: (_))]
         .) @definition.const)))
 (translation_unit
   (_ !body
     (_ !body
       (_ !body
         (_ !body
           type: (_)
           .
           declarator: [(identifier) @name
                        (_ "*" declarator: (identifier) @name)
                        (_ declarator: (identifier) @name "[")
                        (_ declarator: [(identifier) @name
                                        (_ "*" declarator: (identifier) @name)
                                        (_ declarator: (identifier) @name "[")
                                        (_ "*" declarator: (_ declarator: (identifier) @name "["))]
                           value: (_))]
           .) @definition.const))))
 (declaration_list
   (_ !body
     type: (_)
     .
     declarator: [(identifier) @name
                  (_ "*" declarator: (identifier) @name)
                  (_ declarator: (identifier) @name "[")
                  (_ declarator: [(identifier) @name
                                  (_ "*" declarator: (identifier) @name)
                                  (_ declarator: (identifier) @name "[")
                                  (_ "*" declarator: (_ declarator: (identifier) @name "["))]
                     value: (_))]
     .) @definition.const)
 (declaration_list
   (_ !body
     (_ !body
       type: (_)
       .
       declarator: [(identifier) @name
                    (_ "*" declarator: (identifier) @name)
                    (_ declarator: (identifier) @name "[")
                    (_ declarator: [(identifier) @name
                                    (_ "*" declarator: (identifier) @name)
                                    (_ declarator: (identifier) @name "[")
                                    (_ "*" declarator: (_ declarator: (identifier) @name "["))]
                       value: (_))]
       .) @definition.const))
 (declaration_list
   (_ !body
     (_ !body
       (_ !body
         type: (_)
         .
         declarator: [(identifier) @name
                      (_ "*" declarator: (identifier) @name)
                      (_ declarator: (identifier) @name "[")
                      (_ declarator: [(identifier) @name
                                      (_ "*" declarator: (identifier) @name)
                                      (_ declarator: (identifier) @name "[")
                                      (_ "*" declarator: (_ declarator: (identifier) @name "["))]
                         value: (_))]
         .) @definition.const)))
 (declaration_list
   (_ !body
     (_ !body
       (_ !body
         (_ !body
           type: (_)
           .
           declarator: [(identifier) @name
                        (_ "*" declarator: (identifier) @name)
                        (_ declarator: (identifier) @name "[")
                        (_ declarator: [(identifier) @name
                                        (_ "*" declarator: (identifier) @name)
                                        (_ declarator: (identifier) @name "[")
                                        (_ "*" declarator: (_ declarator: (identifier) @name "["))]
                           value: (_))]
           .) @definition.const))))]
 (#match? @definition.const "^[^=;{]*\\b(const|constexpr)\\b")
 (#match? @definition.const ";$")
 (#not-match? @definition.const "^template\\b"))
([(translation_unit
   (_ !body
     type: (_)
     .
     declarator: [(identifier) @name
                  (_ "*" declarator: (identifier) @name)
                  (_ declarator: (identifier) @name "[")
                  (_ declarator: [(identifier) @name
                                  (_ "*" declarator: (identifier) @name)
                                  (_ declarator: (identifier) @name "[")
                                  (_ "*" declarator: (_ declarator: (identifier) @name "["))]
                     value: (_))]
     .) @definition.static)
 (translation_unit
   (_ !body
     (_ !body
       type: (_)
       .
       declarator: [(identifier) @name
                    (_ "*" declarator: (identifier) @name)
                    (_ declarator: (identifier) @name "[")
                    (_ declarator: [(identifier) @name
                                    (_ "*" declarator: (identifier) @name)
                                    (_ declarator: (identifier) @name "[")
                                    (_ "*" declarator: (_ declarator: (identifier) @name "["))]
                       value: (_))]
       .) @definition.static))
 (translation_unit
   (_ !body
     (_ !body
       (_ !body
         type: (_)
         .
         declarator: [(identifier) @name
                      (_ "*" declarator: (identifier) @name)
                      (_ declarator: (identifier) @name "[")
                      (_ declarator: [(identifier) @name
                                      (_ "*" declarator: (identifier) @name)
                                      (_ declarator: (identifier) @name "[")
                                      (_ "*" declarator: (_ declarator: (identifier) @name "["))]
                         value: (_))]
         .) @definition.static)))
 (translation_unit
   (_ !body
     (_ !body
       (_ !body
         (_ !body
           type: (_)
           .
           declarator: [(identifier) @name
                        (_ "*" declarator: (identifier) @name)
                        (_ declarator: (identifier) @name "[")
                        (_ declarator: [(identifier) @name
                                        (_ "*" declarator: (identifier) @name)
                                        (_ declarator: (identifier) @name "[")
                                        (_ "*" declarator: (_ declarator: (identifier) @name "["))]
                           value: (_))]
           .) @definition.static))))
 (declaration_list
   (_ !body
     type: (_)
     .
     declarator: [(identifier) @name
                  (_ "*" declarator: (identifier) @name)
                  (_ declarator: (identifier) @name "[")
                  (_ declarator: [(identifier) @name
                                  (_ "*" declarator: (identifier) @name)
                                  (_ declarator: (identifier) @name "[")
                                  (_ "*" declarator: (_ declarator: (identifier) @name "["))]
                     value: (_))]
     .) @definition.static)
 (declaration_list
   (_ !body
     (_ !body
       type: (_)
       .
       declarator: [(identifier) @name
                    (_ "*" declarator: (identifier) @name)
                    (_ declarator: (identifier) @name "[")
                    (_ declarator: [(identifier) @name
                                    (_ "*" declarator: (identifier) @name)
                                    (_ declarator: (identifier) @name "[")
                                    (_ "*" declarator: (_ declarator: (identifier) @name "["))]
                       value: (_))]
       .) @definition.static))
 (declaration_list
   (_ !body
     (_ !body
       (_ !body
         type: (_)
         .
         declarator: [(identifier) @name
                      (_ "*" declarator: (identifier) @name)
                      (_ declarator: (identifier) @name "[")
                      (_ declarator: [(identifier) @name
                                      (_ "*" declarator: (identifier) @name)
                                      (_ declarator: (identifier) @name "[")
                                      (_ "*" declarator: (_ declarator: (identifier) @name "["))]
                         value: (_))]
         .) @definition.static)))
 (declaration_list
   (_ !body
     (_ !body
       (_ !body
         (_ !body
           type: (_)
           .
           declarator: [(identifier) @name
                        (_ "*" declarator: (identifier) @name)
                        (_ declarator: (identifier) @name "[")
                        (_ declarator: [(identifier) @name
                                        (_ "*" declarator: (identifier) @name)
                                        (_ declarator: (identifier) @name "[")
                                        (_ "*" declarator: (_ declarator: (identifier) @name "["))]
                           value: (_))]
           .) @definition.static))))]
 (#not-match? @definition.static "^[^=;{]*\\b(const|constexpr)\\b")
 (#match? @definition.static ";$")
 (#not-match? @definition.static "^template\\b"))

; Members: struct and union fields (under pointers, arrays and bit widths; a function
; pointer field is named too; C++'s reference fields, `Config &config_;`), and
; enumerators. Fields of an anonymous struct or union inside a struct are the outer
; struct's.
(field_declaration
  declarator: [(field_identifier) @member.field
               (_ "*" declarator: (field_identifier) @member.field)
               (_ "*" declarator: (_ "*" declarator: (field_identifier) @member.field))
               (_ declarator: (field_identifier) @member.field "[")
               (_ declarator: (_ "("
                                (_ "*" declarator: (field_identifier) @member.field))
                  parameters: (_))
               (_ "*" declarator: (_ declarator: (_ "("
                                                    (_ "*" declarator: (field_identifier) @member.field))
                                     parameters: (_)))
               (_ ["&" "&&"] (field_identifier) @member.field)])
(enumerator name: (identifier) @member.variant)
