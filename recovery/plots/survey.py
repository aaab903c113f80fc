"""Survey-analysis charts: path coefficients with intervals, reliability, outer loadings,
Johnson-Neyman (en/zh)."""
from __future__ import annotations

import numpy as np

from recovery.plots._catalog import name, text
from recovery.plots._style import BAD, GOOD, NEUTRAL, PALETTE, house_style, legend_outside, new_axes, set_title, thick

__all__ = ["path_coefficients", "reliability_chart", "johnson_neyman", "loadings_chart"]


def path_coefficients(paths, names: dict | None = None, ax=None):
    """Dot-and-whisker chart of PLS (or SEM) paths with their bootstrap intervals.

    Parameters
    ----------
    paths : pandas.DataFrame
        ``from``, ``to``, ``estimate`` (and ``ci_low``, ``ci_high``), e.g.
        ``fit_pls(...).paths_``.
    names : dict, optional
        Construct -> (English, Chinese) label.
    ax : matplotlib.axes.Axes, optional
        Draw here; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    A dot-and-whisker plot as R ``dotwhisker::dwplot`` draws it.

    Examples
    --------
    >>> import pandas as pd
    >>> ax = path_coefficients(pd.DataFrame({"from": ["A"], "to": ["B"], "estimate": [0.4],
    ...                                      "ci_low": [0.2], "ci_high": [0.6]}))
    """
    with house_style():
        _, ax = new_axes(ax, rows=len(paths))
        y = np.arange(len(paths))
        has_ci = "ci_low" in paths
        significant = (paths["ci_low"] > 0) | (paths["ci_high"] < 0) if has_ci else paths["estimate"].abs() > 0.1
        colours = [GOOD if s else NEUTRAL for s in significant]
        if has_ci:
            ax.hlines(y, paths["ci_low"], paths["ci_high"], color=colours, lw=thick(2.5))
        ax.scatter(paths["estimate"], y, color=colours, zorder=3, s=thick(6) ** 2)
        ax.axvline(0, color=PALETTE["grey"], lw=thick(1))
        ax.set_yticks(y, [f"{name('construct', f, names)} → {name('construct', t, names)}"
                          for f, t in zip(paths["from"], paths["to"])])
        ax.invert_yaxis()
        ax.set_xlabel(text("survey.path_x"))
        set_title(ax, text("survey.structural"))
    return ax


def reliability_chart(table, names: dict | None = None, ax=None):
    """Alpha, rho_c and AVE per construct against their thresholds (0.7, 0.7, 0.5).

    Parameters
    ----------
    table : pandas.DataFrame
        One row per construct with ``alpha``, ``rho_c``, ``ave``, e.g.
        ``recovery.survey.reliability(...).table_``.
    names : dict, optional
        Construct -> (English, Chinese) label.
    ax : matplotlib.axes.Axes, optional
        Draw here; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    Hair et al. (2019), European Business Review 31, 2-24 (the thresholds).

    Examples
    --------
    >>> import pandas as pd
    >>> ax = reliability_chart(pd.DataFrame({"alpha": [0.8], "rho_c": [0.85], "ave": [0.6]}, index=["SAT"]))
    """
    measures = [("alpha", text("survey.alpha"), PALETTE["blue"], 0.7),
                ("rho_c", text("survey.rho_c"), PALETTE["orange"], 0.7),
                ("ave", text("survey.ave"), PALETTE["green"], 0.5)]
    with house_style():
        _, ax = new_axes(ax, rows=3 * len(table))
        y = np.arange(len(table))
        height = 0.26
        for k, (col, measure, colour, threshold) in enumerate(measures):
            ax.barh(y + (k - 1) * height, table[col], height, color=colour, label=measure)
            ax.vlines(threshold, y[0] - 0.5, y[-1] + 0.5, color=colour, ls="--", lw=thick(1.5))
        ax.set_yticks(y, [name("construct", c, names) for c in table.index])
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.set_xlabel(text("survey.reliability_y"))
        set_title(ax, text("survey.reliability_title"))
        legend_outside(ax)
    return ax


