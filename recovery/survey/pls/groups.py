"""PLS group comparison: MICOM (measurement invariance of composites) and PLS-MGA.

Both refit the model on many partitions of the respondents (the two groups, permuted group
labels, bootstrap resamples within a group). Each partition is a row of weights over the
respondents, so a batch of partitions is one matrix product into moment matrices followed by
the PLS iterations on all of them at once (``_pls_engine``), as the bootstrap does.

Both read the model text of :func:`recovery.survey.fit_pls` and compare two levels of a
grouping column.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from recovery._seeding import children, generator
from recovery.survey._intervals import percentile_interval
from recovery.survey.pls._boot import DRAW_BLOCK, statistics
from recovery.survey.pls._engine import Spec, estimate, moments
from recovery.survey.pls._model import PLSModelError, parse_model
from recovery.survey.pls.fit import _build_spec, _check_alpha, _prepare_items

__all__ = ["micom", "pls_mga", "MICOMResult", "MGAResult", "PLSGroupError"]

#: Permutations and resamples: Hair et al. (2018, Advanced Issues in PLS-SEM, ch. 4) ask for
#: 5,000 permutations in MICOM and permutation MGA and 5,000 bootstrap resamples.
PERMUTATIONS = 5000
METHODS = ("permutation", "henseler", "welch")
CHUNK = 500


class PLSGroupError(PLSModelError):
    """The grouping cannot be compared as given (one level, too few respondents in a group)."""


@dataclass
class _Groups:
    spec: Spec
    x: np.ndarray          # complete items, the two groups' rows
    first: np.ndarray      # True for group 1
    w: np.ndarray          # survey weights (ones without)
    levels: tuple
    tol: float
    max_iter: int


def _split(model, data, group, levels, scheme, scaled, missing, missing_value, scale, weights, tol, max_iter,
           criterion) -> _Groups:
    m = parse_model(model)
    spec = _build_spec(data, m.paths, m.blocks, m.modes, scheme, scaled, criterion)
    if isinstance(group, str):
        if group not in data.columns:
            raise PLSGroupError(f"group = {group!r} is not a column of the data; name the grouping column")
        labels = data[group]
    else:
        raise PLSGroupError(f"group = {group!r}; name the grouping column, e.g. group='gender'")
    found = list(pd.unique(labels.dropna()))
    if levels is None:
        if len(found) < 2:
            raise PLSGroupError(f"grouping column {group!r} has only the level {found} in the data; "
                                "a group comparison needs two groups")
        if len(found) > 2:
            raise PLSGroupError(f"grouping column {group!r} has {len(found)} levels {found}; choose two with "
                                "levels=(a, b)")
        levels = tuple(sorted(found, key=str))
    else:
        levels = tuple(levels)
        absent = [v for v in levels if v not in found]
        if len(levels) != 2 or levels[0] == levels[1] or absent:
            raise PLSGroupError(f"levels = {levels!r}; give two different levels of {group!r} among {found}")
    rows = labels.isin(levels).to_numpy()
    part = data.loc[rows]
    x, _, w, _, _, keep = _prepare_items(part, spec, missing, missing_value, scale, weights)
    first = (part[group].to_numpy() == levels[0])[keep]
    p = len(spec.items)
    for level, mask in ((levels[0], first), (levels[1], ~first)):
        if mask.sum() < p:
            raise PLSGroupError(f"group {group} = {level!r} has {int(mask.sum())} respondents but the model "
                                f"{p} indicators; PLS needs more respondents than indicators in each group "
                                "(merge groups or drop indicators)")
    w = np.ones(len(x)) if w is None else w
    return _Groups(spec, x, first, w, levels, tol, max_iter)


def _fit_rows(g: _Groups, rows: np.ndarray):
    """Fit the model on each row of ``rows`` (batch x n respondent weights)."""
    fit = estimate(moments(g.x, rows, g.spec.scaled), g.spec, g.tol, g.max_iter)
    if not fit.converged.all():
        raise PLSModelError(f"PLS did not converge in {int((~fit.converged).sum())} of {len(rows)} group fits; "
                            "raise max_iter or check for near-constant items within a group")
    return fit


def _permuted(g: _Groups, permutations: int, seed):
    """Chunks of permuted group-1 masks (batch x n), from the seed."""
    rng = generator(seed)
    for start in range(0, permutations, CHUNK):
        size = min(CHUNK, permutations - start)
        yield np.stack([rng.permutation(g.first) for _ in range(size)]).astype(float)


def _paths(fit, spec) -> np.ndarray:
    return statistics(fit, spec)["paths"]


def _boot_paths(g: _Groups, mask: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Path coefficients in bootstrap resamples of one group: ``counts`` (batch x group size)."""
    rows = np.zeros((len(counts), len(g.x)))
    rows[:, mask] = counts * g.w[mask]
    return np.concatenate([_paths(_fit_rows(g, rows[i:i + CHUNK]), g.spec) for i in range(0, len(rows), CHUNK)])


