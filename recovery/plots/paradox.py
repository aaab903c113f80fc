"""Charts of the recovery paradox for trainers (en/zh)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from recovery.plots._catalog import text
from recovery.plots._style import BAD, GOOD, NEUTRAL, PALETTE, SILENT, house_style, legend_outside, new_axes, set_title, thick

__all__ = ["paradox_paths_chart", "paradox_loyalty_chart", "paradox_region"]

_GROUP_STYLE = {"no_failure": (NEUTRAL, "-"), "recovered_well": (GOOD, "-"),
                "recovered_badly": (BAD, "--"), "silent_exit": (SILENT, ":")}


def _failure_week(paths):
    """The first week the silent group's path leaves the no-failure path (they share their
    customers and random numbers until the failure), or None."""
    wide = paths.pivot(index="period", columns="group", values="satisfaction")
    apart = wide.index[(wide["silent_exit"] - wide["no_failure"]).abs().to_numpy() > 1e-12]
    return int(apart.min()) if len(apart) else None


def _mark_failure(ax, week):
    if week is not None:
        ax.axvline(week, color=PALETTE["black"], ls="-.", lw=thick(1.2), label=text("paradox.failure_week", week=week))


def paradox_paths_chart(paths, failure_at: int | None = None, ax=None):
    """Satisfaction over time by group, minus the no-failure group's: a line above 0 is the paradox.

    The no-failure group's line is 0 by construction; the failure week is marked.

    Parameters
    ----------
    paths : pandas.DataFrame
        :func:`recovery.paradox.paradox_paths`' result (columns period, group, satisfaction, ...).
    failure_at : int, optional
        The failure week to mark; default: read off the paths.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure sized for the current medium.

    Returns
    -------
    matplotlib.axes.Axes
        The chart (its figure is ``ax.figure``).

    References
    ----------
    Literature 1d and 2.2 (the recovery paradox is conditional and small) in ``docs/sources.md``.

    Examples
    --------
    >>> from recovery.paradox import paradox_paths
    >>> ax = paradox_paths_chart(paradox_paths(n_customers=500, seed=1))
    """
    wide = paths.pivot(index="period", columns="group", values="satisfaction")
    week = _failure_week(paths) if failure_at is None else failure_at
    with house_style():
        _, ax = new_axes(ax)
        for group, (colour, style) in _GROUP_STYLE.items():
            ax.plot(wide.index, wide[group] - wide["no_failure"], style, color=colour, lw=thick(2.4),
                    label=text(f"group.{group}"))
        _mark_failure(ax, week)
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
        ax.set_xlabel(text("week"))
        ax.set_ylabel(text("paradox.paths_y"))
        set_title(ax, text("paradox.paths_title"))
        legend_outside(ax)
    return ax


def paradox_loyalty_chart(paths, failure_at: int | None = None, ax=None):
    """Share still a customer after the failure week, by group: the paradox lifts satisfaction, not loyalty.

    Parameters
    ----------
    paths : pandas.DataFrame
        :func:`recovery.paradox.paradox_paths`' result (columns period, group, survival, ...).
    failure_at : int, optional
        The failure week to mark; default: read off the paths.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure sized for the current medium.

    Returns
    -------
    matplotlib.axes.Axes
        The chart (its figure is ``ax.figure``).

    References
    ----------
    Literature 2.2.2 (satisfaction is not behaviour) in ``docs/sources.md``.

    Examples
    --------
    >>> from recovery.paradox import paradox_paths
    >>> ax = paradox_loyalty_chart(paradox_paths(n_customers=500, seed=1))
    """
    week = _failure_week(paths) if failure_at is None else failure_at
    with house_style():
        _, ax = new_axes(ax)
        for group, (colour, style) in _GROUP_STYLE.items():
            part = paths[paths["group"] == group]
            ax.plot(part["period"], 100 * part["survival"], style, color=colour, lw=thick(2.4),
                    label=text(f"group.{group}"))
        _mark_failure(ax, week)
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
        ax.set_ylim(0, 102)
        ax.set_xlabel(text("week"))
        ax.set_ylabel(text("paradox.loyalty_y"))
        set_title(ax, text("paradox.loyalty_title"))
        legend_outside(ax)
    return ax


def paradox_region(grid, limit: float | None = None, ax=None):
    """Heatmap of satisfaction after recovery minus no failure, over severity x recovery quality.

    Each cell shows its value; the paradox cells (recovered customers more satisfied than those
    never failed) are outlined.

    Parameters
    ----------
    grid : pandas.DataFrame
        :func:`recovery.paradox.paradox_grid`' result (columns severity, quality, difference,
        paradox).
    limit : float, optional
        The colour scale runs from -limit to +limit; pass the same one to charts shown side by
        side. Default: this grid's largest absolute difference.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure sized for the current medium.

    Returns
    -------
    matplotlib.axes.Axes
        The chart (its figure is ``ax.figure``).

    References
    ----------
    Literature 1d and 2.2.1 (the paradox holds for mild failures recovered well) in
    ``docs/sources.md``.

    Examples
    --------
    >>> from recovery.paradox import paradox_grid
    >>> ax = paradox_region(paradox_grid(severities=[0.05, 0.5], qualities=[0.5, 1.0], n_customers=500, seed=1))
    """
    table = grid.pivot(index="severity", columns="quality", values="difference").sort_index(ascending=False)
    flags = grid.pivot(index="severity", columns="quality", values="paradox").sort_index(ascending=False)
    values = table.to_numpy()
    limit = float(np.nanmax(np.abs(values))) if limit is None else float(limit)
    paradox = flags.to_numpy().astype(bool)
    # enough decimals that no paradox cell reads +0.00 (at most 3)
    digits = 2 if limit < 1 else 1 if limit < 10 else 0
    while digits < 3 and paradox.any() and round(np.abs(values[paradox]).min(), digits) == 0:
        digits += 1
    with house_style():
        _, ax = new_axes(ax)
        image = ax.imshow(values, cmap="RdBu", vmin=-limit, vmax=limit, aspect="auto")
        ax.set_xticks(range(table.shape[1]), [f"{q:.1f}" for q in table.columns])
        ax.set_yticks(range(table.shape[0]), [f"{s:.2f}" for s in table.index])
        for i, j in np.ndindex(values.shape):
            dark = abs(values[i, j]) > 0.6 * limit
            ax.text(j, i, f"{values[i, j]:+.{digits}f}", ha="center", va="center", gid="on-data",
                    color="white" if dark else PALETTE["black"], fontweight="bold" if paradox[i, j] else "normal")
            if paradox[i, j]:
                ax.add_patch(plt.Rectangle((j - 0.46, i - 0.46), 0.92, 0.92, fill=False, ec=PALETTE["black"],
                                           lw=thick(3.5)))
        ax.grid(False)
        ax.set_xlabel(text("paradox.quality"))
        ax.set_ylabel(text("paradox.severity"))
        prior = int(grid["prior_failures"].iloc[0])
        set_title(ax, text("paradox.region_first" if prior == 0 else "paradox.region_second"))
        bar = ax.figure.colorbar(image, ax=ax)
        bar.set_label(text("paradox.region_bar"))
    return ax
