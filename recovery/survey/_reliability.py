"""Scale reliability and validity per construct.

Cronbach's alpha with Feldt's interval (R ``psych::alpha``), McDonald's omega from a one-factor
maximum-likelihood model (R ``psych::fa(fm = "ml")``), and the PLS-based composite
reliability rho_c, Dijkstra-Henseler's rho_A and the AVE (R ``seminr``), from a PLS model in
which every construct relates to every other (factorial scheme), so that the measurement
figures do not depend on a structural model (a lone construct: its first principal component,
where mode A converges without other constructs). Mode-A weights, and so rho_A, assume the
constructs correlate, as they do in any model worth fitting; for a construct unrelated to all
the others they are noise. Also the Fornell-Larcker criterion, HTMT with
bootstrap intervals and item-total correlations. Thresholds (Hair et al. 2019): alpha, rho_c,
rho_A >= 0.7 (rho_c <= 0.95), AVE >= 0.5, HTMT < 0.85 (0.90 for similar constructs).

The constructs are given as the measurement lines of a model text (``SAT =~ sat1 + sat2``),
as :func:`recovery.survey.fit_pls` and :func:`recovery.survey.fit_sem` read them.

>>> import recovery
>>> mobi = recovery.load_dataset("ecsi_mobi")
>>> res = reliability("SAT =~ CUSA1 + CUSA2 + CUSA3; IMAG =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5", mobi)
>>> list(res.table_.columns[:5])
['alpha', 'omega', 'rho_c', 'rho_a', 'ave']
"""
from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, stats

from recovery._validation import FitWarning, ModelSpecError, ReverseKeyedItemWarning, SurveyDataError
from recovery.survey.load import _check_item, _scale
from recovery._seeding import generator
from recovery.survey._intervals import check_alpha, percentile_interval
from recovery.survey.pls._model import parse_model
from recovery.survey.pls.fit import _fit

__all__ = ["reliability", "cronbach_alpha", "omega_total", "fornell_larcker", "htmt", "item_total",
           "ReliabilityResult", "CronbachAlphaResult", "HTMTResult"]

THRESHOLDS = {"alpha": 0.7, "rho_c": 0.7, "rho_a": 0.7, "ave": 0.5, "rho_c_max": 0.95, "htmt": 0.85}


def _checked(data: pd.DataFrame, blocks: dict, scale=None) -> pd.DataFrame:
    """The items of ``blocks`` as numbers, checked: every item present, numeric and (with
    ``scale``) a whole point of the scale; enough complete rows; no constant item; no item a
    linear combination of the others (collinear: no figure here is defined). Raises
    SurveyDataError (the data) or ModelSpecError (what cannot be estimated), naming the item."""
    if not isinstance(data, pd.DataFrame):
        raise SurveyDataError(f"data is a {type(data).__name__}; give a DataFrame, one column per item")
    if not isinstance(blocks, dict) or not blocks:
        raise ModelSpecError(f"blocks = {blocks!r}: give construct -> list of items")
    items = []
    for name, cols in blocks.items():
        if isinstance(cols, str) or not list(cols):
            raise ModelSpecError(f"construct {name!r}: items = {cols!r}; give a list of column names")
        for col in cols:
            if col not in data.columns:
                raise SurveyDataError(f"construct {name!r}: item {col!r} is not a column of the data")
            if col in items:
                raise ModelSpecError(f"item {col!r} is listed twice; give each item to one construct, once")
            items.append(col)
    if data.columns.duplicated().any():
        raise SurveyDataError(f"column {data.columns[data.columns.duplicated()][0]!r} appears twice; rename one")
    low, high = _scale(scale) if scale is not None else (None, None)
    frame = pd.DataFrame({col: _check_item(data, col, low, high) if scale is not None
                          else pd.to_numeric(data[col], errors="coerce") for col in items})
    text = frame.isna() & data[items].notna()
    if text.to_numpy().any():
        col = frame.columns[text.any().to_numpy()][0]
        row = text.index[text[col].to_numpy()][0]
        raise SurveyDataError(f"column {col!r}, row {row}: {data.loc[row, col]!r} is not a number")
    if np.isinf(frame.to_numpy(float)).any():
        col = frame.columns[np.isinf(frame.to_numpy(float)).any(axis=0)][0]
        raise SurveyDataError(f"column {col!r} holds an infinite value; correct it or set it to missing")
    complete = frame.dropna()
    if len(complete) < 3:
        raise ModelSpecError(f"{len(complete)} complete rows; reliability needs at least 3 (and many more to "
                             "be trusted)")
    constant = [c for c in items if complete[c].nunique() <= 1]
    if constant:
        raise ModelSpecError(f"item {constant[0]!r} is constant (every complete answer is "
                             f"{complete[constant[0]].iloc[0]:g}); it carries no information: drop it")
    for cols in blocks.values():
        corr = np.corrcoef(complete[list(cols)].to_numpy(float), rowvar=False).reshape(len(cols), len(cols))
        values, vectors = np.linalg.eigh(corr)
        if values[0] < 1e-10:
            involved = [c for c, w in zip(cols, vectors[:, 0]) if abs(w) > 0.1]
            raise ModelSpecError(f"items {involved} are collinear (one is a linear combination of the others, "
                                 "e.g. a duplicated or a sum column); drop one of them")
    return frame


