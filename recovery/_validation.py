"""Input checks shared by the whole package, and the typed errors and warnings they raise.

Every public entry point checks its inputs here before any work, so a bad value stops with
a :class:`ValueError` subclass of its domain whose message names the field, the value (and
its type when the type is wrong) and the fix; never NaN or a silent guess passed on.
Booleans are refused where numbers are meant (``True`` is an ``int`` to Python, never to
a user); numpy scalars count as numbers.

>>> number("retention", 0.8, 0, 1)
0.8
>>> number("retention", True, 0, 1)
Traceback (most recent call last):
...
recovery._validation.ParameterError: retention = True (bool): give a number in [0, 1], not true/false
>>> whole("periods", 26, low=1)
26
"""
from __future__ import annotations

import difflib
import math
import numbers

import numpy as np

__all__ = ["InputError", "ParameterError", "SurveyDataError", "ModelSpecError", "NetworkError", "ConfigError",
           "FitWarning", "ReverseKeyedItemWarning", "HeywoodCaseWarning", "NonConvergenceWarning",
           "BootstrapFailureWarning", "number", "whole", "flag", "choice", "known_keys", "finite_array",
           "type_name", "MAX_CUSTOMER_PERIODS", "MAX_PERIODS", "run_size"]


# --- errors -------------------------------------------------------------------------------------

class InputError(ValueError):
    """Input the package cannot use; the message names the field, the value and the fix.
    Every domain error below is one, so ``except recovery.InputError`` catches any of them."""


class ParameterError(InputError):
    """A model parameter or function argument of the wrong type or outside its range."""


class SurveyDataError(InputError):
    """Survey data that does not fit its declared scales; the message names column, row and fix."""


class ModelSpecError(InputError):
    """A model or design that cannot be estimated as specified (too few rows, singular or
    collinear input, negative degrees of freedom, a malformed design)."""


class NetworkError(InputError):
    """A customer network (edge list or adjacency matrix) that cannot be used."""


class ConfigError(InputError):
    """A configuration (file, command-line option, name) that cannot run."""


# --- warnings -----------------------------------------------------------------------------------

class FitWarning(UserWarning):
    """A model was fitted, but a figure should not be trusted as it stands."""


class ReverseKeyedItemWarning(FitWarning):
    """An item runs against its scale (negative item-total correlation or loading): reverse-code it?"""


class HeywoodCaseWarning(FitWarning):
    """A variance estimate at or below zero (a Heywood case): the model does not fit these data."""


class NonConvergenceWarning(FitWarning):
    """The estimator stopped before it converged."""


class BootstrapFailureWarning(FitWarning):
    """Many bootstrap resamples failed, so the intervals rest on fewer (and unusual) draws."""


# --- checks -------------------------------------------------------------------------------------

def type_name(value) -> str:
    """The type of ``value`` as a user would say it: ``bool``, ``str``, ``list``, ``numpy.float32``."""
    kind = type(value)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__.split('.')[0]}.{kind.__name__}"


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _span(low: float, high: float, low_open: bool, high_open: bool) -> str:
    return f"{'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"


def number(name: str, value, low: float = -math.inf, high: float = math.inf, *, low_open: bool = False,
           high_open: bool = False, allow_inf: bool = False, error: type[InputError] = ParameterError,
           what: str = "") -> float:
    """``value`` as a float if it is a finite number within ``low``..``high`` (ends open when
    ``low_open``/``high_open``); otherwise ``error`` naming ``name``, the value and the range.
    ``what`` adds a word on the meaning (e.g. "a probability"). ``allow_inf``: infinity passes
    where the range allows it (e.g. an unlimited capacity)."""
    span = _span(low, high, low_open, high_open)
    hint = f" ({what})" if what else ""
    if isinstance(value, (bool, np.bool_)):
        raise error(f"{name} = {value!r} (bool): give a number in {span}{hint}, not true/false")
    if not _is_number(value):
        raise error(f"{name} = {value!r} ({type_name(value)}): give a number in {span}{hint}")
    x = float(value)
    if math.isnan(x):
        raise error(f"{name} = nan: give a number in {span}{hint}; a missing value cannot stand in for one")
    if math.isinf(x) and not allow_inf:
        raise error(f"{name} = {x}: give a finite number in {span}{hint}")
    if x < low or x > high or (low_open and x == low) or (high_open and x == high):
        raise error(f"{name} = {value!r} is outside the allowed range {span}{hint}")
    return x


def whole(name: str, value, low: int = 0, high: int | None = None, *,
          error: type[InputError] = ParameterError) -> int:
    """``value`` as an int if it is a whole number (an int, or a float with no fractional part,
    as TOML and JSON write ``1e6``) within ``low``..``high``; otherwise ``error``."""
    span = f"at least {low:,}" if high is None else f"from {low:,} to {high:,}"
    if isinstance(value, (bool, np.bool_)):
        raise error(f"{name} = {value!r} (bool): give a whole number {span}, not true/false")
    if isinstance(value, (numbers.Integral, np.integer)):
        x = int(value)
    elif _is_number(value) and math.isfinite(value) and float(value).is_integer():
        x = int(value)
    else:
        kind = "" if _is_number(value) else f" ({type_name(value)})"
        raise error(f"{name} = {value!r}{kind}: give a whole number {span}")
    if x < low or (high is not None and x > high):
        raise error(f"{name} = {x:,} is outside the allowed range: give a whole number {span}")
    return x


