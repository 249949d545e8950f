"""Turning a cart into an order."""

from .tax import levy


def finalize_order(cart, region):
    """Finalize the order: the checkout total of the cart with its levy."""
    total = cart.total()
    return total + levy(total, region)