def _warn_reverse_keyed(name: str, items: pd.DataFrame) -> None:
    """ReverseKeyedItemWarning for an item whose corrected item-total correlation is negative."""
    x = items.dropna()
    for item in x.columns:
        r = np.corrcoef(x[item], x.drop(columns=item).sum(axis=1))[0, 1] if x.shape[1] > 1 else np.nan
        if r < 0:
            warnings.warn(f"{name}: item {item!r} correlates negatively with the rest of its scale (r = {r:.2f}); "
                          f"reverse-code item {item!r}? (load_survey(..., reverse=[...]))", ReverseKeyedItemWarning,
                          stacklevel=3)


def _alpha(x: np.ndarray) -> float:
    k = x.shape[1]
    if k < 2:
        return np.nan
    return float(k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1)))


def _feldt(estimate: float, n_obs: int, n_items: int, alpha: float) -> tuple[float, float]:
    """Feldt's (1965) interval of Cronbach's alpha at level 1 - ``alpha``."""
    if n_items < 2:
        return np.nan, np.nan
    df1, df2 = n_obs - 1, (n_obs - 1) * (n_items - 1)
    return (float(1 - (1 - estimate) * stats.f.ppf(1 - alpha / 2, df1, df2)),
            float(1 - (1 - estimate) * stats.f.ppf(alpha / 2, df1, df2)))


@dataclass
class CronbachAlphaResult:
    """Cronbach's alpha of one scale (from :func:`cronbach_alpha`): ``estimate_``, with
    ``n_obs_`` complete respondents and ``n_items_`` items; ``alpha`` the interval level echoed."""

    estimate_: float
    n_obs_: int
    n_items_: int
    alpha: float

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Feldt's interval at level 1 - ``alpha``: one row, ``ci_low``, ``ci_high``."""
        low, high = _feldt(self.estimate_, self.n_obs_, self.n_items_, check_alpha(alpha))
        return pd.DataFrame({"ci_low": [low], "ci_high": [high]}, index=pd.Index(["cronbach_alpha"], name="measure"))

    def summary_frame(self) -> pd.DataFrame:
        """One row: ``measure``, ``estimate``, ``ci_low``, ``ci_high`` (at the fit's ``alpha``)."""
        return self.conf_int(self.alpha).assign(estimate=self.estimate_).reset_index()[
            ["measure", "estimate", "ci_low", "ci_high"]]

    def summary(self) -> pd.DataFrame:
        """``summary_frame()`` with the respondents and items counted."""
        return self.summary_frame().assign(n_obs=self.n_obs_, n_items=self.n_items_)


