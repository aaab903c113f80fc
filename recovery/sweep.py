"""Parameter and strategy sweeps with Monte Carlo replications, locally or on a Dask cluster.

Each task (one design row x one replication) draws its random stream from
``SeedSequence(seed).spawn(n_tasks)[task]``, so the numbers do not depend on how many
workers run them or in what order. With ``out=`` every finished task is saved at once as its
own Parquet file, so an interrupted sweep resumes where it stopped (finished tasks are read
back, not recomputed); a task that raises is recorded with its parameters and the error, and
the rest go on. Designs: full factorial (:func:`grid`), Latin hypercube
(:func:`latin_hypercube`), Saltelli / Sobol (:func:`sobol_design`, then :func:`sobol_indices`
with SALib).

>>> table = run_sweep(simulate_model, grid({"strategy.response_days": [1.0, 7.0]}), replications=2,
...                   seed=1, workers=1, progress=False, fixed={"n_customers": 500, "periods": 4})
>>> len(table), bool(table["error"].isna().all())
(4, True)
"""
from __future__ import annotations

import dataclasses
import itertools
import logging
import tomllib
import traceback
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats
from scipy.stats import qmc

__all__ = ["grid", "latin_hypercube", "sobol_design", "sobol_indices", "simulate_model", "run_sweep",
           "summarize", "SweepConfigError", "load_config", "run_config"]


class SweepConfigError(ValueError):
    """A sweep configuration that cannot run; the message names the key and what is allowed."""


def grid(levels: dict) -> pd.DataFrame:
    """Full factorial design: every combination of the levels.

    >>> grid({"a": [1, 2], "b": ["x", "y"]}).shape
    (4, 2)
    """
    return pd.DataFrame(list(itertools.product(*levels.values())), columns=list(levels))


def latin_hypercube(bounds: dict, samples: int, seed=None) -> pd.DataFrame:
    """Latin hypercube sample (scipy ``qmc``) within ``bounds`` (name -> (low, high))."""
    sampler = qmc.LatinHypercube(d=len(bounds), seed=np.random.default_rng(seed))
    lows, highs = zip(*bounds.values())
    return pd.DataFrame(qmc.scale(sampler.random(samples), lows, highs), columns=list(bounds))


def _problem(bounds: dict) -> dict:
    return {"num_vars": len(bounds), "names": list(bounds), "bounds": [list(b) for b in bounds.values()]}


def sobol_design(bounds: dict, base_samples: int, seed=None) -> pd.DataFrame:
    """Saltelli's design for Sobol indices (SALib ``sample.sobol``): base_samples x (2d + 2) rows."""
    from SALib.sample import sobol

    return pd.DataFrame(sobol.sample(_problem(bounds), base_samples, calc_second_order=True, seed=seed),
                        columns=list(bounds))


def sobol_indices(bounds: dict, outputs, seed=None) -> pd.DataFrame:
    """First-order and total Sobol indices with confidence intervals (SALib ``analyze.sobol``)
    for one output, given in the row order of :func:`sobol_design`."""
    from SALib.analyze import sobol

    res = sobol.analyze(_problem(bounds), np.asarray(outputs, float), calc_second_order=True, seed=seed)
    return pd.DataFrame({"parameter": list(bounds), "S1": res["S1"], "S1_conf": res["S1_conf"],
                         "ST": res["ST"], "ST_conf": res["ST_conf"]})


def _split(params: dict):
    """Flat names -> (Params changes, Strategy fields, other arguments)."""
    from recovery.params import Params, Strategy

    stages = {f.name for f in dataclasses.fields(Params)}
    levers = {f.name for f in dataclasses.fields(Strategy)}
    changes, strategy, other = {}, {}, {}
    for key, value in params.items():
        head, _, tail = key.partition(".")
        if head == "strategy":
            if tail not in levers:
                raise SweepConfigError(f"parameter {key!r}: Strategy has no field {tail!r}; fields: {sorted(levers)}")
            strategy[tail] = value
        elif head in stages and tail:
            changes[key] = value
        elif key in ("n_customers", "periods", "named_strategy"):
            other[key] = value
        else:
            raise SweepConfigError(f"parameter {key!r} is unknown: use 'strategy.<lever>', '<stage>.<field>' "
                                   f"(stages {sorted(stages - {'difficult'})}), n_customers or periods")
    return changes, strategy, other


