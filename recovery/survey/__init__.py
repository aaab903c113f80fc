"""Survey analysis: load and validate Likert data, reliability and validity, CB-SEM (lavaan's terms: groups, invariance, MLR, FIML),
PLS-SEM (numpy, in ``recovery.survey.pls``), ordered logit, mediation and moderation, and fitted paths into the simulator.

Models are lavaan-style text for every estimator that takes one (``fit_sem``, ``fit_pls``,
``reliability``, ...): ``fit_x(model, data, *, options)``.
"""
from recovery.survey._to_params import params_mapping, paths_to_params
from recovery.survey.load import SurveyDataError, likert, load_survey, missing_report
from recovery.survey._mediation import (MediationResult, ModeratedMediationResult, ModerationResult, mediation,
                                        moderated_mediation, moderation)
from recovery.survey.ordinal import OrderedResult, ordered_logit, ordered_probit
from recovery.survey.pls import (CopulaResult, CVPATResult, IPMAMap, MGAResult, MICOMResult, PLSGroupError,
                                 PLSModelError, PLSPrediction, PLSResult, copula_test, cvpat, fit_pls, ipma, micom,
                                 pls_mga, pls_predict)
from recovery.survey._reliability import cronbach_alpha, fornell_larcker, htmt, item_total, omega_total, reliability
from recovery.survey.sem import (HeywoodCaseWarning, ModelSpecError, NonConvergenceWarning, SEMResult, SensitivityResult,
                                 estimator_sensitivity, fit_sem, invariance, lr_test)

__all__ = ["fit_pls", "pls_predict", "PLSPrediction", "PLSResult", "PLSModelError", "micom", "MICOMResult",
           "pls_mga", "MGAResult", "PLSGroupError", "ipma", "IPMAMap", "cvpat", "CVPATResult", "copula_test",
           "CopulaResult", "fit_sem", "SEMResult", "invariance",
           "lr_test", "estimator_sensitivity", "SensitivityResult", "ModelSpecError", "HeywoodCaseWarning", "NonConvergenceWarning", "ordered_logit", "ordered_probit",
           "OrderedResult", "load_survey", "likert", "missing_report", "SurveyDataError", "reliability",
           "cronbach_alpha", "omega_total", "fornell_larcker", "htmt", "item_total", "mediation", "moderation",
           "moderated_mediation", "MediationResult", "ModerationResult", "ModeratedMediationResult",
           "paths_to_params", "params_mapping"]
