"""Word-of-mouth charts: reach over time, and what the firm sees of its failures (en/zh)."""
from __future__ import annotations

import matplotlib.pyplot as plt

from recovery.plots._style import BAD, GOOD, NEUTRAL, PALETTE, SILENT, house_style, label

__all__ = ["reach_over_time", "what_the_firm_sees"]


def reach_over_time(reach, reference: float | None = None, ax=None):
    """Cumulative people reached per step, one line per story ("bad" / "good"), from frames
    with columns step, reached, story (:func:`recovery.wom.independent_cascade` outputs).
    ``reference`` draws a horizontal line (e.g. Girard's 250).

    >>> import pandas as pd
    >>> ax = reach_over_time(pd.DataFrame({"step": [0, 1, 0, 1], "reached": [1, 20, 1, 10],
    ...                                    "story": ["bad", "bad", "good", "good"]}), reference=250)
    """
    names = {"bad": (label("bad service story", "差评故事"), BAD, "-"),
             "good": (label("good service story", "好评故事"), GOOD, "--")}
    with house_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 4))
        for story, part in reach.groupby("story"):
            name, colour, style = names[story]
            mean = part.groupby("step")["reached"].mean()
            ax.plot(mean.index, mean.to_numpy(), style, color=colour, lw=2.2, label=name)
        if reference is not None:
            ax.axhline(reference, color=PALETTE["grey"], lw=1, ls=":")
            ax.text(0, reference, label(f" Girard's {reference:g}", f" 吉拉德的 {reference:g} 人"),
                    va="bottom", color=PALETTE["grey"])
        ax.set_xlabel(label("retelling step", "转述轮次"))
        ax.set_ylabel(label("people reached (mean)", "触达人数（平均）"))
        ax.set_title(label("How far a story travels on the network", "一个故事在网络上能传多远"))
        ax.legend(loc="center right")
        ax.figure.tight_layout()
    return ax


def what_the_firm_sees(counts: dict, ax=None):
    """Bars: failures, complaints voiced, complaints recorded, silent exits (a simulation's
    totals). The gap between the first and the third is the iceberg under the waterline.

    >>> ax = what_the_firm_sees({"failures": 100, "complaints_voiced": 50, "complaints_recorded": 4,
    ...                          "silent_exits": 30})
    """
    bars = [("failures", label("customers hit by a failure", "遭遇失误的顾客"), NEUTRAL),
            ("complaints_voiced", label("complained to someone", "向人投诉过"), PALETTE["orange"]),
            ("complaints_recorded", label("complaint reached the firm's records", "投诉进入企业记录"), BAD),
            ("silent_exits", label("left without a word", "一言不发就离开"), SILENT)]
    with house_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 3.6))
        values = [counts[k] for k, _, _ in bars]
        ax.barh([n for _, n, _ in bars], values, color=[c for _, _, c in bars])
        for i, v in enumerate(values):
            ax.text(v, i, f" {v:,.0f}", va="center")
        ax.invert_yaxis()
        ax.set_xlim(0, max(values) * 1.2)
        ax.set_xlabel(label("customers", "顾客人数"))
        ax.set_title(label("What the firm sees of its failures", "企业能看到多少失误"))
        ax.figure.tight_layout()
    return ax
