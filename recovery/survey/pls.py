"""PLS-SEM (partial least squares path modelling) in numpy, with a batched bootstrap.

The algorithm is Wold's and Lohmöller's as implemented in R ``plspm::plspm`` (Sanchez 2013):
blocks of items, outer weights by mode A (correlation weights) or mode B (regression
weights), inner weights by the centroid, factorial or path scheme, iterated until the sum of
squared changes of the absolute weights falls below ``tol`` (plspm's rule and default 1e-6),
scores scaled to unit (population) variance, path coefficients by least squares. Tests
reproduce R plspm's published output for the ECSI ``satisfaction`` data to 1e-6.

The bootstrap runs all resamples at once: the data of a batch of resamples is one
(resamples x n x items) array and every step of the algorithm is a batched matrix operation.

>>> import recovery
>>> from recovery.survey.pls import fit_pls
>>> data = recovery.load_dataset("ecsi_satisfaction")
>>> blocks = {k: [c for c in data if c.startswith(k.lower())] for k in ("IMAG", "SAT", "LOY")}
>>> res = fit_pls(data, [("IMAG", "SAT"), ("IMAG", "LOY"), ("SAT", "LOY")], blocks, scaled=False)
>>> round(float(res.r_squared["LOY"]), 3) > 0
True
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

__all__ = ["fit_pls", "pls_predict", "PLSResult", "PLSModelError"]


class PLSModelError(ValueError):
    """A PLS model that cannot be estimated as specified; the message says what to fix."""


@dataclass
class _Spec:
    constructs: list[str]
    items: list[str]
    odm: np.ndarray          # items x constructs, 1 where an item belongs to a block
    path: np.ndarray         # constructs x constructs, path[to, from] = 1 (R plspm's layout)
    mode_b: np.ndarray       # per construct
    scheme: str
    scaled: bool


def _spec(data, paths, blocks, modes, scheme, scaled) -> _Spec:
    if scheme not in ("path", "centroid", "factorial"):
        raise PLSModelError(f"scheme = {scheme!r}; use 'path', 'centroid' or 'factorial'")
    constructs = list(blocks)
    for name, cols in blocks.items():
        if not cols:
            raise PLSModelError(f"construct {name!r} has no items; give it at least one column")
    items = [c for name in constructs for c in blocks[name]]
    missing = [c for c in items if c not in data.columns]
    if missing:
        raise PLSModelError(f"items not in the data: {missing}; columns are {list(data.columns)}")
    if len(set(items)) != len(items):
        raise PLSModelError("an item is listed in two blocks; each item measures one construct")
    odm = np.zeros((len(items), len(constructs)))
    pos = 0
    for j, name in enumerate(constructs):
        odm[pos:pos + len(blocks[name]), j] = 1
        pos += len(blocks[name])
    path = np.zeros((len(constructs), len(constructs)))
    for source, target in paths:
        for end in (source, target):
            if end not in blocks:
                raise PLSModelError(f"path {source} -> {target}: {end!r} is not a construct in blocks "
                                    f"({constructs})")
        if source == target:
            raise PLSModelError(f"path {source} -> {target} points to itself")
        path[constructs.index(target), constructs.index(source)] = 1
    # a structural model must be recursive (no cycles)
    reach = path.copy()
    for _ in range(len(constructs)):
        reach = np.minimum(reach + reach @ path, 1)
    if np.trace(reach) > 0:
        raise PLSModelError("the paths contain a cycle; PLS path models must be recursive")
    if (path.sum(axis=0) + path.sum(axis=1) == 0).any():
        lonely = [c for c, s in zip(constructs, path.sum(axis=0) + path.sum(axis=1)) if s == 0]
        raise PLSModelError(f"constructs {lonely} are in no path; connect them or drop them from blocks")
    modes = modes or {}
    unknown = set(modes) - set(constructs)
    if unknown or any(m not in ("A", "B") for m in modes.values()):
        raise PLSModelError(f"modes must map constructs {constructs} to 'A' or 'B'; got {modes}")
    mode_b = np.array([modes.get(c, "A") == "B" for c in constructs])
    return _Spec(constructs, items, odm, path, mode_b, scheme, scaled)


def _prepare(x: np.ndarray, scaled: bool) -> np.ndarray:
    """Centre each resample's items (and scale them to unit sd, ddof=1, when ``scaled``)."""
    x = x - x.mean(axis=-2, keepdims=True)
    if scaled:
        x = x / x.std(axis=-2, ddof=1, keepdims=True)
    return x


