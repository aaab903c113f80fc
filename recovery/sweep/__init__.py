"""Parameter and strategy sweeps with Monte Carlo replications, locally or on a Dask cluster.

A *model* is any picklable function ``model(params: dict, *, seed) -> dict | DataFrame`` (``seed``
is a ``numpy.random.SeedSequence``). :func:`run_sweep` runs it for every row of a design
(:func:`grid`, :func:`latin_hypercube`, :func:`sobol_design`) x replication, each task on its
own ``SeedSequence`` child, so the numbers do not depend on the number of workers; with
``out=`` an interrupted sweep resumes. :func:`simulate_model` is the journey simulator as a
model; :func:`summarize` and :func:`sobol_indices` read the table; :func:`run_config` runs a
TOML configuration (``recovery sweep``). How streams, resuming and failed tasks work, and the
configuration format, are described in ``docs/sweep.md``.

Modules: :mod:`recovery.sweep.designs`, :mod:`recovery.sweep.runner`,
:mod:`recovery.sweep.summary`, :mod:`recovery.sweep.config`.

>>> table = run_sweep(simulate_model, grid({"strategy.response_days": [1.0, 7.0]}), replications=2,
...                   seed=1, workers=1, progress=False, fixed={"n_customers": 500, "periods": 4})
>>> len(table), bool(table["error"].isna().all())
(4, True)
"""
from recovery.sweep.config import SweepConfigError, load_config, run_config
from recovery.sweep.designs import grid, latin_hypercube, sobol_design, sobol_indices
from recovery.sweep.runner import SweepResumeError, check_simulate_params, run_sweep, simulate_model
from recovery.sweep.summary import point_means, summarize

__all__ = ["grid", "latin_hypercube", "sobol_design", "sobol_indices", "simulate_model", "check_simulate_params",
           "run_sweep", "summarize", "point_means", "SweepConfigError", "SweepResumeError", "load_config",
           "run_config"]
