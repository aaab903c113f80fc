"""PLS-SEM: fit (with a survey-weighted, batched bootstrap), predict, compare groups, assess.

Models are lavaan-style text as R cSEM reads it (``=~`` reflective, ``<~`` composite, ``~``
paths, a construct of constructs a higher-order construct); see :func:`fit_pls`.
"""
from recovery.survey.pls._model import PLSModelError
from recovery.survey.pls.assess import CopulaResult, CVPATResult, IPMAMap, copula_test, cvpat, ipma
from recovery.survey.pls.fit import PLSResult, fit_pls
from recovery.survey.pls.groups import MGAResult, MICOMResult, PLSGroupError, micom, pls_mga
from recovery.survey.pls.predict import PLSPrediction, pls_predict

__all__ = ["fit_pls", "PLSResult", "PLSModelError", "pls_predict", "PLSPrediction", "micom", "MICOMResult",
           "pls_mga", "MGAResult", "PLSGroupError", "ipma", "IPMAMap", "cvpat", "CVPATResult", "copula_test",
           "CopulaResult"]