def _standardise(y, correction):
    y = y - y.mean(axis=-2, keepdims=True)
    return y / y.std(axis=-2, ddof=1, keepdims=True) / correction


def _inner_weights(y, spec: _Spec):
    """Inner weights E (batch x constructs x constructs): Z = Y @ E."""
    adjacency = spec.path + spec.path.T
    n = y.shape[-2]
    yc = y - y.mean(axis=-2, keepdims=True)
    cov = yc.transpose(0, 2, 1) @ yc / (n - 1)
    sd = np.sqrt(np.einsum("bii->bi", cov))
    corr = cov / sd[:, :, None] / sd[:, None, :]
    if spec.scheme == "centroid":
        return np.sign(corr) * adjacency
    if spec.scheme == "factorial":
        return cov * adjacency
    e = np.zeros_like(cov)
    for i in range(len(spec.constructs)):
        pred = np.flatnonzero(spec.path[i])
        if pred.size:
            yp = y[:, :, pred]
            ypt = yp.transpose(0, 2, 1)
            e[:, pred, i] = np.linalg.solve(ypt @ yp, ypt @ y[:, :, i:i + 1])[..., 0]
        succ = np.flatnonzero(spec.path[:, i])
        e[:, succ, i] = corr[:, succ, i]
    return e


def _estimate(x, spec: _Spec, tol: float, max_iter: int):
    """Outer weights (batch x items) and scores (batch x n x constructs) for a batch of data sets."""
    batch, n, _ = x.shape
    correction = np.sqrt(n / (n - 1))
    odm = spec.odm
    w = odm / ((x @ odm).std(axis=1, ddof=1)[:, None, :]) * correction
    w_old = w.sum(axis=2)
    blocks = [np.flatnonzero(odm[:, j]) for j in range(odm.shape[1])]
    active = np.ones(batch, bool)
    for _ in range(max_iter + 1):
        idx = np.flatnonzero(active)
        xa, wa = x[idx], w[idx]
        y = _standardise(xa @ wa, correction)
        z = y @ _inner_weights(y, spec)
        xat = xa.transpose(0, 2, 1)
        new = np.zeros_like(wa)
        for j, cols in enumerate(blocks):
            if spec.mode_b[j]:
                xj = xa[:, :, cols]
                xjt = xj.transpose(0, 2, 1)
                new[:, cols, j] = np.linalg.solve(xjt @ xj, xjt @ z[:, :, j:j + 1])[..., 0]
        new += (xat @ z) * (odm * ~spec.mode_b) / n  # mode A: all blocks in one product
        w[idx] = new
        w_new = new.sum(axis=2)
        converged = ((np.abs(w_old[idx]) - np.abs(w_new)) ** 2).sum(axis=1) < tol
        w_old[idx] = w_new
        active[idx[converged]] = False
        if not active.any():
            break
    else:
        raise PLSModelError(f"PLS did not converge in {max_iter} iterations for {active.sum()} data set(s); "
                            "check for near-constant items or try scheme='centroid'")
    scores = x @ w
    w = w * correction / scores.std(axis=1, ddof=1)[:, None, :]
    scores = x @ w
    # orient each construct so most of its items load positively (plspm's sign rule)
    xc = x - x.mean(axis=1, keepdims=True)
    cov = xc.transpose(0, 2, 1) @ scores
    sign = np.sign(np.einsum("bpl,pl->bl", np.sign(cov), odm))
    sign[sign == 0] = 1
    w = w * sign[:, None, :]
    return w.sum(axis=2), scores * sign[:, None, :]


