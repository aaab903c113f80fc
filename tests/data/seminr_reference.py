"""Generate tests/data/seminr_reference.csv: reference numbers from the seminr and seminrExtras
Python ports (GPL-3.0), for tests/test_pls_assess.py.

Run by hand, never by the tests, in a throwaway environment outside the repository (this BSD-3
package never imports or depends on seminr):

    python3 -m venv /tmp/seminr-venv
    /tmp/seminr-venv/bin/pip install seminr==0.2.1 seminrextras==0.1.0
    /tmp/seminr-venv/bin/python tests/data/seminr_reference.py

Each output row is (analysis, a, b, value); the comment header records the versions and the
exact calls. The data are the repository's own datasets/ecsi_mobi.csv (seminr's ``mobi``) and
datasets/ecsi_satisfaction.csv (R plspm's ``satisfaction``, with ``gender``).
"""
from __future__ import annotations

import csv
import warnings
from importlib.metadata import version
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
ROOT = HERE.parent.parent

#: the ECSI model on mobi (seminr's documentation model), every construct mode A
MOBI_BLOCKS = {"Image": [f"IMAG{i}" for i in range(1, 6)], "Expectation": ["CUEX1", "CUEX2", "CUEX3"],
               "Quality": [f"PERQ{i}" for i in range(1, 8)], "Value": ["PERV1", "PERV2"],
               "Satisfaction": ["CUSA1", "CUSA2", "CUSA3"], "Complaints": ["CUSCO"],
               "Loyalty": ["CUSL1", "CUSL2", "CUSL3"]}
MOBI_PATHS = [("Image", "Expectation"), ("Image", "Satisfaction"), ("Image", "Loyalty"),
              ("Expectation", "Quality"), ("Expectation", "Value"), ("Expectation", "Satisfaction"),
              ("Quality", "Value"), ("Quality", "Satisfaction"), ("Value", "Satisfaction"),
              ("Satisfaction", "Complaints"), ("Satisfaction", "Loyalty"), ("Complaints", "Loyalty")]
#: plspm's satisfaction model; groups by gender (group 1 = female)
SAT_BLOCKS = {k: [f"{k.lower()}{i}" for i in range(1, n + 1)]
              for k, n in (("IMAG", 5), ("EXPE", 5), ("QUAL", 5), ("VAL", 4), ("SAT", 4), ("LOY", 4))}
SAT_PATHS = [("IMAG", "EXPE"), ("IMAG", "SAT"), ("IMAG", "LOY"), ("EXPE", "QUAL"), ("EXPE", "VAL"),
             ("EXPE", "SAT"), ("QUAL", "VAL"), ("QUAL", "SAT"), ("VAL", "SAT"), ("SAT", "LOY")]
#: a two-stage higher-order construct on mobi: Perceived = (Quality, Value)
HOC_PATHS = [("Image", "Expectation"), ("Expectation", "Perceived"), ("Perceived", "Satisfaction"),
             ("Image", "Satisfaction"), ("Satisfaction", "Loyalty")]
#: cells of mobi set to the missing-value code -99 (row, item); the test sets the same cells
MISSING_SEED, MISSING_CELLS = 2026, 11
MGA_SEED, MGA_BOOT = 20261201, 1000


def read(name):
    with open(ROOT / "datasets" / name, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0][1:], [r[1:] for r in rows[1:]]


def dataset(columns, rows, keep):
    from seminr.estimate.data import Dataset

    idx = [columns.index(c) for c in keep]
    return Dataset(tuple(keep), np.array([[float(r[i]) for i in idx] for r in rows]))


def model_parts(blocks, structure):
    from seminr.specify.constructs import composite, constructs
    from seminr.specify.relationships import paths, relationships

    mm = constructs(*[composite(name, items) for name, items in blocks.items()])
    sm = relationships(*[paths(a, b) for a, b in structure])
    return mm, sm


def missing_cells(n, items):
    """The same cells the test uses: numpy's default_rng(MISSING_SEED), row then item."""
    rng = np.random.default_rng(MISSING_SEED)
    rows = rng.choice(n, MISSING_CELLS, replace=False)
    cols = rng.integers(0, len(items), MISSING_CELLS)
    return [(int(r), items[int(c)]) for r, c in zip(rows, cols)]


