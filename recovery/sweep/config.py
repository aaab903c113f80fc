"""Sweep configurations: a TOML file (format in ``docs/sweep.md``; ``examples/sweep.toml`` is a
worked example) checked before any work (:func:`load_config`) and run (:func:`run_config`,
``recovery sweep`` on the command line).
"""
from __future__ import annotations

import importlib
import tomllib
import warnings
from pathlib import Path

import pandas as pd

from recovery._validation import ConfigError, run_size, whole
from recovery.sweep.designs import grid, latin_hypercube, sobol_design, sobol_indices
from recovery.sweep.runner import _META, _SIM_OTHER, run_sweep, simulate_model
from recovery.sweep.summary import point_means

__all__ = ["SweepConfigError", "load_config", "run_config"]


class SweepConfigError(ConfigError):
    """A sweep configuration that cannot run; the message names the key and what is allowed."""


_SWEEP_KEYS = {"model", "design", "replications", "seed", "samples", "streams", *_SIM_OTHER}
_SECTIONS = ("sweep", "grid", "bounds", "fixed")
_DESIGNS = ("grid", "latin_hypercube", "sobol")


def _import_model(spec):
    if not isinstance(spec, str) or spec.count(":") != 1:
        raise SweepConfigError(f"[sweep] model = {spec!r}: write \"module:function\", "
                               "e.g. \"recovery.sweep:simulate_model\"")
    module, name = spec.split(":")
    try:
        model = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as err:
        raise SweepConfigError(f"[sweep] model = {spec!r} cannot be loaded: {err}") from None
    if not callable(model):
        raise SweepConfigError(f"[sweep] model = {spec!r} is not a function")
    return model


def load_config(path) -> dict:
    """Read and check a sweep configuration (TOML; format in ``docs/sweep.md`` and
    ``examples/sweep.toml``) before any work. Returns the parsed configuration with
    ``config["model"]`` set to the model function; raises :class:`SweepConfigError` naming the
    key and what is allowed.

    Parameters
    ----------
    path : path
        The TOML configuration.

    Returns
    -------
    dict
        The parsed configuration, ``config['model']`` set to the model function.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> file = pathlib.Path(tempfile.mkdtemp()) / "s.toml"
    >>> _ = file.write_text(chr(10).join(["[sweep]", "periods = 2", "[grid]", '"strategy.apology" = [false, true]']))
    >>> load_config(file)["model"].__name__
    'simulate_model'
    """
    path = Path(path)
    if not path.is_file():
        raise SweepConfigError(f"{path}: no such file")
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise SweepConfigError(f"{path}: not valid TOML ({err})") from None
    for section, body in config.items():
        if section not in _SECTIONS:
            raise SweepConfigError(f"section [{section}] is unknown; allowed: {', '.join(f'[{s}]' for s in _SECTIONS)}")
        if not isinstance(body, dict):
            raise SweepConfigError(f"{section} must be a [{section}] section, not a single value")
    sweep = config.get("sweep", {})
    for key in sweep:
        if key not in _SWEEP_KEYS:
            raise SweepConfigError(f"[sweep] {key} is unknown; allowed: {', '.join(sorted(_SWEEP_KEYS))}")
    kind = sweep.get("design", "grid")
    if kind not in _DESIGNS:
        raise SweepConfigError(f"[sweep] design = {kind!r}; allowed: {', '.join(repr(d) for d in _DESIGNS)}")
    for key, low in (("replications", 1), ("seed", 0), ("n_customers", 1), ("periods", 1)):
        if key in sweep:
            sweep[key] = whole(f"[sweep] {key}", sweep[key], low=low, error=SweepConfigError)
    run_size(sweep.get("n_customers", 1), sweep.get("periods", 1), error=SweepConfigError)
    if sweep.get("streams", "task") not in ("task", "replication"):
        raise SweepConfigError(f"[sweep] streams = {sweep['streams']!r}; allowed: 'task', 'replication'")
    model = _import_model(sweep.get("model", "recovery.sweep:simulate_model"))
    simulator = model is simulate_model
    if not simulator:
        for key in _SIM_OTHER:
            if key in sweep:
                raise SweepConfigError(f"[sweep] {key} is for simulate_model only; put a parameter of "
                                       f"{sweep['model']} in [fixed]")
    if kind == "grid":
        if "bounds" in config:
            raise SweepConfigError("design = 'grid' takes a [grid] section, not [bounds]")
        levels = config.get("grid")
        if not levels:
            raise SweepConfigError("design = 'grid' needs a [grid] section: parameter = [level, level, ...]")
        for key, values in levels.items():
            if not isinstance(values, list) or not values:
                raise SweepConfigError(f"[grid] {key} = {values!r}: give a non-empty list of levels")
        names = list(levels)
    else:
        if "grid" in config:
            raise SweepConfigError(f"design = {kind!r} takes a [bounds] section, not [grid]")
        bounds = config.get("bounds")
        if not bounds:
            raise SweepConfigError(f"design = {kind!r} needs a [bounds] section: parameter = [low, high]")
        for key, pair in bounds.items():
            if not (isinstance(pair, list) and len(pair) == 2 and all(
                    isinstance(v, (int, float)) and not isinstance(v, bool) for v in pair) and pair[0] < pair[1]):
                raise SweepConfigError(f"[bounds] {key} = {pair!r}: give [low, high], two numbers with low < high")
        if "samples" not in sweep:
            raise SweepConfigError(f"design = {kind!r} needs [sweep] samples = <whole number>")
        sweep["samples"] = whole("[sweep] samples", sweep["samples"], low=2, error=SweepConfigError)
        if kind == "sobol" and sweep["samples"] & (sweep["samples"] - 1):
            raise SweepConfigError(f"[sweep] samples = {sweep['samples']}: a Sobol design needs a power of 2 "
                                   "(e.g. 64, 128, 256)")
        names = list(bounds)
    fixed = {**{k: sweep[k] for k in _SIM_OTHER if k in sweep}, **config.get("fixed", {})}
    both = sorted(set(names) & set(fixed))
    if both:
        raise SweepConfigError(f"{both} are both swept and [fixed]; keep each parameter in one place")
    check = getattr(model, "check", None)
    if check is not None:  # every level and bound, with the fixed values, before any work
        section = "grid" if kind == "grid" else "bounds"
        trials = [("fixed", k, v, {}) for k, v in fixed.items()]
        values = {k: config[section][k] + ([sum(config[section][k]) / 2] if section == "bounds" else [])
                  for k in names}  # bounds: both ends and a point inside (samples are real numbers)
        trials += [(section, k, v, {k: v}) for k in names for v in values[k]]
        for where, key, value, change in trials:
            try:
                check({**fixed, **change})
            except ValueError as err:
                raise SweepConfigError(f"[{where}] {key} = {value!r}: {err}") from None
    config["model"] = model
    return config


