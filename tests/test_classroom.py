"""The classroom's role-play scoring, its texts, the explorer's fixed axes and the server's guard
(no browser needed; tests/test_classroom_browser.py drives the app in Chromium)."""
import re
from html import unescape
from pathlib import Path

import numpy as np
import pytest

from recovery.classroom import PHRASES, REMEDIES, STEPS, Card, RolePlayError, deal, handling_strategy, score_handling
from recovery.classroom.messages import LANGUAGES, MESSAGES, text
from recovery.classroom.roleplay import COMPLAINANTS, EMOTIONS
from recovery.params import CAUSES, DIFFICULT_TYPES

GOOD = dict.fromkeys(PHRASES, "instead")
BAD = dict.fromkeys(PHRASES, "avoid")


@pytest.mark.parametrize("number", [1, 2, 3, 5])
def test_best_handling_beats_the_worst_on_the_same_card(number):
    # the model says: the full process (emotion first ... follow-up), the better phrases and a
    # full refund raise recovery satisfaction (all three justice dimensions), so fewer leave
    # (the offset of leaving grows with it) and, answered fast, fewer vent to others while waiting
    card = deal(number)
    best = score_handling(card, STEPS, GOOD, "refund")
    worst = score_handling(card, [], BAD, "token")
    assert best.satisfaction > worst.satisfaction + 20
    assert best.buy_again > worst.buy_again + 0.05
    assert best.told < worst.told
    assert all(best.justice[d] > worst.justice[d] for d in best.justice)
    assert best.emotion["angry"] < worst.emotion["angry"]


def test_teams_on_the_same_card_meet_the_same_customers():
    card = deal(4)
    one = score_handling(card, ["calm", "ask", "compensate"], GOOD, "moderate")
    two = score_handling(deal(4), ["calm", "ask", "compensate"], GOOD, "moderate")
    assert one.satisfaction == two.satisfaction and one.told == two.told
    other_luck = score_handling(card, ["calm", "ask", "compensate"], GOOD, "moderate", seed=999)
    assert other_luck.satisfaction != one.satisfaction
    assert abs(other_luck.satisfaction - one.satisfaction) < 1.5  # 2,000 customers: MC error well under a point


def test_order_and_phrases_map_onto_the_model_levers():
    calm_first = handling_strategy(["calm", "ask", "compensate", "fast", "follow_up"], GOOD, "refund")
    assert calm_first.emotion_first and calm_first.follow_up and calm_first.choice_of_remedy
    assert calm_first.compensation == REMEDIES["refund"] and calm_first.response_days == 0.5
    assert calm_first.apology and calm_first.expectation_setting == 1.0
    calm_late = handling_strategy(["follow_up", "compensate", "calm"], BAD, "refund")
    assert not calm_late.emotion_first and not calm_late.follow_up and not calm_late.apology
    assert handling_strategy(["listen", "own"], BAD, "refund").explanation is False  # "I don't know" undoes listening
    assert handling_strategy(["listen", "own"], GOOD, "refund").proactive is True
    assert handling_strategy([], GOOD, "double").compensation == 0.0  # a remedy needs the compensate step


def test_debrief_names_the_choice_that_moved_satisfaction_most_and_its_dimension():
    negotiator = Card(90, "negotiator", "friendly", "product_quality", 0.45, False)
    steps = ["calm", "listen", "own", "ask", "fast", "follow_up"]
    score = score_handling(negotiator, steps, GOOD, "refund")
    top = score.most_important
    assert top["choice"] == "compensate" and top["made"] == "left_out" and top["dimension"] == "distributive"
    again = score_handling(negotiator, steps[:4] + ["compensate"] + steps[4:], GOOD, "refund")
    assert again.satisfaction - score.satisfaction == pytest.approx(top["satisfaction_change"])
    assert top["satisfaction_change"] > 5
    assert (score.choices["satisfaction_change"].abs().diff().dropna() <= 1e-12).all()  # sorted, largest first

    victim = Card(91, "victim", "none", "service_attitude", 0.2, False)
    handling = (["listen", "own", "ask", "compensate", "fast"], {**GOOD, "sorry": "avoid"}, "moderate")
    rude = score_handling(victim, *handling)
    assert rude.weights["interactional"] > score.weights["interactional"]  # seed 004: attitude -> respect
    # so the phrase to avoid costs the victim of rude service more than the negotiator of a faulty product
    cost = {card.complainant: score_handling(card, *handling).choices.set_index("choice")
            .loc["sorry", "satisfaction_change"] for card in (victim, negotiator)}
    assert cost["victim"] > 2 * cost["negotiator"] > 0


def test_emotion_shares_add_up_and_mood_is_the_largest():
    score = score_handling(deal(6), ["calm", "compensate"], GOOD, "moderate")
    assert set(score.emotion) == set(EMOTIONS)
    assert sum(score.emotion.values()) == pytest.approx(1.0)
    assert score.emotion[score.mood] == max(score.emotion.values())
    assert score.summary_frame().loc[0, "mattered_most"] == score.most_important["choice"]


@pytest.mark.parametrize("steps, phrases, remedy, field", [
    (["shout"], GOOD, "refund", "steps"), (["calm", "calm"], GOOD, "refund", "steps"),
    (["calm"], {"sorry": "instead"}, "refund", "phrases"), (["calm"], {**GOOD, "sorry": "maybe"}, "refund", "phrases"),
    (["calm"], GOOD, "a car", "remedy")])
