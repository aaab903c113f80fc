"""Every chart test: house style, the language switch, the message catalogue, each chart in
Chinese, and the exported teaching charts read back (sizes, no overlaps) in both languages."""
import re
import string
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import recovery.plots as rp
from recovery.plots import _catalog, _style
from recovery.plots import export as ex

CJK = re.compile(r"[\u4e00-\u9fff]")


def _title(chart) -> str:
    fig = chart if isinstance(chart, plt.Figure) else chart.figure
    return next(t.get_text() for t in fig.findobj(plt.Text) if t.get_gid() == "title")


# ------------------------------------------------------------------ language switch and fonts

@pytest.mark.parametrize("chart", [rp.iceberg, rp.word_of_mouth_counts, rp.complaint_economics])
def test_chinese_chart_renders_every_glyph(chinese, chart):
    drawn = chart()
    assert CJK.search(_title(drawn)), _title(drawn)
    assert rp.missing_glyphs(drawn if isinstance(drawn, plt.Figure) else drawn.figure) == []


def test_english_chart_has_no_chinese():
    ax = rp.iceberg()
    assert not CJK.search(_title(ax))
    assert any("complain to you" in t.get_text() for t in ax.texts)


def test_missing_glyphs_catches_boxes():
    fig, ax = plt.subplots()
    with plt.rc_context({"font.family": ["DejaVu Sans"]}):
        ax.set_title("投诉")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert ("投诉", "投") in rp.missing_glyphs(fig)


def test_no_cjk_font_warns_once_with_the_fix(monkeypatch):
    monkeypatch.setattr(_style, "cjk_font", lambda: None)
    monkeypatch.setattr(_style, "_warned_no_font", False)
    with pytest.warns(rp.CJKFontWarning, match="fonts-noto-cjk"):
        rp.set_language("zh")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rp.set_language("zh")  # second time: silent
    rp.set_language("en")


def test_unknown_language_and_medium_are_rejected():
    with pytest.raises(ValueError, match="'fr'"):
        rp.set_language("fr")
    with pytest.raises(ValueError, match="'tv'"):
        rp.set_medium("tv")


def test_medium_sets_the_figure_size_and_text():
    rp.set_medium("print")
    try:
        ax = rp.iceberg()
        assert tuple(ax.figure.get_size_inches()) == pytest.approx(rp.MEDIA["print"]["size"])
        assert ax.xaxis.label.get_fontsize() == rp.MEDIA["print"]["text"]
    finally:
        rp.set_medium("screen")


# ------------------------------------------------------------------ the message catalogue

def test_every_catalogue_label_has_chinese():
    for key, (en, zh) in _catalog.MESSAGES.items():
        assert en.strip() and zh.strip(), key
        if key not in _catalog.SAME_IN_BOTH:
            assert CJK.search(zh), f"{key}: no Chinese in {zh!r}"
            assert "顾客" not in zh, f"{key}: 客户, not 顾客 (the training material's word)"
        fields = lambda s: sorted(f for _, f, _, _ in string.Formatter().parse(s) if f)  # noqa: E731
        assert fields(en) == fields(zh), key


def test_catalogue_check_fails_on_a_label_without_chinese(monkeypatch):
    monkeypatch.setitem(_catalog.MESSAGES, "new.label", ("a new label", "a new label"))
    with pytest.raises(AssertionError, match="new.label"):
        test_every_catalogue_label_has_chinese()


# ------------------------------------------------------------------ each chart draws in Chinese

def _assert_chinese(drawn):
    fig = drawn if isinstance(drawn, plt.Figure) else drawn.figure
    assert CJK.search(_title(drawn)), _title(drawn)
    assert rp.missing_glyphs(fig) == []
    plt.close(fig)


def test_paradox_charts_in_chinese(chinese):
    from recovery.paradox import paradox_grid, paradox_paths
    paths = paradox_paths(n_customers=300, seed=1)
    for drawn in (rp.paradox_paths_chart(paths), rp.paradox_loyalty_chart(paths),
                  rp.paradox_region(paradox_grid(severities=[0.05, 0.5], qualities=[0.5, 1.0], n_customers=300, seed=1))):
        _assert_chinese(drawn)


def test_failure_week_is_read_off_the_paths():
    from recovery.paradox import paradox_paths
    ax = rp.paradox_paths_chart(paradox_paths(n_customers=300, periods=8, failure_at=3, seed=1))
    assert any("week 3" in t for t in ax.get_legend_handles_labels()[1])


