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
>>> round(res.estimate_, 3) < 0
True
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, stats
from scipy.special import gammaln
from statsmodels.stats.meta_analysis import combine_effects, effectsize_2proportions, effectsize_smd

from recovery._validation import ModelSpecError, ParameterError, choice, finite_array, number

__all__ = ["MetaResult", "MetaRegressionResult", "EggerResult", "random_effects", "fixed_effect", "meta_regression",
           "leave_one_out", "egger_test", "hedges_g", "fisher_z", "log_ratio", "ParameterError", "ModelSpecError"]


def _arrays(yi, vi, minimum: int = 2):
    y = finite_array("yi", yi, item="study")
    v = finite_array("vi", vi, item="study")
    if y.shape != v.shape:
        raise ParameterError(f"yi and vi must be of equal length; got {y.size} effects and {v.size} variances")
    if y.size < minimum:
        raise ModelSpecError(f"{y.size} studies: this needs at least {('two', 'three')[minimum - 2]} studies; add "
                             "studies")
    if (v <= 0).any():
        raise ParameterError(f"vi: study {int(np.flatnonzero(v <= 0)[0])} has a sampling variance <= 0 "
                             f"({v[v <= 0][0]}); variances must be positive")
    if np.abs(y).max() > 1e100 or v.max() > 1e100 or v.min() < 1e-50 or v.max() > 1e12 * v.min():
        raise ParameterError(f"vi spans {v.min():.3g} to {v.max():.3g} (effects up to {np.abs(y).max():.3g}): "
                             "beyond what the weights 1 / vi can carry in floating point; check the units "
                             "(variances, not standard errors or sample sizes)")
    return y, v


def _alpha(alpha) -> float:
    return number("alpha", alpha, 0, 1, low_open=True, high_open=True, what="0.05 for 95% intervals")


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


def _q_profile(y, v, alpha):
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
            if hi > 1e12 * (np.ptp(y) ** 2 + v.max()):  # Q stays above its target: no finite bound
                return np.inf
        return optimize.brentq(lambda t: q_gen(t) - target, 0, hi, xtol=1e-12)

    return solve(stats.chi2.isf(alpha / 2, k - 1)), solve(stats.chi2.ppf(alpha / 2, k - 1))


@dataclass
class MetaResult:
    """A pooled effect (from :func:`random_effects` or :func:`fixed_effect`).

    Fitted: ``estimate_``, ``se_``, ``z_``, ``p_``, the interval ``ci_low_``/``ci_high_`` at
    level 1 - ``alpha``, heterogeneity ``tau2_`` (with its Q-profile interval ``tau2_ci_``),
    ``i2_`` (percent), ``h2_``, ``q_`` and ``q_p_``, the prediction interval
    ``pi_low_``/``pi_high_`` (where the true effect of a new study would lie; metafor
    ``predict()``), the study ``weights_`` (percent). Echoed: ``yi``, ``vi``, ``k`` studies,
    ``method``, ``alpha``."""

    estimate_: float
    se_: float
    ci_low_: float
    ci_high_: float
    z_: float
    p_: float
    tau2_: float
    tau2_ci_: tuple
    i2_: float
    h2_: float
    q_: float
    q_p_: float
    k: int
    method: str
    yi: np.ndarray
    vi: np.ndarray
    weights_: np.ndarray
    pi_low_: float = np.nan
    pi_high_: float = np.nan
    alpha: float = 0.05

    def summary_frame(self) -> pd.DataFrame:
        """One row (index: the method): ``estimate, se, z, p, ci_low, ci_high``."""
        return pd.DataFrame({"estimate": [self.estimate_], "se": [self.se_], "z": [self.z_], "p": [self.p_],
                             "ci_low": [self.ci_low_], "ci_high": [self.ci_high_]}, index=[self.method])

    def summary(self) -> pd.DataFrame:
        """One row: the pooled effect, its interval, the prediction interval and heterogeneity."""
        return self.summary_frame().assign(
            pi_low=self.pi_low_, pi_high=self.pi_high_, tau2=self.tau2_, tau2_ci_low=self.tau2_ci_[0],
            tau2_ci_high=self.tau2_ci_[1], i2=self.i2_, h2=self.h2_, q=self.q_, q_p=self.q_p_, k=self.k)

    def studies(self, alpha: float = 0.05) -> pd.DataFrame:
        """One row per study: effect, standard error, interval at level 1 - ``alpha`` and weight
        (percent)."""
        se = np.sqrt(self.vi)
        zc = stats.norm.isf(_alpha(alpha) / 2)
        return pd.DataFrame({"yi": self.yi, "se": se, "ci_low": self.yi - zc * se, "ci_high": self.yi + zc * se,
                             "weight": self.weights_})

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """The pooled effect's Wald interval at level 1 - ``alpha`` (metafor's ``ci.lb``, ``ci.ub``)."""
        zc = stats.norm.isf(_alpha(alpha) / 2)
        return pd.DataFrame({"ci_low": [self.estimate_ - zc * self.se_], "ci_high": [self.estimate_ + zc * self.se_]},
                            index=[self.method])


