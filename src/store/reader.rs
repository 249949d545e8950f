//! Reads the pyramid: nodes by id, children in tree order, files' source text, the
//! manifest. Readers never lock and see the last commit.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use tantivy::collector::DocSetCollector;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

use super::schema::{Fields, MANIFEST_GROUP, SOURCE_KIND, TEXT_KIND, TEXT_LANG, schema};
use super::stats::{LiveStatistics, live_doc_freq};
use super::{Location, Manifest, corrupt, live_index, read_pointer};
use crate::error::{Error, Result};
use crate::grammar::Lang;
use crate::pyramid::{Node, NodeKind};

/// A read-only view of the last committed index.
pub struct Reader {
    location: Location,
    index: Index,
    searcher: Searcher,
    fields: Fields,
    /// Read on first use: a search does not need it, and at many files it is big.
    manifest: std::sync::OnceLock<Manifest>,
    /// The files of the index's digest, read when first needed (`None`: no digest
    /// of this commit).
    digest_files: std::sync::OnceLock<Option<super::digest::Files>>,
    /// Their hashes, read when first needed.
    digest_hashes: std::sync::OnceLock<Option<super::digest::Hashes>>,
    /// The repository's packages, found when a name qualified by one is first looked up.
    packages: std::sync::OnceLock<Packages>,
    /// The live documents of text files, counted on first use (a ranking asks for
    /// it with every node search).
    text_docs: std::sync::OnceLock<u64>,
    /// The live folder and commit this reader sees, to tell when a newer one exists.
    folder: std::path::PathBuf,
    opstamp: u64,
    /// BM25 statistics over live documents, so that scores do not depend on the
    /// index's history of updates.
    stats: LiveStatistics,
    /// Nodes decoded so far, by document: one search loads some twice (the best files'
    /// nodes are among the best nodes), and a server's reader answers many calls.
    nodes: std::sync::Mutex<HashMap<DocAddress, Node>>,
    _reader: IndexReader,
}

/// Decoded nodes a reader keeps at most; past that it starts again.
const KEPT_NODES: usize = 8_192;

