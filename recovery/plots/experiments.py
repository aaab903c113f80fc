"""Scenario-experiment charts: power curves and cell means (en/zh)."""
from __future__ import annotations

from recovery.plots._catalog import name, text
from recovery.plots._style import CYCLE, PALETTE, house_style, label, legend_outside, new_axes, set_title, thick

__all__ = ["power_chart", "cell_means"]


def power_chart(curves, target: float = 0.8, names: dict | None = None, title: tuple[str, str] | None = None,
                ax=None):
    """Power against respondents per cell, one line per effect, with the target power marked.

    Parameters
    ----------
    curves : pandas.DataFrame
        :func:`recovery.experiments.power_curve`' frames with an ``effect`` column: columns
        n_per_cell, power, effect.
    target : float, default 0.8
        The power to reach, drawn as a line.
    names : dict of str to (str, str), optional
        (English, Chinese) names of the effects; default: the catalogue's factor names, ``a:b``
        drawn as a x b.
    title : (str, str), optional
        An (English, Chinese) title for a chart that is not the sample-size question.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure sized for the current medium.

    Returns
    -------
    matplotlib.axes.Axes
        The chart (its figure is ``ax.figure``).

    Examples
    --------
    >>> import pandas as pd
    >>> ax = power_chart(pd.DataFrame({"n_per_cell": [10, 20], "power": [0.3, 0.6], "effect": ["d = 0.5"] * 2}))
    """
    def show(effect):
        if names and effect in names:
            return label(*names[effect])
        return " × ".join(name("factor", part) for part in str(effect).split(":"))

    with house_style():
        _, ax = new_axes(ax)
        for effect, part in curves.groupby("effect", sort=False):
            ax.plot(part["n_per_cell"], part["power"], marker="o", lw=thick(2.4), label=show(effect))
        ax.axhline(target, color=PALETTE["grey"], ls="--", lw=thick(1.2), label=text("power.target", p=target))
        ax.set_xscale("log")
        ax.set_xticks(sorted(curves["n_per_cell"].unique()), [f"{n:g}" for n in sorted(curves["n_per_cell"].unique())])
        ax.minorticks_off()
        ax.set_ylim(0, 1.02)
        ax.set_xlabel(text("power.x"))
        ax.set_ylabel(text("power.y"))
        set_title(ax, label(*title) if title else text("power.title"))
        legend_outside(ax)
    return ax


def cell_means(data, outcome_column: str, x: str, hue: str | None = None, names: dict | None = None, ax=None):
    """Mean of a scale score by the levels of ``x`` (and ``hue``), with 95% intervals.

    The interaction plot of a scenario experiment; the factors are named from the catalogue.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    outcome_column : str
        The scale score to average.
    x : str
        The factor on the horizontal axis.
    hue : str, optional
        A second factor, one line per level.
    names : dict of str to (str, str), optional
        (English, Chinese) names for factors the catalogue does not know.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure sized for the current medium.

    Returns
    -------
    matplotlib.axes.Axes
        The chart (its figure is ``ax.figure``).

    Examples
    --------
    >>> import pandas as pd
    >>> ax = cell_means(pd.DataFrame({"s": [1, 2, 3, 4], "a": [0, 0, 1, 1], "b": [0, 1, 0, 1]}), "s", "a", "b")
    """
    import seaborn as sns

    with house_style():
        _, ax = new_axes(ax)
        sns.pointplot(data=data, x=x, y=outcome_column, hue=hue, errorbar=("ci", 95), dodge=0.15, ax=ax,
                      palette=CYCLE[:data[hue].nunique()] if hue else None, color=None if hue else CYCLE[0])
        ax.set_ylabel(text("cells.y"))
        ax.set_xlabel(name("factor", x, names))
        if hue:
            legend_outside(ax, title=name("factor", hue, names))
        set_title(ax, text("cells.title"))
    return ax
