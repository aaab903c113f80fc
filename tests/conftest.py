"""Fixtures of the tests: the chart language, switched for one test and always restored."""
import pytest


@pytest.fixture
def chinese():
    """Draw in Chinese for one test, then back to English."""
    import recovery.plots as rp

    rp.set_language("zh")
    yield rp
    rp.set_language("en")


@pytest.fixture(params=["en", "zh"])
def language(request):
    """Run the test once in English and once in Chinese; the value is the language's code."""
    import recovery.plots as rp

    rp.set_language(request.param)
    yield request.param
    rp.set_language("en")
