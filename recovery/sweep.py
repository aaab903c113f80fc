"""Parameter and strategy sweeps with Monte Carlo replications, locally or on a Dask cluster.

A *model* is any picklable function ``model(params: dict, seed) -> dict | DataFrame`` (``seed``
is a ``numpy.random.SeedSequence``; pass it to ``np.random.default_rng``). :func:`run_sweep`
runs it for every design row x replication: one *task* each, numbered ``point x replications +
replication``. Task ``k`` draws its stream from ``SeedSequence(seed).spawn(n_tasks)[k]``, so the
numbers do not depend on how many workers run the tasks or in what order.

With ``out=`` every finished task is saved at once as its own Parquet file
(``out/tasks/task_0000042.parquet``, written to a temporary name and renamed, so a half-written
file is never taken for a finished task), next to ``out/sweep.json``, a fingerprint of the
sweep. Run the same sweep into the same folder again and it resumes: finished tasks are read
back, not recomputed; a different sweep is refused. A task that raises is recorded with its
parameters and the error (column ``error``; saved like any finished task, so delete its file to
retry it), and the rest go on; a task lost with its worker is recorded but not saved, so a
resumed sweep runs it again.

Designs: full factorial (:func:`grid`), Latin hypercube (:func:`latin_hypercube`), Saltelli's
design for Sobol indices (:func:`sobol_design`, then :func:`sobol_indices`, both SALib).
:func:`simulate_model` is the journey simulator as a model; :func:`run_config` runs a TOML
configuration (``recovery sweep``, format below).

>>> table = run_sweep(simulate_model, grid({"strategy.response_days": [1.0, 7.0]}), replications=2,
...                   seed=1, workers=1, progress=False, fixed={"n_customers": 500, "periods": 4})
>>> len(table), bool(table["error"].isna().all())
(4, True)

Configuration format (TOML; ``examples/sweep.toml`` is a worked example)::

    [sweep]                 # how to run
    model = "recovery.sweep:simulate_model"   # optional: any "module:function" model
    design = "grid"         # "grid" | "latin_hypercube" | "sobol"
    replications = 3        # Monte Carlo runs per design point (whole number >= 1)
    seed = 2026             # whole number >= 0; same seed, same numbers on any cluster
    samples = 64            # latin_hypercube: points; sobol: base samples N -> N x (2d + 2) points
    streams = "task"        # or "replication": common random numbers (see run_sweep)
    n_customers = 5000      # simulate_model only: population size (whole number >= 1)
    periods = 26            # simulate_model only: weeks simulated (whole number >= 1)
    named_strategy = "fast_local"  # simulate_model only: the strategy the levers start from

    [grid]                  # design = "grid": parameter = [level, level, ...]
    "strategy.response_days" = [1.0, 3.0, 7.0]

    [bounds]                # latin_hypercube / sobol: parameter = [low, high], low < high
    "strategy.compensation" = [0.0, 1.5]

    [fixed]                 # optional: parameters held at one value in every task
    "voice.p_reach_records" = 0.1

For :func:`simulate_model` a parameter is ``"strategy.<lever>"`` (a field of
:class:`recovery.params.Strategy`), ``"<stage>.<field>"`` of :class:`recovery.params.Params`,
``n_customers``, ``periods`` or ``named_strategy``; every level and bound is checked against
the parameter's allowed range before any work starts.
"""
from __future__ import annotations

import dataclasses
import hashlib
import importlib
import itertools
import json
import logging
import math
import os
import tomllib
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy import stats
from scipy.stats import qmc

from recovery._validation import ConfigError, InputError, ModelSpecError, ParameterError, run_size, whole

__all__ = ["grid", "latin_hypercube", "sobol_design", "sobol_indices", "simulate_model", "check_simulate_params",
           "run_sweep", "summarize", "point_means", "SweepConfigError", "SweepResumeError", "load_config",
           "run_config"]

_META = ("task", "point", "replication")