def test_word_of_mouth_charts_in_chinese(chinese):
    reach = pd.DataFrame({"step": [0, 1, 0, 1], "reached": [1, 20, 1, 10], "story": ["bad", "bad", "good", "good"]})
    for drawn in (rp.reach_over_time(reach, reference=250),
                  rp.what_the_firm_sees({"failures": 100_000, "complaints_voiced": 50_000, "complaints_recorded": 4_000,
                                         "silent_exits": 30_000})):
        _assert_chinese(drawn)


def test_meta_experiment_and_survey_charts_in_chinese(chinese):
    from recovery import experiments
    from recovery.meta import random_effects
    from recovery.survey import moderation
    res = random_effects([0.2, 0.5, 0.1], [0.02, 0.03, 0.05])
    rng = np.random.default_rng(0)
    w, x = rng.uniform(size=200), rng.normal(size=200)
    mod = moderation(pd.DataFrame({"x": x, "w": w, "y": x - x * w + rng.normal(size=200)}), "x", "w", "y")
    d = experiments.design({"compensation": [0.0, 1.0], "apology": [False, True]}, n_per_cell=10, seed=1)
    r = experiments.simulate_responses(d, seed=2)
    charts = [rp.forest_plot(res), rp.funnel_plot(res),
              rp.power_chart(pd.DataFrame({"n_per_cell": [10, 20], "power": [0.3, 0.6],
                                           "effect": ["compensation:apology"] * 2})),
              rp.cell_means(r.assign(s=experiments.scale_score(r, "rs")), "s", "compensation", "apology"),
              rp.path_coefficients(pd.DataFrame({"from": ["CUSA"], "to": ["CUSL"], "estimate": [0.4], "ci_low": [0.2],
                                                 "ci_high": [0.6]})),
              rp.reliability_chart(pd.DataFrame({"alpha": [0.8], "rho_c": [0.85], "ave": [0.6]}, index=["CUSA"])),
              rp.johnson_neyman(mod)]
    for drawn in charts:
        _assert_chinese(drawn)


def test_cell_means_speak_chinese_and_use_the_house_colours(chinese):
    from recovery import experiments
    d = experiments.design({"compensation": [0.0, 1.0], "severity": [0.2, 0.6]}, n_per_cell=10, seed=1)
    r = experiments.simulate_responses(d, seed=2)
    ax = rp.cell_means(r.assign(s=experiments.scale_score(r, "sr")), "s", "compensation", "severity")
    assert ax.get_xlabel() == "补偿" and ax.get_legend().get_title().get_text() == "失误严重程度"
    colours = {tuple(np.round(line.get_color(), 3)) if not isinstance(line.get_color(), str) else line.get_color()
               for line in ax.lines}
    house = {tuple(np.round(plt.matplotlib.colors.to_rgba(c), 3)) for c in _style.CYCLE}
    assert {plt.matplotlib.colors.to_hex(c) for c in colours} <= {plt.matplotlib.colors.to_hex(c) for c in house}


def test_lab_charts_in_chinese(chinese):
    s = pd.DataFrame({"named_strategy": ["by_the_book", "fast_local"], "output": ["retention"] * 2, "mean": [0.8, 0.82],
                      "ci_low": [0.79, 0.81], "ci_high": [0.81, 0.83], "n": [3, 3]})
    for drawn in (rp.strategy_comparison(s),
                  rp.sobol_chart(pd.DataFrame({"parameter": ["strategy.expectation_setting"], "S1": [0.5],
                                               "S1_conf": [0.1], "ST": [0.6], "ST_conf": [0.1]})),
                  rp.staffing_chart(pd.DataFrame({"agents": [2, 3], "mean_days": [3.0, 1.0],
                                                  "value_per_1000": [900, 950]}))):
        _assert_chinese(drawn)


def test_one_name_for_the_expectation_lever(chinese):
    s = pd.DataFrame({"named_strategy": ["lower_expectations"], "output": ["retention"], "mean": [0.8],
                      "ci_low": [0.79], "ci_high": [0.81], "n": [3]})
    strategy = rp.strategy_comparison(s).axes[0].get_yticklabels()[0].get_text()
    lever = rp.sobol_chart(pd.DataFrame({"parameter": ["strategy.expectation_setting"], "S1": [0.5], "S1_conf": [0.1],
                                         "ST": [0.6], "ST_conf": [0.1]})).get_yticklabels()[0].get_text()
    assert strategy == lever == "降低客户期望值"


def test_off_scale_strategy_does_not_squash_the_others():
    s = pd.DataFrame({"named_strategy": list("abcdef"), "output": ["net_wom_per_1000"] * 6,
                      "mean": [1_900, 2_000, 2_100, 2_350, 24_379, 1_850], "ci_low": [1_800, 1_900, 2_000, 2_250, 24_000, 1_800],
                      "ci_high": [2_000, 2_100, 2_200, 2_450, 24_700, 1_900], "n": [5] * 6})
    ax = rp.strategy_comparison(s).axes[0]
    assert ax.get_xlim()[1] < 3_000
    assert any("24,379" in t.get_text() for t in ax.texts)


