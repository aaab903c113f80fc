"""Teaching charts of the seed figures: the complaint iceberg, word of mouth, the economics."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import ticker

from recovery.datasets import load_dataset
from recovery.plots._catalog import name, text
from recovery.plots._style import BAD, GOOD, PALETTE, SILENT, house_style, new_axes, set_title, thick

__all__ = ["iceberg", "word_of_mouth_counts", "complaint_economics", "construct_correlations"]


def _figures() -> dict:
    return load_dataset("seed_figures").set_index("key")["value"].to_dict()


def iceberg(ax=None, n_dissatisfied: int = 100):
    """The complaint iceberg: of 100 dissatisfied customers 4 complain to the firm, 96 do not.

    One dot per customer; those above the waterline are the complaints the firm hears. (The
    seed's "they never come back" is not drawn: seed 002 gives 91% only after very bad service,
    and the simulation shows many tell others and stay.)

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure sized for the current medium.
    n_dissatisfied : int, default 100
        Dissatisfied customers drawn, one dot each; the complaining share is the seed figure
        ``complaining_share``.

    Returns
    -------
    matplotlib.axes.Axes
        The chart (its figure is ``ax.figure``).

    References
    ----------
    Seed 004 (4 of 100 dissatisfied customers complain) and literature 1a (the TARP studies) in
    ``docs/sources.md``.

    Examples
    --------
    >>> ax = iceberg()
    """
    fig = _figures()
    n_voice = int(round(fig["complaining_share"] * n_dissatisfied))
    cols = 10
    rows_below = int(np.ceil((n_dissatisfied - n_voice) / cols))
    with house_style():
        _, ax = new_axes(ax)
        ax.axhspan(-rows_below - 0.6, 0, color=PALETTE["sky"], alpha=0.18, lw=0, gid="background")
        ax.axhline(0, color=PALETTE["blue"], lw=thick(1.5))
        size = thick(9) ** 2
        above_x = np.arange(n_voice) - (n_voice - 1) / 2 + (cols - 1) / 2
        ax.scatter(above_x, np.full(n_voice, 1.0), s=size, color=BAD, zorder=3)
        idx = np.arange(n_dissatisfied - n_voice)
        ax.scatter(idx % cols, -1 - idx // cols, s=size, color=SILENT, edgecolor=PALETTE["blue"],
                   lw=thick(0.6), zorder=3)
        ax.text(cols + 0.2, 1.0, text("iceberg.voice", n=n_voice), va="center", color=BAD)
        ax.text(cols + 0.2, -(rows_below + 1) / 2, text("iceberg.silent", n=n_dissatisfied - n_voice),
                va="center", color=PALETTE["blue"])
        ax.text(cols + 0.2, -0.2, text("iceberg.waterline"), va="top", color=PALETTE["blue"])
        ax.set(xlim=(-0.7, 2.3 * cols), ylim=(-rows_below - 0.8, 2.0), xticks=[], yticks=[])
        ax.grid(False)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        set_title(ax, text("iceberg.title", n=n_dissatisfied))
    return ax


def word_of_mouth_counts(ax=None):
    """People told after good vs bad service: 9-12 vs 20.

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure sized for the current medium.

    Returns
    -------
    matplotlib.axes.Axes
        The chart (its figure is ``ax.figure``).

    References
    ----------
    Seed 002 (``wom_told_good_low``, ``wom_told_good_high``, ``wom_told_bad`` in ``docs/sources.md``).

    Examples
    --------
    >>> ax = word_of_mouth_counts()
    """
    fig = _figures()
    low, high, bad = fig["wom_told_good_low"], fig["wom_told_good_high"], fig["wom_told_bad"]
    with house_style():
        _, ax = new_axes(ax, rows=2)
        names = [text("wom.good_service"), text("wom.bad_service")]
        ax.barh(names[0], high, color=GOOD, alpha=0.35, hatch="//", edgecolor=GOOD)
        ax.barh(names[0], low, color=GOOD)
        ax.barh(names[1], bad, color=BAD)
        ax.text(high + 0.3, 0, text("people", n=f"{low:g}-{high:g}"), va="center")
        ax.text(bad + 0.3, 1, text("people", n=f"{bad:g}"), va="center")
        ax.set_xlim(0, bad * 1.35)
        ax.set_xlabel(text("wom.people_told"))
        set_title(ax, text("wom.title"))
        ax.invert_yaxis()
    return ax


def complaint_economics():
    """The economics of complaints in two panels, each on its own scale.

    People (the complaint leverage, the diffusion ratio, Girard's 250) and cost multiples (seed
    004's six times dearer to win a customer than to keep one, seed 003's 1-10-100 rule, on a log
    scale): people are not cost multiples.

    Returns
    -------
    matplotlib.figure.Figure
        The two-panel chart.

    References
    ----------
    Seeds 003 and 004 in ``docs/sources.md``; Labovitz, G., & Chang, Y. S. (1992), the 1-10-100
    rule.

    Examples
    --------
    >>> fig = complaint_economics()
    """
    f = _figures()
    panels = [
        ("econ.people_panel", PALETTE["blue"], "{:g}", [
            ("econ.leverage", f["complaint_leverage"]), ("econ.diffusion", f["diffusion_ratio"]),
            ("econ.girard", f["girard_reach"])]),
        ("econ.cost_panel", PALETTE["orange"], "{:g}×", [
            ("econ.acquisition", f["acquisition_cost_ratio"]), ("econ.prevention", f["cost_prevention"]),
            ("econ.correction", f["cost_correction"]), ("econ.failure", f["cost_failure"])]),
    ]
    with house_style():
        fig, axes = new_axes(None, rows=9, nrows=2, height_ratios=[3, 4])
        for ax, (title, colour, fmt, rows) in zip(axes, panels):
            names, values = [text(k) for k, _ in rows], [v for _, v in rows]
            ax.barh(names, values, color=colour)
            log = title == "econ.cost_panel"
            for i, v in enumerate(values):
                ax.text(v * 1.15 if log else v + max(values) * 0.02, i, fmt.format(v), va="center")
            if log:
                ax.set_xscale("log")
                ax.set_xlim(0.5, max(values) * 6)
                ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}×"))
            else:
                ax.set_xlim(0, max(values) * 1.2)
            ax.invert_yaxis()
            ax.set_title(text(title), loc="left", fontsize=plt.rcParams["font.size"])
        set_title(fig, text("econ.title"))
    return fig


def construct_correlations(data: pd.DataFrame, blocks: dict[str, list[str]], names: dict[str, tuple[str, str]] | None = None, ax=None):
    """Correlations between construct means (each block's items averaged): a first look at a survey.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent, the items as columns.
    blocks : dict of str to list of str
        Each construct's items.
    names : dict of str to (str, str), optional
        A construct's (English, Chinese) display names; default: the catalogue's ECSI names.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure sized for the current medium.

    Returns
    -------
    matplotlib.axes.Axes
        The chart (its figure is ``ax.figure``).

    Examples
    --------
    >>> from recovery.datasets import load_dataset
    >>> ax = construct_correlations(load_dataset("ecsi_mobi"), {"CUSA": ["CUSA1", "CUSA2", "CUSA3"], "CUSL": ["CUSL1", "CUSL3"]})
    """
    means = pd.DataFrame({name("construct", k, names): data[items].mean(axis=1) for k, items in blocks.items()})
    corr = means.corr()
    with house_style():
        _, ax = new_axes(ax)
        mask = np.triu(np.ones_like(corr, dtype=bool), k=1)
        sns.heatmap(corr, mask=mask, annot=True, fmt=".2f", vmin=0, vmax=1, cmap="mako_r", square=True,
                    cbar_kws={"label": text("corr.bar")}, ax=ax)
        for t in ax.texts:
            t.set_gid("on-data")  # a cell's value, written on its cell
        ax.grid(False)
        set_title(ax, text("corr.title"))
    return ax
