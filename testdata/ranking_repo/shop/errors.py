"""Errors raised by the shop."""


class ShopError(Exception):
    """Base of every shop error."""


class OutOfStock(ShopError):
    """No units left of an article."""
