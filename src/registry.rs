//! The registry of indexed repositories that `--all` and `--repos` query together:
//! a JSON file in the user's configuration directory
//! (`$XDG_CONFIG_HOME/pyramid/repos.json`, else `~/.config/pyramid/repos.json`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::{Location, Reader};

/// One registered repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registered {
    /// Its root.
    pub repo_root: PathBuf,
    /// Where its index is.
    pub index_dir: PathBuf,
}

impl Registered {
    /// Where the repository and its index are.
    pub fn location(&self) -> Location {
        Location {
            repo_root: self.repo_root.clone(),
            index_dir: self.index_dir.clone(),
        }
    }
}

/// Registered repositories opened for a question together.
#[derive(Default)]
pub struct Opened {
    /// Name and open index of each that answers, in name order.
    pub readers: Vec<(String, Reader)>,
    /// Those that cannot answer, in name order.
    pub left_out: Vec<LeftOut>,
}

/// A registered repository that cannot be opened.
#[derive(Debug)]
pub struct LeftOut {
    /// Its name.
    pub name: String,
    /// Where it was registered.
    pub repo_root: PathBuf,
    /// Why it cannot be opened.
    pub error: Error,
}

impl LeftOut {
    fn problem(&self) -> String {
        if self.repo_root.is_dir() {
            self.error.to_string()
        } else {
            "it no longer exists".to_string()
        }
    }

    fn into_error(self) -> Error {
        Error::InvalidArgument(format!("{self}; or leave it out of --repos"))
    }
}

impl std::fmt::Display for LeftOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the registered repository `{}` ({}) cannot be read: {}; `pyramid repos remove {}` unregisters it",
            self.name,
            self.repo_root.display(),
            self.problem(),
            self.name
        )
    }
}

/// Registered repositories by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registry {
    /// Name → repository, in name order.
    pub repos: BTreeMap<String, Registered>,
}

/// The registry file: `$XDG_CONFIG_HOME/pyramid/repos.json`, else under `~/.config`.
pub fn registry_path() -> Result<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))
        .ok_or_else(|| {
            Error::InvalidArgument(
                "cannot find a configuration directory: set XDG_CONFIG_HOME or HOME".into(),
            )
        })?;
    Ok(base.join("pyramid").join("repos.json"))
}