def _pool(y, v, tau2, method, alpha=0.05) -> MetaResult:
    k = y.size
    w_fe = 1 / v
    mu_fe = np.sum(w_fe * y) / np.sum(w_fe)
    q = float(np.sum(w_fe * (y - mu_fe) ** 2))
    typical = (k - 1) * np.sum(w_fe) / (np.sum(w_fe) ** 2 - np.sum(w_fe ** 2))
    w = 1 / (v + tau2)
    mu = float(np.sum(w * y) / np.sum(w))
    se = float(np.sqrt(1 / np.sum(w)))
    zc = stats.norm.isf(alpha / 2)
    if method == "FE":  # identical effects give q = 0: no heterogeneity seen, I2 = 0 (metafor: 0)
        i2 = 100 * max(q - (k - 1), 0) / q if q > 0 else 0.0
    else:
        i2 = 100 * tau2 / (tau2 + typical)
    half_pi = zc * np.sqrt(se ** 2 + tau2)
    return MetaResult(estimate_=mu, se_=se, ci_low_=mu - zc * se, ci_high_=mu + zc * se, z_=mu / se,
                      p_=float(2 * stats.norm.sf(abs(mu / se))), tau2_=float(tau2),
                      tau2_ci_=_q_profile(y, v, alpha) if method != "FE" else (np.nan, np.nan), i2_=float(i2),
                      h2_=float(q / (k - 1) if method == "FE" else (tau2 + typical) / typical), q_=q,
                      q_p_=float(stats.chi2.sf(q, k - 1)), k=k, method=method, yi=y, vi=v, weights_=100 * w / w.sum(),
                      pi_low_=mu - half_pi if method != "FE" else np.nan,
                      pi_high_=mu + half_pi if method != "FE" else np.nan, alpha=alpha)


def random_effects(yi, vi, *, method: str = "REML", alpha: float = 0.05) -> MetaResult:
    """Random-effects pooling with tau-squared by REML, DerSimonian-Laird ("DL") or Paule-Mandel ("PM").

    DL and PM come from statsmodels' ``combine_effects``; REML is added here. A negative
    estimate of tau-squared (less spread than the sampling variances imply) is truncated at 0,
    as metafor does.

    Parameters
    ----------
    yi, vi : array-like
        The studies' effect sizes and sampling variances.
    method : {"REML", "DL", "PM"}
        The tau-squared estimator (REML: metafor's default).
    alpha : float
        Every interval at level 1 - ``alpha`` (also tau-squared's Q-profile interval).

    Returns
    -------
    MetaResult
        ``estimate_``, ``se_``, ``tau2_``, ``i2_``, ...; ``summary_frame()``, ``conf_int(alpha)``.

    References
    ----------
    R ``metafor::rma(yi, vi, method = ...)`` and ``confint()`` (Viechtbauer 2010, J. Statistical
    Software 36(3)); Viechtbauer (2007) for the Q-profile interval.

    Examples
    --------
    >>> res = random_effects([0.3, 0.1, 0.5, 0.4], [0.01, 0.02, 0.015, 0.03], method="DL")
    >>> list(res.summary_frame().columns)
    ['estimate', 'se', 'z', 'p', 'ci_low', 'ci_high']
    """
    y, v = _arrays(yi, vi)
    alpha = _alpha(alpha)
    method = choice("method", method.upper() if isinstance(method, str) else method, ("REML", "DL", "PM"))
    if method == "REML":
        tau2 = _reml_tau2(y, v, np.ones((y.size, 1)))
    else:
        with np.errstate(divide="ignore", invalid="ignore"):  # statsmodels' side figures at tau2 < 0 (unused)
            tau2 = float(combine_effects(y, v, method_re="chi2" if method == "DL" else "iterated").tau2)
    if not np.isfinite(tau2):
        raise ModelSpecError(f"tau2 could not be estimated by {method} from these studies (yi = {y.tolist()}); "
                             "try method='REML' or check the variances")
    return _pool(y, v, max(tau2, 0.0), method, alpha)


