//! Counts in English, so that every message says `1 file` and `2 files`: the one
//! place that knows how a noun takes its plural.

/// `n` and the noun, plural unless `n` is 1: `1 file`, `0 files`, `2 matches`,
/// `3 repositories`, `1 more line`. The noun is singular; its plural is the regular
/// English one (`-es` after s, x, ch and sh; `-ies` for a consonant and y).
pub fn plural<N: TryInto<u64> + Copy + std::fmt::Display>(n: N, noun: &str) -> String {
    if n.try_into().ok() == Some(1) {
        format!("1 {noun}")
    } else {
        format!("{n} {}", plural_of(noun))
    }
}

/// The regular English plural of a singular noun (the last word of `noun`).
fn plural_of(noun: &str) -> String {
    if noun.ends_with(['s', 'x']) || noun.ends_with("ch") || noun.ends_with("sh") {
        return format!("{noun}es");
    }
    if let Some(stem) = noun.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'i', 'o', 'u'])
    {
        return format!("{stem}ies");
    }
    format!("{noun}s")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(plural(1, "file"), "1 file");
        assert_eq!(plural(0, "file"), "0 files");
        assert_eq!(plural(2, "more line"), "2 more lines");
        assert_eq!(plural(1, "more match"), "1 more match");
        assert_eq!(plural(40, "more match"), "40 more matches");
        assert_eq!(plural(3, "repository"), "3 repositories");
        assert_eq!(plural(2, "key"), "2 keys");
        assert_eq!(plural(2, "token"), "2 tokens");
        assert_eq!(plural(5, "TODO"), "5 TODOs");
        assert_eq!(plural(1u64, "node"), "1 node");
        assert_eq!(plural(7u32, "node"), "7 nodes");
    }
}
