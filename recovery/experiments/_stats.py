"""Statistics behind :mod:`recovery.experiments`: the Likert response model, effect-size
intervals and a vectorised ANOVA for balanced between-subject designs (power by simulation)."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from scipy import optimize, stats

__all__ = ["likert", "expected_likert", "noncentrality_interval", "effect_intervals", "effect_sizes", "model_terms",
           "effect_codes", "term_bases", "within_stratum", "balanced_anova_p"]


def likert(true: np.ndarray, points: int, noise: float, shift: np.ndarray, rng) -> np.ndarray:
    """One item per respondent: the latent 0-1 value placed on 1..points, plus the respondent's
    ``shift`` (acquiescence) and normal noise (sd in scale points), rounded and clipped."""
    raw = 1 + (points - 1) * true + shift + rng.normal(0, noise, true.shape)
    return np.clip(np.rint(raw), 1, points)


def expected_likert(true: np.ndarray, points: int, noise: float, shift: np.ndarray) -> np.ndarray:
    """E[item] under :func:`likert`: the exact mean of the rounded, clipped normal answer, so a
    simulated study's true effect is known on the scale it is analysed on.

    >>> float(expected_likert(np.array([0.5]), 7, 0.6, np.zeros(1))[0])
    4.0
    """
    mu = 1 + (points - 1) * np.asarray(true, float) + shift
    if noise == 0:
        return np.clip(np.rint(mu), 1, points)
    cuts = np.arange(1.5, points, 1.0)  # thresholds between categories
    cdf = stats.norm.cdf((cuts[None, :] - mu[:, None]) / noise)
    # E[item] = 1 + sum over thresholds of P(answer above the threshold)
    return 1 + (1 - cdf).sum(axis=1)


def _lambda_bound(f: float, df1: float, df2: float, q: float) -> float:
    """Noncentrality at which the observed F is the q-quantile of the noncentral F."""
    g = lambda nc: stats.ncf.cdf(f, df1, df2, nc) - q  # noqa: E731
    if not np.isfinite(f) or g(0) < 0:
        return 0.0
    hi = 10.0
    while g(hi) > 0:
        hi *= 2
    return optimize.brentq(g, 0, hi)


def noncentrality_interval(f: float, df1: float, df2: float, alpha: float = 0.05) -> tuple[float, float]:
    """Interval (level ``1 - alpha``) for the noncentrality of an F statistic by inverting the
    noncentral F (Steiger 2004), from which the effect-size intervals follow."""
    return (_lambda_bound(f, df1, df2, 1 - alpha / 2), _lambda_bound(f, df1, df2, alpha / 2))


def effect_intervals(f, df1, df_err, n_obs, alpha: float) -> dict[str, np.ndarray]:
    """Intervals of partial eta-squared and partial omega-squared (level ``1 - alpha``) from the
    noncentrality interval [l, u] of each F: l / (l + df1 + df2 + 1) for eta-squared (Steiger
    2004), l / (l + N) for omega-squared (the population value sigma2_effect / (sigma2_effect +
    sigma2_error), since lambda = N times their ratio)."""
    f, df1, df_err, n_obs = (np.broadcast_to(np.asarray(v, float), np.shape(f)) for v in (f, df1, df_err, n_obs))
    bounds = [noncentrality_interval(*row, alpha) for row in zip(f, df1, df_err)]
    low, high = np.array([b[0] for b in bounds]), np.array([b[1] for b in bounds])
    n_eta = df1 + df_err + 1
    return {"eta2_ci_low": low / (low + n_eta), "eta2_ci_high": high / (high + n_eta),
            "omega2_ci_low": low / (low + n_obs), "omega2_ci_high": high / (high + n_obs)}


def effect_sizes(table: pd.DataFrame, ss_err: float, df_err: float, n_obs: int, alpha: float) -> pd.DataFrame:
    """Partial eta-squared and partial omega-squared with intervals for each row of an ANOVA
    table (``sum_sq``, ``df``, ``F``) against one error term.

    Partial omega-squared (Olejnik & Algina 2003): (SS - df MSe) / (SS + (N - df) MSe); the
    intervals are :func:`effect_intervals`. Adds ``df_error`` and ``n_obs`` (what the intervals
    need) and names the p value ``p``.
    """
    out = table.copy()
    ms_err = ss_err / df_err
    out["partial_eta2"] = out["sum_sq"] / (out["sum_sq"] + ss_err)
    out["partial_omega2"] = ((out["sum_sq"] - out["df"] * ms_err) / (out["sum_sq"] + (n_obs - out["df"]) * ms_err)).clip(
        lower=0.0)
    for name, values in effect_intervals(out["F"].to_numpy(float), out["df"].to_numpy(float), df_err, n_obs,
                                         alpha).items():
        out[name] = values
    out.insert(2, "df_error", float(df_err))
    out.insert(3, "n_obs", int(n_obs))
    return out.rename(columns={"PR(>F)": "p"})


def model_terms(factors: list, max_order: int | None) -> list[tuple]:
    """The ANOVA terms (tuples of factors) up to interactions of ``max_order`` factors."""
    top = len(factors) if max_order is None else min(max_order, len(factors))
    return [t for r in range(1, top + 1) for t in itertools.combinations(factors, r)]


def effect_codes(rows: pd.DataFrame, factors: list, terms: list) -> dict:
    """Effect-coded (sum-to-zero) columns of each term over ``rows``: one column per level but
    the last of each factor (+1 at the level, -1 at the last), products for interactions."""
    coded = {}
    for f in factors:
        levels = sorted(rows[f].unique(), key=str)
        x = np.zeros((len(rows), len(levels) - 1))
        for j, level in enumerate(levels[:-1]):
            x[:, j] = (rows[f] == level).to_numpy(float) - (rows[f] == levels[-1]).to_numpy(float)
        coded[f] = x
    out = {}
    for term in terms:
        cols = coded[term[0]]
        for f in term[1:]:
            cols = np.einsum("ij,ik->ijk", cols, coded[f]).reshape(len(rows), -1)
        out[term] = cols
    return out


def term_bases(cells: pd.DataFrame, factors: list, terms: list) -> dict:
    """Orthonormal bases (over the cells, one row per cell) of each term's effect-coded
    columns; in a balanced design the terms' spaces are orthogonal, so each term's sum of
    squares is the squared length of the projection of the data on its basis."""
    return {t: np.linalg.qr(x)[0] for t, x in effect_codes(cells, factors, terms).items()}


def within_stratum(frame: pd.DataFrame, terms: list, factors: list) -> pd.DataFrame:
    """Type-III sums of squares of the within-subject terms (and their interactions with
    between factors) against the respondent x condition residual: the outcome and every term's
    columns are centred within respondent, so the respondents' own levels drop out."""
    codes = effect_codes(frame, factors, terms)
    groups = frame["respondent"].to_numpy()
    def centre(x):
        means = pd.DataFrame(x).groupby(groups).transform("mean").to_numpy()
        return x - means
    y = centre(frame[["y"]].to_numpy(float))[:, 0]
    blocks = {t: centre(x) for t, x in codes.items()}

    def rss(keep):
        x = np.column_stack([blocks[t] for t in keep])
        beta, *_ = np.linalg.lstsq(x, y, rcond=None)
        return float(np.sum((y - x @ beta) ** 2)), int(np.linalg.matrix_rank(x))
    full_rss, full_rank = rss(terms)
    df_err = len(frame) - np.unique(groups).size - full_rank
    rows = {}
    for t in terms:
        rest = [u for u in terms if u != t]
        r_rss, r_rank = rss(rest) if rest else (float(np.sum(y ** 2)), 0)
        ss, df = r_rss - full_rss, full_rank - r_rank
        rows[":".join(t)] = {"sum_sq": ss, "df": float(df), "F": (ss / df) / (full_rss / df_err),
                            "PR(>F)": float(stats.f.sf((ss / df) / (full_rss / df_err), df, df_err))}
    table = pd.DataFrame(rows).T
    return table, full_rss, float(df_err)


def balanced_anova_p(cell_sums: np.ndarray, total_ss: np.ndarray, n: int, bases: dict) -> dict:
    """p values of every term for many balanced data sets at once.

    ``cell_sums``: cells x reps sums of the outcome, ``total_ss``: reps corrected total sums of
    squares, ``n`` respondents per cell. Returns term -> array of p over the reps."""
    n_cells = cell_sums.shape[0]
    means = cell_sums / n
    centred = means - means.mean(axis=0)
    ss = {t: n * ((q.T @ centred) ** 2).sum(axis=0) for t, q in bases.items()}
    df = {t: q.shape[1] for t, q in bases.items()}
    ss_model = n * (centred ** 2).sum(axis=0)  # the saturated cell-means model
    df_err = n_cells * (n - 1)
    ss_err = total_ss - ss_model
    return {t: stats.f.sf((ss[t] / df[t]) / (ss_err / df_err), df[t], df_err) for t in bases}
