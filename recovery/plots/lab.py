"""Strategy-lab charts: strategies compared with intervals, Sobol indices, desk staffing (en/zh)."""
from __future__ import annotations

import numpy as np

from recovery.plots._catalog import name, text
from recovery.plots._style import BAD, GOOD, NEUTRAL, PALETTE, house_style, legend_outside, new_axes, set_title, thick, thousands

__all__ = ["strategy_comparison", "sobol_chart", "staffing_chart"]

#: Outputs shown in percent (they are shares).
_PERCENT = {"retention"}


def _off_scale(mean, low, high) -> int | None:
    """Index of one strategy whose mean lies beyond the others' intervals by more than 3 times
    their whole span, so drawing it would squash the others; or None."""
    if len(mean) < 3:
        return None
    order = np.argsort(mean)
    for far, rest in ((order[-1], order[:-1]), (order[0], order[1:])):
        lo, hi = low[rest].min(), high[rest].max()
        span = (hi - lo) or abs(hi) or 1.0
        if max(mean[far] - hi, lo - mean[far]) > 3 * span:
            return int(far)
    return None


def strategy_comparison(summary):
    """One panel per output: each strategy's mean with its interval.

    A strategy far off the others' scale is drawn as an arrow at the panel's edge with its value,
    so it does not squash the rest.

    Parameters
    ----------
    summary : pandas.DataFrame
        :func:`recovery.sweep.summarize` grouped by ``named_strategy``: columns named_strategy,
        output, mean, ci_low, ci_high.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per output (two by two for four outputs).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"named_strategy": ["by_the_book"], "output": ["retention"], "mean": [0.8],
    ...                   "ci_low": [0.79], "ci_high": [0.81], "n": [3]})
    >>> fig = strategy_comparison(s)
    """
    outputs = list(dict.fromkeys(summary["output"]))
    grid = (2, 2) if len(outputs) == 4 else (1, len(outputs))
    with house_style():
        fig, axes = new_axes(None, rows=2 * len(set(summary["named_strategy"])), nrows=grid[0], ncols=grid[1],
                             sharey=True, squeeze=False)
        for ax, out in zip(axes.flat, outputs):
            part = summary[summary["output"] == out].reset_index(drop=True)
            scale = 100.0 if out in _PERCENT else 1.0
            mean, low, high = (scale * part[c].to_numpy() for c in ("mean", "ci_low", "ci_high"))
            y = np.arange(len(part))
            colours = np.array([GOOD if i == mean.argmax() else NEUTRAL for i in range(len(part))])
            far = _off_scale(mean, low, high)
            keep = np.arange(len(part)) != far if far is not None else np.ones(len(part), bool)
            ax.hlines(y[keep], low[keep], high[keep], color=colours[keep], lw=thick(4))
            ax.scatter(mean[keep], y[keep], color=colours[keep], zorder=3, s=thick(7) ** 2)
            lo, hi = low[keep].min(), high[keep].max()
            pad = 0.08 * (hi - lo or abs(hi) or 1.0)
            right = far is not None and mean[far] > hi  # beyond the others' intervals on the right
            # the off-scale arrow gets room inside the panel, on its own side, clear of the tick labels
            ax.set_xlim(lo - (3 if far is not None and not right else 1) * pad, hi + (3 if right else 1) * pad)
            if far is not None:
                edge = hi + 2 * pad if right else lo - 2 * pad
                ax.scatter([edge], [y[far]], marker=">" if right else "<", color=colours[far], s=thick(12) ** 2,
                           zorder=3)
                ax.annotate(text("off_scale", value=f"{mean[far]:,.0f}"), (edge, y[far]), va="center",
                            xytext=(-thick(14) if right else thick(14), 0), textcoords="offset points",
                            ha="right" if right else "left", color=colours[far])
            ax.set_title(name("output", out), loc="left",
                         fontsize=ax.yaxis.label.get_fontsize())
            thousands(ax.xaxis, 3)
            ax.set_yticks(y, [name("named", s) for s in part["named_strategy"]])
        for ax in axes.flat[len(outputs):]:
            ax.set_visible(False)
        axes[0][0].invert_yaxis()
        set_title(fig, text("strategy.title"))
    return fig


