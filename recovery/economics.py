"""What recovery is worth: lifetime value, market damage, the cost side, return on recovery spend.

Defaults are the seed figures (``recovery.load_dataset("seed_figures")``): each complaint
stands for 24 silent ones, one lost customer takes 12 satisfied ones to balance, winning a
customer costs 6 times keeping one (seed 004), the 1-10-100 rule (seed 003). The literature
disputes the acquisition/retention ratio (2x to 25x: ``literature_parameters`` key
``acq_to_retention_cost_ratio``), so every figure is an argument.

>>> import recovery
>>> run = recovery.simulate(n_customers=2_000, periods=26, seed=1)
>>> clv = lifetime_value(run)
>>> 0 < clv < 26
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from recovery.datasets import load_dataset

__all__ = ["seed_figure", "lifetime_value", "market_damage", "cost_of_quality", "recovery_roi"]


def seed_figure(key: str) -> float:
    """One figure from the seed documents by key (see ``datasets/seed_figures.csv``)."""
    figures = load_dataset("seed_figures").set_index("key")["value"]
    if key not in figures.index:
        raise KeyError(f"no seed figure {key!r}; keys: {list(figures.index)}")
    return float(figures[key])


def _totals(result) -> pd.Series:
    history = result.history
    return history[history["segment"] == "all"].pivot_table(index="period", columns="measure", values="value")


def lifetime_value(result, margin: float = 0.3, annual_discount_rate: float = 0.10, periods_per_year: int = 52) -> float:
    """Discounted margin per customer at the start over the simulated horizon: the sum over
    periods of revenue x margin / (1 + r)^t, divided by the starting population.

    ``margin`` (profit share of revenue, 30%) and the 10% discount rate are assumptions to set.
    """
    if not 0 <= margin <= 1:
        raise ValueError(f"margin = {margin} is outside [0, 1]")
    if annual_discount_rate <= -1:
        raise ValueError(f"annual_discount_rate = {annual_discount_rate} must be above -1")
    per = _totals(result)
    r = (1 + annual_discount_rate) ** (1 / periods_per_year) - 1
    t = per.index.to_numpy()
    n = len(result.customers)
    return float((per["revenue"].to_numpy() * margin / (1 + r) ** t).sum() / n)


def market_damage(result, leverage: float | None = None, deterred_per_story: float = 0.01,
                  value_per_customer: float | None = None) -> pd.DataFrame:
    """The damage the firm does not see, per the complaint iceberg (Goodman/TARP structure).

    Rows: complaints the firm recorded; dissatisfied customers estimated from them with the
    iceberg's leverage (each complaint stands for ``leverage`` = 24 silent ones, seed 004);
    the failures that actually happened in the simulation (the model knows); customers lost to
    silent exits; prospects deterred by negative stories (``deterred_per_story``: an
    assumption, 1 in 100 stories stops a prospect; East et al.: negative WOM bites hardest on
    acquisition); and their value at ``value_per_customer`` (default: the run's lifetime value).
    """
    leverage = seed_figure("complaint_leverage") if leverage is None else leverage
    per = _totals(result)
    value = lifetime_value(result) if value_per_customer is None else value_per_customer
    recorded = per["complaints_recorded"].sum()
    silent = per["silent_exits"].sum()
    deterred = per["wom_negative_tellings"].sum() * deterred_per_story
    rows = [
        ("complaints recorded", recorded, np.nan),
        ("dissatisfied, estimated from the iceberg", recorded * (1 + leverage), np.nan),
        ("failures that happened (simulated)", per["failures"].sum(), np.nan),
        ("customers lost to silent exits", silent, silent * value),
        ("prospects deterred by negative word of mouth", deterred, deterred * value),
    ]
    return pd.DataFrame(rows, columns=["item", "customers", "value"])


def cost_of_quality(failures: float, prevented_share: float = 0.0, corrected_share: float = 0.0,
                    unit_cost: float = 1.0) -> pd.DataFrame:
    """The 1-10-100 rule (seed 003): preventing a failure costs 1 unit, correcting it before it
    reaches the customer 10, letting it reach the customer 100. Shares of ``failures``
    prevented and corrected; the rest reach customers."""
    if prevented_share < 0 or corrected_share < 0 or prevented_share + corrected_share > 1:
        raise ValueError("prevented_share and corrected_share must be non-negative and sum to at most 1")
    shares = {"prevention": prevented_share, "correction": corrected_share,
              "failure": 1 - prevented_share - corrected_share}
    costs = {"prevention": seed_figure("cost_prevention"), "correction": seed_figure("cost_correction"),
             "failure": seed_figure("cost_failure")}
    return pd.DataFrame([(k, failures * s, failures * s * costs[k] * unit_cost) for k, s in shares.items()],
                        columns=["stage", "failures", "cost"])


def recovery_roi(strategy_run, baseline_run, price: float = 1.0, staff_cost_per_complaint: float = 0.2,
                 margin: float = 0.3, acquisition_cost_ratio: float | None = None,
                 retention_cost: float = 0.5) -> dict:
    """Return on recovery spend: the retained value a strategy adds over a baseline (both
    simulated with the same seed) against what it costs.

    Spend = compensation (share of ``price``) x recovered complaints + staff time per voiced
    complaint. Value = the difference in lifetime value x starting customers, plus the
    acquisition cost saved on customers kept (acquiring costs ``acquisition_cost_ratio`` = 6x
    the ``retention_cost``, seed 004). Also: how many satisfied customers one lost customer
    equals (diffusion ratio 12, seed 004).
    """
    ratio = seed_figure("acquisition_cost_ratio") if acquisition_cost_ratio is None else acquisition_cost_ratio
    n = len(strategy_run.customers)
    s, b = _totals(strategy_run), _totals(baseline_run)
    spend = (strategy_run.strategy.compensation * price * s["recovered"].sum()
             + staff_cost_per_complaint * s["complaints_voiced"].sum())
    base_spend = (baseline_run.strategy.compensation * price * b["recovered"].sum()
                  + staff_cost_per_complaint * b["complaints_voiced"].sum())
    kept = (strategy_run.customers["active"].sum() - baseline_run.customers["active"].sum())
    value = (lifetime_value(strategy_run, margin) - lifetime_value(baseline_run, margin)) * n
    value += kept * ratio * retention_cost
    extra = spend - base_spend
    return {"extra_spend": float(extra), "extra_value": float(value), "customers_kept": int(kept),
            "roi": float((value - extra) / extra) if extra > 0 else np.inf if value > 0 else np.nan,
            "satisfied_equivalent_of_kept": float(kept * seed_figure("diffusion_ratio"))}
