"""The live classroom app (``recovery classroom``) and the complaint-handling role-play.

The role-play's mechanics live in :mod:`recovery.classroom.roleplay` (cards, steps, phrases,
remedies, :func:`score_handling`), every text of the app in :mod:`recovery.classroom.messages`,
the app's pages in :mod:`recovery.classroom.app` (Panel) and the safe server in
:mod:`recovery.classroom.server`. The journey model is reached only through
``recovery/classroom/_model.py``.

>>> from recovery.classroom import deal, score_handling
>>> deal(7).number
7
"""
from recovery.classroom.roleplay import (
    COMPLAINANTS, EMOTIONS, PHRASES, REMEDIES, STEPS, Card, HandlingScore, RolePlayError, deal, handling_strategy,
    score_handling,
)

__all__ = ["COMPLAINANTS", "EMOTIONS", "PHRASES", "REMEDIES", "STEPS", "Card", "HandlingScore", "RolePlayError",
           "deal", "handling_strategy", "score_handling"]
