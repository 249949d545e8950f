; Whole statements: a use tree nests paths (`use a::{b::{c, d as e}, f::*};`) whose
; joined prefixes no capture can spell, so `src/lang/rust.rs` reads the text.
(use_declaration) @import
(extern_crate_declaration) @import
