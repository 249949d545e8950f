; Doc comments: the comments directly above a declaration, a field or a spec of a
; group. Any comment may be one; pyramid keeps those that immediately precede an
; item. Directives (`//go:generate`, `//go:build`, `//line`, `//export`, `//nolint:…`,
; `// +build`) are no docs.
((comment) @doc.outer
  (#not-match? @doc.outer "^//(line |extern |export |[a-z0-9]+:[a-z0-9]|[ \t]*\\+build)"))

; Directives may stand between a doc comment and its item (`//go:noinline`), and
; belong to the item's source.
((comment) @attribute
  (#match? @attribute "^//(line |extern |export |[a-z0-9]+:[a-z0-9]|[ \t]*\\+build)"))

; The package doc: the comments before the package clause (one match per comment).
(source_file
  (comment) @doc.inner
  .
  (comment)*
  .
  (package_clause)
  (#not-match? @doc.inner "^//(line |extern |export |[a-z0-9]+:[a-z0-9]|[ \t]*\\+build)"))
