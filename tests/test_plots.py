"""House style and the language switch."""
import re
import warnings

import matplotlib.pyplot as plt
import pytest

import recovery.plots as rp
from recovery.plots import _style

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("chart", [rp.iceberg, rp.word_of_mouth_counts, rp.complaint_economics])
def test_chinese_chart_renders_every_glyph(chinese, chart):
    ax = chart()
    assert CJK.search(ax.get_title(loc="left")), ax.get_title(loc="left")
    assert rp.missing_glyphs(ax.figure) == []


def test_english_chart_has_no_chinese():
    ax = rp.iceberg()
    assert not CJK.search(ax.get_title(loc="left"))
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("complain" in t for t in legend)


def test_missing_glyphs_catches_boxes():
    fig, ax = plt.subplots()
    with plt.rc_context({"font.family": ["DejaVu Sans"]}):
        ax.set_title("投诉")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert ("投诉", "投") in rp.missing_glyphs(fig)
    plt.close(fig)


def test_no_cjk_font_warns_once_with_the_fix(monkeypatch):
    monkeypatch.setattr(_style, "cjk_font", lambda: None)
    monkeypatch.setattr(_style, "_warned_no_font", False)
    with pytest.warns(rp.CJKFontWarning, match="fonts-noto-cjk"):
        rp.set_language("zh")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rp.set_language("zh")  # second time: silent
    rp.set_language("en")


def test_unknown_language_is_rejected():
    with pytest.raises(ValueError, match="'fr'"):
        rp.set_language("fr")


def test_paradox_charts_in_chinese(chinese):
    from recovery.paradox import paradox_grid, paradox_paths
    for ax in (rp.paradox_paths_chart(paradox_paths(n=300, seed=1)),
               rp.paradox_region(paradox_grid([0.05, 0.5], [0.5, 1.0], n=300, seed=1))):
        assert CJK.search(ax.get_title(loc="left"))
        assert rp.missing_glyphs(ax.figure) == []


def test_word_of_mouth_charts_in_chinese(chinese):
    import pandas as pd
    reach = pd.DataFrame({"step": [0, 1, 0, 1], "reached": [1, 20, 1, 10], "story": ["bad", "bad", "good", "good"]})
    for ax in (rp.reach_over_time(reach, reference=250),
               rp.what_the_firm_sees({"failures": 100, "complaints_voiced": 50, "complaints_recorded": 4,
                                      "silent_exits": 30})):
        assert CJK.search(ax.get_title(loc="left"))
        assert rp.missing_glyphs(ax.figure) == []


def test_meta_experiment_and_survey_charts_in_chinese(chinese):
    import numpy as np
    import pandas as pd

    from recovery.meta import random_effects
    from recovery.survey import moderation
    res = random_effects([0.2, 0.5, 0.1], [0.02, 0.03, 0.05])
    rng = np.random.default_rng(0)
    w, x = rng.uniform(size=200), rng.normal(size=200)
    mod = moderation(pd.DataFrame({"x": x, "w": w, "y": x - x * w + rng.normal(size=200)}), "x", "w", "y")
    charts = [rp.forest_plot(res), rp.funnel_plot(res),
              rp.power_chart(pd.DataFrame({"n_per_cell": [10, 20], "power": [0.3, 0.6], "effect": ["d"] * 2})),
              rp.path_coefficients(pd.DataFrame({"from": ["A"], "to": ["B"], "estimate": [0.4], "ci_low": [0.2],
                                                 "ci_high": [0.6]})),
              rp.reliability_chart(pd.DataFrame({"alpha": [0.8], "rho_c": [0.85], "ave": [0.6]}, index=["SAT"])),
              rp.johnson_neyman(mod)]
    for ax in charts:
        assert CJK.search(ax.get_title(loc="left")), ax.get_title(loc="left")
        assert rp.missing_glyphs(ax.figure) == []


def test_lab_charts_in_chinese(chinese):
    import pandas as pd
    s = pd.DataFrame({"named_strategy": ["by_the_book", "fast_local"], "output": ["retention"] * 2, "mean": [0.8, 0.82],
                      "ci_low": [0.79, 0.81], "ci_high": [0.81, 0.83], "n": [3, 3]})
    fig = rp.strategy_comparison(s)
    assert CJK.search(fig._suptitle.get_text()) and rp.missing_glyphs(fig) == []
    for ax in (rp.sobol_chart(pd.DataFrame({"parameter": ["a"], "S1": [0.5], "S1_conf": [0.1], "ST": [0.6],
                                            "ST_conf": [0.1]})),
               rp.staffing_chart(pd.DataFrame({"agents": [2, 3], "mean_days": [3.0, 1.0], "value_per_1000": [900, 950]}))):
        assert CJK.search(ax.get_title(loc="left")) and rp.missing_glyphs(ax.figure) == []