def cronbach_alpha(items: pd.DataFrame, *, alpha: float = 0.05, scale=None) -> CronbachAlphaResult:
    """Cronbach's alpha of a scale with Feldt's (1965) interval.

    Parameters
    ----------
    items : pandas.DataFrame
        One column per item of the scale, one row per respondent (incomplete rows dropped).
    alpha : float
        Interval level 1 - ``alpha`` (the interval's, not Cronbach's).
    scale : (low, high), optional
        Refuse any answer that is not a whole point of the response scale, e.g. ``(1, 7)``.

    Returns
    -------
    CronbachAlphaResult
        ``estimate_``; ``conf_int(alpha)`` Feldt's interval.

    Warns on an item that runs against the others (ReverseKeyedItemWarning) and on a negative
    alpha (FitWarning).

    References
    ----------
    R ``psych::alpha`` (``raw_alpha``); Feldt (1965), Psychometrika 30, 357-370; pingouin
    ``cronbach_alpha``.

    Examples
    --------
    >>> import recovery
    >>> res = cronbach_alpha(recovery.load_dataset("ecsi_mobi")[["CUSA1", "CUSA2", "CUSA3"]])
    >>> round(res.estimate_, 3), res.summary_frame().round(3).values.tolist()[0][2:]
    (0.77, [0.716, 0.815])
    """
    alpha = check_alpha(alpha)
    frame = _checked(items, {"items": list(items.columns)}, scale)
    _warn_reverse_keyed("items", frame)
    x = frame.dropna().to_numpy(float)
    estimate = _alpha(x)
    _warn_negative_alpha("items", estimate)
    return CronbachAlphaResult(estimate, len(x), x.shape[1], alpha)


def _warn_negative_alpha(name: str, alpha: float) -> None:
    if alpha < 0:
        warnings.warn(f"{name}: alpha = {alpha:.2f} is negative: the items do not measure one thing as they stand "
                      "(an item not reverse-coded?)", FitWarning, stacklevel=3)


def _ml_one_factor(corr: np.ndarray, lower: float = 0.005) -> np.ndarray:
    """Loadings of a one-factor maximum-likelihood factor analysis of a correlation matrix.

    The uniquenesses minimise the ML discrepancy by L-BFGS-B within [``lower``, 1], with the
    start, the bound and the profile likelihood of R's ``factanal`` and ``psych::fa(fm = "ml")``
    (Joreskog 1967; Lawley & Maxwell 1971); a Heywood case stops at the bound as there.
    """
    p = corr.shape[0]

    def scaled_eigen(psi):
        sc = 1 / np.sqrt(psi)
        return np.linalg.eigh(corr * np.outer(sc, sc))

    def loadings(psi):
        values, vectors = scaled_eigen(psi)
        return vectors[:, -1] * np.sqrt(max(values[-1] - 1, 0.0)) * np.sqrt(psi)

    def discrepancy(psi):
        rest = scaled_eigen(psi)[0][:-1]
        return -(np.sum(np.log(rest) - rest) - 1 + p)

    def gradient(psi):
        lam = loadings(psi)
        return (lam ** 2 + psi - np.diag(corr)) / psi ** 2

    start = (1 - 0.5 / p) / np.diag(np.linalg.inv(corr))
    fit = optimize.minimize(discrepancy, start, jac=gradient, method="L-BFGS-B", bounds=[(lower, 1.0)] * p)
    return np.abs(loadings(fit.x))


def omega_total(items: pd.DataFrame, *, scale=None) -> float:
    """McDonald's omega, (sum l)^2 / ((sum l)^2 + sum(1 - l^2)), from a one-factor ML factor
    analysis of the item correlations.

    Parameters
    ----------
    items : pandas.DataFrame
        One column per item of the scale.
    scale : (low, high), optional
        Refuse any answer that is not a whole point of the response scale.

    Returns
    -------
    float
        Omega total (a point estimate; no interval).

    References
    ----------
    R ``psych::omega`` / ``psych::fa(fm = "ml")`` (matched to 1e-5 in the tests); McDonald (1999),
    Test Theory: A Unified Treatment.

    Examples
    --------
    >>> import recovery
    >>> mobi = recovery.load_dataset("ecsi_mobi")
    >>> round(omega_total(mobi[["CUSA1", "CUSA2", "CUSA3"]]), 3)
    0.782
    """
    frame = _checked(items, {"items": list(items.columns)}, scale)
    _warn_reverse_keyed("items", frame)
    return _omega(frame.dropna().to_numpy(float))


