"""Ordered logit and probit for Likert outcomes (statsmodels ``OrderedModel``; R ``MASS::polr``).

Frequency weights are honoured exactly by repeating each row ``weight`` times (the likelihood
of a frequency-weighted model). Cut-points are reported as R's ``polr`` does (the thresholds
themselves, named "Low|Medium"), slopes with R-style names ("InflHigh").

>>> import pandas as pd
>>> df = pd.DataFrame({"sat": pd.Categorical(["lo", "mid", "hi", "mid", "hi", "lo"] * 5,
...                                          categories=["lo", "mid", "hi"], ordered=True),
...                    "speed": [0, 1, 2, 1, 1, 2] * 5})
>>> res = ordered_logit("sat ~ speed", df)
>>> list(res.params_.index)
['speed', 'lo|mid', 'mid|hi']
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.miscmodels.ordinal_model import OrderedModel

from recovery._validation import SurveyDataError

__all__ = ["ordered_logit", "ordered_probit", "OrderedResult"]


@dataclass
class OrderedResult:
    """A fitted ordered model.

    Attributes
    ----------
    params_ : Series
        Slopes by term (R-style names), then the cut-points ("lo|mid", as polr).
    bse_ : Series
        Their standard errors (cut-points by the delta method).
    odds_ratios_ : Series
        exp(slope), logit link only.
    categories_ : list
        The outcome's categories, lowest first.
    distr : str
        "logit" or "probit" (echoed).
    """

    params_: pd.Series
    bse_: pd.Series
    categories_: list
    distr: str
    model_: object
    fit_: object

    @property
    def odds_ratios_(self) -> pd.Series:
        if self.distr != "logit":
            raise ValueError("odds ratios exist for the logit link only; use ordered_logit")
        slopes = self.params_.iloc[: len(self.params_) - len(self.categories_) + 1]
        return np.exp(slopes).rename("odds_ratio")

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Wald intervals estimate +- z(1 - alpha/2) se, one row per term."""
        z = stats.norm.ppf(1 - alpha / 2)
        return pd.DataFrame({"ci_low": self.params_ - z * self.bse_, "ci_high": self.params_ + z * self.bse_})

    def summary_frame(self, alpha: float = 0.05) -> pd.DataFrame:
        """term, estimate, se, z, p, ci_low, ci_high (odds ratios: ``odds_ratios_``)."""
        z = self.params_ / self.bse_
        out = pd.DataFrame({"estimate": self.params_, "se": self.bse_, "z": z, "p": 2 * stats.norm.sf(np.abs(z))})
        return out.join(self.conf_int(alpha)).rename_axis("term").reset_index()

    def summary(self) -> str:
        """A printable overview: link, categories and the estimates (and odds ratios with the logit link)."""
        frame = self.summary_frame()
        if self.distr == "logit":
            frame["odds_ratio"] = frame["term"].map(self.odds_ratios_)
        return (f"ordered {self.distr} ({len(self.categories_)} categories: {self.categories_})\n"
                + frame.round(4).to_string(index=False))

    def predict_proba(self, data: pd.DataFrame) -> pd.DataFrame:
        """Predicted probability of each category for new rows (same predictor columns)."""
        probs = self.fit_.predict(data)  # the formula's design is applied to the new rows
        return pd.DataFrame(np.asarray(probs), index=data.index, columns=self.categories_)


def _r_name(term: str) -> str:
    return re.sub(r"\[T\.(.*?)\]", r"\1", term)


