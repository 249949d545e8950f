; `import a.b`, `import a.b as c`: the module itself, under its first segment or the
; alias.
(import_statement name: (dotted_name) @import.module) @import
(import_statement
  name: (aliased_import name: (_) @import.module alias: (_) @import.alias)) @import

; `from .m import x`, `from m import (x as y)`, `from m import *`: names of a module
; (`module_name` keeps its leading dots).
(import_from_statement
  module_name: (_) @import.module
  name: (dotted_name) @import.name) @import
(import_from_statement
  module_name: (_) @import.module
  name: (aliased_import name: (_) @import.name alias: (_) @import.alias)) @import
(import_from_statement
  module_name: (_) @import.module
  (wildcard_import) @import.wildcard) @import

; `from __future__ import annotations` names nothing of the repository.
(future_import_statement) @import
