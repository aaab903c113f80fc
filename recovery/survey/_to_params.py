"""Fitted justice -> satisfaction -> loyalty paths into the journey model's parameters.

The mapping (used by ``PLSResult.to_params`` and ``SEMResult.to_params``):

- the three standardised paths from distributive, procedural and interactional justice into
  (recovery) satisfaction become ``RecoveryParams.weight_distributive``, ``weight_procedural``
  and ``weight_interactional``: a negative path is set to 0, then the three are scaled to sum
  to 1, because the journey model's recovery satisfaction is a weighted *mean* of the three
  justice dimensions (:func:`recovery.journey.remedy.recovery_satisfaction`), so only their
  relative sizes carry over; the model's tilts by failure type, cause and complainant type
  (Smith, Bolton & Wagner 1999; seed 004) still apply on top. Standardised paths are used
  because PLS gives no other and a survey's scales are arbitrary; this assumes the three justice
  dimensions vary about equally among the firm's complainants;
- the satisfaction -> loyalty path is reported but left unmapped: the simulator's link from
  recovery to staying (``OutcomeParams.offset_midpoint``, ``offset_steepness``) is calibrated
  to TARP's repurchase figures, i.e. behaviour, while a survey's
  loyalty construct is an intention on a rating scale; a standardised path between two
  attitudes is not a repurchase probability. Every other field keeps its value in ``params``
  (by default the calibrated defaults of :class:`recovery.params.Params`).

>>> import pandas as pd
>>> paths = pd.DataFrame({"from": ["DJ", "PJ", "IJ"], "to": ["SAT"] * 3, "estimate": [0.5, 0.2, 0.3]})
>>> p = paths_to_params(paths, {"distributive": "DJ", "procedural": "PJ", "interactional": "IJ",
...                             "satisfaction": "SAT"})
>>> round(p.recovery.weight_distributive, 3)
0.5
"""
from __future__ import annotations

import pandas as pd

__all__ = ["paths_to_params", "params_mapping", "JUSTICE_ROLES"]

#: The roles a fitted model's constructs must play, in the order of RecoveryParams' weights.
JUSTICE_ROLES = ("distributive", "procedural", "interactional")


def _check_roles(paths: pd.DataFrame, roles: dict) -> pd.Series:
    missing = [r for r in (*JUSTICE_ROLES, "satisfaction") if r not in roles]
    if missing:
        raise ValueError(f"roles needs {missing}: name the construct that plays each role, e.g. "
                         "{'distributive': 'DJ', 'procedural': 'PJ', 'interactional': 'IJ', 'satisfaction': 'SAT'}")
    unknown = [r for r in roles if r not in (*JUSTICE_ROLES, "satisfaction", "loyalty")]
    if unknown:
        raise ValueError(f"roles has unknown keys {unknown}; use distributive, procedural, interactional, "
                         "satisfaction and optionally loyalty")
    return paths.set_index(["from", "to"])["estimate"]


def params_mapping(paths: pd.DataFrame, roles: dict) -> pd.DataFrame:
    """The mapping as a table: one row per path with its standardised estimate, the parameter it
    sets (``field``) and the value it gets (``value``; NaN where the path is left unmapped).

    Parameters
    ----------
    paths : pandas.DataFrame
        ``from``, ``to``, ``estimate`` (standardised), e.g. ``fit_pls(...).paths_``.
    roles : dict
        Construct per role: "distributive", "procedural", "interactional", "satisfaction";
        "loyalty" is optional and only reported.

    Returns
    -------
    pandas.DataFrame
        One row per path: ``from``, ``to``, ``estimate``, ``field``, ``value``.

    References
    ----------
    Smith, Bolton & Wagner (1999), J. Marketing Research 36, 356-372 (the three justice
    dimensions behind recovery satisfaction).

    Examples
    --------
    >>> import pandas as pd
    >>> paths = pd.DataFrame({"from": ["DJ", "PJ", "IJ"], "to": ["SAT"] * 3, "estimate": [0.5, 0.2, 0.3]})
    >>> roles = {"distributive": "DJ", "procedural": "PJ", "interactional": "IJ", "satisfaction": "SAT"}
    >>> params_mapping(paths, roles)["value"].round(2).tolist()
    [0.5, 0.2, 0.3]
    """
    est = _check_roles(paths, roles)
    target = roles["satisfaction"]
    raw = {}
    for role in JUSTICE_ROLES:
        key = (roles[role], target)
        if key not in est.index:
            raise ValueError(f"the model has no path {roles[role]} -> {target}; add it to estimate the {role} "
                             "justice weight")
        raw[role] = float(est[key])
    total = sum(max(v, 0.0) for v in raw.values())
    if total <= 0:
        raise ValueError(f"no justice path into {target} is positive ({raw}); the fit cannot set the weights")
    rows = [(roles[r], target, raw[r], f"recovery.weight_{r}", max(raw[r], 0.0) / total) for r in JUSTICE_ROLES]
    if "loyalty" in roles:
        key = (target, roles["loyalty"])
        if key not in est.index:
            raise ValueError(f"the model has no path {target} -> {roles['loyalty']}; add it or drop 'loyalty' "
                             "from roles")
        rows.append((*key, float(est[key]), "not mapped (outcomes.offset_* stay calibrated to TARP)", float("nan")))
    return pd.DataFrame(rows, columns=["from", "to", "std_estimate", "field", "value"])


def paths_to_params(paths: pd.DataFrame, roles: dict, params=None):
    """A :class:`recovery.params.Params` whose justice weights come from the fitted paths; every
    other field as in ``params`` (default: the calibrated defaults). See the module docstring.

    Parameters
    ----------
    paths : pandas.DataFrame
        ``from``, ``to``, ``estimate`` (standardised).
    roles : dict
        Construct per role, as :func:`params_mapping`.
    params : recovery.params.Params, optional
        The parameters to start from.

    Returns
    -------
    recovery.params.Params

    References
    ----------
    Smith, Bolton & Wagner (1999), J. Marketing Research 36, 356-372.

    Examples
    --------
    >>> import pandas as pd
    >>> paths = pd.DataFrame({"from": ["DJ", "PJ", "IJ"], "to": ["SAT"] * 3, "estimate": [0.6, 0.2, 0.2]})
    >>> roles = {"distributive": "DJ", "procedural": "PJ", "interactional": "IJ", "satisfaction": "SAT"}
    >>> round(paths_to_params(paths, roles).recovery.weight_distributive, 2)
    0.6
    """
    from recovery.params import Params

    table = params_mapping(paths, roles)
    mapped = table.dropna(subset=["value"])
    params = Params() if params is None else params
    return params.with_(**dict(zip(mapped["field"], mapped["value"])))
