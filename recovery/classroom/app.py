"""The classroom app: three pages served to the browsers of a training room.

Why Panel and not Voila: Voila runs a Jupyter kernel per visitor and its page talks to that
kernel over the Jupyter messaging protocol, which carries ``execute_request`` messages, so a
visitor who opens the browser console can run Python of their own in the kernel. Panel (on the
Bokeh server) sends only widget and model property changes over its websocket; the server runs
nothing but the callbacks written here, there is no kernel, no notebook and no terminal to
reach, and Bokeh's and Panel's JavaScript and CSS are served by the app itself (offline).

Pages: ``/paradox`` (the paradox explorer), ``/iceberg`` (predict-then-reveal and word of mouth
on a network, step by step), ``/roleplay`` (the complaint-handling role-play with a shared
scoreboard). ``?lang=zh`` or ``?lang=en`` picks the language; every page has a switch.

>>> page = HomePage("zh")
>>> _ = page.view()
>>> page.title.object
'## 服务补救课堂'

"""
from __future__ import annotations

import functools
import random

import numpy as np
import pandas as pd
import panel as pn

from recovery._seeding import generator
from recovery.classroom import _model
from recovery.classroom.charts import ParadoxChart, iceberg_waffle, network_chart
from recovery.classroom.messages import LANGUAGES, text
from recovery.classroom.roleplay import COMPLAINANTS, PHRASES, REMEDIES, STEPS, deal, score_handling
from recovery.params import Strategy

__all__ = ["ParadoxPage", "IcebergPage", "RolePlayPage", "HomePage", "PAGES", "SCOREBOARD", "pages", "warm"]

_LANGUAGE_OPTIONS = {"English": "en", "中文": "zh"}
#: Explorer cohorts: 2,000 customers (the issue's measured naive slider), weeks 1-12 with the failure in week 3. One redraw runs one
#: cohort (the other two groups are cached per setting) and draws the chart: about 0.3 s on a
#: 2-core machine (benchmarks/classroom_redraw.py).
EXPLORER = {"n_customers": 2_000, "periods": 12, "failure_at": 3}
#: The severity slider's stops (share of the performance lost).
SEVERITIES = tuple(round(0.05 * k, 2) for k in range(1, 17))
#: The iceberg: a year of 4,000 customers with by-the-book handling.
ICEBERG = {"n_customers": 4_000}
#: The word-of-mouth network: Girard's 250 people (seed 004), each knowing 6 with a tenth of the
#: ties rewired (a small world; both numbers are assumptions, for a readable drawing).
NETWORK = {"n_customers": 250, "neighbours": 6, "rewire": 0.1, "steps": 10}
#: The room's seed: every page and every screen shows the same model numbers.
SEED = 14
#: Role-play results per card and team, shared by every browser of this server.
SCOREBOARD: dict[int, dict[str, dict]] = {}
_CHART = {"dpi": 96, "tight": False, "format": "png", "sizing_mode": "stretch_width", "max_width": 1100}


def _lang(default: str) -> str:
    asked = pn.state.session_args.get("lang", [default.encode()])[0].decode() if pn.state.curdoc else default
    return asked if asked in LANGUAGES else default


class _Page:
    """Header (title, links to the other pages, language switch) above a page body."""

    key = ""

    def __init__(self, lang: str):
        self.lang = lang
        self.switch = pn.widgets.RadioButtonGroup(options=_LANGUAGE_OPTIONS, value=lang, color="primary",
                                                  label="language")
        self.title = pn.pane.Markdown()
        self.nav = pn.pane.HTML()
        self.note = pn.pane.Markdown(styles={"color": "#555"})
        self.switch.param.watch(lambda event: self.set_language(event.new), "value")

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.title.object = f"## {text('page_' + self.key, lang) if self.key else text('app_title', lang)}"
        links = " · ".join(f'<a href="/{page}?lang={lang}">{text("page_" + page, lang)}</a>' for page in PAGES)
        self.nav.object = f'<div style="font-size: 1.1em">{text("app_title", lang)}: {links}</div>'
        self.note.object = text("model_note", lang)
        self.relabel()

    def relabel(self) -> None:
        """Set every text of the body in ``self.lang`` and redraw."""

    def body(self):
        raise NotImplementedError

    def view(self) -> pn.Column:
        self.set_language(self.lang)
        return pn.Column(pn.Row(self.nav, pn.HSpacer(), self.switch), self.title, self.body(), self.note,
                         sizing_mode="stretch_width", max_width=1150)


