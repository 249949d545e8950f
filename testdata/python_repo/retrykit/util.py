"""Small helpers shared by the retry and schedule modules."""

import os
import logging

from .policy import DEFAULT_ATTEMPTS

log = logging.getLogger(__name__)


def state_path(base_dir, name):
    """Return the path of the state file for ``name``."""
    return os.path.join(base_dir, ".retrykit", name + ".state")


def load_attempts(path):
    """Read the stored attempt count from ``path``.

    The file contains a single integer. When the file is missing or cannot
    be parsed, the default number of attempts is returned instead.

    This never raises; problems are logged at debug level.
    """
    if not os.path.exists(path):
        return DEFAULT_ATTEMPTS
    try:
        with open(path) as handle:
            return int(handle.read().strip())
    except (OSError, ValueError) as exc:
        log.debug("could not read %s: %s", path, exc)
        return DEFAULT_ATTEMPTS


def save_attempts(path, attempts):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as handle:
        handle.write(str(attempts))


def format_delay(seconds):
    '''Format a delay in seconds as a short human-readable string.'''
    if seconds < 1:
        return f"{seconds * 1000:.0f}ms"
    return f"{seconds:.1f}s"


def env_flag(name, default=False):
    r"""Read a boolean flag from the environment, e.g. ``RETRYKIT_DEBUG=1``.

    Accepted true values match the pattern ``^(1|true|yes)$``.
    """
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes")
