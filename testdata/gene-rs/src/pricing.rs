//! Prices with tax.

use std::fmt;

/// Tax added to every checkout, in percent.
pub const TAX_PERCENT: u64 = 20;

/// An amount in cents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Money {
    pub cents: u64,
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.cents / 100, self.cents % 100)
    }
}

/// Adds tax to an amount, never less than one cent of it.
fn with_tax(amount: Money) -> Money {
    let tax = std::cmp::max(1, amount.cents * TAX_PERCENT / 100);
    Money {
        cents: amount.cents + tax,
    }
}

/// The total of some amounts in cents, tax included.
pub fn checkout_total(amounts: &[u64]) -> Money {
    let sum = amounts.iter().sum();
    with_tax(Money { cents: sum })
}

/// A line as long as the title; nothing in the checkout uses it.
pub fn banner(title: &str) -> String {
    "=".repeat(title.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkout_total_adds_tax() {
        assert_eq!(checkout_total(&[50, 50]).cents, 120);
    }

    #[test]
    fn banner_is_as_long_as_the_title() {
        assert_eq!(banner("shop").len(), 4);
    }
}
