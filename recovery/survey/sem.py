"""Covariance-based SEM through semopy, reported the way lavaan reports it.

``fit_sem`` takes lavaan-style model text (``=~`` measurement, ``~`` regression, ``~~``
covariance), fits it by maximum likelihood with semopy (SLSQP to a tight tolerance, so estimates
converge to lavaan's within 1e-5), and returns lavaan's operators and fit indices. RMSEA uses
N, as lavaan does (semopy uses N - 1); SRMR is lavaan's (Bentler's: covariance residuals over
the sample standard deviations). ``SEMResult.modification_indices`` adds lavaan's score tests
(semopy has none). Tests compare with lavaan 0.6 on lavaan's own examples, which semopy ships too
(tests/data/r/lavaan_examples.R, lavaan_modindices.R). ``to_params`` hands standardised justice ->
satisfaction paths to the simulator.

>>> import recovery
>>> mobi = recovery.load_dataset("ecsi_mobi")
>>> res = fit_sem("SAT =~ CUSA1 + CUSA2 + CUSA3\\nLOY =~ CUSL1 + CUSL3\\nLOY ~ SAT", mobi)
>>> sorted(res.fit_indices)[:3]
['aic', 'bic', 'cfi']
"""
from __future__ import annotations

import re
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
    misses, in the data's terms). ``modification_indices()`` gives lavaan's score tests for the
    parameters the model leaves out."""

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

    def modification_indices(self, minimum: float = 0.0) -> pd.DataFrame:
        """Modification indices: R's ``lavaan::modindices(fit)`` (lavaan 0.6, ML), sorted.

        One row per parameter the model leaves out (a loading on another factor, a residual
        covariance, a path among the variables in regressions; lavaan's candidates, without those
        equivalent to a parameter already in the model), sorted by ``mi`` and kept where
        ``mi >= minimum``: ``mi`` is the score test (Sörbom 1989), the drop in chi-square
        expected from freeing the parameter (chi-square, 1 df; 3.84 is p = .05), from the
        expected information and N, as lavaan; ``epc`` the expected value of the freed parameter;
        ``sepc_lv`` and ``sepc_all`` lavaan's sepc.lv and sepc.all (latent variables, then all
        variables, standardised; covariances as correlations of the residuals). lavaan prints the
        rows unsorted (``sort. = TRUE`` sorts them) and keeps ``mi > minimum.value``.

        >>> from semopy.examples import holzinger39
        >>> res = fit_sem("visual =~ x1 + x2 + x3\\ntextual =~ x4 + x5 + x6\\nspeed =~ x7 + x8 + x9",
        ...               holzinger39.get_data())
        >>> res.modification_indices(minimum=10).round(3)
              lhs  op rhs      mi    epc  sepc_lv  sepc_all
        0  visual  =~  x9  36.411  0.577    0.519     0.515
        1      x7  ~~  x8  34.145  0.536    0.536     0.859
        2  visual  =~  x7  18.631 -0.422   -0.380    -0.349
        3      x8  ~~  x9  14.946 -0.423   -0.423    -0.805
        """
        if isinstance(minimum, bool) or not isinstance(minimum, (int, float, np.number)) or not minimum >= 0:
            raise ValueError(f"minimum must be a non-negative number (a chi-square with 1 df, e.g. 3.84 "
                             f"or 10), got {minimum!r}; pass 0 to keep every candidate")
        table = _modification_indices(self.estimates, self.model_, self.fit_indices["n"])
        return table[table["mi"] >= minimum].reset_index(drop=True)

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


def _ram(params, values, index, n_observed):
    """The implied covariance of the observed variables and its derivative with respect to each
    parameter, in RAM form: Sigma = F B S B' F' with B = (I - A)^-1 (A the arrows, S the
    (co)variances, F the first ``n_observed`` rows). Also B S B' (every variable's covariance) and S."""
    m = len(index)
    arrows, covs = np.zeros((m, m)), np.zeros((m, m))
    for (lhs, op, rhs), v in zip(params, values):
        if op == "~~":
            covs[index[lhs], index[rhs]] = covs[index[rhs], index[lhs]] = v
        else:
            arrows[_arrow(lhs, op, rhs, index)] = v
    b = np.linalg.inv(np.eye(m) - arrows)
    fb = b[:n_observed]
    total = b @ covs @ b.T
    derivs = []
    for lhs, op, rhs in params:
        if op == "~~":
            i, j = index[lhs], index[rhs]
            d = np.outer(fb[:, i], fb[:, j])
        else:
            i, j = _arrow(lhs, op, rhs, index)
            d = np.outer(fb[:, i], total[j, :n_observed])
        derivs.append(d if op == "~~" and i == j else d + d.T)
    return total[:n_observed, :n_observed], np.array(derivs), total, covs


def _arrow(lhs, op, rhs, index):
    """(to, from) of a directed parameter: ``f =~ x`` points f -> x, ``y ~ x`` x -> y."""
    return (index[rhs], index[lhs]) if op == "=~" else (index[lhs], index[rhs])


def _modification_indices(estimates: pd.DataFrame, model, n: int) -> pd.DataFrame:
    """lavaan's modindices(): the candidates of lav_partable_full() plus the model's fixed
    parameters, each score-tested against the fitted model (lavaan's R/lav_modification.R)."""
    observed = list(model.vars["observed"])
    latents = list(dict.fromkeys(estimates.loc[estimates["op"] == "=~", "lhs"]))
    tokens = re.findall(r"[\w.]+", model.description)
    names = sorted(observed, key=tokens.index) + sorted(latents, key=tokens.index)  # lavaan's order
    index = {v: i for i, v in enumerate(names)}
    order = [observed.index(v) for v in names[:len(observed)]]
    sample = model.mx_cov[np.ix_(order, order)]  # semopy's: divided by N, as lavaan's

    def key(lhs, op, rhs):  # a covariance is written in lavaan's variable order
        return (rhs, op, lhs) if op == "~~" and index[rhs] < index[lhs] else (lhs, op, rhs)

    model_params = {key(r.lhs, r.op, r.rhs): (r.estimate, r.se > 0) for r in estimates.itertuples()}
    regressions = estimates[estimates["op"] == "~"]
    in_regressions = set(regressions["lhs"]) | set(regressions["rhs"])
    indicators = set(estimates.loc[estimates["op"] == "=~", "rhs"])
    # exogenous observed covariates: lavaan (fixed.x) and semopy fix their covariances at the sample's
    exogenous = [v for v in names[:len(observed)]
                 if v in set(regressions["rhs"]) - set(regressions["lhs"]) - indicators]

    def pairs(variables):  # with the variances, as lavaan lists them
        return [(a, "~~", b) for i, a in enumerate(variables) for b in variables[i:]]

    for p in pairs(exogenous):
        model_params[p] = (sample[index[p[0]], index[p[2]]], False)
    # lavaan's candidates (lav_partable_full, single group, no mean structure)
    endogenous = [v for v in names[:len(observed)] if v not in exogenous]
    in_paths = [v for v in names if v in in_regressions]
    candidates = [(f, "=~", v) for f in latents for v in endogenous if v not in in_paths]
    candidates += [p for p in pairs(endogenous) if p[0] in indicators and p[2] in indicators]
    candidates += pairs(exogenous) + pairs(latents)
    candidates += [(y, "~", x) for y in in_paths for x in in_paths
                   if y != x and not (y in indicators and x in latents)]
    free = [p for p, (_, is_free) in model_params.items() if is_free]
    # the model's fixed parameters are tested too, as in lavaan (a first loading is then dropped
    # below as equivalent to its factor's variance)
    extra = [p for p, (_, is_free) in model_params.items() if not is_free]
    extra += [p for p in dict.fromkeys(key(*c) for c in candidates) if p not in model_params]
    params = free + extra
    values = [model_params[p][0] if p in model_params else 0.0 for p in params]

    sigma, derivs, total, covs = _ram(params, values, index, len(observed))
    fixed_x = np.isin(names[:len(observed)], exogenous)
    derivs[:, np.outer(fixed_x, fixed_x)] = 0  # fixed.x: the covariates' covariances carry no information
    inv = np.linalg.inv(sigma)
    weighted = inv @ derivs
    information = 0.5 * np.einsum("aij,bji->ab", weighted, weighted)  # expected, per observation
    gradient = 0.5 * np.einsum("ij,aji->a", inv @ (sigma - sample) @ inv, derivs)  # of F_ML
    k = len(free)
    cross = information[k:, :k]
    v = np.diag(information)[k:] - np.einsum("ij,ji->i", cross, np.linalg.solve(information[:k, :k], cross.T))
    keep = v >= np.finfo(float).eps ** (1 / 3)  # lavaan: smaller is NA (equivalent to a model parameter)
    g, v = gradient[k:][keep], v[keep]
    table = pd.DataFrame([p for p, kept in zip(extra, keep) if kept], columns=["lhs", "op", "rhs"])
    table["mi"] = n * g ** 2 / v
    table["epc"] = -g / v
    # lavaan's sepc: variances as their estimates (cov.std), covariances over the residual sds,
    # directed paths times sd(cause) / sd(effect); sepc_lv rescales the latent variables only
    sd, resid_sd = np.sqrt(np.diag(total)), np.sqrt(np.abs(np.diag(covs)))
    lv = {index[f] for f in latents}
    std_lv, std_all = [], []
    for (lhs, op, rhs), epc in zip(table[["lhs", "op", "rhs"]].itertuples(index=False), table["epc"]):
        i, j = index[lhs], index[rhs]
        if op == "~~":
            s = sd if i == j else resid_sd
            value = epc if i != j else np.sign(epc) * abs(covs[i, i])
            lv_factor = np.prod([1 / s[u] for u in (i, j) if u in lv])
            all_factor = 1 / (s[i] * s[j])
        else:
            to, frm = _arrow(lhs, op, rhs, index)
            value = epc
            lv_factor = (sd[frm] if frm in lv else 1) / (sd[to] if to in lv else 1)
            all_factor = sd[frm] / sd[to]
        std_lv.append(value * lv_factor)
        std_all.append(value * all_factor)
    table["sepc_lv"], table["sepc_all"] = std_lv, std_all
    return table.sort_values("mi", ascending=False, kind="stable").reset_index(drop=True)


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
