"""Word-of-mouth charts: reach over time, and what the firm sees of its failures (en/zh)."""
from __future__ import annotations

from recovery.plots._catalog import text
from recovery.plots._style import BAD, GOOD, NEUTRAL, PALETTE, SILENT, house_style, legend_outside, new_axes, set_title, thick, thousands

__all__ = ["reach_over_time", "what_the_firm_sees"]


def reach_over_time(reach, reference: float | None = None, ax=None):
    """Cumulative people reached per step, one line per story ("bad" / "good").

    Parameters
    ----------
    reach : pandas.DataFrame
        Columns step, reached, story, as :func:`recovery.wom.independent_cascade` gives them (with
        a story column added); several runs per story are averaged.
    reference : float, optional
        A horizontal line named in the legend (e.g. Girard's 250).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure sized for the current medium.

    Returns
    -------
    matplotlib.axes.Axes
        The chart (its figure is ``ax.figure``).

    References
    ----------
    Seed 002 and literature 2.5 (word of mouth and diffusion) in ``docs/sources.md``.

    Examples
    --------
    >>> import pandas as pd
    >>> ax = reach_over_time(pd.DataFrame({"step": [0, 1, 0, 1], "reached": [1, 20, 1, 10],
    ...                                    "story": ["bad", "bad", "good", "good"]}), reference=250)
    """
    styles = {"bad": ("reach.bad", BAD, "-"), "good": ("reach.good", GOOD, "--")}
    with house_style():
        _, ax = new_axes(ax)
        for story, part in reach.groupby("story"):
            key, colour, style = styles[story]
            mean = part.groupby("step")["reached"].mean()
            ax.plot(mean.index, mean.to_numpy(), style, color=colour, lw=thick(2.4), label=text(key))
        if reference is not None:
            ax.axhline(reference, color=PALETTE["grey"], lw=thick(1.5), ls=":",
                       label=text("reach.girard", n=f"{reference:g}"))
        ax.set_ylim(bottom=0)
        thousands(ax.yaxis)
        ax.set_xlabel(text("reach.step"))
        ax.set_ylabel(text("reach.y"))
        set_title(ax, text("reach.title"))
        legend_outside(ax)
    return ax


def what_the_firm_sees(counts: dict, ax=None):
    """What the firm sees of its failures: failures, complaints voiced, recorded, silent exits.

    The gap between the failures and the complaints recorded is the iceberg under the waterline.

    Parameters
    ----------
    counts : dict
        A simulation's totals under the keys ``failures``, ``complaints_voiced``,
        ``complaints_recorded`` and ``silent_exits``.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure sized for the current medium.

    Returns
    -------
    matplotlib.axes.Axes
        The chart (its figure is ``ax.figure``).

    References
    ----------
    Seed 004 and literature 2.1.1 (the 4% is an observation rate, not a voice rate) in
    ``docs/sources.md``.

    Examples
    --------
    >>> ax = what_the_firm_sees({"failures": 100, "complaints_voiced": 50, "complaints_recorded": 4,
    ...                          "silent_exits": 30})
    """
    bars = [("failures", "sees.failures", NEUTRAL), ("complaints_voiced", "sees.voiced", PALETTE["orange"]),
            ("complaints_recorded", "sees.recorded", BAD), ("silent_exits", "sees.silent_exits", SILENT)]
    with house_style():
        _, ax = new_axes(ax, rows=len(bars))
        values = [counts[k] for k, _, _ in bars]
        ax.barh([text(key) for _, key, _ in bars], values, color=[c for _, _, c in bars])
        for i, v in enumerate(values):
            ax.text(v, i, f" {v:,.0f}", va="center")
        ax.invert_yaxis()
        ax.set_xlim(0, max(values) * 1.25)
        thousands(ax.xaxis, 4)
        ax.set_xlabel(text("sees.customers"))
        set_title(ax, text("sees.title"))
    return ax
