"""Economics: lifetime value, market damage, the cost ratios, the 1-10-100 rule, return on recovery spend."""
import numpy as np
import pytest

import recovery
from recovery import economics
from recovery.params import Strategy


@pytest.fixture(scope="module")
def runs():
    base = recovery.simulate(strategy=Strategy(response_days=10, compensation=0.0), n_customers=10_000, periods=26,
                             seed=4)
    fast = recovery.simulate(strategy=Strategy(response_days=0.5, compensation=0.0), n_customers=10_000, periods=26,
                             seed=4)
    return base, fast


def test_lifetime_value_from_revenue_and_discounting(runs):
    base, _ = runs
    revenue = base.measure("revenue").to_numpy()
    assert economics.lifetime_value(base, margin=0.3, annual_discount_rate=0.0) == pytest.approx(
        0.3 * revenue.sum() / 10_000)
    weekly = 1.1 ** (1 / 52) - 1
    assert economics.lifetime_value(base, margin=0.3) == pytest.approx(
        0.3 * (revenue / (1 + weekly) ** np.arange(1, 27)).sum() / 10_000)
    assert economics.lifetime_value(base, margin=0.6) == pytest.approx(2 * economics.lifetime_value(base, margin=0.3))
    assert economics.lifetime_value(base, annual_discount_rate=0.5) < \
        economics.lifetime_value(base, annual_discount_rate=0.0)
    finite, infinite = economics.lifetime_value(base), economics.lifetime_value(base, horizon="infinite")
    assert infinite > 2 * finite  # half a year simulated; a retained customer is worth years more
    with pytest.raises(ValueError, match="margin = 2"):
        economics.lifetime_value(base, margin=2)


def test_geometric_clv_equals_the_discounted_sum():
    m, r, d = 10.0, 0.9, 0.02
    brute = sum(m * r ** t / (1 + d) ** t for t in range(1, 2000))
    assert economics.geometric_clv(m, r, d) == pytest.approx(brute)
    with pytest.raises(ValueError, match="retention = 1.2"):
        economics.geometric_clv(m, 1.2, d)


def test_retention_per_period_matches_the_active_share(runs):
    base, _ = runs
    share = base.measure("active_share").to_numpy()
    assert economics.retention_per_period(base, last=1) == pytest.approx(share[-1] / share[-2])


def test_market_damage_uses_the_iceberg(runs):
    table = economics.market_damage(runs[0]).set_index("item")
    recorded = table.loc["complaints recorded", "customers"]
    iceberg = table.loc["silent dissatisfied behind them (iceberg, firm estimate)", "customers"]
    assert iceberg == pytest.approx(24 * recorded)
    silent = table.loc["customers lost to silent exits (simulated)"]
    assert silent["customers"] == runs[0].measure("silent_exits").sum()
    assert silent["value"] == pytest.approx(silent["customers"] * economics.lifetime_value(runs[0]))
    assert table.loc["satisfied customers needed to balance the silent exits", "customers"] == 12 * silent["customers"]
    assert table.loc["prospects deterred by negative word of mouth", "customers"] == pytest.approx(
        0.01 * runs[0].measure("wom_negative_tellings").sum())


def test_cost_ratios_come_from_the_seed_and_the_literature():
    table = economics.cost_ratio_scenarios().set_index("scenario")["ratio"]
    assert table.to_dict() == {"seed": 6.0, "literature default": 5.0, "literature low": 2.0, "literature high": 25.0}
    assert economics.seed_figure("diffusion_ratio") == 12
    with pytest.raises(KeyError, match="no seed figure 'nope'"):
        economics.seed_figure("nope")


def test_one_ten_hundred():
    costs = economics.cost_of_quality(100, prevented_share=0.5, corrected_share=0.3).set_index("stage")["cost"]
    assert costs.to_dict() == pytest.approx({"prevention": 50, "correction": 300, "failure": 2000})
    with pytest.raises(ValueError, match="above 1"):
        economics.cost_of_quality(100, prevented_share=0.7, corrected_share=0.5)


def test_recovery_spend_counts_compensation_and_staff_time():
    run = recovery.simulate(strategy=Strategy(compensation=1.0, follow_up=True), n_customers=3_000, periods=8,
                            seed=1)
    spend = economics.recovery_spend(run, staff_cost_per_complaint=0.2, follow_up_cost=0.1)
    recovered, voiced = run.measure("recovered").sum(), run.measure("complaints_voiced").sum()
    assert spend["compensation"] == pytest.approx(recovered)
    assert spend["staff"] == pytest.approx(0.2 * voiced + 0.1 * recovered)


def test_faster_recovery_pays_back(runs):
    base, fast = runs
    roi = economics.recovery_roi(fast, base)
    assert roi["customers_kept"] > 0 and roi["extra_value"] > 0
    assert roi["satisfied_equivalent_of_kept"] == 12 * roi["customers_kept"]
    assert roi["net_gain"] == pytest.approx(roi["extra_value"] - roi["extra_spend"])
    if roi["extra_spend"] > 0:
        assert roi["roi"] == pytest.approx(roi["net_gain"] / roi["extra_spend"]) and roi["roi_note"] == ""
    # no extra spend, no ratio: said in words, never a NaN
    same = economics.recovery_roi(base, base)
    assert same["extra_spend"] == 0 and same["roi"] is None and "no return ratio" in same["roi_note"]
    frame = economics.roi_table({"slow": base, "again": base}, "slow")
    assert frame["roi"].isna().all() and frame["roi_note"].str.contains("no return ratio").all()
    # the acquisition cost saved grows with the (contested) cost ratio
    low, high = (economics.recovery_roi(fast, base, acquisition_cost_ratio=r)["extra_value"] for r in (2, 25))
    assert high - low == pytest.approx(23 * 0.5 * roi["customers_kept"])
    table = economics.roi_table({"slow": base, "fast": fast}, "slow")
    assert table.loc["fast", "customers_kept"] == pytest.approx(roi["customers_kept"] / 10)
    small = recovery.simulate(n_customers=500, periods=26, seed=4)
    with pytest.raises(ValueError, match="differ in customers"):
        economics.recovery_roi(small, base)
