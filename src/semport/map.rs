//! The port map: which source unit became which target unit, and the source it was
//! ported from, so that later changes to the source show up as stale ports. Kept in
//! the source repository's index directory as TOML a person can read and edit, with
//! the ported sources beside it (to show what changed since).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{is_unit, own_source, units_in};
use crate::error::{Error, Result};
use crate::grammar::Lang;
use crate::pyramid::{Node, NodeKind};
use crate::query::{Sources, find};
use crate::store::{Location, Reader};

/// The port map's file name, in the source repository's index directory.
pub const MAP_FILE: &str = "semport.toml";
/// The folder beside it holding the sources units were ported from, by hash.
const SNAPSHOTS: &str = "semport-sources";
/// The header written above the map.
const HEADER: &str = "# pyramid semport map: which source unit was ported to which target unit, and the\n# hash of the source it was ported from. Edit freely: `notes` are yours; `pyramid semport\n# link` adds units, `pyramid semport status` compares both repositories with this map.\n\n";

/// A port between two repositories.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PortMap {
    /// The target repository: absolute, or relative to the source repository's root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_repo: Option<PathBuf>,
    /// The language ported to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Lang>,
    /// What is being ported: a directory, file or item id; the whole repository when
    /// absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The ported units.
    #[serde(default, rename = "unit")]
    pub units: Vec<Ported>,
}

/// One ported unit.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Ported {
    /// Its id in the source repository.
    pub source: String,
    /// Its id in the target repository.
    pub target: String,
    /// The hash of its source when it was ported.
    pub source_hash: String,
    /// Anything worth remembering about the port.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

impl PortMap {
    /// Where the map of a source repository lives.
    pub fn path(source: &Location) -> PathBuf {
        source.index_dir.join(MAP_FILE)
    }

    /// The map of a source repository; an empty one when there is none yet.
    pub fn load(source: &Location) -> Result<PortMap> {
        let path = PortMap::path(source);
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(PortMap::default()),
            Err(e) => return Err(Error::io("cannot read the port map", &path, e)),
        };
        toml::from_str(&text).map_err(|e| {
            Error::InvalidArgument(format!(
                "the port map `{}` is not valid: {}; fix it, or delete it to start over",
                path.display(),
                e.to_string().trim()
            ))
        })
    }

    /// Writes the map (atomically: a crash leaves the old one or the new one).
    pub fn save(&self, source: &Location) -> Result<()> {
        let path = PortMap::path(source);
        let mut sorted = self.clone();
        sorted.units.sort();
        let body = toml::to_string(&sorted)
            .map_err(|e| Error::InvalidArgument(format!("cannot write the port map: {e}")))?;
        write_atomically(&path, format!("{HEADER}{body}").as_bytes())
    }

    /// The target a source unit was ported to.
    pub fn target_of(&self, source_id: &str) -> Option<&str> {
        self.units
            .iter()
            .find(|u| u.source == source_id)
            .map(|u| u.target.as_str())
    }

    /// The target repository's directory, resolved against the source repository.
    pub fn target_dir(&self, source: &Location) -> Option<PathBuf> {
        self.target_repo
            .as_ref()
            .map(|dir| source.repo_root.join(dir))
    }

    /// Records the target repository as given on the command line: relative to the
    /// source repository when it is inside or beside it, so the map can move with both.
    pub fn set_target_dir(&mut self, source: &Location, target: &Path) {
        let relative = pathdiff(target, &source.repo_root);
        self.target_repo = Some(relative.unwrap_or_else(|| target.to_path_buf()));
    }
}

