; One import spec at a time (`"fmt"`, `b "example.com/x/bucket"`, `. "m"`, `_ "m"`):
; the path, and the name it is bound to when the spec gives one.
(import_spec
  name: (_)? @import.alias
  path: (_) @import.module) @import
