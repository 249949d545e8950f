"""Rates by region."""

BY_REGION = {"eu": 20, "uk": 20, "us": 0}


def levy(amount, region):
    """Amount owed to the region, rounded down."""
    return amount * BY_REGION.get(region, 0) // 100
