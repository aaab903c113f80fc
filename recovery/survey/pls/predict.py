"""PLSpredict: out-of-sample prediction of the endogenous items against a linear benchmark,
with Q²predict's benchmark table (Shmueli et al. 2016, 2019)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from recovery._seeding import children, generator
from recovery.survey.pls.fit import PLSModelError, _build_spec, _prepare_items, fit_pls
from recovery.survey.pls._model import parse_model

__all__ = ["pls_predict", "PLSPrediction"]


@dataclass
class PLSPrediction:
    """PLSpredict's output (from :func:`pls_predict`).

    ``items_``: one row per endogenous item: ``construct``, ``q2_predict`` (1 - SSE / SSE of
    the training mean), ``rmse_pls``, ``mae_pls``, ``rmse_lm``, ``mae_lm`` and
    ``pls_beats_lm`` (lower RMSE). ``power_``: one row per endogenous construct: ``items``,
    ``min_q2_predict``, ``items_beating_lm`` and ``power`` by Shmueli et al.'s (2019) rule:
    "none" when any item has Q²predict <= 0 (no better than the training mean), else "high"
    when PLS beats LM on every item, "medium" on most, "low" on a minority, "lacking" on none.
    Echoed: ``folds``, ``repeats``. A table of prediction errors, not an estimate with a
    sampling distribution, so it has no ``conf_int`` (seminr's ``predict_pls`` and SmartPLS's
    PLSpredict report none either).
    """

    items_: pd.DataFrame
    power_: pd.DataFrame
    folds: int
    repeats: int

    def summary_frame(self) -> pd.DataFrame:
        """The per-item table, ``item`` first."""
        return self.items_.reset_index()

    def summary(self) -> pd.DataFrame:
        """The per-construct verdict (``power_``)."""
        return self.power_


def _power(prediction: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for construct, part in prediction.groupby("construct", sort=False):
        beats, k = int(part["pls_beats_lm"].sum()), len(part)
        if (part["q2_predict"] <= 0).any():
            power = "none"
        else:
            power = "high" if beats == k else "medium" if beats > k / 2 else "low" if beats else "lacking"
        rows.append((construct, k, part["q2_predict"].min(), beats, power))
    return pd.DataFrame(rows, columns=["construct", "items", "min_q2_predict", "items_beating_lm",
                                       "power"]).set_index("construct")


def pls_predict(model: str, data: pd.DataFrame, *, folds: int = 10, repeats: int = 1, seed=None,
                **fit_options) -> PLSPrediction:
    """PLSpredict: k-fold out-of-sample prediction of every item of the endogenous constructs,
    against a linear-model benchmark.

    In each fold the model is fitted on the other folds; the held-out respondents' exogenous
    scores (training weights, centring and scaling) give the endogenous scores through the
    total effects (the "earliest antecedents" rule, so no item of an endogenous construct is
    used to predict itself; seminr's ``predict_pls`` defaults to direct antecedents), and each
    item is predicted as its training mean + loading x SD x predicted score. The benchmark
    (LM) regresses each endogenous item on all exogenous items.

    Parameters
    ----------
    model : str
        The model text, as :func:`fit_pls`.
    data : pandas.DataFrame
        The items, complete (PLSpredict compares predictions with answers).
    folds : int
        Number of folds (10, as seminr and SmartPLS).
    repeats : int
        Random fold splits averaged, each from a child of ``seed``.
    seed : int, SeedSequence, Generator or None
        Seeds the fold splits.
    **fit_options
        Passed to :func:`fit_pls` (``scheme``, ``scaled``, ``tol``, ...; not ``bootstrap``).

    Returns
    -------
    PLSPrediction
        ``items_`` (per item) and ``power_`` (per construct, Q²predict's benchmark table).

    References
    ----------
    R ``seminr::predict_pls``; Shmueli et al. (2016), J. Business Research 69, 4552-4564;
    Shmueli et al. (2019), European J. Marketing 53, 2322-2347.

    Examples
    --------
    >>> import recovery
    >>> data = recovery.load_dataset("ecsi_satisfaction")
    >>> model = "IMAG =~ imag1 + imag2 + imag3; LOY =~ loy1 + loy2 + loy3; LOY ~ IMAG"
    >>> out = pls_predict(model, data, folds=5, seed=1)
    >>> bool((out.items_["q2_predict"] > 0).all()), int(out.power_.loc["LOY", "items"])
    (True, 3)
    """
    m = parse_model(model)
    spec = _build_spec(data, m.paths, m.blocks, m.modes, fit_options.get("scheme", "path"),
                       fit_options.get("scaled", True), fit_options.get("criterion", "absolute"))
    if fit_options.get("bootstrap"):
        raise PLSModelError("pls_predict does not bootstrap; drop bootstrap= from its arguments")
    n = len(data)
    if not (isinstance(folds, (int, np.integer)) and 2 <= folds <= n):
        raise PLSModelError(f"folds = {folds!r}; use an integer from 2 to the number of rows ({n})")
    if not (isinstance(repeats, (int, np.integer)) and repeats >= 1):
        raise PLSModelError(f"repeats = {repeats!r}; use a positive integer")
    _prepare_items(data, spec)
    blocks = m.blocks
    exo = [c for c, row in zip(spec.constructs, spec.path) if row.sum() == 0]
    endo = [c for c in spec.constructs if c not in exo]
    endo_items = [i for c in endo for i in blocks[c]]
    exo_items = [i for c in exo for i in blocks[c]]
    actual = data[endo_items].to_numpy(float)
    pred_pls = np.zeros_like(actual)
    pred_lm = np.zeros_like(actual)
    pred_mean = np.zeros_like(actual)
    for child in children(seed, repeats):
        fold = generator(child).permutation(n) % folds
        for f in range(folds):
            test = fold == f
            train = data.iloc[~test]
            fit = fit_pls(model, train, **fit_options)
            scores = fit.transform(data.iloc[test])
            total = fit.effects_.set_index(["from", "to"])["total"]
            load = fit.loadings_.set_index("item")["loading"]
            for c in endo:
                yhat = sum(scores[e].to_numpy() * total.get((e, c), 0.0) for e in exo)
                for item in blocks[c]:
                    col = endo_items.index(item)
                    pred_pls[test, col] += fit.item_center_[item] + load[item] * fit.item_sd_[item] * yhat
            x_train = np.column_stack([np.ones(len(train)), train[exo_items].to_numpy(float)])
            x_test = np.column_stack([np.ones(int(test.sum())), data.iloc[test][exo_items].to_numpy(float)])
            coef, *_ = np.linalg.lstsq(x_train, train[endo_items].to_numpy(float), rcond=None)
            pred_lm[test] += x_test @ coef
            pred_mean[test] += train[endo_items].to_numpy(float).mean(axis=0)
    pred_pls, pred_lm, pred_mean = pred_pls / repeats, pred_lm / repeats, pred_mean / repeats
    err_pls, err_lm = actual - pred_pls, actual - pred_lm
    block_of = {i: c for c in endo for i in blocks[c]}
    out = pd.DataFrame({
        "construct": [block_of[i] for i in endo_items],
        "q2_predict": 1 - (err_pls ** 2).sum(axis=0) / ((actual - pred_mean) ** 2).sum(axis=0),
        "rmse_pls": np.sqrt((err_pls ** 2).mean(axis=0)), "mae_pls": np.abs(err_pls).mean(axis=0),
        "rmse_lm": np.sqrt((err_lm ** 2).mean(axis=0)), "mae_lm": np.abs(err_lm).mean(axis=0)},
        index=pd.Index(endo_items, name="item"))
    out["pls_beats_lm"] = out["rmse_pls"] < out["rmse_lm"]
    return PLSPrediction(out, _power(out), int(folds), int(repeats))
