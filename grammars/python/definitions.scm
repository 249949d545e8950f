; Definitions: what becomes a node of the pyramid. A decorated definition and the
; definition inside it share their @name, so they merge into one node whose source
; includes the decorators.
(class_definition
  name: (identifier) @name
  body: (block) @body) @definition.class
(class_definition
  body: (block . (expression_statement (string) @doc))) @definition.class
(decorated_definition
  definition: (class_definition name: (identifier) @name)) @definition.class

(function_definition
  name: (identifier) @name
  body: (block) @body) @definition.function
(function_definition
  body: (block . (expression_statement (string) @doc))) @definition.function
(decorated_definition
  definition: (function_definition name: (identifier) @name)) @definition.function

; Parameter names and return types, from the tree (one match per parameter): splats
; keep their stars (`*args`, `**kw`); the `*` and `/` markers and lambdas in default
; values are not parameters.
(function_definition
  parameters: (parameters
    [(identifier) @parameter
     (typed_parameter . (_) @parameter)
     (default_parameter name: (_) @parameter)
     (typed_default_parameter name: (_) @parameter)
     (list_splat_pattern) @parameter
     (dictionary_splat_pattern) @parameter])) @definition.function
(function_definition return_type: (_) @return) @definition.function

; Module-level constants: upper-case names, and private module-level values
; (`_whitespace_re = re.compile(…)`), which the module's functions share.
(module
  (expression_statement
    (assignment left: (identifier) @name) @definition.const)
  (#match? @name "^(_*[A-Z][A-Z0-9_]*|_[a-z][A-Za-z0-9_]*)$"))

; Members: class attributes, listed in the class summary.
(class_definition
  body: (block
    (expression_statement
      (assignment left: (identifier) @member.field))))
