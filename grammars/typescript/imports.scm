; inherits: ecma
; `import x = require("m")`: the module itself, bound to `x`.
(import_statement
  (import_require_clause
    (identifier) @import.alias
    source: (string (string_fragment) @import.module))) @import
