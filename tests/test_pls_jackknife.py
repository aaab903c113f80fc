"""The BCa jackknife of the PLS bootstrap: exact (delete-one) up to JACKKNIFE_GROUPS respondents,
delete-a-group above; grouped intervals against exact ones, and the leave-out moments against
refits without the left-out rows."""
import warnings

import numpy as np
import pytest

import recovery
from recovery.survey import fit_pls
from recovery.survey.pls import _boot as _pls_boot

from _pls_text import model_text

DATA = recovery.load_dataset("ecsi_satisfaction")
BLOCKS = {k: [c for c in DATA if c.startswith(k.lower())] for k in ("IMAG", "EXPE", "QUAL", "VAL", "SAT", "LOY")}
PATHS = [("IMAG", "EXPE"), ("IMAG", "SAT"), ("IMAG", "LOY"), ("EXPE", "QUAL"), ("EXPE", "VAL"), ("EXPE", "SAT"),
         ("QUAL", "VAL"), ("QUAL", "SAT"), ("VAL", "SAT"), ("SAT", "LOY")]


def test_groups_are_exact_up_to_the_limit_then_random_and_even():
    np.testing.assert_array_equal(_pls_boot.jackknife_groups(250, 1, groups=1000), np.arange(250))
    g = _pls_boot.jackknife_groups(10_007, 1, groups=1000)
    sizes = np.bincount(g)
    assert len(sizes) == 1000 and sizes.max() - sizes.min() <= 1
    assert not np.array_equal(g[:20], np.arange(20) % 1000)  # shuffled, not in row order
    np.testing.assert_array_equal(g, _pls_boot.jackknife_groups(10_007, 1, groups=1000))  # seeded


def test_delete_one_jackknife_equals_refits_without_each_respondent():
    small = DATA.iloc[:60]
    fit = fit_pls(model_text(PATHS, BLOCKS), small, bootstrap=10, seed=2)
    spec_fit = fit_pls(model_text(PATHS, BLOCKS), small)
    from recovery.survey.pls.fit import _build_spec
    spec = _build_spec(small, PATHS, BLOCKS, None, "path", True)
    x = small[list(spec.items)].to_numpy(float)
    x = x - x.mean(axis=0)
    jack = _pls_boot._jackknife(x, spec, np.arange(60), 1e-6, 100, 1000, "none", None)
    for i in (0, 31, 59):
        refit = fit_pls(model_text(PATHS, BLOCKS), small.drop(small.index[i]))
        np.testing.assert_allclose(jack["paths"][i], refit.paths_["estimate"], atol=1e-9)
    assert fit.paths_["estimate"].equals(spec_fit.paths_["estimate"])


def test_grouped_bca_agrees_with_the_exact_jackknife(monkeypatch):
    """Same bootstrap draws; only the acceleration differs. 50 groups of 5 (a coarse grouping)
    move the BCa ends by at most 3.4% of the percentile interval's width here; the tolerance,
    5%, is below the bootstrap's own Monte Carlo error at 2,000 resamples (the BCa ends move
    by up to 6.9% of the width between seeds 3 and 4)."""
    exact = fit_pls(model_text(PATHS, BLOCKS), DATA, bootstrap=2000, seed=3).paths_
    monkeypatch.setattr(_pls_boot, "JACKKNIFE_GROUPS", 50)
    grouped = fit_pls(model_text(PATHS, BLOCKS), DATA, bootstrap=2000, seed=3).paths_
    width = exact["ci_high"] - exact["ci_low"]
    np.testing.assert_array_equal(grouped["ci_low"], exact["ci_low"])
    for end in ("bca_low", "bca_high"):
        assert ((grouped[end] - exact[end]).abs() / width).max() < 0.05
        assert not np.allclose(grouped[end], exact[end], atol=1e-12)  # the grouping did change something


def test_many_failed_resamples_warn(monkeypatch):
    real = _pls_boot.estimate

    def one_in_eight_fails(s, *args):
        fit = real(s, *args)
        if len(s) > 1:  # the resamples, not the point estimate
            fit.converged[::8] = False
        return fit
    monkeypatch.setattr(_pls_boot, "estimate", one_in_eight_fails)
    with pytest.warns(recovery.BootstrapFailureWarning, match="did not converge in"):
        fit_pls(model_text(PATHS, BLOCKS), DATA, bootstrap=100, seed=1, bca=False)
    monkeypatch.setattr(_pls_boot, "FAILED_SHARE", 0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("error", recovery.BootstrapFailureWarning)
        fit_pls(model_text(PATHS, BLOCKS), DATA, bootstrap=100, seed=1, bca=False)