def _options(keys, lang: str, prefix: str) -> dict:
    return {text(prefix + k, lang): k for k in keys}


@functools.lru_cache(maxsize=256)
def _explorer_group(group: str, severity: float, strategy: Strategy, prior: int, seed=SEED) -> dict:
    return _model.explorer_paths(group=group, severity=severity, strategy=strategy, prior_failures=prior,
                                 seed=seed, **EXPLORER)


@functools.lru_cache(maxsize=1)
def _explorer_limits(seed=SEED) -> dict:
    """Fixed axes, from the model itself (so they follow its scale): satisfaction against no
    failure from a silent moderate failure (severity 0.3, the floor) to twice the best
    recovery's lead after a minor one; still a customer down to the worst case the sliders allow."""
    best = Strategy(compensation=1.2, emotion_first=True, follow_up=True, response_days=0.0)
    base = _explorer_group("no_failure", 0.0, Strategy(), 0, seed)["satisfaction"]
    floor = (_explorer_group("silent", 0.3, Strategy(), 0, seed)["satisfaction"] - base).min()
    lead = max((_explorer_group("recovered", 0.05, best, 0, seed)["satisfaction"] - base).max(), 0.1 * abs(floor))
    lowest = _explorer_group("silent", 0.8, Strategy(), 1, seed)["still_customer"].min()
    return {"satisfaction": (1.15 * floor, 2 * lead), "still_customer": (10 * np.floor(lowest / 10 - 0.5), 100)}


class ParadoxPage(_Page):
    """Sliders for the failure and the recovery; the paradox chart and the customer's path.
    ``seed``: the model's (default the room's ``SEED``)."""

    key = "paradox"

    def __init__(self, lang: str, *, seed=SEED):
        super().__init__(lang)
        self.seed = seed
        self.severity = pn.widgets.FloatSlider(start=SEVERITIES[0], end=SEVERITIES[-1], step=0.05, value=0.1)
        self.compensation = pn.widgets.FloatSlider(start=0.0, end=2.0, step=0.1, value=0.5)
        self.days = pn.widgets.FloatSlider(start=0.0, end=14.0, step=0.5, value=3.0)
        self.apology = pn.widgets.Checkbox(value=True)
        self.emotion_first = pn.widgets.Checkbox(value=False)
        self.follow_up = pn.widgets.Checkbox(value=False)
        self.which = pn.widgets.RadioButtonGroup(options={"1": 0, "2": 1}, value=0)
        self.chart = pn.pane.Matplotlib(**_CHART)
        self.drawing = None
        self.verdict = pn.pane.Markdown()
        for slider in (self.severity, self.compensation, self.days):
            slider.param.watch(self.redraw, "value_throttled")
        for widget in (self.apology, self.emotion_first, self.follow_up, self.which):
            widget.param.watch(self.redraw, "value")

    def strategy(self) -> Strategy:
        return Strategy(compensation=round(self.compensation.value, 6), response_days=float(self.days.value),
                        apology=self.apology.value, emotion_first=self.emotion_first.value,
                        follow_up=self.follow_up.value)

    def legend(self) -> dict:
        lang, s = self.lang, self.strategy()
        parts = [text("settings_compensation", lang, value=s.compensation), text("settings_days", lang, value=s.response_days)]
        parts += [text("settings_" + lever, lang) for lever in ("apology", "emotion_first", "follow_up")
                  if getattr(s, lever)]
        failure = [text("settings_severity", lang, value=self.severity.value)]
        failure += [text("settings_second", lang)] if self.which.value else []
        sep = ", " if lang == "en" else "，"
        return {"no_failure": text("paradox_no_failure", lang),
                "recovered": text("paradox_recovered", lang, settings=sep.join(failure + parts)),
                "silent": text("paradox_silent", lang, settings=sep.join(failure))}

    def paths(self) -> dict:
        severity, prior = round(float(self.severity.value), 2), int(self.which.value)
        return {"no_failure": _explorer_group("no_failure", 0.0, Strategy(), prior, self.seed),
                "recovered": _explorer_group("recovered", severity, self.strategy(), prior, self.seed),
                "silent": _explorer_group("silent", severity, Strategy(), prior, self.seed)}

    def redraw(self, *_) -> None:
        paths = self.paths()
        week = EXPLORER["failure_at"] - 1
        gap = paths["recovered"]["satisfaction"][week] - paths["no_failure"]["satisfaction"][week]
        self.verdict.object = "**" + text("paradox_verdict_yes" if gap > 0 else "paradox_verdict_no", self.lang,
                                          gap=gap) + "**"
        if self.drawing is None or self.drawing.lang != self.lang:
            self.drawing = ParadoxChart(_explorer_limits(self.seed), EXPLORER["failure_at"], paths["no_failure"]["week"],
                                        self.lang)
            self.chart.object = self.drawing.figure
        self.drawing.update(paths, self.legend())
        self.chart.param.trigger("object")

    def relabel(self) -> None:
        lang = self.lang
        for widget, key in ((self.severity, "slider_severity"), (self.compensation, "slider_compensation"),
                            (self.days, "slider_days"), (self.apology, "toggle_apology"),
                            (self.emotion_first, "toggle_emotion_first"), (self.follow_up, "toggle_follow_up"),
                            (self.which, "failure_which")):
            widget.label = text(key, lang)
        self.which.options = {text("failure_first", lang): 0, text("failure_second", lang): 1}
        self.which_label.object = text("failure_which", lang)
        self.intro = text("paradox_intro", lang)
        self.intro_pane.object = self.intro
        self.redraw()

    def body(self):
        controls = pn.Column(self.severity, self.compensation, self.days, self.apology, self.emotion_first,
                             self.follow_up, self.which_label, self.which, width=300)
        return pn.Column(self.intro_pane, pn.Row(controls, pn.Column(self.chart, self.verdict,
                                                                      sizing_mode="stretch_width")),
                         sizing_mode="stretch_width")

    @functools.cached_property
    def intro_pane(self) -> pn.pane.Markdown:
        return pn.pane.Markdown()

    @functools.cached_property
    def which_label(self) -> pn.pane.Markdown:
        return pn.pane.Markdown()