def johnson_neyman(moderation_result, grid=None, names: dict | None = None, ax=None):
    """Slope of x across the moderator with its interval; shaded where it is significant.

    Parameters
    ----------
    moderation_result : recovery.survey.ModerationResult
        From :func:`recovery.survey.moderation`.
    grid : array-like, optional
        Moderator values; by default 100 across the observed range.
    names : dict, optional
        Variable -> (English, Chinese) label.
    ax : matplotlib.axes.Axes, optional
        Draw here; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    R ``interactions::johnson_neyman``; Johnson & Neyman (1936).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from recovery.survey import moderation
    >>> rng = np.random.default_rng(0); w = rng.uniform(size=200); x = rng.normal(size=200)
    >>> ax = johnson_neyman(moderation(pd.DataFrame({"x": x, "w": w, "y": x - x * w + rng.normal(size=200)}), "x", "w", "y"))
    """
    res = moderation_result
    data = res.model_.model.data.frame
    grid = np.linspace(data[res.w].min(), data[res.w].max(), 100) if grid is None else np.asarray(grid, float)
    slopes = res.slope_at(grid)
    with house_style():
        _, ax = new_axes(ax)
        ax.plot(grid, slopes["slope"], color=PALETTE["blue"], lw=thick(2.4),
                label=text("survey.jn_effect", x=name("factor", res.x, names)))
        ax.fill_between(grid, slopes["ci_low"], slopes["ci_high"], color=PALETTE["sky"], alpha=0.3,
                        label=text("interval95"))
        sig = ((slopes["ci_low"] > 0) | (slopes["ci_high"] < 0)).to_numpy()
        ax.fill_between(grid, 0, 1, where=sig, transform=ax.get_xaxis_transform(), color=GOOD, alpha=0.07,
                        gid="background", label=text("survey.jn_significant"))
        for bound in res.jn_bounds_:
            if grid.min() <= bound <= grid.max():
                ax.axvline(bound, color=BAD, ls="--", lw=thick(1.2))
        ax.axhline(0, color=PALETTE["grey"], lw=thick(1))
        ax.set_xlabel(text("survey.jn_x", w=name("factor", res.w, names)))
        ax.set_ylabel(text("survey.jn_y"))
        set_title(ax, text("survey.jn_title"))
        legend_outside(ax)
    return ax


#: Hair et al. (2019): a loading of 0.708 or more means the construct explains half the item's variance;
#: items below 0.4 are candidates for deletion.
LOADING_GOOD, LOADING_POOR = 0.708, 0.4


def loadings_chart(loadings, names: dict | None = None, ax=None):
    """Outer loadings per item, grouped by construct, against 0.708 (and 0.4: delete?).

    Parameters
    ----------
    loadings : pandas.DataFrame
        ``construct``, ``item``, ``loading``.
    names : dict, optional
        Construct -> (English, Chinese) label.
    ax : matplotlib.axes.Axes, optional
        Draw here; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    Hair et al. (2019), European Business Review 31, 2-24 (0.708 and 0.4).

    Examples
    --------
    >>> import pandas as pd
    >>> ax = loadings_chart(pd.DataFrame({"construct": ["SAT", "SAT"], "item": ["s1", "s2"],
    ...                                   "loading": [0.85, 0.5]}))
    """
    with house_style():
        _, ax = new_axes(ax, rows=len(loadings))
        y = np.arange(len(loadings))
        lam = loadings["loading"].to_numpy()
        colours = [GOOD if v >= LOADING_GOOD else BAD if v < LOADING_POOR else NEUTRAL for v in lam]
        ax.barh(y, lam, color=colours)
        ax.axvline(LOADING_GOOD, color=PALETTE["grey"], ls="--", lw=thick(1.2))
        ax.axvline(LOADING_POOR, color=BAD, ls=":", lw=thick(1.2))
        ticks = [f"{name('construct', c, names)}: {i}" for c, i in zip(loadings["construct"], loadings["item"])]
        ax.set_yticks(y, ticks)
        ax.invert_yaxis()
        ax.set_xlim(min(0.0, lam.min() - 0.05), 1.0)
        ax.set_xlabel(text("survey.loading_x"))
        set_title(ax, text("survey.loading_title"))
    return ax