def _omega(x: np.ndarray) -> float:
    if x.shape[1] < 3:  # one factor is not identified from fewer than three items
        if x.shape[1] < 2:
            return np.nan
        r = np.corrcoef(x, rowvar=False)[0, 1]
        lam = np.sqrt(max(r, 0)) * np.ones(2)
    else:
        lam = _ml_one_factor(np.corrcoef(x, rowvar=False))
    return float(lam.sum() ** 2 / (lam.sum() ** 2 + (1 - lam ** 2).sum()))


def _saturated_pls(data, blocks):
    names = list(blocks)
    paths = list(itertools.combinations(names, 2))
    return _fit(data, paths, blocks, scheme="factorial", scaled=True)


def _outer_model(data, blocks) -> tuple[pd.Series, pd.Series]:
    """Mode-A outer weights and loadings by item. Several constructs: a PLS model in which every
    construct relates to every other (factorial scheme). One construct alone has no inner proxy
    but itself, and mode A then converges to the block's first principal component."""
    if len(blocks) > 1:
        pls = _saturated_pls(data, blocks)
        return pls.weights_, pls.loadings_.set_index("item")["loading"]
    items = next(iter(blocks.values()))
    corr = np.corrcoef(data[items].to_numpy(float), rowvar=False)
    w = np.linalg.eigh(corr)[1][:, -1]
    # unit-variance composite, positive orientation (by the first item when the signs cancel)
    w = w * (np.sign(w.sum()) or np.sign(w[0])) / np.sqrt(w @ corr @ w)
    return pd.Series(w, index=items), pd.Series(corr @ w, index=items)


def _rho_a(items: pd.DataFrame, weights: np.ndarray) -> float:
    s = np.corrcoef(items.to_numpy(float), rowvar=False)
    w = weights / np.sqrt(weights @ s @ weights)
    ww = np.outer(w, w)
    return float((w @ w) ** 2 * (w @ (s - np.diag(np.diag(s))) @ w) / (w @ (ww - np.diag(np.diag(ww))) @ w))


def _blocks(model) -> dict:
    """The measurement lines of a model text as construct -> items (paths are not needed)."""
    m = parse_model(model)
    composite = [c for c, mode in m.modes.items() if mode == "B"]
    if composite:
        raise ModelSpecError(f"constructs {composite} are composites (<~): reliability assumes reflective items; "
                             "write them with =~ or leave them out")
    return m.blocks


@dataclass
class ReliabilityResult:
    """Reliability and convergent validity per construct (from :func:`reliability`).

    ``table_``: one row per construct: ``alpha`` (Cronbach's) with Feldt's ``alpha_ci_low``,
    ``alpha_ci_high`` (at level 1 - ``alpha``), ``omega``, ``rho_c``, ``rho_a``, ``ave``,
    ``n_items`` and ``below_threshold`` naming any figure under its usual threshold.
    ``n_obs_``: the complete respondents used. Echoed: ``blocks``, ``alpha``.
    """

    table_: pd.DataFrame
    n_obs_: int
    blocks: dict
    alpha: float

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Feldt's interval of each construct's Cronbach's alpha at level 1 - ``alpha``."""
        alpha = check_alpha(alpha)
        rows = [_feldt(self.table_.loc[c, "alpha"], self.n_obs_, len(items), alpha) for c, items in self.blocks.items()]
        return pd.DataFrame(rows, columns=["ci_low", "ci_high"], index=self.table_.index)

    def summary_frame(self) -> pd.DataFrame:
        """Long form: ``construct``, ``measure`` (alpha, omega, rho_c, rho_a, ave), ``estimate``,
        and ``ci_low``, ``ci_high`` where an interval exists (Cronbach's alpha)."""
        t = self.table_
        long = t[["alpha", "omega", "rho_c", "rho_a", "ave"]].reset_index().melt(
            id_vars="construct", var_name="measure", value_name="estimate")
        ci = t[["alpha_ci_low", "alpha_ci_high"]].set_axis(["ci_low", "ci_high"], axis=1).assign(measure="alpha")
        out = long.merge(ci.reset_index(), on=["construct", "measure"], how="left")
        order = {c: i for i, c in enumerate(t.index)}
        return out.sort_values("construct", key=lambda c: c.map(order), kind="stable").reset_index(drop=True)

    def summary(self) -> pd.DataFrame:
        """``table_``: one row per construct."""
        return self.table_.copy()