class SweepConfigError(ConfigError):
    """A sweep configuration that cannot run; the message names the key and what is allowed."""


class SweepResumeError(ConfigError):
    """The output folder holds a different sweep than the one asked for, or another sweep is
    writing to it now."""


# --- designs ---------------------------------------------------------------------------------

def grid(levels: dict) -> pd.DataFrame:
    """Full factorial design: every combination of the levels.

    >>> grid({"a": [1, 2], "b": ["x", "y"]}).shape
    (4, 2)
    """
    for key, values in levels.items():
        if not isinstance(values, (list, tuple)) or len(values) == 0:
            raise ConfigError(f"grid level {key!r} = {values!r}: give a non-empty list of levels")
    return pd.DataFrame(list(itertools.product(*levels.values())), columns=list(levels))


def _check_bounds(bounds: dict) -> None:
    if not bounds:
        raise ConfigError("bounds is empty: give name -> (low, high)")
    for key, pair in bounds.items():
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pair) and pair[0] < pair[1]):
            raise ConfigError(f"bounds {key!r} = {pair!r}: give [low, high] numbers with low < high")


def latin_hypercube(bounds: dict, samples: int, seed=None) -> pd.DataFrame:
    """Latin hypercube sample (scipy ``qmc``) of ``samples`` points within ``bounds``
    (name -> (low, high)): each parameter's range cut into ``samples`` strata, one point in each.

    >>> latin_hypercube({"a": (0, 1), "b": (10, 20)}, 5, seed=1).shape
    (5, 2)
    """
    _check_bounds(bounds)
    sampler = qmc.LatinHypercube(d=len(bounds), rng=np.random.default_rng(seed))
    lows, highs = zip(*bounds.values())
    return pd.DataFrame(qmc.scale(sampler.random(samples), lows, highs), columns=list(bounds))


def _problem(bounds: dict) -> dict:
    return {"num_vars": len(bounds), "names": list(bounds), "bounds": [list(b) for b in bounds.values()]}


def sobol_design(bounds: dict, base_samples: int, seed=None) -> pd.DataFrame:
    """Saltelli's design for Sobol indices (SALib ``sample.sobol``, second order):
    ``base_samples x (2d + 2)`` rows, ``base_samples`` a power of 2.

    >>> sobol_design({"a": (0, 1), "b": (0, 1)}, 8, seed=1).shape
    (48, 2)
    """
    from SALib.sample import sobol

    _check_bounds(bounds)
    if base_samples < 2 or base_samples & (base_samples - 1):
        raise ConfigError(f"base_samples = {base_samples}: give a power of 2 (e.g. 64, 128, 256)")
    return pd.DataFrame(sobol.sample(_problem(bounds), base_samples, calc_second_order=True, seed=seed),
                        columns=list(bounds))


def sobol_indices(bounds: dict, outputs, seed=None, level: float = 0.95) -> pd.DataFrame:
    """First-order (S1) and total (ST) Sobol indices with bootstrap confidence half-widths
    (SALib ``analyze.sobol``) for one output, given per row of :func:`sobol_design` in its
    order (e.g. the replication means from :func:`point_means`).

    >>> b = {"a": (0.0, 1.0), "b": (0.0, 1.0)}
    >>> d = sobol_design(b, 64, seed=1)
    >>> idx = sobol_indices(b, 3 * d["a"] + 0.1 * d["b"], seed=1)
    >>> idx.loc[0, "parameter"], bool(idx.loc[0, "ST"] > idx.loc[1, "ST"])
    ('a', True)
    """
    from SALib.analyze import sobol

    y = np.asarray(outputs, float)
    if np.isnan(y).any():
        raise ModelSpecError(f"outputs has {int(np.isnan(y).sum())} missing values (failed tasks?): Sobol indices "
                         "need one value per design row")
    res = sobol.analyze(_problem(bounds), y, calc_second_order=True, conf_level=level, seed=seed)
    return pd.DataFrame({"parameter": list(bounds), "S1": res["S1"], "S1_conf": res["S1_conf"],
                         "ST": res["ST"], "ST_conf": res["ST_conf"]})


