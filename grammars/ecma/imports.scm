; ES modules: every `import` and re-export (`export … from "…"`) is a statement; what
; it binds is taken apart below.
(import_statement) @import
(export_statement source: (_)) @import

; `import d from "m"`: the module's default export, bound to `d`.
(import_statement
  (import_clause (identifier) @import.alias)
  source: (string (string_fragment) @import.module)
  (#set! import.name "default")) @import

; `import * as ns from "m"`: the module itself.
(import_statement
  (import_clause (namespace_import (identifier) @import.alias))
  source: (string (string_fragment) @import.module)) @import

; `import { a, b as c } from "m"`, TypeScript's `import type { a }` and `{ type a }`.
(import_statement
  (import_clause
    (named_imports
      (import_specifier name: (_) @import.name alias: (_)? @import.alias)))
  source: (string (string_fragment) @import.module)) @import

; CommonJS at module level: `const x = require("m")` (the module itself, or a member
; of it: `require("m").sub`) and `const { a, b: c } = require("m")`, in a declaration
; (`const`, `let`, `var`) of that one name.
((program
   (_
     .
     (variable_declarator
       name: [(identifier) @import.alias
              (object_pattern
                [(shorthand_property_identifier_pattern) @import.name
                 (pair_pattern key: (_) @import.name value: (identifier) @import.alias)])]
       value: [(call_expression
                 function: (identifier) @_require
                 arguments: (arguments . (string (string_fragment) @import.module) .))
               (member_expression
                 object: (call_expression
                   function: (identifier) @_require
                   arguments: (arguments . (string (string_fragment) @import.module) .)))])
     .) @import)
  (#eq? @_require "require"))

; A bare `require("./polyfill")`: a statement that binds nothing.
((program
   (expression_statement
     (call_expression function: (identifier) @_require)) @import)
  (#eq? @_require "require"))
