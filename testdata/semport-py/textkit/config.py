"""Settings for wrapping."""

from dataclasses import dataclass

DEFAULT_WIDTH = 70


@dataclass
class WrapConfig:
    """How to wrap text."""

    width: int = DEFAULT_WIDTH
    indent: str = ""