# --- the journey simulator as a model ---------------------------------------------------------

_SIM_OTHER = ("n_customers", "periods", "named_strategy")


def _prepare(params: dict):
    """Flat parameter names -> (Params, Strategy, n_customers, periods); ValueError naming the key."""
    from recovery.params import Params, Strategy, named_strategies

    stages = [f.name for f in dataclasses.fields(Params) if f.name != "difficult"]
    changes, levers = {}, {}
    n_customers, periods, base = 5_000, 26, Strategy()
    fields = {f.name: f for f in dataclasses.fields(Strategy)}
    for key, value in params.items():
        head, _, tail = key.partition(".")
        if head == "strategy":
            if tail not in fields:
                raise ConfigError(f"parameter {key!r}: Strategy has no field {tail!r}; fields: {sorted(fields)}")
            levers[tail] = value
        elif head in stages and tail:
            changes[key] = value.item() if isinstance(value, np.generic) else value
        elif key in ("n_customers", "periods"):
            value = whole(f"parameter {key!r}", value, low=1)
            n_customers, periods = (value, periods) if key == "n_customers" else (n_customers, value)
        elif key == "named_strategy":
            named = named_strategies()
            if value not in named:
                raise ConfigError(f"parameter 'named_strategy' = {value!r}; allowed: {sorted(named)}")
            base = named[value]
        else:
            raise ConfigError(f"parameter {key!r} is unknown: use 'strategy.<lever>', '<stage>.<field>' "
                             f"(stages {', '.join(stages)}), {', '.join(_SIM_OTHER)}")
    for name, value in list(levers.items()):
        if isinstance(getattr(base, name), bool):  # an on/off lever takes True/False (or 0/1), nothing else
            if not (isinstance(value, (bool, np.bool_)) or isinstance(value, (int, np.integer)) and value in (0, 1)):
                raise ConfigError(f"parameter 'strategy.{name}' = {value!r}: an on/off lever takes true or false; "
                                 "sweep it in a [grid], not within [bounds]")
            levers[name] = bool(value)
        elif isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_)):
            levers[name] = float(value)
    try:
        strategy = dataclasses.replace(base, **levers)
        model = Params().with_(**changes)
    except TypeError as err:  # a value of the wrong kind reached a validator
        raise ConfigError(f"parameters {sorted(params)}: {err}") from None
    run_size(n_customers, periods)  # a size that cannot finish is refused before any work
    return model, strategy, n_customers, periods


def check_simulate_params(params: dict) -> None:
    """Raise ``ValueError`` naming the parameter if :func:`simulate_model` cannot run ``params``.

    >>> check_simulate_params({"strategy.compensation": 5.0})
    Traceback (most recent call last):
    ...
    recovery._validation.ParameterError: Strategy.compensation = 5.0 is outside the allowed range [0, 2] (share of the price)
    """
    _prepare(params)


def simulate_model(params: dict, seed) -> dict:
    """The journey simulator as a sweep model: flat parameter names (``"strategy.compensation"``,
    ``"voice.p_reach_records"``, ``n_customers`` (default 5,000), ``periods`` (26 weeks),
    ``named_strategy``) -> end-of-run outputs: ``retention`` (share still a customer),
    ``satisfaction`` (mean, active customers), ``complaints_per_1000``, ``net_wom_per_1000``
    (positive minus negative tellings) and ``value_per_1000`` (lifetime value,
    :func:`recovery.economics.lifetime_value`, of 1,000 starting customers).

    >>> out = simulate_model({"strategy.response_days": 1.0, "n_customers": 500, "periods": 4}, seed=1)
    >>> sorted(out)[:2]
    ['complaints_per_1000', 'net_wom_per_1000']
    """
    from recovery.economics import lifetime_value
    from recovery.population import simulate

    model, strategy, n_customers, periods = _prepare(params)
    run = simulate(model, strategy, n_customers=n_customers, periods=periods, seed=seed)
    s = run.summary()["value"]
    return {"retention": s["active_share"], "satisfaction": s["mean_satisfaction"],
            "complaints_per_1000": 1000 * s["complaints_voiced"] / n_customers,
            "net_wom_per_1000": 1000 * (s["wom_positive_tellings"] - s["wom_negative_tellings"]) / n_customers,
            "value_per_1000": 1000 * lifetime_value(run)}