@functools.lru_cache(maxsize=1)
def _iceberg(seed=SEED) -> dict:
    return _model.iceberg_per_100(seed=seed, **ICEBERG)


@functools.lru_cache(maxsize=1)
def _network(seed=SEED):
    return _model.network(NETWORK["n_customers"], NETWORK["neighbours"], NETWORK["rewire"], seed)


@functools.lru_cache(maxsize=2)
def _spread(story: str, seed=SEED) -> tuple[np.ndarray, list[int]]:
    """The step at which each person hears the story (-1: never), and how many have heard it by each step."""
    graph, _, _ = _network(seed)
    rng = generator(seed)
    reached_at = np.full(NETWORK["n_customers"], -1)
    reached_at[0] = 0
    tellers = reached_at == 0
    for step in range(1, NETWORK["steps"] + 1):
        new = _model.tell_step(graph, tellers, reached_at >= 0, story, rng)
        reached_at[new] = step
        tellers = new
    return reached_at, [int(((reached_at >= 0) & (reached_at <= s)).sum()) for s in range(NETWORK["steps"] + 1)]


class IcebergPage(_Page):
    """Predict-then-reveal on the complaint iceberg, then word of mouth on a network, step by step.
    ``seed``: the model's and the network's (default the room's ``SEED``)."""

    key = "iceberg"

    def __init__(self, lang: str, *, seed=SEED):
        super().__init__(lang)
        self.seed = seed
        self.intro = pn.pane.Markdown()
        self.guess = pn.widgets.IntSlider(start=0, end=100, step=1, value=20)
        self.reveal = pn.widgets.Button(color="primary")
        self.waffle = pn.pane.Matplotlib(**{**_CHART, "max_width": 640})
        self.result = pn.pane.Markdown()
        self.revealed = False
        self.wom_intro = pn.pane.Markdown()
        self.story = pn.widgets.RadioButtonGroup(options={"bad": "bad", "good": "good"}, value="bad")
        self.step_button = pn.widgets.Button(color="primary")
        self.reset = pn.widgets.Button()
        self.step = 0
        self.network = pn.pane.Matplotlib(**_CHART)
        self.guess.param.watch(self._guessed, "value_throttled")
        self.reveal.on_click(self._reveal)
        self.step_button.on_click(self._next)
        self.reset.on_click(self._restart)
        self.story.param.watch(self._restart, "value")

    def _guessed(self, *_):
        self.revealed = False
        self.draw_iceberg()

    def _reveal(self, *_):
        self.revealed = True
        self.draw_iceberg()

    def _next(self, *_):
        self.step = min(self.step + 1, NETWORK["steps"])
        self.draw_network()

    def _restart(self, *_):
        self.step = 0
        self.draw_network()

    def draw_iceberg(self) -> None:
        lang = self.lang
        split = _iceberg(self.seed) if self.revealed else None
        self.waffle.object = iceberg_waffle(self.guess.value, split, lang)
        self.result.object = "" if split is None else (
            "**" + text("iceberg_result", lang, reached=split["reached_firm"], complained=split["complained"],
                        silent=split["left_silently"], guess=self.guess.value) + "**\n\n"
            + text("iceberg_source", lang))

    def draw_network(self) -> None:
        _, positions, edges = _network(self.seed)
        reached_at, history = _spread(self.story.value, self.seed)
        self.network.object = network_chart(positions, edges, reached_at, self.step, history[:self.step + 1],
                                            self.story.value, self.lang)

    def relabel(self) -> None:
        lang = self.lang
        self.intro.object = text("iceberg_intro", lang)
        self.guess.label = text("iceberg_guess", lang)
        self.reveal.label = text("iceberg_reveal", lang)
        self.wom_intro.object = text("wom_intro", lang)
        self.story.options = {text("wom_bad", lang): "bad", text("wom_good", lang): "good"}
        self.story.label = text("wom_story", lang)
        self.step_button.label = text("wom_step", lang)
        self.reset.label = text("wom_reset", lang)
        self.draw_iceberg()
        self.draw_network()

    def body(self):
        iceberg = pn.Row(pn.Column(self.intro, self.guess, self.reveal, self.result, width=380), self.waffle)
        wom = pn.Column(self.wom_intro, pn.Row(self.story, self.step_button, self.reset), self.network,
                        sizing_mode="stretch_width")
        return pn.Column(iceberg, pn.layout.Divider(), wom, sizing_mode="stretch_width")


