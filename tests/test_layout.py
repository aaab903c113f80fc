"""The package layout: submodules reached lazily from ``import recovery``, no function named
like a module it shadows, and a light top-level import."""
import importlib
import pkgutil
import subprocess
import sys
import types

import pytest

import recovery


def test_every_submodule_is_reached_without_importing_it_by_name():
    code = ("import recovery as r\n"
            "print(r.survey.fit_pls.__name__, r.experiments.analyze.__name__, r.sweep.run_sweep.__name__,\n"
            "      r.plots.set_language.__name__, r.paradox.paradox_grid.__name__, r.simulate.__module__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["fit_pls", "analyze", "run_sweep", "set_language", "paradox_grid", "recovery.population"]


def test_import_recovery_stays_light():
    code = ("import sys, recovery\n"
            "print(sorted(m for m in ('matplotlib', 'statsmodels', 'scipy', 'numba', 'simpy', 'dask')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_dir_lists_the_submodules_and_unknown_names_are_refused():
    names = dir(recovery)
    assert {"survey", "experiments", "sweep", "plots", "population", "simulate"} <= set(names)
    with pytest.raises(AttributeError, match="no attribute 'simulation'.*submodules are"):
        recovery.simulation  # noqa: B018


def test_every_listed_submodule_exists_and_every_module_is_listed():
    on_disk = {m.name for m in pkgutil.iter_modules(recovery.__path__) if not m.name.startswith("_")}
    assert on_disk == set(recovery._SUBMODULES)


@pytest.mark.parametrize("package", ["recovery", "recovery.experiments", "recovery.sweep", "recovery.classroom"])
def test_no_function_shadows_a_module(package):
    pkg = importlib.import_module(package)
    for info in pkgutil.iter_modules(pkg.__path__):
        importlib.import_module(f"{package}.{info.name}")
        assert isinstance(getattr(pkg, info.name), types.ModuleType), f"{package}.{info.name} is shadowed"


def test_the_simulator_function_is_not_a_module():
    from recovery import simulate

    assert callable(simulate) and recovery.simulate is simulate
    assert importlib.import_module("recovery.population").simulate is simulate