simulate_model.check = check_simulate_params  # load_config checks every level with it before any work


# --- running ------------------------------------------------------------------------------------

def _canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """Through Arrow and back: the frame as it will read back from Parquet, so a resumed sweep's
    table equals one computed in a single go."""
    return pa.Table.from_pandas(frame, preserve_index=False).to_pandas()


def _task(model, params: dict, seed_seq, task_id: int, point: int, replication: int) -> pd.DataFrame:
    head = {"task": task_id, "point": point, "replication": replication, **params}
    try:
        result = model(dict(params), seed_seq)
        if isinstance(result, pd.Series):
            result = result.to_dict()
        if isinstance(result, dict):
            frame = pd.DataFrame([{**head, **result}])
        elif isinstance(result, pd.DataFrame):
            clash = sorted(set(result.columns) & (set(head) | {"error"}))
            if clash:
                raise ConfigError(f"the model's output has columns {clash} that name the task or its parameters; "
                                 "rename them")
            frame = pd.concat([pd.DataFrame([head] * len(result)), result.reset_index(drop=True)], axis=1)
        else:
            raise TypeError(f"the model returned {type(result).__name__}; return a dict or a DataFrame of outputs")
        _check_finite(frame.drop(columns=list(head)))
        frame["error"] = None
    except Exception as err:  # a failing task is recorded with its parameters and the sweep goes on
        frame = pd.DataFrame([{**head, "error": f"{type(err).__name__}: {err}"}])
    return _canonical(frame)


def _check_finite(outputs: pd.DataFrame) -> None:
    """A NaN or infinite output is a failed task (with this reason), not a result."""
    numeric = outputs.select_dtypes("number")
    bad = ~np.isfinite(numeric.to_numpy(float))
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise ParameterError(f"output {numeric.columns[col]!r} is {numeric.iat[row, col]}, not a finite number; "
                         "the parameters may lie where the model breaks down")


def _save(frame: pd.DataFrame, folder: Path, task_id: int) -> None:
    path = folder / f"task_{task_id:07d}.parquet"
    tmp = folder / f".task_{task_id:07d}.{os.getpid()}.partial"  # this process's own temporary name
    frame.to_parquet(tmp, index=False)
    tmp.replace(path)  # atomic rename: a file under the final name is always complete


def _fingerprint(model, tasks, root: np.random.SeedSequence, replications, streams) -> dict:
    design = json.dumps([p for _, _, _, p in tasks[::replications]], sort_keys=True, default=repr)
    return {"format": 1, "model": f"{getattr(model, '__module__', '?')}:{getattr(model, '__qualname__', repr(model))}",
            "seed_entropy": root.entropy if isinstance(root.entropy, int) else [int(e) for e in root.entropy],
            "seed_spawn_key": list(root.spawn_key),
            "replications": replications, "points": len(tasks) // replications, "streams": streams,
            "design_sha256": hashlib.sha256(design.encode()).hexdigest()}


_LOCK = ".sweep.lock"


