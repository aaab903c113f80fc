"""PLS-SEM charts: the path diagram with coefficients, intervals and R-squared, the direct
and indirect effects on one construct with the total effect's bootstrap interval, the
importance-performance map and the group differences of the paths with intervals (en/zh)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from recovery.plots._catalog import name, text
from recovery.plots._style import (BAD, GOOD, NEUTRAL, PALETTE, house_style, label, legend_outside, new_axes, set_title,
                                   text_size, thick)

__all__ = ["pls_path_diagram", "pls_effects_chart", "ipma_map", "mga_chart"]

#: Without a bootstrap a path is drawn as notable from |beta| >= 0.1, Lohmöller's (1989) floor for
#: a standardised path with some impact (Chin 1998 asks for 0.2); with one, when its interval
#: excludes zero.
RELEVANT_PATH = 0.1


def _show(names):
    return lambda c: name("construct", c, names)


def _interval_cols(table, interval):
    cols = {"bca": ("bca_low", "bca_high"), "percentile": ("ci_low", "ci_high")}.get(interval)
    if cols is None:
        raise ValueError(f"interval = {interval!r}; use 'bca' or 'percentile'")
    return cols if cols[0] in table else None


def _layers(result) -> dict:
    """Column of each construct: the length of the longest chain of paths leading to it."""
    depth = dict.fromkeys(result.constructs, 0)
    for _ in range(len(depth)):
        for source, target in zip(result.paths_["from"], result.paths_["to"]):
            depth[target] = max(depth[target], depth[source] + 1)
    return depth


#: Layout of the diagram, in data units: columns apart, rows apart, and how close (to a box
#: centre) an arrow may pass before it is bent round it.
COLUMN_GAP, ROW_GAP, CLEARANCE = 2.6, 1.8, 0.55


def _positions(result) -> dict:
    """Constructs in columns by causal order; a column's members stacked, alternate columns
    shifted up and down so that a chain does not sit on one line."""
    depth = _layers(result)
    columns: dict[int, list] = {}
    for c in result.constructs:
        columns.setdefault(depth[c], []).append(c)
    pos = {}
    for x, members in columns.items():
        shift = (0.45 if x % 2 else -0.45) * ROW_GAP
        for i, c in enumerate(members):
            pos[c] = (x * COLUMN_GAP, ((len(members) - 1) / 2 - i) * ROW_GAP + shift)
    return pos


def _bend(pos, source, target) -> float:
    """arc3 curvature for an arrow: 0 when the straight line clears every other box, else bent
    away from the boxes in its way, just enough to clear them."""
    p0, p1 = np.array(pos[source]), np.array(pos[target])
    d = p1 - p0
    length = np.hypot(*d)
    normal = np.array([d[1], -d[0]]) / length          # the side a positive rad bends towards
    blockers = []
    for c, p in pos.items():
        if c in (source, target):
            continue
        t = np.dot(np.array(p) - p0, d) / length ** 2
        off = np.dot(np.array(p) - p0, normal)
        if 0 < t < 1 and abs(off) < CLEARANCE:
            blockers.append((t, off))
    if not blockers:
        return 0.0
    side = -1.0 if np.mean([o for _, o in blockers]) > 0 else 1.0   # bend away from them
    for rad in np.arange(0.1, 1.01, 0.05):
        # quadratic Bezier with control point p_mid + rad * length * normal
        ok = all(abs(2 * t * (1 - t) * rad * length * side - off) >= CLEARANCE for t, off in blockers)
        if ok:
            return float(side * rad)
    return float(side)


def _label_spot(p0, p1, rad, placed, gap=(1.0, 0.45)):
    """A point on the arrow's arc3 curve (equal aspect: data and display agree) for its label,
    as near the middle as keeps it clear of the labels already placed."""
    p0, p1 = np.array(p0), np.array(p1)
    control = (p0 + p1) / 2 + rad * np.array([p1[1] - p0[1], p0[0] - p1[0]])
    spots = [(1 - t) ** 2 * p0 + 2 * t * (1 - t) * control + t ** 2 * p1
             for t in (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.2, 0.8)]

    def clearance(spot):  # >= 1: clear of every placed label
        return min((max(abs(spot[0] - x) / gap[0], abs(spot[1] - y) / gap[1]) for x, y in placed), default=np.inf)

    best = next((s for s in spots if clearance(s) >= 1), max(spots, key=clearance))
    return float(best[0]), float(best[1])


def pls_path_diagram(result, names: dict | None = None, interval: str = "bca", ax=None):
    """The structural model as a diagram: constructs in columns by causal order, R-squared in
    each endogenous box, arrows as wide as the path coefficient and labelled with it (and its
    95% bootstrap interval when ``result`` was bootstrapped); blue a positive path whose interval
    excludes zero, red a negative one, grey the rest.

    Parameters
    ----------
    result : recovery.survey.PLSResult
        A :func:`recovery.survey.fit_pls` fit.
    names : dict, optional
        Construct -> (English, Chinese) label.
    interval : {"bca", "percentile"}
        The bootstrap interval shown.
    ax : matplotlib.axes.Axes, optional
        Draw here; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    R ``seminr``'s ``plot()`` of a fitted model (the same diagram).

    Examples
    --------
    >>> import recovery
    >>> from recovery.survey import fit_pls
    >>> d = recovery.load_dataset("ecsi_satisfaction")
    >>> model = "IMAG =~ imag1 + imag2; SAT =~ sat1 + sat2; LOY =~ loy1 + loy2; SAT ~ IMAG; LOY ~ SAT"
    >>> ax = pls_path_diagram(fit_pls(model, d))
    """
    show = _show(names)
    paths = result.paths_
    cols = _interval_cols(paths, interval)
    pos = _positions(result)
    r2 = result.r_squared_
    with house_style():
        if ax is None:
            xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
            _, ax = plt.subplots(figsize=(0.75 * (max(xs) - min(xs)) + 2.5, 0.75 * (max(ys) - min(ys)) + 2.6))
        placed: list = []
        order = np.argsort([np.hypot(pos[t][0] - pos[f][0], pos[t][1] - pos[f][1])
                            for f, t in zip(paths["from"], paths["to"])], kind="stable")
        for row in paths.iloc[order].itertuples(index=False):  # short arrows choose label spots first
            source, target, beta = row[0], row[1], row[2]
            if cols:
                low, high = getattr(row, cols[0]), getattr(row, cols[1])
                notable = low > 0 or high < 0
                label = f"{beta:.2f}\n[{low:.2f}, {high:.2f}]"
            else:
                notable = abs(beta) >= RELEVANT_PATH
                label = f"{beta:.2f}"
            colour = (GOOD if beta > 0 else BAD) if notable else NEUTRAL
            (x0, y0), (x1, y1) = pos[source], pos[target]
            rad = _bend(pos, source, target)
            ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                        arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1 + 5 * min(abs(beta), 1),
                                    "shrinkA": 30, "shrinkB": 30, "connectionstyle": f"arc3,rad={rad}",
                                    "mutation_scale": 14})
            mx, my = _label_spot((x0, y0), (x1, y1), rad, placed)
            placed.append((mx, my))
            ax.text(mx, my, label, ha="center", va="center", fontsize=0.75 * text_size(), color=colour, zorder=3,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85})
        for c, (x, y) in pos.items():
            box = show(c) + (f"\nR² = {r2[c]:.2f}" if c in r2.index else "")
            ax.text(x, y, box, ha="center", va="center", fontsize=0.9 * text_size(), zorder=4,
                    bbox={"boxstyle": "round,pad=0.5", "fc": PALETTE["sky"] if c in r2.index else "white",
                          "ec": PALETTE["black"], "alpha": 0.95})
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        ax.set_xlim(min(xs) - 1.2, max(xs) + 1.2)
        ax.set_ylim(min(ys) - 1.2, max(ys) + 1.2)
        ax.set_aspect("equal")
        ax.axis("off")
        if cols:
            note = text("pls.note_boot", kind=text("pls.bca" if interval == "bca" else "pls.percentile"))
        else:
            note = text("pls.note_plain", floor=RELEVANT_PATH)
        ax.text(0.0, -0.02, note, transform=ax.transAxes, fontsize=0.75 * text_size(), color=PALETTE["grey"], va="top")
        set_title(ax, text("pls.diagram_title"))
    return ax


def pls_effects_chart(result, target: str, names: dict | None = None, interval: str = "bca", ax=None):
    """Direct and indirect effects of every construct with a chain of paths into ``target``,
    stacked, with the total effect's 95% bootstrap interval when ``result`` was bootstrapped.

    Parameters
    ----------
    result : recovery.survey.PLSResult
        A :func:`recovery.survey.fit_pls` fit.
    target : str
        The endogenous construct.
    names : dict, optional
        Construct -> (English, Chinese) label.
    interval : {"bca", "percentile"}
        The bootstrap interval of the total effect.
    ax : matplotlib.axes.Axes, optional
        Draw here; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    R ``seminr``'s ``summary(boot)$bootstrapped_total_paths``; Nitzl, Roldan & Cepeda (2016),
    Industrial Management & Data Systems 116, 1849-1864 (mediation in PLS).

    Examples
    --------
    >>> import recovery
    >>> from recovery.survey import fit_pls
    >>> d = recovery.load_dataset("ecsi_satisfaction")
    >>> model = "IMAG =~ imag1 + imag2; SAT =~ sat1 + sat2; LOY =~ loy1 + loy2; SAT ~ IMAG; LOY ~ IMAG + SAT"
    >>> ax = pls_effects_chart(fit_pls(model, d), "LOY")
    """
    if target not in result.constructs:
        raise ValueError(f"target = {target!r} is not a construct of this model ({result.constructs})")
    show = _show(names)
    eff = result.effects_[result.effects_["to"] == target]
    if eff.empty:
        raise ValueError(f"no path leads into {target!r}; pick an endogenous construct "
                         f"({list(result.r_squared_.index)})")
    eff = eff.sort_values("total")
    total_boot = result.boot_.get("total_effects") if result.boot_ else None
    cols = _interval_cols(total_boot, interval) if total_boot is not None else None
    with house_style():
        _, ax = new_axes(ax, rows=len(eff))
        y = np.arange(len(eff))
        ax.barh(y, eff["direct"], color=GOOD, label=text("pls.direct"))
        # indirect stacked on the direct part when both point the same way, else from zero
        same = np.sign(eff["direct"].to_numpy()) == np.sign(eff["indirect"].to_numpy())
        left = np.where(same, eff["direct"].to_numpy(), 0.0)
        ax.barh(y, eff["indirect"], left=left, color=PALETTE["orange"], label=text("pls.indirect"))
        ax.scatter(eff["total"], y, color=PALETTE["black"], zorder=3, s=25, label=text("pls.total"))
        if cols:
            ci = total_boot.loc[list(zip(eff["from"], eff["to"]))]
            ax.hlines(y, ci[cols[0]], ci[cols[1]], color=PALETTE["black"], lw=1.5, zorder=3)
        ax.axvline(0, color=PALETTE["grey"], lw=1)
        ax.set_yticks(y, [show(c) for c in eff["from"]])
        ax.set_xlabel(text("pls.effects_x", target=show(target), note=text("pls.total_ci") if cols else ""))
        set_title(ax, text("pls.effects_title", target=show(target)))
        legend_outside(ax)
    return ax


def ipma_map(result, names: dict | None = None, ax=None):
    """The importance-performance map of :func:`recovery.survey.ipma`: importance (total effect
    on the target) across, performance (0-100) up, dashed lines at the means. The drivers to
    improve first sit bottom right: important and performing below the others.

    Parameters
    ----------
    result : recovery.survey.IPMAMap
        From :func:`recovery.survey.ipma`.
    names : dict, optional
        Construct -> (English, Chinese) label.
    ax : matplotlib.axes.Axes, optional
        Draw here; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    Ringle & Sarstedt (2016), Industrial Management & Data Systems 116, 1865-1886 (the map).

    Examples
    --------
    >>> import recovery
    >>> from recovery.survey import fit_pls, ipma
    >>> d = recovery.load_dataset("ecsi_mobi")
    >>> model = "IMAG =~ IMAG1 + IMAG2; CUSA =~ CUSA1 + CUSA2; CUSL =~ CUSL1 + CUSL2; CUSA ~ IMAG; CUSL ~ IMAG + CUSA"
    >>> ax = ipma_map(ipma(fit_pls(model, d, scale=(1, 10)), "CUSL"))
    """
    show = _show(names)
    table = result.table_
    x, y = table["importance"].to_numpy(), table["performance"].to_numpy()
    with house_style():
        _, ax = new_axes(ax)
        mx, my = x.mean(), y.mean()
        priority = (x >= mx) & (y < my)
        ax.axvline(mx, color=PALETTE["grey"], lw=thick(1), ls="--", zorder=1)
        ax.axhline(my, color=PALETTE["grey"], lw=thick(1), ls="--", zorder=1)
        for chosen, colour, key in ((priority, BAD, "pls.ipma_priority"), (~priority, GOOD, "pls.ipma_other")):
            ax.scatter(x[chosen], y[chosen], s=thick(90), color=colour, zorder=3, edgecolor="white", label=text(key))
        for xi, yi, c in zip(x, y, table.index):
            ax.annotate(show(c), (xi, yi), xytext=(8, 6), textcoords="offset points", zorder=4)
        pad_x, pad_y = 0.15 * (np.ptp(x) or 1), 0.15 * (np.ptp(y) or 1)
        ax.set_xlim(min(0, x.min() - pad_x), x.max() + 2 * pad_x)
        ax.set_ylim(max(0, y.min() - pad_y), min(100, y.max() + 2 * pad_y))
        target = show(result.target)
        ax.set_xlabel(text("pls.ipma_x", target=target))
        ax.set_ylabel(text("pls.ipma_y"))
        set_title(ax, text("pls.ipma_title", target=target))
        legend_outside(ax)
    return ax


def mga_chart(result, names: dict | None = None, group_names: tuple | None = None, ax=None):
    """Group differences of the path coefficients from :func:`recovery.survey.pls_mga`: each
    path's difference (group 1 - group 2) with its bootstrap interval; coloured where the test
    rejects equal paths at the result's ``alpha``.

    Parameters
    ----------
    result : recovery.survey.MGAResult
        From :func:`recovery.survey.pls_mga`.
    names : dict, optional
        Construct -> (English, Chinese) label.
    group_names : ((str, str), (str, str)), optional
        The two groups' labels (English, Chinese); by default the levels.
    ax : matplotlib.axes.Axes, optional
        Draw here; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    Henseler, Ringle & Sinkovics (2009); seminr's ``estimate_pls_mga`` output, drawn.

    Examples
    --------
    >>> import recovery
    >>> from recovery.survey import pls_mga
    >>> d = recovery.load_dataset("ecsi_satisfaction")
    >>> model = "SAT =~ sat1 + sat2; LOY =~ loy1 + loy2; LOY ~ SAT"
    >>> ax = mga_chart(pls_mga(model, d, group="gender", permutations=200, bootstrap=200, seed=1))
    """
    show = _show(names)
    alpha = result.alpha
    g1, g2 = (label(*n) for n in group_names) if group_names else (str(v) for v in result.levels)
    rows = result.paths_.iloc[::-1]
    y = np.arange(len(rows))
    significant = (rows["p"] < alpha).to_numpy()
    colour = np.where(significant, np.where(rows["estimate"] > 0, GOOD, BAD), NEUTRAL)
    with house_style():
        _, ax = new_axes(ax, rows=len(rows))
        ax.axvline(0, color=PALETTE["grey"], lw=thick(1))
        ax.hlines(y, rows["ci_low"], rows["ci_high"], color=colour, lw=thick(2.5))
        ax.scatter(rows["estimate"], y, color=colour, s=thick(40), zorder=3)
        ax.set_yticks(y, [f"{show(a)} → {show(b)}" for a, b in zip(rows["from"], rows["to"])])
        method = text(f"pls.mga_method_{result.method}")
        set_title(ax, text("pls.mga_title"))
        ax.set_xlabel(text("pls.mga_x", g1=g1, g2=g2, level=f"{1 - alpha:.0%}") + "\n"
                      + text("pls.mga_coloured", alpha=alpha, method=method))
    return ax
