"""Parameter sets: validation messages name the field, the value and the allowed range."""
import dataclasses

import pytest

from recovery.params import (ExpectationParams, FailureParams, HandlingParams, OutcomeParams, Params,
                             RecoveryParams, Strategy, VoiceParams, named_strategies)


@pytest.mark.parametrize("make, field, value", [
    (lambda: VoiceParams(p_reach_records=1.3), "VoiceParams.p_reach_records", "1.3"),
    (lambda: OutcomeParams(told_bad=-2), "OutcomeParams.told_bad", "-2"),
    (lambda: OutcomeParams(base_churn=float("nan")), "OutcomeParams.base_churn", "nan"),
    (lambda: HandlingParams(handover_days=-1.0), "HandlingParams.handover_days", "-1.0"),
    (lambda: Strategy(compensation=2.5), "Strategy.compensation", "2.5"),
    (lambda: Strategy(response_days=-1), "Strategy.response_days", "-1"),
])
def test_invalid_value_names_field_value_and_range(make, field, value):
    with pytest.raises(ValueError) as err:
        make()
    message = str(err.value)
    assert field in message and value in message and "allowed range" in message


def test_zone_with_adequate_above_desired_is_rejected():
    with pytest.raises(ValueError, match="adequate_offset = 0.2 is above desired_offset = 0.1"):
        ExpectationParams(adequate_offset=0.2, desired_offset=0.1)


def test_weights_and_shares_must_sum_to_one():
    with pytest.raises(ValueError, match="sum to 1"):
        RecoveryParams(weight_distributive=0.9)
    with pytest.raises(ValueError, match="type_shares must sum to 1"):
        VoiceParams(type_shares={**VoiceParams().type_shares, "victim": 0.5})


def test_failure_rates_need_every_cause():
    with pytest.raises(ValueError, match="management"):
        FailureParams(rates={"product_quality": 0.01})


def test_params_are_frozen_and_with_changes_one_value():
    p = Params()
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.voice = VoiceParams()
    q = p.with_(**{"outcomes.told_bad": 25.0, "voice.p_reach_records": 0.1})
    assert (q.outcomes.told_bad, q.voice.p_reach_records) == (25.0, 0.1)
    assert p.outcomes.told_bad == 20.0
    with pytest.raises(ValueError, match="has no field 'nope'"):
        p.with_(**{"outcomes.nope": 1})


def test_defaults_cite_seed_figures():
    from recovery.datasets import load_dataset
    seeds = load_dataset("seed_figures").set_index("key")["value"]
    o = OutcomeParams()
    assert o.told_bad == seeds["wom_told_bad"]
    assert o.told_good == (seeds["wom_told_good_low"] + seeds["wom_told_good_high"]) / 2
    assert o.price_premium == seeds["service_price_premium"]


def test_named_strategies_are_the_seed_ones():
    assert set(named_strategies()) == {"by_the_book", "emotion_first", "fast_local", "generous_compensation",
                                       "lower_expectations", "follow_up_call"}