def _lock(out: Path):
    """Hold ``out/.sweep.lock`` (an advisory lock, released when this process ends, even by
    SIGKILL) so that two sweeps never write into one folder; returns the open lock file."""
    import fcntl

    out.mkdir(parents=True, exist_ok=True)
    handle = open(out / _LOCK, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise SweepResumeError(f"another sweep is writing to {out} now; wait for it to finish (it resumes from "
                               "there) or give another output folder") from None
    for stale in (out / "tasks").glob(".task_*.partial"):  # left by a killed run; under the lock, no one writes
        stale.unlink()
    return handle


def _open_out(out: Path, fingerprint: dict, seed) -> dict:
    """Create the output folder or check that it holds this sweep; returns the fingerprint in force."""
    manifest = out / "sweep.json"
    if manifest.exists():
        stored = json.loads(manifest.read_text())
        if seed is None:  # no seed given: resume with the stored one
            fingerprint = {**fingerprint, "seed_entropy": stored.get("seed_entropy"),
                           "seed_spawn_key": stored.get("seed_spawn_key")}
        differ = [k for k in fingerprint if stored.get(k) != fingerprint[k]]
        if differ:
            raise SweepResumeError(f"{out} holds a different sweep (differs in {', '.join(differ)}); give a new "
                                   "output folder, or delete this one to start again")
        return fingerprint
    if any(p.name != _LOCK for p in out.iterdir()):
        raise SweepResumeError(f"{out} is not empty and holds no sweep.json; give a new or empty output folder")
    (out / "tasks").mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps(fingerprint, indent=1))
    return fingerprint


def run_sweep(model, design: pd.DataFrame, replications: int = 1, seed=None, out=None, client=None,
              workers: int | None = None, progress: bool = True, fixed: dict | None = None,
              streams: str = "task") -> pd.DataFrame:
    """Run ``model(params_dict, seed_sequence) -> dict | DataFrame`` over every design row x
    replication and return a tidy table: ``task``, ``point`` (design row), ``replication``, the
    parameters, the outputs (a dict gives one row per task, a DataFrame its rows) and ``error``
    (None, or the exception of a task that raised).

    Where it runs: ``client``, a ``dask.distributed.Client`` (any cluster:
    ``Client("tcp://host:8786")``; results come back to this process, so workers need no shared
    disk); otherwise ``workers=1`` runs in this process and any other number starts a local
    Dask cluster with that many worker processes (default ``None``: all cores).
    ``out``: folder where each finished task is saved as it completes and from which an
    interrupted sweep resumes; the final table is also written to ``out/results.parquet``.
    ``fixed``: parameters added to every design row. ``progress``: a tqdm bar (a widget in
    notebooks, text in terminals). ``streams``: ``"task"`` (default) gives every task its own
    stream, ``SeedSequence(seed).spawn(n_tasks)[task]``; ``"replication"`` gives every design
    point the same stream in a replication, ``spawn(replications)[replication]`` (common random
    numbers: differences between points then come from the parameters, not from the noise,
    which sharpens comparisons and Sobol indices of a noisy model).
    """
    if not isinstance(design, pd.DataFrame) or design.empty:
        raise ConfigError("design must be a non-empty DataFrame, one row per parameter set (see grid(), "
                         "latin_hypercube(), sobol_design())")
    reserved = sorted(set(map(str, design.columns)) & {*_META, "error"} | set(fixed or {}) & {*_META, "error"})
    if reserved:
        raise ConfigError(f"parameter names {reserved} are reserved for the result table; rename them")
    replications = whole("replications", replications, low=1)
    if streams not in ("task", "replication"):
        raise ConfigError(f"streams = {streams!r}; allowed: 'task', 'replication'")
    if client is not None and workers is not None:
        raise ConfigError("give either client= (a running cluster) or workers= (a local one), not both")
    if workers is not None:
        workers = whole("workers", workers, low=1)
    rows = [{k: (v.item() if isinstance(v, np.generic) else v) for k, v in row.items()}
            for row in design.to_dict("records")]
    tasks = [(i * replications + r, i, r, {**(fixed or {}), **row}) for i, row in enumerate(rows)
             for r in range(replications)]
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    root = np.random.SeedSequence(root.entropy, spawn_key=root.spawn_key)  # a fresh copy: children 0, 1, ...
    lock = None
    if out is not None:
        out = Path(out)
        lock = _lock(out)
    try:
        return _run(model, tasks, root, replications, streams, seed, out, client, workers, progress)
    finally:
        if lock is not None:
            lock.close()