def simulate_model(params: dict, seed) -> dict:
    """The journey simulator as a sweep model: flat parameter names ("strategy.compensation",
    "voice.p_reach_records", "n_customers", "periods", "named_strategy") -> end-of-run outputs."""
    from recovery.economics import lifetime_value
    from recovery.params import Params, Strategy, named_strategies
    from recovery.simulate import simulate

    changes, levers, other = _split(params)
    base = named_strategies()[other["named_strategy"]] if "named_strategy" in other else Strategy()
    strategy = dataclasses.replace(base, **{k: (bool(v) if isinstance(getattr(base, k), bool) else float(v))
                                            for k, v in levers.items()})
    run = simulate(Params().with_(**changes), strategy, n_customers=int(other.get("n_customers", 5_000)),
                   periods=int(other.get("periods", 26)), seed=seed)
    s = run.summary()["value"]
    n = len(run.customers)
    return {"retention": s["active_share"], "satisfaction": s["mean_satisfaction"],
            "complaints_per_1000": 1000 * s["complaints_voiced"] / n,
            "net_wom_per_1000": 1000 * (s["wom_positive_tellings"] - s["wom_negative_tellings"]) / n,
            "value_per_1000": 1000 * lifetime_value(run)}


def _task(model, params: dict, seed_seq, task_id: int, replication: int, out: str | None) -> pd.DataFrame:
    row = {"task": task_id, "replication": replication, **params}
    try:
        result = model(params, seed_seq)
        row.update(result)
        row["error"] = None
    except Exception as err:  # a failing task is recorded and the sweep goes on
        row["error"] = f"{type(err).__name__}: {err} | " + traceback.format_exc(limit=2).splitlines()[-1]
    frame = pd.DataFrame([row])
    if out is not None:
        path = Path(out) / "tasks" / f"task_{task_id:07d}.parquet"
        tmp = path.with_suffix(".tmp")
        frame.to_parquet(tmp)
        tmp.replace(path)  # atomic: a half-written file is never taken for a finished task
    return frame


def run_sweep(model, design: pd.DataFrame, replications: int = 1, seed=None, out=None, client=None,
              workers: int | None = None, progress: bool = True, fixed: dict | None = None) -> pd.DataFrame:
    """Run ``model(params_dict, seed_sequence) -> dict`` over every design row x replication.

    ``client``: a ``dask.distributed.Client`` (any cluster: ``Client("tcp://host:8786")``).
    Without one: ``workers=1`` runs in this process; otherwise a local Dask cluster with
    ``workers`` processes (default: all cores). ``out``: folder where each finished task is
    saved and from which an interrupted sweep resumes; the final table is also written to
    ``out/results.parquet``. ``fixed``: parameters added to every row.
    """
    if replications < 1:
        raise ValueError(f"replications = {replications}: run at least one")
    rows = design.to_dict("records")
    tasks = [(i * replications + r, {**(fixed or {}), **row}, r) for i, row in enumerate(rows)
             for r in range(replications)]
    seeds = np.random.SeedSequence(seed).spawn(len(tasks))
    done: dict[int, pd.DataFrame] = {}
    if out is not None:
        (Path(out) / "tasks").mkdir(parents=True, exist_ok=True)
        for path in (Path(out) / "tasks").glob("task_*.parquet"):
            done[int(path.stem.split("_")[1])] = pd.read_parquet(path)
    todo = [t for t in tasks if t[0] not in done]
    if progress:
        from tqdm.auto import tqdm  # a widget in notebooks, a text bar in terminals

        bar = tqdm(total=len(tasks), initial=len(tasks) - len(todo), desc="sweep")
    else:
        bar = None
    out_str = None if out is None else str(out)
    if client is None and workers == 1:
        for task_id, params, rep in todo:
            done[task_id] = _task(model, params, seeds[task_id], task_id, rep, out_str)
            if bar is not None:
                bar.update()
    else:
        from dask.distributed import Client, LocalCluster, as_completed

        own = None
        if client is None:
            own = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.CRITICAL)  # our own cluster: no shutdown chatter
            client = Client(own)
        try:
            futures = [client.submit(_task, model, params, seeds[task_id], task_id, rep, out_str, pure=False)
                       for task_id, params, rep in todo]
            for future in as_completed(futures):
                frame = future.result()
                done[int(frame["task"].iloc[0])] = frame
                if bar is not None:
                    bar.update()
        finally:
            if own is not None:
                client.close()
                own.close()
    if bar is not None:
        bar.close()
    table = pd.concat([done[k] for k in sorted(done)], ignore_index=True) if done else pd.DataFrame()
    if out is not None:
        table.to_parquet(Path(out) / "results.parquet")
    return table


def summarize(table: pd.DataFrame, by, outputs, level: float = 0.95) -> pd.DataFrame:
    """Mean and t-interval over replications of each output, per design point (``by``)."""
    ok = table[table["error"].isna()] if "error" in table else table
    rows = []
    for keys, part in ok.groupby(by, sort=False):
        keys = keys if isinstance(keys, tuple) else (keys,)
        for out in outputs:
            x = part[out].astype(float)
            half = stats.t.ppf(0.5 + level / 2, len(x) - 1) * x.std(ddof=1) / np.sqrt(len(x)) if len(x) > 1 else np.nan
            rows.append((*keys, out, x.mean(), x.mean() - half, x.mean() + half, len(x)))
    by = [by] if isinstance(by, str) else list(by)
    return pd.DataFrame(rows, columns=[*by, "output", "mean", "ci_low", "ci_high", "n"])