def _paths(scores, spec: _Spec):
    """Path coefficients (batch x to x from) and R-squared (batch x constructs) by OLS."""
    batch, _, k = scores.shape
    beta = np.zeros((batch, k, k))
    r2 = np.zeros((batch, k))
    for i in range(k):
        pred = np.flatnonzero(spec.path[i])
        if not pred.size:
            continue
        yp = scores[:, :, pred]
        ypt = yp.transpose(0, 2, 1)
        coef = np.linalg.solve(ypt @ yp, ypt @ scores[:, :, i:i + 1])
        beta[:, i, pred] = coef[..., 0]
        resid = scores[:, :, i] - (yp @ coef)[..., 0]
        total = ((scores[:, :, i] - scores[:, :, i].mean(axis=1, keepdims=True)) ** 2).sum(axis=1)
        r2[:, i] = 1 - (resid ** 2).sum(axis=1) / total
    return beta, r2


def _loadings(x, scores, odm):
    xc = x - x.mean(axis=1, keepdims=True)
    sc = scores - scores.mean(axis=1, keepdims=True)
    cov = xc.transpose(0, 2, 1) @ sc
    corr = cov / np.sqrt((xc ** 2).sum(axis=1))[:, :, None] / np.sqrt((sc ** 2).sum(axis=1))[:, None, :]
    return (corr * odm).sum(axis=2), corr


def _total_effects(beta):
    k = beta.shape[-1]
    total, power = np.zeros_like(beta), beta.copy()
    for _ in range(k):
        total += power
        power = power @ beta
    return total


@dataclass
class PLSResult:
    """A fitted PLS path model.

    Attributes: ``paths`` (from, to, estimate; with a bootstrap also std_error, the percentile
    interval ``ci_low``/``ci_high`` and the BCa interval ``bca_low``/``bca_high``),
    ``loadings`` (construct, item, weight, loading, communality, redundancy: the outer model),
    ``weights`` (Series by item: outer weights that give unit-variance scores), ``r_squared``
    (Series by construct), ``effects`` (direct, indirect, total), ``scores_`` (DataFrame),
    ``crossloadings`` (items x constructs), ``inner_summary`` (R-squared, block communality,
    mean redundancy, AVE). Blocks are in ``blocks``; for reliability, composite reliability and
    rho_A use ``weights`` and ``loadings``.
    """

    paths: pd.DataFrame
    loadings: pd.DataFrame
    weights: pd.Series
    r_squared: pd.Series
    effects: pd.DataFrame
    scores_: pd.DataFrame
    crossloadings: pd.DataFrame
    inner_summary: pd.DataFrame
    blocks: dict
    bootstrap_: dict = field(default_factory=dict, repr=False)

    def summary(self) -> pd.DataFrame:
        """The structural model: one row per path, with intervals when bootstrapped."""
        return self.paths

    def vif(self) -> pd.DataFrame:
        """Collinearity of the inner model: for each endogenous construct, the variance
        inflation factor of each of its predictors (1 / (1 - R^2) of that predictor on the
        others; Hair et al.: above 5 is a problem)."""
        rows = []
        for target, part in self.paths.groupby("to", sort=False):
            preds = list(part["from"])
            for p in preds:
                others = [o for o in preds if o != p]
                r2 = _r2(self.scores_[p].to_numpy(), self.scores_[others].to_numpy()) if others else 0.0
                rows.append((p, target, 1 / (1 - r2)))
        return pd.DataFrame(rows, columns=["from", "to", "vif"])

    def f_squared(self) -> pd.DataFrame:
        """Effect size of each path: (R^2 with the predictor - R^2 without) / (1 - R^2 with)
        (Cohen 1988; 0.02 small, 0.15 medium, 0.35 large), from the construct scores."""
        rows = []
        for target, part in self.paths.groupby("to", sort=False):
            preds = list(part["from"])
            y = self.scores_[target].to_numpy()
            full = _r2(y, self.scores_[preds].to_numpy())
            for p in preds:
                others = [o for o in preds if o != p]
                reduced = _r2(y, self.scores_[others].to_numpy()) if others else 0.0
                rows.append((p, target, (full - reduced) / (1 - full)))
        return pd.DataFrame(rows, columns=["from", "to", "f_squared"])

    def to_params(self, roles: dict, params=None):
        """The journey model's parameters with this fit's justice -> recovery satisfaction weights.

        ``roles`` names the constructs: ``{"distributive": "DJ", "procedural": "PJ",
        "interactional": "IJ", "satisfaction": "SAT"}``; the mapping is
        :func:`recovery.survey._to_params.paths_to_params`.
        """
        from recovery.survey._to_params import paths_to_params

        return paths_to_params(self.paths, roles, params)

    def conf_int(self, kind: str = "percentile") -> pd.DataFrame:
        """Bootstrap intervals of the paths: ``kind`` "percentile" or "bca"."""
        if not self.bootstrap_:
            raise ValueError("no bootstrap: refit with bootstrap=5000 (resamples) to get intervals")
        cols = {"percentile": ["ci_low", "ci_high"], "bca": ["bca_low", "bca_high"]}[kind]
        return self.paths.set_index(["from", "to"])[cols]


