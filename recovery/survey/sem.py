"""Covariance-based SEM through semopy, reported the way lavaan reports it.

``fit_sem`` takes lavaan-style model text (``=~`` measurement, ``~`` regression, ``~~``
covariance), fits it by maximum likelihood with semopy (SLSQP to a tight tolerance, so estimates
converge to lavaan's within 1e-5), and returns lavaan's operators and fit indices. RMSEA uses
N, as lavaan does (semopy uses N - 1); SRMR is lavaan's (Bentler's: covariance residuals over
the sample standard deviations). Tests compare with lavaan 0.6 on lavaan's own examples, which
semopy ships too (tests/data/r/lavaan_examples.R). ``to_params`` hands standardised justice ->
satisfaction paths to the simulator.

>>> import recovery
>>> mobi = recovery.load_dataset("ecsi_mobi")
>>> res = fit_sem("SAT =~ CUSA1 + CUSA2 + CUSA3\\nLOY =~ CUSL1 + CUSL3\\nLOY ~ SAT", mobi)
>>> sorted(res.fit_indices)[:3]
['aic', 'bic', 'cfi']
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, stats

from recovery.survey._to_params import paths_to_params

__all__ = ["fit_sem", "SEMResult"]


@dataclass
class SEMResult:
    """A fitted CB-SEM: ``estimates`` (lhs, op, rhs, estimate, std_estimate, se, z, p),
    ``fit_indices`` (chi2, df, p, cfi, tli, rmsea with interval, srmr, aic, bic, n) and
    ``hints`` (residual correlations above 0.1 in absolute value, largest first: where the model
    misses; semopy 2.3 computes no modification indices, so these stand in for them)."""

    estimates: pd.DataFrame
    fit_indices: dict
    hints: pd.DataFrame
    model_: object

    def summary(self) -> pd.DataFrame:
        return self.estimates

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        z = stats.norm.ppf(1 - alpha / 2)
        e = self.estimates
        return e[["lhs", "op", "rhs"]].assign(ci_low=e["estimate"] - z * e["se"], ci_high=e["estimate"] + z * e["se"])

    def to_params(self, roles: dict, params=None):
        """The journey model's parameters with this fit's standardised justice -> satisfaction
        paths as the justice weights; everything else as in ``params`` (default: the calibrated
        defaults). ``roles`` maps distributive, procedural, interactional, satisfaction (and
        optionally loyalty) to latent variables; see :mod:`recovery.survey._to_params`."""
        return paths_to_params(self.structural_paths(), roles, params)

    def structural_paths(self) -> pd.DataFrame:
        """The regressions (``~`` rows) as from, to, estimate (standardised), unstd_estimate, se."""
        reg = self.estimates[self.estimates["op"] == "~"]
        return pd.DataFrame({"from": reg["rhs"], "to": reg["lhs"], "estimate": reg["std_estimate"],
                             "unstd_estimate": reg["estimate"], "se": reg["se"]}).reset_index(drop=True)


def _rmsea_interval(chi2, df, n, level=0.90):
    def bound(q):
        f = lambda lam: stats.ncx2.cdf(chi2, df, lam) - q if lam > 0 else stats.chi2.cdf(chi2, df) - q
        if f(1e-12) < 0:
            return 0.0
        hi = max(chi2, 1.0)
        while f(hi) > 0:
            hi *= 2
        return optimize.brentq(f, 1e-12, hi)
    lo, up = bound((1 + level) / 2), bound((1 - level) / 2)
    return np.sqrt(lo / (df * n)), np.sqrt(up / (df * n))


def fit_sem(model_text: str, data: pd.DataFrame) -> SEMResult:
    """Fit a CB-SEM by maximum likelihood (lavaan ``sem()`` defaults: ML, first loading fixed to 1).

    Clear errors: a variable in the model missing from the data, missing values in the used
    columns, and a model that does not converge (with a hint about ill-conditioning).
    """
    import semopy

    model = semopy.Model(model_text)
    observed = sorted(model.vars["observed"])
    absent = [v for v in observed if v not in data.columns]
    if absent:
        raise KeyError(f"model variables not in the data: {absent}; columns are {list(data.columns)}")
    used = data[observed]
    if used.isna().any().any():
        col = used.columns[used.isna().any()][0]
        raise ValueError(f"column {col!r} has missing values in row {used.index[used[col].isna()][0]!r}; "
                         "drop or impute incomplete rows first (ML here needs complete data)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # SLSQP with a tight tolerance: lavaan's optimum to ~1e-6, and fast even where the model is
        # ill-conditioned (semopy's default tolerance stops ~1e-3 short; trust-constr takes seconds)
        result = model.fit(used, obj="MLW", solver="SLSQP", options={"ftol": 1e-12})
    if not getattr(result, "success", True):
        raise RuntimeError("the SEM did not converge; the model may be ill-conditioned (e.g. two constructs "
                           "correlating almost perfectly, as expectations and quality do in ECSI): simplify it")
    latents = set(model.vars["latent"])
    table = model.inspect(std_est=True)
    rows = []
    for _, r in table.iterrows():
        op, lhs, rhs = r["op"], r["lval"], r["rval"]
        if op == "~" and rhs in latents and lhs not in latents:
            op, lhs, rhs = "=~", rhs, lhs
        se = pd.to_numeric(r["Std. Err"], errors="coerce")
        z = pd.to_numeric(r["z-value"], errors="coerce")
        p = pd.to_numeric(r["p-value"], errors="coerce")
        rows.append((lhs, op, rhs, float(r["Estimate"]), float(r["Est. Std"]), 0.0 if np.isnan(se) else se, z, p))
    estimates = pd.DataFrame(rows, columns=["lhs", "op", "rhs", "estimate", "std_estimate", "se", "z", "p"])
    # lavaan's std.all for a covariance is a correlation of the two (residual) variances' terms;
    # its pair is written in the order the variables first appear in the model text
    first = {v: model_text.find(v) for v in set(estimates["lhs"]) | set(estimates["rhs"])}
    var = {r.lhs: r.estimate for r in estimates.itertuples() if r.op == "~~" and r.lhs == r.rhs}
    for i, r in estimates[(estimates["op"] == "~~") & (estimates["lhs"] != estimates["rhs"])].iterrows():
        estimates.loc[i, "std_estimate"] = r["estimate"] / np.sqrt(var[r["lhs"]] * var[r["rhs"]])
        if first[r["rhs"]] < first[r["lhs"]]:
            estimates.loc[i, ["lhs", "rhs"]] = [r["rhs"], r["lhs"]]
    order = {"=~": 0, "~": 1, "~~": 2}
    estimates = estimates.sort_values("op", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)

    stats_ = semopy.calc_stats(model).T["Value"]
    n = len(used)
    chi2, df = float(stats_["chi2"]), float(stats_["DoF"])
    rmsea = np.sqrt(max(chi2 - df, 0) / (df * n)) if df > 0 else 0.0
    low, high = _rmsea_interval(chi2, df, n) if df > 0 else (0.0, 0.0)
    names = model.vars["observed"]
    sample = np.cov(used[names].to_numpy(), rowvar=False, bias=True)
    implied = model.calc_sigma()[0]
    d_s = np.sqrt(np.diag(sample))
    resid = (sample - implied) / np.outer(d_s, d_s)  # lavaan's srmr (Bentler): residuals over the sample sds
    lower = np.tril_indices(len(names))
    srmr = float(np.sqrt(np.mean(resid[lower] ** 2)))
    fit = {"chi2": chi2, "df": df, "p": float(stats_["chi2 p-value"]), "cfi": float(stats_["CFI"]),
           "tli": float(stats_["TLI"]), "rmsea": float(rmsea), "rmsea_ci_low": float(low),
           "rmsea_ci_high": float(high), "srmr": srmr, "aic": float(stats_["AIC"]), "bic": float(stats_["BIC"]),
           "n": n}
    off = np.tril_indices(len(names), k=-1)
    hints = pd.DataFrame({"var1": np.array(names)[off[0]], "var2": np.array(names)[off[1]],
                          "residual_correlation": resid[off]})
    hints = hints.reindex(hints["residual_correlation"].abs().sort_values(ascending=False).index)
    hints = hints[hints["residual_correlation"].abs() > 0.1].reset_index(drop=True)
    return SEMResult(estimates=estimates, fit_indices=fit, hints=hints, model_=model)