_CONFIG_KEYS = {"sweep": {"design", "replications", "seed", "n_customers", "periods", "samples", "named_strategy"},
                "grid": None, "bounds": None}


def load_config(path) -> dict:
    """Read and check a sweep configuration (TOML, see ``examples/sweep.toml``) before any work."""
    path = Path(path)
    if not path.exists():
        raise SweepConfigError(f"{path}: no such file")
    try:
        config = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as err:
        raise SweepConfigError(f"{path}: not valid TOML ({err})") from None
    for section in config:
        if section not in _CONFIG_KEYS:
            raise SweepConfigError(f"section [{section}] is unknown; allowed: {sorted(_CONFIG_KEYS)}")
    sweep = config.get("sweep", {})
    for key in sweep:
        if key not in _CONFIG_KEYS["sweep"]:
            raise SweepConfigError(f"[sweep] {key} is unknown; allowed: {sorted(_CONFIG_KEYS['sweep'])}")
    kind = sweep.get("design", "grid")
    if kind not in ("grid", "latin_hypercube", "sobol"):
        raise SweepConfigError(f"[sweep] design = {kind!r}; allowed: 'grid', 'latin_hypercube', 'sobol'")
    for key, kind_ in (("replications", int), ("seed", int), ("n_customers", int), ("periods", int), ("samples", int)):
        if key in sweep and (not isinstance(sweep[key], kind_) or sweep[key] < (0 if key == "seed" else 1)):
            raise SweepConfigError(f"[sweep] {key} = {sweep[key]!r}: give a positive whole number")
    if kind == "grid":
        levels = config.get("grid")
        if not levels:
            raise SweepConfigError("design = 'grid' needs a [grid] section: parameter = [level, level, ...]")
        for key, values in levels.items():
            if not isinstance(values, list) or not values:
                raise SweepConfigError(f"[grid] {key} must be a non-empty list of levels")
        names = list(levels)
    else:
        bounds = config.get("bounds")
        if not bounds:
            raise SweepConfigError(f"design = {kind!r} needs a [bounds] section: parameter = [low, high]")
        for key, pair in bounds.items():
            if not (isinstance(pair, list) and len(pair) == 2 and pair[0] < pair[1]):
                raise SweepConfigError(f"[bounds] {key} must be [low, high] with low < high")
        if "samples" not in sweep:
            raise SweepConfigError(f"design = {kind!r} needs [sweep] samples = <number>")
        names = list(bounds)
    _split(dict.fromkeys(names, 0.0))  # unknown parameter names fail here, before any work
    if "named_strategy" in sweep:
        from recovery.params import named_strategies
        if sweep["named_strategy"] not in named_strategies():
            raise SweepConfigError(f"[sweep] named_strategy = {sweep['named_strategy']!r}; allowed: "
                                   f"{sorted(named_strategies())}")
    return config


def run_config(path, out, workers: int | None = None, scheduler: str | None = None, progress: bool = True):
    """Run a sweep from a TOML configuration; writes ``out/results.parquet`` (and, for a Sobol
    design, ``out/sobol_indices.parquet``)."""
    config = load_config(path)
    sweep = config.get("sweep", {})
    kind = sweep.get("design", "grid")
    seed = sweep.get("seed", 0)
    if kind == "grid":
        design = grid(config["grid"])
    elif kind == "latin_hypercube":
        design = latin_hypercube({k: tuple(v) for k, v in config["bounds"].items()}, sweep["samples"], seed)
    else:
        design = sobol_design({k: tuple(v) for k, v in config["bounds"].items()}, sweep["samples"], seed)
    fixed = {k: sweep[k] for k in ("n_customers", "periods", "named_strategy") if k in sweep}
    client = None
    if scheduler:
        from dask.distributed import Client
        client = Client(scheduler)
    try:
        table = run_sweep(simulate_model, design, sweep.get("replications", 1), seed, out, client, workers, progress, fixed)
    finally:
        if client is not None:
            client.close()
    if kind == "sobol":
        ok = table[table["error"].isna()]
        means = ok.groupby(ok["task"] // sweep.get("replications", 1)).mean(numeric_only=True)  # per design row
        indices = pd.concat([sobol_indices(config["bounds"], means[o].to_numpy(), seed).assign(output=o)
                             for o in ("retention", "value_per_1000")])
        indices.to_parquet(Path(out) / "sobol_indices.parquet")
    return table
