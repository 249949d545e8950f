//! Skeletons for semports: one unit of Python or Rust (a function, method, type or
//! constant) rewritten as the declaration it becomes in the other language, with its body
//! left to fill in, so a port starts from the right names, signatures and types.
//!
//! How types translate is data, `grammars/semport/types.toml`; this module only walks
//! the syntax. The output follows these conventions:
//!
//! - What does not translate is a `TODO` marker, counted in [`Skeleton::todos`]. In Rust a
//!   type is `TODO /* why */`, which fails to compile, loudly (`text: TODO /* unannotated */`);
//!   anything else is a `// TODO: …` comment, `**kwargs` the parameter `/* TODO: **kwargs */`.
//!   In Python a type is the string annotation `"TODO: why"`, anything else `# TODO: …`.
//!   A source that does not parse cleanly gets a first line saying so, itself a TODO.
//! - Python defaults become one doc line, `/// Defaults: strict = False.`; a function that
//!   raises returns `Result<T, Error>` with `/// Errors: raises ValueError, KeyError.`
//!   A Rust `Result<T, E>` returns `T` with a docstring line `Raises: E`.
//! - Methods take `&mut self` when they assign to `self.x`, else `&self`; static and class
//!   methods take none; `__init__` is `new() -> Self` and back.
//! - Python names starting with `_` become private Rust items without the underscore.
//! - A Python class becomes a struct (its fields from a dataclass's annotations or from
//!   `__init__`), an enum (PascalCase variants), an error type, or a trait (a `Protocol` or
//!   ABC). Its methods are units of their own: the struct's doc only lists them.
//! - A Rust enum of unit variants becomes an `Enum` with SCREAMING_SNAKE members
//!   (`= auto()`); one with data becomes a plain base class and one `@dataclass` subclass
//!   per variant, named as the variant.
//! - A constant whose value is not a literal becomes `// TODO: NAME = <expression>` and a
//!   `LazyLock` static in Rust, `NAME: type = ...  # TODO: <expression>` in Python.
//! - Python skeletons start at column 0 (methods too), emit no imports, and declare a
//!   Rust generic `T` as `T = TypeVar("T")`.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use tree_sitter::{Node, Parser, Tree};

use crate::grammar::Lang;

/// What kind of unit a skeleton is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// A free function.
    Function,
    /// A function of a type: in a Python class, a Rust `impl` or trait.
    Method,
    /// A Python class (dataclass, Enum, exception, Protocol/ABC included), or a Rust
    /// struct, enum, trait, union or type alias.
    Type,
    /// A module-level constant or static.
    Const,
}

/// One unit to port, as the index knows it.
#[derive(Debug, Clone, Copy)]
pub struct Unit<'a> {
    /// What it is.
    pub kind: UnitKind,
    /// Its language: the one the port starts from.
    pub lang: Lang,
    /// Its own name: `parse_date`, `RetryPolicy`, `MAX_DELAY`.
    pub name: &'a str,
    /// For a method, the name of its type (`RetryPolicy`).
    pub owner: Option<&'a str>,
    /// Its exact source text; a method's may be indented, a Python class's holds its methods.
    pub source: &'a str,
    /// Its documentation without comment markers or quotes; may be multi-line.
    pub doc: Option<&'a str>,
}

/// A unit in the other language: a compilable-looking skeleton with a body to fill in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skeleton {
    /// The name in the target language's conventions.
    pub name: String,
    /// The skeleton's code.
    pub text: String,
    /// How many `TODO` markers `text` holds (its documentation aside): what did not translate.
    pub todos: usize,
}

/// The skeleton of `unit` in `to`. Never fails: what cannot be translated becomes a
/// marked TODO. With `to` the unit's own language, the source comes back unchanged.
pub fn skeleton(unit: &Unit, to: Lang) -> Skeleton {
    if to == unit.lang {
        return Skeleton {
            name: unit.name.to_string(),
            text: unit.source.to_string(),
            todos: 0,
        };
    }
    // `plan` keeps to the languages of `PORTED`: Python to Rust, or Rust to Python.
    let (name, mut text) = match unit.lang {
        Lang::Python => python_to_rust(unit),
        _ => rust_to_python(unit),
    };
    if unit.kind == UnitKind::Method
        && let Some(owner) = unit.owner
    {
        text = inside_owner(&text, owner, to);
    }
    let todos = count_todos(&text).saturating_sub(unit.doc.map_or(0, count_todos));
    Skeleton { name, text, todos }
}

/// A method's skeleton inside its type, so that it says where it goes: `impl Shlex {
/// … }` (Rust allows many impl blocks) or `class Shlex:` with the method indented.
fn inside_owner(text: &str, owner: &str, to: Lang) -> String {
    let indented: String = text
        .lines()
        .map(|line| {
            if line.is_empty() {
                "\n".to_string()
            } else {
                format!("    {line}\n")
            }
        })
        .collect();
    match to {
        Lang::Rust => format!(
            "impl {} {{\n{indented}}}\n",
            rust_ident(&pascal_case(owner))
        ),
        _ => format!("class {}:\n{indented}", py_ident(owner)),
    }
}

/// The shipped type map; `include_str!` is relative to this file, wherever it is built.
const TYPES_TOML: &str = include_str!("../../grammars/semport/types.toml");

/// Deepest type nesting translated; deeper is a TODO, so recursion stays bounded.
const MAX_DEPTH: usize = 32;

/// The Rust type of a Python parameter, field or value without annotation.
const UNANNOTATED: &str = "TODO /* unannotated */";

/// Python base classes whose class-level annotations are fields, as a dataclass's are.
const RECORD_BASES: &[&str] = &["BaseModel", "NamedTuple", "TypedDict"];

/// Both directions of `types.toml`.
#[derive(Debug, Default, Deserialize)]
struct TypeMap {
    #[serde(default)]
    python_to_rust: Templates,
    #[serde(default)]
    rust_to_python: Templates,
}

/// One direction: templates by source type, and the overrides for parameters.
#[derive(Debug, Default, Deserialize)]
struct Templates {
    #[serde(default)]
    parameter: HashMap<String, String>,
    #[serde(flatten)]
    types: HashMap<String, String>,
}

impl Templates {
    fn get(&self, key: &str, param: bool) -> Option<&str> {
        let overridden = if param { self.parameter.get(key) } else { None };
        overridden
            .or_else(|| self.types.get(key))
            .map(String::as_str)
    }
}

fn type_map() -> &'static TypeMap {
    static MAP: OnceLock<TypeMap> = OnceLock::new();
    // A test parses the shipped map; were it broken, skeletons keep names instead of failing.
    MAP.get_or_init(|| toml::from_str(TYPES_TOML).unwrap_or_default())
}

/// A template with its `{0}`, `{1}`, … and `{*}` holes filled; a missing argument is `TODO`.
fn fill(template: &str, args: &[String]) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            rest = &rest[open..];
            break;
        };
        match &rest[open + 1..close] {
            "*" => out.push_str(&args.join(", ")),
            hole => match hole.parse::<usize>() {
                Ok(i) => out.push_str(args.get(i).map_or("TODO", String::as_str)),
                Err(_) => out.push_str(&rest[open..=close]),
            },
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// `TODO` markers as words: `TODO_LIST` is a name, not a marker.
fn count_todos(text: &str) -> usize {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    text.match_indices("TODO")
        .filter(|&(i, _)| {
            !word(text[..i].chars().next_back()) && !word(text[i + 4..].chars().next())
        })
        .count()
}

fn parse(lang: Lang, source: &str) -> Option<Tree> {
    let mut parser = Parser::new();
    parser.set_language(&lang.language()).ok()?;
    parser.parse(source, None)
}

/// A node's field, `node.child_by_field_name(name)`, short as it is everywhere here.
fn field<'t>(node: Node<'t>, name: &str) -> Option<Node<'t>> {
    node.child_by_field_name(name)
}

fn text<'s>(node: Node, src: &'s str) -> &'s str {
    src.get(node.byte_range()).unwrap_or("")
}

fn named(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

/// `node` and every named node under it in pre-order, without entering (but listing)
/// the nodes `prune` accepts. A loop, not recursion: sources can nest arbitrarily deep.
fn walk<'t>(node: Node<'t>, prune: impl Fn(Node) -> bool) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        out.push(n);
        if n == node || !prune(n) {
            stack.extend(named(n).into_iter().rev());
        }
    }
    out
}

fn find<'t>(root: Node<'t>, kinds: &[&str]) -> Option<Node<'t>> {
    walk(root, |_| false)
        .into_iter()
        .find(|n| kinds.contains(&n.kind()))
}

/// The last part of a dotted or `::` path: `typing.List` → `List`.
fn last_segment(path: &str) -> &str {
    path.rsplit(['.', ':']).next().unwrap_or(path).trim()
}

