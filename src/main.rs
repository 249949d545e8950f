//! The `pyramid` command line: parse arguments, call the library, print, map errors
//! to exit codes.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    // SAFETY: called before any tree-sitter object exists; mimalloc's functions have
    // the C allocator signatures tree-sitter expects.
    unsafe {
        tree_sitter::set_allocator(Some(tree_sitter::Allocator {
            malloc: libmimalloc_sys::mi_malloc,
            calloc: libmimalloc_sys::mi_calloc,
            realloc: libmimalloc_sys::mi_realloc,
            free: libmimalloc_sys::mi_free,
        }));
    }
    cli::run()
}

/// mimalloc: indexing allocates many small short-lived objects (syntax trees, nodes).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