def _r2(y: np.ndarray, x: np.ndarray) -> float:
    design = np.column_stack([np.ones(len(y)), x])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    resid = y - design @ coef
    return float(1 - resid @ resid / ((y - y.mean()) @ (y - y.mean())))


def pls_predict(data: pd.DataFrame, paths, blocks: dict, folds: int = 10, seed=None, **fit_kwargs) -> pd.DataFrame:
    """PLSpredict (Shmueli et al. 2016): k-fold out-of-sample prediction of every item of the
    endogenous constructs from the exogenous constructs' items, against a linear-model
    benchmark (each item regressed on all exogenous items). Returns per item
    ``q2_predict`` (1 - SSE / SSE of the training mean), ``rmse_pls``, ``rmse_lm``; PLS
    predicts well where its RMSE is below the LM's (R ``seminr::predict_pls``). Items are
    standardised with the training folds' means and SDs."""
    spec = _spec(data, paths, blocks, fit_kwargs.get("modes"), fit_kwargs.get("scheme", "path"), True)
    exo = [c for c, row in zip(spec.constructs, spec.path) if row.sum() == 0]
    endo_items = [i for c in spec.constructs if c not in exo for i in blocks[c]]
    exo_items = [i for c in exo for i in blocks[c]]
    n = len(data)
    fold = np.random.default_rng(seed).permutation(n) % folds
    pred_pls = pd.DataFrame(index=data.index, columns=endo_items, dtype=float)
    pred_lm, pred_mean = pred_pls.copy(), pred_pls.copy()
    for k in range(folds):
        train, test = data.iloc[fold != k], data.iloc[fold == k]
        fit = fit_pls(train, paths, blocks, scaled=True, **fit_kwargs)  # weights apply to standardised items
        mean, sd = train[spec.items].mean(), train[spec.items].std(ddof=1)
        z = (test[spec.items] - mean) / sd
        scores = pd.DataFrame(index=test.index)
        for c in exo:  # exogenous scores from the training weights
            scores[c] = z[blocks[c]].to_numpy() @ fit.weights[blocks[c]].to_numpy()
        beta = fit.paths
        for c in spec.constructs:  # constructs in path order: each endogenous from its predictors
            if c in exo:
                continue
            part = beta[beta["to"] == c]
            scores[c] = sum(scores[f] * b for f, b in zip(part["from"], part["estimate"]))
        load = fit.loadings.set_index("item")["loading"]
        for c in spec.constructs:
            if c in exo:
                continue
            for item in blocks[c]:
                pred_pls.loc[test.index, item] = mean[item] + sd[item] * load[item] * scores[c]
        x_train = np.column_stack([np.ones(len(train)), train[exo_items].to_numpy(float)])
        x_test = np.column_stack([np.ones(len(test)), test[exo_items].to_numpy(float)])
        coef, *_ = np.linalg.lstsq(x_train, train[endo_items].to_numpy(float), rcond=None)
        pred_lm.loc[test.index] = x_test @ coef
        pred_mean.loc[test.index] = np.tile(train[endo_items].mean().to_numpy(), (len(test), 1))
    actual = data[endo_items].astype(float)
    sse = lambda pred: ((actual - pred) ** 2).sum()  # noqa: E731
    return pd.DataFrame({"q2_predict": 1 - sse(pred_pls) / sse(pred_mean), "rmse_pls": np.sqrt(sse(pred_pls) / n),
                         "rmse_lm": np.sqrt(sse(pred_lm) / n)})


