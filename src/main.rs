//! The `pyramid` command line: parse arguments, call the library, print, map errors
//! to exit codes.

mod cli;

use std::process::ExitCode;

/// `mi_option_purge_delay` in mimalloc.h (both its v2 and v3 headers), which the
/// binding does not name.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // SAFETY: plain option setters and function pointers, called before any
    // tree-sitter object exists; mimalloc's functions have the C allocator signatures
    // tree-sitter expects.
    unsafe {
        // Keep freed memory instead of returning it to the OS: a run is short, and
        // indexing frees and reallocates trees all the time; every page returned is
        // zeroed by the kernel again when taken back (about 5% of a cold index).
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1);
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
