; `///` and `/** */` document the item that follows them.
(line_comment outer: (outer_doc_comment_marker)) @doc.outer
(block_comment outer: (outer_doc_comment_marker)) @doc.outer

; `//!` and `/*! */` document the enclosing module or file.
(line_comment inner: (inner_doc_comment_marker)) @doc.inner
(block_comment inner: (inner_doc_comment_marker)) @doc.inner

; Attributes may stand between a doc comment and its item, and belong to the item's source.
(attribute_item) @attribute
