"""Parity by mutual recursion, and counts parsed from text."""


class ParseError(ValueError):
    """Text that is not a count."""


def is_even(n: int) -> bool:
    """Whether `n` is even."""
    if n == 0:
        return True
    return is_odd(n - 1)


def is_odd(n: int) -> bool:
    """Whether `n` is odd."""
    if n == 0:
        return False
    return is_even(n - 1)


def parse_count(text: str) -> int:
    """The count written in `text`."""
    if not text.strip().isdigit():
        raise ParseError(f"not a count: {text!r}")
    return int(text)
