"""recovery: a research toolkit for service recovery.

Simulate what happens to customers' expectations, satisfaction, loyalty and
word of mouth when a service fails and the firm recovers well or badly; chart
it for a classroom in English or Chinese; fit survey models and feed the
estimates back into the simulator.

Every submodule is reached from the package without importing it by name
(PEP 562): it is imported the first time it is used, so ``import recovery``
stays quick.

>>> import recovery as r
>>> r.load_dataset("ecsi_mobi").shape
(250, 24)
>>> r.sweep.grid({"a": [1, 2]}).shape
(2, 1)
"""
import importlib
from importlib.metadata import PackageNotFoundError, version

from recovery._validation import (BootstrapFailureWarning, ConfigError, FitWarning, HeywoodCaseWarning, InputError,
                                  ModelSpecError, NetworkError, NonConvergenceWarning, ParameterError,
                                  ReverseKeyedItemWarning, SurveyDataError)
from recovery.datasets import describe_dataset, list_datasets, load_dataset

try:
    __version__ = version("recovery")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

#: Public submodules, imported on first use (``recovery.survey``, ``recovery.sweep``, ...).
_SUBMODULES = ("calibration", "classroom", "cli", "cohort", "datasets", "desk", "economics", "experiments", "journey",
              "meta", "paradox", "params", "plots", "population", "reference", "slides", "survey", "sweep", "wom")
# functions offered at the top level, imported from their module on first use
_LAZY = {"simulate": "recovery.population", "compare": "recovery.population", "set_language": "recovery.plots"}

__all__ = ["compare", "describe_dataset", "list_datasets", "load_dataset", "set_language", "simulate", "__version__",
           # typed errors (all ValueError) and warnings: recovery/_validation.py
           "InputError", "ParameterError", "SurveyDataError", "ModelSpecError", "NetworkError", "ConfigError",
           "FitWarning", "ReverseKeyedItemWarning", "HeywoodCaseWarning", "NonConvergenceWarning",
           "BootstrapFailureWarning"]


def __getattr__(name: str):
    """Import a submodule, or the module of a top-level function, the first time it is asked for."""
    if name in _SUBMODULES:
        return importlib.import_module(f"recovery.{name}")
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    raise AttributeError(f"module 'recovery' has no attribute {name!r}; its submodules are {', '.join(_SUBMODULES)}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_SUBMODULES, *_LAZY})
