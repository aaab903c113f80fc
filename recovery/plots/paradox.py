"""Charts of the recovery paradox for trainers (en/zh)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from recovery.plots._style import BAD, GOOD, NEUTRAL, PALETTE, SILENT, house_style, label

__all__ = ["paradox_paths_chart", "paradox_loyalty_chart", "paradox_region"]

_GROUP_STYLE = {
    "no_failure": (("No failure", "没有失误"), NEUTRAL, "-"),
    "recovered_well": (("Failure, recovered well", "失误后补救得好"), GOOD, "-"),
    "recovered_badly": (("Failure, recovered badly", "失误后补救不力"), BAD, "--"),
    "silent_exit": (("Failure, no complaint (silent)", "失误后默默离开"), SILENT, ":"),
}


def paradox_paths_chart(paths, ax=None):
    """Satisfaction over time by group, from :func:`recovery.paradox.paradox_paths`.

    >>> from recovery.paradox import paradox_paths
    >>> ax = paradox_paths_chart(paradox_paths(n=500, seed=1))
    """
    with house_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7.5, 4.2))
        for group, ((en, zh), colour, style) in _GROUP_STYLE.items():
            part = paths[paths["group"] == group]
            ax.plot(part["period"], part["satisfaction"], style, color=colour, lw=2.2, label=label(en, zh))
        ax.axhline(50, color=PALETTE["grey"], lw=0.8)
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
        ax.set_xlabel(label("week", "周"))
        ax.set_ylabel(label("mean satisfaction (0-100)", "平均满意度（0-100）"))
        ax.set_title(label("After the failure: who ends up more satisfied?", "失误之后：谁更满意？"))
        ax.legend(loc="lower right")
        ax.figure.tight_layout()
    return ax


def paradox_loyalty_chart(paths, ax=None):
    """Share still a customer after the failure week, by group, from
    :func:`recovery.paradox.paradox_paths`: the paradox lifts satisfaction, not loyalty.

    >>> from recovery.paradox import paradox_paths
    >>> ax = paradox_loyalty_chart(paradox_paths(n=500, seed=1))
    """
    with house_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7.5, 4.2))
        for group, ((en, zh), colour, style) in _GROUP_STYLE.items():
            part = paths[paths["group"] == group]
            ax.plot(part["period"], 100 * part["survival"], style, color=colour, lw=2.2, label=label(en, zh))
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
        ax.set_ylim(0, 102)
        ax.set_xlabel(label("week", "周"))
        ax.set_ylabel(label("still a customer (%)", "仍是客户（%）"))
        ax.set_title(label("Satisfied again, but not more loyal", "满意度回升，忠诚度未必"))
        ax.legend(loc="lower left")
        ax.figure.tight_layout()
    return ax


def paradox_region(grid, ax=None):
    """Heatmap of satisfaction after recovery minus no failure, over severity x recovery
    quality, from :func:`recovery.paradox.paradox_grid`; outlined cells show the paradox.

    >>> from recovery.paradox import paradox_grid
    >>> ax = paradox_region(paradox_grid([0.05, 0.5], [0.5, 1.0], n=500, seed=1))
    """
    table = grid.pivot(index="severity", columns="quality", values="difference").sort_index(ascending=False)
    flags = grid.pivot(index="severity", columns="quality", values="paradox").sort_index(ascending=False)
    with house_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 5))
        limit = np.nanmax(np.abs(table.to_numpy()))
        image = ax.imshow(table.to_numpy(), cmap="RdBu", vmin=-limit, vmax=limit, aspect="auto")
        ax.set_xticks(range(table.shape[1]), [f"{q:.1f}" for q in table.columns])
        ax.set_yticks(range(table.shape[0]), [f"{s:.2f}" for s in table.index])
        for i, j in zip(*np.nonzero(flags.to_numpy().astype(bool))):
            ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, ec=PALETTE["black"], lw=2))
        ax.grid(False)
        ax.set_xlabel(label("recovery quality (0 = none, 1 = everything)", "补救质量（0 = 无，1 = 全部做到）"))
        ax.set_ylabel(label("failure severity", "失误严重程度"))
        prior = int(grid["prior_failures"].iloc[0])
        title = (label("Where the paradox lives: first failure", "补救悖论出现在哪里：首次失误") if prior == 0 else
                 label("After a second failure the paradox is gone", "第二次失误后悖论消失"))
        ax.set_title(title)
        bar = ax.figure.colorbar(image, ax=ax)
        bar.set_label(label("satisfaction points vs no failure (outlined: paradox)",
                            "与无失误相比的满意度分数（框出：悖论）"))
        ax.figure.tight_layout()
    return ax