impl Reader {
    /// Opens the live index of a location.
    ///
    /// A writer committing at the same moment may remove files of the commit being
    /// opened; such a failure is retried on the newer commit before it is reported.
    pub fn open(location: &Location) -> Result<Reader> {
        let mut attempt = 0;
        loop {
            match Reader::open_once(location) {
                Err(Error::CorruptIndex { .. }) if attempt < 3 => {
                    attempt += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50 * attempt));
                }
                result => return result,
            }
        }
    }

    fn open_once(location: &Location) -> Result<Reader> {
        let index_dir = &location.index_dir;
        let pointer = read_pointer(index_dir)?.ok_or_else(|| Error::NoIndex(index_dir.clone()))?;
        let folder = live_index(index_dir, &pointer)?;
        let (_, fields) = schema();
        let index = Index::open_in_dir(&folder).map_err(|e| corrupt(index_dir, e))?;
        super::tokenizer::register(&index);
        // Read before the searcher opens: a commit in between makes this reader look
        // older than it is (opened again needlessly), never newer.
        let opstamp = index
            .load_metas()
            .map_err(|e| corrupt(index_dir, e))?
            .opstamp;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| corrupt(index_dir, e))?;
        let searcher = reader.searcher();
        let totals = super::digest::read_totals(&folder, &searcher, &fields).unwrap_or_default();
        Ok(Reader {
            location: location.clone(),
            index,
            searcher,
            fields,
            manifest: std::sync::OnceLock::new(),
            digest_files: std::sync::OnceLock::new(),
            digest_hashes: std::sync::OnceLock::new(),
            text_docs: std::sync::OnceLock::new(),
            packages: std::sync::OnceLock::new(),
            folder,
            opstamp,
            stats: LiveStatistics::with_totals(totals),
            nodes: std::sync::Mutex::default(),
            _reader: reader,
        })
    }

    /// Whether this reader still sees the last commit: `false` once an index run has
    /// committed since it opened (or the index cannot be read), so it should be
    /// opened again.
    pub fn is_latest(&self) -> bool {
        let index_dir = &self.location.index_dir;
        let Ok(Some(pointer)) = read_pointer(index_dir) else {
            return false;
        };
        live_index(index_dir, &pointer).is_ok_and(|folder| folder == self.folder)
            && self
                .index
                .load_metas()
                .is_ok_and(|metas| metas.opstamp == self.opstamp)
    }

    /// Where the repository and index are.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// The manifest of the indexed snapshot.
    pub fn manifest(&self) -> Result<&Manifest> {
        if let Some(manifest) = self.manifest.get() {
            return Ok(manifest);
        }
        let manifest = manifest_from(&self.searcher, &self.fields, &self.location.index_dir)?;
        Ok(self.manifest.get_or_init(|| manifest))
    }

    /// The number of indexed code files.
    pub fn file_count(&self) -> Result<u64> {
        Ok(live_doc_freq(
            &self.searcher,
            &Term::from_field_text(self.fields.kind, super::schema::SOURCE_KIND),
        )?)
    }

    fn addresses(&self, field: tantivy::schema::Field, value: &str) -> Result<Vec<DocAddress>> {
        let query = TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        );
        let mut found: Vec<DocAddress> = self
            .searcher
            .search(&query, &DocSetCollector)?
            .into_iter()
            .collect();
        found.sort();
        Ok(found)
    }

    fn load_node(&self, address: DocAddress) -> Result<Node> {
        if let Some(node) = self.kept_nodes().get(&address) {
            return Ok(node.clone());
        }
        let node = self.node_in(&self.searcher.doc(address)?)?;
        let mut nodes = self.kept_nodes();
        if nodes.len() >= KEPT_NODES {
            nodes.clear();
        }
        nodes.insert(address, node.clone());
        Ok(node)
    }

    /// The nodes decoded so far. A poisoned lock only means a thread panicked between
    /// two whole statements: the map is whole.
    fn kept_nodes(&self) -> std::sync::MutexGuard<'_, HashMap<DocAddress, Node>> {
        self.nodes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The node a loaded document holds.
    fn node_in(&self, doc: &TantivyDocument) -> Result<Node> {
        let bytes = doc
            .get_first(self.fields.node)
            .and_then(|v| v.as_bytes())
            .unwrap_or_default();
        serde_json::from_slice(bytes).map_err(|e| {
            corrupt(
                &self.location.index_dir,
                format!("a node is unreadable: {e}"),
            )
        })
    }

    /// The node with this id, if any.
    pub fn node(&self, id: &str) -> Result<Option<Node>> {
        match self.addresses(self.fields.id, id)?.first() {
            Some(&address) => self.load_node(address).map(Some),
            None => Ok(None),
        }
    }

    /// The children of a node, in tree order: sub-directories before files, each by
    /// name, under directories; source order inside files.
    pub fn children(&self, node: &Node) -> Result<Vec<Node>> {
        let mut children = self
            .addresses(self.fields.parent, &node.id)?
            .into_iter()
            .map(|a| self.load_node(a))
            .collect::<Result<Vec<Node>>>()?;
        if node.kind.is_tree() {
            // Docs and settings are found by search, grep and their path, not listed
            // in the tree, whose summaries are of code.
            children.retain(|child| !child.is_text());
            children.sort_by(|a, b| {
                (a.kind != NodeKind::Dir, &a.id).cmp(&(b.kind != NodeKind::Dir, &b.id))
            });
        } else {
            children.sort_by_key(|c| c.ord);
        }
        Ok(children)
    }

    /// The indexed text of a file.
    pub fn source(&self, path: &str) -> Result<Option<String>> {
        let term = |field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        let query = BooleanQuery::intersection(vec![
            term(self.fields.group, path),
            Box::new(BooleanQuery::union(vec![
                term(self.fields.kind, SOURCE_KIND),
                term(self.fields.kind, TEXT_KIND),
            ])),
        ]);
        let mut found: Vec<DocAddress> = self
            .searcher
            .search(&query, &DocSetCollector)?
            .into_iter()
            .collect();
        found.sort();
        let Some(&address) = found.first() else {
            return Ok(None);
        };
        let doc: TantivyDocument = self.searcher.doc(address)?;
        Ok(doc
            .get_first(self.fields.source)
            .and_then(|v| v.as_bytes())
            .map(|bytes| String::from_utf8_lossy(bytes).into_owned()))
    }

    /// The nodes named exactly `name`, in id order; `None` when more than `limit`
    /// are (a name that common says little).
    pub fn named(&self, name: &str, limit: usize) -> Result<Option<Vec<Node>>> {
        let term = Term::from_field_text(self.fields.defines, name);
        self.nodes_with(term, limit, |node| node.name == name)
    }

    /// The definitions named `name` inside something named `outer` ([`held_by`]: an
    /// enclosing definition, `Writer` of `a/b.rs::Writer::new`, its module, `format` of
    /// `src/format.rs::Writer::new`, or a package holding it, `jinja2` of
    /// `jinja2/environment.py::Environment`), in id order; none when more than `limit`
    /// are. A name defined too often to look at every definition is looked for among
    /// those whose enclosing names hold `outer`'s words and in `outer`'s files.
    pub(crate) fn named_within(&self, outer: &str, name: &str, limit: usize) -> Result<Vec<Node>> {
        let defines = || -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(self.fields.defines, name),
                IndexRecordOption::Basic,
            ))
        };
        let packages = self.packages()?;
        let keep = |node: &Node| node.name == name && held_by(&node.id, outer, packages);
        let cap = limit.saturating_mul(WITHIN_CANDIDATES);
        let mut nodes = match self.nodes_found(defines().as_ref(), cap, keep)? {
            Some(nodes) => nodes,
            None => {
                let mut nodes = Vec::new();
                let mut words = self.term_queries(self.fields.name, outer, 1.0)?;
                if !words.is_empty() {
                    words.push(defines());
                    let query = BooleanQuery::intersection(words);
                    nodes.extend(self.nodes_found(&query, cap, keep)?.unwrap_or_default());
                }
                // The module's files first: a package's many files come after them.
                let paths = self.file_paths()?;
                let modules = paths.iter().filter(|path| module_is(path, outer));
                let package = (paths.iter())
                    .filter(|path| !module_is(path, outer) && packages.holds(path, outer));
                let files: Vec<Box<dyn Query>> = modules
                    .chain(package)
                    .take(cap)
                    .map(|path| -> Box<dyn Query> {
                        Box::new(TermQuery::new(
                            Term::from_field_text(self.fields.group, path),
                            IndexRecordOption::Basic,
                        ))
                    })
                    .collect();
                if !files.is_empty() {
                    let query = BooleanQuery::intersection(vec![
                        Box::new(BooleanQuery::union(files)) as Box<dyn Query>,
                        defines(),
                    ]);
                    nodes.extend(self.nodes_found(&query, cap, keep)?.unwrap_or_default());
                }
                nodes.sort_by(|a, b| a.id.cmp(&b.id));
                nodes.dedup_by(|a, b| a.id == b.id);
                nodes
            }
        };
        if nodes.len() > limit {
            nodes.clear();
        }
        Ok(nodes)
    }

    /// The repository's packages ([`Packages`]), found on first use.
    fn packages(&self) -> Result<&Packages> {
        if let Some(packages) = self.packages.get() {
            return Ok(packages);
        }
        let packages = Packages::find(&self.file_paths()?, |path, file| {
            Ok(self
                .source(path)?
                .and_then(|text| crate::lang::package_name(file, &text)))
        })?;
        Ok(self.packages.get_or_init(|| packages))
    }

    /// The nodes whose references use `name` (as their last segment), in id order;
    /// `None` when more than `limit` nodes do.
    pub fn users_of(&self, name: &str, limit: usize) -> Result<Option<Vec<Node>>> {
        let term = Term::from_field_text(self.fields.uses, name);
        self.nodes_with(term, limit, |_| true)
    }

    /// The nodes indexed under a term, kept if `keep`, in id order; `None` when more
    /// than `limit` documents have the term.
    fn nodes_with(
        &self,
        term: Term,
        limit: usize,
        keep: impl Fn(&Node) -> bool,
    ) -> Result<Option<Vec<Node>>> {
        if live_doc_freq(&self.searcher, &term)? > limit as u64 {
            return Ok(None);
        }
        self.nodes_found(&TermQuery::new(term, IndexRecordOption::Basic), limit, keep)
    }

    /// The nodes a query matches, kept if `keep`, in id order; `None` when more than
    /// `limit` documents match.
    fn nodes_found(
        &self,
        query: &dyn Query,
        limit: usize,
        keep: impl Fn(&Node) -> bool,
    ) -> Result<Option<Vec<Node>>> {
        let mut addresses: Vec<DocAddress> = self
            .searcher
            .search(query, &DocSetCollector)?
            .into_iter()
            .collect();
        if addresses.len() > limit {
            return Ok(None);
        }
        addresses.sort();
        let mut nodes = Vec::new();
        for address in addresses {
            let node = self.load_node(address)?;
            if keep(&node) {
                nodes.push(node);
            }
        }
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Some(nodes))
    }

    /// Every node id, sorted.
    pub fn ids(&self) -> Result<Vec<String>> {
        self.live_terms(self.fields.id)
    }

    /// The paths of the indexed files, sorted: what the manifest lists, read from the
    /// index's digest, or else from the term dictionary, at a fraction of the
    /// manifest's cost.
    pub fn file_paths(&self) -> Result<Vec<String>> {
        if let Some(files) = self.digest_files() {
            return Ok(files.paths().map(str::to_string).collect());
        }
        Ok(super::digest::file_paths(
            self.live_terms(self.fields.path)?,
        ))
    }

    /// The blake3 hash (hex) of an indexed file's bytes, `None` when the file is not
    /// indexed: from the manifest when it is loaded, else from the index's digest
    /// (a line of it, where the manifest is the whole index's record).
    pub(crate) fn file_hash(&self, path: &str) -> Result<Option<String>> {
        if self.manifest.get().is_none()
            && let Some(files) = self.digest_files()
            && let Some(hashes) = self.digest_hashes(files)
        {
            let hash = files.position(path).and_then(|i| hashes.get(i));
            return Ok(hash.map(str::to_string));
        }
        Ok(self.manifest()?.files.get(path).map(|f| f.hash.clone()))
    }

    fn digest_files(&self) -> Option<&super::digest::Files> {
        self.digest_files
            .get_or_init(|| super::digest::Files::read(&self.folder, &self.searcher))
            .as_ref()
    }

    fn digest_hashes(&self, files: &super::digest::Files) -> Option<&super::digest::Hashes> {
        self.digest_hashes
            .get_or_init(|| super::digest::Hashes::read(&self.folder, &self.searcher, files.len()))
            .as_ref()
    }

    /// The terms of a raw-string field that some live document holds, sorted.
    fn live_terms(&self, field: tantivy::schema::Field) -> Result<Vec<String>> {
        super::digest::live_terms(&self.searcher, field)
            .map_err(|e| corrupt(&self.location.index_dir, e))
    }
}