/// `target` relative to `base` when both are absolute, going up at most two levels.
fn pathdiff(target: &Path, base: &Path) -> Option<PathBuf> {
    if let Ok(inside) = target.strip_prefix(base) {
        return Some(inside.to_path_buf());
    }
    let mut up = PathBuf::new();
    let mut ancestor = base;
    for _ in 0..2 {
        ancestor = ancestor.parent()?;
        up.push("..");
        if let Ok(rest) = target.strip_prefix(ancestor) {
            return Some(up.join(rest));
        }
    }
    None
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
    let temporary = path.with_extension("tmp");
    fs::write(&temporary, bytes).map_err(|e| Error::io("cannot write", &temporary, e))?;
    fs::rename(&temporary, path).map_err(|e| Error::io("cannot replace", path, e))
}

/// Keeps the source a unit is ported from, to show what changed since.
fn keep_snapshot(source: &Location, hash: &str, text: &str) -> Result<()> {
    let path = snapshot_path(source, hash);
    if path.exists() {
        return Ok(());
    }
    write_atomically(&path, text.as_bytes())
}

fn snapshot_path(source: &Location, hash: &str) -> PathBuf {
    // Hashes are hex digits; anything else (a hand-edited map) is not a file name.
    let name: String = hash.chars().filter(char::is_ascii_alphanumeric).collect();
    source.index_dir.join(SNAPSHOTS).join(format!("{name}.txt"))
}

/// A pair to record: this source unit was ported to that target unit.
#[derive(Debug, Clone)]
pub struct Link<'a> {
    /// Source unit id.
    pub source: &'a str,
    /// Target unit id.
    pub target: &'a str,
    /// Notes to keep with it.
    pub notes: Option<&'a str>,
}

/// Records that a source unit was ported to a target unit, as of the source now.
pub fn link(
    map: &mut PortMap,
    source: (&Location, &Reader),
    target: &Reader,
    pair: &Link,
) -> Result<Ported> {
    let (location, reader) = source;
    let unit = find(reader, pair.source)?;
    let ported_to = find(target, pair.target)?;
    for (node, side) in [(&unit, "source"), (&ported_to, "target")] {
        if !is_unit(node.kind) {
            return Err(Error::InvalidArgument(format!(
                "`{}` is a {}, not a unit of a port: link functions, methods, types and constants (the {side} side)",
                node.id, node.kind
            )));
        }
    }
    let own = own_source(reader, &mut Sources::new(reader), &unit)?;
    keep_snapshot(location, &own.hash, &own.text)?;
    let notes = pair
        .notes
        .map(str::to_string)
        .or_else(|| {
            map.units
                .iter()
                .find(|u| u.source == unit.id)
                .map(|u| u.notes.clone())
        })
        .unwrap_or_default();
    map.units.retain(|u| u.source != unit.id);
    let ported = Ported {
        source: unit.id.clone(),
        target: ported_to.id.clone(),
        source_hash: own.hash,
        notes,
    };
    map.units.push(ported.clone());
    Ok(ported)
}

/// What `link --auto` did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LinkReport {
    /// Pairs recorded now.
    pub linked: Vec<Ported>,
    /// Source units with several equally good targets: not linked, for a person to
    /// decide (`semport link SRC TGT`).
    pub ambiguous: BTreeMap<String, Vec<String>>,
    /// Source units already in the map.
    pub already: usize,
    /// Source units with no target of that name.
    pub unmatched: usize,
}

