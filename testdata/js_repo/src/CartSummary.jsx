/** @jsx h */
import { h } from "preact";
import formatPrice, { lineTotal } from "./pricing.js";

/** One line of the summary: name, quantity and price. */
function LineItem({ line }) {
  return (
    <li className="line">
      {line.name} × {line.quantity}
      <span className="price">{formatPrice(lineTotal(line))}</span>
    </li>
  );
}

/**
 * The cart's summary: its lines and its total.
 * @param {{ cart: import("./cart.js").Cart }} props
 */
export default function CartSummary({ cart }) {
  return (
    <section className="summary">
      <ul>
        {cart.lines.map((line) => (
          <LineItem key={line.sku} line={line} />
        ))}
      </ul>
      <p className="total">{cart.toString()}</p>
    </section>
  );
}