/// Whitespace collapsed to one line, cut at 80 characters.
fn one_line(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

fn rust_todo(what: &str) -> String {
    format!("TODO /* {} */", one_line(what).replace("*/", "* /"))
}

fn python_todo(what: &str) -> String {
    format!("\"TODO: {}\"", one_line(what).replace(['"', '\\'], "'"))
}

/// `parseDate` → `parse_date`, `HTTPServer` → `http_server`; snake names stay.
fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_uppercase() {
            out.push(c);
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        let boundary = prev.is_some_and(|p| {
            p.is_lowercase() || p.is_ascii_digit() || (p.is_uppercase() && next_lower)
        });
        if boundary && !out.ends_with('_') {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// `LIGHT_BLUE` → `LightBlue`, `in_progress` → `InProgress`, `inProgress` → `InProgress`.
fn pascal_case(name: &str) -> String {
    let mut out = String::new();
    for part in name.split('_').filter(|p| !p.is_empty()) {
        let shouting = !part.chars().any(char::is_lowercase);
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            let rest: String = chars.collect();
            out.push_str(&if shouting { rest.to_lowercase() } else { rest });
        }
    }
    out
}

fn screaming_case(name: &str) -> String {
    snake_case(name).to_uppercase()
}

/// A name usable as a Rust identifier: keywords become raw (`r#type`), and the few that
/// cannot be raw get a trailing underscore.
fn rust_ident(name: &str) -> String {
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern",
        "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move",
        "mut", "pub", "ref", "return", "static", "struct", "trait", "true", "type", "unsafe",
        "use", "where", "while", "abstract", "become", "box", "do", "final", "macro", "override",
        "priv", "try", "typeof", "unsized", "virtual", "yield",
    ];
    match name {
        "" => "unnamed".to_string(),
        "self" | "Self" | "crate" | "super" => format!("{name}_"),
        _ if KEYWORDS.contains(&name) => format!("r#{name}"),
        _ => name.to_string(),
    }
}

/// A name usable as a Python identifier: raw Rust names lose `r#`, keywords get `_`.
fn py_ident(name: &str) -> String {
    const KEYWORDS: &[&str] = &[
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
        "try", "while", "with", "yield",
    ];
    let name = name.strip_prefix("r#").unwrap_or(name);
    if KEYWORDS.contains(&name) {
        format!("{name}_")
    } else {
        name.to_string()
    }
}

/// The documentation's lines, without trailing spaces or surrounding blank lines.
fn doc_lines(doc: Option<&str>) -> Vec<String> {
    let doc = doc
        .unwrap_or("")
        .trim_end()
        .trim_start_matches(['\n', '\r']);
    doc.lines().map(|l| l.trim_end().to_string()).collect()
}

/// Documentation followed by generated notes, a blank line between.
fn with_notes(mut doc: Vec<String>, notes: Vec<String>) -> Vec<String> {
    if !doc.is_empty() && !notes.is_empty() {
        doc.push(String::new());
    }
    doc.extend(notes);
    doc
}

fn rust_doc(lines: &[String], indent: &str) -> String {
    let line = |l: &String| format!("{indent}/// {l}").trim_end().to_string() + "\n";
    lines.iter().map(line).collect()
}

// ---------------------------------------------------------------- Python → Rust

fn python_to_rust(unit: &Unit) -> (String, String) {
    let source = dedent(unit.source);
    let tree = parse(Lang::Python, &source);
    let root = tree.as_ref().map(Tree::root_node);
    let kinds: &[&str] = match unit.kind {
        UnitKind::Function | UnitKind::Method => &["function_definition"],
        UnitKind::Type => &["class_definition"],
        UnitKind::Const => &["assignment"],
    };
    let (name, mut out) = match root.and_then(|r| find(r, kinds)) {
        None => python_fallback(unit),
        Some(node) => match unit.kind {
            UnitKind::Function | UnitKind::Method => {
                let name = field(node, "name").map_or(unit.name, |n| text(n, &source));
                let is_method = unit.kind == UnitKind::Method;
                let f = py_function(node, name, &source, unit.owner, is_method);
                let doc = rust_doc(&with_notes(doc_lines(unit.doc), f.notes), "");
                (
                    f.name,
                    format!("{doc}{}{} {{\n    todo!()\n}}\n", f.vis, f.signature),
                )
            }
            UnitKind::Type => py_class(node, &source, unit),
            UnitKind::Const => py_constant(node, &source, unit),
        },
    };
    if root.is_some_and(|r| r.has_error()) {
        out.insert_str(
            0,
            "// TODO: the source has syntax errors; check this skeleton against it.\n",
        );
    }
    (name, out)
}

/// What is left when the source holds no unit of the expected kind.
fn python_fallback(unit: &Unit) -> (String, String) {
    let (base, vis) = py_visibility(unit.name);
    let (name, item) = match unit.kind {
        UnitKind::Function | UnitKind::Method => {
            let name = rust_ident(&snake_case(base));
            (name.clone(), format!("fn {name}() {{\n    todo!()\n}}"))
        }
        UnitKind::Type => {
            let name = rust_ident(&pascal_case(base));
            (name.clone(), format!("struct {name};"))
        }
        UnitKind::Const => {
            let name = rust_ident(&screaming_case(base));
            (name.clone(), format!("const {name}: TODO = todo!();"))
        }
    };
    let note = "// TODO: no Python definition found in the source.";
    (name, format!("{note}\n{vis}{item}\n"))
}

/// A Python name without its underscores, and the Rust visibility they ask for: `_name` is
/// private; `name` and `__dunder__` are public.
fn py_visibility(name: &str) -> (&str, &'static str) {
    let dunder = name.len() > 4 && name.starts_with("__") && name.ends_with("__");
    let private = name.starts_with('_') && !dunder;
    (name.trim_matches('_'), if private { "" } else { "pub " })
}

/// Strips from every line at most the first line's indentation: an indexed method keeps
/// its indentation on every line, and Python will not parse an indented `def`.
fn dedent(source: &str) -> String {
    let indentation = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let first = source
        .lines()
        .find(|l| !l.trim().is_empty())
        .map_or(0, indentation);
    source
        .lines()
        .map(|l| &l[indentation(l).min(first)..])
        .collect::<Vec<_>>()
        .join("\n")
}

/// The Rust type for a Python annotation; `param` applies the parameter overrides.
fn py_type(node: Node, src: &str, param: bool, depth: usize) -> String {
    let raw = text(node, src);
    if depth > MAX_DEPTH {
        return rust_todo(raw);
    }
    let map = &type_map().python_to_rust;
    match node.kind() {
        "type" => match node.named_child(0) {
            Some(inner) => py_type(inner, src, param, depth + 1),
            None => rust_todo(raw),
        },
        "identifier" | "attribute" | "member_type" | "none" => {
            let name = last_segment(raw);
            map.get(name, param)
                .map_or_else(|| name.to_string(), |t| fill(t, &[]))
        }
        "subscript" => {
            let name = field(node, "value").map_or("", |v| last_segment(text(v, src)));
            let mut cursor = node.walk();
            let args: Vec<Node> = node
                .children_by_field_name("subscript", &mut cursor)
                .collect();
            py_generic(name, &args, raw, src, param, depth)
        }
        "generic_type" => {
            let name = node
                .named_child(0)
                .map_or("", |n| last_segment(text(n, src)));
            let args: Vec<Node> = node.named_child(1).map(named).unwrap_or_default();
            py_generic(name, &args, raw, src, param, depth)
        }
        "binary_operator" | "union_type" => py_union(node, src, param, depth),
        "list" => {
            let items: Vec<String> = named(node)
                .into_iter()
                .map(|n| py_type(n, src, false, depth + 1))
                .collect();
            items.join(", ")
        }
        "string" => {
            // A forward reference: the type inside the quotes.
            let content = named(node)
                .into_iter()
                .find(|n| n.kind() == "string_content");
            let inner = content.map_or("", |c| text(c, src));
            let interpolated = named(node).iter().any(|n| n.kind() == "interpolation");
            match parse(Lang::Python, inner) {
                Some(tree)
                    if !interpolated && !inner.is_empty() && !tree.root_node().has_error() =>
                {
                    let expr = tree
                        .root_node()
                        .named_child(0)
                        .and_then(|s| s.named_child(0));
                    expr.map_or_else(|| rust_todo(raw), |e| py_type(e, inner, param, depth + 1))
                }
                _ => rust_todo(raw),
            }
        }
        _ => rust_todo(raw),
    }
}

/// A subscripted Python type: `list[int]`, `Optional[str]`, `Callable[[int], bool]`.
fn py_generic(
    name: &str,
    args: &[Node],
    raw: &str,
    src: &str,
    param: bool,
    depth: usize,
) -> String {
    let map = &type_map().python_to_rust;
    // Arguments as written, without the `type` wrapper annotations put around them.
    let args: Vec<Node> = args
        .iter()
        .map(|&a| {
            if a.kind() == "type" {
                a.named_child(0).unwrap_or(a)
            } else {
                a
            }
        })
        .collect();
    if name == "Optional" || name == "Union" {
        let optional = name == "Optional";
        return py_members(&args, optional, raw, src, param, depth);
    }
    if let [element, last] = args.as_slice()
        && last.kind() == "ellipsis"
        && let Some(template) = map.get(&format!("{name}[...]"), param)
    {
        return fill(template, &[py_type(*element, src, false, depth + 1)]);
    }
    let exact: String = raw.split_whitespace().collect();
    if let Some(template) = map.get(&exact, param) {
        return fill(template, &[]);
    }
    let translated: Vec<String> = args
        .iter()
        .map(|&a| {
            if a.kind() == "ellipsis" {
                rust_todo("...")
            } else {
                py_type(a, src, false, depth + 1)
            }
        })
        .collect();
    match map.get(name, param) {
        Some(template) => fill(template, &translated),
        None if translated.is_empty() => name.to_string(),
        None => format!("{name}<{}>", translated.join(", ")),
    }
}

/// `A | B | None`: the members of the union, nested `|` flattened.
fn py_union(node: Node, src: &str, param: bool, depth: usize) -> String {
    let mut members = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        let is_pipe = field(n, "operator").is_some_and(|o| text(o, src) == "|");
        match n.kind() {
            "binary_operator" if is_pipe => stack.extend(named(n).into_iter().rev()),
            "binary_operator" => return rust_todo(text(node, src)),
            "union_type" => stack.extend(named(n).into_iter().rev()),
            "type" => stack.extend(n.named_child(0)),
            _ => members.push(n),
        }
    }
    py_members(&members, false, text(node, src), src, param, depth)
}

/// A union: one type and `None` is an `Option`; anything else does not translate.
fn py_members(
    members: &[Node],
    optional: bool,
    raw: &str,
    src: &str,
    param: bool,
    depth: usize,
) -> String {
    let is_none = |n: &Node| n.kind() == "none" || text(*n, src) == "None";
    let some: Vec<Node> = members.iter().copied().filter(|n| !is_none(n)).collect();
    let optional = optional || some.len() < members.len();
    match some.as_slice() {
        [one] if optional => {
            let inner = py_type(*one, src, false, depth + 1);
            let template = type_map()
                .python_to_rust
                .get("Optional", param)
                .unwrap_or("Option<{0}>");
            fill(template, &[inner])
        }
        [one] => py_type(*one, src, param, depth + 1),
        _ => rust_todo(raw),
    }
}

/// A Python function as Rust, before it is laid out as an item or a trait member.
struct RustFn {
    name: String,
    /// `pub ` or nothing.
    vis: &'static str,
    /// `fn name(params) -> T`, with `async` when it is.
    signature: String,
    /// Generated doc lines: defaults and errors.
    notes: Vec<String>,
}

/// Decorator names without `@` and arguments: `dataclass`, `abc.abstractmethod`, `x.setter`.
fn py_decorators(def: Node, src: &str) -> Vec<String> {
    let Some(parent) = def.parent().filter(|p| p.kind() == "decorated_definition") else {
        return Vec::new();
    };
    let decorators = named(parent)
        .into_iter()
        .filter(|d| d.kind() == "decorator");
    decorators
        .map(|d| {
            let t = text(d, src).trim_start_matches('@');
            t.split('(').next().unwrap_or(t).trim().to_string()
        })
        .collect()
}

