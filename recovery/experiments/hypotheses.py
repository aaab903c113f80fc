"""Hypothesis tests of the recovery literature on a scenario study: the recovery paradox against
a no-failure control (:func:`paradox_test`) and the double deviation (:func:`double_deviation_test`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.stats.weightstats import ttest_ind, ttost_ind

from recovery.experiments._results import TInterval
from recovery.experiments.factorial import DesignError
from recovery.experiments.scoring import _prepare

__all__ = ["ParadoxTestResult", "DoubleDeviationResult", "paradox_test", "double_deviation_test"]


def _two_groups(data, group, first, second, outcome, exclude, points):
    levels = set(data[group].astype(str)) if group in data.columns else set()
    if group not in data.columns:
        raise DesignError(f"unknown factor {group!r}: not a column of the data")
    for level in (first, second):
        if str(level) not in levels:
            raise DesignError(f"{group!r} has no level {level!r}; levels are {sorted(levels)}")
    kept, report = _prepare(data, outcome, [group], exclude, points)
    a = kept.loc[kept[group].astype(str) == str(first), "_y"]
    b = kept.loc[kept[group].astype(str) == str(second), "_y"]
    for level, values in ((first, a), (second, b)):
        if len(values) < 2:
            raise DesignError(f"cell {group} = {level!r} has {len(values)} respondents with {outcome!r} answered; "
                              "a test needs at least 2")
    return a, b, report


@dataclass
class _TwoGroupResult(TInterval):
    """A difference of two groups' mean scale scores with its pooled t test."""

    difference_: float
    se_: float
    t_: float
    df_: float
    p_: float
    n_: tuple
    exclusions_: dict
    first: str
    second: str
    alpha: float

    @property
    def _centre(self) -> float:
        return self.difference_

    @property
    def _label(self) -> str:
        return f"{self.first} - {self.second}"

    def summary_frame(self) -> pd.DataFrame:
        """One row: ``contrast, n_first, n_second, df``, the test's own columns, then
        ``estimate, se, t, p`` (the one-sided p of the test) and the two-sided ``ci_low, ci_high``
        at ``alpha``."""
        ci = self.conf_int(self.alpha)
        row = {"contrast": ci.index[0], "n_first": self.n_[0], "n_second": self.n_[1], "df": self.df_,
               **self._extra(), "estimate": self.difference_, "se": self.se_, "t": self.t_, "p": self.p_,
               "ci_low": ci["ci_low"].iloc[0], "ci_high": ci["ci_high"].iloc[0]}
        return pd.DataFrame([row])

    def _extra(self) -> dict:
        return {}

    def summary(self) -> str:
        """A printable overview: the test's row and the exclusions."""
        e = self.exclusions_
        return (f"{type(self).__name__}: {e['excluded']} of {e['of']} excluded by the attention check\n"
                + self.summary_frame().round(4).to_string(index=False))

    def __str__(self) -> str:
        return self.summary()


@dataclass
class ParadoxTestResult(_TwoGroupResult):
    """What :func:`paradox_test` returns: the difference recovered minus control
    (``difference_``, ``se_``, ``t_``, ``df_``), ``p_`` (one-sided superiority),
    ``p_equivalence_`` (TOST), ``p_inferiority_``, the ``verdict_`` and the exclusions. The
    TOST decision at ``alpha`` matches the interval ``conf_int(2 * alpha)``."""

    p_equivalence_: float = np.nan
    p_inferiority_: float = np.nan
    margin: float = 0.5
    verdict_: str = ""

    def _extra(self) -> dict:
        return {"p_equivalence": self.p_equivalence_, "p_inferiority": self.p_inferiority_, "margin": self.margin,
                "verdict": self.verdict_}


@dataclass
class DoubleDeviationResult(_TwoGroupResult):
    """What :func:`double_deviation_test` returns: the difference poor recovery minus no
    recovery, ``p_`` (one-sided: lower), and ``double_deviation_`` (``p_ < alpha``)."""

    double_deviation_: bool = False

    def _extra(self) -> dict:
        return {"double_deviation": self.double_deviation_}


def _pooled(a: pd.Series, b: pd.Series, alternative: str):
    """Difference of means, its pooled se, t, df and the p of ``alternative`` (statsmodels
    ``ttest_ind``, pooled variance)."""
    t, p, df = ttest_ind(a, b, alternative=alternative)
    diff = float(a.mean() - b.mean())
    pooled = ((len(a) - 1) * a.var() + (len(b) - 1) * b.var()) / (len(a) + len(b) - 2)
    se = float(np.sqrt(pooled * (1 / len(a) + 1 / len(b))))
    return diff, se, float(t), float(df), float(p)


