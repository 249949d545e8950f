; One import declaration at a time: `import java.util.List;`, `import java.util.*;`,
; `import static java.util.Objects.requireNonNull;`, `import static org.junit.jupiter.
; api.Assertions.*;`. The package declaration is no import: the names of its own
; package are in scope by directory (language.toml `[graph] scope`).
(import_declaration) @import