fn has_decorator(decorators: &[String], name: &str) -> bool {
    decorators.iter().any(|d| last_segment(d) == name)
}

/// The Rust name of a Python function, and its visibility (`_helper` is private).
fn py_fn_name(def: Node, name: &str, src: &str, is_method: bool) -> (String, &'static str) {
    if is_method && name == "__init__" {
        return ("new".to_string(), "pub ");
    }
    let (base, vis) = py_visibility(name);
    let mut base = snake_case(base);
    if has_decorator(&py_decorators(def, src), "setter") {
        base = format!("set_{base}");
    }
    (rust_ident(&base), vis)
}

fn py_function(def: Node, name: &str, src: &str, owner: Option<&str>, is_method: bool) -> RustFn {
    let decorators = py_decorators(def, src);
    let is_static = has_decorator(&decorators, "staticmethod");
    let is_class = has_decorator(&decorators, "classmethod");
    let is_init = is_method && name == "__init__";
    let (rust_name, vis) = py_fn_name(def, name, src, is_method);
    let mut params = Vec::new();
    let mut defaults = Vec::new();
    let mut receiver = None;
    let list = field(def, "parameters").map(named).unwrap_or_default();
    for p in list {
        let (name_node, ty, default) = match p.kind() {
            "identifier" | "list_splat_pattern" | "dictionary_splat_pattern" => (p, None, None),
            "typed_parameter" => (p.named_child(0).unwrap_or(p), field(p, "type"), None),
            "default_parameter" | "typed_default_parameter" => (
                field(p, "name").unwrap_or(p),
                field(p, "type"),
                field(p, "value"),
            ),
            _ => continue, // the `*` and `/` separators
        };
        if is_method && !is_static && receiver.is_none() {
            receiver = Some(text(name_node, src));
            continue;
        }
        let pname = rust_ident(&snake_case(text(name_node, src).trim_start_matches('*')));
        let ptype =
            |param| ty.map_or_else(|| UNANNOTATED.to_string(), |t| py_type(t, src, param, 0));
        match name_node.kind() {
            "dictionary_splat_pattern" => {
                params.push(format!("/* TODO: {} */", one_line(text(p, src))))
            }
            "list_splat_pattern" => params.push(format!("{pname}: &[{}]", ptype(false))),
            _ => params.push(format!("{pname}: {}", ptype(true))),
        }
        if let Some(value) = default {
            defaults.push(format!("{pname} = {}", one_line(text(value, src))));
        }
    }
    let facts = body_facts(field(def, "body"), src, receiver.unwrap_or("self"));
    if receiver.is_some() && !is_class && !is_init {
        let mutates = facts.mutates_self || has_decorator(&decorators, "setter");
        params.insert(0, if mutates { "&mut self" } else { "&self" }.to_string());
    }
    let annotation = field(def, "return_type");
    let mut ret = match annotation {
        _ if is_init => "Self".to_string(),
        Some(t) if owner.is_some_and(|o| text(t, src).trim_matches(['"', '\'']) == o) => {
            "Self".to_string()
        }
        Some(t) => py_type(t, src, false, 0),
        None if facts.yields => {
            let template = type_map()
                .python_to_rust
                .get("Iterator", false)
                .unwrap_or("{0}");
            fill(template, &[UNANNOTATED.to_string()])
        }
        None if facts.returns_value => UNANNOTATED.to_string(),
        None => "()".to_string(),
    };
    let mut notes = Vec::new();
    if !defaults.is_empty() {
        notes.push(format!("Defaults: {}.", defaults.join(", ")));
    }
    if facts.raises {
        ret = format!("Result<{ret}, Error>");
        notes.push(match facts.raised.is_empty() {
            true => "Errors: re-raises the exception it handles.".to_string(),
            false => format!("Errors: raises {}.", facts.raised.join(", ")),
        });
    }
    let arrow = if ret == "()" {
        String::new()
    } else {
        format!(" -> {ret}")
    };
    let asyncness = if text(def, src).starts_with("async") {
        "async "
    } else {
        ""
    };
    let mut signature = format!("{asyncness}fn {rust_name}({}){arrow}", params.join(", "));
    if signature.len() > 90 {
        // One parameter a line, as rustfmt lays out a long signature.
        let params: String = params.iter().map(|p| format!("\n    {p},")).collect();
        signature = format!("{asyncness}fn {rust_name}({params}\n){arrow}");
    }
    RustFn {
        name: rust_name,
        vis,
        signature,
        notes,
    }
}

/// What a function body does, nested functions and classes aside.
#[derive(Default)]
struct BodyFacts {
    returns_value: bool,
    yields: bool,
    raises: bool,
    /// Exception names raised, first occurrence first.
    raised: Vec<String>,
    /// Assigns to an attribute of the receiver (`self.x = …`, `self.n += 1`, `self.d[k] = v`).
    mutates_self: bool,
}

fn body_facts(body: Option<Node>, src: &str, receiver: &str) -> BodyFacts {
    let mut facts = BodyFacts::default();
    let Some(body) = body else { return facts };
    let nested = |n: Node| {
        matches!(
            n.kind(),
            "function_definition" | "class_definition" | "lambda"
        )
    };
    for n in walk(body, nested) {
        match n.kind() {
            "return_statement" => facts.returns_value |= n.named_child_count() > 0,
            "yield" => facts.yields = true,
            "raise_statement" => {
                let cause = field(n, "cause").map(|c| c.id());
                let raised = named(n).into_iter().find(|e| Some(e.id()) != cause);
                let callee = raised.map(|e| {
                    field(e, "function")
                        .filter(|_| e.kind() == "call")
                        .unwrap_or(e)
                });
                let name = callee.map(|c| last_segment(text(c, src)).to_string());
                // An abstract body is not an error path.
                if name.as_deref() == Some("NotImplementedError") {
                    continue;
                }
                facts.raises = true;
                if let Some(name) = name.filter(|n| !facts.raised.contains(n)) {
                    facts.raised.push(name);
                }
            }
            "assignment" | "augmented_assignment" => {
                let left = field(n, "left");
                facts.mutates_self |= left.is_some_and(|l| targets_receiver(l, src, receiver));
            }
            _ => {}
        }
    }
    facts
}

/// Whether an assignment target writes into the receiver.
fn targets_receiver(target: Node, src: &str, receiver: &str) -> bool {
    let mut stack = vec![target];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "attribute" if field(n, "object").is_some_and(|o| text(o, src) == receiver) => {
                return true;
            }
            "attribute" | "subscript" => stack.extend(field(
                n,
                if n.kind() == "subscript" {
                    "value"
                } else {
                    "object"
                },
            )),
            "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list" => {
                stack.extend(named(n))
            }
            _ => {}
        }
    }
    false
}

/// A Python literal as a Rust constant's type and value; `None` when it is no literal.
fn py_literal(value: Node, src: &str) -> Option<(&'static str, String)> {
    let raw = text(value, src);
    match value.kind() {
        "integer" => Some(("i64", raw.to_lowercase())),
        "float" if raw.starts_with('.') => Some(("f64", format!("0{raw}"))),
        "float" => Some(("f64", raw.to_string())),
        "true" => Some(("bool", "true".to_string())),
        "false" => Some(("bool", "false".to_string())),
        "none" => Some(("Option<TODO /* None */>", "None".to_string())),
        "unary_operator" if raw.starts_with('-') => {
            let number =
                field(value, "argument").filter(|a| matches!(a.kind(), "integer" | "float"))?;
            let (ty, number) = py_literal(number, src)?;
            Some((ty, format!("-{number}")))
        }
        "string" => {
            let parts = named(value);
            let start = parts.first().filter(|p| p.kind() == "string_start")?;
            let end = parts.last().filter(|p| p.kind() == "string_end")?;
            let prefix = text(*start, src)
                .trim_end_matches(['"', '\''])
                .to_lowercase();
            let content = src.get(start.end_byte()..end.start_byte())?;
            if prefix.contains('f') || parts.iter().any(|p| p.kind() == "interpolation") {
                return None;
            }
            let bytes = prefix.contains('b');
            let literal = if prefix.contains('r') {
                (!content.contains("\"#")).then(|| format!("r#\"{content}\"#"))?
            } else {
                rust_string(content, bytes)?
            };
            match bytes {
                true => Some(("&[u8]", format!("b{literal}"))),
                false => Some(("&str", literal)),
            }
        }
        _ => None,
    }
}

/// The content of a Python string as a Rust string literal, if its escapes mean the same.
fn rust_string(content: &str, bytes: bool) -> Option<String> {
    let mut out = String::from('"');
    let mut chars = content.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let e = chars.next()?;
                let digit_follows = chars.peek().is_some_and(char::is_ascii_digit);
                match e {
                    'n' | 't' | 'r' | '\\' | '\'' | '"' => {}
                    '0' if !digit_follows => {}
                    'x' if bytes => {}
                    _ => return None,
                }
                out.push('\\');
                out.push(e);
            }
            '"' => out.push_str("\\\""),
            _ => out.push(c),
        }
    }
    out.push('"');
    Some(out)
}

fn py_constant(assign: Node, src: &str, unit: &Unit) -> (String, String) {
    let left = field(assign, "left").filter(|l| l.kind() == "identifier");
    let raw_name = left.map_or(unit.name, |l| text(l, src));
    let (base, vis) = py_visibility(raw_name);
    let name = rust_ident(&screaming_case(base));
    let doc = rust_doc(&doc_lines(unit.doc), "");
    let annotation = field(assign, "type");
    let value = field(assign, "right");
    let out = match value.and_then(|v| py_literal(v, src)) {
        Some((literal_type, mut literal)) => {
            let ty =
                annotation.map_or_else(|| literal_type.to_string(), |t| py_type(t, src, true, 0));
            if ty == "f64" && value.is_some_and(|v| v.kind() == "integer") {
                literal.push_str(".0");
            }
            format!("{doc}{vis}const {name}: {ty} = {literal};\n")
        }
        None => {
            let ty =
                annotation.map_or_else(|| UNANNOTATED.to_string(), |t| py_type(t, src, false, 0));
            let expression = value.map_or(String::new(), |v| one_line(text(v, src)));
            let lazy = "std::sync::LazyLock";
            format!(
                "// TODO: {name} = {expression}\n\
                 {doc}{vis}static {name}: {lazy}<{ty}> = {lazy}::new(|| todo!());\n"
            )
        }
    };
    (name, out)
}

/// A field of a Python class.
struct Field {
    name: String,
    ty: String,
    default: Option<String>,
}

