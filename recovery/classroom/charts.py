"""The classroom app's charts, in the house style (:mod:`recovery.plots._style`), every label
from :mod:`recovery.classroom.messages`. Each returns a new matplotlib ``Figure`` (no pyplot
state, so many browser sessions can draw side by side).

>>> from recovery.classroom.charts import iceberg_waffle
>>> fig = iceberg_waffle(guess=10, lang="zh")
>>> fig.axes[0].get_title("left")
'我们的猜测：100人中有10人向企业投诉'
"""
from __future__ import annotations

import contextlib

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from recovery.classroom.messages import text
from recovery.plots._style import BAD, GOOD, NEUTRAL, PALETTE, SILENT, get_language, house_style, set_language

__all__ = ["ParadoxChart", "iceberg_waffle", "network_chart"]

_GROUPS = {"no_failure": (NEUTRAL, "-"), "recovered": (GOOD, "-"), "silent": (SILENT, ":")}


@contextlib.contextmanager
def _style(lang: str):
    """The house style with ``lang``'s fonts; the global chart language is restored afterwards."""
    before = get_language()
    set_language(lang)
    try:
        with house_style():
            yield
    finally:
        set_language(before)


class ParadoxChart:
    """The explorer's two panels, drawn once and updated in place on every slider move: the
    satisfaction of each group compared with the no-failure group (its zero line) and the share
    still a customer, per week. Axes are fixed (``limits["satisfaction"]`` for the difference,
    ``limits["still_customer"]``); a line that leaves the fixed range is marked with its lowest
    value; the failure week is marked; the legend gives each group's current settings.

    >>> import numpy as np
    >>> weeks = np.arange(1, 7)
    >>> paths = {g: {"week": weeks, "satisfaction": np.zeros(6), "still_customer": np.full(6, 90.0)}
    ...          for g in ("no_failure", "recovered", "silent")}
    >>> chart = ParadoxChart({"satisfaction": (-0.2, 0.05), "still_customer": (0, 100)}, 3, weeks, "en")
    >>> chart.update(paths, {"no_failure": "a", "recovered": "b", "silent": "c"})
    >>> [t.get_text() for t in chart.figure.legends[0].get_texts()]
    ['a', 'b', 'c']
    """

    def __init__(self, limits: dict, failure_week: int, weeks, lang: str = "en"):
        self.lang, self.limits = lang, limits
        with _style(lang):
            # a fixed layout (the axes never move): constrained layout would lay out every text
            # several times per redraw, most of the redraw's time on a busy 2-core machine
            self.figure = fig = Figure(figsize=(11, 5.0))
            fig.subplots_adjust(left=0.085, right=0.985, top=0.92, bottom=0.33, wspace=0.22)
            self.left, self.right = left, right = fig.subplots(1, 2)
            self.lines = {}
            for group, (colour, style) in _GROUPS.items():
                self.lines[group] = (left.plot(weeks, np.zeros(len(weeks)), style, color=colour, lw=2.6)[0],
                                     right.plot(weeks, np.zeros(len(weeks)), style, color=colour, lw=2.6)[0])
            for ax in (left, right):
                ax.axvline(failure_week, color=BAD, lw=1.2, ls="--")
                ax.set_xlim(weeks[0] - 0.5, weeks[-1] + 0.5)
                ax.set_xticks(weeks[::2])
                ax.set_xlabel(text("axis_week", lang))
                ax.annotate(text("failure_week", lang), (failure_week, 0), xycoords=("data", "axes fraction"),
                            xytext=(-4, 4), textcoords="offset points", ha="right", va="bottom", color=BAD)
            left.set_ylim(*limits["satisfaction"])
            right.set_ylim(limits["still_customer"][0], 100.5)
            left.set_ylabel(text("axis_satisfaction", lang))
            right.set_ylabel(text("axis_still_customer", lang))
            left.set_title(text("paradox_title", lang))
            right.set_title(text("path_title", lang))
            self.legend = fig.legend([pair[0] for pair in self.lines.values()], list(self.lines), loc="lower center",
                                     bbox_to_anchor=(0.5, 0.0), ncols=1, fontsize="medium")
        self.marks = []

    def update(self, paths: dict, legend: dict) -> None:
        """Show ``paths`` (``group -> {"week", "satisfaction", "still_customer"}``) with ``legend``."""
        base = paths["no_failure"]["satisfaction"]
        low = self.limits["satisfaction"][0]
        for mark in self.marks:
            mark.remove()
        self.marks = []
        with _style(self.lang):
            for (group, (left, right)), label in zip(self.lines.items(), self.legend.get_texts()):
                gap = paths[group]["satisfaction"] - base
                left.set_ydata(gap)
                right.set_ydata(paths[group]["still_customer"])
                label.set_text(legend[group])
                if gap.min() < low:
                    at = int(np.argmin(gap))
                    self.marks.append(self.left.annotate(
                        f"\u2193 {gap[at]:.2f}", (paths[group]["week"][at], low), xytext=(6, 6),
                        textcoords="offset points", color=left.get_color(), ha="left", va="bottom",
                        fontweight="bold"))


