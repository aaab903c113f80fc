"""The complaint desk (SimPy) against the Erlang-C formula for the M/M/c case; shifts, handovers,
escalation, arrivals from the simulated population, and the desk's speed in the journey model."""
import numpy as np
import pytest

import recovery
from recovery.desk import complaint_arrivals, erlang_c, simulate_desk, staffing_curve
from recovery.params import Strategy


def test_erlang_c_reduces_to_mm1():
    # one agent: P(wait) = rho, mean wait in queue = rho / (mu - lambda)
    exact = erlang_c(0.6, 1.0, 1)
    assert exact.p_wait == pytest.approx(0.6) and exact.mean_wait == pytest.approx(0.6 / 0.4)
    # two agents, a = 1: P0 = 1/3, C = a^2/(2(1 - a/2)) P0 = 1/3; Wq = C / (2 mu - lambda) = 1/3
    assert erlang_c(1.0, 1.0, 2).mean_wait == pytest.approx(1 / 3)


def test_mm_c_desk_matches_erlang_c():
    # 3 complaints an hour, 5 agents serving 1 an hour each (load 0.6), 600 days around the clock:
    # ~43,000 complaints per run; the Monte Carlo error of the mean wait is a few percent
    exact = erlang_c(3.0, 1.0, 5)
    runs = [simulate_desk(arrivals_per_day=72, agents=5, handle_hours=1.0, days=600, seed=s) for s in (1, 2)]
    p_wait = np.mean([r.p_wait for r in runs])
    wait = np.mean([r.complaints["wait_hours"].mean() for r in runs])
    assert p_wait == pytest.approx(exact.p_wait, abs=0.02)
    assert wait == pytest.approx(exact.mean_wait, rel=0.1)
    # time in system = wait + service (1 hour)
    days = np.mean([r.mean_days for r in runs])
    assert days * 24 == pytest.approx(exact.mean_wait + 1.0, rel=0.05)
    assert runs[0].utilisation == pytest.approx(0.6)
    assert (runs[0].complaints["handovers"] == 0).all()  # one shift around the clock, no escalation


def test_more_agents_resolve_faster_and_escalation_adds_handovers():
    curve = staffing_curve(40, [2, 3, 5], seed=1, handle_hours=1.5, days=30)
    assert curve["mean_days"].is_monotonic_decreasing and curve["p_wait"].is_monotonic_decreasing
    esc = simulate_desk(40, 3, handle_hours=1.5, days=30, p_escalate=0.3, specialists=3, seed=2)
    c = esc.complaints[esc.complaints["resolved"]]
    assert c["escalated"].mean() == pytest.approx(0.3, abs=0.05)
    assert (c.loc[c["escalated"], "handovers"] == 1).all() and (c.loc[~c["escalated"], "handovers"] == 0).all()
    assert esc.mean_days > simulate_desk(40, 3, handle_hours=1.5, days=30, seed=2).mean_days
    assert esc.front_line_days < esc.mean_days


def test_shifts_make_night_complaints_wait_and_shift_changes_hand_over():
    day_only = simulate_desk(20, 3, handle_hours=0.5, days=30, shifts=[(8, 18)], seed=3)
    around = simulate_desk(20, 3, handle_hours=0.5, days=30, seed=3)
    assert day_only.complaints["wait_hours"].mean() > around.complaints["wait_hours"].mean() + 3
    c = day_only.complaints
    night = (c["arrived_hour"] % 24 >= 18) | (c["arrived_hour"] % 24 < 8)
    assert c.loc[night, "wait_hours"].min() > 0  # nobody is there at night
    # two shifts meeting at 14:00; long cases cross the change and are handed over
    two = simulate_desk(20, 4, handle_hours=4.0, days=30, shifts=[(8, 14), (14, 20)], handover_hours=0.5, seed=4)
    handed = two.complaints.loc[two.complaints["resolved"], "handovers"]
    assert 0.2 < (handed > 0).mean() < 1
    slower = simulate_desk(20, 4, handle_hours=4.0, days=30, shifts=[(8, 14), (14, 20)], handover_hours=2.0, seed=4)
    assert slower.mean_days > two.mean_days


def test_arrivals_from_the_population_and_speed_into_the_journey():
    run = recovery.simulate(n_customers=5_000, periods=8, seed=5)
    rates = complaint_arrivals(run, firm_customers=50_000)
    assert len(rates) == 56
    assert rates.sum() == pytest.approx(10 * run.measure("complaints_voiced").sum())
    res = simulate_desk(rates, agents=4, handle_hours=1.0, days=56, warmup_days=0, seed=6)
    assert len(res.complaints) == pytest.approx(rates.sum(), rel=0.1)  # Poisson around the population's counts
    fast = res.strategy(Strategy(compensation=1.0))
    assert fast.response_days == res.front_line_days and fast.compensation == 1.0


def test_staffing_curve_prices_the_desk_speed():
    curve = staffing_curve(60, [1, 6], seed=7, handle_hours=1.0, shifts=[(8, 20)], days=20,
                           n_customers=3_000, periods=20)
    under, staffed = curve.iloc[0], curve.iloc[1]
    assert under["overloaded"] and not staffed["overloaded"]
    assert under["utilisation"] == pytest.approx(60 / 12)
    assert staffed["response_days"] < under["response_days"]
    assert staffed["retention"] > under["retention"] and staffed["value_per_1000"] > under["value_per_1000"]


@pytest.mark.parametrize("kwargs, message", [
    ({"agents": 0}, "agents = 0"),
    ({"handle_hours": -1.0}, "handle_hours = -1.0"),
    ({"p_escalate": 1.5}, "p_escalate = 1.5 is outside the allowed range [0, 1]"),
    ({"shifts": [(8, 16), (12, 20)]}, "overlap"),
    ({"shifts": [(20, 8)]}, "0 <= start < end <= 24"),
    ({"arrivals_per_day": [10.0, 10.0]}, "2 daily rates for 30 days"),
])
def test_bad_desk_input_names_the_argument(kwargs, message):
    args = {"arrivals_per_day": 10.0, "agents": 2, "days": 30, **kwargs}
    with pytest.raises(ValueError, match=None) as err:
        simulate_desk(**args)
    assert message in str(err.value)


def test_overloaded_desk_is_refused_by_erlang_c():
    with pytest.raises(ValueError, match="add agents"):
        erlang_c(5.0, 1.0, 4)
