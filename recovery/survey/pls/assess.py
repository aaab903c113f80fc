"""The PLS-SEM assessments reviewers ask for (Hair et al. 2019): the importance-performance map
(IPMA), the cross-validated predictive ability test (CVPAT) and the Gaussian copula test for
endogeneity.

"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from recovery._seeding import children, generator
from recovery.survey._intervals import percentile_interval
from recovery.survey.pls._engine import estimate, moments, total_effects
from recovery.survey.pls._model import PLSModelError, parse_model
from recovery.survey.pls.fit import PLSResult, _build_spec, _check_alpha, _prepare_items

__all__ = ["ipma", "cvpat", "copula_test", "IPMAMap", "CVPATResult", "CopulaResult"]

WEIGHTINGS = ("unstandardized", "standardized")


def _check_count(name, value, low):
    if not (isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value >= low):
        raise PLSModelError(f"{name} = {value!r}; use an integer >= {low}")


# ---------------------------------------------------------------------------- IPMA


@dataclass
class IPMAMap:
    """The importance-performance map (from :func:`ipma`).

    ``table_``: one row per construct with a total effect on ``target``: ``importance``
    (unstandardised total effect of its 0-100 score), ``importance_std`` (standardised total
    effect), ``performance`` (mean 0-100 score). ``target_performance_``: the target's mean
    0-100 score. Echoed: ``target``, ``scale`` ((low, high) or "observed"), ``weighting``.
    A map of point estimates, as seminrExtras's ``assess_ipma`` and SmartPLS's IPMA draw it: no
    ``conf_int`` (bootstrap the fit, ``fit_pls(..., bootstrap=5000)``, for the intervals of the
    total effects behind the importance).
    """

    table_: pd.DataFrame
    target: str
    target_performance_: float
    scale: object
    weighting: str

    def summary_frame(self) -> pd.DataFrame:
        """``construct``, ``importance``, ``importance_std``, ``performance``."""
        return self.table_.reset_index()

    def summary(self) -> pd.DataFrame:
        """The constructs by importance, with ``priority``: above-median importance and
        below-median performance, the drivers to improve first (Ringle & Sarstedt 2016)."""
        t = self.table_.sort_values("importance", ascending=False)
        return t.assign(priority=(t["importance"] > t["importance"].median())
                        & (t["performance"] < t["performance"].median()))


def ipma(result: PLSResult, target: str, *, scale=None, weighting: str = "unstandardized") -> IPMAMap:
    """Importance-performance map analysis (Ringle & Sarstedt 2016) for one target construct.

    Every item is rescaled to 0-100 by the response scale (``scale=(low, high)``, else the
    fit's ``scale_``, else each item's observed minimum and maximum, which Ringle & Sarstedt
    advise against). A construct's 0-100 score is the weighted mean of its rescaled items, with
    the outer weights made unstandardised (weight / item SD: Ringle & Sarstedt's and SmartPLS's
    rule, under which the 0-100 score is a linear function of the PLS score) or, with
    ``weighting="standardized"``, the standardised weights as seminrExtras's ``assess_ipma``;
    weights are normalised to sum to 1 in each block. ``performance`` is the mean 0-100 score;
    ``importance`` the unstandardised total effect on the target of the 0-100 scores (each path
    times SD(to) / SD(from)): one point more of performance raises the target by this much.
    ``importance_std`` is the standardised total effect.

    Parameters
    ----------
    result : PLSResult
        A fit from :func:`recovery.survey.fit_pls` (not a two-stage HOC).
    target : str
        The construct whose drivers are mapped.
    scale : (low, high), optional
        The response scale for the 0-100 rescaling.
    weighting : {"unstandardized", "standardized"}
        The outer weights used for the 0-100 scores.

    Returns
    -------
    IPMAMap
        ``table_`` with ``importance``, ``importance_std``, ``performance``.

    References
    ----------
    seminrExtras ``assess_ipma``; SmartPLS's IPMA; Ringle & Sarstedt (2016), Industrial
    Management & Data Systems 116, 1865-1886.

    Examples
    --------
    >>> import recovery
    >>> from recovery.survey import fit_pls
    >>> data = recovery.load_dataset("ecsi_mobi")
    >>> model = '''
    ... IMAG =~ IMAG1 + IMAG2 + IMAG3
    ... CUSA =~ CUSA1 + CUSA2 + CUSA3
    ... CUSL =~ CUSL1 + CUSL2 + CUSL3
    ... CUSA ~ IMAG
    ... CUSL ~ IMAG + CUSA
    ... '''
    >>> ipma(fit_pls(model, data, scale=(1, 10)), "CUSL").table_.index.tolist()
    ['IMAG', 'CUSA']
    """
    if target not in result.constructs:
        raise PLSModelError(f"target = {target!r} is not a construct of this model ({result.constructs})")
    if weighting not in WEIGHTINGS:
        raise PLSModelError(f"weighting = {weighting!r}; use one of {WEIGHTINGS}")
    if result.first_stage_ is not None:
        raise PLSModelError("IPMA of a two-stage higher-order model is not available; run ipma on the "
                            "model's first_stage_ (its dimensions) or fit with hoc='repeated'")
    items = result.items_
    if scale is None:
        scale = result.scale_
    if scale is None:
        low, high = items.min(), items.max()
    else:
        if not (isinstance(scale, (tuple, list)) and len(scale) == 2 and scale[0] < scale[1]):
            raise PLSModelError(f"scale = {scale!r}; give the response scale as (lowest, highest), e.g. (1, 7)")
        low, high = float(scale[0]), float(scale[1])
        outside = items.columns[((items < low) | (items > high)).any()].tolist()
        if outside:
            raise PLSModelError(f"items {outside} have answers outside scale = {tuple(scale)}; fix scale=")
    rescaled = (items - low) / (high - low) * 100
    w = result.weights_ if weighting == "standardized" else result.weights_ / result.item_scale_
    scores = {}
    for c, cols in result.blocks.items():
        v = w[cols].to_numpy()
        if (v < 0).any():
            raise PLSModelError(f"construct {c!r} has negative outer weights {w[cols][v < 0].round(3).to_dict()}; "
                                "IPMA needs positive weights (reverse-code or drop those items)")
        scores[c] = rescaled[cols].to_numpy() @ (v / v.sum())
    scores = pd.DataFrame(scores)
    sw = result.survey_weights_
    mean = scores.mean() if sw is None else scores.mul(sw, axis=0).sum() / sw.sum()
    sd = scores.std(ddof=0) if sw is None else np.sqrt(((scores - mean) ** 2).mul(sw, axis=0).sum() / sw.sum())
    k = result.constructs
    beta_std = np.zeros((len(k), len(k)))
    for f, t, b in result.paths_[["from", "to", "estimate"]].itertuples(index=False):
        beta_std[k.index(t), k.index(f)] = b
    ratio = sd.to_numpy()[:, None] / sd.to_numpy()[None, :]
    total_unstd = total_effects((beta_std * ratio)[None])[0]
    total_std = total_effects(beta_std[None])[0]
    j = k.index(target)
    rows = [c for i, c in enumerate(k) if total_std[j, i] != 0]
    if not rows:
        raise PLSModelError(f"no construct has an effect on {target!r}; pick an endogenous construct")
    out = pd.DataFrame({"importance": [total_unstd[j, k.index(c)] for c in rows],
                        "importance_std": [total_std[j, k.index(c)] for c in rows],
                        "performance": mean[rows].to_numpy()}, index=pd.Index(rows, name="construct"))
    return IPMAMap(out, target, float(mean[target]), (low, high) if scale is not None else "observed",
                      weighting)


# ---------------------------------------------------------------------------- CVPAT


def _folds(n, folds, seed):
    if folds is None:
        return np.arange(n)
    _check_count("folds", folds, 2)
    if folds > n:
        raise PLSModelError(f"folds = {folds}; use at most the number of rows ({n}), or None for leave-one-out")
    return generator(seed).permutation(n) % folds


def _cv_errors(x, spec, fold, tol, max_iter):
    """Out-of-sample errors of the endogenous items under direct-antecedent prediction (seminr's
    ``predict_DA``), of the linear-model benchmark on the antecedents' items, and of the
    sample mean (the indicator average)."""
    k = len(spec.constructs)
    endo = [t for t in range(k) if spec.path[t].sum()]
    item_block = spec.odm.argmax(axis=1)
    endo_items = [i for t in endo for i in np.flatnonzero(spec.odm[:, t])]
    ids = np.unique(fold)
    train = (fold[None, :] != ids[:, None]).astype(float)
    fit = estimate(moments(x, train, spec.scaled), spec, tol, max_iter)
    if not fit.converged.all():
        raise PLSModelError("PLS did not converge in a cross-validation fold; raise max_iter")
    size = train.sum(axis=1, keepdims=True)
    mean = train @ x / size
    sd = np.sqrt(train @ x ** 2 / size - mean ** 2)
    err_pls = np.empty((len(x), len(endo_items)))
    err_lm = np.empty_like(err_pls)
    for f, fid in enumerate(ids):
        test = fold == fid
        treat = sd[f] if spec.scaled else np.ones(x.shape[1])
        pred = ((x[test] - mean[f]) / treat @ fit.w[f]) @ fit.beta[f].T
        load = fit.cross[f][np.arange(x.shape[1]), item_block]
        for col, i in enumerate(endo_items):  # item = mean + loading x SD x predicted (unit-variance) score
            err_pls[test, col] = x[test, i] - (mean[f, i] + load[i] * sd[f, i] * pred[:, item_block[i]])
        tr = ~test
        for t in endo:
            ante = [i for i in range(x.shape[1]) if spec.path[t, item_block[i]]]
            dep = list(np.flatnonzero(spec.odm[:, t]))
            coef = np.linalg.lstsq(np.column_stack([np.ones(tr.sum()), x[tr][:, ante]]), x[tr][:, dep], rcond=None)[0]
            pred_lm = np.column_stack([np.ones(test.sum()), x[test][:, ante]]) @ coef
            for d, i in enumerate(dep):
                err_lm[test, endo_items.index(i)] = x[test, i] - pred_lm[:, d]
    err_ia = x[:, endo_items] - x[:, endo_items].mean(axis=0)
    return endo, endo_items, item_block, err_pls, err_lm, err_ia


@dataclass
class CVPATResult:
    """CVPAT's tests (from :func:`cvpat`).

    ``tests_``: one row per (``benchmark``, ``construct``): ``loss_pls``, ``loss_benchmark``,
    ``estimate`` (benchmark loss - PLS loss: positive means the model predicts better), ``se``,
    ``t``, ``p`` (two-sided), ``ci_low``, ``ci_high`` (t interval, level 1 - ``alpha``, n - 1
    degrees of freedom). Echoed: ``folds``, ``resamples``, ``alpha``; ``n_obs_`` respondents.
    """

    tests_: pd.DataFrame
    n_obs_: int
    folds: int | None
    resamples: int
    alpha: float

    def summary_frame(self) -> pd.DataFrame:
        """``benchmark``, ``construct``, the losses, ``estimate, se, t, p, ci_low, ci_high``."""
        return self.tests_.reset_index()

    def summary(self) -> pd.DataFrame:
        """``summary_frame()`` with ``pls_better`` (estimate > 0 and p < alpha)."""
        t = self.summary_frame()
        return t.assign(pls_better=(t["estimate"] > 0) & (t["p"] < self.alpha))

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """The t intervals of the loss differences at level 1 - ``alpha``."""
        crit = stats.t.ppf(1 - _check_alpha(alpha) / 2, self.n_obs_ - 1)
        t = self.tests_
        return pd.DataFrame({"ci_low": t["estimate"] - crit * t["se"], "ci_high": t["estimate"] + crit * t["se"]})


def cvpat(model: str, data: pd.DataFrame, *, folds: int | None = None, resamples: int = 2000, seed=None,
          alpha: float = 0.05, scheme: str = "path", scaled: bool = True, missing: str = "error",
          missing_value=None, scale=None, tol: float = 1e-7, max_iter: int = 300,
          criterion: str = "absolute") -> CVPATResult:
    """Cross-validated predictive ability test of the model against the indicator-average (IA)
    and linear-model (LM) benchmarks.

    Items of each endogenous construct are predicted out of sample from the construct's
    direct antecedents (seminr's ``predict_DA``); the LM benchmark regresses them on the
    antecedents' items, the IA benchmark predicts each item's sample mean (as seminrExtras).
    A respondent's loss for a construct is the mean squared error over its items; "Overall"
    averages the constructs' losses. The test of the mean loss difference uses the bootstrap
    variance of the mean and a t distribution with n - 1 degrees of freedom, as seminrExtras's
    "Boot T" and "Boot P".

    Parameters
    ----------
    model : str
        The model text, as :func:`recovery.survey.fit_pls`.
    data : pandas.DataFrame
        The items.
    folds : int or None
        None: leave-one-out (seminr's default); else k random folds from ``seed``.
    resamples : int
        Bootstrap resamples of the loss differences (2,000 as seminrExtras).
    seed : int, SeedSequence, Generator or None
        Seeds the folds and the resamples.
    alpha : float
        Interval level 1 - ``alpha``.
    scheme, scaled, missing, missing_value, scale, tol, max_iter, criterion :
        As :func:`recovery.survey.fit_pls`.

    Returns
    -------
    CVPATResult
        ``tests_`` with ``estimate, se, t, p, ci_low, ci_high`` per benchmark and construct.

    References
    ----------
    seminrExtras ``assess_cvpat``; Liengaard et al. (2021), Decision Sciences 52, 362-392;
    Sharma et al. (2023), J. Business Research 160, 113740.

    Examples
    --------
    >>> import recovery
    >>> d = recovery.load_dataset("ecsi_satisfaction")
    >>> model = "IMAG =~ imag1 + imag2 + imag3; LOY =~ loy1 + loy2 + loy3; LOY ~ IMAG"
    >>> out = cvpat(model, d, folds=10, resamples=500, seed=1)
    >>> out.tests_.index.tolist()
    [('IA', 'LOY'), ('IA', 'Overall'), ('LM', 'LOY'), ('LM', 'Overall')]
    """
    alpha = _check_alpha(alpha)
    _check_count("resamples", resamples, 100)
    m = parse_model(model)
    spec = _build_spec(data, m.paths, m.blocks, m.modes, scheme, scaled, criterion)
    x, *_ = _prepare_items(data, spec, missing, missing_value, scale)
    n = len(x)
    endo, endo_items, item_block, err_pls, err_lm, err_ia = _cv_errors(x, spec, _folds(n, folds, seed), tol,
                                                                      max_iter)
    names = [spec.constructs[t] for t in endo]
    groups = [[c for c, i in enumerate(endo_items) if item_block[i] == t] for t in endo]

    def losses(err):
        per = np.column_stack([(err[:, g] ** 2).mean(axis=1) for g in groups])
        return np.column_stack([per, per.mean(axis=1)])

    loss_pls = losses(err_pls)
    idx = generator(children(seed, 1)[0]).integers(0, n, (resamples, n))
    crit = stats.t.ppf(1 - alpha / 2, n - 1)
    rows = []
    for bench, err in (("IA", err_ia), ("LM", err_lm)):
        loss_b = losses(err)
        d = loss_b - loss_pls
        d_bar = d.mean(axis=0)
        se = (d - d_bar)[idx].mean(axis=1).std(axis=0, ddof=1)
        t = d_bar / se
        for c, name in enumerate([*names, "Overall"]):
            rows.append((bench, name, loss_pls[:, c].mean(), loss_b[:, c].mean(), d_bar[c], se[c], t[c],
                         2 * stats.t.sf(abs(t[c]), n - 1), d_bar[c] - crit * se[c], d_bar[c] + crit * se[c]))
    table = pd.DataFrame(rows, columns=["benchmark", "construct", "loss_pls", "loss_benchmark", "estimate", "se",
                                        "t", "p", "ci_low", "ci_high"]).set_index(["benchmark", "construct"])
    return CVPATResult(table, n, folds, resamples, alpha)


# ---------------------------------------------------------------------------- copula


def _copula(v: np.ndarray) -> np.ndarray:
    """Gaussian copula term Phi^-1(H(v)), H the empirical CDF as rank / (n + 1) (so that the
    largest value stays finite; Becker, Proksch & Ringle 2022)."""
    return stats.norm.ppf(stats.rankdata(v, axis=0) / (len(v) + 1))


@dataclass
class CopulaResult:
    """The Gaussian copula tests (from :func:`copula_test`).

    ``tests_``: one row per (``to``, ``from``, ``model``): ``estimate`` (the copula term's
    coefficient), ``se`` (bootstrap SD), ``z``, ``p`` (normal), ``ci_low``, ``ci_high``
    (percentile, level 1 - ``alpha``) and ``normality_p`` (Shapiro-Wilk of the predictor).
    ``boot_``: the bootstrap coefficients (resamples x rows). Echoed: ``resamples``, ``alpha``.
    """

    tests_: pd.DataFrame
    boot_: np.ndarray
    resamples: int
    alpha: float

    def summary_frame(self) -> pd.DataFrame:
        """``to, from, model, estimate, se, z, p, ci_low, ci_high`` (``normality_p`` is in
        ``tests_`` and ``summary()``)."""
        return self.tests_.drop(columns="normality_p")

    def summary(self) -> pd.DataFrame:
        """``tests_`` with ``endogeneity``: p < alpha for a predictor that is not normal
        (normality_p < alpha), where the copula is identified."""
        t = self.tests_
        return t.assign(endogeneity=(t["p"] < self.alpha) & (t["normality_p"] < self.alpha))

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Percentile intervals of the copula coefficients at level 1 - ``alpha``."""
        return percentile_interval(self.boot_, alpha, pd.MultiIndex.from_frame(self.tests_[["to", "from", "model"]]))


def copula_test(result: PLSResult, *, resamples: int = 1000, seed=None, alpha: float = 0.05) -> CopulaResult:
    """Gaussian copula test for endogeneity of every predictor of every endogenous construct,
    on the construct scores.

    For each endogenous construct and each predictor, the construct is regressed on all its
    predictors plus the predictor's copula term; a copula coefficient different from zero
    signals endogeneity of that predictor. Its ``se`` is the bootstrap SD over ``resamples``
    resamples of the respondents (the copula term recomputed in each, as Hult et al. do), ``z``
    = estimate / se with a normal ``p``, ``ci_low``/``ci_high`` the percentile interval.
    ``normality_p`` is Shapiro-Wilk's test of the predictor: the copula is identified only for
    a non-normal predictor (Park & Gupta), so read ``p`` only where ``normality_p`` is small.
    Model "all" adds every predictor's copula term together (Hult et al.'s combinations).

    Parameters
    ----------
    result : PLSResult
        A fit from :func:`recovery.survey.fit_pls`.
    resamples : int
        Bootstrap resamples (at least 100).
    seed : int, SeedSequence, Generator or None
        Seeds the resamples.
    alpha : float
        Interval level 1 - ``alpha``.

    Returns
    -------
    CopulaResult
        ``tests_`` with ``estimate, se, z, p, ci_low, ci_high, normality_p``.

    References
    ----------
    Park & Gupta (2012), Marketing Science 31, 567-586; Hult et al. (2018), J. International
    Marketing 26, 1-21; Becker, Proksch & Ringle (2022), J. Academy of Marketing Science 50,
    46-66.

    Examples
    --------
    >>> import recovery
    >>> from recovery.survey import fit_pls
    >>> d = recovery.load_dataset("ecsi_satisfaction")
    >>> fit = fit_pls("IMAG =~ imag1 + imag2 + imag3; LOY =~ loy1 + loy2 + loy3; LOY ~ IMAG", d)
    >>> res = copula_test(fit, resamples=200, seed=1)
    >>> res.tests_[["to", "from", "model"]].values.tolist()
    [['LOY', 'IMAG', 'each']]
    """
    _check_alpha(alpha)
    _check_count("resamples", resamples, 100)
    y = result.scores_
    n = len(y)
    idx = generator(seed).integers(0, n, (resamples, n))
    rows, boots = [], []
    for target, part in result.paths_.groupby("to", sort=False):
        preds = list(part["from"])
        x = y[preds].to_numpy()
        models = [("each", [p]) for p in preds] + ([("all", preds)] if len(preds) > 1 else [])
        for model, with_copula in models:
            cols = [preds.index(p) for p in with_copula]

            def coef(sample):
                xs = x[sample]
                design = np.column_stack([np.ones(len(sample)), xs, _copula(xs[:, cols])])
                return np.linalg.lstsq(design, y[target].to_numpy()[sample], rcond=None)[0][-len(cols):]

            est = coef(np.arange(n))
            boot = np.array([coef(r) for r in idx])
            se = boot.std(axis=0, ddof=1)
            for c, p in enumerate(with_copula):
                z = est[c] / se[c]
                boots.append(boot[:, c])
                rows.append((target, p, model, est[c], se[c], z, 2 * stats.norm.sf(abs(z)),
                             np.quantile(boot[:, c], alpha / 2), np.quantile(boot[:, c], 1 - alpha / 2),
                             stats.shapiro(y[p]).pvalue))
    table = pd.DataFrame(rows, columns=["to", "from", "model", "estimate", "se", "z", "p", "ci_low", "ci_high",
                                        "normality_p"])
    return CopulaResult(table, np.column_stack(boots), resamples, alpha)
