"""Thresholds, polychoric correlations and their asymptotic covariance (Gamma), as lavaan 0.6.

Why written here: no permissively licensed, maintained Python package returns the asymptotic
covariance matrix of thresholds and polychoric correlations that WLSMV needs (searched PyPI and
the docs index: semopy's ``polycorr`` (MIT) gives point estimates only, and semopy is a test
extra of this package, not a runtime dependency; R's lavaan and polycor are GPL). The pieces
that are standard numerics come from scipy: the bivariate normal CDF
(``scipy.stats.multivariate_normal.cdf``, exact to ~1e-14 in two dimensions), densities and the
bounded scalar optimiser.

The estimator is Muthén's (1984) three stages as in lavaan's ``muthen1984`` (no covariates, no
missing data): (1) each item's thresholds from its marginal proportions, tau_k = Phi^-1(P(y <= k));
(2) each pair's polychoric correlation by maximum likelihood with the thresholds held fixed
(two-step; Olsson 1979); (3) Gamma, the asymptotic covariance of sqrt(N) (thresholds,
correlations), as the sandwich B^-1 (S'S) B^-T of the stacked casewise scores S with B the
block-triangular derivative of the stage-wise estimating equations (A11: per-item threshold
information, A21: correlation scores against the bivariate threshold scores, A22: the diagonal
correlation information; Muthén & Satorra 1995).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import optimize, special, stats


def _padded(tau):
    return np.concatenate([[-np.inf], tau, [np.inf]])


def thresholds(codes: np.ndarray, n_cat: int):
    """Thresholds of one item coded 0..n_cat-1 and the casewise scores d log P(y_i) / d tau."""
    n = len(codes)
    tau = stats.norm.ppf(np.cumsum(np.bincount(codes, minlength=n_cat))[:-1] / n)
    pad = _padded(tau)
    prob = stats.norm.cdf(pad[codes + 1]) - stats.norm.cdf(pad[codes])
    scores = np.zeros((n, n_cat - 1))
    rows = np.arange(n)
    upper, lower = codes < n_cat - 1, codes > 0
    scores[rows[upper], codes[upper]] = stats.norm.pdf(tau[codes[upper]]) / prob[upper]
    scores[rows[lower], codes[lower] - 1] = -stats.norm.pdf(tau[codes[lower] - 1]) / prob[lower]
    return tau, scores


def _cells_and_density(tau1, tau2, rho, second=False):
    """The cell probabilities P(y1 = a, y2 = b) and their derivatives with respect to rho (the
    bivariate normal density phi2 differenced over the cell corners); with ``second`` also the
    second derivatives (d phi2 / d rho = phi2 (rho + hk - rho Q / (1 - rho^2)) / (1 - rho^2),
    Q = h^2 - 2 rho h k + k^2)."""
    mvn, cov = stats.multivariate_normal, [[1.0, rho], [rho, 1.0]]
    h, k = np.meshgrid(tau1, tau2, indexing="ij")
    points = np.stack([h, k], axis=-1)
    grid = np.zeros((len(tau1) + 2, len(tau2) + 2))
    grid[-1, 1:] = special.ndtr(_padded(tau2)[1:])
    grid[1:, -1] = special.ndtr(_padded(tau1)[1:])
    grid[1:-1, 1:-1] = np.reshape(mvn.cdf(points.reshape(-1, 2), cov=cov), h.shape)
    dens = np.zeros_like(grid)
    dens[1:-1, 1:-1] = np.reshape(mvn.pdf(points.reshape(-1, 2), cov=cov), h.shape)
    if not second:
        return _cells(grid), _cells(dens)
    r2 = 1 - rho ** 2
    slope = np.zeros_like(grid)
    slope[1:-1, 1:-1] = dens[1:-1, 1:-1] * (rho + h * k - rho * (h * h - 2 * rho * h * k + k * k) / r2) / r2
    return _cells(grid), _cells(dens), _cells(slope)


def _cells(grid):
    return np.diff(np.diff(grid, axis=0), axis=1)


def polychoric(c1, c2, tau1, tau2):
    """The two-step ML polychoric correlation of two coded items (thresholds held fixed)."""
    table = np.zeros((len(tau1) + 1, len(tau2) + 1))
    np.add.at(table, (c1, c2), 1.0)

    seen = table > 0
    memo = {}

    def cells(rho):
        if rho not in memo:
            memo.clear()
            memo[rho] = _cells_and_density(tau1, tau2, rho, second=True)
        return memo[rho]

    def score(rho):  # d logL / d rho
        prob, dens, _ = cells(rho)
        return np.sum(table[seen] * dens[seen] / prob[seen])

    def slope(rho):  # d^2 logL / d rho^2
        prob, dens, d2 = cells(rho)
        ratio = dens[seen] / prob[seen]
        return np.sum(table[seen] * (d2[seen] / prob[seen] - ratio ** 2))

    # the root of the score from the Pearson correlation of the codes (lavaan's start), by Newton
    # steps; bounded Brent on -logL if that fails or leaves (-1, 1)
    start = np.corrcoef(c1, c2)[0, 1]
    try:
        rho = optimize.newton(score, start, fprime=slope, tol=1e-12, maxiter=100)
    except (RuntimeError, FloatingPointError):
        rho = np.nan
    if not abs(rho) < 0.999:
        def minus_loglik(r):
            return -np.sum(table[seen] * np.log(np.clip(cells(r)[0][seen], 1e-300, None)))
        rho = optimize.minimize_scalar(minus_loglik, bounds=(-0.999, 0.999), method="bounded",
                                       options={"xatol": 1e-12}).x
    return float(rho)


def _pair_scores(c1, c2, tau1, tau2, rho):
    """Casewise scores of the bivariate log-likelihood: d/d rho, d/d tau1, d/d tau2."""
    prob, dens = _cells_and_density(tau1, tau2, rho)
    prob = prob[c1, c2]
    d_rho = dens[c1, c2] / prob
    s = np.sqrt(1 - rho ** 2)

    def d_tau(ca, cb, ta, tb):
        # d P(y_a* <= ta_k, y_b* <= t) / d ta_k = phi(ta_k) Phi((t - rho ta_k) / s), at the
        # case's own category bounds in b
        out = np.zeros((len(ca), len(ta)))
        pad_b = _padded(tb)
        rows = np.arange(len(ca))
        for upper, k, sign in ((True, ca, 1.0), (False, ca - 1, -1.0)):
            ok = (k < len(ta)) & (k >= 0)
            kk = k[ok]
            hi = stats.norm.cdf((pad_b[cb[ok] + 1] - rho * ta[kk]) / s)
            lo = stats.norm.cdf((pad_b[cb[ok]] - rho * ta[kk]) / s)
            out[rows[ok], kk] = sign * stats.norm.pdf(ta[kk]) * (hi - lo)
        return out / prob[:, None]

    return d_rho, d_tau(c1, c2, tau1, tau2), d_tau(c2, c1, tau2, tau1)


def ordinal_statistics(codes: np.ndarray, n_cats: list[int], gamma: bool = True):
    """Thresholds (item by item), the polychoric correlation matrix and Gamma for one group.

    ``codes``: n x p integer array, item j coded 0..n_cats[j]-1 with every category observed.
    Returns a dict: ``tau`` (list of arrays), ``r`` (p x p), ``pairs`` (the (i, j), i > j, in
    lavaan's order: column-wise below the diagonal), and ``gamma``: the asymptotic covariance of
    sqrt(n) times (all thresholds, then the correlations in ``pairs`` order), lavaan's NACOV."""
    n, p = codes.shape
    fits = [thresholds(codes[:, j], n_cats[j]) for j in range(p)]
    tau = [t for t, _ in fits]
    th_index = np.split(np.arange(sum(k - 1 for k in n_cats)), np.cumsum([k - 1 for k in n_cats])[:-1])
    pairs = [(i, j) for j in range(p) for i in range(j + 1, p)]
    r = np.eye(p)
    for i, j in pairs:
        r[i, j] = r[j, i] = polychoric(codes[:, i], codes[:, j], tau[i], tau[j])
    out = {"tau": tau, "r": r, "pairs": pairs, "n": n}
    if not gamma:
        return out
    n_th = th_index[-1][-1] + 1
    sc_th = np.hstack([s for _, s in fits])
    sc_cor = np.zeros((n, len(pairs)))
    a21 = np.zeros((len(pairs), n_th))
    for c, (i, j) in enumerate(pairs):
        d_rho, d_ti, d_tj = _pair_scores(codes[:, i], codes[:, j], tau[i], tau[j], r[i, j])
        sc_cor[:, c] = d_rho
        a21[c, th_index[i]] = d_rho @ d_ti
        a21[c, th_index[j]] = d_rho @ d_tj
    scores = np.hstack([sc_th, sc_cor])
    inner = scores.T @ scores
    a11 = np.zeros((n_th, n_th))
    for idx in th_index:
        a11[np.ix_(idx, idx)] = inner[np.ix_(idx, idx)]
    a11_inv = np.linalg.inv(a11)
    a22_inv = np.diag(1 / np.sum(sc_cor ** 2, axis=0))
    b_inv = np.block([[a11_inv, np.zeros((n_th, len(pairs)))], [-a22_inv @ a21 @ a11_inv, a22_inv]])
    out["gamma"] = b_inv @ inner @ b_inv.T * n
    return out


def code_items(data, items, group_labels, group_rows):
    """Each ordered item as integer codes 0..K-1 with its categories; refuses an item with one
    category and a category with no respondent (overall or in a group), naming the item, the
    category, the group and the fix. Categories: a pandas ordered Categorical's own, else every
    whole number from the item's smallest to its largest answer (other numbers: the values seen)."""
    from recovery._validation import SurveyDataError  # the package's typed input error

    codes, n_cats = {}, {}
    for item in items:
        col = data[item]
        if isinstance(col.dtype, pd.CategoricalDtype):
            cats = list(col.cat.categories)
            code = col.cat.codes.to_numpy()
        else:
            values = col.to_numpy(float)
            seen = np.unique(values)
            whole = np.all(seen == np.round(seen))
            cats = list(np.arange(seen[0], seen[-1] + 1)) if whole and len(seen) else list(seen)
            code = np.searchsorted(np.asarray(cats, float), values)
        if len(cats) < 2 or len(np.unique(code)) < 2:
            raise SurveyDataError(f"ordered item {item!r} has a single category ({cats[0] if cats else 'none'!r}"
                                  f"): it carries no correlation; drop it from the model or from ordered=")
        for label, rows in zip(group_labels, group_rows):
            counts = np.bincount(code[rows], minlength=len(cats))
            if np.any(counts == 0):
                empty = cats[int(np.flatnonzero(counts == 0)[0])]
                where = "" if label is None else f" in group {label!r}"
                raise SurveyDataError(
                    f"ordered item {item!r} has no respondent in category {_show(empty)}{where} (its categories run "
                    f"{_show(cats[0])}..{_show(cats[-1])}): its threshold cannot be estimated; merge that category "
                    f"with a neighbour (e.g. pd.cut the item), or drop the item from ordered=")
        codes[item], n_cats[item] = code.astype(int), len(cats)
    return codes, n_cats


def _show(value):
    return repr(int(value)) if isinstance(value, (float, np.floating)) and float(value).is_integer() else repr(value)