/// Fields from the class-level annotations and, with `from_init`, from `self.x = …` in
/// `__init__` (typed by their annotation, the parameter they come from, or their literal).
fn py_fields(stmts: &[Node], methods: &[Node], src: &str, from_init: bool) -> Vec<Field> {
    let mut fields: Vec<Field> = Vec::new();
    for stmt in stmts.iter().filter(|s| s.kind() == "expression_statement") {
        let Some(assign) = stmt.named_child(0).filter(|a| a.kind() == "assignment") else {
            continue;
        };
        let left = field(assign, "left").filter(|l| l.kind() == "identifier");
        let (Some(left), Some(ty)) = (left, field(assign, "type")) else {
            continue;
        };
        if text(ty, src).contains("ClassVar") {
            continue;
        }
        let default = field(assign, "right").map(|v| one_line(text(v, src)));
        fields.push(Field {
            name: text(left, src).to_string(),
            ty: py_type(ty, src, false, 0),
            default,
        });
    }
    let init = methods
        .iter()
        .find(|m| field(**m, "name").is_some_and(|n| text(n, src) == "__init__"));
    let Some(init) = init.filter(|_| from_init) else {
        return fields;
    };
    let params = field(*init, "parameters").map(named).unwrap_or_default();
    let receiver = params.first().map_or("self", |p| text(*p, src));
    let annotated: HashMap<&str, Node> = params
        .iter()
        .filter_map(|p| {
            let name = field(*p, "name").or_else(|| p.named_child(0))?;
            Some((text(name, src), field(*p, "type")?))
        })
        .collect();
    let nested = |n: Node| {
        matches!(
            n.kind(),
            "function_definition" | "class_definition" | "lambda"
        )
    };
    for assign in walk(*init, nested)
        .into_iter()
        .filter(|n| n.kind() == "assignment")
    {
        let Some(target) = field(assign, "left").filter(|l| l.kind() == "attribute") else {
            continue;
        };
        if field(target, "object").is_none_or(|o| text(o, src) != receiver) {
            continue;
        }
        let name = field(target, "attribute").map_or("", |a| text(a, src));
        if name.is_empty() || fields.iter().any(|f| f.name == name) {
            continue;
        }
        let value = field(assign, "right");
        let ty = if let Some(t) = field(assign, "type") {
            py_type(t, src, false, 0)
        } else if let Some(t) = value.and_then(|v| annotated.get(text(v, src))) {
            py_type(*t, src, false, 0)
        } else {
            match value.and_then(|v| py_literal(v, src)).map(|(ty, _)| ty) {
                Some("&str") => "String".to_string(),
                Some("&[u8]") => "Vec<u8>".to_string(),
                Some(ty) => ty.to_string(),
                None => UNANNOTATED.to_string(),
            }
        };
        fields.push(Field {
            name: name.to_string(),
            ty,
            default: None,
        });
    }
    fields
}

fn rust_fields(fields: &[Field]) -> String {
    let line = |f: &Field| {
        let (base, vis) = py_visibility(&f.name);
        format!("    {vis}{}: {},\n", rust_ident(&snake_case(base)), f.ty)
    };
    fields.iter().map(line).collect()
}

fn py_class(class: Node, src: &str, unit: &Unit) -> (String, String) {
    let raw_name = field(class, "name").map_or(unit.name, |n| text(n, src));
    let (base, vis) = py_visibility(raw_name);
    let name = rust_ident(&pascal_case(base));
    let superclasses = field(class, "superclasses").map(named).unwrap_or_default();
    // `Base`, `abc.ABC`, `Generic[T]`, `metaclass=ABCMeta`: the name that says what it is.
    let bases: Vec<&str> = superclasses
        .into_iter()
        .map(|b| last_segment(text(field(b, "value").unwrap_or(b), src)))
        .collect();
    let is = |names: &[&str]| bases.iter().any(|b| names.contains(b));
    let stmts = field(class, "body").map(named).unwrap_or_default();
    let methods: Vec<Node> = stmts
        .iter()
        .filter_map(|s| match s.kind() {
            "function_definition" => Some(*s),
            "decorated_definition" => {
                field(*s, "definition").filter(|d| d.kind() == "function_definition")
            }
            _ => None,
        })
        .collect();
    let method_name = |m: &Node| field(*m, "name").map_or("", |n| text(n, src));
    // Names once each: a property and its setter, or `_bind` and `bind`, share one.
    let method_list = |ms: &[Node]| -> String {
        let mut names: Vec<String> = Vec::new();
        for m in ms {
            let name = py_fn_name(*m, method_name(m), src, true).0;
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names.join(", ")
    };
    let mut notes = Vec::new();
    let enum_base = |b: &&str| b.ends_with("Enum") || b.ends_with("Flag"); // `IntEnum`, `_Enum`
    let body = if bases.iter().any(enum_base) {
        let variants: String = stmts
            .iter()
            .filter_map(|s| {
                s.named_child(0)
                    .filter(|a| s.kind() == "expression_statement" && a.kind() == "assignment")
            })
            .filter_map(|a| field(a, "left").filter(|l| l.kind() == "identifier"))
            .map(|l| text(l, src))
            .filter(|n| !n.starts_with('_'))
            .map(|n| format!("    {},\n", pascal_case(n)))
            .collect();
        if !methods.is_empty() {
            notes.push(format!("Methods: {}.", method_list(&methods)));
        }
        format!("#[derive(Debug, Clone, Copy, PartialEq, Eq)]\n{vis}enum {name} {{\n{variants}}}\n")
    } else if is(&["Protocol", "ABC", "ABCMeta"]) {
        let protocol = is(&["Protocol"]);
        let (required, provided): (Vec<Node>, Vec<Node>) = methods
            .iter()
            .partition(|m| protocol || has_decorator(&py_decorators(**m, src), "abstractmethod"));
        if !provided.is_empty() {
            notes.push(format!("Provided methods: {}.", method_list(&provided)));
        }
        let items: String = required
            .iter()
            .map(|m| {
                let f = py_function(*m, method_name(m), src, Some(raw_name), true);
                let summary = py_docstring_summary(*m, src)
                    .map(|s| vec![s])
                    .unwrap_or_default();
                let doc = rust_doc(&with_notes(summary, f.notes), "    ");
                format!("{doc}    {};\n", f.signature.replace('\n', "\n    "))
            })
            .collect();
        format!("{vis}trait {name} {{\n{items}}}\n")
    } else {
        let decorators = py_decorators(class, src);
        let record = has_decorator(&decorators, "dataclass") || is(RECORD_BASES);
        let error = bases.iter().any(|b| {
            *b == "Exception"
                || *b == "BaseException"
                || b.ends_with("Error")
                || b.ends_with("Exception")
        });
        let mut fields = py_fields(&stmts, &methods, src, !record);
        if error && !fields.iter().any(|f| f.name == "message") {
            let message = Field {
                name: "message".to_string(),
                ty: "String".to_string(),
                default: None,
            };
            fields.insert(0, message);
        }
        let defaults: Vec<String> = fields
            .iter()
            .filter_map(|f| {
                Some(format!(
                    "{} = {}",
                    snake_case(py_visibility(&f.name).0),
                    f.default.as_ref()?
                ))
            })
            .collect();
        if !methods.is_empty() {
            notes.push(format!("Methods: {}.", method_list(&methods)));
        }
        if !defaults.is_empty() {
            notes.push(format!("Defaults: {}.", defaults.join(", ")));
        }
        let derive = if record && !error {
            "Debug, Clone, PartialEq"
        } else {
            "Debug"
        };
        let body = match fields.is_empty() {
            true => ";".to_string(),
            false => format!(" {{\n{}}}", rust_fields(&fields)),
        };
        let mut out = format!("#[derive({derive})]\n{vis}struct {name}{body}\n");
        if error {
            out.push_str(&format!(
                "\nimpl std::fmt::Display for {name} {{\n    \
                 fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{\n        \
                 f.write_str(&self.message)\n    }}\n}}\n\nimpl std::error::Error for {name} {{}}\n"
            ));
        }
        out
    };
    let doc = rust_doc(&with_notes(doc_lines(unit.doc), notes), "");
    (name, format!("{doc}{body}"))
}

/// The first line of a function's docstring.
fn py_docstring_summary(def: Node, src: &str) -> Option<String> {
    let first = field(def, "body")?.named_child(0)?;
    let string = first
        .named_child(0)
        .filter(|s| first.kind() == "expression_statement" && s.kind() == "string")?;
    let content = named(string)
        .into_iter()
        .find(|c| c.kind() == "string_content")?;
    let line = text(content, src)
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())?;
    Some(line.to_string())
}

// ---------------------------------------------------------------- Rust → Python

fn rust_to_python(unit: &Unit) -> (String, String) {
    let tree = parse(Lang::Rust, unit.source);
    let root = tree.as_ref().map(Tree::root_node);
    let kinds: &[&str] = match unit.kind {
        UnitKind::Function | UnitKind::Method => &["function_item", "function_signature_item"],
        UnitKind::Type => &[
            "struct_item",
            "enum_item",
            "union_item",
            "trait_item",
            "type_item",
        ],
        UnitKind::Const => &["const_item", "static_item"],
    };
    let src = unit.source;
    let (name, mut out) = match root.and_then(|r| find(r, kinds)) {
        None => {
            let note = "# TODO: no Rust item found in the source.\n";
            let name = py_ident(unit.name);
            let out = match unit.kind {
                UnitKind::Function | UnitKind::Method => {
                    format!("{note}def {name}():\n    raise NotImplementedError\n")
                }
                UnitKind::Type => format!("{note}class {name}:\n    pass\n"),
                UnitKind::Const => format!("{note}{name} = ...\n"),
            };
            (name, out)
        }
        Some(item) => match unit.kind {
            UnitKind::Function | UnitKind::Method => {
                let def = rs_def(item, src, unit.owner, unit.kind == UnitKind::Method);
                let raises = def
                    .raises
                    .map(|e| format!("Raises: {e}"))
                    .into_iter()
                    .collect();
                let doc = docstring(&with_notes(doc_lines(unit.doc), raises), "    ");
                let typevars = typevar_lines(item, src);
                let out = format!(
                    "{typevars}{}\n{doc}    raise NotImplementedError\n",
                    def.lines.join("\n")
                );
                (def.name, out)
            }
            UnitKind::Type => rs_type_item(item, src, unit),
            UnitKind::Const => rs_constant(item, src, unit),
        },
    };
    if root.is_some_and(|r| r.has_error()) {
        out.insert_str(
            0,
            "# TODO: the source has syntax errors; check this skeleton against it.\n",
        );
    }
    (name, out)
}

