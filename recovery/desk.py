"""The complaint desk: agents, shifts, handling times, escalation and handovers, as a SimPy
discrete-event simulation. Time to resolution comes out of the queue and feeds the recovery's
speed (``Strategy.response_days``) in the journey model.

Checked against the Erlang-C formula for the M/M/c case (:func:`erlang_c`).

>>> res = simulate_desk(arrivals_per_day=40, agents=3, handle_hours=1.5, days=20, seed=1)
>>> 0 < res.mean_days < 5
True
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import simpy

__all__ = ["erlang_c", "DeskResult", "simulate_desk", "staffing_curve"]


def erlang_c(arrival_rate: float, service_rate: float, agents: int) -> dict:
    """M/M/c queue (Erlang C): probability of waiting and mean wait in queue, in the time unit
    of the rates. Used to check the desk simulation."""
    a = arrival_rate / service_rate
    if a >= agents:
        raise ValueError(f"load {a:.2f} >= {agents} agents: the queue grows without bound; add agents")
    top = a ** agents / math.factorial(agents) * agents / (agents - a)
    p_wait = top / (sum(a ** k / math.factorial(k) for k in range(agents)) + top)
    return {"p_wait": p_wait, "mean_wait": p_wait / (agents * service_rate - arrival_rate)}


@dataclass
class DeskResult:
    """Per complaint: arrival, wait, resolution time (days), escalated, handovers
    (``complaints``); and ``mean_days`` (mean time to resolution), ``p_wait``."""

    complaints: pd.DataFrame

    @property
    def mean_days(self) -> float:
        return float(self.complaints["days"].mean())

    @property
    def p_wait(self) -> float:
        return float((self.complaints["wait_hours"] > 1e-9).mean())

    def summary(self) -> pd.DataFrame:
        c = self.complaints
        return pd.DataFrame({"complaints": [len(c)], "mean_days": [self.mean_days], "p_wait": [self.p_wait],
                             "mean_wait_hours": [c["wait_hours"].mean()], "escalated": [c["escalated"].mean()],
                             "mean_handovers": [c["handovers"].mean()]})


def simulate_desk(arrivals_per_day: float, agents: int, handle_hours: float = 1.0, days: int = 30,
                  shifts: list[tuple[float, float]] | None = None, p_escalate: float = 0.0,
                  escalation_hours: float = 4.0, specialists: int = 1, handover_hours: float = 2.0,
                  exponential: bool = True, warmup_days: float = 2.0, seed=None) -> DeskResult:
    """Simulate a complaint desk.

    Complaints arrive as a Poisson stream (``arrivals_per_day``, around the clock) and queue for
    one of ``agents`` front-line agents, who work during ``shifts`` ((start_hour, end_hour) each
    day; default around the clock). Handling takes ``handle_hours`` (exponential, or fixed with
    ``exponential=False``). With ``p_escalate`` the complaint is handed over (one handover,
    ``handover_hours`` of delay, seed 003) to ``specialists`` for ``escalation_hours`` more.
    Complaints arriving in the first ``warmup_days`` are not reported.
    """
    if agents < 1 or specialists < 1:
        raise ValueError("agents and specialists must be at least 1")
    if arrivals_per_day <= 0 or handle_hours <= 0:
        raise ValueError("arrivals_per_day and handle_hours must be positive")
    rng = np.random.default_rng(seed)
    env = simpy.Environment()
    desk = simpy.Resource(env, capacity=agents)
    experts = simpy.Resource(env, capacity=specialists)
    shifts = shifts or [(0.0, 24.0)]
    records = []

    def on_duty(hour):
        h = hour % 24
        return any(start <= h < end for start, end in shifts)

    def next_on_duty(hour):
        step = hour
        while not on_duty(step):
            step = math.floor(step * 4 + 1) / 4  # quarter-hour steps
        return step

    def draw(mean):
        return rng.exponential(mean) if exponential else mean

    def complaint(arrived):
        with desk.request() as turn:
            yield turn
            start = env.now
            if not on_duty(start):
                yield env.timeout(next_on_duty(start) - start)
                start = env.now
            yield env.timeout(draw(handle_hours))
        escalated = rng.random() < p_escalate
        if escalated:
            yield env.timeout(handover_hours)
            with experts.request() as turn:
                yield turn
                yield env.timeout(draw(escalation_hours))
        records.append((arrived, start - arrived, (env.now - arrived) / 24, escalated, int(escalated)))

    def arrivals():
        while True:
            yield env.timeout(rng.exponential(24 / arrivals_per_day))
            env.process(complaint(env.now))

    env.process(arrivals())
    env.run(until=days * 24)
    frame = pd.DataFrame(records, columns=["arrived_hour", "wait_hours", "days", "escalated", "handovers"])
    return DeskResult(frame[frame["arrived_hour"] >= warmup_days * 24].reset_index(drop=True))


def staffing_curve(arrivals_per_day: float, agents_range, seed=None, **kwargs) -> pd.DataFrame:
    """Mean time to resolution and chance of waiting for each number of agents (one seed child
    per staffing level)."""
    children = np.random.SeedSequence(seed).spawn(len(list(agents_range)))
    rows = []
    for agents, child in zip(agents_range, children):
        res = simulate_desk(arrivals_per_day, agents, seed=child, **kwargs)
        rows.append((agents, res.mean_days, res.p_wait, len(res.complaints)))
    return pd.DataFrame(rows, columns=["agents", "mean_days", "p_wait", "complaints"])
