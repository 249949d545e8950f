; Doc comments. C has no one doc marker: Doxygen's `/** */`, `///` and `//!`, and plain
; `//` and `/* */` comments are all used to document the item below them, so any
; comment directly above an item is its doc, as in Go (`[docs] whole_line_groups`: a
; blank line ends it, so a licence header is nobody's doc, and a comment after code on
; its line documents nothing below). Doxygen's trailing member docs (`///<`, `/**<`)
; document what stands before them, and a file's `@file` comment the file (below).
((comment) @doc.outer
  (#not-match? @doc.outer "^(///<|//!<|/\\*\\*<|/\\*!<)")
  (#not-match? @doc.outer "^(//|/\\*)\\s*(NOLINT|clang-format|IWYU pragma|cppcheck-suppress|LCOV_EXCL|coverity)")
  (#not-match? @doc.outer "^(/\\*\\*|/\\*!|///|//!)[\\s*]*[@\\\\]file\\b"))

; Tool directives may stand between a doc comment and its item (`// NOLINTNEXTLINE`,
; `// clang-format off`), and belong to the item's source.
((comment) @attribute
  (#match? @attribute "^(//|/\\*)\\s*(NOLINT|clang-format|IWYU pragma|cppcheck-suppress|LCOV_EXCL|coverity)"))

; The file's doc: a Doxygen comment that says `@file` (or `\file`) first.
((comment) @doc.inner
  (#match? @doc.inner "^(/\\*\\*|/\\*!|///|//!)[\\s*]*[@\\\\]file\\b"))

; A declaration missing its `;` before a function is a macro the grammar cannot read
; (`API_INTERNAL API_INLINE` on the line above `uint64_t f(double d) {…}` parses as a
; variable `API_INLINE` of type `API_INTERNAL`): it stands between the function and its
; doc, and belongs to the function's source.
((declaration) @attribute
  (#not-match? @attribute ";$"))
