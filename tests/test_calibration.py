"""Calibration and validation targets, the paradox's mechanisms (issue 11's acceptance)."""
import io

import pandas as pd
import pytest

from recovery.calibration import (TOLERANCE_TARP, _scaled, calibrate, calibration_rows, paradox_rows, tarp_cells,
                                  validate)
from recovery.cli import main
from recovery.journey import telling
from recovery.params import Params


@pytest.fixture(scope="module")
def table():
    # 20,000 customers per cohort and population (the command's default). Monte Carlo error: a TARP
    # cell averages exact intention probabilities of >= ~1,400 members (SE < 0.005); the direction
    # rows carry their own two-SE bounds.
    return validate(n_customers=20_000, seed=0).set_index("target")


def test_every_calibration_target_within_tolerance(table):
    calibration = table[table["role"] == "calibration"]
    assert calibration["ok"].all(), calibration[~calibration["ok"]]


def test_acceptance_ranges_at_the_defaults(table):
    assert 0.15 <= table.loc["annual_defection", "model"] <= 0.20
    assert 0.2 <= table.loc["share_of_problems_told_to_others", "model"] <= 0.45


def test_table_lists_every_target_once_in_one_role(table):
    names = set(table.index)
    assert len(names) == len(table)
    assert {f"repurchase_{s}_{o} (stated intention)" for s in ("minor", "major")
            for o in ("silent", "unresolved", "resolved", "resolved_quick")} <= names
    validation = set(table.index[table["role"] == "validation"])
    for key in ("paradox_satisfaction_mild_first_excellent (> 0)", "no_paradox_repurchase (<= 0)",
                "no_paradox_word_of_mouth (<= 0)", "no_paradox_controllable_failure (<= 0)",
                "no_paradox_stable_failure (<= 0)", "no_paradox_second_failure_within_20_months (<= 0)",
                "recovery_offsets_part_of_complaint_churn (0 < share < 1)",
                "justice_order_r_distributive_minus_r_interactional (> 0)",
                "justice_order_r_interactional_minus_r_procedural (> 0)", "negative_to_positive_tellings_per_year",
                "silent_dissatisfied_lost_within_the_year (96 of 100)",
                "silent_customers_per_recorded_complaint (leverage 24)",
                "lost_profit_of_one_dissatisfied_in_satisfied_customers_profit (12x)",
                "people_reached_by_one_customer_over_a_lifetime (250)", "win_back_vs_keep_cost (6x)",
                "cost_prevented_corrected_reaching_customer (1-10-100)"):
        assert key in validation, key
    # seed 002's 82% and 91% are TARP cells: reported once, as calibration, not as evidence
    assert not any("82" in k or "91" in k for k in validation)


def test_targets_are_read_from_the_datasets_not_retyped(table):
    from recovery.datasets import load_dataset
    lit = load_dataset("literature_parameters").set_index("key")
    row = table.loc["repurchase_major_resolved_quick (stated intention)"]
    assert row["low"] == pytest.approx(lit.loc["repurchase_major_resolved_quick", "value"] - TOLERANCE_TARP)
    assert table.loc["annual_defection", "high"] == lit.loc["annual_defection_typical", "high"]


def test_failing_validation_rows_say_what_would_be_needed(table):
    failing = table[(table["role"] == "validation") & ~table["ok"]]
    for target, row in failing.iterrows():
        assert "need" in row["source"] or "not produced" in row["source"] or "conflict" in row["source"], target


def test_tarp_ordering_emerges_and_cells_are_monte_carlo_stable():
    a = tarp_cells(n_customers=10_000, seed=4).set_index(["size", "outcome"])["repurchase"]
    b = tarp_cells(n_customers=10_000, seed=5).set_index(["size", "outcome"])["repurchase"]
    for size in ("minor", "major"):
        values = [a[(size, o)] for o in ("silent", "unresolved", "resolved", "resolved_quick")]
        assert values == sorted(values)
    assert (a - b).abs().max() < TOLERANCE_TARP / 3


