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
>>> row = res.effects_.set_index("effect").loc["x -> m -> y"]
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

from recovery._seeding import generator
from recovery.survey._intervals import check_alpha, percentile_interval

__all__ = ["mediation", "moderation", "moderated_mediation", "MediationResult", "ModerationResult",
           "ModeratedMediationResult"]

#: The columns of the mediation results' ``summary_frame()``.
TIDY = ["effect", "estimate", "se", "ci_low", "ci_high"]


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
class _BootEffects:
    """Effects with bootstrap draws: ``effects_`` (``effect``, ``estimate``, ``se``, ``ci_low``,
    ``ci_high``, ...), ``boot_`` (resamples x effects), ``alpha`` the level of the stored
    intervals."""

    effects_: pd.DataFrame
    boot_: np.ndarray
    alpha: float

    def summary_frame(self) -> pd.DataFrame:
        """``effect, estimate, se, ci_low, ci_high`` (bootstrap SE and percentile interval)."""
        return self.effects_[TIDY].copy()

    def summary(self) -> pd.DataFrame:
        """Every column of ``effects_``."""
        return self.effects_.copy()

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Percentile intervals at level 1 - ``alpha`` from the stored resamples, by effect."""
        if len(self.boot_) == 0:
            raise ValueError("no bootstrap: refit with bootstrap=5000 (resamples) to get intervals")
        return percentile_interval(self.boot_, alpha, pd.Index(self.effects_["effect"], name="effect"))


class MediationResult(_BootEffects):
    """Mediation effects (from :func:`mediation`). ``effects_``: one row per effect (paths a,
    b, d, the direct effect, each specific indirect effect, total indirect and total) with
    ``estimate``, bootstrap ``se``, percentile ``ci_low``/``ci_high`` and the completely
    standardised ``std_estimate``, ``std_ci_low``, ``std_ci_high``. ``boot_``: the resampled
    effects (resamples x effects)."""


class ModeratedMediationResult(_BootEffects):
    """First-stage moderated mediation (from :func:`moderated_mediation`). ``effects_``: the
    index of moderated mediation and the conditional indirect effects at the mean and +-1 SD of
    the moderator, with bootstrap ``se`` and percentile ``ci_low``/``ci_high``."""


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


def mediation(data: pd.DataFrame, x: str, mediators: list[str], y: str, *, covariates=(), serial: bool = False,
              bootstrap: int = 5000, seed=None, alpha: float = 0.05) -> MediationResult:
    """Parallel (``serial=False``, PROCESS model 4) or serial (model 6) mediation of x on y.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent, complete in the columns used.
    x, y : str
        The cause and the outcome.
    mediators : list of str
        The mediators, in causal order when ``serial``.
    covariates : sequence of str
        Adjusted for in every regression.
    serial : bool
        Each mediator also regressed on the mediators before it (model 6).
    bootstrap : int
        Resamples for the SEs and percentile intervals (5,000, Hayes 2022).
    seed : int, SeedSequence, Generator or None
        Seeds the resamples.
    alpha : float
        Intervals at level 1 - ``alpha``.

    Returns
    -------
    MediationResult
        ``effects_`` with ``estimate, se, ci_low, ci_high`` and standardised columns.

    References
    ----------
    Hayes (2022), Introduction to Mediation, Moderation, and Conditional Process Analysis,
    3rd ed. (PROCESS models 4 and 6); R ``lavaan`` defined parameters (``:=``) with
    ``se = "bootstrap"``.

    Examples
    --------
    Recovery speed -> procedural justice -> satisfaction -> loyalty:

    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(2)
    >>> speed = rng.normal(size=300); pj = 0.6 * speed + rng.normal(size=300)
    >>> loy = 0.5 * pj + rng.normal(size=300)
    >>> df = pd.DataFrame({"speed": speed, "pj": pj, "loy": loy})
    >>> res = mediation(df, "speed", ["pj"], "loy", bootstrap=300, seed=1)
    >>> bool(res.conf_int().loc["speed -> pj -> loy", "ci_low"] > 0)
    True
    """
    alpha = check_alpha(alpha)
    covariates = list(covariates)
    _check(data, [x, *mediators, y, *covariates])
    raw = data[[x, *mediators, y, *covariates]].to_numpy(float)
    point, scale = _mediation_effects(raw[None], x, mediators, y, covariates, serial)
    rng = generator(seed)
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
    effects = pd.DataFrame(rows)
    if bootstrap:
        effects = effects[["effect", "estimate", "se", "ci_low", "ci_high", "std_estimate", "std_ci_low",
                           "std_ci_high"]]
    return MediationResult(effects, boot, alpha)


@dataclass
class ModerationResult:
    """Moderation (from :func:`moderation`). ``coefficients_``: the OLS fit with the
    interaction, one row per ``term`` with ``estimate, se, t, p, ci_low, ci_high``;
    ``simple_slopes_``: the slope of x at the mean and +-1 SD of the moderator;
    ``jn_bounds_``: the Johnson-Neyman bounds (moderator values where the slope of x turns
    significant at ``alpha``); ``model_``: the statsmodels fit. Echoed: ``x``, ``w``, ``alpha``."""

    coefficients_: pd.DataFrame
    simple_slopes_: pd.DataFrame
    jn_bounds_: list
    x: str
    w: str
    alpha: float
    model_: object

    def summary_frame(self) -> pd.DataFrame:
        """``coefficients_``: ``term, estimate, se, t, p, ci_low, ci_high``."""
        return self.coefficients_.copy()

    def summary(self) -> pd.DataFrame:
        """The coefficients, then the simple slopes (``term`` "slope of x at ...")."""
        slopes = self.simple_slopes_.rename(columns={"slope": "estimate"})
        slopes = slopes.assign(term=[f"slope of {self.x} at {a} {self.w}" for a in slopes["at"]])
        return pd.concat([self.coefficients_, slopes[self.coefficients_.columns]], ignore_index=True)

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """t intervals of the coefficients at level 1 - ``alpha``, by term."""
        ci = self.model_.conf_int(check_alpha(alpha))
        return pd.DataFrame({"ci_low": ci[0], "ci_high": ci[1]}).rename_axis("term")

    def slope_at(self, values, alpha: float = 0.05) -> pd.DataFrame:
        """Slope of x at moderator values, with SE, t test and interval at level 1 - ``alpha``."""
        alpha = check_alpha(alpha)
        p, cov = self.model_.params, self.model_.cov_params()
        inter = f"{self.x}:{self.w}"
        values = np.asarray(values, float)
        slope = p[self.x] + p[inter] * values
        se = np.sqrt(cov.loc[self.x, self.x] + values ** 2 * cov.loc[inter, inter] + 2 * values * cov.loc[self.x, inter])
        df = self.model_.df_resid
        crit = stats.t.ppf(1 - alpha / 2, df)
        return pd.DataFrame({self.w: values, "slope": slope, "se": se, "t": slope / se,
                             "p": 2 * stats.t.sf(np.abs(slope / se), df), "ci_low": slope - crit * se,
                             "ci_high": slope + crit * se})


def moderation(data: pd.DataFrame, x: str, w: str, y: str, *, covariates=(), alpha: float = 0.05) -> ModerationResult:
    """y on x, w and x*w (PROCESS model 1), with simple slopes and Johnson-Neyman bounds.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent, complete in the columns used.
    x, w, y : str
        The focal predictor (e.g. compensation), the moderator (e.g. failure severity) and the
        outcome.
    covariates : sequence of str
        Added to the regression.
    alpha : float
        Level of the intervals and of the Johnson-Neyman bounds: 1 - ``alpha``.

    Returns
    -------
    ModerationResult
        ``coefficients_``, ``simple_slopes_`` (at the mean and +-1 SD of w), ``jn_bounds_``.

    References
    ----------
    Hayes (2022), PROCESS model 1; Johnson & Neyman (1936); R ``interactions::johnson_neyman``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> comp, sev = rng.uniform(0, 1.5, 500), rng.uniform(0, 1, 500)
    >>> sat = 0.8 * comp - 0.9 * comp * sev + 0.5 * rng.normal(size=500)
    >>> res = moderation(pd.DataFrame({"comp": comp, "sev": sev, "sat": sat}), "comp", "sev", "sat")
    >>> bool(res.summary_frame().set_index("term").loc["comp:sev", "ci_high"] < 0)
    True
    """
    alpha = check_alpha(alpha)
    covariates = list(covariates)
    _check(data, [x, w, y, *covariates])
    formula = f"{y} ~ {x} * {w}" + "".join(f" + {c}" for c in covariates)
    fit = smf.ols(formula, data).fit()
    ci = fit.conf_int(alpha)
    coefs = pd.DataFrame({"term": fit.params.index, "estimate": fit.params.to_numpy(), "se": fit.bse.to_numpy(),
                          "t": fit.tvalues.to_numpy(), "p": fit.pvalues.to_numpy(), "ci_low": ci[0].to_numpy(),
                          "ci_high": ci[1].to_numpy()})
    p, cov = fit.params, fit.cov_params()
    inter = f"{x}:{w}"
    t = stats.t.ppf(1 - alpha / 2, fit.df_resid)
    # Johnson-Neyman: (b1 + b3 w)^2 = t^2 (v11 + w^2 v33 + 2 w v13)
    qa = p[inter] ** 2 - t ** 2 * cov.loc[inter, inter]
    qb = 2 * (p[x] * p[inter] - t ** 2 * cov.loc[x, inter])
    qc = p[x] ** 2 - t ** 2 * cov.loc[x, x]
    disc = qb ** 2 - 4 * qa * qc
    bounds = sorted(((-qb + s * np.sqrt(disc)) / (2 * qa)) for s in (-1, 1)) if disc >= 0 and qa != 0 else []
    result = ModerationResult(coefs, pd.DataFrame(), bounds, x, w, alpha, fit)
    m, s = data[w].mean(), data[w].std(ddof=1)
    result.simple_slopes_ = result.slope_at([m - s, m, m + s], alpha).assign(at=["-1 SD", "mean", "+1 SD"])
    return result


def moderated_mediation(data: pd.DataFrame, x: str, m: str, y: str, w: str, *, bootstrap: int = 5000, seed=None,
                        alpha: float = 0.05) -> ModeratedMediationResult:
    """First-stage moderated mediation (PROCESS model 7): m ~ x + w + x*w, y ~ x + m.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent, complete in the columns used.
    x, m, y, w : str
        Cause, mediator, outcome and the moderator of the x -> m path.
    bootstrap : int
        Resamples (5,000, Hayes 2022).
    seed : int, SeedSequence, Generator or None
        Seeds the resamples.
    alpha : float
        Intervals at level 1 - ``alpha``.

    Returns
    -------
    ModeratedMediationResult
        ``effects_``: the index of moderated mediation a3*b (Hayes 2015) and the conditional
        indirect effects at the mean and +-1 SD of w, with percentile bootstrap intervals.

    References
    ----------
    Hayes (2015), Multivariate Behavioral Research 50, 1-22; PROCESS model 7.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(3)
    >>> x, w = rng.normal(size=400), rng.uniform(0, 1, 400)
    >>> m = x - x * w + rng.normal(size=400); y = 0.5 * m + rng.normal(size=400)
    >>> res = moderated_mediation(pd.DataFrame({"x": x, "m": m, "y": y, "w": w}), "x", "m", "y", "w",
    ...                           bootstrap=500, seed=1)
    >>> bool(res.conf_int().loc["index of moderated mediation", "ci_high"] < 0)
    True
    """
    alpha = check_alpha(alpha)
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
    rng = generator(seed)
    boot = np.concatenate([effects(raw[rng.integers(0, len(raw), (min(1000, bootstrap - s), len(raw)))])
                           for s in range(0, bootstrap, 1000)])
    ci = percentile_interval(boot, alpha, names)
    table = pd.DataFrame({"effect": names, "estimate": point, "se": boot.std(axis=0, ddof=1),
                          "ci_low": ci["ci_low"].to_numpy(), "ci_high": ci["ci_high"].to_numpy()})
    return ModeratedMediationResult(table, boot, alpha)
