"""Economics: lifetime value, market damage, the 1-10-100 rule, return on recovery spend."""
import pytest

import recovery
from recovery import economics
from recovery.params import Strategy


@pytest.fixture(scope="module")
def runs():
    base = recovery.simulate(strategy=Strategy(response_days=10, compensation=0.0), n_customers=10_000, periods=26, seed=4)
    fast = recovery.simulate(strategy=Strategy(response_days=0.5, compensation=0.0), n_customers=10_000, periods=26, seed=4)
    return base, fast


def test_lifetime_value_discounts_and_scales_with_margin(runs):
    base, _ = runs
    assert economics.lifetime_value(base, margin=0.6) == pytest.approx(2 * economics.lifetime_value(base, margin=0.3))
    assert economics.lifetime_value(base, annual_discount_rate=0.5) < economics.lifetime_value(base, annual_discount_rate=0.0)
    with pytest.raises(ValueError, match="margin"):
        economics.lifetime_value(base, margin=2)


def test_market_damage_uses_the_iceberg(runs):
    table = economics.market_damage(runs[0]).set_index("item")
    recorded = table.loc["complaints recorded", "customers"]
    assert table.loc["dissatisfied, estimated from the iceberg", "customers"] == pytest.approx(25 * recorded)
    assert table.loc["customers lost to silent exits", "value"] > 0


def test_one_ten_hundred():
    costs = economics.cost_of_quality(100, prevented_share=0.5, corrected_share=0.3).set_index("stage")["cost"]
    assert costs.to_dict() == pytest.approx({"prevention": 50, "correction": 300, "failure": 2000})


def test_faster_recovery_pays_back(runs):
    base, fast = runs
    roi = economics.recovery_roi(fast, base)
    assert roi["customers_kept"] > 0 and roi["extra_value"] > 0
    assert roi["satisfied_equivalent_of_kept"] == 12 * roi["customers_kept"]
