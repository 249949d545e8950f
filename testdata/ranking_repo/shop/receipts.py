"""Receipts: the printed summary a customer gets after paying.

A receipt lists each line of the cart with its price, the discount, the tax and
the total, in the currency of the shop and in the customer's language.
"""

import datetime
import decimal
import locale
from textwrap import dedent

RECEIPT_WIDTH = 40
CURRENCY_SIGN = "EUR"


def receipt_header(shop_name, when):
    """The first lines of a receipt: the shop and the date of the sale."""
    stamp = when.strftime("%Y-%m-%d %H:%M")
    title = shop_name.center(RECEIPT_WIDTH)
    rule = "=" * RECEIPT_WIDTH
    return [title, stamp.center(RECEIPT_WIDTH), rule]


def receipt_line(name, quantity, price):
    """One line of a receipt: the article, how many, and what they cost."""
    amount = decimal.Decimal(price) * quantity
    left = f"{quantity} x {name}"
    right = f"{amount:.2f} {CURRENCY_SIGN}"
    padding = RECEIPT_WIDTH - len(left) - len(right)
    return left + " " * max(padding, 1) + right


def receipt_discount(discount):
    """The line that shows the discount, if any."""
    if not discount:
        return None
    text = f"discount -{discount:.2f} {CURRENCY_SIGN}"
    return text.rjust(RECEIPT_WIDTH)


def receipt_tax(total, rate):
    """The line that shows the tax included in the total."""
    tax = decimal.Decimal(total) * decimal.Decimal(rate) / (1 + decimal.Decimal(rate))
    text = f"incl. tax {rate:.0%}: {tax:.2f} {CURRENCY_SIGN}"
    return text.rjust(RECEIPT_WIDTH)


def receipt_total(total):
    """The last line: what the customer paid."""
    rule = "-" * RECEIPT_WIDTH
    text = f"TOTAL {total:.2f} {CURRENCY_SIGN}"
    return [rule, text.rjust(RECEIPT_WIDTH)]


def receipt_footer(language):
    """A thank-you line in the customer's language."""
    thanks = {
        "de": "Vielen Dank für Ihren Einkauf",
        "fr": "Merci de votre achat",
        "en": "Thank you for shopping with us",
    }
    return thanks.get(language, thanks["en"]).center(RECEIPT_WIDTH)


def format_receipt(shop_name, cart, rate, language="en", when=None):
    """The whole receipt of a cart, as text."""
    when = when or datetime.datetime.now()
    lines = receipt_header(shop_name, when)
    for name, quantity, price in cart.lines():
        lines.append(receipt_line(name, quantity, price))
    discount = receipt_discount(cart.discount)
    if discount:
        lines.append(discount)
    lines.append(receipt_tax(cart.total(), rate))
    lines.extend(receipt_total(cart.total()))
    lines.append(receipt_footer(language))
    return "\n".join(lines)


def print_receipt(text, printer):
    """Sends a receipt to the till's printer, one line at a time."""
    for line in text.splitlines():
        printer.write(line.encode("cp437", errors="replace"))
        printer.write(b"\n")
    printer.cut()


def email_receipt(text, address, mailer):
    """Mails a receipt to the customer."""
    body = dedent(
        f"""\
        Your receipt:

        {text}
        """
    )
    mailer.send(address, subject="Your receipt", body=body)
