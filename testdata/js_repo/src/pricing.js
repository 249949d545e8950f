/**
 * @file Prices, discounts and taxes, in integer cents.
 */

/** The VAT rate applied to every total. */
export const TAX_RATE = 0.2;

/** Discount codes and the share of the price they take off. */
const DISCOUNTS = { WELCOME10: 0.1, VIP: 0.25 };

/**
 * The price of a line: its unit price times its quantity.
 * @param {{ price: number, quantity: number }} line
 * @returns {number} cents
 */
export function lineTotal({ price, quantity }) {
  return price * quantity;
}

/** Applies a discount code, if it is known, to an amount in cents. */
export const applyDiscount = (amount, code) => {
  const rate = DISCOUNTS[code?.toUpperCase()] ?? 0;
  return Math.round(amount * (1 - rate));
};

/** Adds the tax to an amount in cents. */
export const withTax = (amount, rate = TAX_RATE) => Math.round(amount * (1 + rate));

/**
 * Formats cents as a price: `1999` is `"19.99 €"`.
 */
export default function formatPrice(cents, currency = "€") {
  return `${(cents / 100).toFixed(2)} ${currency}`;
}
