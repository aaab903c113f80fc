"""Strategy-lab charts: strategies compared with intervals, Sobol indices, desk staffing (en/zh)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from recovery.plots._style import BAD, GOOD, NEUTRAL, PALETTE, house_style, label

__all__ = ["strategy_comparison", "sobol_chart", "staffing_chart"]

_OUTPUT_NAMES = {
    "retention": ("retention", "留存率"), "satisfaction": ("mean satisfaction", "平均满意度"),
    "net_wom_per_1000": ("net word of mouth per 1,000", "每千人净口碑"),
    "value_per_1000": ("value per 1,000 customers", "每千名顾客的价值"),
}
_STRATEGY_NAMES = {
    "by_the_book": ("by the book", "按规程处理"), "emotion_first": ("emotion first", "先处理情绪"),
    "fast_local": ("fast local resolution", "快速就地解决"), "generous_compensation": ("generous compensation", "慷慨补偿"),
    "lower_expectations": ("lowering expectations", "降低期望"), "follow_up_call": ("follow-up call", "回访电话"),
}


def strategy_comparison(summary, ax=None):
    """One panel per output: each strategy's mean with its interval, from
    :func:`recovery.sweep.summarize` grouped by ``named_strategy``.

    >>> import pandas as pd
    >>> s = pd.DataFrame({"named_strategy": ["by_the_book"], "output": ["retention"], "mean": [0.8],
    ...                   "ci_low": [0.79], "ci_high": [0.81], "n": [3]})
    >>> fig = strategy_comparison(s)
    """
    outputs = list(dict.fromkeys(summary["output"]))
    with house_style():
        fig, axes = plt.subplots(1, len(outputs), figsize=(3.6 * len(outputs), 3.8), sharey=True, squeeze=False)
        for ax_, out in zip(axes[0], outputs):
            part = summary[summary["output"] == out].reset_index(drop=True)
            y = np.arange(len(part))
            best = part["mean"].idxmax()
            colours = [GOOD if i == best else NEUTRAL for i in range(len(part))]
            ax_.hlines(y, part["ci_low"], part["ci_high"], color=colours, lw=3)
            ax_.scatter(part["mean"], y, color=colours, zorder=3)
            ax_.set_title(label(*_OUTPUT_NAMES.get(out, (out, out))), fontsize=10)
            ax_.xaxis.set_major_locator(plt.MaxNLocator(3))
            ax_.set_yticks(y, [label(*_STRATEGY_NAMES.get(s, (s, s))) for s in part["named_strategy"]])
        axes[0][0].invert_yaxis()
        fig.suptitle(label("Recovery strategies compared (95% intervals over replications)",
                           "补救策略比较（重复模拟的 95% 区间）"), x=0.01, ha="left",
                     fontweight=plt.rcParams["axes.titleweight"])
        fig.tight_layout()
    return fig


def sobol_chart(indices, names: dict | None = None, ax=None):
    """First-order and total Sobol indices per lever (from :func:`recovery.sweep.sobol_indices`).

    >>> import pandas as pd
    >>> ax = sobol_chart(pd.DataFrame({"parameter": ["a"], "S1": [0.5], "S1_conf": [0.1], "ST": [0.6],
    ...                                "ST_conf": [0.1]}))
    """
    names = names or {}
    order = indices.sort_values("ST", ascending=True)
    with house_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 0.5 * len(order) + 1.5))
        y = np.arange(len(order))
        ax.barh(y + 0.2, order["ST"], 0.4, xerr=order["ST_conf"], color=PALETTE["blue"],
                label=label("total effect", "总效应"))
        ax.barh(y - 0.2, order["S1"], 0.4, xerr=order["S1_conf"], color=PALETTE["orange"],
                label=label("alone (first order)", "单独效应（一阶）"))
        ax.set_yticks(y, [label(*names.get(p, (p, p))) for p in order["parameter"]])
        ax.set_xlabel(label("share of the variance of the outcome", "占结果方差的比例"))
        ax.set_title(label("Which levers matter most (Sobol indices)", "哪些杠杆最重要（Sobol 指数）"))
        ax.legend(loc="lower right")
        ax.figure.tight_layout()
    return ax


def staffing_chart(curve, ax=None):
    """Agents on the desk against time to resolution (left axis) and retained value (right),
    from :func:`recovery.desk.staffing_curve`. Optional columns: ``value_low`` /
    ``value_high`` (an interval band for the value), ``overloaded`` (those staffing levels are
    shaded: the queue grows without bound there).

    >>> import pandas as pd
    >>> ax = staffing_chart(pd.DataFrame({"agents": [2, 3], "mean_days": [3.0, 1.0], "value_per_1000": [900, 950]}))
    """
    with house_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 4))
        if "overloaded" in curve and curve["overloaded"].any():
            worst = curve.loc[curve["overloaded"], "agents"].max()
            ax.axvspan(curve["agents"].min() - 0.5, worst + 0.5, color=PALETTE["grey"], alpha=0.15,
                       label=label("overloaded: the queue keeps growing", "超负荷：队列持续增长"))
        ax.plot(curve["agents"], curve["mean_days"], "o-", color=BAD, lw=2, label=label("days to resolution", "解决天数"))
        ax.set_xlabel(label("agents on the complaint desk", "投诉处理坐席人数"))
        ax.set_ylabel(label("mean days to resolution", "平均解决天数"), color=BAD)
        right = ax.twinx()
        if {"value_low", "value_high"} <= set(curve.columns):
            right.fill_between(curve["agents"], curve["value_low"], curve["value_high"], color=GOOD, alpha=0.2, lw=0)
        right.plot(curve["agents"], curve["value_per_1000"], "s--", color=GOOD, lw=2,
                   label=label("value per 1,000 customers", "每千名顾客的价值"))
        right.set_ylabel(label("value per 1,000 customers", "每千名顾客的价值"), color=GOOD)
        right.grid(False)
        handles = [h for a in (ax, right) for h in a.get_legend_handles_labels()[0]]
        ax.legend(handles, [h.get_label() for h in handles], loc="upper center", bbox_to_anchor=(0.5, -0.16),
                  ncol=len(handles), fontsize=8, frameon=False)
        ax.set_title(label("Desk staffing: speed and what it is worth", "坐席配置：速度及其价值"))
        ax.figure.tight_layout()
    return ax
