"""The data set registry: names, shapes, codebooks, errors."""
import re

import pandas as pd
import pytest

import recovery as r
from recovery.datasets import UnknownDatasetError


def test_ecsi_mobi_shape():
    assert r.load_dataset("ecsi_mobi").shape == (250, 24)


def test_ecsi_satisfaction_shape():
    data = r.load_dataset("ecsi_satisfaction")
    assert data.shape == (250, 28)
    assert set(data["gender"]) == {"female", "male"}


def test_unknown_name_lists_the_available_ones():
    with pytest.raises(UnknownDatasetError) as err:
        r.load_dataset("nope")
    for name in r.list_datasets().index:
        assert name in str(err.value)
    with pytest.raises(UnknownDatasetError, match="nope"):
        r.describe_dataset("nope")


@pytest.mark.parametrize("name", list(r.list_datasets().index))
def test_codebook_covers_every_column_and_range(name):
    data = r.load_dataset(name)
    book = r.describe_dataset(name)
    assert list(book.index) == list(data.columns)
    assert book["meaning"].notna().all()
    assert book.attrs["source"]
    bounded = book.dropna(subset=["min", "max"])
    for column, row in bounded.iterrows():
        assert data[column].min() >= row["min"], column
        assert data[column].max() <= row["max"], column


def test_seed_figures_hold_every_digest_figure():
    figures = r.load_dataset("seed_figures").set_index("key")
    expected = {  # the table "Figures to reproduce or use as defaults" in docs/sources.md (seeds 002-004)
        "complaining_share": 0.04, "silent_share": 0.96, "complaint_leverage": 24,
        "diffusion_ratio": 12, "acquisition_cost_ratio": 6, "girard_reach": 250,
        "service_price_premium": 0.10, "wom_told_good_low": 9, "wom_told_good_high": 12,
        "wom_told_bad": 20, "repurchase_fast_good_solution": 0.82,
        "no_return_very_bad_service": 0.91, "cost_prevention": 1, "cost_correction": 10,
        "cost_failure": 100,
    }
    for key, value in expected.items():
        assert figures.loc[key, "value"] == pytest.approx(value), key
    assert figures["source"].str.match(r"seed 00[0-4] \(00[0-4]_[0-9a-f]+\.txt\)").all()


def test_literature_parameters_have_sources():
    lit = r.load_dataset("literature_parameters")
    assert lit["key"].is_unique
    assert lit["source"].notna().all()
    assert set(lit["verified"]) <= {"yes", "no"}
    assert lit.set_index("key").loc["repurchase_major_resolved_quick", "value"] == 0.82


def test_list_datasets_is_a_registry():
    listing = r.list_datasets()
    assert isinstance(listing, pd.DataFrame)
    assert {"title", "source"} <= set(listing.columns)
    assert all(re.fullmatch(r"[a-z_]+", name) for name in listing.index)