/// How many times `named_within`'s limit of definitions it looks at before it narrows
/// the search: the limit applies to the definitions it keeps.
const WITHIN_CANDIDATES: usize = 10;

/// Whether a node id is inside something named `outer`: a definition holding it
/// (`Writer` of `a/format.rs::Writer::new`), its module ([`module_is`]) or the
/// package holding its file ([`Packages`]).
fn held_by(id: &str, outer: &str, packages: &Packages) -> bool {
    let (path, inside) = id.split_once("::").unwrap_or((id, ""));
    let mut holders: Vec<&str> = inside.split("::").collect();
    holders.pop();
    holders.contains(&outer)
        || (!inside.is_empty() && (module_is(path, outer) || packages.holds(path, outer)))
}

/// Whether a file is the module `name`: its stem (`format.rs`, `io.py`), or the folder
/// of a file that stands for its folder by its language's entry files
/// (`format/mod.rs`, `x/__init__.py`, `ui/index.ts`); a `src/` folder is a source
/// root, not a module: such a file in it is the package above (`my_crate` of
/// `my-crate/src/lib.rs`).
fn module_is(path: &str, name: &str) -> bool {
    let mut parts = path.rsplit('/');
    let file = parts.next().unwrap_or(path);
    let stem = file.split_once('.').map_or(file, |(stem, _)| stem);
    if stem == name {
        return true;
    }
    if !crate::lang::stands_for_folder(file) {
        return false;
    }
    match parts.next() {
        Some("src") => parts
            .next()
            .is_some_and(|package| package.replace('-', "_") == name),
        folder => folder == Some(name),
    }
}

