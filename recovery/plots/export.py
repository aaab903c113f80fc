"""Every teaching chart, drawn for a medium and a language, with its source under it, written
to files (``recovery charts``) and checked: text sizes, text inside the figure, no text over
another text or over the data.

>>> import recovery.plots.export as ex
>>> [c.name for c in ex.TEACHING_CHARTS][:2]
['01_complaint_iceberg', '02_word_of_mouth_people_told']
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.collections import PathCollection, PolyCollection, QuadMesh
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from recovery._seeding import generator
from recovery.plots import _style
from recovery.plots._catalog import MESSAGES, text

__all__ = ["TeachingChart", "TEACHING_CHARTS", "teaching_data", "draw_chart", "export_charts", "layout_problems"]

FORMATS = ("png", "svg", "pdf")
#: Pixels per inch of exported PNGs: a 13.33 x 7.5 in projector slide is 2000 x 1125 px.
PNG_DPI = 150


@dataclass(frozen=True)
class TeachingChart:
    """One teaching chart: its file name (what it shows), how it is drawn from
    :func:`teaching_data`, and the catalogue keys of its source line and speaker notes."""

    name: str
    draw: Callable[[dict], Figure]
    source: str
    notes: str


def teaching_data(quick: bool = False, seed: int = 2026) -> dict:
    """The simulated inputs of the teaching charts (the same seed gives the same charts).
    ``quick``: small populations, for tests.

    Parameters
    ----------
    quick : bool, default False
        Small populations, for tests.
    seed : int, default 2026
        The seed of every simulation.

    Returns
    -------
    dict
        Name -> the input of one or more teaching charts.

    Examples
    --------
    >>> data = teaching_data(quick=True)  # doctest: +SKIP
    """
    import recovery
    from recovery import desk, experiments, meta, survey, sweep, wom
    from recovery.paradox import paradox_grid, paradox_paths
    from recovery.params import named_strategies

    n = 2_000 if quick else 20_000
    data = {"failure_at": 4}
    data["paths"] = paradox_paths(severity=0.05, n_customers=n, failure_at=data["failure_at"], seed=seed)
    severities = np.round(np.linspace(0.02, 0.5, 4 if quick else 7), 2)
    qualities = np.round(np.linspace(0, 1, 3 if quick else 6), 1)
    data["grid_first"] = paradox_grid(severities=severities, qualities=qualities, n_customers=n, seed=seed)
    data["grid_second"] = paradox_grid(severities=severities, qualities=qualities, prior_failures=1, n_customers=n,
                                       seed=seed)

    run = recovery.simulate(n_customers=n, periods=52, seed=seed)
    data["totals"] = run.history.query("segment == 'all'").groupby("measure")["value"].sum().to_dict()

    figures = recovery.load_dataset("seed_figures").set_index("key")["value"]
    n_net = 5_000 if quick else 50_000
    net = wom.barabasi_albert(n_net, 15, seed=seed)
    ties = net.nnz / n_net
    rng = generator(seed)
    frames = []
    for story, told in (("bad", figures["wom_told_bad"]),
                        ("good", (figures["wom_told_good_low"] + figures["wom_told_good_high"]) / 2)):
        for rep in range(5 if quick else 20):
            teller = int(rng.integers(n_net))
            first = net.indices[net.indptr[teller]:net.indptr[teller + 1]]
            reach = wom.independent_cascade(net, first[rng.random(first.size) < told / ties], p=0.01, steps=8,
                                            seed=rng)
            frames.append(reach.assign(reached=reach["reached"] + 1, story=story, rep=rep))
    data["reach"], data["girard"] = pd.concat(frames), figures["girard_reach"]

    design = pd.DataFrame({"named_strategy": list(named_strategies())})
    table = sweep.run_sweep(sweep.simulate_model, design, replications=2 if quick else 5, seed=seed, workers=1,
                            progress=False, fixed={"n_customers": n // 2, "periods": 26})
    data["strategies"] = sweep.summarize(table, "named_strategy",
                                         ["retention", "satisfaction", "net_wom_per_1000", "value_per_1000"])
    rates = desk.complaint_arrivals(run, 100_000)
    data["staffing"] = desk.staffing_curve(rates, range(9, 16), seed=seed, n_customers=n // 2, handle_hours=1.5,
                                           shifts=[(8, 20)], p_escalate=0.2, escalation_hours=2.0, specialists=5,
                                           days=10 if quick else 30)

    raw = recovery.load_dataset("ecsi_mobi")
    mobi = survey.load_survey(raw, scales=survey.likert(list(raw.columns), 1, 10))
    model = recovery.datasets.dataset_model("ecsi_mobi")  # its multi-item constructs: reliability is defined
    measurement = "\n".join(line for line in model.splitlines() if "=~" in line and "+" in line)
    data["reliability"] = survey.reliability(measurement, mobi).table_

    sizes = [10, 20, 40, 80, 160]
    reps = 100 if quick else 1_000
    data["power"] = pd.concat(
        [experiments.power_curve(d, sizes, reps=reps, seed=seed).assign(effect=f"d = {d}") for d in (0.3, 0.5, 0.8)]
        + [experiments.power_curve(0.5, sizes, contrast_weights=(1, -1, -1, 1), reps=reps, seed=seed)
           .assign(effect="interaction")])
    cells = experiments.design({"compensation": [0.0, 1.0], "severity": [0.2, 0.6]}, n_per_cell=30 if quick else 60,
                               seed=seed)
    answers = experiments.simulate_responses(cells, fixed={"response_days": 1.0, "emotion_first": True}, seed=seed)
    data["answers"] = answers.assign(satisfaction=experiments.scale_score(answers, "sr"))

    rows = []
    for _ in range(12):
        trial = experiments.design({"compensation": [0.0, 1.0]}, n_per_cell=int(rng.integers(20, 150)),
                                   seed=int(rng.integers(2**31)))
        r = experiments.simulate_responses(trial, fixed={"severity": float(rng.uniform(0.1, 0.8))},
                                           seed=int(rng.integers(2**31)))
        score = experiments.scale_score(r, "sr")
        hi, lo = score[r.compensation == 1.0], score[r.compensation == 0.0]
        rows.append(meta.hedges_g(hi.mean(), hi.std(), len(hi), lo.mean(), lo.std(), len(lo)))
    g, v = map(np.asarray, zip(*rows))
    data["meta"] = meta.random_effects(g, v)
    return data


def _pair(key: str, **values) -> tuple[str, str]:
    en, zh = MESSAGES[key]
    return en.format(**values), zh.format(**values)


_POWER_NAMES = {**{f"d = {d}": _pair("power.effect", d=d) for d in (0.3, 0.5, 0.8)},
                "interaction": _pair("power.interaction", d=0.5)}


def _shared_limit(data) -> float:
    both = pd.concat([data["grid_first"], data["grid_second"]])["difference"]
    return float(both.abs().max())


def _fig(artist) -> Figure:
    return artist if isinstance(artist, Figure) else artist.figure


def _charts() -> list[TeachingChart]:
    import recovery.plots as rp

    def chart(name, draw, key):
        return TeachingChart(name, lambda d: _fig(draw(d)), f"source.{key}", f"notes.{key}")

    return [
        chart("01_complaint_iceberg", lambda d: rp.iceberg(), "iceberg"),
        chart("02_word_of_mouth_people_told", lambda d: rp.word_of_mouth_counts(), "wom"),
        chart("03_complaint_economics_people_and_costs", lambda d: rp.complaint_economics(), "economics"),
        chart("04_what_the_firm_sees_of_failures", lambda d: rp.what_the_firm_sees(d["totals"]), "sees"),
        chart("05_word_of_mouth_reach_on_a_network", lambda d: rp.reach_over_time(d["reach"], d["girard"]), "reach"),
        chart("06_paradox_satisfaction_after_failure",
              lambda d: rp.paradox_paths_chart(d["paths"], d["failure_at"]), "paths"),
        chart("07_paradox_loyalty_after_failure",
              lambda d: rp.paradox_loyalty_chart(d["paths"], d["failure_at"]), "loyalty"),
        chart("08_paradox_region_first_failure",
              lambda d: rp.paradox_region(d["grid_first"], _shared_limit(d)), "region_first"),
        chart("09_paradox_region_second_failure",
              lambda d: rp.paradox_region(d["grid_second"], _shared_limit(d)), "region_second"),
        chart("10_recovery_strategies_compared", lambda d: rp.strategy_comparison(d["strategies"]), "strategies"),
        chart("11_complaint_desk_staffing", lambda d: rp.staffing_chart(d["staffing"]), "staffing"),
        chart("12_survey_scale_reliability", lambda d: rp.reliability_chart(d["reliability"]), "reliability"),
        chart("13_experiment_power_respondents_needed", lambda d: rp.power_chart(d["power"], names=_POWER_NAMES),
              "power"),
        chart("14_experiment_cell_means", lambda d: rp.cell_means(d["answers"], "satisfaction", "compensation",
                                                                  "severity"), "cells"),
        chart("15_meta_analysis_forest_plot", lambda d: rp.forest_plot(d["meta"]), "forest"),
        chart("16_meta_analysis_funnel_plot", lambda d: rp.funnel_plot(d["meta"]), "funnel"),
    ]


#: The teaching charts, in workshop order.
TEACHING_CHARTS = _charts()


def draw_chart(chart: TeachingChart, data: dict) -> Figure:
    """Draw ``chart`` in the current language and medium, with its source line under it.

    Parameters
    ----------
    chart : TeachingChart
        One of ``TEACHING_CHARTS``.
    data : dict
        The inputs from :func:`teaching_data`.

    Returns
    -------
    matplotlib.figure.Figure
        The chart with its source line.

    Examples
    --------
    >>> fig = draw_chart(TEACHING_CHARTS[0], teaching_data(quick=True))  # doctest: +SKIP
    """
    with _style.house_style():
        fig = chart.draw(data)
        size = _style.text_size()
        band = 1.9 * size / 72 / fig.get_figheight()
        fig.get_layout_engine().set(rect=(0, band, 1, 1 - band))
        fig.text(0.005, 0.2 * band, text("source", text=text(chart.source)), ha="left", va="bottom",
                 fontsize=size, color=_style.PALETTE["grey"], gid="source")
    return fig


def export_charts(out, language: str = "en", medium: str = "projector", fmt: str = "png", data: dict | None = None,
                  quick: bool = False) -> dict[Path, list[str]]:
    """Write every teaching chart to ``out`` as ``NN_what_it_shows.<language>.<fmt>`` and check
    each as saved (:func:`layout_problems`); returns each path's problems (empty lists when
    clean). ``data``: from :func:`teaching_data` (computed when not given).

    Parameters
    ----------
    out : path
        Folder to write to.
    language : {'en', 'zh'}, default 'en'
        Language of the labels.
    medium : {'projector', 'print'}, default 'projector'
        Sets the text sizes' floor.
    fmt : {'png', 'svg', 'pdf'}, default 'png'
        File format.
    data : dict, optional
        From :func:`teaching_data` (computed when not given).
    quick : bool, default False
        Small populations, for tests.

    Returns
    -------
    dict
        Path of each chart -> its layout problems (empty lists when clean).

    Examples
    --------
    >>> problems = export_charts("charts", language="zh")  # doctest: +SKIP
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt = {fmt!r}: use one of {FORMATS}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    data = teaching_data(quick=quick) if data is None else data
    before = (_style.get_language(), _style.get_medium())
    _style.set_language(language)
    _style.set_medium(medium)
    written = {}
    try:
        for chart in TEACHING_CHARTS:
            fig = draw_chart(chart, data)
            path = out / f"{chart.name}.{language}.{fmt}"
            fig.savefig(path, dpi=PNG_DPI)
            written[path] = layout_problems(fig, medium)
            plt.close(fig)
    finally:
        _style.set_language(before[0])
        _style.set_medium(before[1])
    return written


