"""Mediation and moderation with bootstrap intervals (Hayes' PROCESS models 4, 6, 1 and 7; R
``mediation`` / ``lavaan`` defined parameters).

Indirect effects are products of OLS path coefficients; every bootstrap resample refits all
regressions at once (batched least squares), and standardised effects come from the same
resamples (completely standardised, with each resample's standard deviations: a path by
sd(from) / sd(to), indirect and total effects by sd(x) / sd(y)).

>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(1)
>>> x = rng.normal(size=400); m = 0.5 * x + rng.normal(size=400); y = 0.4 * m + rng.normal(size=400)
>>> res = mediation(pd.DataFrame({"x": x, "m": m, "y": y}), "x", ["m"], "y", bootstrap=500, seed=1)
>>> row = res.effects.set_index("effect").loc["x -> m -> y"]
>>> bool(row["ci_low"] < 0.2 < row["ci_high"])
True
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from scipy import stats

__all__ = ["mediation", "moderation", "moderated_mediation", "MediationResult", "ModerationResult"]


def _ols_batch(design: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Coefficients of target on design (with the intercept column included), batched over axis 0."""
    dt = design.transpose(0, 2, 1)
    return np.linalg.solve(dt @ design, dt @ target[..., None])[..., 0]


def _check(data, columns):
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise KeyError(f"columns not in the data: {missing}; columns are {list(data.columns)}")
    bad = data[columns].isna().any()
    if bad.any():
        raise ValueError(f"column {bad.index[bad][0]!r} has missing values; drop or impute them first")


@dataclass
class MediationResult:
    """``effects``: one row per effect (paths a, b, d, the direct effect, each specific
    indirect effect, total indirect and total), unstandardised and standardised, with
    bootstrap SE and percentile intervals. ``boot_``: the resampled effects."""

    effects: pd.DataFrame
    boot_: np.ndarray

    def summary(self) -> pd.DataFrame:
        return self.effects


def _chains(mediators, serial):
    if not serial:
        return [(m,) for m in mediators]
    return [c for r in range(1, len(mediators) + 1) for c in itertools.combinations(mediators, r)]


def _mediation_effects(data3, x, mediators, y, covariates, serial):
    """Effects for a batch of data sets (batch x n x columns, columns = [x, *mediators, y, *cov])."""
    b, n, _ = data3.shape
    cols = [x, *mediators, y, *covariates]
    col = {c: data3[:, :, i] for i, c in enumerate(cols)}
    one = np.ones((b, n, 1))
    cov = [col[c][..., None] for c in covariates]
    coef = {}
    for j, m in enumerate(mediators):
        preds = [x, *(mediators[:j] if serial else [])]
        design = np.concatenate([one, *[col[p][..., None] for p in preds], *cov], axis=2)
        est = _ols_batch(design, col[m])
        for k, p in enumerate(preds):
            coef[(p, m)] = est[:, 1 + k]
    preds = [x, *mediators]
    design = np.concatenate([one, *[col[p][..., None] for p in preds], *cov], axis=2)
    est = _ols_batch(design, col[y])
    for k, p in enumerate(preds):
        coef[(p, y)] = est[:, 1 + k]
    sd = {c: col[c].std(axis=1, ddof=1) for c in (x, *mediators, y)}
    out = {f"{a} -> {c}": v for (a, c), v in coef.items()}
    scale = {f"{a} -> {c}": sd[a] / sd[c] for (a, c) in coef}  # a path in sd units of its two ends
    indirect = np.zeros(b)
    for chain in _chains(mediators, serial):
        steps = [x, *chain, y]
        value = np.prod([coef[(s, t)] for s, t in zip(steps, steps[1:])], axis=0)
        out[" -> ".join(steps)] = value
        indirect = indirect + value
    out["total indirect"] = indirect
    out["total"] = indirect + coef[(x, y)]
    for name in out:  # indirect and total effects: sd(x) / sd(y) (completely standardised)
        scale.setdefault(name, sd[x] / sd[y])
    return out, np.column_stack([scale[name] for name in out])


def mediation(data: pd.DataFrame, x: str, mediators: list[str], y: str, covariates=(), serial: bool = False,
              bootstrap: int = 5000, seed=None, alpha: float = 0.05) -> MediationResult:
    """Parallel (``serial=False``, PROCESS model 4) or serial (model 6) mediation of x on y.

    Example: recovery speed -> procedural justice -> satisfaction -> loyalty is
    ``mediation(df, "speed", ["procedural", "satisfaction"], "loyalty", serial=True)``.
    """
    covariates = list(covariates)
    _check(data, [x, *mediators, y, *covariates])
    raw = data[[x, *mediators, y, *covariates]].to_numpy(float)
    point, scale = _mediation_effects(raw[None], x, mediators, y, covariates, serial)
    rng = np.random.default_rng(seed)
    draws, scales = [], []
    for start in range(0, bootstrap, 1000):
        size = min(1000, bootstrap - start)
        batch, s = _mediation_effects(raw[rng.integers(0, len(raw), (size, len(raw)))], x, mediators, y,
                                      covariates, serial)
        draws.append(np.column_stack(list(batch.values())))
        scales.append(s)
    names = list(point)
    boot = np.concatenate(draws) if draws else np.empty((0, len(names)))
    boot_std = boot * np.concatenate(scales) if draws else boot
    rows = []
    for i, name in enumerate(names):
        est, std = point[name][0], point[name][0] * scale[0, i]
        row = {"effect": name, "estimate": est, "std_estimate": std}
        if bootstrap:
            row.update(se=boot[:, i].std(ddof=1), ci_low=np.quantile(boot[:, i], alpha / 2),
                       ci_high=np.quantile(boot[:, i], 1 - alpha / 2),
                       std_ci_low=np.quantile(boot_std[:, i], alpha / 2),
                       std_ci_high=np.quantile(boot_std[:, i], 1 - alpha / 2))
        rows.append(row)
    return MediationResult(effects=pd.DataFrame(rows), boot_=boot)


