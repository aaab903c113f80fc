"""The complaint desk (SimPy) against the Erlang-C formula for the M/M/c case."""
import pytest

from recovery.desk import erlang_c, simulate_desk, staffing_curve


def test_mm_c_desk_matches_erlang_c():
    # 3 complaints an hour, 5 agents serving 1 an hour each (load 0.6), 600 days around the clock:
    # ~43,000 complaints; batch-means error of the mean wait is a few percent
    exact = erlang_c(3.0, 1.0, 5)
    runs = [simulate_desk(arrivals_per_day=72, agents=5, handle_hours=1.0, days=600, seed=s) for s in (1, 2)]
    p_wait = sum(r.p_wait for r in runs) / 2
    wait = sum(r.complaints["wait_hours"].mean() for r in runs) / 2
    assert p_wait == pytest.approx(exact["p_wait"], abs=0.02)
    assert wait == pytest.approx(exact["mean_wait"], rel=0.1)


def test_more_agents_resolve_faster_and_escalation_adds_handovers():
    curve = staffing_curve(40, [2, 3, 5], seed=1, handle_hours=1.5, days=30)
    assert curve["mean_days"].is_monotonic_decreasing
    esc = simulate_desk(40, 3, handle_hours=1.5, days=30, p_escalate=0.3, specialists=3, seed=2)
    assert esc.complaints["handovers"].mean() == pytest.approx(0.3, abs=0.05)
    assert esc.mean_days > simulate_desk(40, 3, handle_hours=1.5, days=30, seed=2).mean_days


def test_shifts_make_night_complaints_wait():
    day_only = simulate_desk(20, 3, handle_hours=0.5, days=30, shifts=[(8, 18)], seed=3)
    around = simulate_desk(20, 3, handle_hours=0.5, days=30, seed=3)
    assert day_only.complaints["wait_hours"].mean() > around.complaints["wait_hours"].mean() + 3


def test_overloaded_desk_is_refused_by_erlang_c():
    with pytest.raises(ValueError, match="add agents"):
        erlang_c(5.0, 1.0, 4)