/// Type arguments that are types: lifetimes dropped, `Item = T` read as `T`.
fn rs_type_args(node: Node) -> Vec<Node> {
    let args = field(node, "type_arguments").map(named).unwrap_or_default();
    args.into_iter()
        .filter(|a| a.kind() != "lifetime")
        .map(|a| {
            if a.kind() == "type_binding" {
                field(a, "type").unwrap_or(a)
            } else {
                a
            }
        })
        .collect()
}

/// The Python annotation for a Rust type.
fn rs_type(node: Node, src: &str, depth: usize) -> String {
    let raw = text(node, src);
    if depth > MAX_DEPTH {
        return python_todo(raw);
    }
    let map = &type_map().rust_to_python;
    let sub = |n: Node| rs_type(n, src, depth + 1);
    let form = |key: &str, args: &[String]| {
        map.get(key, false)
            .map_or_else(|| python_todo(raw), |t| fill(t, args))
    };
    match node.kind() {
        "primitive_type" | "type_identifier" | "scoped_type_identifier" => {
            let name = last_segment(raw);
            map.get(name, false)
                .map_or_else(|| name.to_string(), |t| fill(t, &[]))
        }
        "generic_type" => {
            let name = field(node, "type").map_or("", |t| last_segment(text(t, src)));
            let args = rs_type_args(node);
            let written: Vec<String> = args
                .iter()
                .map(|a| text(*a, src).split_whitespace().collect())
                .collect();
            if let Some(template) = map.get(&format!("{name}<{}>", written.join(",")), false) {
                return fill(template, &[]);
            }
            let translated: Vec<String> = args.into_iter().map(sub).collect();
            match map.get(name, false) {
                Some(template) => fill(template, &translated),
                None if translated.is_empty() => name.to_string(),
                None => format!("{name}[{}]", translated.join(", ")),
            }
        }
        "reference_type" => form(
            "&",
            &[field(node, "type").map_or_else(|| python_todo(raw), sub)],
        ),
        "pointer_type" => form(
            "*",
            &[field(node, "type").map_or_else(|| python_todo(raw), sub)],
        ),
        "array_type" => {
            let element = field(node, "element");
            let written: String = element
                .map_or("", |e| text(e, src))
                .split_whitespace()
                .collect();
            match map.get(&format!("[{written}]"), false) {
                Some(template) => fill(template, &[]),
                None => form("[]", &[element.map_or_else(|| python_todo(raw), sub)]),
            }
        }
        "tuple_type" => form("(,)", &named(node).into_iter().map(sub).collect::<Vec<_>>()),
        "unit_type" => form("()", &[]),
        "never_type" => form("!", &[]),
        "function_type" => {
            let key = field(node, "trait").map_or("fn", |t| last_segment(text(t, src)));
            let params = field(node, "parameters").map(named).unwrap_or_default();
            let params: Vec<String> = params
                .into_iter()
                .filter(|p| p.kind() != "lifetime")
                .map(sub)
                .collect();
            let ret = field(node, "return_type").map_or_else(|| form("()", &[]), sub);
            form(key, &[params.join(", "), ret])
        }
        "abstract_type" | "dynamic_type" => {
            field(node, "trait").map_or_else(|| python_todo(raw), sub)
        }
        "bounded_type" => node.named_child(0).map_or_else(|| python_todo(raw), sub),
        _ => python_todo(raw),
    }
}

/// A Python `def` for a Rust function: its decorator and `def` lines, and what it raises.
struct PyDef {
    name: String,
    lines: Vec<String>,
    raises: Option<String>,
}

fn rs_def(item: Node, src: &str, owner: Option<&str>, is_method: bool) -> PyDef {
    let raw_name = field(item, "name").map_or("", |n| text(n, src));
    let is_init = is_method && raw_name == "new";
    let name = if is_init {
        "__init__".to_string()
    } else {
        py_ident(raw_name)
    };
    let list = field(item, "parameters").map(named).unwrap_or_default();
    let has_self = list.iter().any(|p| p.kind() == "self_parameter");
    let mut params = Vec::new();
    if has_self || is_init {
        params.push("self".to_string());
    }
    for (i, p) in list.iter().enumerate() {
        match p.kind() {
            "parameter" => {
                let pattern = field(*p, "pattern").filter(|n| n.kind() == "identifier");
                let pname = pattern.map_or_else(|| format!("arg{i}"), |n| py_ident(text(n, src)));
                let ty = field(*p, "type")
                    .map_or_else(|| python_todo("untyped"), |t| rs_type(t, src, 0));
                params.push(format!("{pname}: {ty}"));
            }
            "variadic_parameter" => params.push("*args".to_string()),
            _ => {}
        }
    }
    let ret_node = field(item, "return_type");
    let raises = ret_node
        .filter(|r| r.kind() == "generic_type")
        .filter(|r| field(*r, "type").is_some_and(|t| last_segment(text(t, src)) == "Result"))
        .map(|r| {
            rs_type_args(r)
                .get(1)
                .map_or_else(|| "Error".to_string(), |e| rs_type(*e, src, 0))
        });
    let mut ret = match ret_node {
        Some(r) if !is_init => rs_type(r, src, 0),
        _ => "None".to_string(),
    };
    if let Some(owner) = owner.filter(|_| ret == "Self") {
        ret = format!("\"{owner}\"");
    }
    let mut lines = Vec::new();
    if is_method && !has_self && !is_init {
        lines.push("@staticmethod".to_string());
    }
    let is_async = named(item)
        .iter()
        .any(|c| c.kind() == "function_modifiers" && text(*c, src).contains("async"));
    let asyncness = if is_async { "async " } else { "" };
    lines.push(format!(
        "{asyncness}def {name}({}) -> {ret}:",
        params.join(", ")
    ));
    PyDef {
        name,
        lines,
        raises,
    }
}

/// The names of an item's generic type parameters.
fn typevars(item: Node, src: &str) -> Vec<String> {
    let params = field(item, "type_parameters")
        .map(named)
        .unwrap_or_default();
    let names = params.into_iter().filter(|p| p.kind() == "type_parameter");
    names
        .filter_map(|p| field(p, "name"))
        .map(|n| text(n, src).to_string())
        .collect()
}

fn typevar_lines(item: Node, src: &str) -> String {
    typevars(item, src)
        .iter()
        .map(|t| format!("{t} = TypeVar(\"{t}\")\n"))
        .collect()
}

/// A docstring indented by `indent`, or nothing without lines.
fn docstring(lines: &[String], indent: &str) -> String {
    let Some(first) = lines.first() else {
        return String::new();
    };
    let raw = if lines.iter().any(|l| l.contains('\\')) {
        "r"
    } else {
        ""
    };
    let safe = |l: &str| l.replace("\"\"\"", "'''");
    if lines.len() == 1 && !first.ends_with('"') {
        return format!("{indent}{raw}\"\"\"{}\"\"\"\n", safe(first));
    }
    let mut out = format!("{indent}{raw}\"\"\"{}\n", safe(first));
    for line in &lines[1..] {
        match line.is_empty() {
            true => out.push('\n'),
            false => out.push_str(&format!("{indent}{}\n", safe(line))),
        }
    }
    out.push_str(&format!("{indent}\"\"\"\n"));
    out
}

/// A class's body: its docstring and members, or `pass`.
fn class_body(doc: &[String], members: &[String]) -> String {
    let mut out = docstring(doc, "    ");
    for member in members {
        for line in member.lines() {
            out.push_str(&format!("    {line}\n"));
        }
    }
    if out.is_empty() {
        out.push_str("    pass\n");
    }
    out
}

fn class_header(name: &str, bases: &[String]) -> String {
    match bases.is_empty() {
        true => format!("class {name}:\n"),
        false => format!("class {name}({}):\n", bases.join(", ")),
    }
}

/// Python fields for a Rust struct or variant body: named fields, or `_0`, `_1` by position.
fn rs_fields(body: Option<Node>, src: &str) -> Vec<String> {
    let Some(body) = body else { return Vec::new() };
    if body.kind() == "ordered_field_declaration_list" {
        let mut cursor = body.walk();
        let types: Vec<Node> = body.children_by_field_name("type", &mut cursor).collect();
        return types
            .iter()
            .enumerate()
            .map(|(i, t)| format!("_{i}: {}", rs_type(*t, src, 0)))
            .collect();
    }
    let fields = named(body)
        .into_iter()
        .filter(|f| f.kind() == "field_declaration");
    fields
        .map(|f| {
            let name = field(f, "name").map_or("", |n| text(n, src));
            let ty =
                field(f, "type").map_or_else(|| python_todo("untyped"), |t| rs_type(t, src, 0));
            format!("{}: {ty}", py_ident(name))
        })
        .collect()
}

fn rs_type_item(item: Node, src: &str, unit: &Unit) -> (String, String) {
    let name = py_ident(field(item, "name").map_or(unit.name, |n| text(n, src)));
    let doc = doc_lines(unit.doc);
    let vars = typevars(item, src);
    let mut out = typevar_lines(item, src);
    let generic = |base: &str| format!("{base}[{}]", vars.join(", "));
    let mut bases: Vec<String> = if vars.is_empty() {
        Vec::new()
    } else {
        vec![generic("Generic")]
    };
    let body = field(item, "body");
    match item.kind() {
        "enum_item" => {
            let variants: Vec<Node> = body
                .map(named)
                .unwrap_or_default()
                .into_iter()
                .filter(|v| v.kind() == "enum_variant")
                .collect();
            let variant_name = |v: &Node| field(*v, "name").map_or("", |n| text(n, src));
            if variants.iter().all(|v| field(*v, "body").is_none()) {
                let members: Vec<String> = variants
                    .iter()
                    .map(|v| {
                        let value = field(*v, "value").and_then(|x| rs_literal(x, src));
                        format!(
                            "{} = {}",
                            screaming_case(variant_name(v)),
                            value.as_deref().unwrap_or("auto()")
                        )
                    })
                    .collect();
                bases.insert(0, "Enum".to_string());
                out.push_str(&class_header(&name, &bases));
                out.push_str(&class_body(&doc, &members));
            } else {
                out.push_str(&class_header(&name, &bases));
                out.push_str(&class_body(&doc, &[]));
                for v in &variants {
                    let fields = rs_fields(field(*v, "body"), src);
                    out.push_str("\n\n@dataclass\n");
                    out.push_str(&class_header(
                        &py_ident(variant_name(v)),
                        std::slice::from_ref(&name),
                    ));
                    out.push_str(&class_body(&[], &fields));
                }
            }
        }
        "trait_item" => {
            let members: Vec<String> = body
                .map(named)
                .unwrap_or_default()
                .into_iter()
                .filter(|m| matches!(m.kind(), "function_item" | "function_signature_item"))
                .map(|m| {
                    let def = rs_def(m, src, Some(&name), true);
                    let raises = def
                        .raises
                        .map(|e| format!("  # Raises: {e}"))
                        .unwrap_or_default();
                    format!("{} ...{raises}", def.lines.join("\n"))
                })
                .collect();
            bases.retain(|b| !b.starts_with("Generic"));
            bases.push(if vars.is_empty() {
                "Protocol".to_string()
            } else {
                generic("Protocol")
            });
            out.push_str(&class_header(&name, &bases));
            out.push_str(&class_body(&doc, &members));
        }
        "type_item" => {
            let ty =
                field(item, "type").map_or_else(|| python_todo("no type"), |t| rs_type(t, src, 0));
            out.extend(
                doc.iter()
                    .map(|l| format!("# {l}\n").replace("# \n", "#\n")),
            );
            out.push_str(&format!("{name} = {ty}\n"));
        }
        _ => {
            out.push_str("@dataclass\n");
            out.push_str(&class_header(&name, &bases));
            out.push_str(&class_body(&doc, &rs_fields(body, src)));
        }
    }
    (name, out)
}