def _bca(boot, estimate, jack, alpha):
    """Bias-corrected and accelerated interval (Efron 1987) per column."""
    z0 = stats.norm.ppf(np.clip((boot < estimate).mean(axis=0), 1e-10, 1 - 1e-10))
    d = jack.mean(axis=0) - jack
    a = (d ** 3).sum(axis=0) / (6 * ((d ** 2).sum(axis=0)) ** 1.5 + 1e-300)
    out = []
    for q in (alpha / 2, 1 - alpha / 2):
        zq = stats.norm.ppf(q)
        adj = stats.norm.cdf(z0 + (z0 + zq) / (1 - a * (z0 + zq)))
        out.append(np.array([np.quantile(boot[:, i], adj[i]) for i in range(boot.shape[1])]))
    return out


def fit_pls(data: pd.DataFrame, paths, blocks: dict, modes: dict | None = None, scheme: str = "path",
            scaled: bool = True, bootstrap: int = 0, seed=None, tol: float = 1e-6, max_iter: int = 100,
            alpha: float = 0.05, batch_size: int = 500) -> PLSResult:
    """Fit a PLS path model (R ``plspm::plspm``; seminr ``estimate_pls``).

    ``paths``: list of (from, to) pairs. ``blocks``: construct -> list of item columns.
    ``modes``: construct -> "A" (reflective, default) or "B" (formative). ``scaled=True``
    standardises the items (plspm's and seminr's default), ``scaled=False`` only centres them
    (plspm's ``scaled = FALSE``). ``bootstrap``: number of resamples for percentile and BCa
    intervals (``alpha`` two-sided), drawn from ``seed``; resamples are processed
    ``batch_size`` at a time.
    """
    spec = _spec(data, paths, blocks, modes, scheme, scaled)
    frame = data[spec.items]
    bad = frame.isna().to_numpy()
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise PLSModelError(f"item {spec.items[col]!r} is missing in row {frame.index[row]!r}; "
                            "impute or drop incomplete rows first")
    x = _prepare(frame.to_numpy(float)[None], scaled)
    if (x.std(axis=1) == 0).any():
        const = [c for c, s in zip(spec.items, x.std(axis=1)[0]) if s == 0]
        raise PLSModelError(f"items {const} are constant; drop them")
    w, scores = _estimate(x, spec, tol, max_iter)
    beta, r2 = _paths(scores, spec)
    loading, cross = _loadings(x, scores, spec.odm)
    total = _total_effects(beta)[0]
    k = spec.constructs
    edges = [(k[f], k[t]) for t, f in zip(*np.nonzero(spec.path))]
    edges.sort(key=lambda e: (k.index(e[0]), k.index(e[1])))
    path_rows = pd.DataFrame([(f, t, beta[0, k.index(t), k.index(f)]) for f, t in edges],
                             columns=["from", "to", "estimate"])
    block_of = [k[j] for j in spec.odm.argmax(axis=1)]
    comm = loading[0] ** 2
    r2s = pd.Series(r2[0], index=k)
    outer = pd.DataFrame({"construct": block_of, "item": spec.items, "weight": w[0], "loading": loading[0],
                          "communality": comm, "redundancy": comm * r2s[block_of].to_numpy()})
    effects = pd.DataFrame([(k[f], k[t], beta[0, t, f], total[t, f] - beta[0, t, f], total[t, f])
                            for f in range(len(k)) for t in range(len(k)) if total[t, f] != 0 or beta[0, t, f] != 0],
                           columns=["from", "to", "direct", "indirect", "total"])
    exogenous = spec.path.sum(axis=1) == 0
    inner = pd.DataFrame({
        "type": np.where(exogenous, "Exogenous", "Endogenous"), "r_squared": r2[0],
        "block_communality": outer.groupby("construct", sort=False)["communality"].mean()[k].to_numpy(),
        "mean_redundancy": outer.groupby("construct", sort=False)["redundancy"].mean()[k].to_numpy(),
        "ave": outer.groupby("construct", sort=False)["communality"].mean()[k].to_numpy()}, index=k)
    result = PLSResult(
        paths=path_rows, loadings=outer, weights=pd.Series(w[0], index=spec.items, name="weight"),
        r_squared=r2s, effects=effects, scores_=pd.DataFrame(scores[0], index=data.index, columns=k),
        crossloadings=pd.DataFrame(cross[0], index=spec.items, columns=k), inner_summary=inner, blocks=dict(blocks))
    if bootstrap:
        _bootstrap(result, frame.to_numpy(float), spec, edges, bootstrap, seed, tol, max_iter, alpha, batch_size)
    return result


