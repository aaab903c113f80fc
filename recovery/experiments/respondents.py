"""Simulated respondents: the journey model answers a scenario study (:func:`simulate_responses`),
so the true effects are known. Each cell's customers come from :mod:`recovery.cohort`.

>>> from recovery.experiments import design
>>> answers = simulate_responses(design({"apology": [False, True]}, n_per_cell=5, seed=1), seed=1)
>>> {"dj1", "rs1", "attention", "true_rs"} <= set(answers.columns)
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit

from recovery._seeding import generator
from recovery.cohort import failure_cohort, no_failure_cohort
from recovery.experiments._stats import expected_likert, likert
from recovery.experiments.factorial import ATTENTION_ANSWER, ITEMS, JOURNEY_FACTORS, SCALES, Design, DesignError
from recovery.params import Params, Strategy

__all__ = ["simulate_responses", "SATISFACTION_SLOPE", "WOM_SCALE"]

_BOOL_LEVERS = ("apology", "explanation", "follow_up", "choice_of_remedy", "emotion_first", "proactive")
_NUMBER_LEVERS = ("compensation", "response_days", "expectation_setting")
_NO_FAILURE = ("none", "no", "no_failure", "control", "false", "0")
#: The rating's link to the journey's cumulative satisfaction (0 = neutral, the scale midpoint):
#: a failure that leaves satisfaction at -0.17 (severity 0.4, standard handling) reads about 1.7
#: of 7. Assumption, chosen so that the no-failure control sits at the midpoint.
SATISFACTION_SLOPE = 12.0
#: People told (positive minus negative) per logit of word-of-mouth intent; assumption.
WOM_SCALE = 10.0


def _as_bool(name, value) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in ("true", "yes", "1", "1.0"):
        return True
    if text in ("false", "no", "0", "0.0"):
        return False
    raise DesignError(f"factor {name!r}: level {value!r} is not a yes/no level; use True/False")


def _cell_setup(cell: dict) -> dict:
    """The journey model's arguments for one cell of the design."""
    unknown = [f for f in cell if f not in JOURNEY_FACTORS]
    if unknown:
        raise DesignError(f"factor {unknown[0]!r} has no meaning in the journey model; use factors among "
                          f"{JOURNEY_FACTORS}")
    failure = cell.get("failure", "failure")
    failed = not (failure is False or str(failure).strip().lower() in _NO_FAILURE)
    levers = {k: _as_bool(k, cell[k]) for k in _BOOL_LEVERS if k in cell}
    try:
        levers.update({k: float(cell[k]) for k in _NUMBER_LEVERS if k in cell})
        strategy = Strategy(**levers)
        severity = float(cell.get("severity", 0.4)) if failed else None  # 0.4: a moderate failure; assumption
        prior = float(cell.get("prior_failures", 0.0))
    except (TypeError, ValueError) as err:
        raise DesignError(f"cell {cell}: {err}") from err
    kind = str(cell.get("failure_type", "outcome")).lower()
    if kind not in ("outcome", "process"):
        raise DesignError(f"factor 'failure_type': level {kind!r}; use 'outcome' or 'process'")
    return {"severity": severity, "strategy": strategy, "prior": prior, "outcome": kind == "outcome",
            "controllable": _as_bool("controllable", cell.get("controllable", False)),
            "stable": _as_bool("stable", cell.get("stable", False))}


def _latent(n: int, setup: dict, params: Params, seed: int) -> pd.DataFrame:
    """Latent 0-1 answers of ``n`` customers of one cell: the truth behind each scale."""
    if setup["severity"] is None:
        frame = no_failure_cohort(params, setup["strategy"], n_customers=n, seed=seed)
        nan = np.full(n, np.nan)
        justice = {"dj": nan, "pj": nan, "ij": nan, "sr": nan}
    else:
        frame = failure_cohort(params, setup["strategy"], severity=setup["severity"], n_customers=n,
                               prior_failures=setup["prior"], controllable=setup["controllable"],
                               stable=setup["stable"], outcome=setup["outcome"], voiced=True, seed=seed)
        justice = {"dj": frame["distributive"].to_numpy(), "pj": frame["procedural"].to_numpy(),
                   "ij": frame["interactional"].to_numpy(), "sr": frame["recovery_satisfaction"].to_numpy()}
    return pd.DataFrame({**justice,
                         "rs": expit(SATISFACTION_SLOPE * frame["satisfaction_after"].to_numpy()),
                         "ri": frame["survival"].to_numpy(),
                         "wi": expit((frame["told_positive"] - frame["told_negative"]).to_numpy() / WOM_SCALE)})


