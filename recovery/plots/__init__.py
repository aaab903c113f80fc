"""Charts for recovery, in one house style, with English or Chinese text.

Every chart function returns a matplotlib Axes (or Figure) and never calls
``plt.show()``. Call :func:`set_language` ("en" or "zh") first to switch all
titles, axis labels and legends (their words live in one message catalogue,
``_catalog.py``), and :func:`set_medium` ("projector", "screen", "print") to size
them for where they will be shown. ``recovery charts`` exports every teaching
chart (:mod:`recovery.plots.export`).

>>> import recovery.plots as rp
>>> rp.set_language("en")
>>> ax = rp.iceberg()
"""
from recovery.plots._style import (
    MEDIA, PALETTE, CJKFontWarning, cjk_font, get_language, get_medium, house_style, label, missing_glyphs,
    set_language, set_medium, set_theme,
)
from recovery.plots.experiments import cell_means, power_chart
from recovery.plots.lab import sobol_chart, staffing_chart, strategy_comparison
from recovery.plots.meta import forest_plot, funnel_plot
from recovery.plots.paradox import paradox_loyalty_chart, paradox_paths_chart, paradox_region
from recovery.plots.pls import ipma_map, mga_chart, pls_effects_chart, pls_path_diagram
from recovery.plots.sem import invariance_ladder
from recovery.plots.wom import reach_over_time, what_the_firm_sees
from recovery.plots.survey import johnson_neyman, loadings_chart, path_coefficients, reliability_chart
from recovery.plots.tour import complaint_economics, construct_correlations, iceberg, word_of_mouth_counts

__all__ = [
    "MEDIA", "PALETTE", "CJKFontWarning", "cjk_font", "get_language", "get_medium", "house_style", "label",
    "missing_glyphs", "set_language", "set_medium", "set_theme", "iceberg", "word_of_mouth_counts", "complaint_economics",
    "construct_correlations", "paradox_paths_chart", "paradox_loyalty_chart", "paradox_region",
    "reach_over_time", "what_the_firm_sees", "path_coefficients", "reliability_chart", "johnson_neyman",
    "loadings_chart", "invariance_ladder",
    "forest_plot", "funnel_plot", "power_chart", "cell_means",
    "strategy_comparison", "sobol_chart", "staffing_chart",
    "pls_path_diagram", "pls_effects_chart", "ipma_map", "mga_chart",
]
