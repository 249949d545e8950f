//! Temporary stand-in until skeleton.rs lands.
use crate::grammar::Lang;
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    Function,
    Method,
    Type,
    Const,
}
pub struct Unit<'a> {
    pub kind: UnitKind,
    pub lang: Lang,
    pub name: &'a str,
    pub owner: Option<&'a str>,
    pub source: &'a str,
    pub doc: Option<&'a str>,
}
#[derive(Debug, Clone, serde::Serialize)]
pub struct Skeleton {
    pub name: String,
    pub text: String,
    pub todos: usize,
}
pub fn skeleton(unit: &Unit, _to: Lang) -> Skeleton {
    let _ = (unit.kind, unit.lang, unit.owner, unit.source, unit.doc);
    Skeleton {
        name: unit.name.to_string(),
        text: String::new(),
        todos: 0,
    }
}