def flag(name: str, value, *, error: type[InputError] = ParameterError) -> bool:
    """``value`` if it is True or False (numpy's too); otherwise ``error``: a number or a text is
    not silently read as yes or no."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise error(f"{name} = {value!r} ({type_name(value)}): give True or False")


def choice(name: str, value, allowed, *, error: type[InputError] = ParameterError):
    """``value`` if it is one of ``allowed``; otherwise ``error`` listing them (and the closest)."""
    allowed = list(allowed)
    try:
        ok = value in allowed
    except TypeError:  # an unhashable value in a set/dict of allowed names
        ok = False
    if ok:
        return value
    close = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise error(f"{name} = {value!r}{hint}; allowed: {', '.join(repr(a) for a in allowed)}")


def known_keys(name: str, given, allowed, *, error: type[InputError] = ParameterError) -> None:
    """Refuse keys of ``given`` (a mapping or names) not in ``allowed``; an unknown key is a
    typo more often than not, and ignoring it would run something other than asked."""
    allowed = list(allowed)
    unknown = [k for k in given if k not in allowed]
    if unknown:
        close = difflib.get_close_matches(str(unknown[0]), [str(a) for a in allowed], n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise error(f"{name}: unknown key {unknown[0]!r}{hint}; allowed: {', '.join(repr(a) for a in allowed)}")


def finite_array(name: str, values, *, ndim: int | None = 1, error: type[InputError] = ParameterError,
                 item: str = "element") -> np.ndarray:
    """``values`` as a float array if every entry is a finite number; otherwise ``error``
    naming the first bad ``item`` (its position) and its value."""
    if isinstance(values, (str, bytes)):
        raise error(f"{name} = {values!r} (str): give a sequence of numbers")
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise error(f"{name}: give numbers only; got {values!r}") from None
    if ndim is not None and arr.ndim != ndim:
        raise error(f"{name} has {arr.ndim} dimension(s) (shape {arr.shape}); give {ndim}")
    raw = np.asarray(values)
    if raw.dtype == bool:
        raise error(f"{name} holds true/false values; give numbers")
    if raw.dtype == object or isinstance(values, (list, tuple)):  # numbers mixed with true/false
        cells = np.asarray(values, dtype=object).ravel()
        flags = [i for i, v in enumerate(cells) if isinstance(v, (bool, np.bool_))]
        if flags:
            raise error(f"{name}: {item} {flags[0]} is {cells[flags[0]]!r} (bool); give numbers, not true/false")
    bad = ~np.isfinite(arr)
    if bad.any():
        i = np.unravel_index(int(np.flatnonzero(bad.ravel())[0]), arr.shape)
        where = i[0] if len(i) == 1 else i
        raise error(f"{name}: {item} {where} is {arr[i]}; every {item} needs a finite value (fill it in or drop it)")
    return arr


#: The largest run a simulation or sweep task may ask for. The engine moves about 3e6
#: customer-periods a second on one core of the project machine (20,000 x 1,000: 4.6 s;
#: 200,000 x 52: 4.0 s) and a period costs at least 1.6 ms (100 customers x 2,000 periods:
#: 3.3 s), so these limits are about five minutes and 16 s: sizes that finish, where
#: ``periods = 10**12`` would run for years.
MAX_CUSTOMER_PERIODS = 10**9
MAX_PERIODS = 10_000


def run_size(n_customers, periods, *, error: type[InputError] = ParameterError) -> tuple[int, int]:
    """Check ``n_customers`` and ``periods`` (whole numbers >= 1) and that the run can finish
    (at most :data:`MAX_PERIODS` periods and :data:`MAX_CUSTOMER_PERIODS` customer-periods);
    the error says a size that would.

    >>> run_size(5_000, 26)
    (5000, 26)
    """
    n = whole("n_customers", n_customers, low=1, error=error)
    t = whole("periods", periods, low=1, error=error)
    if t > MAX_PERIODS:
        raise error(f"periods = {t:,} cannot finish in reasonable time (about 1.6 ms a period); give at most "
                    f"{MAX_PERIODS:,} (192 years of weeks)")
    if n * t > MAX_CUSTOMER_PERIODS:
        raise error(f"n_customers x periods = {n:,} x {t:,} = {n * t:.3g} customer-periods cannot finish in "
                    f"reasonable time (limit {MAX_CUSTOMER_PERIODS:.0e}, about five minutes); e.g. "
                    f"n_customers = {max(1, MAX_CUSTOMER_PERIODS // t):,} over these periods")
    return n, t