/// The packages of a repository, which code outside calls by their names
/// (`regex::Error`, `jinja2.Environment`) whatever file inside defines the item: the
/// folder of a manifest declaring a package's name, up to the folders of the next
/// manifests below (Rust: a `Cargo.toml`'s `[lib]` or `[package] name`), and the outermost
/// folders standing for a package by their language's entry files
/// (`jinja2/__init__.py`, with none in `jinja2/..`), named by the folder. Go's
/// packages, folders without an entry file, are not told.
#[derive(Debug, Default)]
struct Packages {
    /// Folders holding a manifest that declares packages ("" for the root), with
    /// the name it declares.
    manifests: HashMap<String, Option<String>>,
    /// Folders holding an entry file.
    entry_folders: HashSet<String>,
}

impl Packages {
    /// The packages among `paths` (a repository's files); `declared` tells the name
    /// a manifest declares, given its path and file name.
    fn find(
        paths: &[String],
        mut declared: impl FnMut(&str, &str) -> Result<Option<String>>,
    ) -> Result<Packages> {
        let mut packages = Packages::default();
        for path in paths {
            let (folder, file) = path.rsplit_once('/').unwrap_or(("", path));
            if crate::lang::stands_for_folder(file) {
                packages.entry_folders.insert(folder.to_owned());
            }
            if crate::lang::names_a_package(file) {
                let name = declared(path, file)?;
                packages.manifests.insert(folder.to_owned(), name);
            }
        }
        Ok(packages)
    }

    /// Whether `path` is inside the package `name`: the nearest manifest above it
    /// declares that name, or a folder of that name above it is an outermost entry
    /// folder.
    fn holds(&self, path: &str, name: &str) -> bool {
        let mut manifest_seen = false;
        let mut folder = path;
        loop {
            folder = folder.rsplit_once('/').map_or("", |(parent, _)| parent);
            if !manifest_seen && let Some(declared) = self.manifests.get(folder) {
                manifest_seen = true;
                if declared.as_deref() == Some(name) {
                    return true;
                }
            }
            let (parent, last) = folder.rsplit_once('/').unwrap_or(("", folder));
            if !folder.is_empty()
                && (last == name || last.replace('-', "_") == name)
                && self.entry_folders.contains(folder)
                && !self.entry_folders.contains(parent)
            {
                return true;
            }
            if folder.is_empty() {
                return false;
            }
        }
    }
}

/// Restricts a search to some nodes.
#[derive(Debug, Clone, Default)]
pub struct SearchFilter {
    /// Only nodes of these kinds (any kind when empty).
    pub kinds: Vec<NodeKind>,
    /// Only nodes of this language.
    pub lang: Option<Lang>,
    /// Only nodes of these files (any file when empty).
    pub paths: BTreeSet<String>,
}

