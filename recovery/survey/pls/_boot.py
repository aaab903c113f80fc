"""Batched bootstrap for PLS path models: resamples as count vectors, moments by one matrix
product per chunk, the PLS iterations run on all resamples of a chunk at once, percentile and
BCa intervals (Efron 1987), optional construct-level sign correction (Tenenhaus et al. 2005).

BCa's acceleration comes from a jackknife: delete-one up to :data:`JACKKNIFE_GROUPS`
respondents, above that delete-a-group over that many random groups (Efron & Tibshirani 1993,
sec. 11.5 and 14.3: the acceleration is a skewness of the influence values, which group sums
estimate as well, up to Monte Carlo error), so its cost stays that of ``JACKKNIFE_GROUPS`` fits
whatever n. Count matrices are formed in chunks of at most :data:`COUNT_CELLS` cells, so memory
stays bounded at hundreds of thousands of respondents.
"""
from __future__ import annotations

import warnings

import numpy as np
import scipy.sparse as sp
from scipy import stats

from recovery._seeding import children, generator, seed_sequence
from recovery._validation import BootstrapFailureWarning, ModelSpecError
from recovery.survey.pls._engine import Spec, estimate, moments_from_sums, sums, total_effects

__all__ = ["run_bootstrap", "statistics", "interval_table", "effect_pairs", "DRAW_BLOCK"]

#: Resamples are drawn in fixed blocks, each from its own child of the seed's SeedSequence,
#: so the draws do not depend on ``batch_size`` (a memory bound only).
DRAW_BLOCK = 256
#: Delete-one jackknife up to this many respondents; above it, this many random groups. The
#: grouped acceleration agrees with the exact one within Monte Carlo error (tests/test_pls.py).
JACKKNIFE_GROUPS = 1000
#: Cells of a (data sets x respondents) count matrix formed at once: 2**25 floats, 256 MB.
COUNT_CELLS = 2**25
#: Warn (BootstrapFailureWarning) when more than this share of resamples did not converge.
FAILED_SHARE = 0.05
#: The child of the seed's SeedSequence that assigns respondents to jackknife groups (far above
#: any draw block's number).
_GROUP_KEY = 2**31


