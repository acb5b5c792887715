"""People most API tests act as: logged in, with the demo articles registered."""

import pytest


@pytest.fixture
def sara(people, articles):
    return people("sara.nilsson", "Sara Nilsson")


@pytest.fixture
def karin(people, articles):
    return people("karin.ek", "Karin Ek", ("employee", "editor", "admin"))
