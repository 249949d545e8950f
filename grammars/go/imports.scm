; One import spec at a time (`"fmt"`, `b "example.com/x/bucket"`): the text of a
; grouped declaration would run its specs and comments together on one line.
(import_spec) @import
