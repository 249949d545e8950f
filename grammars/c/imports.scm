; `#include "ring.h"`, `#include <stdio.h>`: the header, bracketed or not. (A computed
; `#include MACRO` is a statement that names no file.)
(preproc_include
  path: [(string_literal) (system_lib_string)] @import.module) @import
(preproc_include path: (identifier)) @import
