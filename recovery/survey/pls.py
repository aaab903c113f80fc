"""PLS-SEM (partial least squares path modelling) in numpy, with a batched bootstrap.

The algorithm is Wold's and Lohmöller's as R ``plspm::plspm`` implements it (Sanchez 2013):
blocks of items, outer weights by mode A (correlation weights, reflective) or mode B
(regression weights, formative), inner weights by the centroid, factorial or path scheme,
iterated until the sum of squared changes of the absolute weights falls below ``tol``
(plspm's rule and default, 1e-6), construct scores with unit population variance, paths by
least squares. The tests reproduce R plspm's published output for the ECSI ``satisfaction``
data (outer model under all three schemes, paths with their OLS tests, effects, inner
summary, scores, cross-loadings, unidimensionality, GoF, mode B) to 1e-6, and R seminr's
scaled mode-B model of ``ecsi_mobi``.

The estimation runs on the items' covariance matrix (``_pls_engine``), so a bootstrap
resample is a vector of counts and a chunk of resamples is one matrix product followed by
the PLS iterations on all of them at once (``_pls_boot``).

>>> import recovery
>>> data = recovery.load_dataset("ecsi_satisfaction")
>>> blocks = {k: [c for c in data if c.startswith(k.lower())] for k in ("IMAG", "SAT", "LOY")}
>>> res = fit_pls(data, [("IMAG", "SAT"), ("IMAG", "LOY"), ("SAT", "LOY")], blocks)
>>> res.paths.round(2).values.tolist()
[['IMAG', 'SAT', 0.68], ['IMAG', 'LOY', 0.29], ['SAT', 'LOY', 0.48]]
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from recovery._validation import ModelSpecError
from recovery.survey._pls_boot import effect_pairs, interval_table, run_bootstrap, statistics
from recovery.survey._pls_engine import Fit, Spec, estimate, moments, total_effects

__all__ = ["fit_pls", "pls_predict", "predictive_power", "PLSResult", "PLSModelError"]

SCHEMES = ("path", "centroid", "factorial")
SIGN_CHANGES = ("none", "construct")


class PLSModelError(ModelSpecError):
    """A PLS model or its data cannot be estimated as given; the message says what to fix."""


# ---------------------------------------------------------------------------- checking


def _find_cycle(names: list[str], paths) -> list[str] | None:
    succ: dict[str, list[str]] = {n: [] for n in names}
    for a, b in paths:
        succ[a].append(b)
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in succ[node]:
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        state[node] = 2
        stack.pop()
        return None

    for name in names:
        if name not in state:
            found = visit(name)
            if found:
                return found
    return None


def _build_spec(data, paths, blocks, modes, scheme, scaled, criterion="absolute") -> Spec:
    if criterion not in CRITERIA:
        raise PLSModelError(f"criterion = {criterion!r}; use one of {CRITERIA}")
    if scheme not in SCHEMES:
        raise PLSModelError(f"scheme = {scheme!r}; use one of {SCHEMES}")
    if not isinstance(data, pd.DataFrame):
        raise PLSModelError(f"data must be a pandas DataFrame of items, got {type(data).__name__}")
    if not isinstance(blocks, dict) or not blocks:
        raise PLSModelError("blocks must map each construct to a list of item columns, e.g. {'SAT': ['sat1', 'sat2']}")
    constructs = list(blocks)
    for name, cols in blocks.items():
        if isinstance(cols, str):
            raise PLSModelError(f"blocks[{name!r}] is the string {cols!r}; give a list of columns, e.g. [{cols!r}]")
        if len(cols) == 0:
            raise PLSModelError(f"construct {name!r} has no items; give it at least one column in blocks")
    items = [c for name in constructs for c in blocks[name]]
    missing = [c for c in items if c not in data.columns]
    if missing:
        raise PLSModelError(f"items {missing} are not columns of the data; the columns are {list(data.columns)}")
    seen: dict = {}
    for name in constructs:
        for c in blocks[name]:
            if c in seen:
                raise PLSModelError(f"item {c!r} is in blocks {seen[c]!r} and {name!r}; "
                                    "each item measures one construct")
            seen[c] = name
    pairs = []
    for pair in paths:
        if len(pair) != 2:
            raise PLSModelError(f"path {pair!r} is not a (from, to) pair")
        source, target = pair
        for end in (source, target):
            if end not in blocks:
                raise PLSModelError(f"path {source} -> {target}: {end!r} is not a construct in blocks "
                                    f"({constructs}); add its items to blocks or fix the name")
        if source == target:
            raise PLSModelError(f"path {source} -> {target} points to itself; remove it")
        pairs.append((source, target))
    if not pairs:
        raise PLSModelError("no paths: give at least one (from, to) pair")
    cycle = _find_cycle(constructs, pairs)
    if cycle:
        raise PLSModelError(f"the paths contain a cycle {' -> '.join(cycle)}; PLS path models must be "
                            "recursive, so remove one of these paths")
    path = np.zeros((len(constructs), len(constructs)))
    for source, target in pairs:
        path[constructs.index(target), constructs.index(source)] = 1
    lonely = [c for c, s in zip(constructs, path.sum(axis=0) + path.sum(axis=1)) if s == 0]
    if lonely:
        raise PLSModelError(f"constructs {lonely} are in no path; connect them or drop them from blocks")
    modes = dict(modes or {})
    for name, mode in modes.items():
        if name not in blocks:
            raise PLSModelError(f"modes names {name!r}, which is not a construct in blocks ({constructs})")
        if mode not in ("A", "B"):
            raise PLSModelError(f"modes[{name!r}] = {mode!r}; use 'A' (reflective) or 'B' (formative)")
    odm = np.zeros((len(items), len(constructs)))
    pos = 0
    for j, name in enumerate(constructs):
        odm[pos:pos + len(blocks[name]), j] = 1
        pos += len(blocks[name])
    mode_b = np.array([modes.get(c, "A") == "B" for c in constructs])
    return Spec(tuple(constructs), tuple(items), odm, path, mode_b, scheme, bool(scaled), criterion)


MISSING = ("error", "mean", "casewise")
CRITERIA = ("absolute", "squared")


def _check_numeric(frame: pd.DataFrame) -> None:
    for col in frame.columns:
        if not (pd.api.types.is_numeric_dtype(frame[col]) and not pd.api.types.is_bool_dtype(frame[col])):
            raise PLSModelError(f"item {col!r} is not numeric (dtype {frame[col].dtype}); recode it to numbers "
                                "(recovery.survey.load_survey validates and codes Likert items)")


def _check_scale(frame: pd.DataFrame, scale) -> tuple[float, float] | None:
    """Refuse answers outside the response scale ``(low, high)`` by column, row and value."""
    if scale is None:
        return None
    if (not isinstance(scale, (tuple, list)) or len(scale) != 2
            or not all(isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
                       and np.isfinite(v) for v in scale) or not scale[0] < scale[1]):
        raise PLSModelError(f"scale = {scale!r}; give the response scale as (lowest, highest) code, e.g. (1, 7)")
    low, high = float(scale[0]), float(scale[1])
    values = frame.to_numpy(float)
    bad = ~np.isnan(values) & ((values < low) | (values > high))
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise PLSModelError(f"item {frame.columns[col]!r} has {values[row, col]:g} in row {frame.index[row]!r}, "
                            f"outside scale = ({low:g}, {high:g}) ({int(bad.sum())} cells in all); recode it, "
                            "declare it with missing_value= (e.g. -99), or fix scale=")
    return low, high


def _survey_weights(data: pd.DataFrame, weights) -> np.ndarray | None:
    if weights is None:
        return None
    if isinstance(weights, str):
        if weights not in data.columns:
            raise PLSModelError(f"weights = {weights!r} is not a column of the data; give a column name or "
                                "one weight per row")
        w = data[weights]
    else:
        w = pd.Series(np.asarray(weights), index=data.index) if len(weights) == len(data) else None
        if w is None:
            raise PLSModelError(f"weights has {len(weights)} values for {len(data)} rows; give one per row")
    if not pd.api.types.is_numeric_dtype(w) or pd.api.types.is_bool_dtype(w):
        raise PLSModelError(f"weights must be numbers (dtype {w.dtype}); give survey weights >= 0")
    values = w.to_numpy(float)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise PLSModelError(f"weights has {float(values[row])!r} in row {data.index[row]!r}; survey weights must be "
                            "finite and >= 0")
    if values.sum() <= 0:
        raise PLSModelError("weights are all zero; give survey weights with a positive sum")
    return values


def _prepare_items(data: pd.DataFrame, spec: Spec, missing: str = "error", missing_value=None, scale=None,
                   weights=None):
    """The items as a complete float matrix after the missing-value policy, the kept rows'
    index, their survey weights (or None), a report of what was missing and done, the checked
    scale and the kept rows as a boolean mask."""
    if missing not in MISSING:
        raise PLSModelError(f"missing = {missing!r}; use one of {MISSING}")
    frame = data[list(spec.items)]
    _check_numeric(frame)
    w = _survey_weights(data, weights)
    if missing_value is not None:
        codes = [missing_value] if np.isscalar(missing_value) else list(missing_value)
        frame = frame.mask(frame.isin(codes))
    scale = _check_scale(frame, scale)
    bad = frame.isna().to_numpy()
    x = frame.to_numpy(float)
    keep = np.ones(len(x), bool)
    if bad.any():
        if missing == "error":
            row, col = np.argwhere(bad)[0]
            raise PLSModelError(f"item {spec.items[col]!r} is missing in row {frame.index[row]!r} "
                                f"({int(bad.sum())} missing cells in all); impute or drop incomplete rows "
                                "first, or use missing='mean' (seminr, SmartPLS) or missing='casewise'")
        if missing == "casewise":
            keep = ~bad.any(axis=1)
            x = x[keep]
        else:
            empty = [c for c, b in zip(spec.items, bad.all(axis=0)) if b]
            if empty:
                raise PLSModelError(f"items {empty} have no answers at all; drop them from blocks")
            x = np.where(bad, np.nanmean(x, axis=0), x)
    report = {"method": missing, "code": missing_value, "cells": int(bad.sum()),
              "rows_dropped": int((~keep).sum()),
              "by_item": pd.Series(bad.sum(axis=0), index=list(spec.items), name="missing")}
    if w is not None:
        w = w[keep]
    const = [c for c, s in zip(spec.items, x.std(axis=0)) if s == 0] if len(x) else []
    if const:
        raise PLSModelError(f"items {const} are constant; drop them from blocks")
    if len(x) < 3:
        raise PLSModelError(f"data has {len(x)} usable rows; PLS needs at least 3 (and far more for stable "
                            "estimates)")
    for j in np.flatnonzero(spec.mode_b):
        size = int(spec.odm[:, j].sum())
        if size >= len(x):
            raise PLSModelError(f"mode B block {spec.constructs[j]!r} has {size} items but the data only {len(x)} "
                                "rows; use mode A or more respondents")
    return x, frame.index[keep], w, report, scale, keep


def _raw_items(data: pd.DataFrame, spec: Spec) -> np.ndarray:
    return _prepare_items(data, spec)[0]


# ---------------------------------------------------------------------------- result


@dataclass
class PLSResult:
    """A fitted PLS path model.

    Tables:

    - ``paths``: ``from``, ``to``, ``estimate`` (the path coefficient); with a bootstrap also
      ``std_error``, the percentile interval ``ci_low``/``ci_high`` and the BCa interval
      ``bca_low``/``bca_high``;
    - ``inner_model``: each path with its OLS ``std_error``, ``t_value``, ``p_value`` from the
      regression on the construct scores (R plspm's ``$inner_model``; not bootstrap based);
    - ``loadings``: the outer model, one row per item: ``construct``, ``item``, ``weight``,
      ``loading``, ``communality``, ``redundancy`` (R plspm's ``$outer_model``);
    - ``weights``: Series of outer weights by item; ``scores_ = transform(data)``, i.e. the
      weights apply to the items centred (``scaled=False``) or standardised with the population
      SD (``scaled=True``, as plspm), by ``item_center_`` and ``item_scale_``. Scaled weights
      satisfy w' R w = 1 within a block (R the item correlations), the normalisation rho_A needs;
    - ``r_squared``: Series by endogenous construct; ``effects``: ``from``, ``to``, ``direct``,
      ``indirect``, ``total`` for every pair joined by a chain of paths;
    - ``scores_``: construct scores (unit population variance); ``crossloadings``: items x
      constructs correlations; ``inner_summary``: per construct ``type``, ``r_squared``,
      ``block_communality``, ``mean_redundancy``, ``ave`` (NaN for mode B);
    - ``items_``: the items as estimated (after ``missing``), ``n_`` their rows, ``missing_`` what
      was missing and done, ``scale_`` the declared response scale, ``survey_weights_``;
    - ``boot_``: with a bootstrap, tidy tables ``paths``, ``weights``, ``loadings``,
      ``r_squared``, ``total_effects``, ``indirect_effects`` (``original``, ``mean``,
      ``std_error``, ``ci_low``, ``ci_high``, ``bca_low``, ``bca_high``); the draws themselves in
      ``boot_draws_``; ``boot_info_`` has the resamples, the replaced non-converged ones and the
      constructs reversed by the sign correction.

    For reliability (rho_A, composite reliability, AVE) per block: ``blocks`` (construct ->
    items), ``weights[blocks[c]]`` and ``loadings.set_index("item")["loading"][blocks[c]]``.
    """

    paths: pd.DataFrame
    inner_model: pd.DataFrame
    loadings: pd.DataFrame
    weights: pd.Series
    r_squared: pd.Series
    effects: pd.DataFrame
    scores_: pd.DataFrame
    crossloadings: pd.DataFrame
    inner_summary: pd.DataFrame
    blocks: dict
    modes: dict
    scheme: str
    scaled: bool
    item_center_: pd.Series
    item_scale_: pd.Series
    item_sd_: pd.Series
    iterations_: int
    missing_: dict = field(default_factory=dict, repr=False)
    scale_: tuple | None = None
    n_: int = 0
    items_: pd.DataFrame | None = field(default=None, repr=False)
    survey_weights_: np.ndarray | None = field(default=None, repr=False)
    first_stage_: "PLSResult | None" = field(default=None, repr=False)
    boot_: dict = field(default_factory=dict, repr=False)
    boot_draws_: dict = field(default_factory=dict, repr=False)
    boot_info_: dict = field(default_factory=dict, repr=False)

    @property
    def constructs(self) -> list[str]:
        return list(self.blocks)

    def transform(self, data: pd.DataFrame) -> pd.DataFrame:
        """Construct scores of (new) respondents with this fit's centring, scaling and weights."""
        items = list(self.weights.index)
        z = (data[items] - self.item_center_) / self.item_scale_
        return pd.DataFrame({c: z[cols].to_numpy(float) @ self.weights[cols].to_numpy()
                             for c, cols in self.blocks.items()}, index=data.index)

    def _corr(self) -> pd.DataFrame:
        return self.scores_.corr()

    def vif(self) -> pd.DataFrame:
        """Collinearity of the inner model: the variance inflation factor of each predictor of
        each endogenous construct, 1 / (1 - R^2 of it on the other predictors) (Hair et al.
        2019: above 5 a problem, above 3 worth a look)."""
        corr = self._corr()
        rows = []
        for target, part in self.paths.groupby("to", sort=False):
            preds = list(part["from"])
            inv = np.linalg.inv(corr.loc[preds, preds].to_numpy())
            rows += [(p, target, inv[i, i]) for i, p in enumerate(preds)]
        return pd.DataFrame(rows, columns=["from", "to", "vif"])

    def f_squared(self) -> pd.DataFrame:
        """Effect size of each path: (R^2 with the predictor - R^2 without) / (1 - R^2 with)
        (Cohen 1988: 0.02 small, 0.15 medium, 0.35 large)."""
        corr = self._corr()

        def r2(target, preds):
            if not preds:
                return 0.0
            c = corr.loc[preds, target].to_numpy()
            return float(c @ np.linalg.solve(corr.loc[preds, preds].to_numpy(), c))

        rows = []
        for target, part in self.paths.groupby("to", sort=False):
            preds = list(part["from"])
            full = r2(target, preds)
            rows += [(p, target, (full - r2(target, [o for o in preds if o != p])) / (1 - full)) for p in preds]
        return pd.DataFrame(rows, columns=["from", "to", "f_squared"])

    def summary(self) -> pd.DataFrame:
        """The structural model as reviewers ask for it: each path with its estimate (and
        bootstrap intervals), VIF and f-squared."""
        return self.paths.merge(self.vif(), on=["from", "to"]).merge(self.f_squared(), on=["from", "to"])

    def conf_int(self, kind: str = "percentile", what: str = "paths") -> pd.DataFrame:
        """Bootstrap intervals: ``kind`` "percentile" or "bca"; ``what`` one of the ``boot_``
        tables ("paths", "weights", "loadings", "r_squared", "total_effects", "indirect_effects")."""
        if not self.boot_:
            raise ValueError("no bootstrap: refit with bootstrap=5000 (resamples) to get intervals")
        if kind not in ("percentile", "bca"):
            raise ValueError(f"kind = {kind!r}; use 'percentile' or 'bca'")
        if what not in self.boot_:
            raise ValueError(f"what = {what!r}; use one of {list(self.boot_)}")
        cols = {"percentile": ["ci_low", "ci_high"], "bca": ["bca_low", "bca_high"]}[kind]
        return self.boot_[what][cols]

    def unidimensionality(self) -> pd.DataFrame:
        """Per block (R plspm's ``$unidim``): ``mode``, ``mvs``, ``cronbach_alpha``,
        ``dillon_goldstein_rho`` and the first two eigenvalues of the item correlations
        (NaN alpha and rho for mode B blocks, where plspm prints 0)."""
        rows = []
        for name, cols in self.blocks.items():
            mode = self.modes.get(name, "A")
            p = len(cols)
            if p == 1:
                rows.append((name, mode, 1, 1.0, 1.0, 1.0, 0.0))
                continue
            corr = self._item_corr.loc[cols, cols].to_numpy()
            values, vectors = np.linalg.eigh(corr)
            alpha = max(0.0, p / (p - 1) * (1 - p / corr.sum()))
            lam = vectors[:, -1] * np.sqrt(values[-1])       # correlations with the first component
            rho = lam.sum() ** 2 / (lam.sum() ** 2 + p - (lam ** 2).sum())
            if mode == "B":
                alpha = rho = np.nan
            rows.append((name, mode, p, alpha, rho, values[-1], values[-2]))
        return pd.DataFrame(rows, columns=["construct", "mode", "mvs", "cronbach_alpha", "dillon_goldstein_rho",
                                           "eig_1st", "eig_2nd"]).set_index("construct")

    def gof(self) -> float:
        """Goodness of fit (Tenenhaus et al. 2004): sqrt(mean communality of the items of
        multi-item blocks x mean R^2 of the endogenous constructs), as R plspm's ``$gof``."""
        multi = [c for c, cols in self.blocks.items() if len(cols) > 1]
        if not multi:
            raise ValueError("GoF needs at least one block with two or more items")
        comm = self.loadings[self.loadings["construct"].isin(multi)]["communality"].mean()
        return float(np.sqrt(comm * self.r_squared.mean()))

    def to_params(self, roles: dict, params=None):
        """The journey model's parameters with this fit's justice -> recovery satisfaction weights.

        ``roles`` names the constructs: ``{"distributive": "DJ", "procedural": "PJ",
        "interactional": "IJ", "satisfaction": "SAT"}``; the mapping is
        :func:`recovery.survey._to_params.paths_to_params`.
        """
        from recovery.survey._to_params import paths_to_params

        return paths_to_params(self.paths, roles, params)

    _item_corr: pd.DataFrame = field(default=None, repr=False)


# ---------------------------------------------------------------------------- fitting


def _tables(fit: Fit, spec: Spec, n: int, index, x_treated: np.ndarray) -> dict:
    k = list(spec.constructs)
    w = fit.w[0]
    beta, r2, corr = fit.beta[0], fit.r2[0], fit.corr[0]
    edges = spec.edges
    paths = pd.DataFrame([(k[f], k[t], beta[t, f]) for f, t in edges], columns=["from", "to", "estimate"])
    rows = []
    for f, t in edges:
        pred = np.flatnonzero(spec.path[t])
        df = n - len(pred) - 1
        i = list(pred).index(f)
        if df > 0:
            se = np.sqrt((1 - r2[t]) / df * np.linalg.inv(corr[np.ix_(pred, pred)])[i, i])
            tv = beta[t, f] / se
            rows.append((k[f], k[t], beta[t, f], se, tv, 2 * stats.t.sf(abs(tv), df)))
        else:  # as many predictors as respondents: no residual degrees of freedom
            rows.append((k[f], k[t], beta[t, f], np.nan, np.nan, np.nan))
    inner_model = pd.DataFrame(rows, columns=["from", "to", "estimate", "std_error", "t_value", "p_value"])
    block_of = [k[j] for j in spec.odm.argmax(axis=1)]
    loading = (fit.cross[0] * spec.odm).sum(axis=1)
    comm = loading ** 2
    endo = spec.path.sum(axis=1) > 0
    r2_all = pd.Series(r2, index=k)
    outer = pd.DataFrame({"construct": block_of, "item": list(spec.items), "weight": (w * spec.odm).sum(axis=1),
                          "loading": loading, "communality": comm,
                          "redundancy": comm * r2_all[block_of].to_numpy()})
    total = total_effects(fit.beta)[0]
    effects = pd.DataFrame([(k[f], k[t], beta[t, f], total[t, f] - beta[t, f], total[t, f])
                            for f, t in effect_pairs(spec)], columns=["from", "to", "direct", "indirect", "total"])
    by_block = outer.groupby("construct", sort=False)
    ave = by_block["communality"].mean()[k].to_numpy()
    inner = pd.DataFrame({"type": np.where(endo, "Endogenous", "Exogenous"), "r_squared": r2,
                          "block_communality": ave,
                          "mean_redundancy": by_block["redundancy"].mean()[k].to_numpy(),
                          "ave": np.where(spec.mode_b, np.nan, ave)}, index=pd.Index(k, name="construct"))
    return {
        "paths": paths, "inner_model": inner_model, "loadings": outer,
        "weights": pd.Series(outer["weight"].to_numpy(), index=list(spec.items), name="weight"),
        "r_squared": r2_all[endo].rename("r_squared"), "effects": effects,
        "scores_": pd.DataFrame(x_treated @ w, index=index, columns=k),
        "crossloadings": pd.DataFrame(fit.cross[0], index=list(spec.items), columns=k),
        "inner_summary": inner,
    }


def fit_pls(data: pd.DataFrame, paths, blocks: dict, modes: dict | None = None, scheme: str = "path",
            scaled: bool = True, bootstrap: int = 0, seed=None, *, tol: float = 1e-7, criterion: str = "absolute",
            max_iter: int = 300, missing: str = "error", missing_value=None, scale=None, weights=None,
            hoc: str = "two_stage", alpha: float = 0.05, sign_change: str = "none", bca: bool = True,
            batch_size: int = 1000) -> PLSResult:
    """Fit a PLS path model (R ``plspm::plspm``; seminr ``estimate_pls``).

    ``paths``: list of (from, to) pairs (recursive: no cycles). ``blocks``: construct -> list
    of item columns. ``modes``: construct -> "A" (reflective, the default) or "B" (formative).

    Defaults and the peer each follows: ``scheme="path"`` (seminr, SmartPLS; "centroid" is R
    plspm's default, "factorial" the third); ``scaled=True`` standardises the items (plspm,
    seminr, SmartPLS; ``False`` only centres them, plspm's ``scaled = FALSE``); stopping when
    the sum of absolute changes of the weights is below ``tol=1e-7`` within ``max_iter=300``
    iterations (seminr's ``stop_criterion = 7`` and ``maxIt = 300``; SmartPLS's 1e-7);
    ``criterion="squared"`` with ``tol=1e-6, max_iter=100`` is R plspm's rule and defaults.

    Answers: ``missing_value`` is a code (or list of codes) meaning "no answer", e.g. -99 as
    SmartPLS and seminr users code it. ``missing="error"`` (default) refuses missing cells and
    names the first; ``"mean"`` replaces them by the item's mean (seminr's and SmartPLS's
    default); ``"casewise"`` drops incomplete rows. ``missing_`` reports the method, the cells
    and rows concerned, per item. ``scale=(1, 7)`` refuses any other code (naming the item, the
    row and the value), so an undeclared missing-value code cannot be taken as an answer.
    ``weights``: survey weights (a column name or one value per row): the items' moments are
    the weighted means and covariances (SmartPLS's weighted PLS); the OLS table of
    ``inner_model`` then uses Kish's effective sample size (sum w)^2 / sum w^2.

    Higher-order constructs: a block whose entries are other constructs (``{"PERC": ["QUAL",
    "VAL"]}``) is a higher-order construct (HOC) of those dimensions. ``hoc="two_stage"``
    (seminr's ``higher_composite``; Becker, Klein & Wetzels 2012; Sarstedt et al. 2019): stage
    1 fits the model with each HOC replaced by its dimensions (its antecedents point to every
    dimension, every dimension to its outcomes); stage 2 uses the dimensions' scores as the
    HOC's items. The result is stage 2's, with stage 1's in ``first_stage_`` (no bootstrap: it
    would hold stage 1 fixed). ``hoc="repeated"``: repeated indicators, the HOC measured by
    copies of all its dimensions' items (named ``item@HOC``) with a path from each dimension to
    the HOC, in one fit (Becker et al.'s type II; give the HOC mode B for a formative HOC).

    ``bootstrap``: number of resamples for standard errors and percentile and BCa intervals
    (two-sided, level 1 - ``alpha``; BCa's acceleration from a jackknife: delete-one up to
    1,000 respondents, then 1,000 random groups (``_pls_boot.JACKKNIFE_GROUPS``), linear in n;
    ``bca=False`` skips it). Resamples are drawn from ``np.random.SeedSequence(seed)`` in fixed
    blocks (the same seed gives the same numbers whatever ``batch_size``, which only bounds
    memory: about batch_size x items^2 x 8 bytes a few times over). A resample that does not
    converge is replaced by a further draw (as R plspm does; counted in ``boot_info_``).

    Signs: every fit, the original and each resample, orients each construct so that most of
    its items correlate positively with it (R plspm's rule), which settles the sign PLS leaves
    arbitrary. ``sign_change="construct"`` adds Tenenhaus et al.'s (2005) construct-level
    correction: a construct is reversed in a resample when its loadings are closer to the
    negated original loadings than to the original ones (its weights, loadings and the paths
    touching it change sign). The default "none" is R plspm's, seminr's and SmartPLS's default.
    Unlike plspm, which reverses only the scores, the weights are reversed with the scores, so
    ``scores_`` is always ``transform(data)``.

    >>> import recovery
    >>> data = recovery.load_dataset("ecsi_satisfaction")
    >>> blocks = {"IMAG": ["imag1", "imag2", "imag3"], "LOY": ["loy1", "loy2", "loy3"]}
    >>> res = fit_pls(data, [("IMAG", "LOY")], blocks, bootstrap=500, seed=1)
    >>> res.paths[["estimate", "bca_low", "bca_high"]].round(2).values.tolist()
    [[0.58, 0.47, 0.66]]
    """
    hocs = _hoc_blocks(blocks)
    if hocs:
        return _fit_hoc(data, paths, blocks, modes, hocs, hoc, bootstrap=bootstrap, seed=seed, scheme=scheme,
                        scaled=scaled, tol=tol, criterion=criterion, max_iter=max_iter, missing=missing,
                        missing_value=missing_value, scale=scale, weights=weights, alpha=alpha,
                        sign_change=sign_change, bca=bca, batch_size=batch_size)
    spec = _build_spec(data, paths, blocks, modes, scheme, scaled, criterion)
    if sign_change not in SIGN_CHANGES:
        raise PLSModelError(f"sign_change = {sign_change!r}; use one of {SIGN_CHANGES}")
    if not (isinstance(bootstrap, (int, np.integer)) and bootstrap >= 0) or 0 < bootstrap < 10:
        raise PLSModelError(f"bootstrap = {bootstrap!r}; use 0 (none) or a number of resamples >= 10 "
                            "(5,000 for published intervals)")
    if not 0 < alpha < 1:
        raise PLSModelError(f"alpha = {alpha!r}; use a level between 0 and 1, e.g. 0.05")
    if not (isinstance(tol, (int, float)) and tol > 0):
        raise PLSModelError(f"tol = {tol!r}; use a small positive number, e.g. 1e-7")
    if bootstrap and weights is not None:
        raise PLSModelError("bootstrap with survey weights is not available yet; fit the weighted point "
                            "estimates with bootstrap=0, or bootstrap without weights")
    raw, index, w, report, scale, _ = _prepare_items(data, spec, missing, missing_value, scale, weights)
    fit, center, sd_pop, s = _fit_moments(raw, w, spec, tol, max_iter)
    scale_by = sd_pop if spec.scaled else np.ones_like(sd_pop)
    xc = raw - center
    n_used = len(raw) if w is None else w.sum() ** 2 / (w ** 2).sum()
    tables = _tables(fit, spec, n_used, index, xc / scale_by)
    items = list(spec.items)
    sd = np.sqrt(np.diag(s))
    result = PLSResult(
        **tables, blocks={c: list(v) for c, v in blocks.items()}, modes={c: ("B" if b else "A") for c, b in
                                                                       zip(spec.constructs, spec.mode_b)},
        scheme=scheme, scaled=spec.scaled, item_center_=pd.Series(center, index=items),
        item_scale_=pd.Series(scale_by, index=items), item_sd_=pd.Series(sd_pop, index=items),
        iterations_=int(fit.iterations[0]), missing_=report, scale_=scale, n_=len(raw),
        items_=pd.DataFrame(raw, index=index, columns=items), survey_weights_=w,
        _item_corr=pd.DataFrame(s / sd[:, None] / sd[None, :], index=items, columns=items))
    if bootstrap:
        _attach_bootstrap(result, fit, spec, xc, int(bootstrap), seed, tol, max_iter, batch_size, sign_change,
                          alpha, bca)
    return result


HOC_METHODS = ("two_stage", "repeated")


def _hoc_blocks(blocks) -> dict:
    """Blocks whose entries are all names of other blocks: higher-order constructs."""
    if not isinstance(blocks, dict):
        return {}
    return {c: list(v) for c, v in blocks.items() if not isinstance(v, str) and len(v) > 0
            and all(isinstance(d, str) and d in blocks and d != c for d in v)}


def _fit_hoc(data, paths, blocks, modes, hocs, method, bootstrap, **kw) -> PLSResult:
    if method not in HOC_METHODS:
        raise PLSModelError(f"hoc = {method!r}; use one of {HOC_METHODS}")
    nested = [c for c, dims in hocs.items() if any(d in hocs for d in dims)]
    if nested:
        raise PLSModelError(f"higher-order constructs {nested} have higher-order dimensions; use one level")
    if method == "repeated":
        copies = {f"{i}@{c}": i for c, dims in hocs.items() for d in dims for i in blocks[d]}
        clash = [name for name in copies if name in data.columns]
        if clash:
            raise PLSModelError(f"columns {clash} exist already; rename them (repeated indicators use item@HOC)")
        new_blocks = {c: ([f"{i}@{c}" for d in hocs[c] for i in blocks[d]] if c in hocs else v)
                      for c, v in blocks.items()}
        new_paths = list(paths) + [(d, c) for c, dims in hocs.items() for d in dims]
        return fit_pls(data.assign(**{k: data[v] for k, v in copies.items()}), new_paths, new_blocks, modes,
                       bootstrap=bootstrap, **kw)
    if bootstrap:
        raise PLSModelError("bootstrap with a two-stage higher-order construct would hold stage 1 fixed; use "
                            "hoc='repeated' to bootstrap, or bootstrap=0")
    first_paths = []
    for a, b in paths:
        for source in hocs.get(a, [a]):
            for target in hocs.get(b, [b]):
                first_paths.append((source, target))
    first_blocks = {c: v for c, v in blocks.items() if c not in hocs}
    first_modes = {c: m for c, m in (modes or {}).items() if c not in hocs}
    stage1 = fit_pls(data, first_paths, first_blocks, first_modes, **kw)
    clash = [d for dims in hocs.values() for d in dims if d in data.columns]
    if clash:
        raise PLSModelError(f"columns {clash} have the names of constructs; rename them for a two-stage HOC")
    in_model = {c for pair in paths for c in pair}
    second_blocks = {c: v for c, v in blocks.items() if c in in_model}
    dims = [d for c in hocs for d in hocs[c]]
    data2 = pd.concat([stage1.items_, stage1.scores_[dims]], axis=1)
    second_modes = {c: m for c, m in (modes or {}).items() if c in in_model}
    kw2 = {**kw, "missing": "error", "missing_value": None, "scale": None, "weights": stage1.survey_weights_}
    result = fit_pls(data2, paths, second_blocks, second_modes, **kw2)
    result.first_stage_ = stage1
    result.missing_, result.scale_ = stage1.missing_, stage1.scale_
    return result


def _fit_moments(raw: np.ndarray, w: np.ndarray | None, spec: Spec, tol: float, max_iter: int):
    """One PLS fit of complete items with optional survey weights: the fit, the items'
    (weighted) means and population SDs, and their covariance matrix."""
    counts = None if w is None else w[None, :]
    center = raw.mean(axis=0) if w is None else w @ raw / w.sum()
    xc = raw - center
    s = moments(xc, counts, False)[0]
    sd_pop = np.sqrt(np.diag(s))
    fit = estimate(moments(xc, counts, spec.scaled), spec, tol, max_iter)
    if not fit.converged[0]:
        raise PLSModelError(f"PLS did not converge in {max_iter} iterations; check for near-constant or "
                            "duplicated items, raise max_iter, or try scheme='centroid'")
    return fit, center, sd_pop, s


def _attach_bootstrap(result, fit, spec, xc, resamples, seed, tol, max_iter, batch_size, sign_change, alpha, bca):
    reference = fit.cross[0] * spec.odm
    run = run_bootstrap(xc, spec, resamples, seed, tol, max_iter, max(1, int(batch_size)), sign_change,
                        reference, jackknife=bca)
    original = statistics(fit, spec)
    k = list(spec.constructs)
    labels = {
        "paths": pd.MultiIndex.from_tuples([(k[f], k[t]) for f, t in spec.edges], names=["from", "to"]),
        "weights": pd.Index(list(spec.items), name="item"),
        "loadings": pd.Index(list(spec.items), name="item"),
        "r_squared": pd.Index(list(result.r_squared.index), name="construct"),
        "total_effects": pd.MultiIndex.from_tuples([(k[f], k[t]) for f, t in effect_pairs(spec)],
                                                   names=["from", "to"]),
    }
    labels["indirect_effects"] = labels["total_effects"]
    for name, draws in run["draws"].items():
        jack = run["jackknife"].get(name)
        table = interval_table(original[name][0], draws, jack, alpha)
        result.boot_[name] = pd.DataFrame(table, index=labels[name])
    result.boot_draws_ = run["draws"]
    result.boot_info_ = {"resamples": resamples, "non_converged_replaced": run["non_converged"],
                         "constructs_reversed": run["sign_flips"], "sign_change": sign_change, "alpha": alpha,
                         "seed": seed}
    boot_paths = result.boot_["paths"].drop(columns=["original", "mean"]).reset_index()
    result.paths = result.paths.merge(boot_paths, on=["from", "to"], how="left")


# ---------------------------------------------------------------------------- PLSpredict


def pls_predict(data: pd.DataFrame, paths, blocks: dict, folds: int = 10, repeats: int = 1, seed=None,
                **fit_kwargs) -> pd.DataFrame:
    """PLSpredict (Shmueli et al. 2016, 2019): k-fold out-of-sample prediction of every item of
    the endogenous constructs, against a linear-model benchmark.

    In each fold the model is fitted on the other folds; the held-out respondents' exogenous
    scores (training weights, centring and scaling) give the endogenous scores through the
    total effects (the "earliest antecedents" rule, so no item of an endogenous construct is
    used to predict itself; seminr's ``predict_pls`` defaults to direct antecedents), and each
    item is predicted as its training mean + loading x SD x predicted score. The benchmark
    (LM) regresses each endogenous item on all exogenous items. Predictions are averaged over
    ``repeats`` random fold splits, each from a child of ``SeedSequence(seed)``.

    Returns one row per item: ``construct``, ``q2_predict`` (1 - SSE / SSE of the training
    mean), ``rmse_pls``, ``mae_pls``, ``rmse_lm``, ``mae_lm`` and ``pls_beats_lm`` (RMSE).
    Hair et al. (2019): predictive relevance where q2_predict > 0; high predictive power where
    PLS beats LM for all items, medium for most, low for a minority.

    >>> import recovery
    >>> data = recovery.load_dataset("ecsi_satisfaction")
    >>> blocks = {"IMAG": ["imag1", "imag2", "imag3"], "LOY": ["loy1", "loy2", "loy3"]}
    >>> out = pls_predict(data, [("IMAG", "LOY")], blocks, folds=5, seed=1)
    >>> bool((out["q2_predict"] > 0).all())
    True
    """
    spec = _build_spec(data, paths, blocks, fit_kwargs.get("modes"), fit_kwargs.get("scheme", "path"),
                       fit_kwargs.get("scaled", True), fit_kwargs.get("criterion", "absolute"))
    if fit_kwargs.get("bootstrap"):
        raise PLSModelError("pls_predict does not bootstrap; drop bootstrap= from its arguments")
    n = len(data)
    if not (isinstance(folds, (int, np.integer)) and 2 <= folds <= n):
        raise PLSModelError(f"folds = {folds!r}; use an integer from 2 to the number of rows ({n})")
    if not (isinstance(repeats, (int, np.integer)) and repeats >= 1):
        raise PLSModelError(f"repeats = {repeats!r}; use a positive integer")
    _raw_items(data, spec)
    exo = [c for c, row in zip(spec.constructs, spec.path) if row.sum() == 0]
    endo = [c for c in spec.constructs if c not in exo]
    endo_items = [i for c in endo for i in blocks[c]]
    exo_items = [i for c in exo for i in blocks[c]]
    actual = data[endo_items].to_numpy(float)
    pred_pls = np.zeros_like(actual)
    pred_lm = np.zeros_like(actual)
    pred_mean = np.zeros_like(actual)
    for child in np.random.SeedSequence(seed).spawn(repeats):
        fold = np.random.default_rng(child).permutation(n) % folds
        for f in range(folds):
            test = fold == f
            train = data.iloc[~test]
            fit = fit_pls(train, paths, blocks, **fit_kwargs)
            scores = fit.transform(data.iloc[test])
            total = fit.effects.set_index(["from", "to"])["total"]
            load = fit.loadings.set_index("item")["loading"]
            for c in endo:
                yhat = sum(scores[e].to_numpy() * total.get((e, c), 0.0) for e in exo)
                for item in blocks[c]:
                    col = endo_items.index(item)
                    pred_pls[test, col] += fit.item_center_[item] + load[item] * fit.item_sd_[item] * yhat
            x_train = np.column_stack([np.ones(len(train)), train[exo_items].to_numpy(float)])
            x_test = np.column_stack([np.ones(int(test.sum())), data.iloc[test][exo_items].to_numpy(float)])
            coef, *_ = np.linalg.lstsq(x_train, train[endo_items].to_numpy(float), rcond=None)
            pred_lm[test] += x_test @ coef
            pred_mean[test] += train[endo_items].to_numpy(float).mean(axis=0)
    pred_pls, pred_lm, pred_mean = pred_pls / repeats, pred_lm / repeats, pred_mean / repeats
    err_pls, err_lm = actual - pred_pls, actual - pred_lm
    block_of = {i: c for c in endo for i in blocks[c]}
    out = pd.DataFrame({
        "construct": [block_of[i] for i in endo_items],
        "q2_predict": 1 - (err_pls ** 2).sum(axis=0) / ((actual - pred_mean) ** 2).sum(axis=0),
        "rmse_pls": np.sqrt((err_pls ** 2).mean(axis=0)), "mae_pls": np.abs(err_pls).mean(axis=0),
        "rmse_lm": np.sqrt((err_lm ** 2).mean(axis=0)), "mae_lm": np.abs(err_lm).mean(axis=0)},
        index=pd.Index(endo_items, name="item"))
    out["pls_beats_lm"] = out["rmse_pls"] < out["rmse_lm"]
    return out


def predictive_power(prediction: pd.DataFrame) -> pd.DataFrame:
    """Q²predict's benchmark table from :func:`pls_predict`'s output, one row per endogenous
    construct: ``items``, ``min_q2_predict``, ``items_beating_lm`` (lower RMSE than the
    linear-model benchmark) and ``power`` by Shmueli et al.'s (2019) rule: "none" when any item
    has Q²predict <= 0 (no better than the training mean), else "high" when PLS beats LM on
    every item, "medium" on most, "low" on a minority, "lacking" on none.

    >>> import recovery
    >>> data = recovery.load_dataset("ecsi_satisfaction")
    >>> blocks = {"IMAG": ["imag1", "imag2", "imag3"], "LOY": ["loy1", "loy2", "loy3"]}
    >>> predictive_power(pls_predict(data, [("IMAG", "LOY")], blocks, folds=5, seed=1))["items"].tolist()
    [3]
    """
    rows = []
    for construct, part in prediction.groupby("construct", sort=False):
        beats, k = int(part["pls_beats_lm"].sum()), len(part)
        if (part["q2_predict"] <= 0).any():
            power = "none"
        else:
            power = "high" if beats == k else "medium" if beats > k / 2 else "low" if beats else "lacking"
        rows.append((construct, k, part["q2_predict"].min(), beats, power))
    return pd.DataFrame(rows, columns=["construct", "items", "min_q2_predict", "items_beating_lm",
                                       "power"]).set_index("construct")
