"""Analysis of a scenario study: factorial and split-plot ANOVA with effect sizes
(:func:`analyze`), planned contrasts (:func:`contrast`), manipulation checks and robust
regression.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from scipy import stats
from statsmodels.stats.anova import anova_lm

from recovery._validation import number
from recovery.experiments._results import TInterval
from recovery.experiments._stats import effect_intervals, effect_sizes, model_terms, within_stratum
from recovery.experiments.factorial import JOURNEY_FACTORS, Design, DesignError
from recovery.experiments.scoring import _cells_key, _prepare, _within_factors

__all__ = ["AnovaResult", "ContrastResult", "analyze", "contrast", "manipulation_check", "robust_regression"]


def _formula_terms(terms) -> str:
    return " + ".join(":".join(f"C({f})" for f in t) for t in terms)


def _tidy(table: pd.DataFrame) -> pd.DataFrame:
    table.index = [i.replace("C(", "").replace(")", "") for i in table.index]
    return table


@dataclass
class AnovaResult:
    """What :func:`analyze` returns: a factorial (or split-plot) ANOVA of one scale.

    ``table_``: one row per term (index) with ``sum_sq, df, df_error, n_obs, F, p``, partial
    eta-squared and partial omega-squared and their intervals at level ``1 - alpha`` (and
    ``stratum``, between or within, for a split-plot design). ``exclusions_``: the attention
    check's report (rows excluded, of how many, per cell) and ``n_analysed``.
    """

    table_: pd.DataFrame
    exclusions_: dict
    outcome: str
    alpha: float = 0.05

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Intervals (level ``1 - alpha``) of partial eta-squared (``ci_low, ci_high``) and partial
        omega-squared (``omega2_ci_low, omega2_ci_high``) per term, by inverting the noncentral F
        (Steiger 2004). Steiger recommends ``alpha=0.10`` for eta-squared, whose F test is
        one-sided."""
        t = self.table_
        bounds = effect_intervals(t["F"].to_numpy(float), t["df"].to_numpy(float), t["df_error"].to_numpy(float),
                                  t["n_obs"].to_numpy(float), number("alpha", alpha, 0, 1, low_open=True,
                                                                     high_open=True, error=DesignError))
        return pd.DataFrame({"ci_low": bounds["eta2_ci_low"], "ci_high": bounds["eta2_ci_high"],
                             "omega2_ci_low": bounds["omega2_ci_low"], "omega2_ci_high": bounds["omega2_ci_high"]},
                            index=t.index)

    def summary_frame(self) -> pd.DataFrame:
        """Tidy table, one row per term: ``term`` (and ``stratum``), ``df, df_error, F``, then
        ``estimate`` (partial eta-squared), ``p`` (the F test) and ``ci_low, ci_high`` at
        ``alpha``. Partial omega-squared and its interval are in ``table_`` and ``summary()``."""
        t = self.table_
        out = pd.DataFrame({"term": t.index, "df": t["df"].to_numpy(), "df_error": t["df_error"].to_numpy(),
                            "F": t["F"].to_numpy(), "estimate": t["partial_eta2"].to_numpy(), "p": t["p"].to_numpy(),
                            "ci_low": t["eta2_ci_low"].to_numpy(), "ci_high": t["eta2_ci_high"].to_numpy()})
        if "stratum" in t:
            out.insert(1, "stratum", t["stratum"].to_numpy())
        return out

    def summary(self) -> str:
        """A printable overview: the ANOVA table and the exclusions."""
        e = self.exclusions_
        head = (f"ANOVA of {self.outcome!r}: {e['n_analysed']} answers analysed, {e['excluded']} of {e['of']} "
                f"excluded by the attention check; effect size partial eta-squared, {1 - self.alpha:.0%} intervals")
        omega = self.table_[["partial_omega2", "omega2_ci_low", "omega2_ci_high"]].to_numpy()
        frame = self.summary_frame().assign(partial_omega2=omega[:, 0], omega2_ci_low=omega[:, 1],
                                            omega2_ci_high=omega[:, 2])
        return head + "\n" + frame.round(4).to_string(index=False)

    def __str__(self) -> str:
        return self.summary()