def reliability(model: str, data: pd.DataFrame, *, alpha: float = 0.05, scale=None) -> ReliabilityResult:
    """Reliability and convergent validity of every construct: Cronbach's alpha (with Feldt's
    interval), omega, rho_c, rho_A and the AVE, flagged against the usual thresholds.

    Parameters
    ----------
    model : str
        Measurement lines, ``SAT =~ sat1 + sat2 + sat3`` (structural lines are read and not
        needed; composites ``<~`` are refused).
    data : pandas.DataFrame
        The items; incomplete rows are dropped (every figure from the same respondents).
    alpha : float
        Level 1 - ``alpha`` of Cronbach's alpha's interval.
    scale : (low, high), optional
        Every answer must be a whole point of it (as :func:`recovery.survey.load_survey`
        checks), so a code such as 99 for "no answer" is refused rather than used as a score.

    Returns
    -------
    ReliabilityResult
        ``table_`` one row per construct; ``summary_frame()`` in long form.

    Refuses constant or collinear items and fewer than 3 complete rows (ModelSpecError); warns
    (ReverseKeyedItemWarning) on an item whose item-total correlation or loading is negative,
    "reverse-code item X?", and (FitWarning) on a negative alpha: omega, rho_c and AVE use
    loadings whose sign they cannot see.

    References
    ----------
    R ``psych::alpha`` and ``psych::omega``; R ``seminr``'s ``summary(...)$reliability`` (rho_c,
    rho_A, AVE); Dijkstra & Henseler (2015), MIS Quarterly 39, 297-316; Hair et al. (2019),
    European Business Review 31, 2-24 (thresholds).

    Examples
    --------
    >>> import recovery
    >>> mobi = recovery.load_dataset("ecsi_mobi")
    >>> res = reliability("SAT =~ CUSA1 + CUSA2 + CUSA3; LOY =~ CUSL1 + CUSL2 + CUSL3", mobi)
    >>> res.table_["alpha"].round(2).to_dict()
    {'SAT': 0.77, 'LOY': 0.44}
    """
    alpha = check_alpha(alpha)
    blocks = _blocks(model)
    data = _checked(data, blocks, scale).dropna()  # listwise: every figure from the same respondents
    for name, items in blocks.items():
        _warn_reverse_keyed(name, data[items])
    weights, loadings = _outer_model(data, blocks)
    for name, items in blocks.items():
        negative = [i for i in items if loadings[i] < 0]
        if negative:
            warnings.warn(f"{name}: item {negative[0]!r} loads negatively ({loadings[negative[0]]:.2f}) on its "
                          f"construct; reverse-code item {negative[0]!r}?", ReverseKeyedItemWarning, stacklevel=2)
    rows = []
    for name, items in blocks.items():
        x = data[items].to_numpy(float)
        cronbach = _alpha(x)
        low, high = _feldt(cronbach, len(x), len(items), alpha)
        _warn_negative_alpha(name, cronbach)
        lam = loadings[items].to_numpy()
        rho_c = lam.sum() ** 2 / (lam.sum() ** 2 + (1 - lam ** 2).sum())
        rho_a = _rho_a(data[items], weights[items].to_numpy()) if len(items) > 1 else 1.0
        rows.append({"construct": name, "alpha": cronbach, "omega": _omega(x), "rho_c": rho_c,
                     "rho_a": rho_a, "ave": float((lam ** 2).mean()), "alpha_ci_low": low, "alpha_ci_high": high,
                     "n_items": len(items)})
    table = pd.DataFrame(rows).set_index("construct")
    flags = []
    for _, r in table.iterrows():
        bad = [k for k in ("alpha", "rho_c", "rho_a", "ave") if r[k] < THRESHOLDS[k]]
        if r["rho_c"] > THRESHOLDS["rho_c_max"]:
            bad.append("rho_c > 0.95 (redundant items)")
        flags.append(", ".join(bad))
    table["below_threshold"] = flags
    return ReliabilityResult(table, len(data), {c: list(v) for c, v in blocks.items()}, alpha)