def test_bad_choices_raise_a_typed_error_naming_the_field(steps, phrases, remedy, field):
    with pytest.raises(RolePlayError, match=field):
        score_handling(deal(1), steps, phrases, remedy)
    with pytest.raises(RolePlayError, match="card number"):
        deal(0)


def test_every_message_has_english_and_chinese_with_the_same_placeholders():
    for key, entry in MESSAGES.items():
        assert set(entry) == set(LANGUAGES), key
        assert entry["en"].strip() and entry["zh"].strip(), key
        assert re.search(r"[\u4e00-\u9fff]", entry["zh"]), f"{key}: no Chinese in {entry['zh']!r}"
        fields = [set(re.findall(r"{(\w+)", entry[lang])) for lang in LANGUAGES]
        assert fields[0] == fields[1], key
        assert "顾客" not in entry["zh"], f"{key}: the material's word is 客户"


def test_every_text_the_app_asks_for_exists():
    source = "".join((Path(__file__).parents[1] / "recovery" / "classroom" / name).read_text()
                     for name in ("app.py", "charts.py"))
    literal = set(re.findall(r'text\("(\w+)"[,)]', source))
    assert literal - set(MESSAGES) == set()
    families = {"step_": STEPS, "remedy_": REMEDIES, "type_": COMPLAINANTS, "wants_": COMPLAINANTS,
                "difficult_": DIFFICULT_TYPES[1:], "tactic_": DIFFICULT_TYPES[1:], "cause_": CAUSES,
                "story_": CAUSES, "emotion_": EMOTIONS, "page_": ("paradox", "iceberg", "roleplay"),
                "severity_": ("0.2", "0.45", "0.7"),
                "made_": ("taken", "left_out", "out_of_order", "in_order")}
    for prefix, keys in families.items():
        for key in keys:
            assert prefix + key in MESSAGES
    for situation in PHRASES:
        for key in (f"phrase_{situation}", f"phrase_{situation}_avoid", f"phrase_{situation}_instead"):
            assert key in MESSAGES
    assert text("rp_card_title", "zh", number=3) == "第3号卡"


def test_explorer_axes_stay_fixed_and_the_legend_carries_the_settings():
    from recovery.classroom.app import ParadoxPage

    page = ParadoxPage("en")
    page.view()
    left = page.chart.object.axes[0]
    limits, before = left.get_ylim(), left.get_lines()[1].get_ydata().copy()
    page.severity.value, page.compensation.value, page.emotion_first.value = 0.5, 1.2, True
    page.redraw()
    left = page.chart.object.axes[0]
    assert left.get_ylim() == limits
    assert (left.get_lines()[1].get_ydata() != before).any()
    labels = [t.get_text() for t in page.chart.object.legends[0].get_texts()]
    assert "severity 0.50" in labels[1] and "120% compensation" in labels[1] and "emotion first" in labels[1]
    assert any(line.get_xdata()[0] == 3 and line.get_linestyle() == "--" for line in left.get_lines())  # failure week


def test_scoreboard_shows_team_names_as_text_not_html():
    from recovery.classroom import app

    page = app.RolePlayPage("en")
    page.view()
    page.team.value = "<img src=x onerror=alert(1)>"
    for situation, widget in page.phrases.items():
        widget.value = "instead"
    page.steps.value = ["calm", "compensate"]
    page._play()
    html = unescape(page.board.get_root().text)  # the HTML the browsers render (sent escaped once more)
    assert "&lt;img src=x" in html and "<img src=x" not in html
    assert page.score is not None and page.result.object.startswith("**Emotion")
    app.SCOREBOARD.clear()


def test_only_loopback_goes_without_a_token():
    from recovery.classroom.server import needs_token

    assert not needs_token("127.0.0.1") and not needs_token("::1") and not needs_token("localhost")
    assert needs_token("0.0.0.0") and needs_token("192.168.1.20")
    with pytest.raises(ValueError, match="host = 'classroom.local'"):
        needs_token("classroom.local")


def test_classroom_command_rejects_a_host_name_clearly(capsys):
    from recovery.cli import main

    assert main(["classroom", "--host", "classroom.local"]) == 2
    assert "host = 'classroom.local' is not an IP address" in capsys.readouterr().err


def test_explorer_groups_share_their_weeks_with_a_second_failure():
    from recovery.classroom._model import explorer_paths
    from recovery.params import Strategy
    runs = {(g, prior): explorer_paths(group=g, severity=0.3, strategy=Strategy(), prior_failures=prior, n_customers=300,
                                       periods=12, failure_at=3, seed=1)
            for g in ("no_failure", "recovered", "silent") for prior in (0, 1)}
    assert {len(r["week"]) for r in runs.values()} == {12}
    # the earlier failure falls before the window: the second-failure group starts lower
    assert runs[("silent", 1)]["satisfaction"][0] < runs[("silent", 0)]["satisfaction"][0]
    # and the shown failure is in week 3 in both
    for prior in (0, 1):
        drop = np.diff(runs[("silent", prior)]["satisfaction"])
        assert np.argmin(drop) == 1