# ---------------------------------------------------------------- layout check

def _drawn_texts(fig, renderer) -> list[Text]:
    """Every text the figure shows: visible, not empty, and (tick labels) inside the view."""
    ticks = {}
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            tol = 1e-9 * max(1.0, abs(high - low))
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                shown = low - tol <= tick.get_loc() <= high + tol if tick.get_loc() is not None else False
                for t in (tick.label1, tick.label2):
                    ticks[id(t)] = shown
    texts = []
    for t in fig.findobj(Text):
        if not t.get_visible() or not t.get_text().strip() or not ticks.get(id(t), True):
            continue
        if t.axes is not None and not t.axes.get_visible():
            continue
        if t.get_window_extent(renderer).width > 0:
            texts.append(t)
    return texts


def _data_artists(fig):
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for artist in [*ax.lines, *ax.collections, *ax.patches, *ax.images]:
            if artist.get_visible() and artist.get_gid() != "background":
                yield artist


def _hits(artist, box: Bbox, renderer) -> bool:
    """Does ``artist`` (a line, markers, bars, areas, an image) draw inside ``box`` (pixels)?"""
    if artist.get_clip_on():
        clip = artist.get_clip_box() or artist.axes.bbox
        inner = Bbox.intersection(box, clip)
        if inner is None:
            return False
        box = inner
    if isinstance(artist, (AxesImage, QuadMesh)):
        return box.overlaps(artist.get_window_extent(renderer))
    if isinstance(artist, Line2D):
        path = artist.get_transform().transform_path(artist.get_path())
        if artist.get_linestyle() not in ("None", "", " ") and path.intersects_bbox(box, filled=False):
            return True
        if artist.get_marker() not in (None, "None", "", " "):
            r = artist.get_markersize() * artist.figure.dpi / 72 / 2
            return any(box.padded(r).contains(x, y) for x, y in path.vertices)
        return False
    if isinstance(artist, Patch):
        path = artist.get_transform().transform_path(artist.get_path())
        return path.intersects_bbox(box, filled=artist.get_fill())
    if isinstance(artist, PathCollection):  # scatter markers, as discs
        points = artist.get_offset_transform().transform(artist.get_offsets())
        sizes = np.broadcast_to(artist.get_sizes(), (len(points),)) if len(artist.get_sizes()) else np.zeros(len(points))
        radius = np.sqrt(sizes) * artist.figure.dpi / 72 / 2
        return any(box.padded(r).contains(x, y) for (x, y), r in zip(points, radius))
    filled = isinstance(artist, PolyCollection)
    transform = artist.get_transform()
    return any(transform.transform_path(p).intersects_bbox(box, filled=filled) for p in artist.get_paths())


