"""What recovery is worth: lifetime value, market damage, the cost side, return on recovery spend.

Defaults are the seed figures, read by key from ``recovery.load_dataset("seed_figures")``: each
complaint stands for 24 silent ones (``complaint_leverage``), one lost customer takes 12
satisfied ones to balance (``diffusion_ratio``), winning a customer costs 6 times keeping one
(``acquisition_cost_ratio``; all seed 004), the 1-10-100 rule (``cost_prevention``,
``cost_correction``, ``cost_failure``; seed 003). The literature disputes the
acquisition/retention ratio (2x to 25x, default 5: ``literature_parameters`` key
``acq_to_retention_cost_ratio``); :func:`cost_ratio_scenarios` lists the alternatives and every
function takes the ratio as an argument. Money is in units of the price of one period's
purchase (``OutcomeParams.price``).

>>> import recovery
>>> run = recovery.simulate(n_customers=2_000, periods=26, seed=1)
>>> clv = lifetime_value(run)
>>> 0 < clv < 26
True
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from recovery._validation import ParameterError, number, whole

from recovery.datasets import load_dataset

__all__ = ["seed_figure", "literature_figure", "cost_ratio_scenarios", "geometric_clv", "retention_per_period",
           "lifetime_value", "market_damage", "cost_of_quality", "recovery_spend", "recovery_roi", "roi_table"]


def seed_figure(key: str) -> float:
    """One figure from the seed documents by key (``datasets/seed_figures.csv``).

    Parameters
    ----------
    key : str
        The figure's key in ``datasets/seed_figures.csv``.

    Returns
    -------
    float
        The figure.

    Examples
    --------
    >>> seed_figure("complaint_leverage")
    24.0
    """
    figures = load_dataset("seed_figures").set_index("key")["value"]
    if key not in figures.index:
        raise KeyError(f"no seed figure {key!r}; keys: {list(figures.index)}")
    return float(figures[key])


def literature_figure(key: str, which: str = "value") -> float:
    """One published figure by key (``datasets/literature_parameters.csv``): its ``value``,
    or the ``low`` / ``high`` end of the range the sources give.

    Parameters
    ----------
    key : str
        The figure's key in ``datasets/literature_parameters.csv``.
    which : {'value', 'low', 'high'}
        The figure or an end of its range.

    Returns
    -------
    float
        The figure.

    Examples
    --------
    >>> literature_figure("acq_to_retention_cost_ratio", "high")
    25.0
    """
    if which not in ("value", "low", "high"):
        raise ParameterError(f"which = {which!r}; allowed: 'value', 'low', 'high'")
    table = load_dataset("literature_parameters").set_index("key")
    if key not in table.index:
        raise KeyError(f"no literature figure {key!r}; see recovery.load_dataset('literature_parameters')")
    value = table.loc[key, which]
    if pd.isna(value):
        raise ParameterError(f"literature figure {key!r} has no {which!r}")
    return float(value)


def cost_ratio_scenarios() -> pd.DataFrame:
    """What acquiring a customer costs, in multiples of keeping one: the seed's 6x and the
    literature's contested range (2x-25x, default 5), to run any calculation under each.

    Parameters
    ----------

    Returns
    -------
    pandas.DataFrame
        One row per scenario: its name, the ``ratio`` and its source.

    Examples
    --------
    >>> cost_ratio_scenarios()["ratio"].tolist()
    [6.0, 5.0, 2.0, 25.0]
    """
    key = "acq_to_retention_cost_ratio"
    return pd.DataFrame([
        ("seed", seed_figure("acquisition_cost_ratio"), "seed 004: acquisition_cost_ratio"),
        ("literature default", literature_figure(key), f"literature_parameters: {key} (value)"),
        ("literature low", literature_figure(key, "low"), f"literature_parameters: {key} (low)"),
        ("literature high", literature_figure(key, "high"), f"literature_parameters: {key} (high)"),
    ], columns=["scenario", "ratio", "source"])


def geometric_clv(margin: float, retention: float, discount_rate: float) -> float:
    """Lifetime value of a customer who brings ``margin`` each period while they stay, staying
    from one period to the next with probability ``retention``, margins discounted at
    ``discount_rate`` per period, first margin one period from now:
    ``m r / (1 + d - r)`` (Gupta & Lehmann's retention-based CLV).

    Parameters
    ----------
    margin : float
        Margin per period while the customer stays.
    retention : float
        Probability of staying from one period to the next, in [0, 1).
    discount_rate : float
        Discount rate per period.

    Returns
    -------
    float
        The customer's lifetime value.

    Examples
    --------
    >>> round(geometric_clv(100, 0.8, 0.1), 2)
    266.67
    """
    number("retention", retention, 0, 1)
    number("discount_rate", discount_rate, -1, math.inf, low_open=True)
    if retention == 1 and discount_rate <= 0:
        raise ParameterError("retention = 1 with discount_rate <= 0 gives an infinite value; discount the future")
    return number("margin", margin) * retention / (1 + discount_rate - retention)


def _totals(result) -> pd.DataFrame:
    history = result.history
    return history[history["segment"] == "all"].pivot_table(index="period", columns="measure", values="value")


def retention_per_period(result, last: int = 4) -> float:
    """The per-period retention at the end of a run: 1 - churned / active, over its ``last``
    periods (default the last four weeks).

    Parameters
    ----------
    result : SimulationResult
        A run of :func:`recovery.simulate`.
    last : int, default 4
        Periods at the end of the run to average over.

    Returns
    -------
    float
        Retention per period, 1 - churned / active.

    Examples
    --------
    >>> import recovery
    >>> 0.9 < retention_per_period(recovery.simulate(n_customers=2_000, periods=8, seed=1)) <= 1
    True
    """
    per = _totals(result)
    n = len(result.customers)
    active_before = per["active_share"].shift(1, fill_value=1.0) * n
    tail = per.tail(whole("last", last, low=1))
    return float(1 - tail["churned"].sum() / active_before.loc[tail.index].sum())


def lifetime_value(result, margin: float = 0.3, annual_discount_rate: float = 0.10, periods_per_year: int = 52,
                   horizon: str = "simulated") -> float:
    """Discounted margin per starting customer: the sum over the simulated periods of
    revenue x ``margin`` / (1 + r)^t, divided by the starting population; with
    ``horizon="infinite"`` plus the value after the run, the last period's margin continuing
    with the run's final :func:`retention_per_period` (:func:`geometric_clv`).

    ``margin`` (profit share of revenue, 30%) and the 10% a year discount rate are assumptions
    to set for the business at hand (literature 2.6: a CLV calculation, not a constant).

    Parameters
    ----------
    result : SimulationResult
        A run of :func:`recovery.simulate`.
    margin : float, default 0.3
        Profit share of revenue.
    annual_discount_rate : float, default 0.10
        Discount rate a year.
    periods_per_year : int, default 52
        Periods of the run in a year (52: weeks).
    horizon : {'simulated', 'infinite'}
        Only the simulated periods, or the value after the run too.

    Returns
    -------
    float
        Discounted margin per starting customer, in units of the price.

    Examples
    --------
    >>> import recovery
    >>> run = recovery.simulate(n_customers=1_000, periods=8, seed=2)
    >>> lifetime_value(run, horizon="infinite") > lifetime_value(run)
    True
    """
    number("margin", margin, 0, 1)
    number("annual_discount_rate", annual_discount_rate, -1, math.inf, low_open=True)
    number("periods_per_year", periods_per_year, 1)
    if horizon not in ("simulated", "infinite"):
        raise ParameterError(f"horizon = {horizon!r}; allowed: 'simulated', 'infinite'")
    per = _totals(result)
    r = (1 + annual_discount_rate) ** (1 / periods_per_year) - 1
    t = per.index.to_numpy()
    n = len(result.customers)
    value = (per["revenue"].to_numpy() * margin / (1 + r) ** t).sum() / n
    if horizon == "infinite":
        last = per["revenue"].iloc[-1] * margin / n
        value += geometric_clv(last, retention_per_period(result), r) / (1 + r) ** t[-1]
    return float(value)


def market_damage(result, leverage: float | None = None, deterred_per_story: float = 0.01,
                  value_per_customer: float | None = None) -> pd.DataFrame:
    """The damage the firm does not see, per the complaint iceberg (Goodman/TARP structure).

    Rows (``customers`` and their ``value``): complaints the firm recorded; the silent
    dissatisfied customers the iceberg says stand behind them (``leverage`` = 24 per complaint,
    seed 004 ``complaint_leverage``; seed 004's 96 of 100 never come back, so the firm's own
    estimate of its silent losses); the failures that actually happened and the silent exits
    and all departures in the simulation (what the model knows and the firm does not);
    prospects deterred by negative stories (``deterred_per_story``: an assumption, 1 in 100
    stories stops a prospect; East et al.: negative word of mouth bites hardest on acquisition);
    the profit of satisfied customers it takes to balance the silent losses (seed 004
    ``diffusion_ratio`` 12). ``value_per_customer`` defaults to the run's lifetime value.

    Parameters
    ----------
    result : SimulationResult
        A run of :func:`recovery.simulate`.
    leverage : float, optional
        Silent dissatisfied customers per complaint (default 24, seed 004).
    deterred_per_story : float, default 0.01
        Prospects deterred per negative story (an assumption).
    value_per_customer : float, optional
        Value of one customer (default the run's :func:`lifetime_value`).

    Returns
    -------
    pandas.DataFrame
        One row per ``item``: ``customers`` and their ``value``.

    Examples
    --------
    >>> import recovery
    >>> t = market_damage(recovery.simulate(n_customers=2_000, periods=8, seed=1))
    >>> t["item"].iloc[1]
    'silent dissatisfied behind them (iceberg, firm estimate)'
    """
    leverage = seed_figure("complaint_leverage") if leverage is None else number("leverage", leverage, 0)
    number("deterred_per_story", deterred_per_story, 0, 1)
    per = _totals(result)
    value = lifetime_value(result) if value_per_customer is None else number("value_per_customer",
                                                                             value_per_customer, 0)
    recorded = per["complaints_recorded"].sum()
    silent = per["silent_exits"].sum()
    deterred = per["wom_negative_tellings"].sum() * deterred_per_story
    rows = [
        ("complaints recorded", recorded, np.nan),
        ("silent dissatisfied behind them (iceberg, firm estimate)", recorded * leverage, recorded * leverage * value),
        ("failures that happened (simulated)", per["failures"].sum(), np.nan),
        ("customers lost to silent exits (simulated)", silent, silent * value),
        ("customers lost in all (simulated)", per["churned"].sum(), per["churned"].sum() * value),
        ("prospects deterred by negative word of mouth", deterred, deterred * value),
        ("satisfied customers needed to balance the silent exits", silent * seed_figure("diffusion_ratio"), np.nan),
    ]
    return pd.DataFrame(rows, columns=["item", "customers", "value"])


def cost_of_quality(failures: float, prevented_share: float = 0.0, corrected_share: float = 0.0,
                    unit_cost: float = 1.0) -> pd.DataFrame:
    """The 1-10-100 rule (seed 003; Labovitz & Chang 1992): preventing a failure costs 1 unit,
    correcting it before it reaches the customer 10, letting it reach the customer 100. Shares
    of ``failures`` prevented and corrected; the rest reach customers.

    Parameters
    ----------
    failures : float
        Failures in the period.
    prevented_share : float, default 0.0
        Share of them prevented (cost 1 each).
    corrected_share : float, default 0.0
        Share corrected before reaching the customer (cost 10 each).
    unit_cost : float, default 1.0
        The cost of preventing one failure.

    Returns
    -------
    pandas.DataFrame
        One row per stage (prevented, corrected, reached the customer): failures and cost.

    Examples
    --------
    >>> cost_of_quality(10, prevented_share=0.5)["cost"].tolist()
    [5.0, 0.0, 500.0]
    """
    number("failures", failures, 0)
    number("prevented_share", prevented_share, 0, 1)
    number("corrected_share", corrected_share, 0, 1)
    number("unit_cost", unit_cost, 0)
    if prevented_share + corrected_share > 1:
        raise ParameterError(f"prevented_share + corrected_share = {prevented_share + corrected_share:g} is above 1")
    shares = {"prevention": prevented_share, "correction": corrected_share,
              "failure": 1 - prevented_share - corrected_share}
    costs = {"prevention": seed_figure("cost_prevention"), "correction": seed_figure("cost_correction"),
             "failure": seed_figure("cost_failure")}
    return pd.DataFrame([(k, failures * s, failures * s * costs[k] * unit_cost) for k, s in shares.items()],
                        columns=["stage", "failures", "cost"])


def recovery_spend(result, staff_cost_per_complaint: float = 0.2, follow_up_cost: float = 0.05,
                   emotion_first_cost: float = 0.05, price: float | None = None) -> dict:
    """What a run's recovery cost: ``compensation`` (the strategy's share of the price per
    recovered complaint) and ``staff`` time (``staff_cost_per_complaint`` per voiced
    complaint, plus ``follow_up_cost`` per recovered complaint with a follow-up call and
    ``emotion_first_cost`` per voiced complaint when agents deal with the emotion first).
    Staff costs are in units of the price; their defaults (a fifth of the price per case, a
    twentieth for a call or a longer conversation) are assumptions.

    Parameters
    ----------
    result : SimulationResult
        A run of :func:`recovery.simulate`.
    staff_cost_per_complaint : float, default 0.2
        Staff cost per voiced complaint, in units of the price.
    follow_up_cost : float, default 0.05
        Cost of a follow-up call per recovered complaint.
    emotion_first_cost : float, default 0.05
        Extra cost per voiced complaint when agents deal with the emotion first.
    price : float, optional
        The price (default the run's).

    Returns
    -------
    dict
        ``compensation``, ``staff`` and ``total`` cost.

    Examples
    --------
    >>> import recovery
    >>> sorted(recovery_spend(recovery.simulate(n_customers=1_000, periods=4, seed=1)))
    ['compensation', 'staff', 'total']
    """
    for name, v in (("staff_cost_per_complaint", staff_cost_per_complaint), ("follow_up_cost", follow_up_cost),
                    ("emotion_first_cost", emotion_first_cost)):
        number(name, v, 0)
    price = result.params.outcomes.price if price is None else number("price", price, 0)
    per = _totals(result)
    s = result.strategy
    voiced, recovered = per["complaints_voiced"].sum(), per["recovered"].sum()
    compensation = s.compensation * price * recovered
    staff = (staff_cost_per_complaint + emotion_first_cost * s.emotion_first) * voiced \
        + follow_up_cost * s.follow_up * recovered
    return {"compensation": float(compensation), "staff": float(staff), "total": float(compensation + staff)}


#: Why a strategy has no return ratio (``recovery_roi``'s ``roi_note``).
NO_RATIO = "spends no more than the baseline: no return ratio, judge it by net_gain"


def recovery_roi(strategy_run, baseline_run, margin: float = 0.3, acquisition_cost_ratio: float | None = None,
                 retention_cost: float = 0.5, **spend) -> dict:
    """Return on recovery spend: the value a strategy adds over a baseline (both simulated
    with the same seed, size and horizon) against what it costs beyond the baseline.

    Extra spend: :func:`recovery_spend` of the strategy minus the baseline's (``spend``:
    its cost arguments). Extra value: the difference in :func:`lifetime_value` x starting
    customers, plus the acquisition cost saved on the customers kept (replacing one costs
    ``acquisition_cost_ratio`` = 6 x ``retention_cost``, seed 004; the literature's 2-25x in
    :func:`cost_ratio_scenarios`; ``retention_cost``, half a price, is an assumption). Also:
    how many satisfied customers the kept ones equal (seed 004 ``diffusion_ratio`` 12).
    ``net_gain`` = extra value - extra spend; ``roi`` = net gain / extra spend. A strategy that
    spends no more than the baseline has no return ratio: ``roi`` is then None and ``roi_note``
    says so (judge it by ``net_gain``), never a NaN passed on.

    Parameters
    ----------
    strategy_run : SimulationResult
        The strategy's run.
    baseline_run : SimulationResult
        The baseline's run (same seed, size and horizon).
    margin : float, default 0.3
        Profit share of revenue (:func:`lifetime_value`).
    acquisition_cost_ratio : float, optional
        Cost of replacing a customer in multiples of ``retention_cost`` (default 6, seed 004).
    retention_cost : float, default 0.5
        Cost of keeping a customer, in units of the price (an assumption).
    **spend : float
        Cost arguments of :func:`recovery_spend`.

    Returns
    -------
    dict
        Extra spend, extra value, customers kept, ``net_gain``, ``roi`` (None when the strategy
        spends no more than the baseline) and ``roi_note``.

    Examples
    --------
    >>> import recovery
    >>> from recovery.params import named_strategies
    >>> base = recovery.simulate(n_customers=1_000, periods=4, seed=1)
    >>> fast = recovery.simulate(strategy=named_strategies()["fast_local"], n_customers=1_000, periods=4, seed=1)
    >>> "net_gain" in recovery_roi(fast, base)
    True
    """
    ratio = seed_figure("acquisition_cost_ratio") if acquisition_cost_ratio is None else \
        number("acquisition_cost_ratio", acquisition_cost_ratio, 0)
    number("retention_cost", retention_cost, 0)
    n = len(strategy_run.customers)
    if len(baseline_run.customers) != n or _totals(baseline_run).index.max() != _totals(strategy_run).index.max():
        raise ParameterError("strategy_run and baseline_run differ in customers or periods; simulate both alike "
                         "(same n_customers, periods and seed)")
    extra = recovery_spend(strategy_run, **spend)["total"] - recovery_spend(baseline_run, **spend)["total"]
    kept = int(strategy_run.customers["active"].sum() - baseline_run.customers["active"].sum())
    value = (lifetime_value(strategy_run, margin) - lifetime_value(baseline_run, margin)) * n
    value += kept * ratio * retention_cost
    return {"extra_spend": float(extra), "extra_value": float(value), "net_gain": float(value - extra),
            "customers_kept": kept, "roi": float((value - extra) / extra) if extra > 0 else None,
            "roi_note": "" if extra > 0 else NO_RATIO,
            "satisfied_equivalent_of_kept": float(kept * seed_figure("diffusion_ratio"))}


def roi_table(runs: dict, baseline: str, per_customers: int = 1000, **kwargs) -> pd.DataFrame:
    """:func:`recovery_roi` of every run in ``runs`` (name -> simulation) against
    ``runs[baseline]``, spend, value and customers kept scaled to ``per_customers``. ``roi`` is
    a nullable column: <NA> where ``roi_note`` says the strategy spends no more than the
    baseline.

    Parameters
    ----------
    runs : dict
        Name -> run of :func:`recovery.simulate`, all with the same seed, size and horizon.
    baseline : str
        The name of the baseline run.
    per_customers : int, default 1000
        Spend, value and customers kept are scaled to this many customers.
    **kwargs
        Passed on to :func:`recovery_roi`.

    Returns
    -------
    pandas.DataFrame
        One row per run but the baseline (index): the :func:`recovery_roi` figures.

    Examples
    --------
    >>> import recovery
    >>> from recovery.params import named_strategies
    >>> runs = {k: recovery.simulate(strategy=named_strategies()[k], n_customers=1_000, periods=4, seed=1)
    ...         for k in ("by_the_book", "fast_local")}
    >>> roi_table(runs, "by_the_book").index.tolist()
    ['fast_local']
    """
    if baseline not in runs:
        raise KeyError(f"baseline {baseline!r} is not among the runs: {sorted(runs)}")
    rows = {}
    for name, run in runs.items():
        if name == baseline:
            continue
        r = recovery_roi(run, runs[baseline], **kwargs)
        scale = per_customers / len(run.customers)
        rows[name] = {"extra_spend": r["extra_spend"] * scale, "extra_value": r["extra_value"] * scale,
                      "net_gain": r["net_gain"] * scale, "customers_kept": r["customers_kept"] * scale,
                      "roi": r["roi"], "roi_note": r["roi_note"]}
    frame = pd.DataFrame.from_dict(rows, orient="index").astype({"roi": "Float64"})
    frame.index.name = "strategy"
    return frame
