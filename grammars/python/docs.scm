; A module docstring documents the file.
(module . (expression_statement (string) @doc.inner))
(module . (comment) . (expression_statement (string) @doc.inner))