class _Draws:
    """Resample counts (how often each respondent is drawn) for resamples start..stop."""

    def __init__(self, root: np.random.SeedSequence, n: int):
        self.root = root
        self.n = n
        self.cache: tuple[int, np.ndarray] | None = None

    def _block(self, b: int) -> np.ndarray:
        if self.cache is None or self.cache[0] != b:
            rng = generator(children(self.root, 1, start=b)[0])
            counts = np.empty((DRAW_BLOCK, self.n), np.uint16)  # a count above 65,535 has chance ~0
            step = max(1, min(DRAW_BLOCK, COUNT_CELLS // (4 * self.n)))
            for lo in range(0, DRAW_BLOCK, step):  # row chunks draw the same stream as one call
                hi = min(DRAW_BLOCK, lo + step)
                idx = rng.integers(0, self.n, (hi - lo, self.n)) + np.arange(hi - lo)[:, None] * self.n
                counts[lo:hi] = np.bincount(idx.ravel(), minlength=(hi - lo) * self.n).reshape(hi - lo, self.n)
            self.cache = (b, counts)
        return self.cache[1]

    def counts(self, start: int, stop: int) -> np.ndarray:
        parts = []
        for b in range(start // DRAW_BLOCK, (stop - 1) // DRAW_BLOCK + 1):
            lo, hi = max(start, b * DRAW_BLOCK), min(stop, (b + 1) * DRAW_BLOCK)
            parts.append(self._block(b)[lo - b * DRAW_BLOCK:hi - b * DRAW_BLOCK])
        return np.concatenate(parts).astype(float)


def jackknife_groups(n: int, seed, groups: int = JACKKNIFE_GROUPS) -> np.ndarray:
    """The jackknife group of each respondent: themselves when n <= ``groups`` (delete-one),
    else one of ``groups`` random groups of near-equal size, from a child of the seed."""
    if n <= groups:
        return np.arange(n)
    return generator(children(seed, 1, start=_GROUP_KEY)[0]).permutation(n) % groups


def statistics(fit, spec: Spec) -> dict:
    """The per-data-set statistics bootstrapped: name -> batch x k array."""
    edges = spec.edges
    total = total_effects(fit.beta)
    pairs = effect_pairs(spec)
    endo = np.flatnonzero(spec.path.sum(axis=1))
    return {
        "paths": np.stack([fit.beta[:, t, f] for f, t in edges], axis=1),
        "weights": (fit.w * spec.odm).sum(axis=2),
        "loadings": (fit.cross * spec.odm).sum(axis=2),
        "r_squared": fit.r2[:, endo],
        "total_effects": np.stack([total[:, t, f] for f, t in pairs], axis=1),
        "indirect_effects": np.stack([total[:, t, f] - fit.beta[:, t, f] for f, t in pairs], axis=1),
    }


def effect_pairs(spec: Spec) -> list[tuple[int, int]]:
    """(from, to) index pairs joined by a chain of paths, by source then target construct."""
    reach = spec.path > 0
    for _ in range(len(spec.constructs)):
        reach = reach | ((reach.astype(int) @ spec.path) > 0)
    return sorted((int(f), int(t)) for t, f in zip(*np.nonzero(reach)))


def _sign_correct(fit, reference_loadings, spec: Spec):
    """Construct-level sign change: reverse a construct in a resample when its loadings are
    closer to the negated original loadings than to the original ones."""
    load = fit.cross * spec.odm
    ref = reference_loadings[None, :, :]
    flip = (np.abs(load - ref).sum(axis=1) > np.abs(load + ref).sum(axis=1))
    sign = np.where(flip, -1.0, 1.0)
    fit.w = fit.w * sign[:, None, :]
    fit.cross = fit.cross * sign[:, None, :]
    fit.corr = fit.corr * sign[:, :, None] * sign[:, None, :]
    fit.beta = fit.beta * sign[:, :, None] * sign[:, None, :]
    return int(flip.sum())


def _fit(s, spec, tol, max_iter, sign_change, reference):
    fit = estimate(s, spec, tol, max_iter)
    flips = _sign_correct(fit, reference, spec) if sign_change == "construct" else 0
    return fit, flips


def _jackknife(x, spec, group, tol, max_iter, batch_size, sign_change, reference, weights=None) -> dict:
    """Statistics with each group left out in turn (groups 0..G-1), from the total sums minus
    each group's: one pass over the data, whatever the number of groups. With survey
    ``weights`` every sum is weighted, so a group leaves with its respondents' weights."""
    n, g = x.shape[0], int(group.max()) + 1
    w = np.ones(n) if weights is None else np.asarray(weights, float)
    size, sx, sxx = sums(x, w[None, :])
    gsize, gsx, gsxx = sums(x, sp.csr_matrix((w, (group, np.arange(n))), shape=(g, n)))
    parts: dict[str, list] = {}
    for start in range(0, g, batch_size):
        rows = slice(start, min(g, start + batch_size))
        s = moments_from_sums(size - gsize[rows], sx - gsx[rows], sxx - gsxx[rows], spec.scaled)
        fit, _ = _fit(s, spec, tol, max_iter, sign_change, reference)
        for name, value in statistics(fit, spec).items():
            parts.setdefault(name, []).append(value)
    return {name: np.concatenate(p) for name, p in parts.items()}


def run_bootstrap(x: np.ndarray, spec: Spec, resamples: int, seed, tol: float, max_iter: int,
                  batch_size: int, sign_change: str, reference_loadings: np.ndarray, jackknife: bool,
                  groups: int | None = None, weights: np.ndarray | None = None) -> dict:
    """Draws of every statistic (resamples x k), the jackknife's (n x k) for BCa, and counts of
    resamples that did not converge (replaced by further draws, as R plspm does) and of
    constructs reversed by the sign correction. ``groups``: see :func:`jackknife_groups` (default
    :data:`JACKKNIFE_GROUPS`).

    Survey ``weights`` (one per respondent): respondents are resampled with equal chance and
    each carries its weight into its resample's weighted moments (count x weight), SmartPLS's
    weighted bootstrap; the jackknife deletes respondents with their weights."""
    n = x.shape[0]
    batch_size = max(1, min(batch_size, COUNT_CELLS // n))
    root = seed_sequence(seed)
    draws = _Draws(root, n)
    out: dict[str, list] = {}
    kept = drawn = flips = 0
    while kept < resamples:
        size = min(batch_size, resamples - kept)
        counts = draws.counts(drawn, drawn + size)
        if weights is not None:
            counts *= weights[None, :]
        drawn += size
        fit, f = _fit(moments_from_sums(*sums(x, counts), spec.scaled), spec, tol, max_iter, sign_change,
                      reference_loadings)
        ok = fit.converged
        flips += f
        for name, value in statistics(fit, spec).items():
            out.setdefault(name, []).append(value[ok])
        kept += int(ok.sum())
        if drawn > 2 * resamples + 1000:
            raise ModelSpecError(f"PLS did not converge in {drawn - kept} of {drawn} bootstrap resamples; "
                                 "check for near-constant items or raise max_iter")
    if drawn - kept > FAILED_SHARE * resamples:
        warnings.warn(f"PLS did not converge in {drawn - kept} of {drawn} bootstrap resamples (replaced by further "
                      "draws); the intervals rest on the resamples where it did, so treat them with caution",
                      BootstrapFailureWarning, stacklevel=4)
    result = {name: np.concatenate(parts)[:resamples] for name, parts in out.items()}
    jack = {}
    if jackknife:
        group = jackknife_groups(n, root, JACKKNIFE_GROUPS if groups is None else groups)
        jack = _jackknife(x, spec, group, tol, max_iter, batch_size, sign_change, reference_loadings, weights)
    return {"draws": result, "jackknife": jack, "non_converged": drawn - kept, "sign_flips": flips}


def _column_quantiles(sorted_draws: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Per-column quantiles (numpy's default linear rule) at per-column probabilities ``q``."""
    b = sorted_draws.shape[0]
    pos = np.clip(q, 0, 1) * (b - 1)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, b - 1)
    cols = np.arange(sorted_draws.shape[1])
    frac = pos - lo
    return sorted_draws[lo, cols] * (1 - frac) + sorted_draws[hi, cols] * frac


def interval_table(original: np.ndarray, draws: np.ndarray, jack: np.ndarray | None, alpha: float) -> dict:
    """estimate (the original), mean, se, percentile (ci_low, ci_high) and BCa (bca_low, bca_high)."""
    srt = np.sort(draws, axis=0)
    k = draws.shape[1]
    low = _column_quantiles(srt, np.full(k, alpha / 2))
    high = _column_quantiles(srt, np.full(k, 1 - alpha / 2))
    table = {"estimate": original, "mean": draws.mean(axis=0), "se": draws.std(axis=0, ddof=1),
             "ci_low": low, "ci_high": high}
    if jack is not None and len(jack):
        prop = ((draws < original).sum(axis=0) + 0.5 * (draws == original).sum(axis=0)) / draws.shape[0]
        z0 = stats.norm.ppf(np.clip(prop, 1 / (2 * draws.shape[0]), 1 - 1 / (2 * draws.shape[0])))
        d = jack.mean(axis=0) - jack
        denom = 6 * (d ** 2).sum(axis=0) ** 1.5
        accel = np.divide((d ** 3).sum(axis=0), denom, out=np.zeros(k), where=denom > 0)
        for name, q in (("bca_low", alpha / 2), ("bca_high", 1 - alpha / 2)):
            zq = z0 + stats.norm.ppf(q)
            table[name] = _column_quantiles(srt, stats.norm.cdf(z0 + zq / (1 - accel * zq)))
    return table