/// Links the unported units of the map's scope to target units of the same name:
/// `pkg/util.py::parse_date` ↔ `src/util.rs::parse_date`, `RetryPolicy::__init__` ↔
/// `RetryPolicy::new`. A name with several targets is linked to the one whose file
/// has the same name, else reported as ambiguous.
pub fn link_auto(
    map: &mut PortMap,
    source: (&Location, &Reader),
    target: &Reader,
) -> Result<LinkReport> {
    let (location, reader) = source;
    let scope = find(
        reader,
        map.scope.as_deref().unwrap_or(crate::pyramid::ROOT_ID),
    )?;
    let target_root = find(target, crate::pyramid::ROOT_ID)?;
    let mut targets: HashMap<(UnitClass, String), Vec<Node>> = HashMap::new();
    for unit in units_in(target, &target_root)? {
        targets
            .entry((UnitClass::of(unit.kind), match_name(&unit)))
            .or_default()
            .push(unit);
    }
    let mut taken: BTreeSet<String> = map.units.iter().map(|u| u.target.clone()).collect();
    let mut report = LinkReport::default();
    let mut pending = Vec::new();
    for unit in units_in(reader, &scope)? {
        if map.to.is_some_and(|to| unit.lang == Some(to)) {
            continue;
        }
        if map.target_of(&unit.id).is_some() {
            report.already += 1;
        } else {
            pending.push(unit);
        }
    }
    // First the pairs whose modules have the same name too, so that a same-named
    // unit elsewhere cannot take their target; then the rest.
    let mut decided: BTreeSet<String> = BTreeSet::new();
    let mut sources = Sources::new(reader);
    for same_module_only in [true, false] {
        for unit in &pending {
            if decided.contains(&unit.id) {
                continue;
            }
            let candidates: Vec<&Node> = targets
                .get(&(UnitClass::of(unit.kind), match_name(unit)))
                .into_iter()
                .flatten()
                .filter(|t| !taken.contains(&t.id) && t.lang != unit.lang)
                .collect();
            let stem = module_name(&unit.path);
            let same_module: Vec<&Node> = candidates
                .iter()
                .copied()
                .filter(|t| module_name(&t.path) == stem)
                .collect();
            let chosen = match (same_module.as_slice(), candidates.as_slice()) {
                ([one], _) => *one,
                _ if same_module_only => continue,
                (_, [one]) => *one,
                (_, []) => {
                    report.unmatched += 1;
                    continue;
                }
                _ => {
                    report.ambiguous.insert(
                        unit.id.clone(),
                        candidates.iter().map(|t| t.id.clone()).collect(),
                    );
                    continue;
                }
            };
            let own = own_source(reader, &mut sources, unit)?;
            keep_snapshot(location, &own.hash, &own.text)?;
            let ported = Ported {
                source: unit.id.clone(),
                target: chosen.id.clone(),
                source_hash: own.hash,
                notes: String::new(),
            };
            taken.insert(chosen.id.clone());
            decided.insert(unit.id.clone());
            map.units.push(ported.clone());
            report.linked.push(ported);
        }
    }
    Ok(report)
}

/// What a unit is, for matching across languages: a Python class may be a Rust
/// struct, enum or trait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum UnitClass {
    Callable,
    Type,
    Value,
}

impl UnitClass {
    fn of(kind: NodeKind) -> UnitClass {
        match kind {
            NodeKind::Function | NodeKind::Method => UnitClass::Callable,
            NodeKind::Const | NodeKind::Static => UnitClass::Value,
            _ => UnitClass::Type,
        }
    }
}

/// A unit's name as both languages may spell it: its type (for methods) and name,
/// lower case without underscores; Python's constructor is Rust's `new`.
fn match_name(unit: &Node) -> String {
    let local = unit
        .id
        .split_once("::")
        .map_or(unit.name.as_str(), |(_, local)| local);
    let mut segments: Vec<&str> = local.split("::").collect();
    // A Rust trait impl's methods sit under `Type::Trait::method`: the type and the
    // method are what a Python port names.
    if unit.kind == NodeKind::Method && segments.len() > 2 {
        segments.drain(1..segments.len() - 1);
    }
    segments
        .iter()
        .map(|segment| match *segment {
            "__init__" => "new".to_string(),
            other => other.replace('_', "").to_lowercase(),
        })
        .collect::<Vec<_>>()
        .join("::")
}

/// The name of a unit's module: its file's name, or its directory's for a package
/// file (`__init__.py`, `mod.rs`, `lib.rs`, `main.rs`).
fn module_name(path: &str) -> String {
    let mut parts: Vec<&str> = path.split('/').collect();
    let file = parts.pop().unwrap_or_default();
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let name = match stem {
        "__init__" | "mod" | "lib" | "main" => parts.pop().unwrap_or(stem),
        _ => stem,
    };
    name.replace('_', "").to_lowercase()
}