def analyze(data: pd.DataFrame, outcome: str, factors=None, *, design: Design | None = None,
            max_order: int | None = None, exclude: bool = True, points: int | None = None,
            alpha: float = 0.05) -> AnovaResult:
    """Factorial ANOVA of a scale, with partial eta-squared and partial omega-squared.

    Type-II sums of squares (statsmodels ``anova_lm``). Between-subject factors are analysed
    by OLS. If respondents answer several cells (``respondent`` repeats), the within-subject
    factors are found and a split-plot ANOVA is run: between effects on respondents' means,
    within effects (and their interactions with between factors) against the respondent x
    condition residual (compound symmetry assumed). A fractional ``design`` is analysed with
    main effects (and two-factor interactions at resolution V or more).

    Parameters
    ----------
    data : pandas.DataFrame
        Answers, one row per respondent x cell (as :func:`recovery.experiments.simulate_responses`
        gives): the factors, three items per scale and ``attention``.
    outcome : str
        A key of ``SCALES``, scored as its item mean.
    factors : list of str, optional
        The factors to analyse; by default those of ``design``.
    design : Design, optional
        The study's design: its factors, Likert points and fraction.
    max_order : int, optional
        Highest interaction analysed (default: all, or what a fraction's resolution allows).
    exclude : bool
        Drop respondents who failed the attention check (reported in ``exclusions_``).
    points : int, optional
        Likert points (default: the design's, else 7).
    alpha : float
        The effect-size intervals have level ``1 - alpha`` (default 95%; Steiger 2004
        recommends ``alpha=0.10`` for eta-squared).

    Returns
    -------
    AnovaResult
        ``table_`` per term, ``exclusions_``, ``summary()``, ``summary_frame()``, ``conf_int()``.

    References
    ----------
    Steiger, J. H. (2004). Beyond the F test: effect size confidence intervals and tests of
    close fit in the analysis of variance and contrast analysis. Psychological Methods, 9(2).
    Olejnik, S. & Algina, J. (2003). Generalized eta and omega squared statistics.
    Psychological Methods, 8(4). R: ``car::Anova(type = 2)``, ``effectsize::eta_squared``.

    Examples
    --------
    >>> from recovery.experiments import design, simulate_responses
    >>> d = design({"apology": [False, True]}, n_per_cell=20, seed=1)
    >>> result = analyze(simulate_responses(d, seed=2), "ij", ["apology"])
    >>> bool(result.table_.loc["apology", "partial_eta2"] > 0.5), result.exclusions_["excluded"]
    (True, 0)
    >>> list(result.summary_frame().columns)
    ['term', 'df', 'df_error', 'F', 'estimate', 'p', 'ci_low', 'ci_high']
    """
    alpha = number("alpha", alpha, 0, 1, low_open=True, high_open=True, error=DesignError)
    if factors is None:
        if design is None:
            raise DesignError("name the factors to analyse, or pass the design")
        factors = design.between + design.within
    factors = list(factors)
    points = design.points if points is None and design is not None else (points or 7)
    if design is not None and design.generators and max_order is None:
        max_order = 2 if (design.resolution or 0) >= 5 else 1
    kept, report = _prepare(data, outcome, factors, exclude, points)
    frame = kept[factors].astype(str).assign(y=kept["_y"])
    if "respondent" in kept.columns:
        frame["respondent"] = kept["respondent"].to_numpy()
    if design is not None and design.generators:
        expected = [tuple(map(str, c)) for c in design.cells()[factors].itertuples(index=False, name=None)]
    else:
        levels = [[str(v) for v in design.factors[f]] if design is not None and f in design.factors
                  else sorted(data[f].astype(str).unique()) for f in factors]
        expected = list(itertools.product(*levels))
    present = set(map(tuple, frame[factors].drop_duplicates().to_numpy()))
    empty = [c for c in expected if c not in present]
    if empty:
        raise DesignError(f"cell {dict(zip(factors, empty[0]))} has no respondents"
                          f"{' left after the attention check' if report['excluded'] else ''}; collect more or "
                          "drop that factor level")
    within = _within_factors(kept, factors)
    between = [f for f in factors if f not in within]
    terms = model_terms(factors, max_order)
    if not within:
        fit = smf.ols("y ~ " + _formula_terms(terms), frame).fit()
        table = anova_lm(fit, typ=2)
        ss_err, df_err = table.loc["Residual", "sum_sq"], table.loc["Residual", "df"]
        out = _tidy(effect_sizes(table.drop(index="Residual"), ss_err, df_err, len(frame), alpha))
    else:
        out = _split_plot(frame, between, within, terms, alpha)
    report["n_analysed"] = len(frame)
    return AnovaResult(out, report, outcome, alpha)


