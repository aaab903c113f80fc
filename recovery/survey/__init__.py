"""Survey analysis: load and validate Likert data, reliability and validity, CB-SEM (semopy),
PLS-SEM (numpy), ordered logit, mediation and moderation, and fitted paths into the simulator.
"""
from recovery.survey.ordinal import OrderedResult, ordered_logit, ordered_probit
from recovery.survey.pls import PLSModelError, PLSResult, fit_pls
from recovery.survey.sem import SEMResult, fit_sem

__all__ = ["fit_pls", "PLSResult", "PLSModelError", "fit_sem", "SEMResult", "ordered_logit", "ordered_probit",
           "OrderedResult"]
