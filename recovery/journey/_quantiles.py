"""Quantile functions that turn the keyed uniforms into draws, compiled once for both engines.

The journey draws every random quantity by inverting a distribution function at a uniform of
:mod:`recovery.journey._streams`. The kernel (:mod:`recovery.journey._kernel`) inlines the
functions here; the numpy path calls the same compiled functions over arrays
(:func:`normal`, :func:`beta`), so both engines get the same bits.

- :func:`normal_quantile`: Wichura's algorithm AS 241 (1988, "The percentage points of the
  normal distribution", Applied Statistics 37, 477-484), plain arithmetic; it agrees with
  ``scipy.special.ndtri`` to about 1e-15 and, inlined, costs a fraction of a call into scipy.
- :func:`beta_quantile`: the root of ``I_x(a, b) = u`` (scipy's regularised incomplete beta
  function) by Newton's method, started from a cubic interpolation of a table of
  ``scipy.special.betaincinv`` at ``u = k / BETA_GRID`` (:func:`beta_start`, built once per
  run) and kept inside the table's bracket; its residual ``|I_x(a, b) - u|`` is no larger
  than scipy's own, it agrees with ``scipy.special.betaincinv`` to about 1e-14 below
  u = 0.95 (above, many doubles share one ``I_x``), and at the model's severity shapes
  (1.5, 3) it costs a quarter of it (a failure's severity is drawn this way, about one
  customer in 200 a week).

``tests/test_quantiles.py`` checks both against scipy.

>>> from scipy.special import betaincinv, ndtri
>>> bool(abs(normal_quantile(0.975) - ndtri(0.975)) < 1e-15)
True
>>> import numpy as np
>>> u = np.array([0.1, 0.5, 0.9])
>>> bool(np.allclose(beta(u, 1.5, 3.0), betaincinv(1.5, 3.0, u), rtol=1e-14))
True
"""
from __future__ import annotations

import functools
import math

import llvmlite.binding as _llvm
import numpy as np
from numba import njit, types, vectorize
from numba.extending import get_cython_function_address
from scipy.special import betaincinv, gammaln

__all__ = ["BETA_GRID", "beta", "beta_quantile", "beta_start", "gammaincinv", "normal", "normal_quantile"]

# scipy's compiled special functions, linked by name so that numba's cache keeps the machine code
for _symbol, _name in (("recovery_betainc", "__pyx_fuse_0betainc"), ("recovery_gammaincinv", "gammaincinv")):
    _llvm.add_symbol(_symbol, get_cython_function_address("scipy.special.cython_special", _name))
_betainc = types.ExternalFunction("recovery_betainc", types.float64(types.float64, types.float64, types.float64))
#: scipy's inverse regularised lower incomplete gamma function (``gammaincinv(a, u)``), for numba.
gammaincinv = types.ExternalFunction("recovery_gammaincinv", types.float64(types.float64, types.float64))

# AS 241's rational functions (Wichura 1988, PPND16), coefficients in ascending powers: the
# centre (|u - 0.5| <= 0.425), the tail to r = 5 and the far tail, r = sqrt(-log(min(u, 1 - u)))
_CENTRE = ((3.3871328727963666080e0, 1.3314166789178437745e2, 1.9715909503065514427e3, 1.3731693765509461125e4,
            4.5921953931549871457e4, 6.7265770927008700853e4, 3.3430575583588128105e4, 2.5090809287301226727e3),
           (1.0, 4.2313330701600911252e1, 6.8718700749205790830e2, 5.3941960214247511077e3,
            2.1213794301586595867e4, 3.9307895800092710610e4, 2.8729085735721942674e4, 5.2264952788528545610e3))
_TAIL = ((1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0, 3.64784832476320460504e0,
          1.27045825245236838258e0, 2.41780725177450611770e-1, 2.27238449892691845833e-2, 7.74545014278341407640e-4),
         (1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
          1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4, 1.05075007164441684324e-9))
_FAR_TAIL = ((6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0, 2.96560571828504891230e-1,
              2.65321895265761230930e-2, 1.24266094738807843860e-3, 2.71155556874348757815e-5,
              2.01033439929228813265e-7),
             (1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
              7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7,
              2.04426310338993978564e-15))


@njit(cache=True, inline="always")
def normal_quantile(u):
    """The standard normal quantile of ``u`` in (0, 1) (Wichura's AS 241)."""
    def polynomial(c, r):  # Horner's rule, highest power first
        return c[0] + r * (c[1] + r * (c[2] + r * (c[3] + r * (c[4] + r * (c[5] + r * (c[6] + r * c[7]))))))

    q = u - 0.5
    if abs(q) <= 0.425:
        r = 0.180625 - q * q
        return q * polynomial(_CENTRE[0], r) / polynomial(_CENTRE[1], r)
    r = math.sqrt(-math.log(u if q < 0.0 else 1.0 - u))
    if r <= 5.0:
        value = polynomial(_TAIL[0], r - 1.6) / polynomial(_TAIL[1], r - 1.6)
    else:
        value = polynomial(_FAR_TAIL[0], r - 5.0) / polynomial(_FAR_TAIL[1], r - 5.0)
    return -value if q < 0.0 else value


