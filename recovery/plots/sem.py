"""CB-SEM charts: the measurement-invariance ladder (en/zh)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from recovery.plots._style import BAD, GOOD, NEUTRAL, PALETTE, house_style, label

__all__ = ["invariance_ladder"]

LEVEL_NAMES = {"configural": ("configural", "形态不变"), "metric": ("metric\n(loadings)", "度量不变\n（载荷）"),
               "scalar": ("scalar\n(+ intercepts)", "标量不变\n（+截距）"),
               "strict": ("strict\n(+ residuals)", "严格不变\n（+残差）")}


def invariance_ladder(table, axes=None):
    """Change in CFI and RMSEA at each step of the invariance ladder, against the cut-offs.

    ``table``: :func:`recovery.survey.invariance`'s result. Bars are blue where the level
    holds, vermillion where it does not, grey where a lower level already failed; dashed lines
    at Chen's (2007) and Cheung & Rensvold's (2002) cut-offs (CFI -0.010, RMSEA +0.015).

    >>> import pandas as pd
    >>> axes = invariance_ladder(pd.DataFrame({"level": ["configural", "metric"], "delta_cfi": [float("nan"), -0.002],
    ...                                        "delta_rmsea": [float("nan"), 0.001], "verdict": ["", "holds"]}))
    """
    from recovery.survey.sem import DELTA_CFI, DELTA_RMSEA

    steps = table.iloc[1:]
    colours = [GOOD if v == "holds" else BAD if v == "does not hold" else NEUTRAL for v in steps["verdict"]]
    x = np.arange(len(steps))
    names = [label(*LEVEL_NAMES[level]) for level in steps["level"]]
    with house_style():
        if axes is None:
            _, axes = plt.subplots(1, 2, figsize=(10, 4))
        for ax, column, cut, en, zh in ((axes[0], "delta_cfi", DELTA_CFI, "change in CFI", "CFI 的变化"),
                                        (axes[1], "delta_rmsea", DELTA_RMSEA, "change in RMSEA", "RMSEA 的变化")):
            values = steps[column].to_numpy(float)
            ax.bar(x, values, color=colours, width=0.6)
            ax.axhline(cut, color=BAD, ls="--", lw=1.5)
            ax.axhline(0, color=PALETTE["grey"], lw=1)
            low, high = min(values.min(), cut, 0), max(values.max(), cut, 0)
            pad = 0.15 * (high - low)
            ax.set_ylim(low - pad, high + pad)
            ax.set_xticks(x, names)
            ax.set_ylabel(label(f"{en} vs the level below", f"{zh}（相对上一级）"))
        axes[0].set_title(label("CFI: a drop past the dashed line fails", "CFI：降幅越过虚线即不成立"))
        axes[1].set_title(label("RMSEA: a rise past the dashed line fails", "RMSEA：升幅越过虚线即不成立"))
        axes[0].figure.suptitle(label("Measurement invariance across groups", "跨组测量不变性"))
        axes[0].figure.tight_layout()
    return axes
