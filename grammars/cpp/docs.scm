; inherits: c
; C++ documents as C does: any comment directly above an item (see c/docs.scm).
