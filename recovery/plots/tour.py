"""Teaching charts of the seed figures: the complaint iceberg and word of mouth."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from recovery.datasets import load_dataset
from recovery.plots._style import BAD, GOOD, PALETTE, SILENT, house_style, label

__all__ = ["iceberg", "word_of_mouth_counts", "complaint_economics", "construct_correlations"]


def _figures() -> dict:
    return load_dataset("seed_figures").set_index("key")["value"].to_dict()


def iceberg(ax=None, n_dissatisfied: int = 100):
    """The complaint iceberg: of 100 dissatisfied customers 4 complain, 96 leave silently (seed 004).

    One dot per customer; those above the waterline are the complaints the firm sees.

    >>> ax = iceberg()
    """
    fig = _figures()
    n_voice = int(round(fig["complaining_share"] * n_dissatisfied))
    with house_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 5))
        cols = 10
        rows_below = int(np.ceil((n_dissatisfied - n_voice) / cols))
        ax.axhspan(-rows_below - 0.6, 0, color=PALETTE["sky"], alpha=0.18, lw=0)
        ax.axhline(0, color=PALETTE["blue"], lw=1.5)
        above_x = np.arange(n_voice) - (n_voice - 1) / 2 + (cols - 1) / 2
        ax.scatter(above_x, np.full(n_voice, 1.0), s=240, color=BAD, marker="o", zorder=3,
                   label=label(f"{n_voice} complain: the firm hears them",
                               f"{n_voice} 人投诉：企业听得到"))
        idx = np.arange(n_dissatisfied - n_voice)
        ax.scatter(idx % cols, -1 - idx // cols, s=240, color=SILENT, marker="o",
                   edgecolor=PALETTE["blue"], lw=0.6, zorder=3,
                   label=label(f"{n_dissatisfied - n_voice} leave silently and do not come back",
                               f"{n_dissatisfied - n_voice} 人默默离开，绝不回头"))
        ax.text(cols - 0.5, 0.15, label("waterline: what the firm sees", "水面：企业能看到的"),
                ha="right", va="bottom", fontsize=9, color=PALETTE["blue"])
        ax.set(xlim=(-1, cols), ylim=(-rows_below - 0.8, 2.2), xticks=[], yticks=[])
        ax.grid(False)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        ax.set_title(label(f"The complaint iceberg: {n_dissatisfied} dissatisfied customers",
                           f"投诉冰山：{n_dissatisfied} 位不满意的顾客"))
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.02), ncol=1)
        ax.figure.tight_layout()
    return ax


def word_of_mouth_counts(ax=None):
    """People told after good vs bad service: 9-12 vs 20 (seed 002).

    >>> ax = word_of_mouth_counts()
    """
    fig = _figures()
    low, high, bad = fig["wom_told_good_low"], fig["wom_told_good_high"], fig["wom_told_bad"]
    with house_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(6, 3.2))
        names = [label("Good service", "好的服务"), label("Bad service", "差的服务")]
        ax.barh(names[0], high, color=GOOD, alpha=0.35, hatch="//", edgecolor=GOOD)
        ax.barh(names[0], low, color=GOOD)
        ax.barh(names[1], bad, color=BAD)
        ax.text(high + 0.3, 0, label(f"{low:g}-{high:g} people", f"{low:g}-{high:g} 人"), va="center")
        ax.text(bad + 0.3, 1, label(f"{bad:g} people", f"{bad:g} 人"), va="center")
        ax.set_xlim(0, bad * 1.25)
        ax.set_xlabel(label("People the customer tells", "顾客告诉的人数"))
        ax.set_title(label("Word of mouth: bad news travels further",
                           "口碑：坏事传千里"))
        ax.invert_yaxis()
        ax.figure.tight_layout()
    return ax


def complaint_economics(ax=None):
    """The seed 004 ratios and the 1-10-100 rule (seed 003) on one log scale.

    >>> ax = complaint_economics()
    """
    fig = _figures()
    rows = [
        (label("silent customers behind each complaint", "每个投诉背后沉默的顾客"), fig["complaint_leverage"], BAD),
        (label("satisfied customers to balance one lost", "抵消一个流失顾客所需的满意顾客"), fig["diffusion_ratio"], BAD),
        (label("cost of winning vs keeping a customer", "获取新顾客与维系老顾客的成本比"), fig["acquisition_cost_ratio"], PALETTE["orange"]),
        (label("people each customer reaches (Girard)", "每位顾客影响的人数（吉拉德）"), fig["girard_reach"], PALETTE["purple"]),
        (label("1-10-100: prevention", "1-10-100：预防"), fig["cost_prevention"], GOOD),
        (label("1-10-100: correction", "1-10-100：纠正"), fig["cost_correction"], PALETTE["orange"]),
        (label("1-10-100: failure reaching the customer", "1-10-100：失误到达顾客"), fig["cost_failure"], BAD),
    ]
    with house_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7.5, 4))
        names, values, colours = zip(*rows)
        ax.barh(names, values, color=colours)
        for i, v in enumerate(values):
            ax.text(v * 1.1, i, f"{v:g}", va="center")
        ax.set_xscale("log")
        ax.set_xlim(0.5, max(values) * 3)
        ax.set_xlabel(label("multiple (log scale)", "倍数（对数刻度）"))
        ax.set_title(label("Why complaints are worth handling", "为什么值得处理投诉"))
        ax.invert_yaxis()
        ax.figure.tight_layout()
    return ax


def construct_correlations(data: pd.DataFrame, blocks: dict[str, list[str]], names: dict[str, tuple[str, str]] | None = None, ax=None):
    """Correlations between construct means (each block's items averaged): a first look at a survey.

    ``names`` maps a construct to its (English, Chinese) display names.

    >>> from recovery.datasets import load_dataset
    >>> ax = construct_correlations(load_dataset("ecsi_mobi"), {"SAT": ["CUSA1", "CUSA2", "CUSA3"], "LOY": ["CUSL1", "CUSL3"]})
    """
    names = names or {}
    means = pd.DataFrame({label(*names.get(k, (k, k))): data[items].mean(axis=1) for k, items in blocks.items()})
    corr = means.corr()
    with house_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(6, 5))
        mask = np.triu(np.ones_like(corr, dtype=bool), k=1)
        sns.heatmap(corr, mask=mask, annot=True, fmt=".2f", vmin=0, vmax=1, cmap="mako_r", square=True,
                    cbar_kws={"label": label("correlation", "相关系数")}, ax=ax)
        ax.grid(False)
        ax.set_title(label("How the constructs move together", "各构念之间的相关"))
        ax.figure.tight_layout()
    return ax
