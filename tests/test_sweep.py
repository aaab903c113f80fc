"""Sweeps: identical on 1 or 2 workers, resumable after a kill, failing tasks recorded, configs checked."""
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

FIXED = {"n_customers": 400, "periods": 4}
DESIGN = sweep.grid({"strategy.response_days": [1.0, 7.0], "strategy.compensation": [0.0, 1.0]})
OUTPUTS = ["retention", "satisfaction", "complaints_per_1000", "net_wom_per_1000", "value_per_1000"]


@pytest.mark.slow
def test_same_results_on_one_worker_and_a_two_worker_dask_cluster():
    from dask.distributed import Client, LocalCluster

    one = sweep.run_sweep(sweep.simulate_model, DESIGN, replications=2, seed=7, workers=1, progress=False, fixed=FIXED)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        two = sweep.run_sweep(sweep.simulate_model, DESIGN, replications=2, seed=7, client=client, progress=False,
                              fixed=FIXED)
    pd.testing.assert_frame_equal(one, two)
    assert one["retention"].nunique() > 1  # the replications differ: each has its own stream


def test_a_failing_task_is_recorded_and_the_rest_go_on():
    design = pd.DataFrame({"strategy.compensation": [0.5, 5.0, 1.0]})  # 5.0 is outside [0, 2]
    table = sweep.run_sweep(sweep.simulate_model, design, seed=1, workers=1, progress=False, fixed=FIXED)
    assert table["error"].notna().tolist() == [False, True, False]
    assert "compensation" in table.loc[1, "error"] and table.loc[1, "strategy.compensation"] == 5.0


SLOW_CONFIG = """
[sweep]
design = "grid"
replications = 2
seed = 11
n_customers = 20000
periods = 10
[grid]
"strategy.response_days" = [1.0, 2.0, 4.0, 8.0]
"strategy.compensation" = [0.0, 0.5, 1.0]
"""


@pytest.mark.slow
def test_killed_sweep_resumes_without_recomputing(tmp_path):
    config = tmp_path / "sweep.toml"
    config.write_text(SLOW_CONFIG)
    out = tmp_path / "run"
    exe = Path(sys.executable).with_name("recovery")
    proc = subprocess.Popen([str(exe), "sweep", str(config), "--out", str(out), "--workers", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and len(list((out / "tasks").glob("*.parquet"))) < 4:
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = {p: p.stat().st_mtime_ns for p in (out / "tasks").glob("*.parquet")}
    assert 4 <= len(finished) < 24, "kill the sweep midway"
    assert not (out / "results.parquet").exists()

    resumed = sweep.run_config(config, out, workers=1, progress=False)
    assert all(p.stat().st_mtime_ns == t for p, t in finished.items()), "a finished task was recomputed"
    assert len(list((out / "tasks").glob("*.parquet"))) == 24
    fresh = sweep.run_config(config, tmp_path / "fresh", workers=1, progress=False)
    pd.testing.assert_frame_equal(resumed, fresh)


@pytest.mark.parametrize("text, message", [
    ("[sweep]\ndesign = 'grid'\n[grid]\n'strategy.speed' = [1]\n", "Strategy has no field 'speed'"),
    ("[sweep]\ndesign = 'magic'\n", "design = 'magic'"),
    ("[sweep]\nreplications = 0\n[grid]\n'strategy.compensation' = [1.0]\n", "replications"),
    ("[sweep]\ndesign = 'sobol'\n[bounds]\n'strategy.compensation' = [1.0, 0.5]\n", "low < high"),
    ("[oops]\n", "section [oops]"),
    ("[sweep]\ncolour = 'red'\n", "[sweep] colour is unknown"),
])
def test_bad_configs_fail_before_any_work(tmp_path, text, message, capsys):
    config = tmp_path / "bad.toml"
    config.write_text(text)
    assert main(["sweep", str(config), "--out", str(tmp_path / "o")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_latin_hypercube_and_sobol_designs():
    lhs = sweep.latin_hypercube({"a": (0, 1), "b": (10, 20)}, 50, seed=1)
    assert lhs.shape == (50, 2) and lhs["b"].between(10, 20).all()
    assert (np.sort(np.floor(lhs["a"] * 50)) == np.arange(50)).all()  # one point per stratum
    bounds = {"x1": (0.0, 1.0), "x2": (0.0, 1.0)}
    design = sweep.sobol_design(bounds, 256, seed=1)
    y = 4 * design["x1"] + 0.5 * design["x2"]
    idx = sweep.sobol_indices(bounds, y, seed=1).set_index("parameter")
    assert idx.loc["x1", "ST"] > 0.9 > idx.loc["x2", "ST"]


def test_summarize_gives_intervals():
    table = sweep.run_sweep(sweep.simulate_model, DESIGN.head(2), replications=3, seed=3, workers=1, progress=False,
                            fixed=FIXED)
    s = sweep.summarize(table, ["strategy.response_days", "strategy.compensation"], ["retention"])
    assert ((s["ci_low"] <= s["mean"]) & (s["mean"] <= s["ci_high"])).all() and (s["n"] == 3).all()