def _run(model, tasks, root, replications, streams, seed, out, client, workers, progress) -> pd.DataFrame:
    """run_sweep's work once its arguments are checked (and the output folder locked)."""
    done: dict[int, pd.DataFrame] = {}
    folder = None
    if out is not None:
        used = _open_out(out, _fingerprint(model, tasks, root, replications, streams), seed)
        root = np.random.SeedSequence(used["seed_entropy"], spawn_key=tuple(used["seed_spawn_key"]))
        folder = out / "tasks"
        for path in sorted(folder.glob("task_*.parquet")):
            done[int(path.stem.split("_")[1])] = pd.read_parquet(path)
    if streams == "task":
        seeds = root.spawn(len(tasks))
    else:  # a fresh copy per task, so a model that spawns from its seed cannot change another task's
        children = root.spawn(replications)
        seeds = [np.random.SeedSequence(root.entropy, spawn_key=children[r].spawn_key) for _, _, r, _ in tasks]
    todo = [t for t in tasks if t[0] not in done]

    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(tasks), initial=len(tasks) - len(todo), desc="sweep", unit="task")

    def finish(task_id: int, frame: pd.DataFrame, save: bool = True) -> None:
        if folder is not None and save:
            _save(frame, folder, task_id)
        done[task_id] = frame
        if bar is not None:
            bar.update()

    try:
        if client is None and workers == 1:
            for task_id, point, rep, params in todo:
                finish(task_id, _task(model, params, seeds[task_id], task_id, point, rep))
        elif todo:
            _run_dask(model, todo, seeds, client, workers, finish)
    finally:
        if bar is not None:
            bar.close()
    table = _assemble([done[k] for k in sorted(done)])
    if out is not None:
        table.to_parquet(out / "results.parquet", index=False)
    return table


def _run_dask(model, todo, seeds, client, workers, finish) -> None:
    from dask.distributed import Client, LocalCluster, as_completed

    own = None
    if client is None:
        own = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=logging.CRITICAL)  # our own cluster: no shutdown chatter
        client = Client(own)
    futures, info = [], {}
    try:
        for task_id, point, rep, params in todo:
            future = client.submit(_task, model, params, seeds[task_id], task_id, point, rep, pure=False)
            futures.append(future)
            info[future.key] = (task_id, point, rep, params)
        for future in as_completed(futures):
            task_id, point, rep, params = info[future.key]
            try:
                frame = future.result()
            except Exception as err:  # the worker died or the task was lost: record it, go on, and
                frame = _canonical(pd.DataFrame([{"task": task_id, "point": point, "replication": rep, **params,
                                                  "error": f"{type(err).__name__}: {err}"}]))
                finish(task_id, frame, save=False)  # do not save it, so a resumed sweep tries it again
                continue
            finish(task_id, frame)
            future.release()
    finally:
        pending = [f for f in futures if not f.done()]
        if pending:
            client.cancel(pending)
        if own is not None:
            client.close()
            own.close()