/// A Rust literal as Python, if it is one.
fn rs_literal(value: Node, src: &str) -> Option<String> {
    let raw = text(value, src);
    let cut_suffix = |s: &str, marks: &[char]| {
        s[..s.find(marks).unwrap_or(s.len())]
            .trim_end_matches('_')
            .to_string()
    };
    match value.kind() {
        "integer_literal" => Some(cut_suffix(raw, &['i', 'u'])),
        "float_literal" => Some(cut_suffix(raw, &['f'])),
        "boolean_literal" => Some(if raw == "true" { "True" } else { "False" }.to_string()),
        "string_literal" | "char_literal" => {
            (!raw.contains("\\u{") && !raw.contains('\n')).then(|| raw.to_string())
        }
        "raw_string_literal" => {
            let content = named(value)
                .into_iter()
                .find(|c| c.kind() == "string_content")
                .map_or("", |c| text(c, src));
            let prefix = if raw.starts_with('b') { "br" } else { "r" };
            (!content.contains(['"', '\n'])).then(|| format!("{prefix}\"{content}\""))
        }
        "unary_expression" if raw.starts_with('-') => {
            let number = value
                .named_child(0)
                .filter(|n| matches!(n.kind(), "integer_literal" | "float_literal"))?;
            Some(format!("-{}", rs_literal(number, src)?))
        }
        _ => None,
    }
}