def _draw_counts(n: int, resamples: int, seed) -> np.ndarray:
    rng = generator(seed)
    out = np.empty((resamples, n))
    for start in range(0, resamples, DRAW_BLOCK):
        size = min(DRAW_BLOCK, resamples - start)
        idx = rng.integers(0, n, (size, n))
        out[start:start + size] = np.apply_along_axis(np.bincount, 1, idx, minlength=n)
    return out


def henseler_p(boot1: np.ndarray, boot2: np.ndarray) -> np.ndarray:
    """Henseler et al.'s (2009) PLS-MGA probability that group 1's parameter is not larger than
    group 2's, per column: 1 - share of pairs (j, k) with 2 mean1 - b1_j - 2 mean2 + b2_k > 0."""
    out = np.empty(boot1.shape[1])
    for c in range(boot1.shape[1]):
        b1, b2 = boot1[:, c], boot2[:, c]
        shift = 2 * b1.mean() - b1 - 2 * b2.mean()          # count b2_k > -shift_j
        srt = np.sort(b2)
        above = len(b2) - np.searchsorted(srt, -shift, side="right")
        out[c] = 1 - above.sum() / (len(b1) * len(b2))
    return out


@dataclass
class MGAResult:
    """PLS multi-group analysis (from :func:`pls_mga`).

    ``paths_``: one row per path: ``from``, ``to``, ``group_1``, ``group_2`` (the groups'
    coefficients), ``estimate`` (group 1 - group 2), ``se`` (bootstrap SD of the difference),
    ``t`` and ``df`` (method "welch"), ``p_henseler`` (method "henseler"), ``p``, and the
    percentile interval ``ci_low``, ``ci_high`` of the difference at level 1 - ``alpha``.
    ``boot_diff_``: the bootstrap differences (resamples x paths). Echoed: ``group``,
    ``levels`` (group 1 first), ``method``, ``alpha``; ``group_sizes_`` the respondents per group.
    """

    paths_: pd.DataFrame
    boot_diff_: np.ndarray
    group: str
    levels: tuple
    group_sizes_: tuple
    method: str
    alpha: float

    def summary_frame(self) -> pd.DataFrame:
        """``from``, ``to``, the groups' paths ``group_1``, ``group_2``, then ``estimate, se, (t),
        p, ci_low, ci_high`` (Welch's ``df`` and Henseler's one-sided ``p_henseler`` stay in
        ``paths_``)."""
        return self.paths_.drop(columns=["df", "p_henseler"], errors="ignore")

    def summary(self) -> pd.DataFrame:
        """``paths_`` with a ``differs`` column (p < alpha)."""
        return self.paths_.assign(differs=self.paths_["p"] < self.alpha)

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Percentile intervals of the group difference at level 1 - ``alpha``, from the bootstrap."""
        return percentile_interval(self.boot_diff_, alpha, pd.MultiIndex.from_frame(self.paths_[["from", "to"]]))


def pls_mga(model: str, data: pd.DataFrame, *, group: str, method: str = "permutation", levels=None,
            permutations: int = PERMUTATIONS, bootstrap: int = PERMUTATIONS, seed=None, alpha: float = 0.05,
            scheme: str = "path", scaled: bool = True, weights=None, missing: str = "error", missing_value=None,
            scale=None, tol: float = 1e-7, max_iter: int = 300, criterion: str = "absolute") -> MGAResult:
    """PLS multi-group analysis: do the path coefficients differ between two groups?

    Each group is fitted on its own (items standardised within the group); every method
    reports the bootstrap SE of the difference and its percentile interval. Run :func:`micom`
    first: comparing paths presumes at least partial measurement invariance.

    Parameters
    ----------
    model : str
        The model text, as :func:`recovery.survey.fit_pls`.
    data : pandas.DataFrame
        The items and the grouping column.
    group : str
        The grouping column: two levels, or pick two with ``levels=(a, b)`` (group 1 is
        ``levels[0]``, by default the first in sorted order).
    method : {"permutation", "henseler", "welch"}
        "permutation" (Chin & Dibbern 2010): ``p = (1 + #(|d*| >= |d|)) / (1 + permutations)``, d*
        the difference after permuting the group labels (Phipson & Smyth 2010's +1);
        "henseler" (Henseler, Ringle & Sinkovics 2009): from the two groups' bootstrap
        distributions; ``p_henseler`` is seminr's one-sided probability, ``p`` = 2 min(p_h,
        1 - p_h); "welch" (Sarstedt, Henseler & Ringle 2011): t = d / sqrt((n1-1)/n1 se1^2 +
        (n2-1)/n2 se2^2) with bootstrap SEs and Welch-Satterthwaite's degrees of freedom.
    levels : (a, b), optional
        The two levels compared.
    permutations, bootstrap : int
        5,000 each (Hair et al. 2018, Advanced Issues in PLS-SEM, ch. 4); at least 100.
    seed : int, SeedSequence, Generator or None
        Seeds the resamples and permutations.
    alpha : float
        Interval level 1 - ``alpha``.
    scheme, scaled, weights, missing, missing_value, scale, tol, max_iter, criterion :
        As :func:`recovery.survey.fit_pls`.

    Returns
    -------
    MGAResult
        ``paths_`` with ``group_1``, ``group_2``, ``estimate`` (the difference), ``se``, ``p``,
        ``ci_low``, ``ci_high``.

    References
    ----------
    R ``seminr`` (``estimate_pls_mga``, Henseler's MGA); Henseler, Ringle & Sinkovics (2009);
    Chin & Dibbern (2010); Sarstedt, Henseler & Ringle (2011).

    Examples
    --------
    >>> import recovery
    >>> d = recovery.load_dataset("ecsi_satisfaction")
    >>> model = "SAT =~ sat1 + sat2 + sat3; LOY =~ loy1 + loy2 + loy3; LOY ~ SAT"
    >>> out = pls_mga(model, d, group="gender", method="welch", bootstrap=300, seed=2)
    >>> out.levels, out.group_sizes_
    (('female', 'male'), (148, 102))
    """
    if method not in METHODS:
        raise PLSModelError(f"method = {method!r}; use one of {METHODS}")
    for name, value in (("permutations", permutations), ("bootstrap", bootstrap)):
        if not (isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value >= 100):
            raise PLSModelError(f"{name} = {value!r}; use an integer >= 100 (5,000 for published results)")
    alpha = _check_alpha(alpha)
    g = _split(model, data, group, levels, scheme, scaled, missing, missing_value, scale, weights, tol, max_iter,
               criterion)
    masks = np.stack([g.first, ~g.first]).astype(float) * g.w
    est = _paths(_fit_rows(g, masks), g.spec)
    diff = est[0] - est[1]
    seeds = children(seed, 3)
    sizes = (int(g.first.sum()), int((~g.first).sum()))
    boots = [_boot_paths(g, m, _draw_counts(n, bootstrap, s)) for m, n, s in
             zip((g.first, ~g.first), sizes, seeds[:2])]
    boot_diff = boots[0] - boots[1]
    k = list(g.spec.constructs)
    out = pd.DataFrame({"from": [k[f] for f, _ in g.spec.edges], "to": [k[t] for _, t in g.spec.edges],
                        "group_1": est[0], "group_2": est[1], "estimate": diff,
                        "se": boot_diff.std(axis=0, ddof=1)})
    if method == "permutation":
        perm = np.concatenate([_paths(_fit_rows(g, np.concatenate([m * g.w[None], (1 - m) * g.w[None]])), g.spec)
                               .reshape(2, len(m), -1) for m in _permuted(g, permutations, seeds[2])], axis=1)
        d_perm = perm[0] - perm[1]
        out["p"] = (1 + (np.abs(d_perm) >= np.abs(diff) - 1e-12).sum(axis=0)) / (1 + permutations)
    elif method == "henseler":
        ph = henseler_p(boots[0], boots[1])
        out["p_henseler"] = ph
        out["p"] = np.minimum(1.0, 2 * np.minimum(ph, 1 - ph))
    else:
        (n1, n2), se1, se2 = sizes, boots[0].std(axis=0, ddof=1), boots[1].std(axis=0, ddof=1)
        a1, a2 = (n1 - 1) / n1 * se1 ** 2, (n2 - 1) / n2 * se2 ** 2
        out["t"] = diff / np.sqrt(a1 + a2)
        out["df"] = (a1 + a2) ** 2 / ((n1 - 1) / n1 ** 2 * se1 ** 4 + (n2 - 1) / n2 ** 2 * se2 ** 4) - 2
        out["p"] = 2 * stats.t.sf(np.abs(out["t"]), out["df"])
    out["ci_low"] = np.quantile(boot_diff, alpha / 2, axis=0)
    out["ci_high"] = np.quantile(boot_diff, 1 - alpha / 2, axis=0)
    return MGAResult(out, boot_diff, group, g.levels, sizes, method, alpha)


# ---------------------------------------------------------------------------- MICOM


@dataclass
class MICOMResult:
    """MICOM's three steps (Henseler, Ringle & Sarstedt 2016), from :func:`micom`.

    ``configural_``: step 1, the checks that hold by construction (same indicators, treatment
    and algorithm in both groups). ``compositional_``: step 2, per construct ``c`` (correlation
    of the composite scores from the two groups' weights on the pooled data), the permutation
    quantile ``q`` at ``alpha`` (5%), ``p`` and ``invariant`` (c >= q). ``means_`` and
    ``variances_``: step 3, per construct the difference of the pooled composite's means (group 1
    - group 2) and of its log variances, with the permutation interval (``ci_low``, ``ci_high``),
    ``p`` and ``equal`` (inside the interval). ``permutation_draws_``: the permuted statistics
    ("c", "mean", "log_variance": permutations x constructs). Echoed: ``levels``,
    ``permutations``, ``alpha``; ``group_sizes_`` the respondents per group."""

    configural_: pd.DataFrame
    compositional_: pd.DataFrame
    means_: pd.DataFrame
    variances_: pd.DataFrame
    levels: tuple
    group_sizes_: tuple
    permutations: int
    alpha: float
    permutation_draws_: dict

    def summary(self) -> pd.DataFrame:
        """One row per construct: the verdict "full", "partial" (compositional invariance only:
        compare paths by MGA) or "none" (compare nothing across the groups)."""
        step2 = self.compositional_["invariant"]
        step3 = self.means_["equal"] & self.variances_["equal"]
        verdict = np.where(step2 & step3, "full", np.where(step2, "partial", "none"))
        return pd.DataFrame({"compositional": step2, "equal_means": self.means_["equal"],
                             "equal_variances": self.variances_["equal"], "invariance": verdict},
                            index=self.compositional_.index)

    def summary_frame(self) -> pd.DataFrame:
        """Steps 2 and 3 as one tidy table: ``construct``, ``test`` ("compositional", "mean",
        "log_variance"), ``estimate``, ``p``, ``ci_low``, ``ci_high`` (step 2: the one-sided
        permutation region [q, 1] of the correlation)."""
        step2 = self.compositional_.rename(columns={"c": "estimate", "q": "ci_low"}).assign(ci_high=1.0)
        parts = [t.assign(test=name)[["test", "estimate", "p", "ci_low", "ci_high"]]
                 for name, t in (("compositional", step2), ("mean", self.means_), ("log_variance", self.variances_))]
        return pd.concat(parts).reset_index().sort_values("construct", kind="stable", key=lambda c: c.map(
            {k: i for i, k in enumerate(self.compositional_.index)})).reset_index(drop=True)

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Step 3's permutation intervals at level 1 - ``alpha``: index (construct, test)."""
        return pd.concat([percentile_interval(self.permutation_draws_[test], alpha, pd.MultiIndex.from_product(
            [self.means_.index, [test]], names=["construct", "test"])) for test in ("mean", "log_variance")])


def _step3(scores: np.ndarray, masks: np.ndarray, w: np.ndarray):
    """Mean differences and log-variance ratios of fixed scores under group masks (batch x n)."""
    m1, m2 = masks * w, (1 - masks) * w
    out = []
    for m in (m1, m2):
        size = m.sum(axis=1, keepdims=True)
        mean = m @ scores / size
        var = m @ scores ** 2 / size - mean ** 2
        out.append((mean, var))
    return out[0][0] - out[1][0], np.log(out[0][1]) - np.log(out[1][1])


def micom(model: str, data: pd.DataFrame, *, group: str, levels=None, permutations: int = PERMUTATIONS,
          seed=None, alpha: float = 0.05, scheme: str = "path", scaled: bool = True, weights=None,
          missing: str = "error", missing_value=None, scale=None, tol: float = 1e-7, max_iter: int = 300,
          criterion: str = "absolute") -> MICOMResult:
    """Measurement invariance of composites between two groups, in MICOM's three steps.

    Step 1 (configural) holds by construction; step 2 (compositional) is a permutation test of
    the correlation between the groups' composites, one-sided at ``alpha``; step 3 tests equal
    means and variances by two-sided permutation intervals.

    Parameters
    ----------
    model : str
        The model text, as :func:`recovery.survey.fit_pls`.
    data : pandas.DataFrame
        The items and the grouping column.
    group, levels, permutations, seed, alpha :
        As :func:`pls_mga`.
    scheme, scaled, weights, missing, missing_value, scale, tol, max_iter, criterion :
        As :func:`recovery.survey.fit_pls`.

    Returns
    -------
    MICOMResult
        ``compositional_``, ``means_``, ``variances_``; ``summary()`` gives the verdict per
        construct.

    References
    ----------
    R ``seminr``'s MICOM and SmartPLS's; Henseler, Ringle & Sarstedt (2016), International
    Marketing Review 33, 405-431.

    Examples
    --------
    >>> import recovery
    >>> d = recovery.load_dataset("ecsi_satisfaction")
    >>> model = "SAT =~ sat1 + sat2 + sat3; LOY =~ loy1 + loy2 + loy3; LOY ~ SAT"
    >>> res = micom(model, d, group="gender", permutations=200, seed=1)
    >>> list(res.summary().columns)
    ['compositional', 'equal_means', 'equal_variances', 'invariance']
    """
    if not (isinstance(permutations, (int, np.integer)) and not isinstance(permutations, bool)
            and permutations >= 100):
        raise PLSModelError(f"permutations = {permutations!r}; use an integer >= 100 (5,000 for published results)")
    alpha = _check_alpha(alpha)
    g = _split(model, data, group, levels, scheme, scaled, missing, missing_value, scale, weights, tol, max_iter,
               criterion)
    s_pooled = moments(g.x, g.w[None], g.spec.scaled)
    pooled = _fit_rows(g, g.w[None])
    center = g.w @ g.x / g.w.sum()
    sd = np.sqrt(np.diag(moments(g.x, g.w[None], False)[0])) if g.spec.scaled else np.ones(g.x.shape[1])
    scores = (g.x - center) / sd @ pooled.w[0]

    def c_of(first: np.ndarray) -> np.ndarray:
        fits = _fit_rows(g, np.concatenate([first * g.w, (1 - first) * g.w]))
        w1, w2 = fits.w[:len(first)], fits.w[len(first):]
        s = s_pooled[0]
        num = np.einsum("bpk,pq,bqk->bk", w1, s, w2)
        return num / np.sqrt(np.einsum("bpk,pq,bqk->bk", w1, s, w1) * np.einsum("bpk,pq,bqk->bk", w2, s, w2))

    first = g.first.astype(float)[None]
    c = c_of(first)[0]
    mean_d, var_d = (v[0] for v in _step3(scores, first, g.w))
    c_perm, mean_perm, var_perm = [], [], []
    for masks in _permuted(g, permutations, seed):
        c_perm.append(c_of(masks))
        m, v = _step3(scores, masks, g.w)
        mean_perm.append(m)
        var_perm.append(v)
    c_perm, mean_perm, var_perm = (np.concatenate(a) for a in (c_perm, mean_perm, var_perm))
    k = pd.Index(g.spec.constructs, name="construct")
    q = np.quantile(c_perm, alpha, axis=0)
    compositional = pd.DataFrame({"c": c, "q": q, "p": (1 + (c_perm <= c + 1e-12).sum(axis=0)) / (1 + permutations),
                                  "invariant": c >= q}, index=k)

    def step3_table(estimate, perm):
        low, high = np.quantile(perm, alpha / 2, axis=0), np.quantile(perm, 1 - alpha / 2, axis=0)
        p = (1 + (np.abs(perm) >= np.abs(estimate) - 1e-12).sum(axis=0)) / (1 + permutations)
        return pd.DataFrame({"estimate": estimate, "ci_low": low, "ci_high": high, "p": p,
                             "equal": (estimate >= low) & (estimate <= high)}, index=k)

    n = (int(g.first.sum()), int((~g.first).sum()))
    configural = pd.DataFrame({"check": ["same indicators per construct", "same data treatment",
                                         "same algorithm settings"], "holds": [True, True, True]})
    return MICOMResult(configural, compositional, step3_table(mean_d, mean_perm), step3_table(var_d, var_perm),
                       g.levels, n, permutations, alpha, {"c": c_perm, "mean": mean_perm, "log_variance": var_perm})
