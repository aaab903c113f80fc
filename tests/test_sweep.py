"""Sweeps: identical on 1 or 2 workers, resumable after a kill, failing tasks recorded, configs checked."""
import json
import re
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from recovery import sweep
from recovery.cli import main

CALLS: list = []        # the toy model logs every call here (in-process runs only)
INTERRUPT_AT = None     # the toy model stops the sweep (like Ctrl-C) when it meets this value of "a"


def toy(params, seed):
    """A small model of our own: y = 2a + noise, one row per task; fails for a < 0."""
    CALLS.append(params["a"])
    if params["a"] == INTERRUPT_AT:
        raise KeyboardInterrupt
    if params["a"] < 0:
        raise ValueError(f"a = {params['a']} must not be negative")
    rng = np.random.default_rng(seed)
    return {"y": 2 * params["a"] + rng.normal(), "u": rng.random()}


def toy_frame(params, seed):
    """The same as a DataFrame of outputs: three rows per task."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"step": [1, 2, 3], "y": params["a"] + rng.normal(size=3)})


DESIGN = sweep.grid({"a": [0.0, 1.0, 2.0], "b": ["x", "y"]})


def test_same_results_on_one_worker_and_two_worker_dask_clusters():
    from dask.distributed import Client, LocalCluster

    one = sweep.run_sweep(toy, DESIGN, replications=2, seed=7, workers=1, progress=False)
    frames_one = sweep.run_sweep(toy_frame, DESIGN, replications=2, seed=7, workers=1, progress=False)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        two = sweep.run_sweep(toy, DESIGN, replications=2, seed=7, client=client, progress=False)
        frames_two = sweep.run_sweep(toy_frame, DESIGN, replications=2, seed=7, client=client, progress=False)
    pd.testing.assert_frame_equal(one, two)
    pd.testing.assert_frame_equal(frames_one, frames_two)
    assert len(one) == 12 and one["y"].nunique() == 12  # every task its own stream
    assert len(frames_one) == 36 and list(frames_one.columns[:5]) == ["task", "point", "replication", "a", "b"]
    # the journey simulator on a local cluster of two worker processes started by run_sweep itself
    design = sweep.grid({"strategy.response_days": [1.0, 7.0]})
    fixed = {"n_customers": 300, "periods": 3}
    sim_one = sweep.run_sweep(sweep.simulate_model, design, replications=2, seed=3, workers=1, progress=False,
                              fixed=fixed)
    sim_two = sweep.run_sweep(sweep.simulate_model, design, replications=2, seed=3, workers=2, progress=False,
                              fixed=fixed)
    pd.testing.assert_frame_equal(sim_one, sim_two)


def test_seeds_come_from_seedsequence_spawn_by_task():
    table = sweep.run_sweep(toy, DESIGN, replications=2, seed=7, workers=1, progress=False)
    child = np.random.SeedSequence(7).spawn(12)[5]
    assert table.loc[5, "y"] == 2 * table.loc[5, "a"] + np.random.default_rng(child).normal()


def test_a_failing_task_is_recorded_and_the_rest_go_on():
    design = pd.DataFrame({"a": [0.5, -1.0, 1.0]})
    table = sweep.run_sweep(toy, design, seed=1, workers=1, progress=False)
    assert table["error"].notna().tolist() == [False, True, False]
    assert table.loc[1, "error"] == "ValueError: a = -1.0 must not be negative" and table.loc[1, "a"] == -1.0
    assert table.loc[[0, 2], "y"].notna().all()
    sim = sweep.run_sweep(sweep.simulate_model, pd.DataFrame({"strategy.compensation": [0.5, 5.0]}), seed=1,
                          workers=1, progress=False, fixed={"n_customers": 200, "periods": 2})
    assert "Strategy.compensation = 5.0 is outside the allowed range" in sim.loc[1, "error"]


def test_interrupted_sweep_resumes_without_recomputing(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "INTERRUPT_AT", 2.0)
    CALLS.clear()
    with pytest.raises(KeyboardInterrupt):
        sweep.run_sweep(toy, DESIGN, replications=2, seed=5, out=tmp_path / "run", workers=1, progress=False)
    saved = sorted(p.name for p in (tmp_path / "run" / "tasks").glob("*.parquet"))
    assert len(saved) == 8 and not (tmp_path / "run" / "results.parquet").exists()  # a = 0 and 1: 2 x 2 x 2

    monkeypatch.setattr(sys.modules[__name__], "INTERRUPT_AT", None)
    CALLS.clear()
    resumed = sweep.run_sweep(toy, DESIGN, replications=2, seed=5, out=tmp_path / "run", workers=1, progress=False)
    assert CALLS == [2.0] * 4, "only the unfinished tasks run again"
    fresh = sweep.run_sweep(toy, DESIGN, replications=2, seed=5, workers=1, progress=False)
    pd.testing.assert_frame_equal(resumed, fresh)
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "run" / "results.parquet"), fresh)
    with pytest.raises(sweep.SweepResumeError, match="differs in seed_entropy"):
        sweep.run_sweep(toy, DESIGN, replications=2, seed=6, out=tmp_path / "run", workers=1, progress=False)
    with pytest.raises(sweep.SweepResumeError, match="design_sha256"):
        sweep.run_sweep(toy, DESIGN.head(2), replications=2, seed=5, out=tmp_path / "run", workers=1, progress=False)


SLOW_MODEL = '''
import time
import numpy as np

def run(params, seed):
    time.sleep(0.15)
    rng = np.random.default_rng(seed)
    return {"y": 2 * params["a"] + rng.normal()}
'''

SLOW_CONFIG = """
[sweep]
model = "slowtoy:run"
design = "grid"
replications = 2
seed = 11
[grid]
a = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]
"""


@pytest.mark.slow
def test_killed_cli_sweep_resumes_without_recomputing(tmp_path, monkeypatch):
    (tmp_path / "slowtoy.py").write_text(SLOW_MODEL)
    config = tmp_path / "sweep.toml"
    config.write_text(SLOW_CONFIG)
    out = tmp_path / "run"
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    exe = Path(sys.executable).with_name("recovery")
    proc = subprocess.Popen([str(exe), "sweep", str(config), "--out", str(out), "--workers", "1"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and len(list((out / "tasks").glob("*.parquet"))) < 3:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = {p: p.stat().st_mtime_ns for p in (out / "tasks").glob("*.parquet")}
    assert 3 <= len(finished) < 16, "kill the sweep midway"
    assert not (out / "results.parquet").exists()

    monkeypatch.syspath_prepend(str(tmp_path))
    resumed = sweep.run_config(config, out, workers=1, progress=False)
    assert all(p.stat().st_mtime_ns == t for p, t in finished.items()), "a finished task was recomputed"
    assert len(list((out / "tasks").glob("*.parquet"))) == 16
    fresh = sweep.run_config(config, tmp_path / "fresh", workers=1, progress=False)
    pd.testing.assert_frame_equal(resumed, fresh)
    assert json.loads((out / "sweep.json").read_text())["model"] == "slowtoy:run"


@pytest.mark.parametrize("text, message", [
    ("[sweep]\ndesign = 'grid'\n[grid]\n'strategy.speed' = [1]\n", "Strategy has no field 'speed'"),
    ("[sweep]\ndesign = 'magic'\n", "[sweep] design = 'magic'; allowed: 'grid', 'latin_hypercube', 'sobol'"),
    ("[sweep]\nreplications = 0\n[grid]\n'strategy.compensation' = [1.0]\n", "[sweep] replications = 0"),
    ("[sweep]\ndesign = 'sobol'\nsamples = 8\n[bounds]\n'strategy.compensation' = [1.0, 0.5]\n", "low < high"),
    ("[sweep]\ndesign = 'sobol'\nsamples = 10\n[bounds]\n'strategy.compensation' = [0.0, 0.5]\n", "power of 2"),
    ("[oops]\n", "section [oops] is unknown"),
    ("[sweep]\ncolour = 'red'\n", "[sweep] colour is unknown"),
    ("[sweep]\nstreams = 'shared'\n[grid]\na = [1]\n", "[sweep] streams = 'shared'; allowed: 'task', 'replication'"),
    ("[grid]\n'strategy.compensation' = [0.5, 5.0]\n",
     "[grid] strategy.compensation = 5.0: Strategy.compensation = 5.0 is outside the allowed range [0, 2]"),
    ("[sweep]\ndesign = 'latin_hypercube'\nsamples = 4\n[bounds]\n'voice.p_reach_records' = [0.1, 1.5]\n",
     "[bounds] voice.p_reach_records = 1.5: VoiceParams.p_reach_records = 1.5 is outside"),
    ("[sweep]\ndesign = 'latin_hypercube'\nsamples = 4\n[bounds]\n'strategy.follow_up' = [0, 1]\n",
     "an on/off lever takes true or false"),
    ("[grid]\nnamed_strategy = ['fast_local', 'slow']\n", "'named_strategy' = 'slow'; allowed: ['by_the_book'"),
    ("[sweep]\nmodel = 'nowhere:f'\n[grid]\na = [1]\n", "[sweep] model = 'nowhere:f' cannot be loaded"),
    ("[sweep]\nn_customers = 100.5\n[grid]\n'strategy.compensation' = [1.0]\n", "[sweep] n_customers = 100.5"),
])
def test_bad_configs_fail_before_any_work(tmp_path, text, message, capsys):
    config = tmp_path / "bad.toml"
    config.write_text(text)
    assert main(["sweep", str(config), "--out", str(tmp_path / "o")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_example_config_is_valid():
    config = sweep.load_config(Path(__file__).parents[1] / "examples" / "sweep.toml")
    assert config["model"] is sweep.simulate_model and config["sweep"]["design"] == "grid"


def test_sobol_config_writes_indices(tmp_path):
    config = tmp_path / "sobol.toml"
    config.write_text("[sweep]\ndesign = 'sobol'\nsamples = 4\nseed = 1\nn_customers = 200\nperiods = 2\n"
                      "[bounds]\n'strategy.compensation' = [0.0, 1.5]\n'strategy.response_days' = [0.5, 10.0]\n")
    table = sweep.run_config(config, tmp_path / "o", workers=1, progress=False)
    assert len(table) == 4 * 6 and (tmp_path / "o" / "results.parquet").exists()
    indices = pd.read_parquet(tmp_path / "o" / "sobol_indices.parquet")
    assert set(indices["output"]) >= {"retention", "value_per_1000"} and len(indices) % 2 == 0


def test_latin_hypercube_and_sobol_designs():
    lhs = sweep.latin_hypercube({"a": (0, 1), "b": (10, 20)}, 50, seed=1)
    assert lhs.shape == (50, 2) and lhs["b"].between(10, 20).all()
    assert (np.sort(np.floor(lhs["a"] * 50)) == np.arange(50)).all()  # one point per stratum
    bounds = {"x1": (0.0, 1.0), "x2": (0.0, 1.0), "x3": (0.0, 1.0)}
    design = sweep.sobol_design(bounds, 512, seed=1)
    # Ishigami-like additive test: y = 4 x1 + x2, x3 inert -> S1 = ST = 16/17, 1/17, 0
    y = 4 * design["x1"] + design["x2"]
    idx = sweep.sobol_indices(bounds, y, seed=1).set_index("parameter")
    assert idx.loc["x1", "S1"] == pytest.approx(16 / 17, abs=0.05)
    assert idx.loc["x2", "ST"] == pytest.approx(1 / 17, abs=0.03)
    assert abs(idx.loc["x3", "ST"]) < 0.01
    with pytest.raises(ValueError, match="missing values"):
        sweep.sobol_indices(bounds, np.r_[np.nan, y[1:]])


def test_summarize_gives_intervals_that_cover():
    design = pd.DataFrame({"a": [1.0, 3.0]})
    table = sweep.run_sweep(toy, design, replications=40, seed=3, workers=1, progress=False)
    s = sweep.summarize(table, "a", ["y"]).set_index("a")
    assert (s["n"] == 40).all() and (s["failed"] == 0).all()
    assert ((s["ci_low"] < 2 * s.index) & (2 * s.index < s["ci_high"])).all()
    assert (s["ci_high"] - s["ci_low"]).between(0.3, 1.0).all()  # 2 x 2.02 x 1 / sqrt(40) = 0.64
    means = sweep.point_means(table, ["y"])
    assert means["y"].to_numpy() == pytest.approx(s["mean"].to_numpy())


def test_common_random_numbers_share_a_stream_per_replication():
    table = sweep.run_sweep(toy, DESIGN, replications=2, seed=7, workers=1, progress=False, streams="replication")
    per_rep = table.groupby("replication")["u"].nunique()
    assert (per_rep == 1).all() and table["u"].nunique() == 2
    child = np.random.SeedSequence(7).spawn(2)[1]
    assert table.loc[table["replication"] == 1, "u"].iloc[0] == pytest.approx(
        (lambda g: (g.normal(), g.random())[1])(np.random.default_rng(child)))


def nan_model(params, seed):
    """Breaks down (NaN) where a > 1, as a model pushed past its range does."""
    return {"y": float("nan") if params["a"] > 1 else params["a"], "z": np.inf if params["a"] > 2 else 0.0}


def test_nan_or_inf_outputs_are_failed_tasks_with_the_reason():
    table = sweep.run_sweep(nan_model, pd.DataFrame({"a": [0.5, 1.5, 2.5]}), seed=1, workers=1, progress=False)
    assert table["error"].notna().tolist() == [False, True, True]
    assert table.loc[1, "error"] == "ParameterError: output 'y' is nan, not a finite number; the parameters may lie " \
                                    "where the model breaks down"
    assert table.loc[0, "y"] == 0.5


@pytest.mark.parametrize("text, message", [
    ("[grid]\nperiods = [1e11]\n", "periods = 100,000,000,000 cannot finish in reasonable time"),
    ("[grid]\nperiods = [100000000000]\n", "give at most 10,000"),
    ("[sweep]\nn_customers = 1000000000\n[grid]\nperiods = [52]\n", "x 26 = 2.6e+10 customer-periods cannot finish in reasonable time (limit 1e+09, about five minutes); e.g. n_customers = 38,461,538"),
    ("[sweep]\nn_customers = true\n[grid]\nperiods = [52]\n", "[sweep] n_customers = True (bool)"),
])
def test_sizes_that_cannot_finish_are_refused_with_one_that_would(tmp_path, text, message):
    config = tmp_path / "big.toml"
    config.write_text(text)
    with pytest.raises(sweep.SweepConfigError, match=re.escape(message)):
        sweep.load_config(config)


def test_cli_sweep_exits_non_zero_and_counts_failed_tasks(tmp_path, capsys):
    config = tmp_path / "fails.toml"
    config.write_text("[sweep]\nmodel = 'math:sqrt'\n[grid]\na = [1, 2, 3]\n")  # sqrt(params, seed): TypeError
    assert main(["sweep", str(config), "--out", str(tmp_path / "o"), "--workers", "1"]) == 1
    last = capsys.readouterr().err.strip().splitlines()[-1]  # after the progress bar
    assert last.startswith("error: 3 of 3 tasks failed; their reasons are in the error column")


def test_a_lock_keeps_a_second_sweep_out_of_the_folder(tmp_path):
    out = tmp_path / "o"
    held = sweep.runner._lock(out)  # a sweep running in this folder
    try:
        with pytest.raises(sweep.SweepResumeError, match="another sweep is writing to"):
            sweep.run_sweep(toy, DESIGN, seed=1, out=out, workers=1, progress=False)
    finally:
        held.close()
    first = sweep.run_sweep(toy, DESIGN, seed=1, out=out, workers=1, progress=False)  # free again
    # a temporary file left by a killed run is removed, and a resumed sweep does not trip on it
    stale = out / "tasks" / ".task_0000000.12345.partial"
    stale.write_bytes(b"half a file")
    again = sweep.run_sweep(toy, DESIGN, seed=1, out=out, workers=1, progress=False)
    assert not stale.exists()
    pd.testing.assert_frame_equal(first, again)
