"""Batched bootstrap for PLS path models: resamples as count vectors, moments by one matrix
product per chunk, the PLS iterations run on all resamples of a chunk at once, percentile and
BCa intervals (Efron 1987), optional construct-level sign correction (Tenenhaus et al. 2005).
"""
from __future__ import annotations

import numpy as np
from scipy import stats

from recovery.survey._pls_engine import Spec, estimate, moments, total_effects

__all__ = ["run_bootstrap", "statistics", "interval_table", "effect_pairs", "DRAW_BLOCK"]

#: Resamples are drawn in fixed blocks, each from its own child of the seed's SeedSequence,
#: so the draws do not depend on ``batch_size`` (a memory bound only).
DRAW_BLOCK = 256


class _Draws:
    """Resample counts (how often each respondent is drawn) for resamples start..stop."""

    def __init__(self, seed, n: int):
        self.root = np.random.SeedSequence(seed)
        self.n = n
        self.cache: tuple[int, np.ndarray] | None = None

    def _block(self, b: int) -> np.ndarray:
        if self.cache is None or self.cache[0] != b:
            child = np.random.SeedSequence(self.root.entropy, spawn_key=(*self.root.spawn_key, b))
            idx = np.random.default_rng(child).integers(0, self.n, (DRAW_BLOCK, self.n))
            rows = np.arange(DRAW_BLOCK)[:, None] * self.n
            counts = np.bincount((idx + rows).ravel(), minlength=DRAW_BLOCK * self.n)
            self.cache = (b, counts.reshape(DRAW_BLOCK, self.n).astype(float))
        return self.cache[1]

    def counts(self, start: int, stop: int) -> np.ndarray:
        parts = []
        for b in range(start // DRAW_BLOCK, (stop - 1) // DRAW_BLOCK + 1):
            lo, hi = max(start, b * DRAW_BLOCK), min(stop, (b + 1) * DRAW_BLOCK)
            parts.append(self._block(b)[lo - b * DRAW_BLOCK:hi - b * DRAW_BLOCK])
        return np.concatenate(parts)


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


def _fit_counts(x, counts, spec, tol, max_iter, sign_change, reference):
    fit = estimate(moments(x, counts, spec.scaled), spec, tol, max_iter)
    flips = _sign_correct(fit, reference, spec) if sign_change == "construct" else 0
    return fit, flips


def run_bootstrap(x: np.ndarray, spec: Spec, resamples: int, seed, tol: float, max_iter: int,
                  batch_size: int, sign_change: str, reference_loadings: np.ndarray, jackknife: bool) -> dict:
    """Draws of every statistic (resamples x k), the jackknife's (n x k) for BCa, and counts of
    resamples that did not converge (replaced by further draws, as R plspm does) and of
    constructs reversed by the sign correction."""
    n = x.shape[0]
    draws = _Draws(seed, n)
    out: dict[str, list] = {}
    kept = drawn = flips = 0
    while kept < resamples:
        size = min(batch_size, resamples - kept)
        counts = draws.counts(drawn, drawn + size)
        drawn += size
        fit, f = _fit_counts(x, counts, spec, tol, max_iter, sign_change, reference_loadings)
        ok = fit.converged
        flips += f
        for name, value in statistics(fit, spec).items():
            out.setdefault(name, []).append(value[ok])
        kept += int(ok.sum())
        if drawn > 2 * resamples + 1000:
            raise RuntimeError(f"PLS did not converge in {drawn - kept} of {drawn} bootstrap resamples; "
                               "check for near-constant items or raise max_iter")
    result = {name: np.concatenate(parts)[:resamples] for name, parts in out.items()}
    jack = {}
    if jackknife:
        parts: dict[str, list] = {}
        for start in range(0, n, batch_size):
            stop = min(n, start + batch_size)
            counts = np.ones((stop - start, n))
            counts[np.arange(stop - start), np.arange(start, stop)] = 0
            fit, _ = _fit_counts(x, counts, spec, tol, max_iter, sign_change, reference_loadings)
            for name, value in statistics(fit, spec).items():
                parts.setdefault(name, []).append(value)
        jack = {name: np.concatenate(p) for name, p in parts.items()}
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
    """original, mean, std_error, percentile (ci_low, ci_high) and BCa (bca_low, bca_high)."""
    srt = np.sort(draws, axis=0)
    k = draws.shape[1]
    low = _column_quantiles(srt, np.full(k, alpha / 2))
    high = _column_quantiles(srt, np.full(k, 1 - alpha / 2))
    table = {"original": original, "mean": draws.mean(axis=0), "std_error": draws.std(axis=0, ddof=1),
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
