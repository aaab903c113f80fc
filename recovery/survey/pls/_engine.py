"""The PLS path-modelling algorithm on moment matrices, batched over data sets.

Every quantity of a PLS path model with metric items is a function of the items' covariance
matrix ``S`` (population divisor, of the centred, or standardised, items): with ``X`` the
treated items and ``W`` the outer weights, the scores are ``Y = X W``, their correlations
``W' S W``, mode A's outer step ``X' Z / n = S W E``, mode B's ``S_jj^-1 (S W E)_j``, the
loadings ``S W / sqrt(diag S)``. So the algorithm runs on a stack of ``S`` (one per data set,
e.g. per bootstrap resample: batch x items x items) and never touches the rows; it is
step for step R ``plspm``'s ``get_weights`` (Sanchez 2013), including its start and its
sign rule. Two stopping rules (``Spec.criterion``): "absolute", the sum of absolute changes of
the normalised weights below ``tol`` (seminr's ``estimate_pls`` and SmartPLS, with 1e-7), and
"squared", R plspm's sum of squared changes of the absolute weights (with plspm's 1e-6 the
iterations and results are plspm's).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Spec", "Fit", "moments", "estimate", "total_effects"]


@dataclass(frozen=True)
class Spec:
    """A checked model: ``odm`` items x constructs (1 where an item is in a block),
    ``path[to, from] = 1`` for each path (R plspm's layout), ``mode_b`` per construct."""

    constructs: tuple
    items: tuple
    odm: np.ndarray
    path: np.ndarray
    mode_b: np.ndarray
    scheme: str
    scaled: bool
    criterion: str = "absolute"

    @property
    def edges(self) -> list[tuple[int, int]]:
        """(from, to) index pairs of the paths, by source then target construct."""
        return sorted((int(f), int(t)) for t, f in zip(*np.nonzero(self.path)))


@dataclass
class Fit:
    """Batched estimates: ``w`` batch x items x constructs (scores = X @ w, unit population
    variance), ``corr`` construct correlations, ``beta[b, to, from]``, ``r2``, ``cross``
    (item-construct correlations), ``converged`` and ``iterations`` per data set."""

    w: np.ndarray
    corr: np.ndarray
    beta: np.ndarray
    r2: np.ndarray
    cross: np.ndarray
    converged: np.ndarray
    iterations: np.ndarray


#: Respondents whose item products are formed at once (27 items: 2**15 x 378 floats, 100 MB),
#: so memory does not grow with n.
ROW_CHUNK = 2**15


def sums(x: np.ndarray, counts) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row of ``counts`` (dense or sparse; how often, or with what weight, each respondent
    is in that data set): its total, ``counts @ x`` and ``counts @`` the items' products (upper
    triangle), the products formed :data:`ROW_CHUNK` rows at a time."""
    n, p = x.shape
    iu = np.triu_indices(p)
    sxx = np.zeros((counts.shape[0], iu[0].size))
    for lo in range(0, n, ROW_CHUNK):
        part = x[lo:lo + ROW_CHUNK]
        sxx += counts[:, lo:lo + ROW_CHUNK] @ (part[:, iu[0]] * part[:, iu[1]])
    return np.asarray(counts.sum(axis=1)).ravel(), np.asarray(counts @ x), sxx


def moments_from_sums(size: np.ndarray, sx: np.ndarray, sxx: np.ndarray, scaled: bool) -> np.ndarray:
    """Population covariance (``scaled``: correlation) matrices from the sums of :func:`sums`."""
    p = sx.shape[1]
    iu = np.triu_indices(p)
    mean = sx / size[:, None]
    upper = sxx / size[:, None] - mean[:, iu[0]] * mean[:, iu[1]]
    s = np.empty((len(size), p, p))
    s[:, iu[0], iu[1]] = upper
    s[:, iu[1], iu[0]] = upper
    if scaled:
        sd = np.sqrt(np.einsum("bii->bi", s))
        s = s / sd[:, :, None] / sd[:, None, :]
    return s


def moments(x: np.ndarray, counts: np.ndarray | None, scaled: bool) -> np.ndarray:
    """Population covariance (``scaled``: correlation) matrices of the items, one per row of
    ``counts`` (how often each respondent is in that data set; None: the data as they are).

    ``x`` is n x items, best centred. A batch of resamples costs one matrix product per chunk of
    respondents: counts (batch x chunk) @ products (chunk x p*p).
    """
    return moments_from_sums(*sums(x, np.ones((1, x.shape[0])) if counts is None else counts), scaled)


def _normalise(s, w):
    """Scale each column of w so that X @ w has unit population variance."""
    var = (w * (s @ w)).sum(axis=1)
    return w / np.sqrt(var)[:, None, :]


def _gram(s, w):
    """W' S W: the correlations of unit-variance scores (batch x constructs x constructs)."""
    return w.transpose(0, 2, 1) @ (s @ w)


