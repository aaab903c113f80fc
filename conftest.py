"""Shared by the tests and the doctests: close every figure a test drew (the chart fixtures are in
tests/conftest.py)."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")

