; `#include <stdio.h>`, `#include "ring.h"`: the directive's text names the header.
; (A computed `#include MACRO` is one too; it names no file.)
(preproc_include) @import