def fixed_effect(yi, vi, *, alpha: float = 0.05) -> MetaResult:
    """Inverse-variance fixed-effect pooling.

    Parameters
    ----------
    yi, vi : array-like
        The studies' effect sizes and sampling variances.
    alpha : float
        Interval level 1 - ``alpha``.

    Returns
    -------
    MetaResult
        As :func:`random_effects`, with ``tau2_`` = 0.

    References
    ----------
    R ``metafor::rma(yi, vi, method = "FE")``.

    Examples
    --------
    >>> round(fixed_effect([0.2, 0.4], [0.01, 0.01]).estimate_, 6)
    0.3
    """
    y, v = _arrays(yi, vi)
    return _pool(y, v, 0.0, "FE", _alpha(alpha))


@dataclass
class MetaRegressionResult:
    """Mixed-effects meta-regression (from :func:`meta_regression`): ``coefficients_`` (one row
    per ``term``: estimate, se, z, p, ci_low, ci_high at level 1 - ``alpha``), their covariance
    ``cov_``, residual ``tau2_``, ``r2_`` (percent of heterogeneity explained), the omnibus test
    of the moderators ``qm_``/``qm_p_`` and the residual heterogeneity test ``qe_``/``qe_p_``."""

    coefficients_: pd.DataFrame
    cov_: np.ndarray
    tau2_: float
    r2_: float
    qm_: float
    qm_p_: float
    qe_: float = np.nan
    qe_p_: float = np.nan
    alpha: float = 0.05

    def summary_frame(self) -> pd.DataFrame:
        """``term, estimate, se, z, p, ci_low, ci_high``."""
        return self.coefficients_.rename_axis("term").reset_index()

    def summary(self) -> pd.DataFrame:
        """The coefficients, indexed by term."""
        return self.coefficients_.copy()

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Wald intervals of the coefficients at level 1 - ``alpha`` (metafor's ``ci.lb``, ``ci.ub``)."""
        zc = stats.norm.isf(_alpha(alpha) / 2)
        est, se = self.coefficients_["estimate"], self.coefficients_["se"]
        return pd.DataFrame({"ci_low": est - zc * se, "ci_high": est + zc * se})


def _design_matrix(moderators, k: int) -> tuple[np.ndarray, list]:
    """Intercept plus moderators; text or categorical columns become treatment dummies against
    their first level (sorted, as R's factors), named ``column[level]``."""
    mods = pd.DataFrame(moderators).reset_index(drop=True)
    if len(mods) != k:
        raise ModelSpecError(f"moderators have {len(mods)} rows but there are {k} studies; give one row per study")
    cols, names = [np.ones(k)], ["intercept"]
    for name in mods.columns:
        col = mods[name]
        if col.isna().any():
            raise ModelSpecError(f"moderator {name!r} is missing for study {int(np.flatnonzero(col.isna())[0])}; "
                             "fill it in or drop the study")
        if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
            cols.append(finite_array(f"moderator {name!r}", col.to_numpy(float), item="study",
                                     error=ModelSpecError))
            names.append(str(name))
        else:
            levels = sorted(col.unique(), key=str)
            for level in levels[1:]:
                cols.append((col == level).to_numpy(float))
                names.append(f"{name}[{level}]")
    x = np.column_stack(cols)
    if np.linalg.matrix_rank(x) < x.shape[1]:
        raise ModelSpecError(f"the moderators {list(mods.columns)} are collinear (or one is constant); drop one")
    if x.shape[1] >= k:
        raise ModelSpecError(f"{x.shape[1]} coefficients need more than {k} studies; add studies or drop moderators")
    return x, names


def meta_regression(yi, vi, moderators: pd.DataFrame, *, alpha: float = 0.05) -> MetaRegressionResult:
    """Moderators of the effect: weighted least squares (statsmodels ``WLS``, weights 1 / (vi +
    tau2)) with tau2 by REML and the standard errors of the known-variance model.

    Parameters
    ----------
    yi, vi : array-like
        The studies' effect sizes and sampling variances.
    moderators : pandas.DataFrame
        One row per study; text columns become dummy variables against their first level.
    alpha : float
        Interval level 1 - ``alpha``.

    Returns
    -------
    MetaRegressionResult
        ``coefficients_``, ``tau2_``, ``r2_``, ``qm_``, ``qe_``.

    References
    ----------
    R ``metafor::rma(yi, vi, mods = ~ ..., method = "REML")``.

    Examples
    --------
    >>> import pandas as pd
    >>> reg = meta_regression([0.1, 0.3, 0.5, 0.7, 0.6], [0.02] * 5, pd.DataFrame({"dose": [1, 2, 3, 4, 4]}))
    >>> bool(reg.summary_frame().set_index("term").loc["dose", "estimate"] > 0)
    True
    """
    import statsmodels.api as sm

    y, v = _arrays(yi, vi)
    alpha = _alpha(alpha)
    x, names = _design_matrix(moderators, y.size)
    tau2 = _reml_tau2(y, v, x)
    fit = sm.WLS(y, x, weights=1 / (v + tau2)).fit()
    beta = np.asarray(fit.params)
    cov = np.asarray(fit.normalized_cov_params)  # (X'WX)^-1: the variances are known, no scale factor
    se = np.sqrt(np.diag(cov))
    z = beta / se
    zc = stats.norm.isf(alpha / 2)
    b = beta[1:]
    qm = float(b @ np.linalg.solve(cov[1:, 1:], b))
    tau2_null = _reml_tau2(y, v, np.ones((y.size, 1)))
    coefs = pd.DataFrame({"estimate": beta, "se": se, "z": z, "p": 2 * stats.norm.sf(np.abs(z)),
                          "ci_low": beta - zc * se, "ci_high": beta + zc * se},
                         index=names)
    w_fe = 1 / v
    resid_fe = y - x @ np.linalg.solve(x.T @ (w_fe[:, None] * x), x.T @ (w_fe * y))
    qe = float(np.sum(w_fe * resid_fe ** 2))
    return MetaRegressionResult(coefficients_=coefs, cov_=cov, tau2_=tau2,
                                r2_=float(max(0.0, 100 * (tau2_null - tau2) / tau2_null)) if tau2_null > 0 else 0.0,
                                qm_=qm, qm_p_=float(stats.chi2.sf(qm, len(b))), qe_=qe,
                                qe_p_=float(stats.chi2.sf(qe, y.size - x.shape[1])), alpha=alpha)


def leave_one_out(yi, vi, *, method: str = "REML") -> pd.DataFrame:
    """The pooled random-effects estimate with each study left out in turn.

    Parameters
    ----------
    yi, vi : array-like
        The studies' effect sizes and sampling variances (at least 3 studies).
    method : {"REML", "DL", "PM"}
        The tau-squared estimator, as :func:`random_effects`.

    Returns
    -------
    pandas.DataFrame
        One row per study left out: ``left_out``, ``estimate``, ``se``, ``tau2``, ``i2`` (a
        sensitivity table, not an estimator of its own).

    References
    ----------
    R ``metafor::leave1out``.

    Examples
    --------
    >>> leave_one_out([0.1, 0.2, 0.3, 0.9], [0.01] * 4, method="DL")["left_out"].tolist()
    [0, 1, 2, 3]
    """
    y, v = _arrays(yi, vi, minimum=3)  # each fit leaves out one and needs two
    rows = []
    for i in range(y.size):
        keep = np.arange(y.size) != i
        r = random_effects(y[keep], v[keep], method=method)
        rows.append((i, r.estimate_, r.se_, r.tau2_, r.i2_))
    return pd.DataFrame(rows, columns=["left_out", "estimate", "se", "tau2", "i2"])


@dataclass
class EggerResult:
    """Egger's regression test (from :func:`egger_test`): ``coefficients_`` with two rows,
    ``slope`` (the test of funnel asymmetry) and ``limit`` (the intercept: the effect expected
    of an infinitely large study), each with estimate, se, t, p (k - 2 degrees of freedom) and
    ci_low, ci_high at level 1 - ``alpha``; ``df_`` the degrees of freedom."""

    coefficients_: pd.DataFrame
    df_: int
    alpha: float = 0.05

    @property
    def t_(self) -> float:
        """The test statistic of asymmetry (metafor's ``zval`` with ``model = "lm"``)."""
        return float(self.coefficients_.loc["slope", "t"])

    @property
    def p_(self) -> float:
        """Its two-sided p value."""
        return float(self.coefficients_.loc["slope", "p"])

    def summary_frame(self) -> pd.DataFrame:
        """``term, estimate, se, t, p, ci_low, ci_high``."""
        return self.coefficients_.rename_axis("term").reset_index()

    def summary(self) -> pd.DataFrame:
        """The two coefficients, indexed by term."""
        return self.coefficients_.copy()

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """t intervals of slope and limit at level 1 - ``alpha``."""
        crit = stats.t.isf(_alpha(alpha) / 2, self.df_)
        est, se = self.coefficients_["estimate"], self.coefficients_["se"]
        return pd.DataFrame({"ci_low": est - crit * se, "ci_high": est + crit * se})


def egger_test(yi, vi, *, alpha: float = 0.05) -> EggerResult:
    """Egger's regression test for funnel asymmetry: weighted regression of the effects on
    their standard errors.

    Parameters
    ----------
    yi, vi : array-like
        The studies' effect sizes and sampling variances (at least 3 studies, not all of the
        same precision).
    alpha : float
        Interval level 1 - ``alpha``.

    Returns
    -------
    EggerResult
        ``t_``, ``p_`` (the asymmetry test) and ``coefficients_`` (slope and limit).

    References
    ----------
    R ``metafor::regtest(x, model = "lm")``; Egger et al. (1997), BMJ 315, 629-634.

    Examples
    --------
    >>> res = egger_test([0.1, 0.3, 0.2, 0.6, 0.5], [0.01, 0.02, 0.015, 0.08, 0.05])
    >>> res.summary_frame()["term"].tolist()
    ['slope', 'limit']
    """
    import statsmodels.api as sm

    y, v = _arrays(yi, vi, minimum=3)
    alpha = _alpha(alpha)
    if np.ptp(v) <= 1e-12 * v.max():
        raise ModelSpecError("Egger's test regresses the effects on their standard errors, and every study has "
                             "the same variance; it needs studies of different precision")
    fit = sm.WLS(y, sm.add_constant(np.sqrt(v)), weights=1 / v).fit()
    order = [1, 0]  # slope first: it is the test
    ci = np.asarray(fit.conf_int(alpha))
    coefs = pd.DataFrame({"estimate": np.asarray(fit.params)[order], "se": np.asarray(fit.bse)[order],
                          "t": np.asarray(fit.tvalues)[order], "p": np.asarray(fit.pvalues)[order],
                          "ci_low": ci[order, 0], "ci_high": ci[order, 1]}, index=["slope", "limit"])
    return EggerResult(coefs, int(fit.df_resid), alpha)


def hedges_g(mean1, sd1, n1, mean2, sd2, n2, correction: str = "exact") -> tuple[np.ndarray, np.ndarray]:
    """Standardised mean difference (group 1 minus group 2 over the pooled SD) with the
    small-sample correction, and its variance.

    ``correction="exact"`` is metafor's ``escalc("SMD")``: Hedges' exact gamma-function
    correction and the large-sample variance 1/n1 + 1/n2 + g^2 / (2 (n1 + n2)) (Hedges 1981).
    ``"approx"`` is statsmodels' ``effectsize_smd`` (J = 1 - 3 / (4N - 9) and Borenstein et
    al.'s variance); the two agree to about 1e-4 in g.

    Parameters
    ----------
    mean1, sd1, n1, mean2, sd2, n2 : array-like
        Each study's group means, standard deviations and sizes.
    correction : {"exact", "approx"}
        The small-sample correction.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The effect sizes g and their sampling variances, one per study (inputs for
        :func:`random_effects`).

    References
    ----------
    R ``metafor::escalc(measure = "SMD")``; Hedges (1981), J. Educational Statistics 6, 107-128.

    Examples
    --------
    >>> g, v = hedges_g([5.5], [1.0], [50], [5.0], [1.0], [50])
    >>> round(float(g[0]), 4)
    0.4962
    """
    m1, s1, k1, m2, s2, k2 = (finite_array(name, a, ndim=None, item="study") for name, a in
                              (("mean1", mean1), ("sd1", sd1), ("n1", n1), ("mean2", mean2), ("sd2", sd2), ("n2", n2)))
    if (s1 <= 0).any() or (s2 <= 0).any() or (k1 < 2).any() or (k2 < 2).any():
        raise ParameterError("standard deviations must be positive and each group needs at least 2 members")
    if correction == "approx":
        g, var = effectsize_smd(m1, s1, k1, m2, s2, k2)
        return np.asarray(g), np.asarray(var)
    if correction != "exact":
        raise ParameterError(f"correction = {correction!r}; use 'exact' (metafor) or 'approx' (statsmodels)")
    df = k1 + k2 - 2
    j = np.exp(gammaln(df / 2) - 0.5 * np.log(df / 2) - gammaln((df - 1) / 2))
    pooled = np.sqrt(((k1 - 1) * s1 ** 2 + (k2 - 1) * s2 ** 2) / df)
    g = j * (m1 - m2) / pooled
    return g, 1 / k1 + 1 / k2 + g ** 2 / (2 * (k1 + k2))


def fisher_z(r, n_obs) -> tuple[np.ndarray, np.ndarray]:
    """Correlation -> Fisher's z and its variance 1 / (n_obs - 3) (metafor ``escalc("ZCOR")``).
    Back-transform a pooled z with ``numpy.tanh``.

    Parameters
    ----------
    r, n_obs : array-like
        Each study's correlation and sample size.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Fisher's z and its variance, one per study.

    References
    ----------
    R ``metafor::escalc(measure = "ZCOR")``.

    Examples
    --------
    >>> z, v = fisher_z([0.5], [103])
    >>> round(float(v[0]), 4)
    0.01
    """
    r = finite_array("r", r, ndim=None, item="study")
    n_obs = finite_array("n_obs", n_obs, ndim=None, item="study")
    if (np.abs(r) >= 1).any() or (n_obs <= 3).any():
        raise ParameterError(f"r = {r.tolist()}, n_obs = {n_obs.tolist()}: correlations must lie strictly between "
                             "-1 and 1 and each study needs more than 3 observations")
    return np.arctanh(r), 1 / (n_obs - 3)


def log_ratio(events1, n1, events2, n2, kind: str = "rr") -> tuple[np.ndarray, np.ndarray]:
    """2x2 counts -> log risk ratio (``kind="rr"``) or log odds ratio (``"or"``) with variance
    (statsmodels ``effectsize_2proportions``; metafor ``escalc("RR" / "OR")``, including its
    1/2 added to every cell of a study with a zero cell).

    Parameters
    ----------
    events1, n1, events2, n2 : array-like
        Each study's events and sizes in the two groups.
    kind : {"rr", "or"}
        Log risk ratio or log odds ratio.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The log ratios and their variances, one per study.

    References
    ----------
    R ``metafor::escalc(measure = "RR")`` and ``"OR"``.

    Examples
    --------
    >>> y, v = log_ratio([4], [123], [11], [139])
    >>> round(float(y[0]), 4)
    -0.8893
    """
    if kind not in ("rr", "or"):
        raise ParameterError(f"kind = {kind!r}; use 'rr' (log risk ratio) or 'or' (log odds ratio)")
    statistic = {"rr": "risk-ratio", "or": "odds-ratio"}[kind]  # statsmodels returns the log ratios
    e1, n1, e2, n2 = (finite_array(name, a, ndim=None, item="study") for name, a in
                      (("events1", events1), ("n1", n1), ("events2", events2), ("n2", n2)))
    if (e1 < 0).any() or (e2 < 0).any() or (e1 > n1).any() or (e2 > n2).any() or (n1 <= 0).any() or (n2 <= 0).any():
        raise ParameterError("events must lie between 0 and the group size, and every group needs members")
    zero = (e1 == 0) | (e1 == n1) | (e2 == 0) | (e2 == n2)  # metafor: add 1/2 to the cells of such studies only
    e1, e2 = e1 + 0.5 * zero, e2 + 0.5 * zero
    n1, n2 = n1 + zero, n2 + zero
    es, var = effectsize_2proportions(e1, n1, e2, n2, statistic=statistic)
    return np.asarray(es), np.asarray(var)