def fornell_larcker(model: str, data: pd.DataFrame) -> pd.DataFrame:
    """The Fornell-Larcker criterion: square root of each construct's AVE on the diagonal,
    construct correlations off it; discriminant validity holds where the diagonal exceeds its
    row and column.

    Parameters
    ----------
    model : str
        Measurement lines, as :func:`reliability`.
    data : pandas.DataFrame
        The items.

    Returns
    -------
    pandas.DataFrame
        Constructs x constructs (a table of point figures, no intervals).

    References
    ----------
    Fornell & Larcker (1981), J. Marketing Research 18, 39-50; R ``seminr``'s
    ``summary(...)$validity$fl_criteria``.

    Examples
    --------
    >>> import recovery
    >>> mobi = recovery.load_dataset("ecsi_mobi")
    >>> fornell_larcker("SAT =~ CUSA1 + CUSA2 + CUSA3; LOY =~ CUSL1 + CUSL2 + CUSL3", mobi).shape
    (2, 2)
    """
    blocks = _blocks(model)
    pls = _saturated_pls(_checked(data, blocks), blocks)
    corr = pls.scores_.corr()
    ave = pls.loadings_.assign(c2=pls.loadings_["loading"] ** 2).groupby("construct")["c2"].mean()
    for name in corr.index:
        corr.loc[name, name] = np.sqrt(ave[name])
    return corr


def _htmt_matrix(corr: np.ndarray, index: dict) -> dict:
    out = {}
    mono = {}
    for name, idx in index.items():
        block = corr[np.ix_(idx, idx)]
        mono[name] = block[np.triu_indices(len(idx), 1)].mean() if len(idx) > 1 else 1.0
    for a, b in itertools.combinations(index, 2):
        hetero = np.abs(corr[np.ix_(index[a], index[b])]).mean()
        out[(a, b)] = hetero / np.sqrt(abs(mono[a] * mono[b]))
    return out


