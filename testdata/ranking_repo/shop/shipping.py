"""Shipping costs by speed and weight."""

RATES = {
    "standard": 499,
    "express": 1299,
    "same_day": 2499,
}


def shipping_cost(speed, grams):
    """Cost in cents of shipping a parcel at a speed."""
    base = RATES[speed]
    return base + grams // 100 * 10


def delivery_days(speed):
    """How long a parcel takes."""
    return {"standard": 5, "express": 2}.get(speed, 1)
