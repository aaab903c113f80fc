"""recovery: a research toolkit for service recovery.

Simulate what happens to customers' expectations, satisfaction, loyalty and
word of mouth when a service fails and the firm recovers well or badly; chart
it for a classroom in English or Chinese; fit survey models and feed the
estimates back into the simulator.

>>> import recovery as r
>>> r.load_dataset("ecsi_mobi").shape
(250, 24)
"""
from importlib.metadata import PackageNotFoundError, version

from recovery._validation import (BootstrapFailureWarning, ConfigError, FitWarning, HeywoodCaseWarning, InputError,
                                  ModelSpecError, NetworkError, NonConvergenceWarning, ParameterError,
                                  ReverseKeyedItemWarning, SurveyDataError)
from recovery.datasets import describe_dataset, list_datasets, load_dataset
from recovery.plots import set_language
from recovery.simulate import compare, simulate

try:
    __version__ = version("recovery")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["compare", "describe_dataset", "list_datasets", "load_dataset", "set_language", "simulate", "__version__",
           # typed errors (all ValueError) and warnings: recovery/_validation.py
           "InputError", "ParameterError", "SurveyDataError", "ModelSpecError", "NetworkError", "ConfigError",
           "FitWarning", "ReverseKeyedItemWarning", "HeywoodCaseWarning", "NonConvergenceWarning",
           "BootstrapFailureWarning"]
