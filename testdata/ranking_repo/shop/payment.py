"""Taking payments for orders."""

from shop.errors import ShopError


class Gateway:
    """A payment provider."""

    def __init__(self, key):
        self.key = key

    def submit(self, card, cents):
        """Sends a charge to the provider; True when it is accepted."""
        return bool(card) and cents > 0


def validate_card(card):
    """Checks that a card is valid before paying with it."""
    return len(card) == 16


def charge(gateway, card, cents):
    """Charges a card for an order."""
    if not gateway.submit(card, cents):
        raise ShopError("card was declined by the issuer")
    return cents


def refund(gateway, card, cents):
    """Gives money back for a returned order."""
    return gateway.submit(card, -cents)
