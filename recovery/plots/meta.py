"""Forest and funnel plots for a meta-analysis (en/zh)."""
from __future__ import annotations

import numpy as np
from scipy import stats

from recovery.plots._catalog import text
from recovery.plots._style import BAD, GOOD, NEUTRAL, PALETTE, house_style, legend_outside, new_axes, set_title, thick

__all__ = ["forest_plot", "funnel_plot"]


def forest_plot(result, study_labels=None, ax=None):
    """Forest plot: each study's effect and 95% interval, the pooled diamond and its prediction interval.

    Squares are sized by the study's weight; the prediction interval is dashed.

    Parameters
    ----------
    result : recovery.meta.MetaResult
        :func:`recovery.meta.random_effects`' result.
    study_labels : list of str, optional
        One name per study; default "study 1", "study 2", ...
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure sized for the current medium.

    Returns
    -------
    matplotlib.axes.Axes
        The chart (its figure is ``ax.figure``).

    References
    ----------
    The forest plot of R's ``metafor::forest`` (Viechtbauer, W. (2010), Conducting meta-analyses in
    R with the metafor package, Journal of Statistical Software 36(3)).

    Examples
    --------
    >>> from recovery.meta import random_effects
    >>> ax = forest_plot(random_effects([0.2, 0.5, 0.1], [0.02, 0.03, 0.05]))
    """
    y, v = result.yi, result.vi
    k = y.size
    names = list(study_labels) if study_labels is not None else [text("meta.study", i=i + 1) for i in range(k)]
    z = stats.norm.ppf(0.975)
    with house_style():
        _, ax = new_axes(ax, rows=k + 2)
        rows = np.arange(k)
        ax.hlines(rows, y - z * np.sqrt(v), y + z * np.sqrt(v), color=NEUTRAL, lw=thick(1.5))
        ax.scatter(y, rows, s=thick(1) ** 2 * (20 + 6 * result.weights_), marker="s", color=PALETTE["blue"], zorder=3)
        d = k + 0.8
        ax.fill([result.ci_low_, result.estimate_, result.ci_high_, result.estimate_], [d, d - 0.35, d, d + 0.35],
                color=BAD if result.estimate_ < 0 else GOOD, zorder=3)
        if np.isfinite(result.pi_low_):  # the prediction interval: where a new study's true effect would lie
            ax.hlines(d, result.pi_low_, result.pi_high_, color=BAD if result.estimate_ < 0 else GOOD, lw=thick(1.5),
                      ls="--", zorder=2, label=text("meta.prediction"))
            legend_outside(ax)
        ax.axvline(0, color=PALETTE["grey"], lw=1)
        ax.axvline(result.estimate_, color=PALETTE["grey"], lw=0.8, ls=":")
        ax.set_yticks([*rows, d], [*names, text("meta.pooled", method=result.method)])
        ax.invert_yaxis()
        ax.set_xlabel(text("meta.effect_ci"))
        set_title(ax, text("meta.forest_title", i2=result.i2_, tau2=result.tau2_))
    return ax


def funnel_plot(result, ax=None):
    """Funnel plot: effects against their standard errors, with the pseudo 95% funnel.

    The funnel is centred on the pooled effect; asymmetry suggests small-study effects (test it
    with :func:`recovery.meta.egger_test`).

    Parameters
    ----------
    result : recovery.meta.MetaResult
        :func:`recovery.meta.random_effects`' result.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure sized for the current medium.

    Returns
    -------
    matplotlib.axes.Axes
        The chart (its figure is ``ax.figure``).

    References
    ----------
    R's ``metafor::funnel`` (Viechtbauer 2010); Sterne, J. A. C., & Egger, M. (2001), Funnel plots
    for detecting bias in meta-analysis, Journal of Clinical Epidemiology 54(10), 1046-1055.

    Examples
    --------
    >>> from recovery.meta import random_effects
    >>> ax = funnel_plot(random_effects([0.2, 0.5, 0.1], [0.02, 0.03, 0.05]))
    """
    se = np.sqrt(result.vi)
    top = se.max() * 1.1
    with house_style():
        _, ax = new_axes(ax)
        grid = np.linspace(0, top, 50)
        z = stats.norm.ppf(0.975)
        ax.fill_betweenx(grid, result.estimate_ - z * grid, result.estimate_ + z * grid, color=PALETTE["sky"], alpha=0.2,
                         label=text("meta.funnel_region"))
        ax.scatter(result.yi, se, color=PALETTE["blue"], zorder=3, label=text("meta.studies"), s=thick(6) ** 2)
        ax.axvline(result.estimate_, color=PALETTE["grey"], ls="--", lw=1)
        ax.set_ylim(top, 0)
        ax.set_xlabel(text("meta.effect"))
        ax.set_ylabel(text("meta.se"))
        set_title(ax, text("meta.funnel_title"))
        legend_outside(ax)
    return ax