def test_pls_charts_draw_in_both_languages(language):
    from recovery.survey import fit_pls
    import recovery
    data = recovery.load_dataset("ecsi_satisfaction")
    model = "IMAG =~ imag1 + imag2\nSAT =~ sat1 + sat2\nLOY =~ loy1 + loy2\nSAT ~ IMAG\nLOY ~ IMAG + SAT"
    fit = fit_pls(model, data, bootstrap=50, seed=1)
    names = {"SAT": ("Satisfaction", "满意度"), "LOY": ("Loyalty", "忠诚度")}
    for ax in (rp.pls_path_diagram(fit, names), rp.pls_effects_chart(fit, "LOY", names, interval="percentile")):
        assert bool(CJK.search(_title(ax))) == (language == "zh")
        assert rp.missing_glyphs(ax.figure) == []


def test_ipma_map_and_mga_chart_draw_in_both_languages(language):
    # the ECSI models of the PLS assessment tests (tests/test_pls_assess.py), not a second copy
    from test_pls_assess import MOBI, MOBI_MODEL, SAT, SAT_MODEL, SAT_PATHS

    from recovery.survey import fit_pls, ipma, pls_mga
    fit = fit_pls(MOBI_MODEL, MOBI, scale=(1, 10))
    result = ipma(fit, "Loyalty")
    table = result.table_
    mga = pls_mga(SAT_MODEL, SAT, group="gender", permutations=200, bootstrap=200, seed=1)
    names = {"Loyalty": ("Loyalty", "忠诚度"), "SAT": ("Satisfaction", "满意度"), "LOY": ("Loyalty", "忠诚度")}
    for ax in (rp.ipma_map(result, names),
               rp.mga_chart(mga, names, group_names=(("women", "女性"), ("men", "男性")))):
        texts = [ax.get_title(loc="left"), ax.get_xlabel()]
        assert all(bool(CJK.search(t)) == (language == "zh") for t in texts), texts
        assert rp.missing_glyphs(ax.figure) == []
        plt.close(ax.figure)
    ax = rp.mga_chart(mga)
    assert len(ax.get_yticklabels()) == len(SAT_PATHS)
    assert len(ax.collections[0].get_segments()) == len(SAT_PATHS)  # one interval per path
    plt.close(ax.figure)
    ax = rp.ipma_map(result)
    assert sum(len(c.get_offsets()) for c in ax.collections) == len(table)  # one point per driver
    priority = (table["importance"] >= table["importance"].mean()) & (table["performance"] < table["performance"].mean())
    assert len(ax.collections[0].get_offsets()) == priority.sum()  # the improve-first drivers, drawn first
    plt.close(ax.figure)


@pytest.fixture(scope="module")
def hs_invariance():
    # the HolzingerSwineford data by school of the CB-SEM group tests (tests/test_sem_groups.py)
    from test_sem_groups import DATA, _data

    from recovery.survey import invariance
    return invariance((DATA / "lavaan_hs.model").read_text(), _data("hs"), group="school")


def test_invariance_ladder_chart_in_chinese(chinese, hs_invariance):
    table = hs_invariance
    axes = rp.invariance_ladder(table)
    titles = [ax.get_title(loc="left") + ax.get_title() for ax in axes]
    assert all(re.search(r"[\u4e00-\u9fff]", t) for t in titles), titles
    assert rp.missing_glyphs(axes[0].figure) == []
    # bars: metric holds (blue), scalar fails (vermillion), strict not meaningful (grey)
    colours = [tuple(round(c, 3) for c in bar.get_facecolor()[:3]) for bar in axes[0].patches]
    assert len(colours) == 3 and len(set(colours)) == 3


def test_invariance_ladder_chart_in_english(hs_invariance):
    table = hs_invariance
    axes = rp.invariance_ladder(table)
    assert "Measurement invariance" in axes[0].figure._suptitle.get_text()
    assert [t.get_text().split("\n")[0] for t in axes[0].get_xticklabels()] == ["metric", "scalar", "strict"]


def test_loadings_chart_in_chinese(chinese):
    ax = rp.loadings_chart(pd.DataFrame({"construct": ["CUSA", "CUSA"], "item": ["s1", "s2"], "loading": [0.85, 0.5]}))
    _assert_chinese(ax)


# ------------------------------------------------------------------ exported teaching charts, read back

@pytest.fixture(scope="module")
def teaching():
    return ex.teaching_data(quick=True)