def _is_title(t: Text) -> bool:
    return t.get_gid() == "title"


def layout_problems(fig, medium: str | None = None) -> list[str]:
    """What a room would notice: text smaller than the medium's floor (titles, other text),
    text outside the figure, text over another text, text (or a legend) over the data.
    Empty when the chart is clean. A cell's own value (``gid="on-data"``) may sit on its cell.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The chart.
    medium : {'projector', 'print'}, optional
        The medium whose text size floor applies (default the current one).

    Returns
    -------
    list of str
        One line per problem; empty when the chart is clean.

    Examples
    --------
    >>> fig, ax = plt.subplots(); _ = ax.plot([0, 1], [0, 1]); _ = ax.text(0.5, 0.5, "on the line")
    >>> layout_problems(fig, "print")
    ["text 'on the line' is over the data (Line2D)"]
    """
    medium = medium or _style.get_medium()
    floor = _style.MEDIA[medium]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = _drawn_texts(fig, renderer)
    boxes = [t.get_window_extent(renderer) for t in texts]
    problems = []
    page = fig.bbox.padded(1)
    for t, box in zip(texts, boxes):
        smallest = floor["title"] if _is_title(t) else floor["text"]
        if t.get_fontsize() < smallest - 0.01:
            problems.append(f"text {t.get_text()!r} is {t.get_fontsize():.1f} pt, under {smallest:g} pt")
        if not (page.contains(box.x0, box.y0) and page.contains(box.x1, box.y1)):
            problems.append(f"text {t.get_text()!r} runs off the figure")
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if boxes[i].padded(-2).overlaps(boxes[j].padded(-2)):
                problems.append(f"text {texts[i].get_text()!r} overlaps text {texts[j].get_text()!r}")
    legends = [leg for leg in [*(ax.get_legend() for ax in fig.axes), *fig.legends] if leg is not None]
    blocks = [(t.get_text(), box.padded(-2)) for t, box in zip(texts, boxes) if t.get_gid() != "on-data"]
    blocks += [("legend", leg.get_window_extent(renderer)) for leg in legends]
    for name, box in blocks:
        for artist in _data_artists(fig):
            if _hits(artist, box, renderer):
                problems.append(f"text {name!r} is over the data ({type(artist).__name__})")
                break
    return problems