def _split_plot(frame: pd.DataFrame, between: list, within: list, terms: list, alpha: float) -> pd.DataFrame:
    """Two strata: respondents (between effects) and respondent x condition (within effects)."""
    counts = frame.groupby("respondent").size()
    n_within = int(np.prod([frame[f].nunique() for f in within]))
    short = counts[counts != n_within]
    if len(short):
        raise DesignError(f"respondent {short.index[0]} answered {short.iloc[0]} of the {n_within} within-subject "
                          "conditions; a split-plot ANOVA needs complete respondents")
    parts = []
    b_terms = [t for t in terms if not set(t) & set(within)]
    if b_terms:
        means = frame.groupby("respondent").agg({**{f: "first" for f in between}, "y": "mean"})
        table = anova_lm(smf.ols("y ~ " + _formula_terms(b_terms), means).fit(), typ=2)
        ss_err, df_err = table.loc["Residual", "sum_sq"], table.loc["Residual", "df"]
        eff = effect_sizes(table.drop(index="Residual"), ss_err, df_err, len(means), alpha)
        parts.append(_tidy(eff).assign(stratum="between"))
    w_terms = [t for t in terms if set(t) & set(within)]
    table, ss_err, df_err = within_stratum(frame, w_terms, between + within)
    eff = effect_sizes(table, ss_err, df_err, len(frame), alpha)
    parts.append(eff.assign(stratum="within"))
    return pd.concat(parts)


@dataclass
class ContrastResult(TInterval):
    """What :func:`contrast` returns: the contrast's ``estimate_``, ``se_``, ``t_``, ``df_``,
    ``p_`` (two-sided), the respondents analysed ``n_`` and the attention check's
    ``exclusions_``."""

    estimate_: float
    se_: float
    t_: float
    df_: float
    p_: float
    n_: int
    exclusions_: dict
    outcome: str
    alpha: float = 0.05
    _label = "contrast"

    @property
    def _centre(self) -> float:
        return self.estimate_

    def summary_frame(self) -> pd.DataFrame:
        """One row: ``n_obs, excluded, df``, then ``estimate, se, t, p, ci_low, ci_high`` (at
        ``alpha``)."""
        ci = self.conf_int(self.alpha)
        return pd.DataFrame({"n_obs": [self.n_], "excluded": [self.exclusions_["excluded"]], "df": [self.df_],
                             "estimate": [self.estimate_], "se": [self.se_], "t": [self.t_], "p": [self.p_],
                             "ci_low": ci["ci_low"].to_numpy(), "ci_high": ci["ci_high"].to_numpy()})

    def summary(self) -> str:
        """A printable overview: the contrast's row."""
        return f"planned contrast of {self.outcome!r}\n" + self.summary_frame().round(4).to_string(index=False)

    def __str__(self) -> str:
        return self.summary()


def contrast(data: pd.DataFrame, outcome: str, factor, weights: dict, *, exclude: bool = True, points: int = 7,
             alpha: float = 0.05) -> pd.DataFrame:
    """A planned contrast of cell means, t test on the pooled within-cell error.

    Parameters
    ----------
    data : pandas.DataFrame
        Answers (as :func:`recovery.experiments.simulate_responses` gives).
    outcome : str
        A key of ``SCALES``.
    factor : str or list of str
        One factor (``weights``: level -> weight) or several (``weights``: tuple of levels ->
        weight, e.g. an interaction contrast).
    weights : dict
        Contrast weights, summing to 0.
    exclude : bool
        Drop respondents who failed the attention check (counted in ``excluded``).
    points : int
        Likert points.
    alpha : float
        The interval has level ``1 - alpha``.

    Returns
    -------
    ContrastResult
        ``estimate_``, ``se_``, ``p_``, ``summary()``, ``summary_frame()``, ``conf_int()``.

    References
    ----------
    Rosenthal, R., Rosnow, R. L. & Rubin, D. B. (2000). Contrasts and Effect Sizes in
    Behavioral Research. R: ``emmeans::contrast``.

    Examples
    --------
    >>> from recovery.experiments import design, simulate_responses
    >>> d = design({"apology": [False, True]}, n_per_cell=20, seed=1)
    >>> c = contrast(simulate_responses(d, seed=2), "ij", "apology", {True: 1, False: -1})
    >>> bool(c.conf_int()["ci_low"].iloc[0] > 0)
    True
    """
    factors = [factor] if isinstance(factor, str) else list(factor)
    for f in factors:
        if f not in data.columns:
            raise DesignError(f"contrast on unknown factor {f!r}; factors are columns such as "
                              f"{[c for c in data.columns if c in JOURNEY_FACTORS]}")
    if _within_factors(data, factors):
        raise DesignError(f"{_within_factors(data, factors)[0]!r} varies within respondents; a contrast here assumes "
                          "independent cells: use analyze() or average each respondent first")
    keys = {}
    for k, w in weights.items():
        key = tuple(map(str, k)) if isinstance(k, tuple) else (str(k),)
        if len(key) != len(factors):
            raise DesignError(f"contrast cell {k!r} names {len(key)} levels for the {len(factors)} factors {factors}")
        for f, level_ in zip(factors, key):
            levels = set(data[f].astype(str))
            if level_ not in levels:
                raise DesignError(f"contrast level {level_!r} is not a level of {f!r} ({sorted(levels)})")
        keys[key] = float(w)
    if abs(sum(keys.values())) > 1e-9:
        raise DesignError(f"contrast weights must sum to 0; they sum to {sum(keys.values())}")
    kept, report = _prepare(data, outcome, factors, exclude, points)
    cells = _cells_key(kept, factors)
    summary = kept["_y"].groupby(cells).agg(["mean", "var", "count"])
    absent = [k for k in keys if k not in summary.index]
    if absent:
        raise DesignError(f"cell {dict(zip(factors, absent[0]))} has no respondents")
    df = float((summary["count"] - 1).sum())
    pooled = float(((summary["count"] - 1) * summary["var"].fillna(0)).sum() / df)
    w = pd.Series(keys)
    est = float((w * summary["mean"].reindex(w.index)).sum())
    se = float(np.sqrt(pooled * (w ** 2 / summary["count"].reindex(w.index)).sum()))
    t = est / se
    return ContrastResult(est, se, t, df, float(2 * stats.t.sf(abs(t), df)), len(kept), report, outcome, alpha)