def run_config(path, out, *, seed=None, workers: int | None = None, scheduler: str | None = None,
               progress: bool = True) -> pd.DataFrame:
    """Run a sweep from a TOML configuration (checked first by :func:`load_config`).

    Parameters
    ----------
    path : path
        The configuration (format in ``docs/sweep.md``).
    out : path
        Output folder: ``out/results.parquet`` (one row per task), the saved tasks a rerun resumes
        from and, for a Sobol design, ``out/sobol_indices.parquet`` (indices of every numeric
        output over the replication means).
    seed : int, SeedSequence, Generator or None, optional
        The sweep's seed (design sample, tasks, Sobol bootstrap); by default the configuration's
        ``seed`` (0 when it has none).
    workers : int, optional
        Local worker processes (default all cores; 1 runs in this process).
    scheduler : str, optional
        Address of a running Dask scheduler, e.g. ``tcp://10.0.0.5:8786``.
    progress : bool
        A progress bar.

    Returns
    -------
    pandas.DataFrame
        The sweep's table (:func:`recovery.sweep.run_sweep`).

    References
    ----------
    ``recovery sweep CONFIG --out DIR`` runs it from the command line; ``examples/sweep.toml`` is
    a worked configuration.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> lines = ["[sweep]", "n_customers = 300", "periods = 2", "[grid]", '"strategy.apology" = [false, true]']
    >>> _ = (folder / "s.toml").write_text(chr(10).join(lines))
    >>> run_config(folder / "s.toml", folder / "out", workers=1, progress=False)["strategy.apology"].tolist()
    [False, True]
    """
    config = load_config(path)
    sweep = config.get("sweep", {})
    kind = sweep.get("design", "grid")
    seed = sweep.get("seed", 0) if seed is None else seed
    replications = sweep.get("replications", 1)
    if kind == "grid":
        design = grid(config["grid"])
    else:
        bounds = {k: tuple(v) for k, v in config["bounds"].items()}
        maker = latin_hypercube if kind == "latin_hypercube" else sobol_design
        design = maker(bounds, sweep["samples"], seed=seed)
    fixed = {**{k: sweep[k] for k in _SIM_OTHER if k in sweep}, **config.get("fixed", {})}
    client = None
    if scheduler:
        from dask.distributed import Client

        client = Client(scheduler)
    try:
        table = run_sweep(config["model"], design, replications=replications, seed=seed, out=out, client=client,
                          workers=workers, progress=progress, fixed=fixed, streams=sweep.get("streams", "task"))
    finally:
        if client is not None:
            client.close()
    if kind == "sobol":
        outputs = [c for c in table.columns if c not in (*_META, "error", *design.columns, *fixed)
                   and pd.api.types.is_numeric_dtype(table[c])]
        means = point_means(table, outputs)
        usable = [o for o in outputs if means[o].notna().all()]
        if len(usable) < len(outputs):
            warnings.warn(f"no Sobol indices for {sorted(set(outputs) - set(usable))}: some design points have no "
                          "successful replication (see the error column)", stacklevel=2)
        if usable:
            indices = pd.concat([sobol_indices(bounds, means[o].to_numpy(), seed=seed).assign(output=o)
                                 for o in usable], ignore_index=True)
            indices.to_parquet(Path(out) / "sobol_indices.parquet", index=False)
    return table