def _assemble(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Tasks in order; columns: task, point, replication, parameters, outputs, error."""
    if not frames:
        return pd.DataFrame(columns=[*_META, "error"])
    table = pd.concat(frames, ignore_index=True)
    table["error"] = table["error"].astype(object).where(table["error"].notna(), None)
    rest = [c for c in table.columns if c not in (*_META, "error")]
    return table[[*_META, *rest, "error"]]


def point_means(table: pd.DataFrame, outputs) -> pd.DataFrame:
    """Mean of each output over the replications of every design point (index ``point``),
    failed tasks left out; a point with no successful replication gets NaN.

    >>> t = pd.DataFrame({"task": [0, 1], "point": [0, 0], "replication": [0, 1], "y": [1.0, 3.0],
    ...                   "error": [None, None]})
    >>> float(point_means(t, ["y"]).loc[0, "y"])
    2.0
    """
    outputs = [outputs] if isinstance(outputs, str) else list(outputs)
    ok = table[table["error"].isna()]
    points = pd.Index(sorted(table["point"].unique()), name="point")
    return ok.groupby("point")[outputs].mean().reindex(points)


def summarize(table: pd.DataFrame, by, outputs, level: float = 0.95) -> pd.DataFrame:
    """Mean and t-interval (``level``) over the replications of each output, per group of
    ``by`` (design columns); failed tasks are left out and counted in ``failed``.

    >>> t = pd.DataFrame({"a": [1, 1, 1], "y": [1.0, 2.0, 3.0], "error": [None, None, None]})
    >>> summarize(t, "a", ["y"])[["mean", "n"]].values.tolist()
    [[2.0, 3.0]]
    """
    by = [by] if isinstance(by, str) else list(by)
    outputs = [outputs] if isinstance(outputs, str) else list(outputs)
    missing = [c for c in [*by, *outputs] if c not in table.columns]
    if missing:
        raise KeyError(f"columns {missing} are not in the sweep table; columns: {list(table.columns)}")
    failed = table["error"].notna() if "error" in table else pd.Series(False, index=table.index)
    rows = []
    for keys, part in table.groupby(by, sort=False):
        good = part[~failed.loc[part.index]]
        for out in outputs:
            x = good[out].astype(float).dropna()
            n = len(x)
            half = stats.t.ppf(0.5 + level / 2, n - 1) * x.std(ddof=1) / math.sqrt(n) if n > 1 else np.nan
            rows.append((*keys, out, x.mean() if n else np.nan, x.mean() - half if n else np.nan,
                         x.mean() + half if n else np.nan, n, int(failed.loc[part.index].sum())))
    return pd.DataFrame(rows, columns=[*by, "output", "mean", "ci_low", "ci_high", "n", "failed"])


# --- configuration files -----------------------------------------------------------------------

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
    """Read and check a sweep configuration (TOML; format in this module's docstring and
    ``examples/sweep.toml``) before any work. Returns the parsed configuration with
    ``config["model"]`` set to the model function; raises :class:`SweepConfigError` naming the
    key and what is allowed.
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


def run_config(path, out, workers: int | None = None, scheduler: str | None = None, progress: bool = True):
    """Run a sweep from a TOML configuration (see :func:`load_config`): writes
    ``out/results.parquet`` (one row per task) and, for a Sobol design, ``out/sobol_indices.parquet``
    (indices of every numeric output over the replication means). ``scheduler``: address of a
    running Dask scheduler; ``workers``: local worker processes (default all cores)."""
    config = load_config(path)
    sweep = config.get("sweep", {})
    kind = sweep.get("design", "grid")
    seed = sweep.get("seed", 0)
    replications = sweep.get("replications", 1)
    if kind == "grid":
        design = grid(config["grid"])
    else:
        bounds = {k: tuple(v) for k, v in config["bounds"].items()}
        maker = latin_hypercube if kind == "latin_hypercube" else sobol_design
        design = maker(bounds, sweep["samples"], seed)
    fixed = {**{k: sweep[k] for k in _SIM_OTHER if k in sweep}, **config.get("fixed", {})}
    client = None
    if scheduler:
        from dask.distributed import Client

        client = Client(scheduler)
    try:
        table = run_sweep(config["model"], design, replications, seed, out, client, workers, progress, fixed,
                          sweep.get("streams", "task"))
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
            indices = pd.concat([sobol_indices(bounds, means[o].to_numpy(), seed).assign(output=o) for o in usable],
                                ignore_index=True)
            indices.to_parquet(Path(out) / "sobol_indices.parquet", index=False)
    return table
