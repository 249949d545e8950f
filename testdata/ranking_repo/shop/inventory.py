"""Stock kept per warehouse."""

from shop.errors import OutOfStock

STOCK = {}


def reserve(sku, quantity):
    """Holds units of an article for an order."""
    left = STOCK[sku]
    if left < quantity:
        raise OutOfStock(sku)
    STOCK[sku] = left - quantity


def restock(sku, quantity):
    """Adds delivered units."""
    STOCK[sku] = STOCK.get(sku, 0) + quantity
