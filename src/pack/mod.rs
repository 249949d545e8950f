//! Fitting blocks into a token budget: the one packer that slices, genes, overviews,
//! port plans and the MCP server's answers spend their budgets with, and the forms
//! ([`forms`]) whose tokens it counts. Below query and render alike: a query packs
//! exactly what the renderer will print, without importing the renderer.
//!
//! Packing has two passes. [`Packer`] takes blocks in priority order while their
//! counted tokens fit, keeping room for what must follow (a marker saying what was
//! left out). Tokens of joined texts can differ from the sum of their parts, so
//! [`shrink_to_fit`] then renders the whole answer and gives up the least important
//! block until the exact count fits.

pub mod forms;

use crate::tokens;
use crate::words::plural;

/// A token budget spent in order.
#[derive(Debug, Clone, Copy)]
pub struct Packer {
    budget: usize,
    used: usize,
}

impl Packer {
    /// An empty packer for `budget` tokens.
    pub fn new(budget: usize) -> Packer {
        Packer { budget, used: 0 }
    }

    /// Tokens spent so far.
    pub fn used(&self) -> usize {
        self.used
    }

    /// Tokens left.
    pub fn room(&self) -> usize {
        self.budget.saturating_sub(self.used)
    }

    /// Spends `cost` when it fits with `reserve` tokens still left after it (room for
    /// what must follow); whether it did.
    pub fn take(&mut self, cost: usize, reserve: usize) -> bool {
        let fits = self.used + cost + reserve <= self.budget;
        if fits {
            self.used += cost;
        }
        fits
    }

    /// Spends `cost` whether it fits or not: a part every answer shows (a header).
    pub fn spend(&mut self, cost: usize) {
        self.used += cost;
    }

    /// Gives back tokens of a block taken earlier (now shown inside another).
    pub fn refund(&mut self, cost: usize) {
        self.used = self.used.saturating_sub(cost);
    }
}

/// What [`shrink_to_fit`] ends with.
#[derive(Debug)]
pub enum Fit<T> {
    /// The rendering fits the budget.
    Fits(T),
    /// Over the budget, and nothing more can be given up.
    Over(T),
}

/// The exact pass: renders `state` and, while the rendering's text (`text`) is over
/// `budget` tokens, lets `shrink` give something up, told by how many tokens the
/// text is over; `shrink` says whether it could.
pub fn shrink_to_fit<S, T, E>(
    state: &mut S,
    budget: usize,
    mut render: impl FnMut(&mut S) -> Result<T, E>,
    text: impl Fn(&T) -> &str,
    mut shrink: impl FnMut(&mut S, usize) -> Result<bool, E>,
) -> Result<Fit<T>, E> {
    loop {
        let rendered = render(state)?;
        let count = tokens::count(text(&rendered));
        if count <= budget {
            return Ok(Fit::Fits(rendered));
        }
        if !shrink(state, count - budget)? {
            return Ok(Fit::Over(rendered));
        }
    }
}

/// The largest char boundary of `text` at or below `at`: where a text may be cut.
pub fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Tokens of one line as part of a block: its own and its newline's.
pub fn line_cost(line: &str) -> usize {
    tokens::count(line) + 1
}

/// How many of the first lines of `text` fit in `room` tokens (see [`line_cost`]).
pub fn lines_within(text: &str, room: usize) -> usize {
    let mut used = 0;
    text.lines()
        .take_while(|line| {
            used += line_cost(line);
            used <= room
        })
        .count()
}

/// The text within `budget` tokens: whole lines while they fit, then a line saying
/// how many were cut and `how` to see them.
pub fn bound(text: String, budget: usize, how: &str) -> String {
    if tokens::count(&text) <= budget {
        return text;
    }
    let total_lines = text.lines().count();
    // The marker's length depends on the count it reports: reserve for the widest.
    let marker = |cut: usize| {
        format!(
            "… {} cut at the {budget}-token budget: {how}\n",
            plural(cut, "more line")
        )
    };
    let reserve = tokens::count(&marker(total_lines));
    let prefix = tokens::truncate(&text, budget.saturating_sub(reserve));
    let kept = match prefix.rfind('\n') {
        Some(end) => &prefix[..=end],
        None => "",
    };
    let shown = kept.lines().count();
    format!("{kept}{}", marker(total_lines - shown))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packer_keeps_the_reserve_free() {
        let mut packer = Packer::new(100);
        assert!(packer.take(60, 20));
        assert!(!packer.take(30, 20), "60 + 30 leaves less than 20");
        assert!(packer.take(30, 0));
        assert_eq!(packer.room(), 10);
        packer.refund(30);
        assert_eq!(packer.used(), 60);
    }

    #[test]
    fn shrinking_stops_at_the_first_rendering_that_fits() {
        let mut lines: Vec<String> = (0..50).map(|i| format!("line number {i}")).collect();
        let fit = shrink_to_fit(
            &mut lines,
            60,
            |lines| Ok::<_, ()>(lines.join("\n")),
            |text| text.as_str(),
            |lines, _| Ok(lines.pop().is_some()),
        );
        let Ok(Fit::Fits(text)) = fit else {
            panic!("fifty short lines shrink to fit 60 tokens: {fit:?}");
        };
        assert!(tokens::count(&text) <= 60);
        assert!(tokens::count(&format!("{text}\nline number {}", lines.len())) > 60);
    }

    #[test]
    fn shrinking_says_when_nothing_more_can_go() {
        let mut left = 1;
        let fit = shrink_to_fit(
            &mut left,
            1,
            |_| Ok::<_, ()>("far too many words for a budget of one token".to_string()),
            |text| text.as_str(),
            |left, _| {
                *left -= 1;
                Ok(*left >= 0)
            },
        );
        assert!(matches!(fit, Ok(Fit::Over(_))), "{fit:?}");
    }

    #[test]
    fn lines_within_counts_whole_lines_with_their_newlines() {
        let text = "alpha beta\ngamma delta\nepsilon\n";
        let first = line_cost("alpha beta");
        let two = first + line_cost("gamma delta");
        assert_eq!(lines_within(text, first - 1), 0);
        assert_eq!(lines_within(text, first), 1);
        assert_eq!(lines_within(text, two), 2);
        assert_eq!(lines_within(text, 1000), 3);
    }

    #[test]
    fn bound_keeps_whole_lines_and_says_what_was_cut() {
        let text: String = (0..400)
            .map(|i| format!("line {i} of the answer\n"))
            .collect();
        let cut = bound(text.clone(), 200, "zoom in");
        assert!(tokens::count(&cut) <= 200);
        assert!(cut.starts_with("line 0 of the answer\n"));
        let last = cut.lines().last().unwrap_or_default();
        assert!(
            last.starts_with("… ") && last.ends_with("zoom in"),
            "{last}"
        );
        let shown = cut.lines().count() - 1;
        assert!(
            last.contains(&format!("{} more lines", 400 - shown)),
            "{last}"
        );
        assert_eq!(bound(text.clone(), 100_000, "zoom in"), text);
    }
}
