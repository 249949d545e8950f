"""Small text utilities: words, wrapping, parity checks."""