/// Where a unit of the port stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PortStatus {
    /// Ported, and its source unchanged since.
    Ported,
    /// Its source changed (or went away) since it was ported.
    Stale,
    /// Its target is no longer in the target repository.
    Missing,
    /// Not ported yet.
    Unported,
}

/// One unit's standing.
#[derive(Debug, Clone, Serialize)]
pub struct UnitStatus {
    /// Source unit id.
    pub source: String,
    /// Target unit id, when ported.
    pub target: Option<String>,
    /// Where it stands.
    pub status: PortStatus,
    /// For a stale unit: what changed in its source since it was ported, as a
    /// unified diff (line numbers relative to the unit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<String>,
    /// The map's notes on it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// The state of a port.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    /// The scope's id.
    pub scope: String,
    /// Every unit of the scope (and any ported unit whose source left it), in
    /// source order.
    pub units: Vec<UnitStatus>,
    /// Units in each state.
    pub ported: usize,
    /// Units whose source changed since they were ported.
    pub stale: usize,
    /// Ported units whose target is gone.
    pub missing: usize,
    /// Units not ported yet.
    pub unported: usize,
    /// All units.
    pub total: usize,
    /// Share of the units ported and fresh, in percent.
    pub percent: f64,
}

/// Compares the map with the source and target repositories as indexed now.
pub fn status(
    map: &PortMap,
    source: (&Location, &Reader),
    target: &Reader,
) -> Result<StatusReport> {
    let (location, reader) = source;
    let scope = find(
        reader,
        map.scope.as_deref().unwrap_or(crate::pyramid::ROOT_ID),
    )?;
    let units: Vec<Node> = units_in(reader, &scope)?
        .into_iter()
        .filter(|u| map.to.is_none_or(|to| u.lang != Some(to)))
        .collect();
    let by_source: HashMap<&str, &Ported> =
        map.units.iter().map(|u| (u.source.as_str(), u)).collect();
    let mut sources = Sources::new(reader);
    let mut report_units = Vec::with_capacity(units.len());
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for unit in &units {
        seen.insert(unit.id.as_str());
        let Some(ported) = by_source.get(unit.id.as_str()) else {
            report_units.push(UnitStatus {
                source: unit.id.clone(),
                target: None,
                status: PortStatus::Unported,
                changes: None,
                notes: String::new(),
            });
            continue;
        };
        let own = own_source(reader, &mut sources, unit)?;
        let now = Some(own.text).filter(|_| own.hash != ported.source_hash);
        report_units.push(standing(location, target, ported, Some(unit), now)?);
    }
    // Ported units whose source is gone, or outside the scope now.
    for ported in &map.units {
        if seen.contains(ported.source.as_str()) {
            continue;
        }
        let unit = reader.node(&ported.source)?;
        let now = match &unit {
            Some(node) => {
                let own = own_source(reader, &mut sources, node)?;
                Some(own.text).filter(|_| own.hash != ported.source_hash)
            }
            None => Some(String::new()),
        };
        report_units.push(standing(location, target, ported, unit.as_ref(), now)?);
    }
    let count = |status: PortStatus| report_units.iter().filter(|u| u.status == status).count();
    let total = report_units.len();
    let ported = count(PortStatus::Ported);
    Ok(StatusReport {
        scope: scope.id.clone(),
        ported,
        stale: count(PortStatus::Stale),
        missing: count(PortStatus::Missing),
        unported: count(PortStatus::Unported),
        total,
        percent: if total == 0 {
            0.0
        } else {
            (1000.0 * ported as f64 / total as f64).round() / 10.0
        },
        units: report_units,
    })
}

