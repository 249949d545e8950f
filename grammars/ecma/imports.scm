; ES modules: every `import` (named, default, `* as`, side-effect, TypeScript's
; `import type` and `import x = require(…)`), and re-exports (`export … from "…"`).
(import_statement) @import
(export_statement source: (_)) @import

; CommonJS at module level: `const x = require("…")`, destructured (`const { a } =
; require("…")`) or a member of it (`require("…").sub`), and a bare
; `require("./polyfill")`. The whole declaration, when it declares that one name: the
; statement's text is read as one import.
((program
   [(lexical_declaration
      .
      (variable_declarator
        value: [(call_expression function: (identifier) @_require)
                (member_expression
                  object: (call_expression function: (identifier) @_require))])
      .)
    (variable_declaration
      .
      (variable_declarator
        value: [(call_expression function: (identifier) @_require)
                (member_expression
                  object: (call_expression function: (identifier) @_require))])
      .)] @import)
  (#eq? @_require "require"))
((program
   (expression_statement
     (call_expression function: (identifier) @_require)) @import)
  (#eq? @_require "require"))
