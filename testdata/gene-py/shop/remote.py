"""Exchange rates from a remote service."""

import requests


def fetch_rates(url: str) -> dict:
    """The rates the service at `url` publishes."""
    return requests.get(url, timeout=10).json()
