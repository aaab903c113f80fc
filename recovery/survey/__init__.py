"""Survey analysis: load and validate Likert data, reliability and validity, CB-SEM (semopy),
PLS-SEM (numpy), ordered logit, mediation and moderation, and fitted paths into the simulator.
"""
from recovery.survey.pls import PLSModelError, PLSResult, fit_pls

__all__ = ["fit_pls", "PLSResult", "PLSModelError"]
