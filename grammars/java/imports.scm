; One import declaration at a time. The package declaration is no import: the names of
; its own package are in scope by directory (language.toml `[graph] scope`).
; `import a.b.C;`, `import static a.b.C.m;`: a name of a module (a class of a package,
; a member of a class).
(import_declaration
  (scoped_identifier scope: (_) @import.module name: (_) @import.name) .) @import

; `import a.b.*;`, `import static a.b.C.*;`: every name of the module.
(import_declaration
  (scoped_identifier) @import.module
  (asterisk) @import.wildcard) @import
