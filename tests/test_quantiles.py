"""The compiled quantile functions (recovery/journey/_quantiles.py) against scipy's.

Both engines draw normals and a failure's severity through these functions, so the numpy path
and the kernel agree to the bit; here they are checked against scipy.special.ndtri and
betaincinv, the functions the engines called before, over the whole unit interval and far
into both tails.
"""
import numpy as np
import pytest
from scipy.special import betainc, betaincinv, ndtri

from recovery.journey import _quantiles as Q


def uniforms(seed=0):
    rng = np.random.default_rng(seed)
    return np.concatenate([rng.random(100_000), 10 ** -rng.uniform(1, 15, 10_000),
                           1 - 10 ** -rng.uniform(1, 15, 10_000), [0.5, 0.075, 0.925, 1e-12, 1 - 1e-12]])


def test_normal_quantile_matches_scipy_ndtri():
    u = uniforms()
    np.testing.assert_allclose(Q.normal(u), ndtri(np.clip(u, 1e-12, 1 - 1e-12)), rtol=2e-15, atol=1e-14)


def test_normal_quantile_is_the_same_function_scalar_and_array():
    u = uniforms(1)[::97]
    assert (Q.normal(u) == np.array([Q.normal_quantile(x) for x in np.clip(u, 1e-12, 1 - 1e-12)])).all()


@pytest.mark.parametrize("a, b", [(1.5, 3.0), (2.0, 5.0), (0.3, 4.0), (8.0, 2.0), (20.0, 30.0), (1.0, 1.0)])
def test_beta_quantile_solves_the_incomplete_beta_as_well_as_scipy(a, b):
    u = uniforms()
    x = Q.beta(u, a, b)
    assert np.isfinite(x).all() and (x >= 0).all() and (x <= 1).all()
    ours, theirs = np.abs(betainc(a, b, x) - u), np.abs(betainc(a, b, betaincinv(a, b, u)) - u)
    assert ours.max() <= max(theirs.max(), 1e-15)
    central = u < 0.95   # above, x is ill-conditioned in u: many doubles share I_x = u
    np.testing.assert_allclose(x[central], betaincinv(a, b, u[central]), rtol=2e-14, atol=1e-300)


def test_beta_quantile_is_monotone_from_zero():
    u = np.linspace(0, 1, 200_001)[:-1]
    x = Q.beta(u, 1.5, 3.0)
    assert x[0] == 0.0 and (np.diff(x) >= 0).all()