/// A node found by a search, with its BM25 score.
#[derive(Debug, Clone)]
pub struct SearchHit {
    /// Relevance: higher is better.
    pub score: f32,
    /// The node.
    pub node: Node,
}

/// Fields a node search looks in, and how much a match in each counts: its name and
/// id (the name twice), its prose (gist, signature, doc summary), and its own text
/// (identifiers, literals and comments of its body), which counts for less: a body
/// holds many words.
const SEARCH_FIELDS: [(&str, f32); 3] = [("name", 1.0), ("text", 1.0), ("inner", 0.5)];

impl Reader {
    /// The code nodes best matching a text, best first (ties by id, for stable output).
    pub fn search(
        &self,
        text: &str,
        filter: &SearchFilter,
        limit: usize,
    ) -> Result<Vec<SearchHit>> {
        let schema = self.index.schema();
        let mut fields = Vec::with_capacity(SEARCH_FIELDS.len());
        for (name, boost) in SEARCH_FIELDS {
            fields.push((schema.get_field(name)?, boost));
        }
        self.search_fields(text, &fields, filter, limit, self.code_docs()?)
    }

    /// The text files and sections best matching a text, best first (ties by id),
    /// ranked by their own field apart from code (see [`Fields::prose`]); none when
    /// the filter asks for a language.
    pub fn search_texts(
        &self,
        text: &str,
        filter: &SearchFilter,
        limit: usize,
    ) -> Result<Vec<SearchHit>> {
        if filter.lang.is_some() {
            return Ok(Vec::new());
        }
        let docs = self.text_docs()?;
        self.search_fields(text, &[(self.fields.prose, 1.0)], filter, limit, docs)
    }

    /// The nodes best matching a text by BM25 over `fields`, among `docs` documents.
    fn search_fields(
        &self,
        text: &str,
        fields: &[(tantivy::schema::Field, f32)],
        filter: &SearchFilter,
        limit: usize,
        docs: u64,
    ) -> Result<Vec<SearchHit>> {
        let mut words: Vec<Box<dyn Query>> = Vec::new();
        for &(field, boost) in fields {
            words.extend(self.term_queries(field, text, boost)?);
        }
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, Box::new(BooleanQuery::union(words)))];
        let any_of = |field, values: Vec<&str>| -> (Occur, Box<dyn Query>) {
            let terms = values
                .into_iter()
                .map(|value| -> Box<dyn Query> {
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, value),
                        IndexRecordOption::Basic,
                    ))
                })
                .collect();
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(
                    Box::new(BooleanQuery::union(terms)),
                    0.0,
                )),
            )
        };
        if !filter.kinds.is_empty() {
            let kinds = filter.kinds.iter().map(|k| k.name()).collect();
            clauses.push(any_of(self.fields.kind, kinds));
        }
        if let Some(lang) = filter.lang {
            clauses.push(any_of(self.fields.lang, vec![lang.name()]));
        }
        if !filter.paths.is_empty() {
            let paths = filter.paths.iter().map(String::as_str).collect();
            clauses.push(any_of(self.fields.path, paths));
        }
        let query = BooleanQuery::new(clauses);
        let top = self.searcher.search_with_statistics_provider(
            &query,
            &exact_top(self.cap(limit)),
            &self.stats.provider(&self.searcher, docs),
        )?;
        let mut hits = top
            .into_iter()
            .map(|(score, address)| {
                Ok(SearchHit {
                    score,
                    node: self.load_node(address)?,
                })
            })
            .collect::<Result<Vec<SearchHit>>>()?;
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.node.id.cmp(&b.node.id))
        });
        hits.truncate(limit);
        Ok(hits)
    }
}

impl SearchFilter {
    /// Whether a node passes the filter.
    pub fn accepts(&self, node: &Node) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&node.kind))
            && self.lang.is_none_or(|lang| node.lang == Some(lang))
            && (self.paths.is_empty() || self.paths.contains(&node.path))
    }
}

impl Reader {
    /// The number of files holding a word (its rarest part, for an identifier of
    /// several words), as the whole-file search counts them.
    pub fn file_frequency(&self, word: &str) -> Result<u64> {
        let mut analyzer = self.index.tokenizer_for_field(self.fields.body)?;
        let mut terms: Vec<String> = Vec::new();
        analyzer
            .token_stream(word)
            .process(&mut |token| terms.push(token.text.clone()));
        let mut rarest: Option<u64> = None;
        for term in terms {
            let n = live_doc_freq(
                &self.searcher,
                &Term::from_field_text(self.fields.body, &term),
            )?;
            rarest = Some(rarest.map_or(n, |r| r.min(n)));
        }
        Ok(rarest.unwrap_or(0))
    }