def _fit_many(raw, spec, edges, tol, max_iter):
    x = _prepare(raw, spec.scaled)
    w, scores = _estimate(x, spec, tol, max_iter)
    beta, r2 = _paths(scores, spec)
    loading, _ = _loadings(x, scores, spec.odm)
    k = spec.constructs
    coef = np.stack([beta[:, k.index(t), k.index(f)] for f, t in edges], axis=1)
    return coef, loading, r2


def _bootstrap(result, raw, spec, edges, resamples, seed, tol, max_iter, alpha, batch_size):
    n = raw.shape[0]
    rng = np.random.default_rng(seed)
    coefs, loads = [], []
    for start in range(0, resamples, batch_size):
        size = min(batch_size, resamples - start)
        idx = rng.integers(0, n, (size, n))
        c, ld, _ = _fit_many(raw[idx], spec, edges, tol, max_iter)
        coefs.append(c)
        loads.append(ld)
    boot = np.concatenate(coefs)
    jack_idx = np.array([np.delete(np.arange(n), i) for i in range(n)])
    jack, _, _ = _fit_many(raw[jack_idx], spec, edges, tol, max_iter)
    est = result.paths["estimate"].to_numpy()
    low, high = np.quantile(boot, [alpha / 2, 1 - alpha / 2], axis=0)
    bca_low, bca_high = _bca(boot, est, jack, alpha)
    result.paths = result.paths.assign(std_error=boot.std(axis=0, ddof=1), ci_low=low, ci_high=high,
                                       bca_low=bca_low, bca_high=bca_high)
    load = np.concatenate(loads)
    result.loadings = result.loadings.assign(std_error=load.std(axis=0, ddof=1),
                                             ci_low=np.quantile(load, alpha / 2, axis=0),
                                             ci_high=np.quantile(load, 1 - alpha / 2, axis=0))
    result.bootstrap_ = {"paths": boot, "loadings": load, "resamples": resamples}