#: Proper names a Chinese chart may keep in Latin letters (authors, methods).
KEPT = {"Goldenberg", "Matos", "Magnini", "Maxham", "Netemeyer", "Tenenhaus", "ECSI", "REML", "Sobol", "BCa"}


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "zh"])
def test_exported_charts_are_readable_on_a_projector(teaching, language, tmp_path):
    written = ex.export_charts(tmp_path, language, "projector", "png", data=teaching)
    assert len(written) == len(ex.TEACHING_CHARTS) >= 16
    for path, problems in written.items():
        assert problems == [], f"{path.name}: {problems}"
        height, width = plt.imread(path).shape[:2]
        assert (width, height) == (2000, 1125), path.name     # 16:9 at 150 dpi
        assert path.name.endswith(f".{language}.png") and path.name[3:].count("_") >= 1  # names say what they show


def test_chinese_charts_have_no_english_left(teaching, chinese):
    rp.set_medium("projector")
    try:
        for chart in ex.TEACHING_CHARTS:
            fig = ex.draw_chart(chart, teaching)
            fig.canvas.draw()
            for t in fig.findobj(plt.Text):
                words = set(re.findall(r"[A-Za-z]{3,}", t.get_text())) - KEPT
                assert not (t.get_visible() and words), f"{chart.name}: English {words} in {t.get_text()!r}"
            assert rp.missing_glyphs(fig) == []
            plt.close(fig)
    finally:
        rp.set_medium("screen")


def test_layout_check_catches_an_overlap(teaching):
    rp.set_medium("projector")
    try:
        chart = next(c for c in ex.TEACHING_CHARTS if "iceberg" in c.name)
        fig = ex.draw_chart(chart, teaching)
        assert ex.layout_problems(fig) == []
        ax = fig.axes[0]
        ax.text(4.5, -3, "over the dots")                      # text on the data
        ax.text(0, 1.01, "under the title", transform=ax.transAxes)  # text on text
        next(t for t in fig.findobj(plt.Text) if t.get_gid() == "title").set_fontsize(14)  # too small
        problems = ex.layout_problems(fig)
        assert any("'over the dots' is over the data" in p for p in problems)
        assert any("under the title" in p and "overlaps" in p for p in problems)
        assert any("14.0 pt, under 28 pt" in p for p in problems)
    finally:
        rp.set_medium("screen")


def test_legend_over_data_is_caught():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], label="a line")
    ax.legend(loc="center")
    assert any("legend" in p for p in ex.layout_problems(fig, "print"))


# ------------------------------------------------------------------ slide decks

@pytest.mark.slow
def test_slides_read_back(teaching, tmp_path):
    from pptx import Presentation

    from recovery.slides import write_slides
    pptx, deck = write_slides(tmp_path, "zh", data=teaching)
    slides = list(Presentation(pptx).slides)[1:]   # after the title slide
    assert len(slides) == len(ex.TEACHING_CHARTS)
    for slide in slides:
        pictures = [s for s in slide.shapes if s.shape_type == 13]   # MSO_SHAPE_TYPE.PICTURE
        assert len(pictures) == 1 and CJK.search(slide.shapes.title.text)
        notes = slide.notes_slide.notes_text_frame.text
        assert CJK.search(notes) and "来源" in notes
    page = deck.read_text(encoding="utf-8")
    refs = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert refs and all("://" not in r and not r.startswith("//") for r in refs), refs
    assert all((deck.parent / r).is_file() for r in refs), [r for r in refs if not (deck.parent / r).is_file()]
    assert page.count("<section>") == len(ex.TEACHING_CHARTS) + 1 and page.count('class="notes"') == len(slides)


def test_charts_command_writes_every_chart_for_print(tmp_path):
    from recovery.cli import build_parser, main
    assert main(["charts", "--lang", "zh", "--size", "print", "--format", "svg", "--quick", "--out", str(tmp_path)]) == 0
    assert len(list(tmp_path.glob("*.zh.svg"))) == len(ex.TEACHING_CHARTS)
    assert build_parser().parse_args(["report", "notebooks", "--lang", "zh"]).lang == "zh"


def test_report_language_reaches_the_notebook_kernel():
    """`recovery report --lang zh` runs each kernel with RECOVERY_LANG=zh; charts start in Chinese."""
    import os
    import subprocess
    import sys
    code = "import recovery.plots as rp; print(rp.get_language())"
    env = {**os.environ, "RECOVERY_LANG": "zh"}
    assert subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True).stdout.strip() == "zh"
    env["RECOVERY_LANG"] = "fr"   # not a chart language: English
    assert subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True).stdout.strip() == "en"