class RolePlayPage(_Page):
    """A customer card, the team's choices, the simulated customer's response, the debrief and the
    scoreboard of every team that played the card on this server."""

    key = "roleplay"

    def __init__(self, lang: str):
        super().__init__(lang)
        self.intro = pn.pane.Markdown()
        self.card_number = pn.widgets.IntInput(value=1, start=1, end=999, width=120)
        self.card = pn.pane.Markdown(styles={"background": "#f3f6fa", "padding": "0 12px", "border-radius": "6px"})
        self.team = pn.widgets.TextInput(max_length=30, width=220)
        self.steps = pn.widgets.MultiChoice(options={}, value=[], sizing_mode="stretch_width")
        self.phrase_labels = {s: pn.pane.Markdown() for s in PHRASES}
        self.phrases = {s: pn.widgets.RadioBoxGroup(options={}, value=None, inline=False) for s in PHRASES}
        self.remedy = pn.widgets.Select(options={}, value="moderate", width=320)
        self.play = pn.widgets.Button(color="primary", width=160)
        self.result = pn.pane.Markdown()
        self.debrief = pn.pane.Markdown()
        self.board_title = pn.pane.Markdown()
        self.board = pn.pane.DataFrame(pd.DataFrame(), index=False, escape=True, sizing_mode="stretch_width")
        self.score = None
        self.card_number.param.watch(self._new_card, "value")
        self.play.on_click(self._play)
        if pn.state.curdoc:
            pn.state.add_periodic_callback(self.show_board, period=3000)

    def _new_card(self, *_):
        self.score = None
        self.result.object = self.debrief.object = ""
        self.relabel()

    def _phrase_options(self, situation: str) -> dict:
        # the better phrase is not always second: the order is the card's
        order = ["avoid", "instead"]
        random.Random(f"{self.card_number.value}-{situation}").shuffle(order)
        return {text(f"phrase_{situation}_{o}", self.lang): o for o in order}

    def _play(self, *_):
        team = self.team.value.strip()[:30]
        if not team:
            self.result.object = "**" + text("rp_no_team", self.lang) + "**"
            return
        phrases = {s: w.value for s, w in self.phrases.items()}
        if None in phrases.values():
            missing = next(s for s, v in phrases.items() if v is None)
            self.result.object = "**" + text("rp_phrases", self.lang) + " " + text(f"phrase_{missing}", self.lang) + "**"
            return
        self.score = score_handling(deal(self.card_number.value), self.steps.value, phrases, self.remedy.value)
        SCOREBOARD.setdefault(self.card_number.value, {})[team] = {
            "satisfaction": self.score.satisfaction, "buy_again": self.score.buy_again, "told": self.score.told,
            "mood": self.score.mood}
        self.show_score()
        self.show_board()

    def describe_card(self) -> str:
        lang, card = self.lang, deal(self.card_number.value)
        lines = [f"### {text('rp_card_title', lang, number=card.number)}",
                 text("rp_card_customer", lang, complainant=text("type_" + card.complainant, lang),
                      difficult=text("difficult_" + card.difficult, lang)),
                 text("rp_card_wants", lang, wants=text("wants_" + card.complainant, lang)),
                 text("rp_card_failure", lang, cause=text("cause_" + card.cause, lang),
                      severity=text(f"severity_{card.severity:g}", lang)),
                 text("story_" + card.cause, lang)]
        if card.second_failure:
            lines.append(text("rp_card_second", lang))
        lines.append(f"*{text('rp_card_tactic', lang, tactic=text('tactic_' + card.difficult, lang))}*")
        return "\n\n".join(lines)

    def _choice_name(self, choice: str) -> str:
        if choice in STEPS:
            return text("step_" + choice, self.lang)
        if choice in PHRASES:
            return text("phrase_" + choice, self.lang)
        return text("choice_remedy", self.lang)

    def _option_name(self, row, column: str) -> str:
        value = row[column]
        if row["choice"] == "remedy":
            return text("remedy_" + value, self.lang)
        if row["choice"] in PHRASES:
            return text(f"phrase_{row['choice']}_{value}", self.lang)
        return text("made_" + value, self.lang)

    def show_score(self) -> None:
        if self.score is None:
            return
        lang, s = self.lang, self.score
        w = s.weights
        self.result.object = "\n\n".join([
            "**" + text("rp_result_emotion", lang, mood=text("emotion_" + s.mood, lang), share=s.emotion[s.mood]) + "**",
            text("rp_result_satisfaction", lang, value=s.satisfaction),
            text("rp_result_buy_again", lang, value=s.buy_again),
            text("rp_result_told", lang, value=s.told),
            text("rp_result_justice", lang, **s.justice, w_d=w["distributive"], w_p=w["procedural"],
                 w_i=w["interactional"])])
        top = s.most_important
        if abs(top["satisfaction_change"]) < 1:
            lines = [text("rp_debrief_none", lang)]
        else:
            key = "rp_debrief_helped" if top["satisfaction_change"] < 0 else "rp_debrief_hurt"
            lines = [text(key, lang, choice=self._choice_name(top["choice"]), made=self._option_name(top, "made"),
                          alternative=self._option_name(top, "alternative"), change=abs(top["satisfaction_change"])),
                     text("rp_why_" + top["dimension"], lang, weight=w.get(top["dimension"], 0.0))]
        rest = s.choices.iloc[1:6]
        lines.append(f"**{text('rp_other_choices', lang)}**")
        lines += [f"- {self._choice_name(r['choice'])} ({self._option_name(r, 'made')} → "
                  f"{self._option_name(r, 'alternative')}): {r['satisfaction_change']:+.1f}" for _, r in rest.iterrows()]
        self.debrief.object = f"### {text('rp_debrief', lang)}\n\n" + "\n\n".join(lines[:2]) + "\n\n" + \
            "\n".join(lines[2:])

    def show_board(self) -> None:
        lang, card = self.lang, self.card_number.value
        self.board_title.object = f"### {text('rp_scoreboard', lang, card=card)}"
        rows = SCOREBOARD.get(card, {})
        frame = pd.DataFrame([{text("rp_col_team", lang): team,
                               text("rp_col_satisfaction", lang): round(r["satisfaction"], 1),
                               text("rp_col_buy_again", lang): f"{r['buy_again']:.0%}",
                               text("rp_col_told", lang): round(r["told"], 1),
                               text("rp_col_mood", lang): text("emotion_" + r["mood"], lang)}
                              for team, r in sorted(rows.items(), key=lambda kv: -kv[1]["satisfaction"])])
        if not frame.equals(self.board.object):
            self.board.object = frame

    def relabel(self) -> None:
        lang = self.lang
        self.intro.object = text("rp_intro", lang)
        self.card_number.label = text("rp_card_number", lang)
        self.card.object = self.describe_card()
        self.team.label = text("rp_team", lang)
        self.team.placeholder = text("rp_team", lang)
        chosen = list(self.steps.value)  # cleared and set again so the browser gets the new labels
        self.steps.param.update(options=_options(STEPS, lang, "step_"), value=[])
        self.steps.value = chosen
        self.steps.label = text("rp_steps", lang)
        for situation, widget in self.phrases.items():
            widget.param.update(options=self._phrase_options(situation), value=widget.value)
            self.phrase_labels[situation].object = f"**{text('phrase_' + situation, lang)}**"
        self.remedy.param.update(options=_options(REMEDIES, lang, "remedy_"), value=self.remedy.value)
        self.remedy.label = text("rp_remedy", lang)
        self.play.label = text("rp_play", lang)
        self.phrases_title.object = f"**{text('rp_phrases', lang)}**"
        self.show_score()
        self.show_board()

    @functools.cached_property
    def phrases_title(self) -> pn.pane.Markdown:
        return pn.pane.Markdown()

    def body(self):
        phrases = pn.GridBox(*[pn.Column(self.phrase_labels[s], self.phrases[s]) for s in PHRASES], ncols=2)
        choices = pn.Column(pn.Row(self.card_number, self.team), self.card, self.steps, self.phrases_title, phrases,
                            self.remedy, self.play, sizing_mode="stretch_width")
        results = pn.Column(self.result, self.debrief, self.board_title, self.board, sizing_mode="stretch_width")
        return pn.Column(self.intro, pn.Row(choices, results, sizing_mode="stretch_width"),
                         sizing_mode="stretch_width")