fn rs_constant(item: Node, src: &str, unit: &Unit) -> (String, String) {
    let name = py_ident(field(item, "name").map_or(unit.name, |n| text(n, src)));
    let ty = field(item, "type").map_or_else(|| python_todo("untyped"), |t| rs_type(t, src, 0));
    let value = field(item, "value");
    let mut out: String = doc_lines(unit.doc)
        .iter()
        .map(|l| format!("# {l}").trim_end().to_string() + "\n")
        .collect();
    out.push_str(&match value.and_then(|v| rs_literal(v, src)) {
        Some(literal) => format!("{name}: {ty} = {literal}\n"),
        None => format!(
            "{name}: {ty} = ...  # TODO: {}\n",
            value.map_or(String::new(), |v| one_line(text(v, src)))
        ),
    });
    (name, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit<'a>(kind: UnitKind, lang: Lang, name: &'a str, source: &'a str) -> Unit<'a> {
        Unit {
            kind,
            lang,
            name,
            owner: None,
            source,
            doc: None,
        }
    }

    /// The skeleton in the other language, checking its TODO count on the way.
    fn port(unit: Unit) -> Skeleton {
        let to = if unit.lang == Lang::Python {
            Lang::Rust
        } else {
            Lang::Python
        };
        let skeleton = skeleton(&unit, to);
        let in_doc = unit.doc.map_or(0, count_todos);
        assert_eq!(
            skeleton.todos + in_doc,
            count_todos(&skeleton.text),
            "{}",
            skeleton.text
        );
        skeleton
    }

    fn py(kind: UnitKind, source: &str) -> String {
        port(unit(kind, Lang::Python, "x", source)).text
    }

    fn py_method(owner: &str, source: &str) -> String {
        outside_owner(&py_method_whole(owner, source))
    }

    /// A method's skeleton without the type block around it.
    fn outside_owner(text: &str) -> String {
        let mut lines: Vec<&str> = text.lines().skip(1).collect();
        if lines.last() == Some(&"}") {
            lines.pop();
        }
        lines
            .iter()
            .map(|line| format!("{}\n", line.strip_prefix("    ").unwrap_or(line)))
            .collect()
    }

    #[test]
    fn a_method_says_which_type_it_goes_in() {
        let rust = py_method_whole("Policy", "def bump(self) -> None:\n    self.n += 1\n");
        assert!(
            rust.starts_with("impl Policy {\n    pub fn bump(&mut self)"),
            "{rust}"
        );
        assert!(rust.ends_with("\n}\n"), "{rust}");
        let python = port(Unit {
            owner: Some("Policy"),
            ..unit(UnitKind::Method, Lang::Rust, "x", "fn bump(&self) {}")
        })
        .text;
        assert!(
            python.starts_with("class Policy:\n    def bump(self)"),
            "{python}"
        );
    }

    fn py_method_whole(owner: &str, source: &str) -> String {
        port(Unit {
            owner: Some(owner),
            ..unit(UnitKind::Method, Lang::Python, "x", source)
        })
        .text
    }

    fn rs(kind: UnitKind, source: &str) -> String {
        port(unit(kind, Lang::Rust, "x", source)).text
    }

    /// The Rust type for a Python annotation.
    fn rust_type(annotation: &str, param: bool) -> String {
        let source = format!("x: {annotation}");
        let tree = parse(Lang::Python, &source).unwrap(); // the grammar is linked in
        let ty = find(tree.root_node(), &["type"]).unwrap(); // an annotation is a `type`
        py_type(ty, &source, param, 0)
    }

    /// The Python annotation for a Rust type.
    fn python_type(ty: &str) -> String {
        let source = format!("type X = {ty};");
        let tree = parse(Lang::Rust, &source).unwrap(); // the grammar is linked in
        let alias = find(tree.root_node(), &["type_item"]).unwrap(); // a type alias parses
        rs_type(field(alias, "type").unwrap(), &source, 0) // with its type
    }

    #[test]
    fn the_same_language_gives_the_source_back() {
        let same = skeleton(
            &unit(UnitKind::Function, Lang::Rust, "f", "fn f() {}"),
            Lang::Rust,
        );
        assert_eq!(
            same,
            Skeleton {
                name: "f".into(),
                text: "fn f() {}".into(),
                todos: 0
            }
        );
    }

    #[test]
    fn every_template_parses_with_contiguous_placeholders() {
        let map: TypeMap = toml::from_str(TYPES_TOML).unwrap(); // the test is that it parses
        let mut count = 0;
        for direction in [&map.python_to_rust, &map.rust_to_python] {
            for (key, template) in direction.types.iter().chain(&direction.parameter) {
                count += 1;
                let mut holes = Vec::new();
                let mut rest = template.as_str();
                while let Some(open) = rest.find('{') {
                    let close = rest[open..].find('}').map(|c| open + c);
                    let close = close.unwrap_or_else(|| panic!("{key}: unclosed {{ in {template}"));
                    holes.push(rest[open + 1..close].to_string());
                    rest = &rest[close + 1..];
                }
                assert!(!rest.contains('}'), "{key}: stray }} in {template}");
                let numbers: Vec<usize> = holes
                    .iter()
                    .filter(|h| *h != "*")
                    .map(|h| h.parse().unwrap_or_else(|_| panic!("{key}: hole {{{h}}}")))
                    .collect();
                let used = numbers.iter().max().map_or(0, |m| m + 1);
                assert!(
                    (0..used).all(|i| numbers.contains(&i)),
                    "{key}: a hole skipped"
                );
            }
        }
        assert!(count > 80, "only {count} templates");
        let holes = |t: &Templates, key: &str| t.types.get(key).map(|v| v.matches('{').count());
        assert_eq!(holes(&map.python_to_rust, "int"), Some(0));
        assert_eq!(holes(&map.python_to_rust, "list"), Some(1));
        assert_eq!(holes(&map.python_to_rust, "dict"), Some(2));
        assert_eq!(holes(&map.python_to_rust, "Callable"), Some(2));
        assert_eq!(holes(&map.rust_to_python, "HashMap"), Some(2));
        assert_eq!(map.python_to_rust.get("str", true), Some("&str"));
    }

    #[test]
    fn python_annotations_become_rust_types() {
        let cases = [
            ("int", "i64"),
            ("float", "f64"),
            ("str", "String"),
            ("bytes", "Vec<u8>"),
            ("bool", "bool"),
            ("None", "()"),
            ("list[int]", "Vec<i64>"),
            ("typing.List[t.Dict[str, int]]", "Vec<HashMap<String, i64>>"),
            ("Sequence[frozenset[str]]", "Vec<HashSet<String>>"),
            (
                "Mapping[str, Set[bytes]]",
                "HashMap<String, HashSet<Vec<u8>>>",
            ),
            ("tuple[int, str]", "(i64, String)"),
            ("Tuple[int, ...]", "Vec<i64>"),
            ("Optional[int]", "Option<i64>"),
            ("int | None", "Option<i64>"),
            ("None | list[str]", "Option<Vec<String>>"),
            ("Union[int, None]", "Option<i64>"),
            ("Union[int, str]", "TODO /* Union[int, str] */"),
            ("int | str | None", "TODO /* int | str | None */"),
            ("Any", "TODO /* Any */"),
            ("Callable[[int, str], bool]", "impl Fn(i64, String) -> bool"),
            ("Iterator[int]", "impl Iterator<Item = i64>"),
            ("Generator[str, None, None]", "impl Iterator<Item = String>"),
            ("\"Money\"", "Money"),
            ("'Optional[Money]'", "Option<Money>"),
            ("Page[Money]", "Page<Money>"),
            ("dict", "HashMap<TODO, TODO>"),
            ("1 + 2", "TODO /* 1 + 2 */"),
        ];
        for (annotation, expected) in cases {
            assert_eq!(rust_type(annotation, false), expected, "{annotation}");
        }
        assert_eq!(rust_type("str", true), "&str");
        assert_eq!(rust_type("bytes", true), "&[u8]");
        assert_eq!(rust_type("list[str]", true), "Vec<String>");
        let deep = format!("{}int{}", "list[".repeat(100), "]".repeat(100));
        assert!(rust_type(&deep, false).contains("TODO"));
    }

    #[test]
    fn rust_types_become_python_annotations() {
        let cases = [
            ("i32", "int"),
            ("usize", "int"),
            ("f32", "float"),
            ("bool", "bool"),
            ("&'a str", "str"),
            ("String", "str"),
            ("char", "str"),
            ("Vec<u8>", "bytes"),
            ("&[u8]", "bytes"),
            ("[u8; 32]", "bytes"),
            ("&mut [T]", "list[T]"),
            ("VecDeque<[i64; 3]>", "list[list[int]]"),
            (
                "HashMap<String, Vec<Option<u64>>>",
                "dict[str, list[Optional[int]]]",
            ),
            ("std::collections::BTreeSet<i8>", "set[int]"),
            ("(i32, f64)", "tuple[int, float]"),
            ("()", "None"),
            ("Box<dyn Error + Send>", "Error"),
            ("Arc<Rc<Cow<'_, str>>>", "str"),
            ("std::path::PathBuf", "Path"),
            ("&Path", "Path"),
            ("impl Fn(i32, &str) -> bool", "Callable[[int, str], bool]"),
            ("fn(u8)", "Callable[[int], None]"),
            ("impl Iterator<Item = T>", "Iterator[T]"),
            ("impl Into<String>", "str"),
            ("Result<u8, Error>", "int"),
            ("Page<'a, Money>", "Page[Money]"),
            ("*const u8", "\"TODO: raw pointer\""),
        ];
        for (ty, expected) in cases {
            assert_eq!(python_type(ty), expected, "{ty}");
        }
    }

    #[test]
    fn names_follow_each_languages_conventions() {
        let snake = [
            ("parseDate", "parse_date"),
            ("HTTPServer", "http_server"),
            ("getURL2", "get_url2"),
        ];
        for (name, expected) in snake
            .into_iter()
            .chain([("already_snake", "already_snake")])
        {
            assert_eq!(snake_case(name), expected);
        }
        for (name, expected) in [
            ("LIGHT_BLUE", "LightBlue"),
            ("in_progress", "InProgress"),
            ("inProgress", "InProgress"),
        ] {
            assert_eq!(pascal_case(name), expected);
        }
        assert_eq!(screaming_case("maxDelay"), "MAX_DELAY");
        assert_eq!(
            [rust_ident("type"), rust_ident("self")],
            ["r#type", "self_"]
        );
        assert_eq!([py_ident("r#type"), py_ident("from")], ["type", "from_"]);
        let camel = port(unit(
            UnitKind::Function,
            Lang::Python,
            "parseDate",
            "def parseDate(): pass",
        ));
        assert_eq!(camel.name, "parse_date");
        assert_eq!(camel.text, "pub fn parse_date() {\n    todo!()\n}\n");
        assert_eq!(
            py(UnitKind::Function, "def _helper(): pass"),
            "fn helper() {\n    todo!()\n}\n"
        );
    }

    #[test]
    fn a_python_function_keeps_its_types_defaults_and_errors() {
        let source = r#"def parse_date(text: str, fmt: "Optional[str]" = None, *parts: int, strict: bool = False, **kw) -> date:
    if not text:
        raise ValueError("empty")
    def inner():
        raise TypeError
    raise errors.KeyError
"#;
        let doc = Some("Parses a date.\nTODO: time zones.");
        let f = port(Unit {
            doc,
            ..unit(UnitKind::Function, Lang::Python, "parse_date", source)
        });
        let expected = "\
/// Parses a date.
/// TODO: time zones.
///
/// Defaults: fmt = None, strict = False.
/// Errors: raises ValueError, KeyError.
pub fn parse_date(
    text: &str,
    fmt: Option<String>,
    parts: &[i64],
    strict: bool,
    /* TODO: **kw */,
) -> Result<date, Error> {
    todo!()
}
";
        assert_eq!((f.text.as_str(), f.todos), (expected, 1));
        let reraise = "\
def f(x: bytes):
    try:
        pass
    except E:
        raise
";
        let expected = "\
/// Errors: re-raises the exception it handles.
pub fn f(x: &[u8]) -> Result<(), Error> {
    todo!()
}
";
        assert_eq!(py(UnitKind::Function, reraise), expected);
    }

    #[test]
    fn unannotated_parameters_and_returns_are_todos() {
        let f = port(unit(
            UnitKind::Function,
            Lang::Python,
            "f",
            "def f(a, b=1, *rest):\n    return a\n",
        ));
        let expected = "\
/// Defaults: b = 1.
pub fn f(
    a: TODO /* unannotated */,
    b: TODO /* unannotated */,
    rest: &[TODO /* unannotated */],
) -> TODO /* unannotated */ {
    todo!()
}
";
        assert_eq!((f.text.as_str(), f.todos), (expected, 4));
        let generator = "async def count(n: int):\n    yield n\n";
        let expected = "\
pub async fn count(n: i64) -> impl Iterator<Item = TODO /* unannotated */> {
    todo!()
}
";
        assert_eq!(py(UnitKind::Function, generator), expected);
    }

    #[test]
    fn methods_take_the_receiver_their_bodies_need() {
        let cases = [
            (
                "    def bump(self, by: int) -> None:\n        \"\"\"Bumps.\"\"\"\n        self.count += by\n",
                "pub fn bump(&mut self, by: i64) {",
            ),
            (
                "    def put(self, k: str, v: int):\n        self.items[k] = v\n",
                "pub fn put(&mut self, k: &str, v: i64) {",
            ),
            (
                "    def get(self) -> int:\n        other.n = 1\n        return self.n\n",
                "pub fn get(&self) -> i64 {",
            ),
            (
                "    def __init__(self, delay: float, retries: int = 3):\n        self.delay = delay\n",
                "/// Defaults: retries = 3.\npub fn new(delay: f64, retries: i64) -> Self {",
            ),
            (
                "    @staticmethod\n    def parse(text: str) -> \"Policy\":\n        return Policy()\n",
                "pub fn parse(text: &str) -> Self {",
            ),
            (
                "    @classmethod\n    def from_env(cls, env: Mapping[str, str]) -> Policy:\n        return cls()\n",
                "pub fn from_env(env: HashMap<String, String>) -> Self {",
            ),
            (
                "    @property\n    def euros(self) -> float:\n        return self.cents / 100\n",
                "pub fn euros(&self) -> f64 {",
            ),
            (
                "    @euros.setter\n    def euros(self, value: float):\n        self._set(value)\n",
                "pub fn set_euros(&mut self, value: f64) {",
            ),
        ];
        for (source, signature) in cases {
            assert_eq!(
                py_method("Policy", source),
                format!("{signature}\n    todo!()\n}}\n"),
                "{source}"
            );
        }
    }

    #[test]
    fn a_dataclass_becomes_a_struct_of_its_annotations() {
        let source = r#"@dataclass(frozen=True)
class Money:
    cents: int
    currency: str = "EUR"
    rates: ClassVar[dict] = {}

    def plus(self, other: "Money") -> "Money":
        return Money(self.cents + other.cents)
"#;
        let doc = Some("An amount of money.");
        let expected = r#"/// An amount of money.
///
/// Methods: plus.
/// Defaults: currency = "EUR".
#[derive(Debug, Clone, PartialEq)]
pub struct Money {
    pub cents: i64,
    pub currency: String,
}
"#;
        assert_eq!(
            port(Unit {
                doc,
                ..unit(UnitKind::Type, Lang::Python, "Money", source)
            })
            .text,
            expected
        );
    }

    #[test]
    fn a_plain_class_takes_its_fields_from_init() {
        let source = r#"class RetryPolicy:
    def __init__(self, delay: float, name=None):
        self.delay = delay
        self._tries: int = 0
        self.label = "x"
        self.name = name
        self.clock = make_clock()

    @staticmethod
    def _helper() -> None:
        pass
"#;
        let expected = "\
/// Methods: new, helper.
#[derive(Debug)]
pub struct RetryPolicy {
    pub delay: f64,
    tries: i64,
    pub label: String,
    pub name: TODO /* unannotated */,
    pub clock: TODO /* unannotated */,
}
";
        assert_eq!(py(UnitKind::Type, source), expected);
    }

    #[test]
    fn an_enum_class_becomes_an_enum() {
        let source = "\
class Color(str, _Enum):
    RED = 1
    LIGHT_BLUE = auto()
    inProgress = 3
    _ignore_ = []

    @property
    def label(self) -> str:
        return self.name
    @label.setter
    def label(self, value: str):
        pass
    def _label(self): pass
";
        let expected = "\
/// Methods: label, set_label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    Red,
    LightBlue,
    InProgress,
}
";
        assert_eq!(py(UnitKind::Type, source), expected);
    }

    #[test]
    fn an_exception_becomes_an_error_type() {
        let source = "\
class NotFound(LookupError):
    def __init__(self, path: str):
        super().__init__(path)
        self.path = path
";
        let expected = "\
/// Methods: new.
#[derive(Debug)]
pub struct NotFound {
    pub message: String,
    pub path: String,
}

impl std::fmt::Display for NotFound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for NotFound {}
";
        assert_eq!(py(UnitKind::Type, source), expected);
    }

    #[test]
    fn protocols_and_abcs_become_traits() {
        let protocol = r#"class Shape(Protocol):
    def area(self) -> float:
        """The area."""
        ...
    def scale(self, by: float) -> "Shape": ...
"#;
        let expected = "\
pub trait Shape {
    /// The area.
    fn area(&self) -> f64;
    fn scale(&self, by: f64) -> Self;
}
";
        assert_eq!(py(UnitKind::Type, protocol), expected);
        let abc = "\
class Store(abc.ABC):
    @abc.abstractmethod
    def get(self, key: str) -> Optional[bytes]:
        raise NotImplementedError
    def has(self, key: str) -> bool:
        return self.get(key) is not None
