"""Load and validate survey data against declared scales.

>>> import pandas as pd
>>> df = pd.DataFrame({"j1": [1, 7, 4], "j2": [7, 1, 2]})
>>> out = load_survey(df, scales={"j1": (1, 7), "j2": (1, 7)}, reverse=["j2"])
>>> out["j2"].tolist()
[1, 7, 6]
>>> load_survey(pd.DataFrame({"j1": [1, 9, 4]}), scales={"j1": (1, 7)})
Traceback (most recent call last):
...
recovery.survey.load.SurveyDataError: column 'j1', row 1: value 9 is outside the declared scale 1-7; correct the entry, set it to missing, or declare the right scale
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["SurveyDataError", "load_survey", "likert", "missing_report"]


class SurveyDataError(ValueError):
    """Survey data that does not fit its declared scales; the message names column, row and fix."""


def likert(items, low: int, high: int) -> dict:
    """Declare the same scale for several items: ``likert(["j1", "j2"], 1, 7)``."""
    return {item: (low, high) for item in items}


def missing_report(data: pd.DataFrame) -> pd.DataFrame:
    """Missing values per column: count and share."""
    count = data.isna().sum()
    return pd.DataFrame({"missing": count, "share": count / max(len(data), 1)})


def _read(path_or_df) -> pd.DataFrame:
    if isinstance(path_or_df, pd.DataFrame):
        return path_or_df.copy()
    path = Path(path_or_df)
    if not path.exists():
        raise SurveyDataError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise SurveyDataError(f"{path}: the file is empty; export the survey with a header row")
    if path.suffix.lower() in (".xlsx", ".xls"):
        return pd.read_excel(path)
    return pd.read_csv(path)


def load_survey(path_or_df, scales: dict, reverse=(), id_column: str | None = None) -> pd.DataFrame:
    """Read a survey (CSV, Excel or a DataFrame) and check every declared item.

    ``scales`` maps item -> (low, high), e.g. ``likert(items, 1, 7)``. Items in ``reverse`` are
    reverse-coded (low + high - x). Missing cells stay missing and are counted in
    ``result.attrs["missing"]`` (see :func:`missing_report`); nothing is dropped or coerced.

    Raises :class:`SurveyDataError` naming the column (and row) for: an item declared but
    absent, a non-numeric cell, a value outside the scale or not a whole scale point, a
    constant item, an empty file or a file without rows.
    """
    data = _read(path_or_df)
    if id_column is not None:
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
    for item, (low, high) in scales.items():
        if low >= high:
            raise SurveyDataError(f"column {item!r}: scale {low}-{high} needs low < high")
        raw = data[item]
        numeric = pd.to_numeric(raw, errors="coerce")
        bad = numeric.isna() & raw.notna()
        if bad.any():
            row = raw.index[bad.to_numpy()][0]
            raise SurveyDataError(f"column {item!r}, row {row}: {raw[row]!r} is not a number; enter a value "
                                  f"{low}-{high} or leave the cell empty for missing")
        outside = numeric.notna() & ((numeric < low) | (numeric > high) | (numeric != np.round(numeric)))
        if outside.any():
            row = numeric.index[outside.to_numpy()][0]
            raise SurveyDataError(f"column {item!r}, row {row}: value {raw[row]} is outside the declared scale "
                                  f"{low}-{high}; correct the entry, set it to missing, or declare the right scale")
        if numeric.nunique(dropna=True) <= 1:
            raise SurveyDataError(f"column {item!r} is constant (every answer is {numeric.dropna().iloc[0] if numeric.notna().any() else 'missing'}); "
                                  "it carries no information: drop it from scales")
        data[item] = low + high - numeric if item in reverse else numeric
    data.attrs["missing"] = missing_report(data[list(scales)])
    return data
