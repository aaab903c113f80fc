"""CB-SEM charts: the measurement-invariance ladder (en/zh)."""
from __future__ import annotations

import numpy as np

from recovery.plots._catalog import text
from recovery.plots._style import BAD, GOOD, NEUTRAL, PALETTE, house_style, new_axes, set_title, thick

__all__ = ["invariance_ladder"]

def invariance_ladder(table, axes=None):
    """Change in CFI and RMSEA at each step of the invariance ladder, against the cut-offs.

    Bars are blue where the level holds, vermillion where it does not, grey where a lower level
    already failed; dashed lines at the cut-offs (CFI -0.010, RMSEA +0.015).

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`recovery.survey.invariance`'s result: columns level, delta_cfi, delta_rmsea,
        verdict, configural first.
    axes : sequence of two matplotlib.axes.Axes, optional
        Where to draw the CFI and the RMSEA panel; by default a new figure.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
        The CFI and the RMSEA panel.

    References
    ----------
    Chen, F. F. (2007), Sensitivity of goodness of fit indexes to lack of measurement invariance,
    Structural Equation Modeling 14(3), 464-504; Cheung, G. W., & Rensvold, R. B. (2002),
    Evaluating goodness-of-fit indexes for testing measurement invariance, Structural Equation
    Modeling 9(2), 233-255.

    Examples
    --------
    >>> import pandas as pd
    >>> axes = invariance_ladder(pd.DataFrame({"level": ["configural", "metric"], "delta_cfi": [float("nan"), -0.002],
    ...                                        "delta_rmsea": [float("nan"), 0.001], "verdict": ["", "holds"]}))
    """
    from recovery.survey.sem import DELTA_CFI, DELTA_RMSEA

    steps = table.iloc[1:]
    colours = [GOOD if v == "holds" else BAD if v == "does not hold" else NEUTRAL for v in steps["verdict"]]
    x = np.arange(len(steps))
    names = [text(f"sem.level_{level}") for level in steps["level"]]
    with house_style():
        if axes is None:
            _, axes = new_axes(ncols=2)
        for ax, column, cut, index in ((axes[0], "delta_cfi", DELTA_CFI, "CFI"), (axes[1], "delta_rmsea", DELTA_RMSEA, "RMSEA")):
            values = steps[column].to_numpy(float)
            ax.bar(x, values, color=colours, width=0.6)
            ax.axhline(cut, color=BAD, ls="--", lw=thick(1.5))
            ax.axhline(0, color=PALETTE["grey"], lw=thick(1))
            low, high = min(values.min(), cut, 0), max(values.max(), cut, 0)
            pad = 0.15 * (high - low)
            ax.set_ylim(low - pad, high + pad)
            ax.set_xticks(x, names)
            ax.set_ylabel(text("sem.delta_y", index=index))
            ax.set_title(text(f"sem.{column}_title"), loc="left")
        set_title(axes[0].figure, text("sem.invariance_title"))
    return axes
