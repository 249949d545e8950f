; JSDoc: a `/** … */` comment documents the item that follows it (`/**/` is empty).
; One that tags the file (`@file`, `@fileoverview`, `@module`) documents the file
; instead (below), not the item under it; a licence or a pragma (`@jsx h`, `@flow`)
; documents nothing.
((comment) @doc.outer
  (#match? @doc.outer "^/\\*\\*[^/]")
  (#not-match? @doc.outer "@(file|fileoverview|overview|module|license|preserve|jsx[A-Za-z]*|flow)\\b"))

; A file's first comment, after a `#!` line if any, when it is JSDoc tagging the file.
((program . (comment) @doc.inner)
  (#match? @doc.inner "^/\\*\\*[^/]")
  (#match? @doc.inner "@(file|fileoverview|overview|module)\\b"))
((program . (hash_bang_line) . (comment) @doc.inner)
  (#match? @doc.inner "^/\\*\\*[^/]")
  (#match? @doc.inner "@(file|fileoverview|overview|module)\\b"))