def _fit(formula: str, data: pd.DataFrame, weights, distr: str) -> OrderedResult:
    outcome = formula.split("~")[0].strip()
    if outcome not in data.columns:
        raise SurveyDataError(f"outcome {outcome!r} is not a column; columns are {list(data.columns)}")
    frame = data.copy()
    if not isinstance(frame[outcome].dtype, pd.CategoricalDtype) or not frame[outcome].cat.ordered:
        values = sorted(frame[outcome].dropna().unique())
        frame[outcome] = pd.Categorical(frame[outcome], categories=values, ordered=True)
    if weights is not None:
        w = frame[weights] if isinstance(weights, str) else pd.Series(weights, index=frame.index)
        if (w < 0).any() or (w != np.round(w)).any():
            raise SurveyDataError(f"weights must be frequency weights: non-negative whole numbers, got "
                                  f"{float(w[(w < 0) | (w != np.round(w))].iloc[0])!r}; round them or use counts")
        frame = frame.loc[frame.index.repeat(w.astype(int).to_numpy())].reset_index(drop=True)
    categories = list(frame[outcome].cat.categories)
    model = OrderedModel.from_formula(formula, frame, distr=distr)
    fit = model.fit(method="newton", disp=False, maxiter=200)
    names = [_r_name(n) for n in fit.params.index]
    k = len(names) - (len(categories) - 1)
    raw = fit.params.to_numpy()
    cov = np.asarray(fit.cov_params())
    # statsmodels: first threshold, then log increments; polr: the thresholds themselves
    cuts = np.cumsum(np.concatenate([[raw[k]], np.exp(raw[k + 1:])]))
    jac = np.zeros((len(cuts), len(raw)))
    for i in range(len(cuts)):
        jac[i, k] = 1
        for j in range(1, i + 1):
            jac[i, k + j] = np.exp(raw[k + j])
    cut_se = np.sqrt(np.diag(jac @ cov @ jac.T))
    labels = [f"{a}|{b}" for a, b in zip(categories[:-1], categories[1:])]
    params = pd.Series(np.concatenate([raw[:k], cuts]), index=names[:k] + labels, name="estimate")
    bse = pd.Series(np.concatenate([np.sqrt(np.diag(cov))[:k], cut_se]), index=params.index, name="se")
    return OrderedResult(params_=params, bse_=bse, categories_=categories, distr=distr, model_=model, fit_=fit)


def ordered_logit(formula: str, data: pd.DataFrame, *, weights=None) -> OrderedResult:
    """Proportional-odds logistic regression, as R's ``MASS::polr(method = "logistic")``.

    Parameters
    ----------
    formula : str
        "outcome ~ predictors" (patsy); the outcome an ordered Categorical, or its sorted values.
    data : DataFrame
        The outcome and predictor columns.
    weights : str or array-like, optional
        Frequency weights (a column name or one non-negative whole number per row).

    Returns
    -------
    OrderedResult
        ``params_``, ``bse_``, ``odds_ratios_``; ``summary()``, ``summary_frame()``, ``conf_int(alpha)``.

    References
    ----------
    MASS::polr (Venables & Ripley 2002, Modern Applied Statistics with S, 4th ed., ch. 7.3).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"sat": [1, 2, 3, 2, 3, 1] * 5, "speed": [0, 1, 2, 1, 1, 2] * 5})
    >>> ordered_logit("sat ~ speed", df).summary_frame()["term"].tolist()
    ['speed', '1|2', '2|3']
    """
    return _fit(formula, data, weights, "logit")


def ordered_probit(formula: str, data: pd.DataFrame, *, weights=None) -> OrderedResult:
    """Ordered probit, as R's ``MASS::polr(method = "probit")``.

    Parameters
    ----------
    formula : str
        "outcome ~ predictors" (patsy).
    data : DataFrame
        The outcome and predictor columns.
    weights : str or array-like, optional
        Frequency weights.

    Returns
    -------
    OrderedResult
        As ``ordered_logit`` (no odds ratios).

    References
    ----------
    MASS::polr (Venables & Ripley 2002, ch. 7.3).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"sat": [1, 2, 3, 2, 3, 1] * 5, "speed": [0, 1, 2, 1, 1, 2] * 5})
    >>> ordered_probit("sat ~ speed", df).distr
    'probit'
    """
    return _fit(formula, data, weights, "probit")
