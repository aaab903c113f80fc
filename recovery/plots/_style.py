"""House style and the language switch shared by every chart in recovery."""
from __future__ import annotations

import contextlib
import importlib.util
import warnings
from pathlib import Path

import matplotlib as mpl
import seaborn as sns
from matplotlib import font_manager

__all__ = [
    "PALETTE", "CJKFontWarning", "set_language", "get_language", "label",
    "set_theme", "house_style", "cjk_font", "missing_glyphs",
]

#: Okabe & Ito (2008) colour-blind-safe palette; it also separates in greyscale print
#: when paired with the line styles and hatches the charts use.
PALETTE = {
    "blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "vermillion": "#D55E00",
    "sky": "#56B4E9", "purple": "#CC79A7", "yellow": "#F0E442", "black": "#000000",
    "grey": "#8C8C8C",
}
#: Meaning-bearing colours used across charts, so "good" and "bad" look the same everywhere.
GOOD, BAD, NEUTRAL, SILENT = PALETTE["blue"], PALETTE["vermillion"], PALETTE["grey"], PALETTE["sky"]

_LANGUAGES = ("en", "zh")
_language = "en"
_warned_no_font = False

# Families that carry simplified-Chinese glyphs, best first.
_CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Noto Sans CJK JP",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei", "PingFang SC",
    "Heiti SC", "AR PL UMing CN", "Droid Sans Fallback",
)


class CJKFontWarning(UserWarning):
    """No font with Chinese glyphs was found: Chinese labels would show as empty boxes."""


def _register_bundled_fonts() -> None:
    spec = importlib.util.find_spec("mplfonts")  # the package ships Noto Sans CJK SC
    if spec is None or not spec.submodule_search_locations:
        return
    font = Path(spec.submodule_search_locations[0]) / "fonts" / "NotoSansCJKsc-Regular.otf"
    known = {f.fname for f in font_manager.fontManager.ttflist}
    if font.is_file() and str(font) not in known:
        font_manager.fontManager.addfont(str(font))


def cjk_font() -> str | None:
    """The name of an installed font family with Chinese glyphs, or None.

    >>> cjk_font() is None or isinstance(cjk_font(), str)
    True
    """
    _register_bundled_fonts()
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((family for family in _CJK_FAMILIES if family in installed), None)


def set_language(language: str) -> None:
    """Draw every later chart with English ("en") or Chinese ("zh") text.

    >>> set_language("zh"); label("Satisfaction", "满意度")
    '满意度'
    >>> set_language("en")
    """
    global _language, _warned_no_font
    if language not in _LANGUAGES:
        raise ValueError(f"language must be one of {_LANGUAGES}, got {language!r}")
    _language = language
    if language == "zh" and cjk_font() is None and not _warned_no_font:
        _warned_no_font = True
        warnings.warn(
            "No font with Chinese glyphs was found, so Chinese labels would draw as empty "
            "boxes. Install one: `pip install mplfonts` (bundled Noto Sans CJK SC), or on "
            "Debian/Ubuntu `sudo apt-get install fonts-noto-cjk`, then restart the kernel.",
            CJKFontWarning, stacklevel=2,
        )


def get_language() -> str:
    """The current chart language, "en" or "zh"."""
    return _language


def label(en: str, zh: str) -> str:
    """Pick the text for the current language; every chart label goes through this.

    >>> label("Complaint iceberg", "投诉冰山")
    'Complaint iceberg'
    """
    return zh if _language == "zh" else en


def _rc() -> dict:
    rc = {
        "axes.prop_cycle": mpl.cycler(color=[PALETTE[c] for c in (
            "blue", "orange", "green", "vermillion", "sky", "purple", "yellow", "black")]),
        "axes.spines.top": False, "axes.spines.right": False,
        "axes.titleweight": "bold" if _language == "en" else "normal", "axes.titlelocation": "left",
        "figure.dpi": 110, "savefig.dpi": 200, "figure.autolayout": False,
        "legend.frameon": False,
    }
    if _language == "zh":
        font = cjk_font()
        if font is not None:
            # Concrete family names, so text created here keeps the font when drawn later.
            rc["font.family"] = [font, "DejaVu Sans"]
            rc["axes.unicode_minus"] = False
    return rc


def set_theme() -> None:
    """Apply the house style globally (seaborn ``set_theme`` plus our palette and fonts)."""
    sns.set_theme(context="notebook", style="whitegrid", rc=_rc())


@contextlib.contextmanager
def house_style():
    """Context in which a chart function draws: house style and current language's font."""
    interactive = []
    try:
        with sns.axes_style("whitegrid"), sns.plotting_context("notebook"), mpl.rc_context(_rc()):
            try:
                yield
            finally:
                interactive.append(mpl.is_interactive())
    finally:
        # Jupyter's inline backend switches interactive mode on when the first figure is made;
        # rc_context would undo that on exit and no later figure would be shown.
        if interactive:
            mpl.interactive(interactive[0])


def _font_files(props) -> list[str]:
    names = []
    for family in props.get_family():
        generic = f"font.{family}"
        names.extend(mpl.rcParams[generic] if generic in mpl.rcParams else [family])
    files = []
    for name in names:
        try:
            files.append(font_manager.findfont(
                font_manager.FontProperties(family=name, style=props.get_style(), weight=props.get_weight()),
                fallback_to_default=False))
        except ValueError:  # family not installed
            continue
    return files


def missing_glyphs(fig) -> list[tuple[str, str]]:
    """(text, character) pairs in ``fig`` that its fonts cannot draw (they would show as boxes).

    Tests call this on every chart drawn in Chinese.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(); _ = ax.set_title("abc")
    >>> missing_glyphs(fig)
    []
    """
    from matplotlib.ft2font import FT2Font
    from matplotlib.text import Text

    fig.canvas.draw()
    missing, fonts = [], {}
    for text in fig.findobj(Text):
        content = text.get_text()
        if not content or not text.get_visible():
            continue
        faces = [fonts.setdefault(p, FT2Font(p)) for p in _font_files(text.get_fontproperties())]
        for char in set(content):
            if char.isspace() or ord(char) < 128:
                continue
            if not any(face.get_char_index(ord(char)) for face in faces):
                missing.append((content, char))
    return missing
