"""Retry policies and the decorator that applies them.

A policy decides how many times an operation is attempted and how long to
wait between attempts.
"""

import asyncio
import functools
import time
import random as rnd
from typing import Optional, Callable

DEFAULT_ATTEMPTS = 3
MAX_DELAY = 60.0


class RetryPolicy:
    """Describes when and how often a failing call is retried.

    Delays grow exponentially with ``backoff`` and are capped at
    ``MAX_DELAY`` seconds.
    """

    max_attempts: int = 3
    backoff = 2.0

    def __init__(self, max_attempts: int = DEFAULT_ATTEMPTS, backoff: float = 2.0, retry_on=(Exception,)):
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.retry_on = retry_on
        self._attempts = 0

    def delay_for(self, attempt):
        """Return the number of seconds to wait before ``attempt``."""
        delay = self.backoff ** attempt + jitter(attempt)
        return min(delay, MAX_DELAY)

    def should_retry(self, exc):
        if self._attempts >= self.max_attempts:
            return False
        return isinstance(exc, self.retry_on)

    def record_attempt(self):
        """Count one more attempt against this policy."""
        self._attempts += 1

    @property
    def exhausted(self) -> bool:
        """Whether every allowed attempt has been used."""
        return self._attempts >= self.max_attempts

    @staticmethod
    def sleep(seconds: float) -> None:
        time.sleep(seconds)

    @classmethod
    def from_config(cls, config: "RetryPolicy.Config") -> "RetryPolicy":
        """Build a policy from a :class:`RetryPolicy.Config`."""
        return cls(max_attempts=config.attempts, backoff=config.backoff)

    class Config:
        """Plain settings object used by :meth:`RetryPolicy.from_config`."""

        def __init__(self, attempts: int = DEFAULT_ATTEMPTS, backoff: float = 2.0):
            self.attempts = attempts
            self.backoff = backoff

        def as_dict(self) -> dict:
            return {"attempts": self.attempts, "backoff": self.backoff}


@functools.lru_cache(maxsize=None)
def jitter(attempt: int, spread: float = 0.1) -> float:
    """Return a small random offset for the given attempt."""
    return rnd.uniform(0, spread * attempt)


def retry(policy: RetryPolicy):
    """Decorate a function so it is retried according to ``policy``."""

    def decorator(fn: Callable):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            attempt = 0
            while True:
                try:
                    return fn(*args, **kwargs)
                except Exception as exc:
                    policy.record_attempt()
                    if not policy.should_retry(exc):
                        raise
                    attempt += 1
                    RetryPolicy.sleep(policy.delay_for(attempt))

        return wrapper

    return decorator


def summarize(
    name: str,
    attempts: Optional[int] = None,
    tags: list[str] = [],
    counts: dict[str, int] = {},
    *args,
    verbose: bool = False,
    **kwargs,
) -> str:
    attempts = attempts if attempts is not None else DEFAULT_ATTEMPTS
    parts = [f"{name}: {attempts} attempts"]
    parts.extend(f"#{tag}" for tag in tags)
    if verbose:
        parts.extend(f"{key}={value}" for key, value in counts.items())
    return " ".join(parts)


async def retry_async(fn: Callable, policy: Optional[RetryPolicy] = None):
    """Await ``fn()`` until it succeeds or the policy gives up."""
    policy = policy or RetryPolicy()
    attempt = 0
    while True:
        try:
            return await fn()
        except Exception as exc:
            policy.record_attempt()
            if not policy.should_retry(exc):
                raise
            attempt += 1
            await asyncio.sleep(policy.delay_for(attempt))
