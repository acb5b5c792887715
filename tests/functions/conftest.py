"""People most API tests act as: logged in, with the demo articles registered."""

import pytest


@pytest.fixture
def sara(people, articles):
    return people("sara.nilsson", "Sara Nilsson")


@pytest.fixture
def karin(people, articles):
    return people("karin.ek", "Karin Ek", ("employee", "editor", "admin"))


@pytest.fixture
def atomic_requests(monkeypatch):
    """DynamoDB applies each request atomically; moto in-process does not across
    threads (it copies tables mid-transaction), so each request gets a lock here.
    The requests of the 50 threads still interleave in any order."""
    import threading

    from moto.core.botocore_stubber import BotocoreStubber

    lock = threading.Lock()
    original = BotocoreStubber.__call__

    def atomic(self, *args, **kwargs):
        with lock:
            return original(self, *args, **kwargs)

    monkeypatch.setattr(BotocoreStubber, "__call__", atomic)