class HomePage(_Page):
    """Links to the three pages."""

    def relabel(self) -> None:
        lang = self.lang
        self.links.object = "\n".join(f'<p style="font-size: 1.4em"><a href="/{page}?lang={lang}">'
                                      f'{text("page_" + page, lang)}</a></p>' for page in PAGES)

    @functools.cached_property
    def links(self) -> pn.pane.HTML:
        return pn.pane.HTML()

    def body(self):
        return self.links


PAGES = {"paradox": ParadoxPage, "iceberg": IcebergPage, "roleplay": RolePlayPage}


def warm(*, seed=SEED) -> None:
    """Run the cached model results every page needs, so the first visitor does not wait.

    Parameters
    ----------
    seed : int, SeedSequence, Generator or None, default SEED
        The seed the pages run the model on (the room's ``SEED`` unless they were given
        another).

    Examples
    --------
    >>> warm()  # doctest: +SKIP
    """
    _explorer_limits(seed)
    for prior in (0, 1):  # a severity move then runs one cohort, not two
        _explorer_group("no_failure", 0.0, Strategy(), prior, seed)
        for severity in SEVERITIES:
            _explorer_group("silent", severity, Strategy(), prior, seed)
    _iceberg(seed)
    for story in ("bad", "good"):
        _spread(story, seed)


def pages(default_lang: str) -> dict:
    """The routes Panel serves: each builds a fresh page for every browser session.

    Parameters
    ----------
    default_lang : {'en', 'zh'}
        Language of a session that does not ask for one (``?lang=``).

    Returns
    -------
    dict
        Route -> function building the page for a new session.

    Examples
    --------
    >>> "/" in pages("en")
    True
    """
    routes = {page: (lambda cls=cls: cls(_lang(default_lang)).view()) for page, cls in PAGES.items()}
    routes["/"] = lambda: HomePage(_lang(default_lang)).view()
    return routes
