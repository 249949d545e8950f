; Javadoc: a `/** … */` comment documents the item that follows it (annotations are
; part of the item, so it may stand above them). `/**/` is empty, a `/*****` banner
; and a licence header written as Javadoc document nothing; plain `/* */` and `//`
; comments are no docs.
((block_comment) @doc.outer
  (#match? @doc.outer "^/\\*\\*[^/*]")
  (#not-match? @doc.outer "Copyright|SPDX-License-Identifier|Licensed under|Permission is hereby granted"))

; The package doc: the Javadoc right before `package` (its annotations included), as
; `package-info.java` writes it, after the licence header if any. In another file a
; Javadoc there is most often the licence, kept out as above.
((program
   (block_comment) @doc.inner
   .
   (package_declaration))
  (#match? @doc.inner "^/\\*\\*[^/*]")
  (#not-match? @doc.inner "Copyright|SPDX-License-Identifier|Licensed under|Permission is hereby granted"))