def _latent_table(design: Design, params: Params, fixed: dict | None, rng) -> pd.DataFrame:
    """Latent answers for every row of the design table. Within a between-cell the same
    customers meet every within-cell (the cohorts share their seed: common random numbers), so a
    respondent is one customer reading several scenarios. A scenario states the levers, so each
    is delivered as written (``RecoveryParams.execution`` = 1)."""
    params = params.with_(**{"recovery.execution": 1.0})
    table = design.table.reset_index(drop=True)
    latent = pd.DataFrame(index=table.index, columns=list(SCALES), dtype=float)
    groups = ([(k, part.index) for k, part in table.groupby(design.between, sort=False, observed=True)]
              if design.between else [((), table.index)])
    for key, rows in groups:
        people = np.sort(table.loc[rows, "respondent"].unique())
        cell_seed = int(rng.integers(2**31))
        within_cells = (table.loc[rows, design.within].drop_duplicates().itertuples(index=False, name=None)
                        if design.within else [()])
        for wcell in within_cells:
            values = {**(fixed or {}), **dict(zip(design.between, key)), **dict(zip(design.within, wcell))}
            block = _latent(len(people), _cell_setup(values), params, cell_seed)
            mask = pd.Series(True, index=rows)
            for f, v in zip(design.within, wcell):
                mask &= table.loc[rows, f] == v
            sel = rows[mask.to_numpy()]
            latent.loc[sel] = block.to_numpy()[np.searchsorted(people, table.loc[sel, "respondent"].to_numpy())]
    return latent


def simulate_responses(design: Design, *, params: Params | None = None, fixed: dict | None = None, noise: float = 0.6,
                       acquiescence: float = 0.0, straightlining: float = 0.0, attention_fail: float = 0.0,
                       seed=None) -> pd.DataFrame:
    """Answers of simulated respondents to a scenario study, one row per design row.

    Each cell's respondents are customers of the journey model (:mod:`recovery.cohort`) meeting
    the cell's failure and recovery; their latent 0-1 values become Likert items through a
    response model, so the true effects are known.

    Parameters
    ----------
    design : Design
        The study (:func:`recovery.experiments.design`).
    params : Params, optional
        The model.
    fixed : dict, optional
        The scenario's constant conditions, e.g. ``{"severity": 0.2, "apology": True}``; levers
        not given take standard handling (``Strategy()``).
    noise : float
        Answer noise, sd in scale points (0.6: an assumption).
    acquiescence : float
        Share of respondents who add one point to every item.
    straightlining : float
        Share who give one value to every item.
    attention_fail : float
        Share who fail the attention check and answer at random.
    seed : int, SeedSequence, Generator or None
        Fixes the respondents and their answers.

    Returns
    -------
    pandas.DataFrame
        The factors, three Likert items per scale (``SCALES``), ``attention``, ``latent_*`` (each
        respondent's true 0-1 value) and ``true_*`` (the expected item answer: the truth the
        analysis should recover).

    References
    ----------
    Smith, A. K., Bolton, R. N. & Wagner, J. (1999). A model of customer satisfaction with
    service encounters involving failure and recovery. Journal of Marketing Research, 36(3).

    Examples
    --------
    >>> from recovery.experiments import design
    >>> d = design({"failure": ["none", "failure"]}, n_per_cell=5, seed=2)
    >>> int(simulate_responses(d, seed=3).query("failure == 'none'")["dj1"].notna().sum())
    0
    """
    for name, share in (("acquiescence", acquiescence), ("straightlining", straightlining),
                        ("attention_fail", attention_fail)):
        if not 0 <= share <= 1:
            raise DesignError(f"{name} = {share!r} is a share of respondents; give a value in [0, 1]")
    if noise < 0:
        raise DesignError(f"noise = {noise!r} is a standard deviation; give a value >= 0")
    params = Params() if params is None else params
    rng = generator(seed)
    table = design.table.reset_index(drop=True)
    latent = _latent_table(design, params, fixed, rng)
    points = design.points
    ids = table["respondent"].to_numpy()
    people = np.unique(ids)
    idx = np.searchsorted(people, ids)
    shift = np.where(rng.random(people.size) < acquiescence, 1.0, 0.0)[idx]
    flat = (rng.random(people.size) < straightlining)[idx]
    careless = (rng.random(people.size) < attention_fail)[idx]
    flat_value = rng.integers(1, points + 1, people.size)[idx]
    n = len(table)
    out = table.copy()
    for key in SCALES:
        true = latent[key].to_numpy(float)
        asked = ~np.isnan(true)
        out[f"latent_{key}"] = true
        expected = np.full(n, np.nan)
        expected[asked] = expected_likert(true[asked], points, noise, shift[asked])
        expected[asked & (flat | careless)] = (1 + points) / 2  # a random value: its mean
        out[f"true_{key}"] = expected
        for k in ITEMS:
            item = likert(np.nan_to_num(true), points, noise, shift, rng)
            item = np.where(flat, flat_value, item)
            item = np.where(careless, rng.integers(1, points + 1, n), item)
            out[f"{key}{k}"] = np.where(asked, item, np.nan)
    wrong = np.array([v for v in range(1, points + 1) if v != ATTENTION_ANSWER])
    out["attention"] = np.where(careless, rng.choice(wrong, n), ATTENTION_ANSWER)
    return out
