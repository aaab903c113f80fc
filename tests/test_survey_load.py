"""load_survey: every kind of bad input names the column (and row) and the fix."""
import numpy as np
import pandas as pd
import pytest

from recovery.survey import SurveyDataError, likert, load_survey

SCALES = likert(["dj1", "dj2", "sat1"], 1, 7)


def frame(**changes):
    df = pd.DataFrame({"dj1": [1, 4, 7, 5], "dj2": [7, 5, 1, 2], "sat1": [3, 4, 6, 7]})
    for col, (row, value) in changes.items():
        df[col] = df[col].astype(object)
        df.loc[row, col] = value
    return df


@pytest.mark.parametrize("data, message", [
    (frame(dj1=(2, 9)), "column 'dj1', row 2: value 9 is outside the declared scale 1-7"),
    (frame(dj2=(1, "seven")), "column 'dj2', row 1: 'seven' is not a number"),
    (frame(sat1=(0, 3.5)), "column 'sat1', row 0: value 3.5 is outside the declared scale"),
    (frame().drop(columns="sat1"), "column 'sat1' is declared in scales but not in the data"),
    (frame().assign(dj1=4), "column 'dj1' is constant"),
])
def test_bad_input_names_the_column(data, message):
    with pytest.raises(SurveyDataError, match=message.replace("(", r"\(")):
        load_survey(data, SCALES)


def test_reverse_coding_and_missing_report():
    df = frame()
    df.loc[3, "sat1"] = np.nan
    out = load_survey(df, SCALES, reverse=["dj2"])
    assert out["dj2"].tolist() == [1, 3, 7, 6]
    assert out.attrs["missing"].loc["sat1", "missing"] == 1
    assert len(out) == 4  # nothing dropped


def test_reads_csv_and_excel_and_rejects_empty_files(tmp_path):
    df = frame()
    df.to_csv(tmp_path / "s.csv", index=False)
    df.to_excel(tmp_path / "s.xlsx", index=False)
    for name in ("s.csv", "s.xlsx"):
        assert load_survey(tmp_path / name, SCALES).shape == (4, 3)
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(SurveyDataError, match="empty"):
        load_survey(tmp_path / "empty.csv", SCALES)
