import formatPrice, { lineTotal, applyDiscount, withTax as taxed } from "./pricing.js";
import config from "./config.cjs";

/**
 * A shopping cart: lines of products, each with a price and a quantity.
 */
export class Cart {
  /** Carts made so far, for ids. */
  static count = 0;
  #lines = new Map();
  discountCode = null;

  /** @param {string} owner */
  constructor(owner) {
    this.owner = owner;
    this.id = ++Cart.count;
  }

  /**
   * Adds `quantity` of a product, merging with a line of the same product.
   * @throws {RangeError} beyond the shop's maximum quantity
   */
  add(product, quantity = 1) {
    const line = this.#lines.get(product.sku) ?? { ...product, quantity: 0 };
    line.quantity += quantity;
    if (!config.isAllowedQuantity(config.loadConfig(), line.quantity)) {
      throw new RangeError(`too many ${product.sku}`);
    }
    this.#lines.set(product.sku, line);
    return this;
  }

  /** Removes a product's line. */
  remove(sku) {
    this.#lines.delete(sku);
  }

  /** The lines, in the order products were added. */
  get lines() {
    return [...this.#lines.values()];
  }

  /** The total in cents, after the discount and with tax. */
  total() {
    const subtotal = this.lines.reduce((sum, line) => sum + lineTotal(line), 0);
    return taxed(applyDiscount(subtotal, this.discountCode));
  }

  /** The total, formatted. */
  toString = () => formatPrice(this.total());
}