impl Registry {
    /// Reads the registry (empty when there is none yet).
    pub fn load(path: &Path) -> Result<Registry> {
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| {
                Error::InvalidArgument(format!(
                    "the registry `{}` is malformed ({e}): fix or delete it",
                    path.display()
                ))
            }),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Registry::default()),
            Err(err) => Err(Error::io("cannot read the registry", path, err)),
        }
    }

    /// Writes the registry atomically (a crash leaves the old one or the new one).
    pub fn save(&self, path: &Path) -> Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io("cannot create the directory", dir, e))?;
        }
        let tmp = path.with_extension("json.tmp");
        let text = serde_json::to_string_pretty(self).unwrap_or_default();
        std::fs::write(&tmp, text).map_err(|e| Error::io("cannot write", &tmp, e))?;
        std::fs::rename(&tmp, path).map_err(|e| Error::io("cannot replace", path, e))
    }

    /// Registers an indexed repository under `name` (default: its folder's name);
    /// returns the name.
    pub fn add(&mut self, location: &Location, name: Option<&str>) -> Result<String> {
        Reader::open(location)?;
        let name = match name {
            Some(name) => name.to_string(),
            None => location.repo_name(),
        };
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            return Err(Error::InvalidArgument(format!(
                "bad repository name `{name}`: use letters, digits, `-`, `_` and `.` (give one with --name)"
            )));
        }
        let entry = Registered {
            repo_root: location.repo_root.clone(),
            index_dir: location.index_dir.clone(),
        };
        if let Some((other, _)) = self
            .repos
            .iter()
            .find(|(other, repo)| **other != name && repo.index_dir == entry.index_dir)
        {
            return Err(Error::InvalidArgument(format!(
                "{} is already registered as `{other}`: remove it first to rename it",
                entry.repo_root.display()
            )));
        }
        match self.repos.get(&name) {
            Some(existing) if *existing != entry => Err(Error::InvalidArgument(format!(
                "the name `{name}` is taken by {}: give another with --name",
                existing.repo_root.display()
            ))),
            _ => {
                self.repos.insert(name.clone(), entry);
                Ok(name)
            }
        }
    }

    /// Unregisters a repository (its index stays).
    pub fn remove(&mut self, name: &str) -> Result<Registered> {
        self.repos.remove(name).ok_or_else(|| self.unknown(name))
    }

    /// The repositories with these names, or all of them when `names` is empty.
    pub fn select(&self, names: &[String]) -> Result<Vec<(String, Location)>> {
        if self.repos.is_empty() {
            return Err(Error::InvalidArgument(
                "no repository is registered: add one with `pyramid repos add PATH`".into(),
            ));
        }
        if names.is_empty() {
            let all: Vec<String> = self.repos.keys().cloned().collect();
            return self.select(&all);
        }
        let mut selected: Vec<(String, Location)> = Vec::new();
        for name in names {
            let repo = self.repos.get(name).ok_or_else(|| self.unknown(name))?;
            // The same index twice would answer twice.
            if !selected.iter().any(|(_, l)| l.index_dir == repo.index_dir) {
                selected.push((name.clone(), repo.location()));
            }
        }
        Ok(selected)
    }

    /// The repositories with these names opened, or all of them when `names` is
    /// empty. Asked for all, a repository that cannot be opened (deleted, moved, its
    /// index gone) is left out and said so, and the others answer; one asked for by
    /// name must open. Fails when none opens.
    pub fn open(&self, names: &[String]) -> Result<Opened> {
        let mut opened = Opened::default();
        for (name, location) in self.select(names)? {
            // A repository that is gone answers nothing, even with its index elsewhere.
            let reader = if location.repo_root.is_dir() {
                Reader::open(&location)
            } else {
                Err(Error::BadRepo {
                    path: location.repo_root.clone(),
                    problem: "no longer exists".to_string(),
                })
            };
            match reader {
                Ok(reader) => opened.readers.push((name, reader)),
                Err(error) if names.is_empty() => opened.left_out.push(LeftOut {
                    name,
                    repo_root: location.repo_root,
                    error,
                }),
                Err(error) => {
                    return Err(LeftOut {
                        name,
                        repo_root: location.repo_root,
                        error,
                    }
                    .into_error());
                }
            }
        }
        if opened.readers.is_empty() {
            let reasons: Vec<String> = opened.left_out.iter().map(LeftOut::to_string).collect();
            return Err(Error::InvalidArgument(format!(
                "no registered repository can be read: {}",
                reasons.join("; ")
            )));
        }
        Ok(opened)
    }

    /// Splits `name:ID` into a registered repository and the id inside it; `None`
    /// when the id names no registered repository (a plain id).
    pub fn split_id<'a>(&self, id: &'a str) -> Option<(&Registered, &'a str)> {
        let (name, rest) = id.split_once(':')?;
        if rest.starts_with(':') {
            return None;
        }
        self.repos.get(name).map(|repo| (repo, rest))
    }

    fn unknown(&self, name: &str) -> Error {
        let names: Vec<&str> = self.repos.keys().map(String::as_str).collect();
        Error::InvalidArgument(format!(
            "no registered repository `{name}`; registered: {}",
            if names.is_empty() {
                "none (`pyramid repos add PATH`)".to_string()
            } else {
                names.join(", ")
            }
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_with_a_repository_prefix() {
        let mut registry = Registry::default();
        registry.repos.insert(
            "lib".into(),
            Registered {
                repo_root: "/r".into(),
                index_dir: "/r/.pyramid".into(),
            },
        );
        assert_eq!(
            registry.split_id("lib:src/a.rs::f").map(|(_, id)| id),
            Some("src/a.rs::f")
        );
        assert!(registry.split_id("src/a.rs::f").is_none());
        assert!(registry.split_id("other:src/a.rs").is_none());
        assert!(registry.select(&["nope".into()]).is_err());
        assert_eq!(registry.select(&[]).map(|r| r.len()).ok(), Some(1));
    }
}
