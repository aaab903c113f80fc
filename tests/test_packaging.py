"""Packaging: environment.yml matches pyproject.toml, and the wheel carries the data."""
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def _requirement(spec: str) -> dict[str, str]:
    """'dask[distributed]>=2026.8' -> {'dask': '>=2026.8', 'distributed': '>=2026.8'}."""
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)(?:\[([^\]]+)\])?\s*(.*)", spec)
    name, extras, bound = match.groups()
    names = [name] + ([e.strip() for e in extras.split(",")] if extras else [])
    return {n.lower().replace("_", "-"): bound.replace(" ", "") for n in names}


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = {}
    for spec in project["dependencies"] + project["optional-dependencies"]["test"]:
        deps.update(_requirement(spec))
    return deps


def _environment() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    deps = {}
    for entry in env["dependencies"]:
        specs = entry["pip"] if isinstance(entry, dict) else [entry]
        for spec in specs:
            if spec.startswith("-e") or spec.split(">")[0].split("=")[0] in ("python", "pip"):
                continue
            deps.update(_requirement(spec))
    return deps


def test_environment_yml_names_the_same_dependencies_as_pyproject():
    py, env = _pyproject(), _environment()
    assert sorted(set(py) - set(env)) == [], "in pyproject.toml but not environment.yml"
    assert sorted(set(env) - set(py)) == [], "in environment.yml but not pyproject.toml"
    assert {n: env[n] for n in py} == py, "lower bounds differ"


def test_every_dependency_has_a_tested_lower_bound_and_no_upper_pin():
    for name, bound in _pyproject().items():
        assert bound.startswith(">="), f"{name} needs a lower bound (the version the tests ran with)"
        assert "<" not in bound, f"{name} has an upper pin; write the reason beside it or drop it"


@pytest.mark.slow
def test_wheel_ships_the_datasets_and_loads_them(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "-w", str(tmp_path), str(ROOT)], check=True)
    wheel = next(tmp_path.glob("recovery-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "recovery/_datasets/ecsi_mobi.csv" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = ("import recovery, pathlib; "
            f"assert pathlib.Path(recovery.__file__).is_relative_to({str(site)!r}), recovery.__file__; "
            "print(recovery.load_dataset('ecsi_mobi').shape, len(recovery.list_datasets()))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "(250, 24) 4"