    /// The nodes whose own text (see [`Fields::inner`]) holds every word of `text`,
    /// in id order: the definitions that may hold a quoted message. Empty when more
    /// than `limit` do (words that common say little).
    pub fn holding_all(&self, text: &str, limit: usize) -> Result<Vec<Node>> {
        let terms = self.term_queries(self.fields.inner, text, 1.0)?;
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let nodes = self.nodes_found(&BooleanQuery::intersection(terms), limit, |_| true)?;
        Ok(nodes.unwrap_or_default())
    }

    /// The documents of text files.
    fn text_docs(&self) -> Result<u64> {
        if let Some(&count) = self.text_docs.get() {
            return Ok(count);
        }
        let texts = Term::from_field_text(self.fields.lang, TEXT_LANG);
        let count = live_doc_freq(&self.searcher, &texts)?;
        Ok(*self.text_docs.get_or_init(|| count))
    }

    /// The documents code is ranked among: all but those of text files, so that docs
    /// added to a repository leave the ranking of its code as it was.
    fn code_docs(&self) -> Result<u64> {
        Ok(self.searcher.num_docs().saturating_sub(self.text_docs()?))
    }

    /// A result count no larger than the index: collectors reserve room for all of it.
    fn cap(&self, limit: usize) -> usize {
        limit.min(usize::try_from(self.searcher.num_docs()).unwrap_or(usize::MAX))
    }

    /// One boosted BM25 term query per distinct token of `text` in `field`.
    fn term_queries(
        &self,
        field: tantivy::schema::Field,
        text: &str,
        boost: f32,
    ) -> Result<Vec<Box<dyn Query>>> {
        let mut analyzer = self.index.tokenizer_for_field(field)?;
        let mut terms: Vec<String> = Vec::new();
        analyzer
            .token_stream(text)
            .process(&mut |token| terms.push(token.text.clone()));
        terms.sort();
        terms.dedup();
        Ok(terms
            .into_iter()
            .map(|term| -> Box<dyn Query> {
                let query = TermQuery::new(
                    Term::from_field_text(field, &term),
                    IndexRecordOption::WithFreqs,
                );
                Box::new(BoostQuery::new(Box::new(query), boost))
            })
            .collect())
    }

    /// Paths of the files whose text holds every word of every one of `texts` (as the
    /// whole-file tokenizer splits them), in path order: files that cannot match a
    /// pattern naming these identifiers need not be read. Words the tokenizer drops
    /// (one letter) constrain nothing.
    pub fn files_containing(&self, texts: &[String]) -> Result<Vec<String>> {
        let mut terms: Vec<Box<dyn Query>> = vec![Box::new(TermQuery::new(
            Term::from_field_text(self.fields.kind, SOURCE_KIND),
            IndexRecordOption::Basic,
        ))];
        for text in texts {
            terms.extend(self.term_queries(self.fields.body, text, 1.0)?);
        }
        let found = self
            .searcher
            .search(&BooleanQuery::intersection(terms), &DocSetCollector)?;
        let found: Vec<DocAddress> = found.into_iter().collect();
        let mut paths: Vec<String> = self.paths_of(&found)?.into_iter().flatten().collect();
        paths.sort();
        Ok(paths)
    }

    /// The nodes of a file (not the file itself), in source order.
    pub fn file_nodes(&self, path: &str) -> Result<Vec<Node>> {
        let mut nodes = Vec::new();
        for address in self.addresses(self.fields.group, path)? {
            let doc: TantivyDocument = self.searcher.doc(address)?;
            if doc.get_first(self.fields.node).is_some() {
                nodes.push(self.node_in(&doc)?);
            }
        }
        nodes.sort_by_key(|node| node.ord);
        Ok(nodes)
    }

