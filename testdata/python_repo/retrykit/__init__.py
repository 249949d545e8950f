"""Retry failed operations with configurable backoff.

Import :class:`RetryPolicy` and :func:`retry` from here; the helpers in
:mod:`retrykit.util` are available as ``retrykit.util``.
"""

from .policy import RetryPolicy, retry
from . import util

__all__ = ["RetryPolicy", "retry", "util"]
__version__ = "0.1.0"