def iceberg_waffle(guess: int, split: dict | None = None, lang: str = "en") -> Figure:
    """100 customers hit by a failure as a 10 x 10 grid. Before the reveal (``split=None``) the
    room's ``guess`` is marked; after it, ``split`` (``reached_firm``, ``complained``,
    ``left_silently`` per 100 from the model) colours who reached the firm, who complained to
    someone else and who said nothing.

    Parameters
    ----------
    guess : int
        The room's guess: how many of 100 reach the firm.
    split : dict, optional
        The model's ``reached_firm``, ``complained``, ``left_silently`` per 100; None before the
        reveal.
    lang : {'en', 'zh'}, default 'en'
        Language of every label.

    Returns
    -------
    matplotlib.figure.Figure
        The grid.

    Examples
    --------
    >>> fig = iceberg_waffle(30)
    >>> len(fig.axes) >= 1
    True
    """
    with _style(lang):
        fig = Figure(figsize=(6.4, 5.6), layout="constrained")
        ax = fig.subplots()
        index = np.arange(100)
        x, y = index % 10, 9 - index // 10
        if split is None:
            colours = np.where(index < guess, BAD, NEUTRAL)
            title = text("iceberg_guess_title", lang, guess=guess)
            handles = [(BAD, text("iceberg_reached", lang)), (NEUTRAL, text("iceberg_unknown", lang))]
        else:
            reached = int(round(split["reached_firm"]))
            told = int(round(split["complained"])) - reached
            colours = np.where(index < reached, BAD, np.where(index < reached + told, PALETTE["orange"], SILENT))
            title = text("iceberg_title", lang)
            handles = [(BAD, text("iceberg_reached", lang)), (PALETTE["orange"], text("iceberg_told_someone", lang)),
                       (SILENT, text("iceberg_silent", lang))]
        ax.scatter(x, y, s=330, c=colours, marker="o", edgecolors="white", linewidths=1.5)
        ax.set_xlim(-0.7, 9.7)
        ax.set_ylim(-0.7, 9.7)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(title)
        fig.legend([Line2D([], [], ls="", marker="o", ms=13, color=c) for c, _ in handles],
                   [name for _, name in handles], loc="outside lower center", ncols=len(handles) if
                   len(handles) < 3 else 1, fontsize="medium")
    return fig


def network_chart(positions: np.ndarray, edges: np.ndarray, reached_at: np.ndarray, step: int,
                  history: list[int], story: str, lang: str = "en") -> Figure:
    """Word of mouth on a network after ``step`` retelling steps: the first customer, those who
    heard the story by now (``reached_at`` <= step, -1 = never), the others; and beside it the
    people reached per step so far (``history``).

    Parameters
    ----------
    positions : numpy.ndarray
        Each person's (x, y) place, one row per person.
    edges : numpy.ndarray
        Pairs of people who know each other, one row per pair.
    reached_at : numpy.ndarray
        The step at which each person heard the story (-1: never).
    step : int
        Retelling steps shown.
    history : list of int
        People reached by each step so far.
    story : {'bad', 'good'}
        Which story spreads.
    lang : {'en', 'zh'}, default 'en'
        Language of every label.

    Returns
    -------
    matplotlib.figure.Figure
        The network and, beside it, the people reached per step.

    Examples
    --------
    >>> import numpy as np
    >>> pos, edges = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]), np.array([[0, 1], [0, 2]])
    >>> fig = network_chart(pos, edges, np.array([0, 1, -1]), 1, [1, 2], "bad")
    >>> len(fig.axes)
    2
    """
    colour = BAD if story == "bad" else GOOD
    with _style(lang):
        fig = Figure(figsize=(11, 4.8), layout="constrained")
        net, line = fig.subplots(1, 2, width_ratios=(1.3, 1))
        segments = positions[edges]
        from matplotlib.collections import LineCollection
        net.add_collection(LineCollection(segments, colors=PALETTE["grey"], linewidths=0.4, alpha=0.35))
        heard = (reached_at >= 0) & (reached_at <= step)
        net.scatter(*positions[~heard].T, s=22, color="white", edgecolors=NEUTRAL, linewidths=0.8)
        net.scatter(*positions[heard].T, s=30, color=colour)
        first = reached_at == 0
        net.scatter(*positions[first].T, s=160, color=PALETTE["black"], marker="*")
        net.set_aspect("equal")
        net.axis("off")
        net.set_title(text("wom_title", lang, step=step))
        net.legend([Line2D([], [], ls="", marker="*", ms=13, color=PALETTE["black"]),
                    Line2D([], [], ls="", marker="o", ms=8, color=colour),
                    Line2D([], [], ls="", marker="o", ms=8, color="white", markeredgecolor=NEUTRAL)],
                   [text("wom_legend_first", lang), text("wom_legend_heard", lang), text("wom_legend_not", lang)],
                   loc="upper left", bbox_to_anchor=(0, 0), ncols=3, fontsize="small")
        line.plot(range(len(history)), history, "-o", color=colour, lw=2.6)
        line.set_xlim(-0.3, 10.3)
        line.set_ylim(0, positions.shape[0] * 1.05)
        line.set_xlabel(text("wom_axis_step", lang))
        line.set_ylabel(text("wom_axis_reached", lang))
        line.set_title(text("wom_reached", lang, reached=history[-1]))
    return fig