#: Intervals of the table that starts :func:`beta_quantile`.
BETA_GRID = 8192


@functools.lru_cache(maxsize=64)
def _beta_start(a: float, b: float) -> np.ndarray:
    u = np.arange(BETA_GRID + 1) / BETA_GRID
    x = betaincinv(a, b, u)
    x[0], x[-1] = 0.0, 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = np.exp(-(gammaln(a + b) - gammaln(a) - gammaln(b) + (a - 1) * np.log(x) + (b - 1) * np.log1p(-x)))
    slope[[0, -1]] = 0.0   # not used: the end intervals start from the tails' power laws
    start = np.array([x, slope])
    start.flags.writeable = False
    return start


def beta_start(a: float, b: float) -> np.ndarray:
    """The Beta(a, b) quantiles at ``u = k / BETA_GRID``, ``k = 0 .. BETA_GRID`` (scipy's
    ``betaincinv``; 0 and 1 at the ends) and their slopes ``1 / density``: the brackets and
    first guesses of :func:`beta_quantile`, shape (2, ``BETA_GRID + 1``)."""
    return _beta_start(float(a), float(b))


@njit(cache=True, inline="always")
def beta_quantile(u, a, b, start):
    """The Beta(a, b) quantile of ``u`` in [0, 1): Newton's method on ``I_x(a, b) - u``, kept
    inside the bracket of :func:`beta_start`, from its cubic Hermite interpolation (from the
    tails' power laws in the end intervals), until a step is below 1e-9 of the distance to the
    nearer end (usually the first; at most 60)."""
    grid = start.shape[1] - 1
    k = min(int(u * grid), grid - 1)
    low, high = start[0, k], start[0, k + 1]
    log_norm = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    if k == 0:  # the lower tail: I_x(a, b) ~ x**a / (a B(a, b))
        x = min(max(math.exp((math.log(u * a) - log_norm) / a), low), high) if u > 0.0 else 0.0
    elif k == grid - 1:  # the upper tail: 1 - I_x(a, b) ~ (1 - x)**b / (b B(a, b))
        x = min(max(1.0 - math.exp((math.log((1.0 - u) * b) - log_norm) / b), low), high)
    else:  # cubic Hermite between the nodes, slopes dx/du = 1 / density
        t = u * grid - k
        h = 1.0 / grid
        x = ((2 * t ** 3 - 3 * t ** 2 + 1) * low + (t ** 3 - 2 * t ** 2 + t) * h * start[1, k]
             + (-2 * t ** 3 + 3 * t ** 2) * high + (t ** 3 - t ** 2) * h * start[1, k + 1])
        x = min(max(x, low), high)
    for _ in range(60):
        if x <= 0.0 or x >= 1.0:
            break
        density = math.exp(log_norm + (a - 1.0) * math.log(x) + (b - 1.0) * math.log1p(-x))
        if not density > 0.0 or math.isinf(density):
            break
        step = (_betainc(a, b, x) - u) / density
        new = min(max(x - step, low), high)
        # Newton's error after a step is of the order of the step squared: a step below 1e-9
        # (relative to the distance from the nearer end) leaves nothing a double can hold
        done = abs(new - x) <= 1e-9 * min(x, 1.0 - x)
        x = new
        if done:
            break
    return x


@njit(cache=True)
def _beta_array(u, a, b, start):
    out = np.empty(u.shape)
    for k in range(u.size):
        out.flat[k] = beta_quantile(u.flat[k], a, b, start)
    return out


def beta(u: np.ndarray, a: float, b: float) -> np.ndarray:
    """:func:`beta_quantile` over an array of uniforms (the numpy engine's severity draw)."""
    return _beta_array(np.ascontiguousarray(u, dtype=float), float(a), float(b), beta_start(a, b))


@functools.cache
def _normal_ufunc():
    # compiled on first use, not at import
    return vectorize(["float64(float64)"], cache=True)(normal_quantile.py_func)


def normal(u: np.ndarray) -> np.ndarray:
    """:func:`normal_quantile` over an array of uniforms, each first kept within
    [1e-12, 1 - 1e-12] (the numpy engine's normal draws; the kernel clips the same way)."""
    return _normal_ufunc()(np.clip(u, 1e-12, 1 - 1e-12))
