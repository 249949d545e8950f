; Definitions shared by JavaScript, TypeScript and TSX: what becomes a node of the
; pyramid. A wrapper (`export`, a `const` declaration, TypeScript's `declare`) and the
; item inside it share their @name, so they merge into one node whose source starts at
; the wrapper's first token (`export`, a decorator, `const`).
; Names are `(_)` where JavaScript writes `identifier` and TypeScript `type_identifier`.

; Function nodes themselves (declarations, and the function values named below) carry
; the body and the parameters: patterns without a @name give them to whatever node
; merges with them, and are dropped for anonymous callbacks.
[(function_declaration body: (_) @body)
 (generator_function_declaration body: (_) @body)
 (function_expression body: (_) @body)
 (generator_function body: (_) @body)
 (arrow_function body: (_) @body)
 (method_definition body: (_) @body)] @definition.function
; An arrow function's single bare parameter (`x => x`).
(arrow_function parameter: (identifier) @parameter) @definition.function

; Functions and generators, plain and exported (`export default function f`).
(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function
(export_statement
  declaration: [(function_declaration name: (identifier) @name)
                (generator_function_declaration name: (identifier) @name)]) @definition.function

; `export default function () {}`, `export default () => …`: no name of their own; they
; are the module's `default`, as importers see them.
(export_statement
  "default" @name
  value: [(function_expression !name)
          (generator_function !name)
          (arrow_function)] @definition.function)
(export_statement
  "default" @name
  value: [(function_expression !name)
          (generator_function !name)
          (arrow_function)]) @definition.function

; `const f = (…) => …`, `const f = function () {…}` at module level and exported: a
; function named by its variable. The function value, its declarator and a declaration
; of one declarator all merge (`const a = …, b = …` makes two nodes).
(program
  [(lexical_declaration
     (variable_declarator
       name: (identifier) @name
       value: [(arrow_function) (function_expression) (generator_function)] @definition.function))
   (variable_declaration
     (variable_declarator
       name: (identifier) @name
       value: [(arrow_function) (function_expression) (generator_function)] @definition.function))])
(program
  [(lexical_declaration
     (variable_declarator
       name: (identifier) @name
       value: [(arrow_function) (function_expression) (generator_function)]) @definition.function)
   (variable_declaration
     (variable_declarator
       name: (identifier) @name
       value: [(arrow_function) (function_expression) (generator_function)]) @definition.function)])
(program
  [(lexical_declaration
     .
     (variable_declarator
       name: (identifier) @name
       value: [(arrow_function) (function_expression) (generator_function)])
     .)
   (variable_declaration
     .
     (variable_declarator
       name: (identifier) @name
       value: [(arrow_function) (function_expression) (generator_function)])
     .)] @definition.function)
(export_statement
  declaration: [(lexical_declaration
                  (variable_declarator
                    name: (identifier) @name
                    value: [(arrow_function) (function_expression) (generator_function)] @definition.function))
                (variable_declaration
                  (variable_declarator
                    name: (identifier) @name
                    value: [(arrow_function) (function_expression) (generator_function)] @definition.function))])
(export_statement
  declaration: [(lexical_declaration
                  (variable_declarator
                    name: (identifier) @name
                    value: [(arrow_function) (function_expression) (generator_function)]) @definition.function)
                (variable_declaration
                  (variable_declarator
                    name: (identifier) @name
                    value: [(arrow_function) (function_expression) (generator_function)]) @definition.function)])
(export_statement
  declaration: [(lexical_declaration
                  .
                  (variable_declarator
                    name: (identifier) @name
                    value: [(arrow_function) (function_expression) (generator_function)])
                  .)
                (variable_declaration
                  .
                  (variable_declarator
                    name: (identifier) @name
                    value: [(arrow_function) (function_expression) (generator_function)])
                  .)]) @definition.function

; Functions assigned to a property at module level: CommonJS exports
; (`exports.parse = function (…) {…}`, `module.exports.parse = (…) => …`) and the
; methods of objects and prototypes in older code (`app.listen = function () {…}`,
; `Foo.prototype.bar = …`), named by the property; `module.exports = function f() {}`
; by its own name.
(program
  (expression_statement
    (assignment_expression
      left: (member_expression property: (property_identifier) @name)
      right: [(function_expression) (arrow_function) (generator_function)] @definition.function))
  (#not-eq? @name "exports"))
(program
  (expression_statement
    (assignment_expression
      left: (member_expression property: (property_identifier) @name)
      right: [(function_expression) (arrow_function) (generator_function)])) @definition.function
  (#not-eq? @name "exports"))
; A chain of assignments (`res.json = res.send = function (body) {…}`) is named by its
; first property.
(program
  (expression_statement
    (assignment_expression
      left: (member_expression property: (property_identifier) @name)
      right: (assignment_expression
               right: [(function_expression) (arrow_function) (generator_function)] @definition.function)))
  (#not-eq? @name "exports"))
(program
  (expression_statement
    (assignment_expression
      left: (member_expression property: (property_identifier) @name)
      right: (assignment_expression
               right: [(function_expression) (arrow_function) (generator_function)]))) @definition.function
  (#not-eq? @name "exports"))
(program
  (expression_statement
    (assignment_expression
      left: (member_expression) @_exports
      right: [(function_expression name: (identifier) @name)
              (generator_function name: (identifier) @name)] @definition.function))
  (#eq? @_exports "module.exports"))
(program
  (expression_statement
    (assignment_expression
      left: (member_expression) @_exports
      right: [(function_expression name: (identifier) @name)
              (generator_function name: (identifier) @name)])) @definition.function
  (#eq? @_exports "module.exports"))

; A named function passed as an argument (`app.get("/", function home(req, res) {…})`,
; `setTimeout(function tick() {…}, 10)`) is a definition of its name where it stands.
(arguments
  [(function_expression name: (identifier) @name)
   (generator_function name: (identifier) @name)] @definition.function)

; Classes, plain and exported; a class expression in a module-level `const` is named by
; its variable. A decorator before `export` is part of the export statement.
(class_declaration
  name: (_) @name
  body: (class_body) @body) @definition.class
(export_statement
  declaration: (class_declaration name: (_) @name)) @definition.class
(export_statement
  "default" @name
  value: (class !name body: (class_body) @body)) @definition.class
(program
  (lexical_declaration
    .
    (variable_declarator
      name: (identifier) @name
      value: (class body: (class_body) @body))
    .) @definition.class)
(export_statement
  declaration: (lexical_declaration
    .
    (variable_declarator
      name: (identifier) @name
      value: (class body: (class_body) @body))
    .)) @definition.class

; Methods: a function directly inside a class is a method (`constructor` too). Methods
; of object literals stay in their object's source.
(class_body
  (method_definition
    name: [(property_identifier)
           (private_property_identifier)
           (computed_property_name)
           (number)] @name) @definition.function)
(class_body
  (method_definition
    name: (string (string_fragment) @name)) @definition.function)

; Module-level constants: upper-case names (`const MAX_SIZE = 10`). Values only: a
; function in a variable is a function (above), and one node is one kind.
(program
  [(lexical_declaration
     (variable_declarator
       name: (identifier) @name
       value: [(number) (string) (template_string) (regex) (true) (false) (null)
               (undefined) (object) (array) (identifier) (member_expression)
               (subscript_expression) (call_expression) (new_expression)
               (binary_expression) (unary_expression) (ternary_expression)
               (parenthesized_expression) (await_expression)]) @definition.const)
   (variable_declaration
     (variable_declarator
       name: (identifier) @name
       value: [(number) (string) (template_string) (regex) (true) (false) (null)
               (undefined) (object) (array) (identifier) (member_expression)
               (subscript_expression) (call_expression) (new_expression)
               (binary_expression) (unary_expression) (ternary_expression)
               (parenthesized_expression) (await_expression)]) @definition.const)]
  (#match? @name "^_*[A-Z][A-Z0-9_]*$"))
(program
  [(lexical_declaration
     .
     (variable_declarator
       name: (identifier) @name
       value: [(number) (string) (template_string) (regex) (true) (false) (null)
               (undefined) (object) (array) (identifier) (member_expression)
               (subscript_expression) (call_expression) (new_expression)
               (binary_expression) (unary_expression) (ternary_expression)
               (parenthesized_expression) (await_expression)])
     .)
   (variable_declaration
     .
     (variable_declarator
       name: (identifier) @name
       value: [(number) (string) (template_string) (regex) (true) (false) (null)
               (undefined) (object) (array) (identifier) (member_expression)
               (subscript_expression) (call_expression) (new_expression)
               (binary_expression) (unary_expression) (ternary_expression)
               (parenthesized_expression) (await_expression)])
     .)] @definition.const
  (#match? @name "^_*[A-Z][A-Z0-9_]*$"))

; Exported values of any name are the module's API (`export const schema =
; z.object(…)`, `export const router = Router()`): constants too.
(export_statement
  declaration: [(lexical_declaration
                  (variable_declarator
                    name: (identifier) @name
                    value: [(number) (string) (template_string) (regex) (true) (false)
                            (null) (undefined) (object) (array) (identifier)
                            (member_expression) (subscript_expression) (call_expression)
                            (new_expression) (binary_expression) (unary_expression)
                            (ternary_expression) (parenthesized_expression)
                            (await_expression)]) @definition.const)
                (variable_declaration
                  (variable_declarator
                    name: (identifier) @name
                    value: [(number) (string) (template_string) (regex) (true) (false)
                            (null) (undefined) (object) (array) (identifier)
                            (member_expression) (subscript_expression) (call_expression)
                            (new_expression) (binary_expression) (unary_expression)
                            (ternary_expression) (parenthesized_expression)
                            (await_expression)]) @definition.const)])
(export_statement
  declaration: [(lexical_declaration
                  .
                  (variable_declarator
                    name: (identifier) @name
                    value: [(number) (string) (template_string) (regex) (true) (false)
                            (null) (undefined) (object) (array) (identifier)
                            (member_expression) (subscript_expression) (call_expression)
                            (new_expression) (binary_expression) (unary_expression)
                            (ternary_expression) (parenthesized_expression)
                            (await_expression)])
                  .)
                (variable_declaration
                  .
                  (variable_declarator
                    name: (identifier) @name
                    value: [(number) (string) (template_string) (regex) (true) (false)
                            (null) (undefined) (object) (array) (identifier)
                            (member_expression) (subscript_expression) (call_expression)
                            (new_expression) (binary_expression) (unary_expression)
                            (ternary_expression) (parenthesized_expression)
                            (await_expression)])
                  .)]) @definition.const