def test_validate_command_csv_and_exit_code(capsys):
    assert main(["validate", "--n-customers", "3000", "--format", "csv", "--set", "outcomes.voice_relief=0.9"]) == 1
    out, err = capsys.readouterr()
    frame = pd.read_csv(io.StringIO(out))
    assert list(frame.columns) == ["target", "role", "model", "low", "high", "ok", "source"]
    assert set(frame["role"]) == {"calibration", "validation"}
    assert "repurchase_minor_unresolved (stated intention)" in err
    assert main(["validate", "--set", "outcomes.nope=1"]) == 2


# --- the four literature results come out of mechanisms: remove the mechanism, the row fails ---

N_MECHANISM = 8_000


def _rows(params=None):
    return paradox_rows(params, n_customers=N_MECHANISM, seed=1).set_index("target")["ok"]


@pytest.fixture(scope="module")
def default_rows():
    return _rows()


def test_the_paradox_rows_pass_at_the_defaults(default_rows):
    assert default_rows.all(), default_rows[~default_rows]


def test_de_matos_no_wom_paradox_comes_from_telling_before_the_recovery_resolves(default_rows, monkeypatch):
    original = telling.tell

    def after_the_outcome(u, failed, severity, voiced, days, failed_recovery, good, w):
        # complainants wait for the outcome before telling: no telling at the failure, no venting
        return original(u, failed & ~voiced, severity, voiced & False, days, failed_recovery, good, w)

    monkeypatch.setattr(telling, "tell", after_the_outcome)
    rows = _rows()
    assert default_rows["no_paradox_word_of_mouth (<= 0)"] and not rows["no_paradox_word_of_mouth (<= 0)"]


def test_de_matos_no_repurchase_paradox_comes_from_what_a_failure_leaves_behind(default_rows):
    # a failure leaves an intention to leave (the episode) and a belief that the firm fails
    # (reliability); with both removed only satisfaction moves churn, and the recovered
    # customers' higher satisfaction then makes them more loyal than the no-failure group
    row = "no_paradox_repurchase (<= 0)"
    removed = {"outcomes.reliability_weight": 0.0, "outcomes.churn_reliability": 0.0,
               "outcomes.leave_intercept": -20.0}
    assert default_rows[row] and not _rows(Params().with_(**removed))[row]


def test_knox_partial_offset_comes_from_the_reliability_belief(default_rows):
    # the belief is read by the intention to leave at a failure and by everyday churn: both off
    rows = _rows(Params().with_(**{"outcomes.reliability_weight": 0.0, "outcomes.churn_reliability": 0.0}))
    key = "recovery_offsets_part_of_complaint_churn (0 < share < 1)"
    assert default_rows[key] and not rows[key]


@pytest.mark.parametrize("removed, row", [
    # what the firm's fault does: a higher recovery expected and a deeper worst moment
    ({"outcomes.controllable_raises": 0.0, "failure.blame_controllable": 0.0}, "no_paradox_controllable_failure (<= 0)"),
    # what a cause seen as recurring does: more evidence that the firm fails, a deeper worst moment
    ({"reliability.stable_evidence": 0.0, "failure.blame_stable": 0.0}, "no_paradox_stable_failure (<= 0)"),
])
def test_magnini_attribution_mechanisms(default_rows, removed, row):
    assert default_rows[row] and not _rows(Params().with_(**removed))[row]


def test_maxham_netemeyer_comes_from_learned_recovery_expectations(default_rows):
    row = "no_paradox_second_failure_within_20_months (<= 0)"
    assert default_rows[row] and not _rows(Params().with_(**{"outcomes.recovery_adapts": 0.0}))[row]


@pytest.mark.slow
def test_stored_defaults_are_the_calibration_routines_optimum():
    # the objective is flat along some directions (TARP's cells give 8 moments for 8 parameters),
    # so the test is on the fit, not on each value: a refit from the defaults finds nothing better
    stored = float((_scaled(calibration_rows(Params(), n_customers=20_000, seed=0)) ** 2).sum())
    refit = calibrate(n_customers=20_000, seed=0)
    assert refit.table_["ok"].all() and refit.dof == 0
    assert stored <= 1.05 * refit.objective + 0.01
