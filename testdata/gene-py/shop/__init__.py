"""A small shop: prices, taxes and a remote rate service."""