/// Where one ported unit stands: `now` is its current source when that differs from
/// what was ported (empty when the source is gone).
fn standing(
    location: &Location,
    target: &Reader,
    ported: &Ported,
    unit: Option<&Node>,
    now: Option<String>,
) -> Result<UnitStatus> {
    let target_exists = target.node(&ported.target)?.is_some();
    let (status, changes) = match (target_exists, now) {
        (false, _) => (PortStatus::Missing, None),
        (true, None) => (PortStatus::Ported, None),
        (true, Some(now)) => {
            let then = fs::read_to_string(snapshot_path(location, &ported.source_hash)).ok();
            let changes = match (then, unit) {
                (Some(then), Some(_)) => diff(&then, &now),
                (Some(then), None) => format!("the source is gone; it was:\n{}", diff(&then, "")),
                (None, Some(_)) => {
                    "changed since it was ported (the ported source was not kept: link it again once the target is updated)".to_string()
                }
                (None, None) => "the source is gone".to_string(),
            };
            (PortStatus::Stale, Some(changes))
        }
    };
    Ok(UnitStatus {
        source: ported.source.clone(),
        target: Some(ported.target.clone()),
        status,
        changes,
        notes: ported.notes.clone(),
    })
}

/// A unified diff of two texts, one line of context around each change.
fn diff(then: &str, now: &str) -> String {
    // A unit's source ends without its line break: compare whole lines.
    let line = |text: &str| {
        let mut text = text.to_string();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text
    };
    let (then, now) = (line(then), line(now));
    similar::TextDiff::from_lines(&then, &now)
        .unified_diff()
        .context_radius(1)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str, kind: NodeKind) -> Node {
        Node::bare(id, kind, None)
    }

    #[test]
    fn names_match_across_languages() {
        let py = node("shop/pricing.py::Money::__init__", NodeKind::Method);
        let rs = node("src/pricing.rs::Money::new", NodeKind::Method);
        assert_eq!(match_name(&py), match_name(&rs));
        let py = node("shop/pricing.py::TAX_RATE", NodeKind::Const);
        let rs = node("src/pricing.rs::TAX_RATE", NodeKind::Const);
        assert_eq!(match_name(&py), match_name(&rs));
        // A trait impl's method matches the plain method.
        let py = node("shop/pricing.py::Money::__str__", NodeKind::Method);
        let rs = node("src/pricing.rs::Money::Display::__str__", NodeKind::Method);
        assert_eq!(match_name(&py), match_name(&rs));
        assert_eq!(
            module_name("shop/__init__.py"),
            module_name("src/shop/mod.rs")
        );
        assert_eq!(
            module_name("shop/pricing.py"),
            module_name("src/pricing.rs")
        );
    }

    #[test]
    fn the_map_round_trips_and_explains_a_bad_file() {
        let dir = tempfile::tempdir().unwrap();
        let location = Location {
            repo_root: dir.path().to_path_buf(),
            index_dir: dir.path().join(".pyramid"),
        };
        assert_eq!(PortMap::load(&location).unwrap(), PortMap::default());
        let mut map = PortMap {
            to: Some(Lang::Rust),
            ..PortMap::default()
        };
        map.set_target_dir(&location, &dir.path().join("port"));
        map.units.push(Ported {
            source: "a.py::f".into(),
            target: "src/a.rs::f".into(),
            source_hash: "0123456789abcdef".into(),
            notes: "by hand".into(),
        });
        map.save(&location).unwrap();
        assert_eq!(PortMap::load(&location).unwrap(), map);
        assert_eq!(map.target_repo.as_deref(), Some(Path::new("port")));
        fs::write(PortMap::path(&location), "unit = 3\n[[").unwrap();
        let err = PortMap::load(&location).unwrap_err().to_string();
        assert!(
            err.contains("not valid") && err.contains("delete it"),
            "{err}"
        );
    }

    #[test]
    fn diffs_show_the_changed_lines() {
        let changes = diff("def f():\n    return 1\n", "def f():\n    return 2\n");
        assert!(changes.contains("-    return 1") && changes.contains("+    return 2"));
    }
}