@dataclass
class ModerationResult:
    """``coefficients`` (OLS with the interaction), ``simple_slopes`` of x at values of the
    moderator, and the Johnson-Neyman bounds ``jn_bounds`` (moderator values where the slope of
    x turns significant); ``model_``: the statsmodels fit."""

    coefficients: pd.DataFrame
    simple_slopes: pd.DataFrame
    jn_bounds: list
    x: str
    w: str
    model_: object

    def summary(self) -> pd.DataFrame:
        return self.coefficients

    def slope_at(self, values, alpha: float = 0.05) -> pd.DataFrame:
        """Slope of x at moderator values, with SE and interval."""
        p, cov = self.model_.params, self.model_.cov_params()
        inter = f"{self.x}:{self.w}"
        values = np.asarray(values, float)
        slope = p[self.x] + p[inter] * values
        se = np.sqrt(cov.loc[self.x, self.x] + values ** 2 * cov.loc[inter, inter] + 2 * values * cov.loc[self.x, inter])
        t = stats.t.ppf(1 - alpha / 2, self.model_.df_resid)
        return pd.DataFrame({self.w: values, "slope": slope, "se": se, "ci_low": slope - t * se,
                             "ci_high": slope + t * se, "p": 2 * stats.t.sf(np.abs(slope / se), self.model_.df_resid)})


def moderation(data: pd.DataFrame, x: str, w: str, y: str, covariates=(), alpha: float = 0.05) -> ModerationResult:
    """y on x, w and x*w (PROCESS model 1): e.g. failure severity (w) moderating the effect of
    compensation (x) on satisfaction. Simple slopes at the mean and +-1 SD of w."""
    covariates = list(covariates)
    _check(data, [x, w, y, *covariates])
    formula = f"{y} ~ {x} * {w}" + "".join(f" + {c}" for c in covariates)
    fit = smf.ols(formula, data).fit()
    coefs = pd.DataFrame({"estimate": fit.params, "se": fit.bse, "t": fit.tvalues, "p": fit.pvalues})
    p, cov = fit.params, fit.cov_params()
    inter = f"{x}:{w}"
    t = stats.t.ppf(1 - alpha / 2, fit.df_resid)
    # Johnson-Neyman: (b1 + b3 w)^2 = t^2 (v11 + w^2 v33 + 2 w v13)
    qa = p[inter] ** 2 - t ** 2 * cov.loc[inter, inter]
    qb = 2 * (p[x] * p[inter] - t ** 2 * cov.loc[x, inter])
    qc = p[x] ** 2 - t ** 2 * cov.loc[x, x]
    disc = qb ** 2 - 4 * qa * qc
    bounds = sorted(((-qb + s * np.sqrt(disc)) / (2 * qa)) for s in (-1, 1)) if disc >= 0 and qa != 0 else []
    result = ModerationResult(coefficients=coefs, simple_slopes=pd.DataFrame(), jn_bounds=bounds, x=x, w=w, model_=fit)
    m, s = data[w].mean(), data[w].std(ddof=1)
    result.simple_slopes = result.slope_at([m - s, m, m + s], alpha).assign(at=["-1 SD", "mean", "+1 SD"])
    return result


def moderated_mediation(data: pd.DataFrame, x: str, m: str, y: str, w: str, bootstrap: int = 5000, seed=None,
                        alpha: float = 0.05) -> pd.DataFrame:
    """First-stage moderated mediation (PROCESS model 7): m ~ x + w + x*w, y ~ x + m. Returns the
    index of moderated mediation a3*b (Hayes 2015) and conditional indirect effects at the mean
    and +-1 SD of w, with percentile bootstrap intervals."""
    _check(data, [x, m, y, w])
    raw = data[[x, m, y, w]].to_numpy(float)

    def effects(batch):
        one = np.ones(batch.shape[:2] + (1,))
        xv, mv, yv, wv = (batch[:, :, i] for i in range(4))
        a = _ols_batch(np.concatenate([one, xv[..., None], wv[..., None], (xv * wv)[..., None]], axis=2), mv)
        b = _ols_batch(np.concatenate([one, xv[..., None], mv[..., None]], axis=2), yv)[:, 2]
        wm, ws = wv.mean(axis=1), wv.std(axis=1, ddof=1)
        cond = [(a[:, 1] + a[:, 3] * (wm + k * ws)) * b for k in (-1, 0, 1)]
        return np.column_stack([a[:, 3] * b, *cond])

    names = ["index of moderated mediation", "indirect at -1 SD", "indirect at mean", "indirect at +1 SD"]
    point = effects(raw[None])[0]
    rng = np.random.default_rng(seed)
    boot = np.concatenate([effects(raw[rng.integers(0, len(raw), (min(1000, bootstrap - s), len(raw)))])
                           for s in range(0, bootstrap, 1000)])
    return pd.DataFrame({"effect": names, "estimate": point, "se": boot.std(axis=0, ddof=1),
                         "ci_low": np.quantile(boot, alpha / 2, axis=0),
                         "ci_high": np.quantile(boot, 1 - alpha / 2, axis=0)})
