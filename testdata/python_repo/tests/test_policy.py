import pytest

from retrykit import RetryPolicy, retry
from retrykit.policy import DEFAULT_ATTEMPTS, summarize


def test_default_attempts():
    policy = RetryPolicy()
    assert policy.max_attempts == DEFAULT_ATTEMPTS


def test_delay_grows_with_attempt():
    policy = RetryPolicy(backoff=2.0)
    assert policy.delay_for(3) > policy.delay_for(1)


def test_should_retry_stops_when_exhausted():
    policy = RetryPolicy(max_attempts=1)
    policy.record_attempt()
    assert policy.exhausted
    assert not policy.should_retry(ValueError("boom"))


def test_from_config():
    config = RetryPolicy.Config(attempts=7, backoff=1.5)
    policy = RetryPolicy.from_config(config)
    assert policy.max_attempts == 7
    assert config.as_dict() == {"attempts": 7, "backoff": 1.5}


def test_retry_decorator_reraises(monkeypatch):
    monkeypatch.setattr(RetryPolicy, "sleep", staticmethod(lambda seconds: None))
    calls = []

    @retry(RetryPolicy(max_attempts=2))
    def flaky():
        calls.append(1)
        raise RuntimeError("nope")

    with pytest.raises(RuntimeError):
        flaky()
    assert len(calls) == 2


def test_summarize():
    assert summarize("fetch", 2, ["net"]) == "fetch: 2 attempts #net"
