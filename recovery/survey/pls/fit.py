"""PLS-SEM (partial least squares path modelling) in numpy, with a batched bootstrap.

The algorithm is Wold's and Lohmöller's as R ``plspm::plspm`` implements it (Sanchez 2013):
blocks of items, outer weights by mode A (correlation weights, reflective) or mode B
(regression weights, formative), inner weights by the centroid, factorial or path scheme,
construct scores with unit population variance, paths by least squares. The tests reproduce
R plspm's published output for the ECSI ``satisfaction`` data (outer model under all three
schemes, paths with their OLS tests, effects, inner summary, scores, cross-loadings,
unidimensionality, GoF, mode B) to 1e-6, and R seminr's scaled mode-B model of ``ecsi_mobi``.

The estimation runs on the items' covariance matrix (``_engine``), so a bootstrap resample is
a vector of counts (times the survey weights) and a chunk of resamples is one matrix product
followed by the PLS iterations on all of them at once (``_boot``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from recovery.survey._intervals import check_alpha
from recovery.survey.pls._boot import effect_pairs, interval_table, run_bootstrap, statistics
from recovery.survey.pls._engine import Fit, Spec, estimate, moments, total_effects
from recovery.survey.pls._model import PLSModelError, parse_model

__all__ = ["fit_pls", "PLSResult", "PLSModelError"]

SCHEMES = ("path", "centroid", "factorial")
SIGN_CHANGES = ("none", "construct")
#: The tables of ``boot_`` (and the ``what`` of ``PLSResult.conf_int``).
BOOT_TABLES = ("paths", "weights", "loadings", "r_squared", "total_effects", "indirect_effects")
#: The columns of ``PLSResult.summary_frame`` (the package's tidy convention).
TIDY = ["from", "to", "estimate", "se", "t", "p", "ci_low", "ci_high"]


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
    """The checked model: ``blocks`` construct -> items, ``paths`` (from, to) pairs and
    ``modes`` construct -> "A" | "B" as :func:`parse_model` reads them."""
    if criterion not in CRITERIA:
        raise PLSModelError(f"criterion = {criterion!r}; use one of {CRITERIA}")
    if scheme not in SCHEMES:
        raise PLSModelError(f"scheme = {scheme!r}; use one of {SCHEMES}")
    if not isinstance(data, pd.DataFrame):
        raise PLSModelError(f"data must be a pandas DataFrame of items, got {type(data).__name__}")
    constructs = list(blocks)
    items = [c for name in constructs for c in blocks[name]]
    missing = [c for c in items if c not in data.columns]
    if missing:
        raise PLSModelError(f"items {missing} are not columns of the data; the columns are {list(data.columns)}")
    seen: dict = {}
    for name in constructs:
        for c in blocks[name]:
            if c in seen:
                raise PLSModelError(f"item {c!r} is in the blocks of {seen[c]!r} and {name!r}; "
                                    "each item measures one construct")
            seen[c] = name
    pairs = [tuple(pair) for pair in paths]
    for source, target in pairs:
        if source == target:
            raise PLSModelError(f"path {source} -> {target} points to itself; remove it")
    if not pairs:
        raise PLSModelError("no paths: give at least one structural line, e.g. 'LOY ~ SAT'")
    cycle = _find_cycle(constructs, pairs)
    if cycle:
        raise PLSModelError(f"the paths contain a cycle {' -> '.join(cycle)}; PLS path models must be "
                            "recursive, so remove one of these paths")
    path = np.zeros((len(constructs), len(constructs)))
    for source, target in pairs:
        path[constructs.index(target), constructs.index(source)] = 1
    lonely = [c for c, s in zip(constructs, path.sum(axis=0) + path.sum(axis=1)) if s == 0]
    if lonely:
        raise PLSModelError(f"constructs {lonely} are in no path; connect them or drop them from the model")
    modes = dict(modes or {})
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
                raise PLSModelError(f"items {empty} have no answers at all; drop them from the model")
            x = np.where(bad, np.nanmean(x, axis=0), x)
    report = {"method": missing, "code": missing_value, "cells": int(bad.sum()),
              "rows_dropped": int((~keep).sum()),
              "by_item": pd.Series(bad.sum(axis=0), index=list(spec.items), name="missing")}
    if w is not None:
        w = w[keep]
    const = [c for c, s in zip(spec.items, x.std(axis=0)) if s == 0] if len(x) else []
    if const:
        raise PLSModelError(f"items {const} are constant; drop them from the model")
    if len(x) < 3:
        raise PLSModelError(f"data has {len(x)} usable rows; PLS needs at least 3 (and far more for stable "
                            "estimates)")
    for j in np.flatnonzero(spec.mode_b):
        size = int(spec.odm[:, j].sum())
        if size >= len(x):
            raise PLSModelError(f"mode B block {spec.constructs[j]!r} has {size} items but the data only {len(x)} "
                                "rows; use mode A or more respondents")
    return x, frame.index[keep], w, report, scale, keep


# ---------------------------------------------------------------------------- result


@dataclass
class PLSResult:
    """A fitted PLS path model (returned by :func:`fit_pls`).

    Fitted tables (names ending in ``_``):

    - ``paths_``: ``from``, ``to``, ``estimate`` (the path coefficient); with a bootstrap also
      ``se`` (bootstrap SD), ``t`` = estimate / se, ``p`` (two-sided, t with n - 1 degrees of
      freedom, as SmartPLS), the percentile interval ``ci_low``/``ci_high`` and the BCa interval
      ``bca_low``/``bca_high``;
    - ``inner_model_``: each path with its OLS ``se``, ``t``, ``p`` and residual ``df`` from
      the regression on the construct scores (R plspm's ``$inner_model``; not bootstrap based);
    - ``loadings_``: the outer model, one row per item: ``construct``, ``item``, ``weight``,
      ``loading``, ``communality``, ``redundancy`` (R plspm's ``$outer_model``);
    - ``weights_``: Series of outer weights by item; ``scores_ = transform(data)``, i.e. the
      weights apply to the items centred (``scaled=False``) or standardised with the population
      SD (``scaled=True``, as plspm), by ``item_center_`` and ``item_scale_``. Scaled weights
      satisfy w' R w = 1 within a block (R the item correlations), the normalisation rho_A needs;
    - ``r_squared_``: Series by endogenous construct; ``effects_``: ``from``, ``to``, ``direct``,
      ``indirect``, ``total`` for every pair joined by a chain of paths;
    - ``scores_``: construct scores (unit population variance); ``crossloadings_``: items x
      constructs correlations; ``inner_summary_``: per construct ``type``, ``r_squared``,
      ``block_communality``, ``mean_redundancy``, ``ave`` (NaN for mode B);
    - ``items_``: the items as estimated (after ``missing``), ``n_`` their rows, ``missing_`` what
      was missing and done, ``scale_`` the declared response scale, ``survey_weights_``;
    - ``boot_``: with a bootstrap, tidy tables ``paths``, ``weights``, ``loadings``,
      ``r_squared``, ``total_effects``, ``indirect_effects`` (``estimate``, ``mean``, ``se``,
      ``t``, ``p``, ``ci_low``, ``ci_high``, ``bca_low``, ``bca_high``); the draws themselves in
      ``boot_draws_``; ``boot_info_`` has the resamples, the replaced non-converged ones and the
      constructs reversed by the sign correction.

    Echoed inputs: ``model`` (the text), ``blocks`` (construct -> items), ``modes``,
    ``scheme``, ``scaled``, ``alpha`` (the level of the stored intervals). For reliability per block: ``weights_[blocks[c]]`` and
    ``loadings_.set_index("item")["loading"][blocks[c]]``.
    """

    paths_: pd.DataFrame
    inner_model_: pd.DataFrame
    loadings_: pd.DataFrame
    weights_: pd.Series
    r_squared_: pd.Series
    effects_: pd.DataFrame
    scores_: pd.DataFrame
    crossloadings_: pd.DataFrame
    inner_summary_: pd.DataFrame
    blocks: dict
    modes: dict
    scheme: str
    scaled: bool
    item_center_: pd.Series
    item_scale_: pd.Series
    item_sd_: pd.Series
    iterations_: int
    model: str = ""
    alpha: float = 0.05
    missing_: dict = field(default_factory=dict, repr=False)
    scale_: tuple | None = None
    n_: int = 0
    items_: pd.DataFrame | None = field(default=None, repr=False)
    survey_weights_: np.ndarray | None = field(default=None, repr=False)
    first_stage_: "PLSResult | None" = field(default=None, repr=False)
    boot_: dict = field(default_factory=dict, repr=False)
    boot_draws_: dict = field(default_factory=dict, repr=False)
    boot_jackknife_: dict = field(default_factory=dict, repr=False)
    boot_info_: dict = field(default_factory=dict, repr=False)
    _item_corr: pd.DataFrame = field(default=None, repr=False)

    @property
    def constructs(self) -> list[str]:
        """The constructs in the order of the model's measurement lines."""
        return list(self.blocks)

    def transform(self, data: pd.DataFrame) -> pd.DataFrame:
        """Construct scores of (new) respondents with this fit's centring, scaling and weights."""
        items = list(self.weights_.index)
        z = (data[items] - self.item_center_) / self.item_scale_
        return pd.DataFrame({c: z[cols].to_numpy(float) @ self.weights_[cols].to_numpy()
                             for c, cols in self.blocks.items()}, index=data.index)

    def _corr(self) -> pd.DataFrame:
        return self.scores_.corr()

    def vif(self) -> pd.DataFrame:
        """Collinearity of the inner model: the variance inflation factor of each predictor of
        each endogenous construct, 1 / (1 - R^2 of it on the other predictors) (Hair et al.
        2019: above 5 a problem, above 3 worth a look)."""
        corr = self._corr()
        rows = []
        for target, part in self.paths_.groupby("to", sort=False):
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
        for target, part in self.paths_.groupby("to", sort=False):
            preds = list(part["from"])
            full = r2(target, preds)
            rows += [(p, target, (full - r2(target, [o for o in preds if o != p])) / (1 - full)) for p in preds]
        return pd.DataFrame(rows, columns=["from", "to", "f_squared"])

    def summary_frame(self) -> pd.DataFrame:
        """The paths as a tidy table: ``from, to, estimate, se, t, p, ci_low, ci_high``.

        With a bootstrap: bootstrap SE, t and p and the percentile interval (BCa: see
        ``conf_int``); without: the OLS test of each path on the construct scores (R
        plspm's ``$inner_model``) with its t interval, both at the fit's ``alpha``.
        """
        if self.boot_:
            return self.paths_[TIDY].copy()
        ci = self.conf_int(self.alpha)
        return self.inner_model_.assign(ci_low=ci["ci_low"].to_numpy(), ci_high=ci["ci_high"].to_numpy())[TIDY]

    def summary(self) -> pd.DataFrame:
        """The structural model as reviewers ask for it: ``summary_frame()`` with each path's
        VIF and f-squared, and the R-squared of its target."""
        out = self.summary_frame().merge(self.vif(), on=["from", "to"]).merge(self.f_squared(), on=["from", "to"])
        return out.assign(r_squared_to=self.r_squared_[out["to"]].to_numpy())

    def conf_int(self, alpha: float = 0.05, *, kind: str = "percentile", what: str = "paths") -> pd.DataFrame:
        """Intervals at level 1 - ``alpha``: columns ``ci_low``, ``ci_high``.

        With a bootstrap, from its draws: ``kind`` "percentile" or "bca" (Efron 1987, with the
        jackknife acceleration), ``what`` one of the ``boot_`` tables ("paths", "weights",
        "loadings", "r_squared", "total_effects", "indirect_effects"). Without a bootstrap, the
        OLS t interval of each path (``what="paths"``, ``kind="percentile"`` only).
        """
        alpha = _check_alpha(alpha)
        if kind not in ("percentile", "bca"):
            raise PLSModelError(f"kind = {kind!r}; use 'percentile' or 'bca'")
        if what not in BOOT_TABLES:
            raise PLSModelError(f"what = {what!r}; use one of {BOOT_TABLES}")
        if not self.boot_:
            if what != "paths" or kind != "percentile":
                raise PLSModelError(f"conf_int(kind={kind!r}, what={what!r}) needs a bootstrap: refit with "
                                    "bootstrap=5000 (resamples)")
            im = self.inner_model_
            half = stats.t.ppf(1 - alpha / 2, im["df"]) * im["se"]
            index = pd.MultiIndex.from_frame(im[["from", "to"]])
            return pd.DataFrame({"ci_low": (im["estimate"] - half).to_numpy(),
                                 "ci_high": (im["estimate"] + half).to_numpy()}, index=index)
        table = self.boot_[what]
        jack = self.boot_jackknife_.get(what) if kind == "bca" else None
        if kind == "bca" and jack is None:
            raise PLSModelError("BCa intervals need the jackknife: refit with bca=True")
        out = interval_table(table["estimate"].to_numpy(), self.boot_draws_[what], jack, alpha)
        cols = ("ci_low", "ci_high") if kind == "percentile" else ("bca_low", "bca_high")
        return pd.DataFrame({"ci_low": out[cols[0]], "ci_high": out[cols[1]]}, index=table.index)

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
            raise PLSModelError("GoF needs at least one block with two or more items")
        comm = self.loadings_[self.loadings_["construct"].isin(multi)]["communality"].mean()
        return float(np.sqrt(comm * self.r_squared_.mean()))

    def to_params(self, roles: dict, params=None):
        """The journey model's parameters with this fit's justice -> recovery satisfaction weights.

        ``roles`` names the constructs: ``{"distributive": "DJ", "procedural": "PJ",
        "interactional": "IJ", "satisfaction": "SAT"}``; the mapping is
        :func:`recovery.survey.paths_to_params`.
        """
        from recovery.survey._to_params import paths_to_params

        return paths_to_params(self.paths_, roles, params)


def _check_alpha(alpha) -> float:
    return check_alpha(alpha, PLSModelError)


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
            rows.append((k[f], k[t], beta[t, f], se, tv, 2 * stats.t.sf(abs(tv), df), df))
        else:  # as many predictors as respondents: no residual degrees of freedom
            rows.append((k[f], k[t], beta[t, f], np.nan, np.nan, np.nan, df))
    inner_model = pd.DataFrame(rows, columns=["from", "to", "estimate", "se", "t", "p", "df"])
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
        "paths_": paths, "inner_model_": inner_model, "loadings_": outer,
        "weights_": pd.Series(outer["weight"].to_numpy(), index=list(spec.items), name="weight"),
        "r_squared_": r2_all[endo].rename("r_squared"), "effects_": effects,
        "scores_": pd.DataFrame(x_treated @ w, index=index, columns=k),
        "crossloadings_": pd.DataFrame(fit.cross[0], index=list(spec.items), columns=k),
        "inner_summary_": inner,
    }


def fit_pls(model: str, data: pd.DataFrame, *, scheme: str = "path", scaled: bool = True, bootstrap: int = 0,
            seed=None, alpha: float = 0.05, bca: bool = True, sign_change: str = "none", weights=None,
            missing: str = "error", missing_value=None, scale=None, hoc: str = "two_stage", tol: float = 1e-7,
            criterion: str = "absolute", max_iter: int = 300, batch_size: int = 1000) -> PLSResult:
    """Fit a PLS path model, with an optional (survey-weighted) bootstrap.

    Parameters
    ----------
    model : str
        The model in lavaan-style text, as R cSEM reads it: ``SAT =~ sat1 + sat2`` a
        reflective construct (mode A), ``QUAL <~ q1 + q2`` a composite (mode B), ``LOY ~ SAT +
        IMAG`` structural paths (recursive: no cycles), ``PERC =~ QUAL + VAL`` a higher-order
        construct (HOC) of two constructs. One statement per line; ``#`` starts a comment.
    data : pandas.DataFrame
        One row per respondent, one numeric column per item.
    scheme : {"path", "centroid", "factorial"}
        Inner weighting scheme; "path" as seminr and SmartPLS ("centroid" is R plspm's default).
    scaled : bool
        Standardise the items (plspm, seminr, SmartPLS); ``False`` only centres them (plspm's
        ``scaled = FALSE``).
    bootstrap : int
        Resamples for standard errors and percentile and BCa intervals (0: none; 5,000 for
        published intervals, Hair et al. 2019).
    seed : int, SeedSequence, Generator or None
        Seeds the resamples (drawn in fixed blocks, so the numbers do not depend on
        ``batch_size``) and the jackknife groups.
    alpha : float
        Intervals at level 1 - ``alpha``, two-sided.
    bca : bool
        Also BCa intervals, the acceleration from a jackknife: delete-one up to 1,000
        respondents, then 1,000 random groups (``_boot.JACKKNIFE_GROUPS``), linear in n.
    sign_change : {"none", "construct"}
        "construct": Tenenhaus et al.'s (2005) construct-level correction of each resample (a
        construct is reversed when its loadings are closer to the negated original loadings);
        "none" is R plspm's, seminr's and SmartPLS's default.
    weights : str, array-like or None
        Survey weights (a column name or one value >= 0 per row): the items' moments are the
        weighted means and covariances (SmartPLS's weighted PLS); ``inner_model_``'s OLS tests
        then use Kish's effective sample size (sum w)^2 / sum w^2. A weighted bootstrap
        resamples respondents and carries each one's weight into the weighted covariance of
        its resample, as SmartPLS does; the jackknife for BCa deletes respondents with their
        weights.
    missing : {"error", "mean", "casewise"}
        "error" (default) refuses missing cells and names the first; "mean" replaces them by
        the item's mean (seminr's and SmartPLS's default); "casewise" drops incomplete rows.
        ``missing_`` reports what was missing and done.
    missing_value : number or list, optional
        Code(s) meaning "no answer", e.g. -99 as SmartPLS and seminr users code it.
    scale : (low, high), optional
        The response scale: any other code is refused (naming the item, the row and the value),
        so an undeclared missing-value code cannot be taken as an answer.
    hoc : {"two_stage", "repeated"}
        Higher-order constructs. "two_stage" (seminr's ``higher_composite``; Becker, Klein &
        Wetzels 2012; Sarstedt et al. 2019): stage 1 fits the model with each HOC replaced by
        its dimensions, stage 2 uses the dimensions' scores as the HOC's items; the result is
        stage 2's, stage 1's in ``first_stage_`` (no bootstrap: it would hold stage 1 fixed).
        "repeated": the HOC measured by copies of all its dimensions' items (named
        ``item@HOC``) with a path from each dimension to it, in one fit (write the HOC with
        ``<~`` for a formative HOC).
    tol, criterion, max_iter :
        Stop when the sum of absolute changes of the weights is below ``tol=1e-7`` within
        ``max_iter=300`` iterations (seminr's ``stop_criterion = 7`` and ``maxIt = 300``;
        SmartPLS's 1e-7); ``criterion="squared"`` with ``tol=1e-6, max_iter=100`` is R plspm's
        rule and defaults. A resample that does not converge is replaced by a further draw (as
        R plspm does; counted in ``boot_info_``).
    batch_size : int
        Resamples estimated at once: a memory bound only (about batch_size x items^2 x 8
        bytes a few times over).

    Returns
    -------
    PLSResult
        ``paths_``, ``loadings_``, ``weights_``, ``r_squared_``, ``effects_``, ``scores_`` and
        the bootstrap tables in ``boot_``; ``summary_frame()``, ``conf_int(alpha)``.

    Notes
    -----
    Every fit, the original and each resample, orients each construct so that most of its
    items correlate positively with it (R plspm's rule). Unlike plspm, which reverses only the
    scores, the weights are reversed with the scores, so ``scores_`` is always
    ``transform(data)``.

    References
    ----------
    R ``plspm::plspm`` (Sanchez 2013); R ``seminr::estimate_pls`` and
    ``seminr::bootstrap_model`` (Ray, Danks & Calero Valdez); R ``cSEM::csem`` (model syntax);
    Efron (1987), Better bootstrap confidence intervals, JASA 82, 171-185.

    Examples
    --------
    >>> import recovery
    >>> data = recovery.load_dataset("ecsi_satisfaction")
    >>> model = '''
    ... IMAG =~ imag1 + imag2 + imag3
    ... LOY =~ loy1 + loy2 + loy3
    ... LOY ~ IMAG
    ... '''
    >>> res = fit_pls(model, data, bootstrap=500, seed=1)
    >>> res.summary_frame().round(2).values.tolist()[0][:3]
    ['IMAG', 'LOY', 0.58]
    >>> res.conf_int(kind="bca").round(2).values.tolist()
    [[0.47, 0.66]]
    """
    spec_model = parse_model(model)
    return _fit(data, spec_model.paths, spec_model.blocks, spec_model.modes, model=model, scheme=scheme,
                scaled=scaled, bootstrap=bootstrap, seed=seed, alpha=alpha, bca=bca, sign_change=sign_change,
                weights=weights, missing=missing, missing_value=missing_value, scale=scale, hoc=hoc, tol=tol,
                criterion=criterion, max_iter=max_iter, batch_size=batch_size)


def _fit(data, paths, blocks, modes=None, *, model="", scheme="path", scaled=True, bootstrap=0, seed=None,
         alpha=0.05, bca=True, sign_change="none", weights=None, missing="error", missing_value=None, scale=None,
         hoc="two_stage", tol=1e-7, criterion="absolute", max_iter=300, batch_size=1000) -> PLSResult:
    """:func:`fit_pls` on a model given as its parts (paths, blocks, modes), with its defaults."""
    modes = dict(modes or {})
    kw = dict(model=model, scheme=scheme, scaled=scaled, seed=seed, alpha=alpha, bca=bca, sign_change=sign_change,
              weights=weights, missing=missing, missing_value=missing_value, scale=scale, hoc=hoc, tol=tol,
              criterion=criterion, max_iter=max_iter, batch_size=batch_size)
    hocs = _hoc_blocks(blocks)
    if hocs:
        return _fit_hoc(data, paths, blocks, modes, hocs, bootstrap=bootstrap, **kw)
    spec = _build_spec(data, paths, blocks, modes, scheme, scaled, criterion)
    if sign_change not in SIGN_CHANGES:
        raise PLSModelError(f"sign_change = {sign_change!r}; use one of {SIGN_CHANGES}")
    if (not (isinstance(bootstrap, (int, np.integer)) and not isinstance(bootstrap, bool) and bootstrap >= 0)
            or 0 < bootstrap < 10):
        raise PLSModelError(f"bootstrap = {bootstrap!r}; use 0 (none) or a number of resamples >= 10 "
                            "(5,000 for published intervals)")
    alpha = _check_alpha(alpha)
    if not (isinstance(tol, (int, float)) and tol > 0):
        raise PLSModelError(f"tol = {tol!r}; use a small positive number, e.g. 1e-7")
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
        iterations_=int(fit.iterations[0]), model=model, alpha=alpha, missing_=report, scale_=scale, n_=len(raw),
        items_=pd.DataFrame(raw, index=index, columns=items), survey_weights_=w,
        _item_corr=pd.DataFrame(s / sd[:, None] / sd[None, :], index=items, columns=items))
    if bootstrap:
        _attach_bootstrap(result, fit, spec, xc, w, int(bootstrap), seed, tol, max_iter, batch_size, sign_change,
                          alpha, bca)
    return result


