"""Scoring the answers: scale scores checked against the scale (:func:`scale_score`), the
attention check (:func:`exclude_inattentive`) and straight-lining (:func:`straightliners`).

>>> scale_score(pd.DataFrame({"rs1": [7], "rs2": [6], "rs3": [5]}), "rs").tolist()
[6.0]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from recovery.experiments.factorial import ATTENTION_ANSWER, ITEMS, SCALES, DesignError

__all__ = ["scale_score", "straightliners", "exclude_inattentive"]


def _check_scale(data: pd.DataFrame, columns, points: int) -> None:
    for col in columns:
        if col not in data.columns:
            raise DesignError(f"column {col!r} is not in the data; the scale's items are {list(columns)}")
        values = pd.to_numeric(data[col], errors="coerce")
        text = data[col].notna() & values.isna()
        if text.any():
            row = text.index[text.to_numpy()][0]
            raise DesignError(f"column {col!r}, row {row}: value {data.loc[row, col]!r} is not a number on the "
                              f"1-{points} scale")
        values = values.dropna()
        bad = values[(values < 1) | (values > points) | (values != np.round(values))]
        if len(bad):
            raise DesignError(f"column {col!r}, row {bad.index[0]}: value {bad.iloc[0]} is off the 1-{points} scale; "
                              "correct it or set it to missing")


def scale_score(data: pd.DataFrame, key: str, *, points: int = 7) -> pd.Series:
    """A scale's score: the mean of its three items, after checking every value is on the scale.

    Parameters
    ----------
    data : pandas.DataFrame
        Answers with the items ``key1, key2, key3``.
    key : str
        The scale (a key of ``SCALES``).
    points : int
        Likert points; a value off 1..points raises :class:`DesignError` naming column and row.

    Returns
    -------
    pandas.Series
        The score per row (NaN where the scale was not asked).

    References
    ----------
    Likert, R. (1932). A technique for the measurement of attitudes. Archives of Psychology, 140.

    Examples
    --------
    >>> scale_score(pd.DataFrame({"rs1": [7], "rs2": [6], "rs3": [5]}), "rs").tolist()
    [6.0]
    """
    items = [f"{key}{k}" for k in ITEMS]
    _check_scale(data, items, points)
    return data[items].astype(float).mean(axis=1)


def straightliners(data: pd.DataFrame) -> pd.Series:
    """True for rows whose answers to every scale item present are one and the same value
    (a response style to report; they are not excluded automatically).

    Parameters
    ----------
    data : pandas.DataFrame
        Answers, one row per respondent, scale items as columns.

    Returns
    -------
    pandas.Series
        True where every scale item present has the same answer.

    Examples
    --------
    >>> straightliners(pd.DataFrame({"rs1": [4, 4], "rs2": [4, 5], "rs3": [4, 5]})).tolist()
    [True, False]
    """
    items = [f"{k}{i}" for k in SCALES for i in ITEMS if f"{k}{i}" in data.columns]
    values = data[items]
    return values.nunique(axis=1, dropna=True).eq(1) & (values.notna().sum(axis=1) >= 3)


def exclude_inattentive(data: pd.DataFrame, column: str = "attention", *, by=None) -> tuple[pd.DataFrame, dict]:
    """Drop respondents who failed the attention check, and say so.

    A respondent who failed once is dropped everywhere.

    Parameters
    ----------
    data : pandas.DataFrame
        Answers.
    column : str
        The instructed item (the right answer is ``ATTENTION_ANSWER``).
    by : list of str, optional
        Factors to count the exclusions per cell.

    Returns
    -------
    kept : pandas.DataFrame
        The answers kept.
    report : dict
        Rows and respondents excluded out of how many, the share, the excluded per cell of
        ``by``, and the straight-liners flagged among the kept.

    References
    ----------
    Oppenheimer, D. M., Meyvis, T. & Davidenko, N. (2009). Instructional manipulation checks.
    Journal of Experimental Social Psychology, 45(4).

    Examples
    --------
    >>> kept, report = exclude_inattentive(pd.DataFrame({"attention": [2, 5, 2]}))
    >>> report["excluded"], report["of"]
    (1, 3)
    """
    if column not in data.columns:
        raise DesignError(f"the attention-check column {column!r} is not in the data; pass exclude=False to "
                          "analyse without the check")
    failed = pd.to_numeric(data[column], errors="coerce") != ATTENTION_ANSWER
    if "respondent" in data.columns:  # a respondent who failed once is out everywhere
        bad_people = set(data.loc[failed, "respondent"])
        failed = data["respondent"].isin(bad_people)
    report = {"excluded": int(failed.sum()), "of": len(data), "share": float(failed.mean()) if len(data) else 0.0}
    if "respondent" in data.columns:
        report["respondents_excluded"] = int(data.loc[failed, "respondent"].nunique())
    if by:
        report["by_cell"] = data.assign(_f=failed).groupby(list(by), observed=True)["_f"].sum().astype(int).to_dict()
    kept = data[~failed].copy()
    report["straightliners_flagged"] = int(straightliners(kept).sum())
    return kept, report


def _prepare(data: pd.DataFrame, outcome: str, factors, exclude: bool, points: int):
    if outcome not in SCALES:
        raise DesignError(f"outcome {outcome!r} is not a scale; use one of {list(SCALES)}")
    missing = [f for f in factors if f not in data.columns]
    if missing:
        raise DesignError(f"unknown factor {missing[0]!r}: not a column of the data")
    if exclude:
        kept, report = exclude_inattentive(data, by=factors)
    else:
        kept, report = data.copy(), {"excluded": 0, "of": len(data), "share": 0.0, "note": "no exclusion asked"}
    kept["_y"] = scale_score(kept, outcome, points=points)
    missing_y = kept["_y"].isna()
    report["not_asked"] = int(missing_y.sum())  # e.g. justice in a no-failure cell: reported, not analysed
    return kept[~missing_y], report


def _within_factors(data: pd.DataFrame, factors: list) -> list:
    if "respondent" not in data.columns or not data["respondent"].duplicated().any():
        return []
    return [f for f in factors if (data.groupby("respondent")[f].nunique() > 1).any()]


def _cells_key(data: pd.DataFrame, factors: list) -> pd.Series:
    return data[factors].astype(str).agg(tuple, axis=1)
