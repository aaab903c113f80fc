"""Load and validate survey data against declared scales.

>>> import pandas as pd
>>> df = pd.DataFrame({"j1": [1, 7, 4], "j2": [7, 1, 2]})
>>> out = load_survey(df, scales={"j1": (1, 7), "j2": (1, 7)}, reverse=["j2"])
>>> out["j2"].tolist()
[1, 7, 6]
>>> load_survey(pd.DataFrame({"j1": [1, 9, 4]}), scales={"j1": (1, 7)})
Traceback (most recent call last):
...
recovery._validation.SurveyDataError: column 'j1', row 1: value 9 is outside the declared scale 1-7; correct the entry, set it to missing (a code such as 99 for 'no answer' too), or declare the right scale
"""
from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from recovery._validation import SurveyDataError, number

__all__ = ["SurveyDataError", "load_survey", "likert", "missing_report"]

#: Text encodings tried in turn: UTF-8 (a byte-order mark, as Excel writes, is dropped), then
#: GB18030, the Chinese national standard and a superset of GBK/GB2312 (survey exports from
#: Chinese platforms and Excel on Chinese Windows).
ENCODINGS = ("utf-8", "gb18030")


def likert(items, low: int, high: int) -> dict:
    """Declare the same response scale for several items.

    Parameters
    ----------
    items : iterable of str
        The item columns.
    low, high : int
        The lowest and highest scale point, e.g. 1 and 7.

    Returns
    -------
    dict
        item -> (low, high), the ``scales`` of :func:`load_survey`.

    References
    ----------
    Likert (1932), Archives of Psychology 140.

    Examples
    --------
    >>> likert(["j1", "j2"], 1, 7)
    {'j1': (1, 7), 'j2': (1, 7)}
    """
    return {item: (low, high) for item in items}


def missing_report(data: pd.DataFrame) -> pd.DataFrame:
    """Missing values per column: count and share.

    Parameters
    ----------
    data : pandas.DataFrame
        The survey.

    Returns
    -------
    pandas.DataFrame
        One row per column: ``missing`` (count) and ``share``.

    References
    ----------
    R ``naniar::miss_var_summary`` gives the same table.

    Examples
    --------
    >>> import pandas as pd
    >>> missing_report(pd.DataFrame({"a": [1, None], "b": [1, 2]}))["missing"].tolist()
    [1, 0]
    """
    count = data.isna().sum()
    return pd.DataFrame({"missing": count, "share": count / max(len(data), 1)})


def _decode(path: Path) -> tuple[str, str]:
    """The file's text and its encoding: "utf-8", "utf-8-sig" (with a byte-order mark) or "gb18030"."""
    raw = path.read_bytes()
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise SurveyDataError(f"{path}: the text is neither UTF-8 nor GB18030/GBK; save it as CSV UTF-8")


def _no_duplicates(columns, where: str) -> None:
    seen: dict = {}
    for i, name in enumerate(columns):
        if name in seen:
            raise SurveyDataError(f"{where}column {name!r} appears twice (columns {seen[name] + 1} and {i + 1}); "
                                  "rename or drop one")
        seen[name] = i


def _read(path_or_df) -> pd.DataFrame:
    if isinstance(path_or_df, pd.DataFrame):
        _no_duplicates(list(path_or_df.columns), "")
        return path_or_df.copy()
    path = Path(path_or_df)
    if not path.exists():
        raise SurveyDataError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise SurveyDataError(f"{path}: the file is empty; export the survey with a header row")
    if path.suffix.lower() in (".xlsx", ".xls"):
        _no_duplicates(pd.read_excel(path, header=None, nrows=1).iloc[0].tolist(), f"{path}: ")
        data = pd.read_excel(path)
        data.attrs["encoding"] = "excel"
        return data
    text, encoding = _decode(path)
    _no_duplicates(next(csv.reader(io.StringIO(text)), []), f"{path}: ")  # pandas would rename a repeat x.1
    data = pd.read_csv(io.StringIO(text))
    data.attrs["encoding"] = encoding
    return data


def _check_item(data: pd.DataFrame, item, low, high) -> pd.Series:
    """The item's answers as numbers, if every one is a whole scale point low..high (or missing);
    else SurveyDataError naming the column, the row and the value. One place for this rule:
    :func:`load_survey` and ``scale=`` of :func:`recovery.survey.reliability` use it."""
    raw = data[item]
    numeric = pd.to_numeric(raw, errors="coerce")
    bad = numeric.isna() & raw.notna()
    if bad.any():
        row = raw.index[bad.to_numpy()][0]
        raise SurveyDataError(f"column {item!r}, row {row}: {raw[row]!r} is not a number; enter a value "
                              f"{low:g}-{high:g} or leave the cell empty for missing")
    outside = numeric.notna() & ((numeric < low) | (numeric > high) | (numeric != np.round(numeric)))
    if outside.any():
        row = numeric.index[outside.to_numpy()][0]
        raise SurveyDataError(f"column {item!r}, row {row}: value {raw[row]} is outside the declared scale "
                              f"{low:g}-{high:g}; correct the entry, set it to missing (a code such as 99 for "
                              "'no answer' too), or declare the right scale")
    return numeric