def manipulation_check(data: pd.DataFrame, measure: str, factor: str, *, exclude: bool = True,
                       points: int = 7) -> pd.DataFrame:
    """Did the manipulation land? Mean of the measure's scale by level of the factor, with a
    Welch t test of the last level against the first (e.g. distributive justice by compensation).

    Parameters
    ----------
    data : pandas.DataFrame
        Answers, one row per respondent (:func:`recovery.experiments.simulate_responses`).
    measure : str
        Prefix of the scale's items (``dj``: dj1, dj2, ...).
    factor : str
        The manipulated factor.
    exclude : bool, default True
        Leave out respondents who failed the attention check.
    points : int, default 7
        Scale points of the items.

    Returns
    -------
    pandas.DataFrame
        One row per level of ``factor``: the scale's mean, and the Welch t test of the last level
        against the first.

    Examples
    --------
    >>> from recovery.experiments import design, simulate_responses
    >>> d = design({"compensation": [0.0, 1.0]}, n_per_cell=20, seed=1)
    >>> check = manipulation_check(simulate_responses(d, seed=2), "dj", "compensation")
    >>> bool(check["mean"].iloc[1] > check["mean"].iloc[0])
    True
    """
    kept, report = _prepare(data, measure, [factor], exclude, points)
    levels = sorted(kept[factor].unique(), key=str)
    a = kept.loc[kept[factor] == levels[0], "_y"]
    b = kept.loc[kept[factor] == levels[-1], "_y"]
    t, p = stats.ttest_ind(b, a, equal_var=False)
    return pd.DataFrame({"level": levels, "mean": [kept.loc[kept[factor] == lv, "_y"].mean() for lv in levels],
                         "n": [int((kept[factor] == lv).sum()) for lv in levels]}).assign(
        t_last_vs_first=t, p=p, excluded=report["excluded"])


def robust_regression(data: pd.DataFrame, formula: str, *, cov_type: str = "HC3", alpha: float = 0.05) -> pd.DataFrame:
    """OLS with heteroskedasticity-robust standard errors.

    Parameters
    ----------
    data : pandas.DataFrame
        The data.
    formula : str
        A patsy formula, e.g. ``"s ~ compensation"``.
    cov_type : str
        statsmodels ``cov_type`` (HC3 by default).
    alpha : float
        The intervals have level ``1 - alpha``.

    Returns
    -------
    pandas.DataFrame
        One row per coefficient: ``estimate, se, z, p, ci_low, ci_high``.

    References
    ----------
    MacKinnon, J. G. & White, H. (1985). Some heteroskedasticity-consistent covariance matrix
    estimators with improved finite sample properties. Journal of Econometrics, 29(3).
    R: ``sandwich::vcovHC(type = "HC3")``.

    Examples
    --------
    >>> frame = pd.DataFrame({"y": [1.0, 2.1, 2.9, 4.2, 5.1], "x": [0, 1, 2, 3, 4]})
    >>> round(float(robust_regression(frame, "y ~ x").loc["x", "estimate"]), 2)
    1.03
    """
    fit = smf.ols(formula, data).fit(cov_type=cov_type)
    ci = fit.conf_int(alpha=alpha)
    return pd.DataFrame({"estimate": fit.params, "se": fit.bse, "z": fit.tvalues, "p": fit.pvalues,
                         "ci_low": ci[0], "ci_high": ci[1]})
