"""Meta-analysis of recovery studies: effect sizes, fixed and random effects, heterogeneity,
meta-regression, leave-one-out, Egger's test.

statsmodels supplies the effect-size conversions (``effectsize_smd``,
``effectsize_2proportions``) and DerSimonian-Laird / Paule-Mandel pooling
(``combine_effects``); this module adds what it lacks: REML (as R ``metafor::rma``), the
Q-profile interval for tau-squared, mixed-effects meta-regression, leave-one-out and Egger's
regression test. Tests reproduce metafor's BCG-vaccine example (tests/data/r/metafor_bcg.R).

>>> import recovery
>>> from recovery.meta import random_effects
>>> res = random_effects([-0.9, -1.6, -1.4, -1.5, -0.2], [0.33, 0.19, 0.42, 0.02, 0.05], method="REML")
>>> round(res.estimate, 3) < 0
True
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, stats
from statsmodels.stats.meta_analysis import combine_effects, effectsize_2proportions, effectsize_smd

__all__ = ["MetaResult", "MetaRegressionResult", "random_effects", "fixed_effect", "meta_regression",
           "leave_one_out", "egger_test", "hedges_g", "fisher_z", "log_ratio"]


def _arrays(yi, vi):
    y, v = np.asarray(yi, float), np.asarray(vi, float)
    if y.shape != v.shape or y.ndim != 1:
        raise ValueError(f"yi and vi must be 1-d and of equal length; got {y.shape} and {v.shape}")
    if y.size < 2:
        raise ValueError("a meta-analysis needs at least two studies")
    if np.isnan(y).any() or np.isnan(v).any():
        raise ValueError(f"study {int(np.flatnonzero(np.isnan(y) | np.isnan(v))[0])} has a missing effect or "
                         "variance; drop it or fill it in")
    if (v <= 0).any():
        raise ValueError(f"study {int(np.flatnonzero(v <= 0)[0])} has a sampling variance <= 0; variances "
                         "must be positive")
    return y, v


def _reml_tau2(y, v, x):
    """REML estimate of tau-squared for y ~ x (metafor's rma(method = "REML"))."""
    def neg_loglik(log_tau2):
        tau2 = np.exp(log_tau2)
        w = 1 / (v + tau2)
        xtwx = x.T @ (w[:, None] * x)
        beta = np.linalg.solve(xtwx, x.T @ (w * y))
        resid = y - x @ beta
        return 0.5 * (np.sum(np.log(v + tau2)) + np.linalg.slogdet(xtwx)[1] + np.sum(w * resid ** 2))

    res = optimize.minimize_scalar(neg_loglik, bounds=(np.log(1e-10), np.log(100 * (y.var() + v.max()))),
                                   method="bounded", options={"xatol": 1e-12})
    tau2 = float(np.exp(res.x))
    return tau2 if tau2 > 1e-9 else 0.0  # the lower bound stands for zero


def _q_profile(y, v, level=0.95):
    """Q-profile interval for tau-squared (Viechtbauer 2007; metafor's confint)."""
    k = y.size

    def q_gen(tau2):
        w = 1 / (v + tau2)
        mu = np.sum(w * y) / np.sum(w)
        return np.sum(w * (y - mu) ** 2)

    def solve(target):
        if q_gen(0) < target:
            return 0.0
        hi = 1.0
        while q_gen(hi) > target:
            hi *= 2
        return optimize.brentq(lambda t: q_gen(t) - target, 0, hi, xtol=1e-12)

    return (solve(stats.chi2.ppf(1 - (1 - level) / 2, k - 1)), solve(stats.chi2.ppf((1 - level) / 2, k - 1)))


@dataclass
class MetaResult:
    """A pooled effect: ``estimate``, ``se``, ``ci_low``/``ci_high``, ``z``, ``p``,
    heterogeneity ``tau2`` (with ``tau2_ci``), ``i2`` (percent), ``h2``, ``q`` and ``q_p``,
    ``k`` studies, ``method``; plus the inputs ``yi``, ``vi`` and ``weights`` (percent)."""

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    z: float
    p: float
    tau2: float
    tau2_ci: tuple
    i2: float
    h2: float
    q: float
    q_p: float
    k: int
    method: str
    yi: np.ndarray
    vi: np.ndarray
    weights: np.ndarray

    def summary(self) -> pd.DataFrame:
        return pd.DataFrame({"estimate": [self.estimate], "se": [self.se], "ci_low": [self.ci_low],
                             "ci_high": [self.ci_high], "z": [self.z], "p": [self.p], "tau2": [self.tau2],
                             "tau2_ci_low": [self.tau2_ci[0]], "tau2_ci_high": [self.tau2_ci[1]],
                             "i2": [self.i2], "q": [self.q], "q_p": [self.q_p], "k": [self.k]},
                            index=[self.method])

    def conf_int(self) -> tuple[float, float]:
        return self.ci_low, self.ci_high


def _pool(y, v, tau2, method, alpha=0.05) -> MetaResult:
    k = y.size
    w_fe = 1 / v
    mu_fe = np.sum(w_fe * y) / np.sum(w_fe)
    q = float(np.sum(w_fe * (y - mu_fe) ** 2))
    typical = (k - 1) * np.sum(w_fe) / (np.sum(w_fe) ** 2 - np.sum(w_fe ** 2))
    w = 1 / (v + tau2)
    mu = float(np.sum(w * y) / np.sum(w))
    se = float(np.sqrt(1 / np.sum(w)))
    zc = stats.norm.ppf(1 - alpha / 2)
    i2 = 100 * max(q - (k - 1), 0) / q if method == "FE" else 100 * tau2 / (tau2 + typical)
    return MetaResult(estimate=mu, se=se, ci_low=mu - zc * se, ci_high=mu + zc * se, z=mu / se,
                      p=float(2 * stats.norm.sf(abs(mu / se))), tau2=float(tau2),
                      tau2_ci=_q_profile(y, v) if method != "FE" else (np.nan, np.nan), i2=float(i2),
                      h2=float((tau2 + typical) / typical), q=q, q_p=float(stats.chi2.sf(q, k - 1)), k=k,
                      method=method, yi=y, vi=v, weights=100 * w / w.sum())


def random_effects(yi, vi, method: str = "REML", alpha: float = 0.05) -> MetaResult:
    """Random-effects pooling with tau-squared by REML, DerSimonian-Laird ("DL") or
    Paule-Mandel ("PM") (R ``metafor::rma(yi, vi, method = ...)``)."""
    y, v = _arrays(yi, vi)
    method = method.upper()
    if method == "REML":
        tau2 = _reml_tau2(y, v, np.ones((y.size, 1)))
    elif method in ("DL", "PM"):
        tau2 = float(combine_effects(y, v, method_re="chi2" if method == "DL" else "iterated").tau2)
    else:
        raise ValueError(f"method = {method!r}; use 'REML', 'DL' or 'PM' (or fixed_effect())")
    return _pool(y, v, tau2, method, alpha)


def fixed_effect(yi, vi, alpha: float = 0.05) -> MetaResult:
    """Inverse-variance fixed-effect pooling (metafor ``method = "FE"``)."""
    y, v = _arrays(yi, vi)
    return _pool(y, v, 0.0, "FE", alpha)


@dataclass
class MetaRegressionResult:
    """Mixed-effects meta-regression: ``coefficients`` (estimate, se, z, p, CI), residual
    ``tau2``, ``r2`` (percent of heterogeneity explained) and the omnibus test ``qm``/``qm_p``."""

    coefficients: pd.DataFrame
    tau2: float
    r2: float
    qm: float
    qm_p: float

    def summary(self) -> pd.DataFrame:
        return self.coefficients


def meta_regression(yi, vi, moderators: pd.DataFrame, alpha: float = 0.05) -> MetaRegressionResult:
    """Moderators of the effect (metafor ``rma(yi, vi, mods = ~ ..., method = "REML")``)."""
    y, v = _arrays(yi, vi)
    mods = pd.DataFrame(moderators).reset_index(drop=True)
    x = np.column_stack([np.ones(y.size), mods.to_numpy(float)])
    tau2 = _reml_tau2(y, v, x)
    w = 1 / (v + tau2)
    cov = np.linalg.inv(x.T @ (w[:, None] * x))
    beta = cov @ x.T @ (w * y)
    se = np.sqrt(np.diag(cov))
    z = beta / se
    zc = stats.norm.ppf(1 - alpha / 2)
    b = beta[1:]
    qm = float(b @ np.linalg.solve(cov[1:, 1:], b))
    tau2_null = _reml_tau2(y, v, np.ones((y.size, 1)))
    coefs = pd.DataFrame({"estimate": beta, "se": se, "z": z, "p": 2 * stats.norm.sf(np.abs(z)),
                          "ci_low": beta - zc * se, "ci_high": beta + zc * se},
                         index=["intercept", *map(str, mods.columns)])
    return MetaRegressionResult(coefficients=coefs, tau2=tau2,
                                r2=float(max(0.0, 100 * (tau2_null - tau2) / tau2_null)) if tau2_null > 0 else 0.0,
                                qm=qm, qm_p=float(stats.chi2.sf(qm, len(b))))


def leave_one_out(yi, vi, method: str = "REML") -> pd.DataFrame:
    """The pooled effect with each study left out in turn (metafor ``leave1out``)."""
    y, v = _arrays(yi, vi)
    rows = []
    for i in range(y.size):
        keep = np.arange(y.size) != i
        r = random_effects(y[keep], v[keep], method)
        rows.append((i, r.estimate, r.se, r.tau2, r.i2))
    return pd.DataFrame(rows, columns=["left_out", "estimate", "se", "tau2", "i2"])


def egger_test(yi, vi) -> dict:
    """Egger's regression test for funnel asymmetry: weighted regression of the effects on
    their standard errors (metafor ``regtest(model = "lm")``). Returns the t statistic, p and
    the slope."""
    import statsmodels.api as sm

    y, v = _arrays(yi, vi)
    fit = sm.WLS(y, sm.add_constant(np.sqrt(v)), weights=1 / v).fit()
    return {"t": float(fit.tvalues[1]), "p": float(fit.pvalues[1]), "slope": float(fit.params[1])}


def hedges_g(mean1, sd1, n1, mean2, sd2, n2) -> tuple[np.ndarray, np.ndarray]:
    """Standardised mean difference with small-sample correction and its variance (statsmodels
    ``effectsize_smd``; metafor ``escalc("SMD")``)."""
    g, var = effectsize_smd(np.asarray(mean1, float), np.asarray(sd1, float), np.asarray(n1, float),
                            np.asarray(mean2, float), np.asarray(sd2, float), np.asarray(n2, float))
    return np.asarray(g), np.asarray(var)


def fisher_z(r, n) -> tuple[np.ndarray, np.ndarray]:
    """Correlation -> Fisher's z and its variance 1 / (n - 3) (metafor ``escalc("ZCOR")``)."""
    r, n = np.asarray(r, float), np.asarray(n, float)
    if (np.abs(r) >= 1).any() or (n <= 3).any():
        raise ValueError("correlations must lie strictly between -1 and 1 and samples exceed 3")
    return np.arctanh(r), 1 / (n - 3)


def log_ratio(events1, n1, events2, n2, kind: str = "rr") -> tuple[np.ndarray, np.ndarray]:
    """2x2 counts -> log risk ratio (``kind="rr"``) or log odds ratio (``"or"``) with variance
    (statsmodels ``effectsize_2proportions``; metafor ``escalc("RR" / "OR")``)."""
    statistic = {"rr": "risk-ratio", "or": "odds-ratio"}[kind]  # statsmodels returns the log ratios
    e1, n1, e2, n2 = (np.asarray(a, float) for a in (events1, n1, events2, n2))
    zero = (e1 == 0) | (e1 == n1) | (e2 == 0) | (e2 == n2)  # metafor: add 1/2 to the cells of such studies only
    e1, e2 = e1 + 0.5 * zero, e2 + 0.5 * zero
    n1, n2 = n1 + zero, n2 + zero
    es, var = effectsize_2proportions(e1, n1, e2, n2, statistic=statistic)
    return np.asarray(es), np.asarray(var)