    /// Up to `limit` functions and types of `lang` that share the most shapes with a
    /// fingerprint (rarer shapes weigh more), each with its own fingerprint.
    pub fn shaped_like(
        &self,
        shape: &[u32],
        lang: Lang,
        limit: usize,
    ) -> Result<Vec<(Node, Vec<u32>)>> {
        let mut distinct = shape.to_vec();
        distinct.dedup();
        if distinct.is_empty() {
            return Ok(Vec::new());
        }
        let shapes: Vec<Box<dyn Query>> = distinct
            .iter()
            .map(|&s| -> Box<dyn Query> {
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.shape, &crate::shape::term(s)),
                    IndexRecordOption::WithFreqs,
                ))
            })
            .collect();
        let query = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(BooleanQuery::union(shapes)) as Box<dyn Query>,
            ),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.lang, lang.name()),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        let top = self.searcher.search_with_statistics_provider(
            &query,
            &exact_top(self.cap(limit)),
            &self.stats.provider(&self.searcher, self.code_docs()?),
        )?;
        let mut found = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = self.searcher.doc(address)?;
            let shape = self.shape_in(&doc).unwrap_or_default();
            found.push((score, self.node_in(&doc)?, shape));
        }
        // Ties by id: the order of documents in the index depends on its history.
        found.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
        found.truncate(limit);
        Ok(found
            .into_iter()
            .map(|(_, node, shape)| (node, shape))
            .collect())
    }

    /// The fingerprint of a node, if it has one (functions and types).
    pub fn node_shape(&self, id: &str) -> Result<Option<Vec<u32>>> {
        let Some(&address) = self.addresses(self.fields.id, id)?.first() else {
            return Ok(None);
        };
        Ok(self.shape_in(&self.searcher.doc(address)?))
    }

    /// The fingerprint a loaded document holds, if any.
    fn shape_in(&self, doc: &TantivyDocument) -> Option<Vec<u32>> {
        doc.get_first(self.fields.shape_data)
            .and_then(|v| v.as_bytes())
            .map(crate::shape::from_bytes)
    }

    /// The `path` of each document, from its fast field (`None` for one without),
    /// in the order given: each segment's column is opened once.
    fn paths_of(&self, addresses: &[DocAddress]) -> Result<Vec<Option<String>>> {
        let mut columns = HashMap::new();
        let mut paths = Vec::with_capacity(addresses.len());
        for address in addresses {
            let column = match columns.entry(address.segment_ord) {
                std::collections::hash_map::Entry::Occupied(open) => open.into_mut(),
                std::collections::hash_map::Entry::Vacant(slot) => {
                    let segment = self.searcher.segment_reader(address.segment_ord);
                    slot.insert(segment.fast_fields().str("path")?)
                }
            };
            let path = match column {
                Some(column) => match column.term_ords(address.doc_id).next() {
                    Some(ord) => {
                        let mut path = String::new();
                        column
                            .ord_to_str(ord, &mut path)
                            .map_err(|e| corrupt(&self.location.index_dir, e))?;
                        Some(path)
                    }
                    None => None,
                },
                None => None,
            };
            paths.push(path);
        }
        Ok(paths)
    }

    /// Files ranked by BM25 of their whole text against `text`, best first (ties by
    /// path): the evidence of everything in a file, comments and bodies included.
    pub fn search_files(&self, text: &str, limit: usize) -> Result<Vec<(String, f32)>> {
        let words = self.term_queries(self.fields.body, text, 1.0)?;
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let query = BooleanQuery::union(words);
        // Only files have a whole-file text: the average length and the document
        // frequencies are over files, not over every document.
        let source = Term::from_field_text(self.fields.kind, SOURCE_KIND);
        let files = live_doc_freq(&self.searcher, &source)?;
        let top = self.searcher.search_with_statistics_provider(
            &query,
            &exact_top(self.cap(limit)),
            &self.stats.provider(&self.searcher, files),
        )?;
        let addresses: Vec<DocAddress> = top.iter().map(|&(_, address)| address).collect();
        let mut files: Vec<(String, f32)> = top
            .iter()
            .zip(self.paths_of(&addresses)?)
            .filter_map(|(&(score, _), path)| Some((path?, score)))
            .collect();
        files.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        files.truncate(limit);
        Ok(files)
    }
}

/// The best `limit` documents (and a margin, so ties at the cut are all kept for the
/// caller to order by id), every score summed term by term in query order.
/// tantivy's default top-k pruning sums a document's terms in an order that depends
/// on where documents lie in the index, so two indexes of the same repository could
/// differ in the last bits of a score, and so in order.
fn exact_top(limit: usize) -> impl tantivy::collector::Collector<Fruit = Vec<(f32, DocAddress)>> {
    const TIE_MARGIN: usize = 16;
    TopDocs::with_limit(limit.max(1).saturating_add(TIE_MARGIN))
        .tweak_score(|_: &tantivy::SegmentReader| |_doc: tantivy::DocId, score: f32| score)
}

fn manifest_from(searcher: &Searcher, fields: &Fields, index_dir: &Path) -> Result<Manifest> {
    let query = TermQuery::new(
        Term::from_field_text(fields.group, MANIFEST_GROUP),
        IndexRecordOption::Basic,
    );
    let found = searcher.search(&query, &DocSetCollector)?;
    let Some(address) = found.into_iter().next() else {
        return Err(corrupt(index_dir, "the manifest is missing"));
    };
    let doc: TantivyDocument = searcher.doc(address)?;
    let bytes = doc
        .get_first(fields.manifest)
        .and_then(|v| v.as_bytes())
        .unwrap_or_default();
    serde_json::from_slice(bytes)
        .map_err(|e| corrupt(index_dir, format!("the manifest is unreadable: {e}")))
}

/// Reads the manifest of an index the writer has open.
pub(super) fn load_manifest(index: &Index, fields: &Fields, index_dir: &Path) -> Result<Manifest> {
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(|e| corrupt(index_dir, e))?;
    manifest_from(&reader.searcher(), fields, index_dir)
}

#[cfg(test)]
mod tests {
    use super::{Packages, Reader, held_by};
    use crate::error::Result;
    use crate::indexer::{IndexOptions, NoProgress, index};
    use crate::store::Location;