def main():
    # seminr is imported here, not at the top, so that pytest can import this file (it collects
    # tests/ for doctests) where seminr is absent, as it always is in this package's environment
    import seminrExtras as sx
    from seminr import estimate_pls, estimate_pls_mga, na_omit, predict_pls
    from seminr.estimate.data import Dataset
    from seminr.specify.constructs import composite, constructs, higher_composite
    from seminr.specify.relationships import paths, relationships

    out = []
    columns, rows = read("ecsi_mobi.csv")
    items = [i for v in MOBI_BLOCKS.values() for i in v]
    mobi = dataset(columns, rows, items)
    mm, sm = model_parts(MOBI_BLOCKS, MOBI_PATHS)

    fit = estimate_pls(mobi, mm, sm)                     # path weighting, stop 1e-7, max_it 300
    for a, b in MOBI_PATHS:
        out.append(("paths_default", a, b, fit.path_coef.get(a, b)))

    coded = mobi.values.copy()
    for r, item in missing_cells(len(coded), items):
        coded[r, items.index(item)] = -99
    coded = Dataset(mobi.columns, coded)
    mean_fit = estimate_pls(coded, mm, sm, missing_value=-99)        # missing = mean_replacement
    casewise = estimate_pls(coded, mm, sm, missing_value=-99, missing=na_omit)
    for a, b in MOBI_PATHS:
        out.append(("paths_mean", a, b, mean_fit.path_coef.get(a, b)))
        out.append(("paths_casewise", a, b, casewise.path_coef.get(a, b)))
    ow = mean_fit.outer_weights
    for name, block in MOBI_BLOCKS.items():
        for item in block:
            out.append(("weights_mean", name, item, float(ow.values[ow.rows.index(item), ow.cols.index(name)])))

    hoc_mm = constructs(*[composite(name, items) for name, items in MOBI_BLOCKS.items() if name != "Complaints"],
                        higher_composite("Perceived", ["Quality", "Value"]))
    hoc_fit = estimate_pls(mobi, hoc_mm, relationships(*[paths(a, b) for a, b in HOC_PATHS]))
    for a, b in HOC_PATHS:
        out.append(("hoc_paths", a, b, hoc_fit.path_coef.get(a, b)))
    ow = hoc_fit.outer_weights
    for dim in ("Quality", "Value"):
        out.append(("hoc_weights", "Perceived", dim, float(ow.values[ow.rows.index(dim), ow.cols.index("Perceived")])))

    ipma = sx.assess_ipma(fit, target="Loyalty", scale_min=1, scale_max=10)
    for c, v in ipma.importance_unstd.items():
        out.append(("ipma_importance", c, "Loyalty", v))
    for c, v in ipma.performance.items():
        out.append(("ipma_performance", c, "", v))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pred = predict_pls(fit, seed=123)               # LOOCV (no_folds=None), predict_DA
        cv = sx.assess_cvpat(fit, nboot=2000, seed=123)  # two-sided, LOOCV, predict_DA
    res = pred.items
    for k, item in enumerate(res.pls_out_of_sample_residuals.cols):
        e_pls = res.pls_out_of_sample_residuals.values[:, k]
        e_lm = res.lm_out_of_sample_residuals.values[:, k]
        out += [("predict_rmse_pls", item, "", float(np.sqrt((e_pls ** 2).mean()))),
                ("predict_rmse_lm", item, "", float(np.sqrt((e_lm ** 2).mean())))]
    for bench, table in (("lm", cv.cvpat_compare_lm), ("ia", cv.cvpat_compare_ia)):
        for i, row in enumerate(table.rows):
            for j, col in enumerate(table.cols):
                out.append((f"cvpat_{bench}", row, col, float(table.values[i, j])))

    columns, rows = read("ecsi_satisfaction.csv")
    sat_items = [i for v in SAT_BLOCKS.values() for i in v]
    female = np.array([r[columns.index("gender")] == "female" for r in rows])
    sat = dataset(columns, rows, sat_items)
    mm, sm = model_parts(SAT_BLOCKS, SAT_PATHS)
    sat_fit = estimate_pls(sat, mm, sm)
    rng = np.random.default_rng(MGA_SEED)               # the test draws the same resamples
    n1, n2 = int(female.sum()), int((~female).sum())
    idx1 = rng.integers(0, n1, (MGA_BOOT, n1))
    idx2 = rng.integers(0, n2, (MGA_BOOT, n2))
    mga = estimate_pls_mga(sat_fit, female, nboot=MGA_BOOT, group1_indices=idx1, group2_indices=idx2)
    for row in mga:
        for key in ("group1_beta", "group2_beta", "diff", "group1_beta_mean", "group2_beta_mean", "pls_mga_p"):
            out.append((f"mga_{key}", row.source, row.target, getattr(row, key)))

    header = [
        f"# seminr {version('seminr')}, seminrextras {version('seminrextras')} (Python ports, GPL-3.0), "
        f"numpy {np.__version__}; generated by tests/data/seminr_reference.py",
        "# paths_default: estimate_pls(mobi, mm, sm) [composite() mode A, path_weighting, stop 1e-7, max_it 300]",
        f"# paths_mean/paths_casewise/weights_mean: {MISSING_CELLS} cells -99 (default_rng({MISSING_SEED})); "
        "estimate_pls(..., missing_value=-99[, missing=na_omit])",
        "# hoc_*: estimate_pls(mobi, constructs(composite(...)..., higher_composite('Perceived', "
        "['Quality', 'Value'])), HOC_PATHS) [two_stage]",
        "# ipma_*: seminrExtras.assess_ipma(fit, target='Loyalty', scale_min=1, scale_max=10)",
        "# predict_*: predict_pls(fit, seed=123) LOOCV, predict_DA; cvpat_*: assess_cvpat(fit, nboot=2000, seed=123)",
        f"# mga_*: estimate_pls_mga(satisfaction fit, gender == 'female', nboot={MGA_BOOT}, group indices "
        f"default_rng({MGA_SEED}).integers(0, n_g, ({MGA_BOOT}, n_g)), group 1 then group 2)",
    ]
    with open(HERE / "seminr_reference.csv", "w", newline="") as f:
        f.write("\n".join(header) + "\n")
        writer = csv.writer(f)
        writer.writerow(["analysis", "a", "b", "value"])
        for analysis, a, b, value in out:
            writer.writerow([analysis, a, b, repr(float(value))])


if __name__ == "__main__":
    main()