def paradox_test(data: pd.DataFrame, group: str, recovered, control, outcome: str = "rs", *,
                 margin: float = 0.5, alpha: float = 0.05, exclude: bool = True, points: int = 7) -> ParadoxTestResult:
    """Post-recovery satisfaction against a no-failure control, by superiority and equivalence.

    Superiority (one-sided pooled t: recovered > control) says whether there is evidence of a
    paradox. Equivalence (TOST, statsmodels ``ttost_ind``, ``margin`` in scale points) says
    whether the two are equal within the margin. Verdicts: "paradox" (superior), "no paradox"
    (equivalent, or significantly worse), "no evidence" (neither: too few respondents to tell).

    Parameters
    ----------
    data : pandas.DataFrame
        Answers with the grouping column, the outcome's three items and ``attention``.
    group : str
        The column telling the groups apart.
    recovered, control
        The levels of ``group`` of the recovered customers and of the no-failure control.
    outcome : str
        A key of ``SCALES`` (default ``"rs"``, satisfaction).
    margin : float
        Equivalence margin in scale points (half a point of 7 by default: an assumption to
        state in a preregistration).
    alpha : float
        Level of every test; the summary's interval is two-sided ``1 - alpha``.
    exclude : bool
        Drop respondents who failed the attention check (reported in ``exclusions_``).
    points : int
        Likert points.

    Returns
    -------
    ParadoxTestResult
        ``verdict_``, ``difference_``, the p values, ``summary()``, ``summary_frame()``,
        ``conf_int()``.

    References
    ----------
    de Matos, C. A., Henrique, J. L. & Rossi, C. A. V. (2007). Service recovery paradox: a
    meta-analysis. Journal of Service Research, 10(1). Schuirmann, D. J. (1987). A comparison of
    the two one-sided tests procedure and the power approach for assessing the equivalence of
    average bioavailability. R: ``TOSTER::t_TOST``.

    Examples
    --------
    >>> from recovery.experiments import design, simulate_responses
    >>> d = design({"failure": ["none", "failure"]}, n_per_cell=30, seed=1)
    >>> res = paradox_test(simulate_responses(d, seed=2), "failure", "failure", "none")
    >>> res.verdict_
    'no paradox'
    >>> list(res.summary_frame().columns[-6:])
    ['estimate', 'se', 't', 'p', 'ci_low', 'ci_high']
    """
    if margin <= 0:
        raise DesignError(f"margin = {margin!r}: the equivalence margin must be positive (scale points)")
    if not 0 < alpha < 1:
        raise DesignError(f"alpha = {alpha!r}: give a value between 0 and 1 (0.05 for a 95% interval)")
    a, b, report = _two_groups(data, group, recovered, control, outcome, exclude, points)
    diff, se, t_sup, df, p_sup = _pooled(a, b, "larger")
    p_tost, _, _ = ttost_ind(a, b, -margin, margin)
    _, p_inf, _ = ttest_ind(a, b, alternative="smaller")
    if p_sup < alpha:
        verdict = "paradox"
    elif p_tost < alpha or p_inf < alpha:
        verdict = "no paradox"
    else:
        verdict = "no evidence"
    return ParadoxTestResult(diff, se, t_sup, df, p_sup, (len(a), len(b)), report, str(recovered), str(control),
                             alpha, float(p_tost), float(p_inf), margin, verdict)


def double_deviation_test(data: pd.DataFrame, group: str, poor_recovery, no_recovery, outcome: str = "rs", *,
                          alpha: float = 0.05, exclude: bool = True, points: int = 7) -> DoubleDeviationResult:
    """Double deviation: is satisfaction after a failed recovery lower than after the failure alone?

    The contrast poor recovery minus no recovery, one-sided pooled t test.

    Parameters
    ----------
    data : pandas.DataFrame
        Answers with the grouping column, the outcome's three items and ``attention``.
    group : str
        The column telling the groups apart.
    poor_recovery, no_recovery
        The levels of ``group`` of the two groups.
    outcome : str
        A key of ``SCALES`` (default ``"rs"``).
    alpha : float
        Level of the test; the summary's interval is two-sided ``1 - alpha``.
    exclude : bool
        Drop respondents who failed the attention check.
    points : int
        Likert points.

    Returns
    -------
    DoubleDeviationResult
        ``double_deviation_``, ``difference_``, ``p_``, ``summary_frame()``, ``conf_int()``.

    References
    ----------
    Bitner, M. J., Booms, B. H. & Tetreault, M. S. (1990). The service encounter: diagnosing
    favorable and unfavorable incidents. Journal of Marketing, 54(1).

    Examples
    --------
    >>> frame = pd.DataFrame({"g": ["a"] * 3 + ["b"] * 3, "rs1": [1, 2, 1, 5, 6, 5], "attention": 2})
    >>> frame["rs2"] = frame["rs3"] = frame["rs1"]
    >>> res = double_deviation_test(frame, "g", "a", "b")
    >>> res.double_deviation_
    True
    """
    a, b, report = _two_groups(data, group, poor_recovery, no_recovery, outcome, exclude, points)
    diff, se, t, df, p = _pooled(a, b, "smaller")
    return DoubleDeviationResult(diff, se, t, df, p, (len(a), len(b)), report, str(poor_recovery), str(no_recovery),
                                 alpha, bool(p < alpha))