HOC_METHODS = ("two_stage", "repeated")


def _hoc_blocks(blocks) -> dict:
    """Blocks whose entries are all names of other blocks: higher-order constructs."""
    return {c: list(v) for c, v in blocks.items() if len(v) > 0 and all(d in blocks and d != c for d in v)}


def _fit_hoc(data, paths, blocks, modes, hocs, bootstrap, **kw) -> PLSResult:
    method = kw["hoc"]
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
        return _fit(data.assign(**{k: data[v] for k, v in copies.items()}), new_paths, new_blocks, modes,
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
    first_modes = {c: m for c, m in modes.items() if c not in hocs}
    stage1 = _fit(data, first_paths, first_blocks, first_modes, bootstrap=0, **kw)
    clash = [d for dims in hocs.values() for d in dims if d in data.columns]
    if clash:
        raise PLSModelError(f"columns {clash} have the names of constructs; rename them for a two-stage HOC")
    in_model = {c for pair in paths for c in pair}
    second_blocks = {c: v for c, v in blocks.items() if c in in_model}
    dims = [d for c in hocs for d in hocs[c]]
    data2 = pd.concat([stage1.items_, stage1.scores_[dims]], axis=1)
    second_modes = {c: m for c, m in modes.items() if c in in_model}
    kw2 = {**kw, "missing": "error", "missing_value": None, "scale": None, "weights": stage1.survey_weights_}
    result = _fit(data2, paths, second_blocks, second_modes, bootstrap=0, **kw2)
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


def _attach_bootstrap(result, fit, spec, xc, w, resamples, seed, tol, max_iter, batch_size, sign_change, alpha,
                      bca):
    reference = fit.cross[0] * spec.odm
    run = run_bootstrap(xc, spec, resamples, seed, tol, max_iter, max(1, int(batch_size)), sign_change,
                        reference, jackknife=bca, weights=w)
    original = statistics(fit, spec)
    k = list(spec.constructs)
    labels = {
        "paths": pd.MultiIndex.from_tuples([(k[f], k[t]) for f, t in spec.edges], names=["from", "to"]),
        "weights": pd.Index(list(spec.items), name="item"),
        "loadings": pd.Index(list(spec.items), name="item"),
        "r_squared": pd.Index(list(result.r_squared_.index), name="construct"),
        "total_effects": pd.MultiIndex.from_tuples([(k[f], k[t]) for f, t in effect_pairs(spec)],
                                                   names=["from", "to"]),
    }
    labels["indirect_effects"] = labels["total_effects"]
    df = len(xc) - 1
    for name, draws in run["draws"].items():
        jack = run["jackknife"].get(name)
        table = pd.DataFrame(interval_table(original[name][0], draws, jack, alpha), index=labels[name])
        with np.errstate(divide="ignore", invalid="ignore"):
            t = table["estimate"] / table["se"]
        table.insert(3, "t", t)
        table.insert(4, "p", 2 * stats.t.sf(np.abs(t), df))
        result.boot_[name] = table
    result.boot_draws_ = run["draws"]
    result.boot_jackknife_ = run["jackknife"]
    result.boot_info_ = {"resamples": resamples, "non_converged_replaced": run["non_converged"],
                         "constructs_reversed": run["sign_flips"], "sign_change": sign_change, "alpha": alpha,
                         "seed": seed, "weighted": w is not None}
    boot_paths = result.boot_["paths"].drop(columns=["estimate", "mean"]).reset_index()
    result.paths_ = result.paths_.merge(boot_paths, on=["from", "to"], how="left")