def sobol_chart(indices, names: dict | None = None, ax=None):
    """First-order and total Sobol indices per lever, with their confidence bars.

    Parameters
    ----------
    indices : pandas.DataFrame
        :func:`recovery.sweep.sobol_indices`' result: columns parameter, S1, S1_conf, ST, ST_conf.
    names : dict of str to (str, str), optional
        (English, Chinese) names for levers the catalogue does not know.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure sized for the current medium.

    Returns
    -------
    matplotlib.axes.Axes
        The chart (its figure is ``ax.figure``).

    References
    ----------
    Saltelli, A. et al. (2010), Variance based sensitivity analysis of model output, Computer
    Physics Communications 181(2), 259-270 (the estimators of SALib's ``sobol.analyze``).

    Examples
    --------
    >>> import pandas as pd
    >>> ax = sobol_chart(pd.DataFrame({"parameter": ["a"], "S1": [0.5], "S1_conf": [0.1], "ST": [0.6],
    ...                                "ST_conf": [0.1]}))
    """
    order = indices.sort_values("ST", ascending=True)
    with house_style():
        _, ax = new_axes(ax, rows=2 * len(order))
        y = np.arange(len(order))
        ax.barh(y + 0.2, order["ST"], 0.4, xerr=order["ST_conf"], color=PALETTE["blue"], label=text("sobol.total"))
        ax.barh(y - 0.2, order["S1"], 0.4, xerr=order["S1_conf"], color=PALETTE["orange"], label=text("sobol.first"))
        ax.set_yticks(y, [name("lever", p, names) for p in order["parameter"]])
        ax.set_xlabel(text("sobol.x"))
        set_title(ax, text("sobol.title"))
        legend_outside(ax)
    return ax


def staffing_chart(curve, ax=None):
    """Agents on the desk against time to resolution (left axis) and retained value (right axis).

    Parameters
    ----------
    curve : pandas.DataFrame
        :func:`recovery.desk.staffing_curve`' result: columns agents, mean_days, value_per_1000;
        optional ``value_low`` / ``value_high`` (an interval band for the value) and
        ``overloaded`` (those staffing levels are shaded: the queue grows without bound there).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure sized for the current medium.

    Returns
    -------
    matplotlib.axes.Axes
        The chart (its figure is ``ax.figure``).

    Examples
    --------
    >>> import pandas as pd
    >>> ax = staffing_chart(pd.DataFrame({"agents": [2, 3], "mean_days": [3.0, 1.0], "value_per_1000": [900, 950]}))
    """
    with house_style():
        fig, ax = new_axes(ax)
        if "overloaded" in curve and curve["overloaded"].any():
            worst = curve.loc[curve["overloaded"], "agents"].max()
            ax.axvspan(curve["agents"].min() - 0.5, worst + 0.5, color=PALETTE["grey"], alpha=0.15, gid="background",
                       label=text("staff.overloaded"))
        ax.plot(curve["agents"], curve["mean_days"], "o-", color=BAD, lw=thick(2.4), label=text("staff.days"))
        ax.set_xlabel(text("staff.agents"))
        ax.set_ylabel(text("staff.days_y"), color=BAD)
        right = ax.twinx()
        if {"value_low", "value_high"} <= set(curve.columns):
            right.fill_between(curve["agents"], curve["value_low"], curve["value_high"], color=GOOD, alpha=0.2, lw=0)
        right.plot(curve["agents"], curve["value_per_1000"], "s--", color=GOOD, lw=thick(2.4),
                   label=text("staff.value"))
        right.set_ylabel(text("staff.value"), color=GOOD)
        right.grid(False)
        thousands(right.yaxis, 4)
        handles = [h for a in (ax, right) for h in a.get_legend_handles_labels()[0]]
        ax.legend(handles, [h.get_label() for h in handles], loc="lower left", bbox_to_anchor=(0, 1.01), ncol=2,
                  borderaxespad=0)
        set_title(fig, text("staff.title"))  # above the legend
    return ax
