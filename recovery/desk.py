"""The complaint desk: agents, shifts, handling times, escalation and handovers, simulated with
SimPy (discrete events). Complaints arrive from the simulated population
(:func:`complaint_arrivals`); the time to resolution comes out of the queue and becomes the
recovery's speed (``Strategy.response_days``) in the journey model (:meth:`DeskResult.strategy`,
:func:`staffing_curve`).

Checked against the Erlang-C formula for the M/M/c case (:func:`erlang_c`, in the tests).

>>> res = simulate_desk(arrivals_per_day=40, agents=3, handle_hours=1.5, days=20, seed=1)
>>> 0 < res.mean_days < 5
True
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import simpy

from recovery._seeding import children, generator, seed_sequence
from recovery._validation import ParameterError, flag, number, whole

__all__ = ["ErlangC", "erlang_c", "complaint_arrivals", "DeskResult", "simulate_desk", "staffing_curve"]


@dataclass(frozen=True)
class ErlangC:
    """What :func:`erlang_c` returns: ``p_wait`` (probability that a complaint waits),
    ``mean_wait`` (mean wait in the queue, in the time unit of the rates) and ``utilisation``
    (offered load per agent)."""

    p_wait: float
    mean_wait: float
    utilisation: float


def erlang_c(arrival_rate: float, service_rate: float, agents: int) -> ErlangC:
    """The M/M/c queue in closed form (Erlang C), used to check :func:`simulate_desk`.

    Parameters
    ----------
    arrival_rate : float
        Complaints arriving per time unit (> 0).
    service_rate : float
        Complaints one agent handles per time unit (> 0).
    agents : int
        Agents serving one queue; the load ``arrival_rate / service_rate`` must be below it.

    Returns
    -------
    ErlangC
        ``p_wait``, ``mean_wait`` (in the time unit of the rates) and ``utilisation``.

    References
    ----------
    Gross, D., Shortle, J. F., Thompson, J. M. & Harris, C. M. (2008). Fundamentals of Queueing
    Theory, 4th ed., section 2.3 (the M/M/c queue). R: ``queueing::QoS(NewInput.MMC(...))``.

    Examples
    --------
    >>> round(erlang_c(3.0, 1.0, 5).p_wait, 4)
    0.2362
    """
    if not arrival_rate > 0 or not service_rate > 0:
        raise ParameterError(f"arrival_rate = {arrival_rate!r} and service_rate = {service_rate!r} must be positive")
    if isinstance(agents, bool) or not isinstance(agents, (int, np.integer)) or agents < 1:
        raise ParameterError(f"agents = {agents!r}: give a whole number of at least 1")
    a = arrival_rate / service_rate  # offered load in Erlangs
    if a >= agents:
        raise ParameterError(f"load {a:.2f} Erlang >= {agents} agents: the queue grows without bound; add agents")
    top = a ** agents / math.factorial(agents) * agents / (agents - a)
    p_wait = top / (sum(a ** k / math.factorial(k) for k in range(agents)) + top)
    return ErlangC(p_wait=float(p_wait), mean_wait=float(p_wait / (agents * service_rate - arrival_rate)),
                   utilisation=float(a / agents))


def complaint_arrivals(run, firm_customers: int | None = None, days_per_period: int = 7) -> np.ndarray:
    """Complaints a day reaching the desk, day by day, from a simulated population.

    Each period's voiced complaints are spread over its ``days_per_period`` days (a period is a
    week) and scaled from the simulated population to a firm of ``firm_customers``.

    Parameters
    ----------
    run : SimulationResult
        A run of :func:`recovery.simulate`.
    firm_customers : int, optional
        The firm's customers (default: as simulated).
    days_per_period : int
        Days in a period.

    Returns
    -------
    numpy.ndarray
        One arrival rate per day.

    References
    ----------
    The journey's voice stage: ``docs/model.md``.

    Examples
    --------
    >>> import recovery
    >>> rates = complaint_arrivals(recovery.simulate(n_customers=2_000, periods=4, seed=1), 100_000)
    >>> rates.shape
    (28,)
    """
    if isinstance(days_per_period, bool) or not isinstance(days_per_period, (int, np.integer)) or days_per_period < 1:
        raise ParameterError(f"days_per_period = {days_per_period!r}: give a whole number of at least 1")
    n = len(run.customers)
    scale = 1.0 if firm_customers is None else firm_customers / n
    if not scale > 0:
        raise ParameterError(f"firm_customers = {firm_customers!r}: give a positive number of customers")
    weekly = run.measure("complaints_voiced").sort_index().to_numpy(float)
    return np.repeat(weekly * scale / days_per_period, days_per_period)


@dataclass
class DeskResult:
    """What :func:`simulate_desk` returns.

    ``complaints``: one row per complaint that arrived after the warm-up: ``arrived_hour``,
    ``wait_hours`` (until an agent starts on it), ``days`` (arrival to resolution; NaN if
    still open at the end), ``escalated``, ``handovers`` (shift changes and escalations),
    ``resolved``. ``utilisation``: offered front-line work per on-duty agent-hour;
    ``specialist_utilisation`` the same for the specialists (either at 1 or more: overloaded,
    the queue grows for as long as the desk runs, and the times reported are those of the
    complaints it got to).
    """

    complaints: pd.DataFrame
    utilisation: float
    specialist_utilisation: float = 0.0

    @property
    def mean_days(self) -> float:
        """Mean days from arrival to resolution, resolved complaints."""
        return float(self.complaints["days"].mean())

    @property
    def front_line_days(self) -> float:
        """Mean days to resolution of the complaints the front line solved (not escalated):
        the journey model's ``Strategy.response_days`` (it adds escalation itself)."""
        c = self.complaints
        return float(c.loc[~c["escalated"], "days"].mean())

    @property
    def p_wait(self) -> float:
        """Share of complaints that queued before an agent took them."""
        wait = self.complaints["wait_hours"]
        return float(((wait > 1e-9) | wait.isna()).mean())  # NaN: still in the queue at the end

    @property
    def overloaded(self) -> bool:
        return max(self.utilisation, self.specialist_utilisation) >= 1

    def strategy(self, strategy=None):
        """``strategy`` (default: by the book) with the desk's speed as its ``response_days``.

        >>> res = simulate_desk(40, 3, handle_hours=1.5, days=20, seed=1)
        >>> res.strategy().response_days == res.front_line_days
        True
        """
        from recovery.params import Strategy

        strategy = Strategy() if strategy is None else strategy
        days = self.front_line_days
        if not 0 <= days <= 365:
            raise ParameterError(f"the desk's front-line time to resolution is {days!r} days, outside Strategy's "
                             "[0, 365]: the desk is overloaded or resolved nothing; add agents or run it longer")
        return dataclasses.replace(strategy, response_days=days)

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Intervals (level ``1 - alpha``) of the desk's means by the method of batch means.

        A queue's complaints are correlated (one waits because the one before it did), so the
        complaints are cut, in order of arrival, into ``BATCHES`` batches whose means are close to
        independent; the interval is the t interval of the batch means (Schmeiser 1982; Law 2015,
        section 9.5.3). It is honest for a desk in steady state, not for an overloaded one, whose
        queue grows: ``overloaded`` says which.

        Parameters
        ----------
        alpha : float, default 0.05
            1 minus the level (0.05: 95% intervals).

        Returns
        -------
        pandas.DataFrame
            ``ci_low, ci_high`` per measure (index): ``days``, ``front_line_days``,
            ``wait_hours``, ``p_wait``.

        Examples
        --------
        >>> res = simulate_desk(40, 3, handle_hours=1.5, days=20, seed=1)
        >>> bool((res.conf_int(0.01)["ci_low"] < res.conf_int(0.2)["ci_low"]).all())
        True
        """
        return self.summary_frame(alpha=alpha)[["ci_low", "ci_high"]]

    def summary_frame(self, alpha: float = 0.05) -> pd.DataFrame:
        """One row per measure (index: ``days``, ``front_line_days``, ``wait_hours``, ``p_wait``):
        ``batches``, then ``estimate, se, ci_low, ci_high`` by batch means (:meth:`conf_int`).

        Parameters
        ----------
        alpha : float, default 0.05
            1 minus the level of the intervals.

        Returns
        -------
        pandas.DataFrame
            The tidy table.

        Examples
        --------
        >>> res = simulate_desk(40, 3, handle_hours=1.5, days=20, seed=1)
        >>> list(res.summary_frame().columns)
        ['batches', 'estimate', 'se', 'ci_low', 'ci_high']
        """
        from scipy import stats

        alpha = number("alpha", alpha, 0, 1, low_open=True, high_open=True)
        c = self.complaints
        wait = c["wait_hours"]
        values = {"days": c["days"], "front_line_days": c["days"].where(~c["escalated"].astype(bool)),
                  "wait_hours": wait, "p_wait": ((wait > 1e-9) | wait.isna()).astype(float)}
        batch = np.arange(len(c)) * BATCHES // max(len(c), 1)
        rows = {}
        for name, v in values.items():
            means = pd.Series(v.to_numpy(float)).groupby(batch).mean().dropna()
            k = len(means)
            if k < 2:
                raise ParameterError(f"{name}: {k} batch(es) of complaints with a value; run the desk longer "
                                     "(days=) or with more arrivals")
            se = float(means.std(ddof=1) / np.sqrt(k))
            half = float(stats.t.ppf(1 - alpha / 2, k - 1)) * se
            centre = float(means.mean())
            rows[name] = {"batches": k, "estimate": centre, "se": se, "ci_low": centre - half, "ci_high": centre + half}
        return pd.DataFrame.from_dict(rows, orient="index")

    def summary(self) -> pd.DataFrame:
        c = self.complaints
        done = c[c["resolved"]]
        return pd.DataFrame({"complaints": [len(c)], "resolved": [len(done)], "mean_days": [self.mean_days],
                             "front_line_days": [self.front_line_days], "p_wait": [self.p_wait],
                             "mean_wait_hours": [c["wait_hours"].mean()], "escalated": [c["escalated"].mean()],
                             "mean_handovers": [done["handovers"].mean()], "utilisation": [self.utilisation],
                             "specialist_utilisation": [self.specialist_utilisation]})


#: Batches of the method of batch means (Schmeiser 1982: 10 to 30 batches; 10 keeps each batch
#: long next to the queue's correlation).
BATCHES = 10

#: Limits of one run: each complaint costs about 0.3 ms of simpy events (200,000 complaints took
#: 55 s on the project machine under load), so a million is minutes; 100 years of days.
MAX_COMPLAINTS = 1_000_000
MAX_DAYS = 36_500


def _check_shifts(shifts) -> list[tuple[float, float]]:
    shifts = [(0.0, 24.0)] if shifts is None else [tuple(s) for s in shifts]
    if not shifts:
        raise ParameterError("shifts is empty: give (start_hour, end_hour) pairs, e.g. [(8, 20)]")
    for s in shifts:
        if len(s) != 2 or not 0 <= s[0] < s[1] <= 24:
            raise ParameterError(f"shift {s!r}: give (start_hour, end_hour) with 0 <= start < end <= 24")
    ordered = sorted(shifts)
    for (_, end), (start, _) in zip(ordered, ordered[1:]):
        if start < end:
            raise ParameterError(f"shifts {ordered} overlap; give each hour of the day to at most one shift")
    return ordered


def simulate_desk(arrivals_per_day, agents: int, *, handle_hours: float = 1.0, days: int = 30,
                  shifts=None, p_escalate: float = 0.0, escalation_hours: float = 4.0, specialists: int = 1,
                  handover_hours: float = 0.5, exponential: bool = True, warmup_days: float = 2.0,
                  seed=None) -> DeskResult:
    """Simulate a complaint desk for ``days`` days (SimPy, discrete events).

    Complaints arrive as a Poisson stream around the clock and queue (first come, first served)
    for one of ``agents`` front-line desk positions, staffed during ``shifts``. Handling takes
    on-duty time: work stops when the desk closes; a complaint still open when a shift ends is
    handed over to the next shift's agent (seed 003: passing a complaint on), who spends
    ``handover_hours`` catching up (an assumption). With probability ``p_escalate`` the front
    line cannot solve it and hands it to one of ``specialists`` (seed 000: escalated past the
    front line).

    Parameters
    ----------
    arrivals_per_day : float or array_like
        A rate, or one rate per day (e.g. :func:`complaint_arrivals`).
    agents : int
        Front-line desk positions.
    handle_hours : float
        Mean handling time (exponential, or fixed with ``exponential=False``).
    days : int
        Days simulated.
    shifts : list of (start_hour, end_hour), optional
        Default: one shift around the clock.
    p_escalate : float
        Chance that a complaint needs a specialist.
    escalation_hours : float
        The specialist's handling time.
    specialists : int
        Specialists (same shifts).
    handover_hours : float
        Catching up after a handover.
    exponential : bool
        Exponential (True) or fixed handling times.
    warmup_days : float
        Complaints arriving before this are not reported (the desk starts empty).
    seed : int, SeedSequence, Generator or None
        Fixes arrivals and handling times.

    Returns
    -------
    DeskResult
        One row per complaint, utilisation, ``mean_days``, ``p_wait``, ``strategy()``.

    References
    ----------
    Checked against the Erlang-C formula for the M/M/c case (:func:`erlang_c`; Gross et al.
    2008). SimPy: https://simpy.readthedocs.io.

    Examples
    --------
    >>> res = simulate_desk(40, 3, handle_hours=1.5, days=10, seed=1)
    >>> 0 < res.mean_days < 5
    True
    """
    whole("agents", agents, low=1)
    whole("specialists", specialists, low=1)
    whole("days", days, low=1, high=MAX_DAYS)
    for name, value in (("handle_hours", handle_hours), ("escalation_hours", escalation_hours)):
        number(name, value, 0, math.inf, low_open=True)
    for name, value in (("handover_hours", handover_hours), ("warmup_days", warmup_days)):
        number(name, value, 0)
    number("p_escalate", p_escalate, 0, 1, what="a probability")
    flag("exponential", exponential)
    if warmup_days >= days:
        raise ParameterError(f"warmup_days = {warmup_days} must be shorter than days = {days}")
    rates = np.broadcast_to(np.asarray(arrivals_per_day, float), (days,)) if np.ndim(arrivals_per_day) == 0 \
        else np.asarray(arrivals_per_day, float)
    if rates.ndim != 1 or len(rates) < days:
        raise ParameterError(f"arrivals_per_day has {len(rates)} daily rates for {days} days; give one rate, "
                         "or at least one rate per day")
    if not np.isfinite(rates).all() or (rates < 0).any() or rates.max() <= 0:
        raise ParameterError("arrivals_per_day must be non-negative numbers, not all zero")
    rates = rates[:days]
    if rates.sum() > MAX_COMPLAINTS:
        raise ParameterError(f"arrivals_per_day over {days} days expect {rates.sum():,.0f} complaints; a run of more "
                             f"than {MAX_COMPLAINTS:,} cannot finish in reasonable time (about 0.3 ms a complaint); "
                             "simulate fewer days or a lower rate and scale up")
    shifts = _check_shifts(shifts)
    around_the_clock = shifts == [(0.0, 24.0)]
    on_duty_hours = sum(e - s for s, e in shifts)
    rng = generator(seed)
    env = simpy.Environment()
    front = simpy.Resource(env, capacity=agents)
    back = simpy.Resource(env, capacity=specialists)
    records = {}

    def shift_at(t: float):
        """(shift end in absolute hours) if on duty at t, else None."""
        day, h = divmod(t, 24.0)
        for start, end in shifts:
            if start <= h < end:
                return math.inf if around_the_clock else day * 24 + end
        return None

    def next_start(t: float) -> float:
        day, h = divmod(t, 24.0)
        later = [s for s, _ in shifts if s > h]
        return day * 24 + (later[0] if later else 24 + shifts[0][0])

    def work(hours: float):
        """Spend ``hours`` of on-duty time; returns the handovers at shift changes."""
        handovers = 0
        while hours > 1e-12:
            end = shift_at(env.now)
            if end is None:
                yield env.timeout(next_start(env.now) - env.now)
                continue
            if env.now + hours <= end:
                yield env.timeout(hours)
                break
            hours -= end - env.now
            yield env.timeout(end - env.now)
            handovers += 1
            hours += handover_hours  # the next shift's agent catches up on the case
        return handovers

    def draw(mean: float) -> float:
        return float(rng.exponential(mean)) if exponential else mean

    def complaint(cid: int, arrived: float):
        escalated = bool(rng.random() < p_escalate)
        front_hours = draw(handle_hours)
        back_hours = draw(escalation_hours) if escalated else 0.0
        records[cid] = [arrived, np.nan, np.nan, escalated, 0, False]
        with front.request() as turn:
            yield turn
            if shift_at(env.now) is None:  # a free position, but nobody on duty: wait for the shift
                yield env.timeout(next_start(env.now) - env.now)
            records[cid][1] = env.now - arrived
            handovers = yield from work(front_hours)
        if escalated:
            with back.request() as turn:
                yield turn
                handovers += 1 + (yield from work(back_hours + handover_hours))
        records[cid][2:] = [(env.now - arrived) / 24, escalated, handovers, True]

    def arrivals():
        top = rates.max() / 24  # per hour; thinning for a rate that changes day by day
        cid = 0
        while True:
            yield env.timeout(rng.exponential(1 / top))
            if env.now < days * 24 and rng.random() < rates[int(env.now // 24)] / 24 / top:
                env.process(complaint(cid, env.now))
                cid += 1

    env.process(arrivals())
    env.run(until=days * 24)
    frame = pd.DataFrame.from_dict(records, orient="index",
                                   columns=["arrived_hour", "wait_hours", "days", "escalated", "handovers", "resolved"])
    frame = frame.astype({"escalated": bool, "handovers": int, "resolved": bool})
    frame = frame[frame["arrived_hour"] >= warmup_days * 24].reset_index(drop=True)
    utilisation = float(rates.mean() * handle_hours / (agents * on_duty_hours))
    back_load = float(rates.mean() * p_escalate * (escalation_hours + handover_hours) / (specialists * on_duty_hours))
    return DeskResult(frame, utilisation, back_load)


def staffing_curve(arrivals_per_day, agents_range, *, params=None, strategy=None, n_customers: int | None = None,
                   periods: int = 26, seed=None, **desk) -> pd.DataFrame:
    """The desk at each number of agents and, optionally, what its speed is worth.

    Each staffing level runs :func:`simulate_desk` on its own child of ``seed``. With
    ``n_customers`` the journey is simulated with ``strategy``'s response time set to the desk's
    (capped at 365 days for an overloaded desk), on one seed at every staffing level (common
    random numbers, so differences come from the staffing).

    Parameters
    ----------
    arrivals_per_day : float or array_like
        As in :func:`simulate_desk`.
    agents_range : iterable of int
        Numbers of agents to try.
    params : Params, optional
        The journey model.
    strategy : Strategy, optional
        The handling whose response time the desk sets (default: standard).
    n_customers : int, optional
        Customers in the journey runs; None skips them.
    periods : int
        Weeks of the journey runs.
    seed : int, SeedSequence, Generator or None
        Fixes every run.
    **desk
        Further arguments of :func:`simulate_desk`.

    Returns
    -------
    pandas.DataFrame
        One row per staffing level: ``agents, utilisation, specialist_utilisation, mean_days,
        front_line_days, p_wait, unresolved, overloaded`` and, with ``n_customers``,
        ``response_days, retention, value_per_1000`` (:func:`recovery.economics.lifetime_value`
        of 1,000 customers).

    References
    ----------
    Gans, N., Koole, G. & Mandelbaum, A. (2003). Telephone call centers: tutorial, review, and
    research prospects. Manufacturing & Service Operations Management, 5(2).

    Examples
    --------
    >>> staffing_curve(40, [2, 4], seed=1, handle_hours=1.5, days=10)["agents"].tolist()
    [2, 4]
    """
    agents_range = list(agents_range)
    if not agents_range:
        raise ParameterError("agents_range is empty: give the numbers of agents to try, e.g. range(2, 8)")
    root = seed_sequence(seed)  # once: with seed=None every staffing level still shares the journey's seed
    rows = []
    for agents, child in zip(agents_range, children(root, len(agents_range))):
        res = simulate_desk(arrivals_per_day, agents, seed=child, **desk)
        row = {"agents": agents, "utilisation": res.utilisation,
               "specialist_utilisation": res.specialist_utilisation, "mean_days": res.mean_days,
               "front_line_days": res.front_line_days, "p_wait": res.p_wait,
               "unresolved": int((~res.complaints["resolved"]).sum()), "overloaded": res.overloaded}
        if n_customers is not None:
            from recovery.economics import lifetime_value
            from recovery.params import Strategy
            from recovery.population import simulate

            base = Strategy() if strategy is None else strategy
            days = min(res.front_line_days, 365.0) if np.isfinite(res.front_line_days) else 365.0
            run = simulate(params, dataclasses.replace(base, response_days=days), n_customers=n_customers,
                           periods=periods, seed=children(root, 1, start=len(agents_range))[0])
            row.update(response_days=days, retention=float(run.customers["active"].mean()),
                       value_per_1000=1000 * lifetime_value(run))
        rows.append(row)
    return pd.DataFrame(rows)
