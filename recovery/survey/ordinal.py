"""Ordered logit and probit for Likert outcomes (statsmodels ``OrderedModel``; R ``MASS::polr``).

Frequency weights are honoured exactly by repeating each row ``weight`` times (the likelihood
of a frequency-weighted model). Cut-points are reported as R's ``polr`` does (the thresholds
themselves, named "Low|Medium"), slopes with R-style names ("InflHigh").

>>> import pandas as pd
>>> df = pd.DataFrame({"sat": pd.Categorical(["lo", "mid", "hi", "mid", "hi", "lo"] * 5,
...                                          categories=["lo", "mid", "hi"], ordered=True),
...                    "speed": [0, 1, 2, 1, 1, 2] * 5})
>>> res = ordered_logit("sat ~ speed", df)
>>> list(res.params.index)
['speed', 'lo|mid', 'mid|hi']
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.miscmodels.ordinal_model import OrderedModel

__all__ = ["ordered_logit", "ordered_probit", "OrderedResult"]


@dataclass
class OrderedResult:
    """A fitted ordered model: ``params`` (slopes by term, then cut-points), ``bse``,
    ``odds_ratios`` (logit only), ``categories``; ``summary()``, ``conf_int()``, ``predict_proba()``."""

    params: pd.Series
    bse: pd.Series
    categories: list
    distr: str
    model_: object
    fit_: object

    @property
    def odds_ratios(self) -> pd.Series:
        if self.distr != "logit":
            raise ValueError("odds ratios exist for the logit link only; use ordered_logit")
        slopes = self.params.iloc[: len(self.params) - len(self.categories) + 1]
        return np.exp(slopes).rename("odds_ratio")

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        z = stats.norm.ppf(1 - alpha / 2)
        return pd.DataFrame({"ci_low": self.params - z * self.bse, "ci_high": self.params + z * self.bse})

    def summary(self) -> pd.DataFrame:
        """Estimates with standard errors, z, p and 95% intervals (cut-point SEs by the delta method)."""
        z = self.params / self.bse
        out = pd.DataFrame({"estimate": self.params, "se": self.bse, "z": z, "p": 2 * stats.norm.sf(np.abs(z))})
        out = out.join(self.conf_int())
        if self.distr == "logit":
            out["odds_ratio"] = self.odds_ratios.reindex(out.index)
        return out

    def predict_proba(self, data: pd.DataFrame) -> pd.DataFrame:
        """Predicted probability of each category for new rows (same predictor columns)."""
        probs = self.fit_.predict(data)  # the formula's design is applied to the new rows
        return pd.DataFrame(np.asarray(probs), index=data.index, columns=self.categories)


def _r_name(term: str) -> str:
    return re.sub(r"\[T\.(.*?)\]", r"\1", term)


def _fit(formula: str, data: pd.DataFrame, weights, distr: str) -> OrderedResult:
    outcome = formula.split("~")[0].strip()
    if outcome not in data.columns:
        raise KeyError(f"outcome {outcome!r} is not a column; columns are {list(data.columns)}")
    frame = data.copy()
    if not isinstance(frame[outcome].dtype, pd.CategoricalDtype) or not frame[outcome].cat.ordered:
        values = sorted(frame[outcome].dropna().unique())
        frame[outcome] = pd.Categorical(frame[outcome], categories=values, ordered=True)
    if weights is not None:
        w = frame[weights] if isinstance(weights, str) else pd.Series(weights, index=frame.index)
        if (w < 0).any() or (w != np.round(w)).any():
            raise ValueError("weights must be frequency weights: non-negative whole numbers")
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
    return OrderedResult(params=params, bse=bse, categories=categories, distr=distr, model_=model, fit_=fit)


def ordered_logit(formula: str, data: pd.DataFrame, weights=None) -> OrderedResult:
    """Proportional-odds logistic regression (R ``MASS::polr(method = "logistic")``).

    ``weights``: a column name or array of frequency weights.
    """
    return _fit(formula, data, weights, "logit")


def ordered_probit(formula: str, data: pd.DataFrame, weights=None) -> OrderedResult:
    """Ordered probit (R ``MASS::polr(method = "probit")``)."""
    return _fit(formula, data, weights, "probit")