def _scale(scale, item="scale") -> tuple[float, float]:
    """A declared scale (low, high): two numbers with low < high, else SurveyDataError."""
    if not (isinstance(scale, (tuple, list)) and len(scale) == 2):
        raise SurveyDataError(f"{item}: scale {scale!r}: give (low, high), e.g. (1, 7)")
    for end in scale:
        number(f"{item}: scale end", end, error=SurveyDataError)
    low, high = scale
    if low >= high:
        raise SurveyDataError(f"column {item!r}: scale {low:g}-{high:g} needs low < high")
    return low, high


def load_survey(path_or_df, scales: dict, *, reverse=(), id_column: str | None = None) -> pd.DataFrame:
    """Read a survey (CSV, Excel or a DataFrame) and check every declared item.

    ``scales`` maps item -> (low, high), e.g. ``likert(items, 1, 7)``. Items in ``reverse`` are
    reverse-coded (low + high - x). Missing cells stay missing and are counted in
    ``result.attrs["missing"]`` (see :func:`missing_report`); nothing is dropped or coerced.

    A file is read as UTF-8 (with or without a byte-order mark) or else GB18030/GBK, the
    encoding of Chinese survey exports; the one used is in ``result.attrs["encoding"]``
    ("utf-8", "utf-8-sig", "gb18030"; "excel" for a workbook).

    Raises :class:`SurveyDataError` naming the column (and row) for: an item declared but
    absent, a column name used twice, a non-numeric cell, a value outside the scale or not a
    whole scale point, a constant item, an empty file or a file without rows.

    Parameters
    ----------
    path_or_df : str, pathlib.Path or pandas.DataFrame
        A CSV or Excel file, or a DataFrame.
    scales : dict
        item -> (low, high), e.g. ``likert(items, 1, 7)``.
    reverse : sequence of str
        Items to reverse-code.
    id_column : str, optional
        A respondent id column, made the index.

    Returns
    -------
    pandas.DataFrame
        The checked items (and any other columns), with ``attrs["missing"]`` and
        ``attrs["encoding"]``.

    References
    ----------
    The checks a SmartPLS or seminr user runs by hand before estimating (Hair et al. 2022,
    A Primer on PLS-SEM, 3rd ed., ch. 2: data screening).

    Examples
    --------
    >>> import pandas as pd
    >>> out = load_survey(pd.DataFrame({"j1": [1, 7, 4], "j2": [2, 6, None]}), likert(["j1", "j2"], 1, 7),
    ...                   reverse=["j1"])
    >>> out["j1"].tolist(), int(out.attrs["missing"]["missing"].sum())
    ([7, 1, 4], 1)
    """
    if not isinstance(scales, dict) or not scales:
        raise SurveyDataError(f"scales = {scales!r}: give item -> (low, high), e.g. likert(items, 1, 7)")
    data = _read(path_or_df)
    encoding = data.attrs.get("encoding")
    if id_column is not None:
        if id_column not in data.columns:
            raise SurveyDataError(f"id_column {id_column!r} is not a column (columns: {list(data.columns)})")
        data = data.set_index(id_column)
    if data.empty:
        raise SurveyDataError("the survey has no rows; check the export")
    absent = [item for item in scales if item not in data.columns]
    if absent:
        raise SurveyDataError(f"column {absent[0]!r} is declared in scales but not in the data (columns: "
                              f"{list(data.columns)}); rename the column or remove it from scales")
    unknown = [item for item in reverse if item not in scales]
    if unknown:
        raise SurveyDataError(f"column {unknown[0]!r} is marked for reverse coding but has no declared scale")
    for item, scale in scales.items():
        low, high = _scale(scale, item)
        numeric = _check_item(data, item, low, high)
        if numeric.nunique(dropna=True) <= 1:
            raise SurveyDataError(f"column {item!r} is constant (every answer is {numeric.dropna().iloc[0] if numeric.notna().any() else 'missing'}); "
                                  "it carries no information: drop it from scales")
        data[item] = low + high - numeric if item in reverse else numeric
    data.attrs["missing"] = missing_report(data[list(scales)])
    if encoding is not None:
        data.attrs["encoding"] = encoding
    return data
