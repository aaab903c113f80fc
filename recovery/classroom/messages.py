"""The classroom app's texts: a view of the ``classroom.*`` keys of the one message catalogue
(:mod:`recovery.plots._catalog`), so the app, the charts and the decks share their words.
Chinese follows the training material's own terms (客户, 投诉 for a complaint to the firm, 抱怨
for a grievance told, 服务失误, 服务补救, 口碑).

>>> text("app_title", "zh")
'服务补救课堂'
>>> text("paradox_recovered", "en", settings="50%")
'Failure, complaint resolved (50%)'
"""
from __future__ import annotations

from recovery.plots import _catalog

__all__ = ["MESSAGES", "LANGUAGES", "text"]

LANGUAGES = ("en", "zh")
_PREFIX = "classroom."

#: key -> {"en": ..., "zh": ...} for every text of the app (read from the catalogue).
MESSAGES: dict[str, dict[str, str]] = {key.removeprefix(_PREFIX): dict(zip(LANGUAGES, texts))
                                       for key, texts in _catalog.MESSAGES.items() if key.startswith(_PREFIX)}


def text(key: str, lang: str, **values) -> str:
    """The text ``key`` in ``lang`` ("en" or "zh"), formatted with ``values``.

    Parameters
    ----------
    key : str
        The message's key.
    lang : {'en', 'zh'}
        The language.
    **values
        Values of the message's placeholders.

    Returns
    -------
    str
        The formatted text.

    Examples
    --------
    >>> text("rp_card_title", "zh", number=3)
    '第3号卡'
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang = {lang!r} is not a language of the app; use one of {LANGUAGES}")
    if key not in MESSAGES:
        raise KeyError(f"no message {key!r} among the catalogue's {_PREFIX}* keys (recovery/plots/_catalog.py)")
    return _catalog.text(_PREFIX + key, lang=lang, **values)
