"""Shopping carts."""

from shop.errors import ShopError


class Cart:
    """Articles a customer intends to buy, with quantities."""

    def __init__(self):
        self.items = {}
        self.discount = 0.0

    def add(self, sku, quantity=1):
        """Puts units of an article into the cart."""
        if quantity <= 0:
            raise ShopError("quantity must be positive")
        self.items[sku] = self.items.get(sku, 0) + quantity

    def remove(self, sku):
        """Takes an article out of the cart."""
        self.items.pop(sku, None)

    def clear(self):
        """Empties the cart, keeping no discount after it is emptied."""
        self.items = {}

    def apply_coupon(self, percent):
        self.discount = percent / 100

    def total(self, prices):
        """The price of everything in the cart, discount applied."""
        gross = sum(prices[sku] * n for sku, n in self.items.items())
        return gross * (1 - self.discount)
