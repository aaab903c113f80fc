"""Data sets shipped with recovery: real surveys, the seeds' figures, literature figures.

Modelled on pingouin's ``read_dataset`` / ``list_dataset``: the CSV files and a
registry (``index.csv``) plus codebooks (``codebook.csv``) live in the
top-level ``datasets/`` folder, which the wheel carries as ``recovery/_datasets``.

>>> import recovery as r
>>> r.load_dataset("ecsi_mobi").shape
(250, 24)
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

import pandas as pd

from recovery._validation import ConfigError

__all__ = ["list_datasets", "load_dataset", "describe_dataset", "dataset_model", "UnknownDatasetError"]


class UnknownDatasetError(ConfigError):
    """Raised for a data set name that is not shipped (a :class:`recovery.ConfigError`)."""


def _data_dir() -> Path:
    packaged = resources.files("recovery") / "_datasets"
    if packaged.is_dir():  # installed from a wheel
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "datasets"  # a clone / editable install


def _index() -> pd.DataFrame:
    return pd.read_csv(_data_dir() / "index.csv").set_index("name")


def _check_name(name: str) -> pd.Series:
    index = _index()
    if not isinstance(name, str) or name not in index.index:
        raise UnknownDatasetError(
            f"No data set named {name!r}. Available: {', '.join(index.index)}. "
            "See recovery.list_datasets()."
        )
    return index.loc[name]


def list_datasets() -> pd.DataFrame:
    """The shipped data sets: one row each with its title and source.

    Returns
    -------
    pandas.DataFrame
        Indexed by the data set's name (what :func:`load_dataset` takes); columns title, source, ...

    Examples
    --------
    >>> "ecsi_mobi" in list_datasets().index
    True
    """
    return _index().drop(columns="file")


def load_dataset(name: str) -> pd.DataFrame:
    """Load a shipped data set as a DataFrame.

    Parameters
    ----------
    name : str
        One of :func:`list_datasets`' index.

    Returns
    -------
    pandas.DataFrame
        The data; the ECSI surveys are indexed by respondent.

    Raises
    ------
    UnknownDatasetError
        For a name that is not shipped (the message lists the names).

    References
    ----------
    Each data set's source is in :func:`list_datasets` and ``datasets/README.md``.

    Examples
    --------
    >>> float(load_dataset("seed_figures").set_index("key").loc["complaining_share", "value"])
    0.04
    """
    entry = _check_name(name)
    path = _data_dir() / entry["file"]
    if name.startswith("ecsi_"):
        return pd.read_csv(path, index_col=0)
    return pd.read_csv(path)


def describe_dataset(name: str) -> pd.DataFrame:
    """The codebook of a data set: every column's meaning, scale and range.

    Parameters
    ----------
    name : str
        One of :func:`list_datasets`' index.

    Returns
    -------
    pandas.DataFrame
        One row per column of the data set; the title and source are in ``.attrs``.

    Raises
    ------
    UnknownDatasetError
        For a name that is not shipped.

    Examples
    --------
    >>> book = describe_dataset("ecsi_mobi")
    >>> book.loc["CUSCO", "scale"]
    '1-10 rating'
    """
    entry = _check_name(name)
    book = pd.read_csv(_data_dir() / "codebook.csv")
    book = book[book["dataset"] == name].drop(columns="dataset").set_index("column")
    book.attrs = {"title": entry["title"], "source": entry["source"]}
    return book


def dataset_model(name: str) -> str:
    """The usual model of a survey data set, as lavaan-style text (``datasets/<name>.model``),
    for :func:`recovery.survey.fit_pls`, :func:`recovery.survey.fit_sem` and
    :func:`recovery.survey.reliability`: one place for the ECSI model, not a copy per notebook.

    Parameters
    ----------
    name : str
        A shipped data set with a model: "ecsi_mobi" or "ecsi_satisfaction".

    Returns
    -------
    str
        The model text (``=~`` a construct's items, ``~`` its paths, ``#`` comments).

    Examples
    --------
    >>> print(dataset_model("ecsi_mobi").splitlines()[2])
    IMAG =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5
    """
    _check_name(name)
    path = _data_dir() / f"{name}.model"
    if not path.is_file():
        have = sorted(p.stem for p in _data_dir().glob("*.model"))
        raise UnknownDatasetError(f"data set {name!r} ships no model; the ones that do: {', '.join(have)}")
    return path.read_text(encoding="utf-8")