def _inner(corr, spec: Spec):
    """Inner weights E (batch x constructs x constructs): inner proxies Z = Y @ E."""
    adjacency = spec.path + spec.path.T
    if spec.scheme == "centroid":
        return np.sign(corr * adjacency)
    if spec.scheme == "factorial":
        return corr * adjacency
    e = np.zeros_like(corr)
    for k in range(len(spec.constructs)):
        pred = np.flatnonzero(spec.path[k])       # constructs k is regressed on
        if pred.size:
            e[:, pred, k] = np.linalg.solve(corr[:, pred][:, :, pred], corr[:, pred, k:k + 1])[..., 0]
        succ = np.flatnonzero(spec.path[:, k])    # constructs k points to
        e[:, succ, k] = corr[:, k, succ]
    return e


def _paths(corr, spec: Spec):
    batch, k, _ = corr.shape
    beta, r2 = np.zeros_like(corr), np.zeros((batch, k))
    for t in range(k):
        pred = np.flatnonzero(spec.path[t])
        if pred.size:
            coef = np.linalg.solve(corr[:, pred][:, :, pred], corr[:, pred, t:t + 1])[..., 0]
            beta[:, t, pred] = coef
            r2[:, t] = np.einsum("bp,bp->b", corr[:, t, pred], coef)
    return beta, r2


def estimate(s: np.ndarray, spec: Spec, tol: float = 1e-7, max_iter: int = 300) -> Fit:
    """Run PLS on a stack of moment matrices ``s`` (batch x items x items).

    Data sets that do not converge within ``max_iter`` iterations are flagged in
    ``converged`` (their estimates are those of the last iteration)."""
    batch = s.shape[0]
    odm = spec.odm
    mode_a = odm * ~spec.mode_b
    blocks_b = [np.flatnonzero(odm[:, j]) for j in np.flatnonzero(spec.mode_b)]
    inv_b = [np.linalg.inv(s[:, cols][:, :, cols]) for cols in blocks_b]
    w = _normalise(s, np.broadcast_to(odm, (batch, *odm.shape)).copy())
    w_old = w.sum(axis=2)
    iterations = np.zeros(batch, int)
    active = np.ones(batch, bool)
    for step in range(1, max_iter + 1):
        idx = np.flatnonzero(active)
        sa = s[idx]
        wn = _normalise(sa, w[idx])
        swn = sa @ wn
        corr = wn.transpose(0, 2, 1) @ swn
        proxy = swn @ _inner(corr, spec)          # X' Z / n, items x constructs
        new = proxy * mode_a
        for j, cols, inv in zip(np.flatnonzero(spec.mode_b), blocks_b, inv_b):
            new[:, cols, j] = (inv[idx] @ proxy[:, cols, j:j + 1])[..., 0]
        w[idx] = new
        if spec.criterion == "absolute":
            done = np.abs(_normalise(sa, new) - wn).sum(axis=(1, 2)) < tol
        else:
            w_new = new.sum(axis=2)
            done = ((np.abs(w_old[idx]) - np.abs(w_new)) ** 2).sum(axis=1) < tol
            w_old[idx] = w_new
        iterations[idx] = step
        active[idx[done]] = False
        if not active.any():
            break
    w = _normalise(s, w)
    # R plspm's sign rule: a construct whose items mostly correlate negatively with it is
    # reversed (a tie counts as negative, as in plspm's get_scores)
    cov = s @ w
    sign = np.sign(np.einsum("bpk,pk->bk", np.sign(cov), odm))
    sign[sign == 0] = -1
    w = w * sign[:, None, :]
    corr = _gram(s, w)
    beta, r2 = _paths(corr, spec)
    cross = (s @ w) / np.sqrt(np.einsum("bii->bi", s))[:, :, None]
    return Fit(w, corr, beta, r2, cross, ~active, iterations)


def total_effects(beta: np.ndarray) -> np.ndarray:
    """Total effects ``[.., to, from]``: the sum of the powers of the path matrix."""
    total, power = np.zeros_like(beta), beta.copy()
    for _ in range(beta.shape[-1]):
        total += power
        power = power @ beta
    return total