    /// A reader answers from the digest of its commit: a hash changed in it (under its
    /// own key) is what the reader gives; the same change under another key is not.
    #[test]
    fn a_reader_takes_the_digest_of_its_commit_and_only_that() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.py"), "def a():\n    return 1\n").unwrap();
        std::fs::write(root.join("b.py"), "def b():\n    return 2\n").unwrap();
        let location = Location::resolve(Some(root), None, root, true).unwrap();
        let options = IndexOptions {
            rebuild: false,
            max_file_size: None,
        };
        index(&location, &options, &NoProgress).unwrap();
        let reader = Reader::open(&location).unwrap();
        let indexed = reader.manifest().unwrap().files["b.py"].hash.clone();
        let hashes = reader.folder.join("digest-hashes");
        let text = std::fs::read_to_string(&hashes).unwrap();
        let sentinel = "5".repeat(64);
        std::fs::write(&hashes, text.replace(&indexed, &sentinel)).unwrap();
        let fresh = Reader::open(&location).unwrap();
        assert_eq!(fresh.file_hash("b.py").unwrap(), Some(sentinel.clone()));
        assert_eq!(fresh.file_hash("c.py").unwrap(), None);
        let mut lines: Vec<&str> = text.lines().collect();
        lines[1] = "another:1";
        let other_key = lines.join("\n").replace(&indexed, &sentinel) + "\n";
        std::fs::write(&hashes, other_key).unwrap();
        let fresh = Reader::open(&location).unwrap();
        assert_eq!(fresh.file_hash("b.py").unwrap(), Some(indexed));
    }

    #[test]
    fn a_definition_is_held_by_its_enclosing_names_and_its_module() {
        let none = Packages::default();
        let id = "src/fmt/format/mod.rs::Writer::new";
        assert!(held_by(id, "Writer", &none));
        assert!(held_by(id, "format", &none), "mod.rs stands for its folder");
        assert!(
            !held_by(id, "fmt", &none),
            "a folder further up is no module of it"
        );
        assert!(!held_by(id, "new", &none), "nothing holds itself");
        assert!(
            !held_by("src/format.rs", "format", &none),
            "a file is in no module"
        );
        assert!(held_by("pkg/io.py::Reader::read", "io", &none));
        assert!(held_by("pkg/__init__.py::Reader", "pkg", &none));
        assert!(!held_by("pkg/io.py::Reader", "pkg", &none));
        assert!(
            held_by("pkg/index.py::build", "index", &none),
            "its own stem too"
        );
        assert!(held_by("my-crate/src/lib.rs::parse", "my_crate", &none));
        assert!(!held_by("my-crate/src/lib.rs::parse", "src", &none));
        assert!(held_by("src/lib.rs::parse", "lib", &none));
    }

    #[test]
    fn a_package_holds_every_file_inside_it() {
        let paths: Vec<String> = [
            "Cargo.toml",
            "src/lib.rs",
            "src/fmt/mod.rs",
            "src/error.rs",
            "regex-syntax/Cargo.toml",
            "regex-syntax/src/lib.rs",
            "benches/bench.rs",
            "py/src/jinja2/__init__.py",
            "py/src/jinja2/environment.py",
            "py/src/jinja2/ext/__init__.py",
            "py/src/jinja2/ext/i18n.py",
            "py/tests/jinja2/test_x.py",
        ]
        .map(String::from)
        .to_vec();
        let declared = |path: &str, _: &str| -> Result<Option<String>> {
            Ok(match path {
                "Cargo.toml" => Some("regex".into()),
                _ => Some("regex_syntax".into()),
            })
        };
        let packages = Packages::find(&paths, declared).unwrap();
        let held = |id: &str, name: &str| held_by(id, name, &packages);
        assert!(held("src/error.rs::Error", "regex"), "the root crate");
        assert!(held("benches/bench.rs::run", "regex"));
        assert!(
            !held("regex-syntax/src/lib.rs::Error", "regex"),
            "a member's manifest ends the root's package"
        );
        assert!(held("regex-syntax/src/lib.rs::Error", "regex_syntax"));
        assert!(!held("src/error.rs::Error", "regex_syntax"));
        assert!(held("py/src/jinja2/environment.py::Environment", "jinja2"));
        assert!(held("py/src/jinja2/ext/i18n.py::gettext", "jinja2"));
        assert!(
            !held("py/tests/jinja2/test_x.py::test", "jinja2"),
            "a folder of the name without an entry file is no package"
        );
        // A module of a package is no package: `fmt` names `src/fmt/mod.rs`'s own
        // definitions (its module), not those of files below it.
        assert!(held("src/fmt/mod.rs::Writer", "fmt"));
        assert!(!packages.holds("src/fmt/format.rs", "fmt"));
        assert!(!packages.holds("py/src/jinja2/ext/i18n.py", "ext"));
    }
}
