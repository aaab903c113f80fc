"""Running a sweep: :func:`run_sweep` runs a model for every design row x replication, in this
process or on a Dask cluster, saving each finished task so an interrupted sweep resumes;
:func:`simulate_model` is the journey simulator as such a model. The details (streams,
resuming, failed tasks) are in ``docs/sweep.md``.

>>> table = run_sweep(simulate_model, pd.DataFrame({"strategy.response_days": [1.0, 7.0]}), replications=2,
...                   seed=1, workers=1, progress=False, fixed={"n_customers": 500, "periods": 4})
>>> len(table), bool(table["error"].isna().all())
(4, True)
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from recovery._seeding import children, restored_sequence, seed_sequence
from recovery._validation import ConfigError, ParameterError, run_size, whole

__all__ = ["run_sweep", "simulate_model", "check_simulate_params", "SweepResumeError"]

_META = ("task", "point", "replication")


class SweepResumeError(ConfigError):
    """The output folder holds a different sweep than the one asked for, or another sweep is
    writing to it now."""


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

    Parameters
    ----------
    params : dict
        Flat parameter names, as :func:`simulate_model` takes them.

    Examples
    --------
    >>> check_simulate_params({"strategy.compensation": 5.0})
    Traceback (most recent call last):
    ...
    recovery._validation.ParameterError: Strategy.compensation = 5.0 is outside the allowed range [0, 2] (share of the price)
    """
    _prepare(params)


def simulate_model(params: dict, *, seed) -> dict:
    """The journey simulator as a sweep model.

    Parameters
    ----------
    params : dict
        Flat parameter names: ``"strategy.<lever>"``, ``"<stage>.<field>"`` of
        :class:`recovery.params.Params`, ``n_customers`` (default 5,000), ``periods`` (26 weeks)
        and ``named_strategy`` (the strategy the levers start from).
    seed : int, SeedSequence, Generator or None
        The task's stream.

    Returns
    -------
    dict
        End-of-run outputs: ``retention`` (share still a customer), ``satisfaction`` (mean, active
        customers), ``complaints_per_1000``, ``net_wom_per_1000`` (positive minus negative
        tellings) and ``value_per_1000`` (:func:`recovery.economics.lifetime_value` of 1,000
        starting customers).

    References
    ----------
    The model: ``docs/model.md``; the parameter names: ``docs/sweep.md``.

    Examples
    --------
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


def _canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """Through Arrow and back: the frame as it will read back from Parquet, so a resumed sweep's
    table equals one computed in a single go."""
    return pa.Table.from_pandas(frame, preserve_index=False).to_pandas()


def _task(model, params: dict, seed_seq, task_id: int, point: int, replication: int) -> pd.DataFrame:
    head = {"task": task_id, "point": point, "replication": replication, **params}
    try:
        result = model(dict(params), seed=seed_seq)
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


def run_sweep(model, design: pd.DataFrame, *, replications: int = 1, seed=None, out=None, client=None,
              workers: int | None = None, progress: bool = True, fixed: dict | None = None,
              streams: str = "task") -> pd.DataFrame:
    """Run a model over every design row x replication and return a tidy table.

    Parameters
    ----------
    model : callable
        ``model(params: dict, *, seed: SeedSequence) -> dict | DataFrame``, picklable (``seed``
        is passed by name).
    design : pandas.DataFrame
        One row per design point, one column per parameter (:func:`recovery.sweep.grid`, ...).
    replications : int
        Monte Carlo runs per design point.
    seed : int, SeedSequence, Generator or None
        The sweep's seed; tasks get its children (:mod:`recovery._seeding`).
    out : path, optional
        Folder where each finished task is saved as it completes and from which an interrupted
        sweep resumes; the final table is also written to ``out/results.parquet``.
    client : dask.distributed.Client, optional
        Any cluster (``Client("tcp://host:8786")``); results come back to this process, so
        workers need no shared disk.
    workers : int, optional
        Without a client: 1 runs in this process, any other number starts a local Dask cluster
        with that many worker processes (default: all cores).
    progress : bool
        A tqdm bar (a widget in notebooks, text in terminals).
    fixed : dict, optional
        Parameters added to every design row.
    streams : {"task", "replication"}
        ``"task"``: every task its own child of the seed; ``"replication"``: every design point
        the same child in a replication (common random numbers: differences between points come
        from the parameters, not the noise, which sharpens comparisons and Sobol indices).

    Returns
    -------
    pandas.DataFrame
        ``task, point, replication``, the parameters, the outputs (a dict gives one row per task,
        a DataFrame its rows) and ``error`` (None, or the exception of a task that raised).

    References
    ----------
    Saltelli, A. et al. (2008). Global Sensitivity Analysis: The Primer. Wiley. The format of
    ``out`` and the resume rules: ``docs/sweep.md``.

    Examples
    --------
    >>> import pandas as pd
    >>> table = run_sweep(simulate_model, pd.DataFrame({"strategy.compensation": [0.0, 1.0]}), seed=1, workers=1,
    ...                   progress=False, fixed={"n_customers": 300, "periods": 2})
    >>> table["strategy.compensation"].tolist(), bool(table["error"].isna().all())
    ([0.0, 1.0], True)
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
    root = seed_sequence(seed)
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
        root = restored_sequence(used["seed_entropy"], used["seed_spawn_key"])
        folder = out / "tasks"
        for path in sorted(folder.glob("task_*.parquet")):
            done[int(path.stem.split("_")[1])] = pd.read_parquet(path)
    if streams == "task":
        seeds = children(root, len(tasks))
    else:  # a fresh SeedSequence per task, so a model that spawns from its seed cannot change another task's
        seeds = [children(root, 1, start=r)[0] for _, _, r, _ in tasks]
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
