//! C and C++: `#include "ring.h"` names a file relative to the including one, or
//! (as include roots such as `include/` make it) any file whose path ends so;
//! `#include <stdio.h>` names a standard header unless the repository has one of that
//! path (a library including its own public headers). An include brings every name of
//! the header into scope, so it binds no one name: its files are the places the
//! including file imports from.

use super::{Binding, Bindings, Import, LanguageSupport, ModuleMap};

/// Support for C and C++.
pub struct C;

/// Extensions of the source files that define what headers declare.
const SOURCES: [&str; 4] = ["c", "cc", "cpp", "cxx"];

/// Headers of the C standard library and POSIX most code includes.
const STANDARD: [&str; 45] = [
    "assert.h",
    "complex.h",
    "ctype.h",
    "errno.h",
    "fenv.h",
    "float.h",
    "inttypes.h",
    "iso646.h",
    "limits.h",
    "locale.h",
    "math.h",
    "setjmp.h",
    "signal.h",
    "stdalign.h",
    "stdarg.h",
    "stdatomic.h",
    "stdbool.h",
    "stddef.h",
    "stdint.h",
    "stdio.h",
    "stdlib.h",
    "stdnoreturn.h",
    "string.h",
    "tgmath.h",
    "threads.h",
    "time.h",
    "uchar.h",
    "wchar.h",
    "wctype.h",
    "unistd.h",
    "fcntl.h",
    "dirent.h",
    "pthread.h",
    "poll.h",
    "dlfcn.h",
    "netdb.h",
    "strings.h",
    "termios.h",
    "syslog.h",
    "sched.h",
    "semaphore.h",
    "spawn.h",
    "libgen.h",
    "glob.h",
    "regex.h",
];

impl LanguageSupport for C {
    fn bindings(&self, import: &Import, path: &str, modules: &ModuleMap) -> Bindings {
        let mut bindings = Bindings::default();
        let Some(item) = import.items.first() else {
            return bindings;
        };
        // `<x.h>` keeps its brackets: a quoted header is looked for beside the file first.
        let (header, quoted) = match item.module.strip_prefix('<') {
            Some(bracketed) => (bracketed.trim_end_matches('>'), false),
            None => (item.module.as_str(), true),
        };
        let mut places = Vec::new();
        if quoted {
            let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
            if let Some(beside) = super::join_relative(dir, header).filter(|p| modules.has_file(p))
            {
                places.push(beside);
            }
        }
        if places.is_empty() {
            places = modules.with_suffix(header.trim_start_matches("./"));
        }
        // What a header declares is defined in the source file of its name
        // (`ring.h`, `src/ring.c`): the definitions the include brings in.
        let mut sources = Vec::new();
        for place in &places {
            let file = place.rsplit('/').next().unwrap_or(place);
            let stem = file.split_once('.').map_or(file, |(stem, _)| stem);
            for ext in SOURCES {
                sources.extend(modules.with_suffix(&format!("{stem}.{ext}")));
            }
        }
        sources.retain(|source| source != path);
        places.extend(sources);
        bindings.wildcards = places;
        bindings
    }

    fn import_text(&self, binding: &Binding) -> String {
        format!("#include \"{}\"", binding.module)
    }

    fn origin_keys(&self, module: &str) -> (bool, Vec<String>) {
        // C++'s standard headers have no extension (`<vector>`); POSIX's live in `sys/`.
        let standard =
            STANDARD.contains(&module) || !module.contains('.') || module.starts_with("sys/");
        (standard, vec![module.to_string()])
    }

    fn package_of<'a>(&self, module: &'a str) -> &'a str {
        module
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::{Lang, bind_code};

    #[test]
    fn includes_name_files_beside_then_under_include_roots() {
        let modules = ModuleMap::new(
            [
                "src/ring.c",
                "src/util.h",
                "src/util.c",
                "include/ring.h",
                "include/fmt/format.h",
            ]
            .map(String::from),
        );
        let places = |statement| bind_code(Lang::C, statement, "src/ring.c", &modules).wildcards;
        assert_eq!(places("#include \"util.h\""), ["src/util.h", "src/util.c"]);
        // The including file is no place of its own.
        assert_eq!(places("#include \"ring.h\""), ["include/ring.h"]);
        assert_eq!(places("#include \"../include/ring.h\""), ["include/ring.h"]);
        assert_eq!(places("#include <fmt/format.h>"), ["include/fmt/format.h"]);
        assert!(places("#include <stdio.h>").is_empty());
        // A computed include names no file.
        assert!(places("#include HEADER").is_empty());
        assert!(C.origin_keys("stdio.h").0 && C.origin_keys("vector").0);
        assert!(!C.origin_keys("zlib.h").0);
    }
}
