"""Parameter sets: validation messages name the field, the value and the allowed range."""
import dataclasses

import pytest

from recovery.params import (ExpectationParams, FailureParams, HandlingParams, OutcomeParams, Params,
                             RecoveryParams, ReliabilityParams, Strategy, VoiceParams, WomParams, named_strategies)


@pytest.mark.parametrize("make, field, value", [
    (lambda: VoiceParams(p_reach_records=1.3), "VoiceParams.p_reach_records", "1.3"),
    (lambda: WomParams(told_bad_mean=-2), "WomParams.told_bad_mean", "-2"),
    (lambda: WomParams(told_dispersion=0), "WomParams.told_dispersion", "0"),
    (lambda: OutcomeParams(base_churn=float("nan")), "OutcomeParams.base_churn", "nan"),
    (lambda: OutcomeParams(follow_through=1.2), "OutcomeParams.follow_through", "1.2"),
    (lambda: ReliabilityParams(decay=1.0), "ReliabilityParams.decay", "1.0"),
    (lambda: HandlingParams(handover_days=-1.0), "HandlingParams.handover_days", "-1.0"),
    (lambda: HandlingParams(regulator_compensation_cap=3), "HandlingParams.regulator_compensation_cap", "3"),
    (lambda: FailureParams(weekly_rate=-0.1), "FailureParams.weekly_rate", "-0.1"),
    (lambda: Params(difficult={**Params().difficult, "silent": (0.04, -1.0, 1.0, 1.0, 0.0)}),
     "Params.difficult['silent'].voice", "-1.0"),
    (lambda: Strategy(compensation=2.5), "Strategy.compensation", "2.5"),
    (lambda: Strategy(response_days=-1), "Strategy.response_days", "-1"),
    (lambda: Strategy(expectation_setting=1.5), "Strategy.expectation_setting", "1.5"),
])
def test_invalid_value_names_field_value_and_range(make, field, value):
    with pytest.raises(ValueError) as err:
        make()
    message = str(err.value)
    assert field in message and value in message and ("allowed range" in message or "give a number in" in message)


def test_zone_with_adequate_above_desired_is_rejected():
    with pytest.raises(ValueError, match="adequate_offset = 0.2 is above desired_offset = 0.1"):
        ExpectationParams(adequate_offset=0.2, desired_offset=0.1)


def test_weights_and_shares_must_sum_to_one():
    with pytest.raises(ValueError, match="sum to 1"):
        RecoveryParams(weight_distributive=0.9)
    with pytest.raises(ValueError, match="type_shares must sum to 1"):
        VoiceParams(type_shares={**VoiceParams().type_shares, "victim": 0.5})
    with pytest.raises(ValueError, match="interactional lever shares"):
        RecoveryParams(apology=0.9)


def test_failure_causes_need_every_cause():
    with pytest.raises(ValueError, match="management"):
        FailureParams(cause_shares={"product_quality": 1.0})


def test_difficult_table_has_named_fields():
    d = Params().difficult["procrastinating"]
    assert (d.share, d.days) == (0.02, 1.5)


def test_strategy_levers_must_be_booleans():
    with pytest.raises(ValueError, match=r"Strategy.apology = 1 \(int\): give True or False"):
        Strategy(apology=1)


def test_params_are_frozen_and_with_changes_one_value():
    p = Params()
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.voice = VoiceParams()
    q = p.with_(**{"wom.told_bad_mean": 25.0, "voice.p_reach_records": 0.1})
    assert (q.wom.told_bad_mean, q.voice.p_reach_records) == (25.0, 0.1)
    assert p.wom.told_bad_mean != 25.0
    same = dataclasses.replace(p, voice=dataclasses.replace(p.voice, p_reach_records=0.1))
    assert same.voice == q.voice
    with pytest.raises(ValueError, match="has no field 'nope'"):
        p.with_(**{"outcomes.nope": 1})
    with pytest.raises(ValueError, match="unknown parameter 'told_bad'"):
        p.with_(told_bad=1)
    with pytest.raises(ValueError, match="VoiceParams.p_reach_records"):
        p.with_(**{"voice.p_reach_records": 2.0})


def test_defaults_cite_seed_figures():
    from recovery.datasets import load_dataset
    seeds = load_dataset("seed_figures").set_index("key")["value"]
    lit = load_dataset("literature_parameters").set_index("key")["value"]
    o, r = OutcomeParams(), RecoveryParams()
    assert o.price_premium == pytest.approx(seeds["service_price_premium"], abs=0.03)
    assert r.overcomp_peak == lit["overcomp_peak"]
    assert r.comp_midpoint == pytest.approx((lit["comp_steepest_return_low"] + lit["comp_steepest_return_high"]) / 2)
    # Customer Rage's 50% counts problems with all of a household's suppliers: an upper bound for one firm
    assert 1 - (1 - Params().failure.weekly_rate) ** 52 < lit["problem_rate_2013"]


def test_named_strategies_are_the_seed_ones_and_differ_from_the_book():
    named = named_strategies()
    assert set(named) == {"by_the_book", "emotion_first", "fast_local", "generous_compensation",
                          "lower_expectations", "follow_up_call"}
    assert named["by_the_book"] == Strategy()
    assert all(s != Strategy() for k, s in named.items() if k != "by_the_book")