@dataclass
class HTMTResult:
    """HTMT for every pair of constructs (from :func:`htmt`). ``table_``: ``construct_1``,
    ``construct_2``, ``estimate`` (the HTMT), with a bootstrap ``ci_low``, ``ci_high``
    (percentile, level 1 - ``alpha``) and ``below_0.85`` (the upper bound, or without a
    bootstrap the estimate, below Henseler et al.'s 0.85). ``boot_``: the resampled HTMTs
    (resamples x pairs; empty without a bootstrap). Echoed: ``alpha``."""

    table_: pd.DataFrame
    boot_: np.ndarray
    alpha: float

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Percentile intervals at level 1 - ``alpha`` from the stored resamples, by pair."""
        if len(self.boot_) == 0:
            raise ModelSpecError("no bootstrap: call htmt(..., bootstrap=5000) to get intervals")
        return percentile_interval(self.boot_, alpha,
                                   pd.MultiIndex.from_frame(self.table_[["construct_1", "construct_2"]]))

    def summary_frame(self) -> pd.DataFrame:
        """``construct_1``, ``construct_2``, ``estimate`` (and ``ci_low``, ``ci_high``)."""
        return self.table_.drop(columns="below_0.85")

    def summary(self) -> pd.DataFrame:
        """``table_`` with the verdict ``below_0.85``."""
        return self.table_.copy()


def htmt(model: str, data: pd.DataFrame, *, bootstrap: int = 0, seed=None, alpha: float = 0.05) -> HTMTResult:
    """Heterotrait-monotrait ratio of correlations for every pair of constructs, with
    percentile bootstrap intervals when ``bootstrap`` > 0.

    Parameters
    ----------
    model : str
        Measurement lines, as :func:`reliability`.
    data : pandas.DataFrame
        The items (incomplete rows dropped).
    bootstrap : int
        Resamples of the respondents (0: none).
    seed : int, SeedSequence, Generator or None
        Seeds the resamples.
    alpha : float
        Interval level 1 - ``alpha``.

    Returns
    -------
    HTMTResult
        ``table_`` with ``estimate`` per pair (and its interval).

    References
    ----------
    Henseler, Ringle & Sarstedt (2015), J. Academy of Marketing Science 43, 115-135; R
    ``seminr``'s ``summary(...)$validity$htmt`` and ``bootstrap_model``.

    Examples
    --------
    >>> import recovery
    >>> mobi = recovery.load_dataset("ecsi_mobi")
    >>> res = htmt("SAT =~ CUSA1 + CUSA2 + CUSA3; LOY =~ CUSL1 + CUSL2 + CUSL3", mobi, bootstrap=200, seed=1)
    >>> list(res.summary_frame().columns)
    ['construct_1', 'construct_2', 'estimate', 'ci_low', 'ci_high']
    """
    alpha = check_alpha(alpha)
    blocks = _blocks(model)
    data = _checked(data, blocks).dropna()
    items = [c for cols in blocks.values() for c in cols]
    x = data[items].to_numpy(float)
    pos, index = 0, {}
    for name, cols in blocks.items():
        index[name] = list(range(pos, pos + len(cols)))
        pos += len(cols)
    point = _htmt_matrix(np.corrcoef(x, rowvar=False), index)
    table = pd.DataFrame([(a, b, v) for (a, b), v in point.items()],
                         columns=["construct_1", "construct_2", "estimate"])
    draws = np.empty((0, len(table)))
    if bootstrap:
        rng = generator(seed)
        draws = np.array([list(_htmt_matrix(np.corrcoef(x[rng.integers(0, len(x), len(x))], rowvar=False),
                                            index).values()) for _ in range(bootstrap)])
        table["ci_low"] = np.quantile(draws, alpha / 2, axis=0)
        table["ci_high"] = np.quantile(draws, 1 - alpha / 2, axis=0)
    table["below_0.85"] = (table["ci_high"] if bootstrap else table["estimate"]) < THRESHOLDS["htmt"]
    return HTMTResult(table, draws, alpha)


def item_total(model: str, data: pd.DataFrame, *, scale=None) -> pd.DataFrame:
    """Corrected item-total correlation and alpha if the item is deleted, per item; a negative
    correlation marks an item to reverse-code.

    Parameters
    ----------
    model : str
        Measurement lines, as :func:`reliability`.
    data : pandas.DataFrame
        The items (checked as in :func:`reliability`).
    scale : (low, high), optional
        The response scale every answer must be a whole point of.

    Returns
    -------
    pandas.DataFrame
        ``construct``, ``item``, ``item_total_r``, ``alpha_if_deleted`` (descriptive figures).

    References
    ----------
    R ``psych::alpha`` (``item.stats$r.drop``, ``alpha.drop``).

    Examples
    --------
    >>> import recovery
    >>> mobi = recovery.load_dataset("ecsi_mobi")
    >>> item_total("LOY =~ CUSL1 + CUSL2 + CUSL3", mobi)["item_total_r"].round(2).tolist()
    [0.35, 0.08, 0.43]
    """
    blocks = _blocks(model)
    data = _checked(data, blocks, scale)
    rows = []
    for name, items in blocks.items():
        for item in items:
            rest = [i for i in items if i != item]
            r = data[item].corr(data[rest].sum(axis=1)) if rest else np.nan
            rows.append((name, item, r, _alpha(data[rest].dropna().to_numpy(float)) if len(rest) > 1 else np.nan))
    return pd.DataFrame(rows, columns=["construct", "item", "item_total_r", "alpha_if_deleted"])