";
        let expected = "\
/// Provided methods: has.
pub trait Store {
    fn get(&self, key: &str) -> Option<Vec<u8>>;
}
";
        assert_eq!(py(UnitKind::Type, abc), expected);
    }

    #[test]
    fn python_constants_become_consts_or_lazy_statics() {
        let cases = [
            ("MAX_DELAY = 30.0", "pub const MAX_DELAY: f64 = 30.0;"),
            ("retries = -3", "pub const RETRIES: i64 = -3;"),
            ("maxSize: float = 10", "pub const MAX_SIZE: f64 = 10.0;"),
            ("DEBUG = True", "pub const DEBUG: bool = true;"),
            (
                "__version__ = \"1.0\"",
                "pub const VERSION: &str = \"1.0\";",
            ),
            (
                r#"NAME: str = 'say "hi"\n'"#,
                r#"pub const NAME: &str = "say \"hi\"\n";"#,
            ),
            (
                r"PATTERN = r'\d+'",
                r##"pub const PATTERN: &str = r#"\d+"#;"##,
            ),
            (
                r"MAGIC = b'\x89PNG'",
                r#"pub const MAGIC: &[u8] = b"\x89PNG";"#,
            ),
            (
                "MAYBE: Optional[int] = None",
                "pub const MAYBE: Option<i64> = None;",
            ),
            (
                "NOTHING = None",
                "pub const NOTHING: Option<TODO /* None */> = None;",
            ),
            (
                "_cache: dict[str, int] = {}",
                "// TODO: CACHE = {}\n\
                 static CACHE: std::sync::LazyLock<HashMap<String, i64>> = std::sync::LazyLock::new(|| todo!());",
            ),
            (
                "LOG = logging.getLogger(\n    __name__)",
                "// TODO: LOG = logging.getLogger( __name__)\npub static LOG: \
                 std::sync::LazyLock<TODO /* unannotated */> = std::sync::LazyLock::new(|| todo!());",
            ),
        ];
        for (source, expected) in cases {
            assert_eq!(
                py(UnitKind::Const, source),
                format!("{expected}\n"),
                "{source}"
            );
        }
        let unicode = port(unit(UnitKind::Const, Lang::Python, "E", r"E = '\u00e9'"));
        assert_eq!(
            unicode.todos, 2,
            "a Python unicode escape is no Rust literal"
        );
    }

    #[test]
    fn a_rust_function_becomes_a_def() {
        let source = "\
/// Parses.
#[inline]
pub async fn parse_date<'a, T: Clone>(text: &'a str, mut items: &[T]) -> Result<Option<(i32, String)>, ParseError> {
    todo!()
}
";
        let doc = Some("Parses a date.\n\nStrictly.");
        let f = port(Unit {
            doc,
            ..unit(UnitKind::Function, Lang::Rust, "parse_date", source)
        });
        let expected = r#"T = TypeVar("T")
async def parse_date(text: str, items: list[T]) -> Optional[tuple[int, str]]:
    """Parses a date.

    Strictly.

    Raises: ParseError
    """
    raise NotImplementedError
"#;
        assert_eq!(f.text, expected);
        let plain = "def f(x: int) -> None:\n    raise NotImplementedError\n";
        assert_eq!(rs(UnitKind::Function, "fn f(x: u8) {}"), plain);
    }

    #[test]
    fn rust_methods_keep_self_or_become_static_or_init() {
        let method = |source| {
            outside_owner(
                &port(Unit {
                    owner: Some("Policy"),
                    ..unit(UnitKind::Method, Lang::Rust, "x", source)
                })
                .text,
            )
        };
        let cases = [
            (
                "    pub fn bump(&mut self, by: usize) -> io::Result<()> {\n        Ok(())\n    }",
                "def bump(self, by: int) -> None:\n    \"\"\"Raises: Error\"\"\"",
            ),
            (
                "    pub fn new(delay: f64) -> Self {\n        Self { delay }\n    }",
                "def __init__(self, delay: float) -> None:",
            ),
            (
                "    pub fn with_delay(delay: f64) -> Self { todo!() }",
                "@staticmethod\ndef with_delay(delay: float) -> \"Policy\":",
            ),
            (
                "fn from(self, r#type: Kind) -> bool { true }",
                "def from_(self, type: Kind) -> bool:",
            ),
        ];
        for (source, def) in cases {
            assert_eq!(
                method(source),
                format!("{def}\n    raise NotImplementedError\n"),
                "{source}"
            );
        }
    }

    #[test]
    fn rust_structs_become_dataclasses() {
        let source = "\
/// A policy.
#[derive(Debug)]
pub struct Policy<T> {
    /// Delay.
    pub delay: f64,
    r#type: Option<Vec<T>>,
}
";
        let doc = Some("A policy.");
        let expected = r#"T = TypeVar("T")
@dataclass
class Policy(Generic[T]):
    """A policy."""
    delay: float
    type: Optional[list[T]]
"#;
        assert_eq!(
            port(Unit {
                doc,
                ..unit(UnitKind::Type, Lang::Rust, "Policy", source)
            })
            .text,
            expected
        );
        let tuple = "@dataclass\nclass Meters:\n    _0: float\n    _1: str\n";
        assert_eq!(
            rs(UnitKind::Type, "pub struct Meters(pub f64, String);"),
            tuple
        );
        assert_eq!(
            rs(UnitKind::Type, "pub struct Marker;"),
            "@dataclass\nclass Marker:\n    pass\n"
        );
        let alias = "V = TypeVar(\"V\")\nTable = dict[str, V]\n";
        assert_eq!(
            rs(UnitKind::Type, "pub type Table<V> = HashMap<String, V>;"),
            alias
        );
    }

    #[test]
    fn rust_enums_become_enums_or_dataclass_families() {
        let expected = "\
class Color(Enum):
    RED = auto()
    LIGHT_BLUE = 4
    IN_PROGRESS = auto()
";
        assert_eq!(
            rs(
                UnitKind::Type,
                "pub enum Color { Red, LightBlue = 4, InProgress }"
            ),
            expected
        );
        let source = "pub enum Shape { Circle { radius: f64 }, Rect(f64, f64), None }";
        let expected = "\
class Shape:
    pass


@dataclass
class Circle(Shape):
    radius: float


@dataclass
class Rect(Shape):
    _0: float
    _1: float


@dataclass
class None_(Shape):
    pass
";
        assert_eq!(rs(UnitKind::Type, source), expected);
    }

    #[test]
    fn a_rust_trait_becomes_a_protocol() {
        let source = "\
pub trait Store: Send {
    type Item;
    fn get(&self, key: &str) -> Option<Vec<u8>>;
    fn put(&mut self, key: String) -> Result<(), StoreError> { Ok(()) }
    fn open(path: &Path) -> Self;
}
";
        let expected = r#"class Store(Protocol):
    def get(self, key: str) -> Optional[bytes]: ...
    def put(self, key: str) -> None: ...  # Raises: StoreError
    @staticmethod
    def open(path: Path) -> "Store": ...
"#;
        assert_eq!(rs(UnitKind::Type, source), expected);
    }

    #[test]
    fn rust_constants_become_annotated_names() {
        let cases = [
            ("pub const MAX: u32 = 1_000u32;", "MAX: int = 1_000"),
            (r#"static NAME: &str = "x\ty";"#, r#"NAME: str = "x\ty""#),
            (r###"const R: &str = r#"a\d"#;"###, r#"R: str = r"a\d""#),
            ("const N: i8 = -1;", "N: int = -1"),
            ("const F: f64 = 2.5e3f64;", "F: float = 2.5e3"),
            ("const B: bool = true;", "B: bool = True"),
            ("const C: char = 'x';", "C: str = 'x'"),
            (r#"const BS: &[u8] = b"ab";"#, r#"BS: bytes = b"ab""#),
            (
                "static D: Duration = Duration::from_secs(30);",
                "D: Duration = ...  # TODO: Duration::from_secs(30)",
            ),
        ];
        for (source, expected) in cases {
            assert_eq!(
                rs(UnitKind::Const, source),
                format!("{expected}\n"),
                "{source}"
            );
        }
    }

    #[test]
    fn broken_sources_still_give_a_marked_skeleton() {
        let expected = "\
// TODO: the source has syntax errors; check this skeleton against it.
// TODO: no Python definition found in the source.
pub fn x() {
    todo!()
}
";
        assert_eq!(py(UnitKind::Function, "def (((:\n  x = = \n"), expected);
        assert_eq!(
            rs(UnitKind::Const, ""),
            "# TODO: no Rust item found in the source.\nx = ...\n"
        );
        let partial = rs(UnitKind::Function, "fn broken(x: u8, -> {");
        assert!(
            partial.starts_with("# TODO: the source has syntax errors"),
            "{partial}"
        );
    }

    #[test]
    fn no_prefix_of_a_source_panics() {
        let python = [
            "    @classmethod\n    def f(cls, e: 'Mapping[str, int]' = {}, *a, **k) -> \"P\":\n        \
             self.x[1] += 2\n        raise E(1) from e\n",
            "@dataclass\nclass M(Enum, Exception, Protocol):\n    x: Optional[list[int | None]] = b'\\x00'\n    \
             def __init__(self, y): self.y = y\n",
            "X: Callable[[int], tuple[str, ...]] = -1.5e3",
        ];
        let rust = [
            "/// d\npub async fn f<'a, T>(&mut self, x: &'a [u8], f: impl Fn(&str) -> Result<(), E>) -> Box<dyn I<Item = T>> {}",
            "pub enum E<T> { A, B(T, [u8; 4]), C { x: HashMap<String, *const u8> } = 3 }\ntrait T: S { fn f(); }",
            "pub static X: &[(u8, char)] = &[(1, 'x')]; const Y: f32 = -1.0f32;",
        ];
        let kinds = [
            UnitKind::Function,
            UnitKind::Method,
            UnitKind::Type,
            UnitKind::Const,
        ];
        for (lang, sources) in [(Lang::Python, python), (Lang::Rust, rust)] {
            for source in sources {
                let ends = source.char_indices().map(|(i, _)| i).chain([source.len()]);
                for end in ends {
                    for kind in kinds {
                        let unit = Unit {
                            owner: Some("Owner"),
                            ..unit(kind, lang, "x", &source[..end])
                        };
                        port(unit);
                    }
                }
            }
        }
    }

    #[test]
    fn class_names_become_rust_type_names() {
        let lower = port(unit(
            UnitKind::Type,
            Lang::Python,
            "shlex",
            "class shlex:\n    def __init__(self):\n        self.debug = 0\n",
        ));
        assert_eq!(lower.name, "Shlex");
        assert!(lower.text.contains("pub struct Shlex {"), "{}", lower.text);
    }
}
