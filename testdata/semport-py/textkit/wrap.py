"""Wrapping text to a width."""

from typing import Optional

from .config import WrapConfig
from .words import split_words


def wrap(text: str, config: WrapConfig) -> list[str]:
    """Lines of at most `config.width` characters, words kept whole."""
    lines: list[str] = []
    line = config.indent
    for word in split_words(text):
        if line.strip() and len(line) + 1 + len(word) > config.width:
            lines.append(line)
            line = config.indent
        line = f"{line} {word}" if line.strip() else line + word
    if line.strip():
        lines.append(line)
    return lines


def fill(text: str, config: Optional[WrapConfig] = None) -> str:
    """The wrapped lines of `text` joined by newlines."""
    return "\n".join(wrap(text, config or WrapConfig()))
