"""Words of a text."""

import re

WORD_PATTERN = re.compile(r"\S+")


def split_words(text: str) -> list[str]:
    """The words of `text`, in order."""
    return WORD_PATTERN.findall(text)


def count_words(text: str) -> int:
    """How many words `text` has."""
    return len(split_words(text))
