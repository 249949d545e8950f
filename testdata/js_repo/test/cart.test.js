import { describe, it, expect } from "vitest";
import { Cart } from "../src/cart.js";
import { applyDiscount, TAX_RATE } from "../src/pricing.js";

const BOOK = { sku: "b1", name: "Book", price: 1000 };

describe("Cart", () => {
  it("merges lines of one product", () => {
    const cart = new Cart("ana").add(BOOK).add(BOOK, 2);
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0].quantity).toBe(3);
  });

  it("totals with discount and tax", () => {
    const cart = new Cart("bo").add(BOOK);
    cart.discountCode = "welcome10";
    expect(cart.total()).toBe(Math.round(applyDiscount(1000, "WELCOME10") * (1 + TAX_RATE)));
  });
});
