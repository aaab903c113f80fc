"""Survey-analysis charts: path coefficients with intervals, reliability, outer loadings,
Johnson-Neyman (en/zh)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from recovery.plots._style import BAD, GOOD, NEUTRAL, PALETTE, house_style, label

__all__ = ["path_coefficients", "reliability_chart", "johnson_neyman", "loadings_chart"]


def path_coefficients(paths, names: dict | None = None, ax=None):
    """Dot-and-whisker chart of PLS (or SEM) paths with their bootstrap intervals.

    ``paths``: a frame with from, to, estimate (and ci_low, ci_high); ``names`` maps a
    construct to (English, Chinese).

    >>> import pandas as pd
    >>> ax = path_coefficients(pd.DataFrame({"from": ["A"], "to": ["B"], "estimate": [0.4],
    ...                                      "ci_low": [0.2], "ci_high": [0.6]}))
    """
    names = names or {}
    show = lambda c: label(*names.get(c, (c, c)))  # noqa: E731
    with house_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 0.45 * len(paths) + 1.5))
        y = np.arange(len(paths))
        has_ci = "ci_low" in paths
        significant = (paths["ci_low"] > 0) | (paths["ci_high"] < 0) if has_ci else paths["estimate"].abs() > 0.1
        colours = [GOOD if s else NEUTRAL for s in significant]
        if has_ci:
            ax.hlines(y, paths["ci_low"], paths["ci_high"], color=colours, lw=2)
        ax.scatter(paths["estimate"], y, color=colours, zorder=3, s=40)
        ax.axvline(0, color=PALETTE["grey"], lw=1)
        ax.set_yticks(y, [f"{show(f)} → {show(t)}" for f, t in zip(paths["from"], paths["to"])])
        ax.invert_yaxis()
        ax.set_xlabel(label("path coefficient (95% bootstrap interval)", "路径系数（95% 自助法区间）"))
        ax.set_title(label("Structural model", "结构模型"))
        ax.figure.tight_layout()
    return ax


def reliability_chart(table, names: dict | None = None, ax=None):
    """Alpha, rho_c and AVE per construct against their thresholds (0.7, 0.7, 0.5).

    >>> import pandas as pd
    >>> ax = reliability_chart(pd.DataFrame({"alpha": [0.8], "rho_c": [0.85], "ave": [0.6]}, index=["SAT"]))
    """
    names = names or {}
    measures = [("alpha", label("Cronbach's alpha", "克隆巴赫 α"), PALETTE["blue"], 0.7),
                ("rho_c", label("composite reliability", "组合信度"), PALETTE["orange"], 0.7),
                ("ave", label("AVE", "平均方差抽取量"), PALETTE["green"], 0.5)]
    with house_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7.5, 4))
        x = np.arange(len(table))
        width = 0.26
        for k, (col, name, colour, threshold) in enumerate(measures):
            ax.bar(x + (k - 1) * width, table[col], width, color=colour, label=name)
            ax.hlines(threshold, x[0] - 0.5, x[-1] + 0.5, color=colour, ls="--", lw=1)
        ax.set_xticks(x, [label(*names.get(c, (c, c))) for c in table.index])
        ax.set_ylim(0, 1)
        ax.set_ylabel(label("value (dashed: threshold)", "数值（虚线：阈值）"))
        ax.set_title(label("Are the scales reliable?", "量表可靠吗？"))
        ax.legend(loc="lower right", ncol=3)
        ax.figure.tight_layout()
    return ax


def johnson_neyman(moderation_result, grid=None, names: dict | None = None, ax=None):
    """Slope of x across the moderator with its interval; shaded where it is significant.

    ``names`` maps the variables to (English, Chinese), e.g. ``{"severity": ("failure
    severity", "失误严重程度")}``.

    >>> import numpy as np, pandas as pd
    >>> from recovery.survey import moderation
    >>> rng = np.random.default_rng(0); w = rng.uniform(size=200); x = rng.normal(size=200)
    >>> ax = johnson_neyman(moderation(pd.DataFrame({"x": x, "w": w, "y": x - x * w + rng.normal(size=200)}), "x", "w", "y"))
    """
    res = moderation_result
    names = names or {}
    x_en, x_zh = names.get(res.x, (res.x, res.x))
    w_en, w_zh = names.get(res.w, (res.w, res.w))
    data = res.model_.model.data.frame
    grid = np.linspace(data[res.w].min(), data[res.w].max(), 100) if grid is None else np.asarray(grid, float)
    slopes = res.slope_at(grid)
    with house_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 4))
        ax.plot(grid, slopes["slope"], color=PALETTE["blue"], lw=2,
                label=label(f"effect of {x_en}", f"{x_zh} 的效应"))
        ax.fill_between(grid, slopes["ci_low"], slopes["ci_high"], color=PALETTE["sky"], alpha=0.3,
                        label=label("95% interval", "95% 区间"))
        sig = ((slopes["ci_low"] > 0) | (slopes["ci_high"] < 0)).to_numpy()
        ax.fill_between(grid, 0, 1, where=sig, transform=ax.get_xaxis_transform(), color=GOOD, alpha=0.07,
                        label=label("significant region", "显著区域"))
        for bound in res.jn_bounds:
            if grid.min() <= bound <= grid.max():
                ax.axvline(bound, color=BAD, ls="--", lw=1)
        ax.axhline(0, color=PALETTE["grey"], lw=1)
        ax.set_xlabel(label(f"moderator: {w_en}", f"调节变量：{w_zh}"))
        ax.set_ylabel(label("conditional effect", "条件效应"))
        ax.set_title(label("Johnson-Neyman: where the effect holds", "约翰逊-内曼：效应在哪里成立"))
        ax.legend(loc="best")
        ax.figure.tight_layout()
    return ax


#: Hair et al. (2019): a loading of 0.708 or more means the construct explains half the item's variance;
#: items below 0.4 are candidates for deletion.
LOADING_GOOD, LOADING_POOR = 0.708, 0.4


def loadings_chart(loadings, names: dict | None = None, ax=None):
    """Outer loadings per item, grouped by construct, against 0.708 (and 0.4: delete?).

    ``loadings``: a frame with construct, item, loading (e.g. ``fit_pls(...).loadings``).

    >>> import pandas as pd
    >>> ax = loadings_chart(pd.DataFrame({"construct": ["SAT", "SAT"], "item": ["s1", "s2"],
    ...                                   "loading": [0.85, 0.5]}))
    """
    names = names or {}
    with house_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 0.28 * len(loadings) + 1.5))
        y = np.arange(len(loadings))
        lam = loadings["loading"].to_numpy()
        colours = [GOOD if v >= LOADING_GOOD else BAD if v < LOADING_POOR else NEUTRAL for v in lam]
        ax.barh(y, lam, color=colours)
        ax.axvline(LOADING_GOOD, color=PALETTE["grey"], ls="--", lw=1)
        ax.axvline(LOADING_POOR, color=BAD, ls=":", lw=1)
        ticks = [f"{label(*names.get(c, (c, c)))}: {i}" for c, i in zip(loadings["construct"], loadings["item"])]
        ax.set_yticks(y, ticks)
        ax.invert_yaxis()
        ax.set_xlim(min(0.0, lam.min() - 0.05), 1.0)
        ax.set_xlabel(label("outer loading (dashed: 0.708, dotted: 0.4)", "外部载荷（虚线：0.708，点线：0.4）"))
        ax.set_title(label("Does each item measure its construct?", "每个题项都测量了它的构念吗？"))
        ax.figure.tight_layout()
    return ax
