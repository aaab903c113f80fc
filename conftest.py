"""Shared by the tests and the doctests: close every figure a test drew; the `chinese` fixture."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def chinese():
    """Draw in Chinese for one test, then back to English."""
    import recovery.plots as rp

    rp.set_language("zh")
    yield rp
    rp.set_language("en")
