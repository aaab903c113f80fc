"""House style, the language switch and the medium (projector, screen, print) shared by every
chart in recovery."""
from __future__ import annotations

import contextlib
import importlib.util
import os
import warnings
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib import font_manager, patheffects, ticker

__all__ = [
    "PALETTE", "MEDIA", "CJKFontWarning", "set_language", "get_language", "label", "set_medium", "get_medium",
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
#: The colour cycle of every chart (seaborn's palette too), in this order.
CYCLE = [PALETTE[c] for c in ("blue", "orange", "green", "vermillion", "sky", "purple", "yellow", "black")]

#: Figure size (inches), body text and title sizes (points) per medium. Projector: a 16:9 slide
#: (13.33 x 7.5 in, PowerPoint's default) with text a back row can read, titles >= 28 pt and
#: labels >= 20 pt (the usual slide-design floors); screen: a notebook or laptop; print: a page column.
MEDIA = {
    "projector": {"size": (40 / 3, 7.5), "text": 20.0, "title": 28.0},
    "screen": {"size": (10.0, 5.625), "text": 13.0, "title": 17.0},
    "print": {"size": (6.5, 4.0), "text": 8.5, "title": 10.5},
}

_LANGUAGES = ("en", "zh")
#: `recovery report --lang zh` runs the notebooks with RECOVERY_LANG=zh, so they draw in Chinese.
_language = os.environ.get("RECOVERY_LANG", "en") if os.environ.get("RECOVERY_LANG") in _LANGUAGES else "en"
_medium = "screen"
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

    Returns
    -------
    str or None
        The family name (the Noto Sans CJK that mplfonts ships, or a system font), or None when
        none is installed.

    Examples
    --------
    >>> cjk_font() is None or isinstance(cjk_font(), str)
    True
    """
    _register_bundled_fonts()
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((family for family in _CJK_FAMILIES if family in installed), None)


def set_language(language: str) -> None:
    """Draw every later chart with English ("en") or Chinese ("zh") text.

    Parameters
    ----------
    language : {"en", "zh"}
        The language of titles, axis labels and legends.

    Returns
    -------
    None

    Raises
    ------
    ValueError
        For any other language.

    Examples
    --------
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
    """The current chart language.

    Returns
    -------
    str
        "en" or "zh".

    Examples
    --------
    >>> get_language()
    'en'
    """
    return _language


def label(en: str, zh: str) -> str:
    """Pick the text for the current language, for names you pass in (a construct's or a variable's).

    The charts' own words come from the message catalogue (``_catalog.py``).

    Parameters
    ----------
    en : str
        The English text.
    zh : str
        The Chinese text.

    Returns
    -------
    str
        ``en`` or ``zh``, whichever is the current language.

    Examples
    --------
    >>> label("Complaint iceberg", "投诉冰山")
    'Complaint iceberg'
    """
    return zh if _language == "zh" else en


def set_medium(medium: str) -> None:
    """Size every later chart for where it will be shown.

    Parameters
    ----------
    medium : {"projector", "screen", "print"}
        "projector": 16:9, titles 28 pt, labels 20 pt; "screen" (the default); "print" (see
        :data:`MEDIA` for each medium's sizes).

    Returns
    -------
    None

    Raises
    ------
    ValueError
        For any other medium.

    Examples
    --------
    >>> set_medium("projector"); get_medium()
    'projector'
    >>> set_medium("screen")
    """
    global _medium
    if medium not in MEDIA:
        raise ValueError(f"medium must be one of {tuple(MEDIA)}, got {medium!r}")
    _medium = medium


def get_medium() -> str:
    """The current medium the charts are sized for.

    Returns
    -------
    str
        "projector", "screen" or "print".

    Examples
    --------
    >>> get_medium()
    'screen'
    """
    return _medium


def text_size() -> float:
    """Body text size (points) of the current medium."""
    return MEDIA[_medium]["text"]


def thick(width: float) -> float:
    """A line width or marker size given for 12 pt text, scaled to the medium's text."""
    return width * text_size() / 12


def _rc() -> dict:
    m = MEDIA[_medium]
    rc = {
        "axes.prop_cycle": mpl.cycler(color=CYCLE),
        "axes.spines.top": False, "axes.spines.right": False,
        "axes.titleweight": "bold", "axes.titlelocation": "left", "figure.titleweight": "bold",
        "figure.dpi": 110, "savefig.dpi": 200, "figure.autolayout": False, "figure.figsize": m["size"],
        "legend.frameon": False,
        "font.size": m["text"], "axes.labelsize": m["text"], "xtick.labelsize": m["text"],
        "ytick.labelsize": m["text"], "legend.fontsize": m["text"], "legend.title_fontsize": m["text"],
        "axes.titlesize": m["title"], "figure.titlesize": m["title"],
        "lines.linewidth": thick(2), "lines.markersize": thick(7), "axes.linewidth": thick(1),
        "grid.linewidth": thick(0.8), "xtick.major.width": thick(1), "ytick.major.width": thick(1),
        "axes.titlepad": m["text"] * 0.6, "axes.labelpad": m["text"] * 0.3,
    }
    if _language == "zh":
        font = cjk_font()
        if font is not None:
            # Concrete family names, so text created here keeps the font when drawn later.
            rc["font.family"] = [font, "DejaVu Sans"]
            rc["axes.unicode_minus"] = False
    return rc


def set_theme() -> None:
    """Apply the house style globally: seaborn's ``set_theme`` plus the palette, fonts and sizes.

    Returns
    -------
    None

    Examples
    --------
    >>> set_theme()
    """
    sns.set_theme(style="whitegrid", palette=CYCLE, rc=_rc())


@contextlib.contextmanager
def house_style():
    """Context in which a chart function draws: house style, the language's font, the medium's sizes.

    Returns
    -------
    contextlib.AbstractContextManager
        Inside it matplotlib's settings are the house style's; they are restored on exit.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> with house_style():
    ...     fig, ax = plt.subplots()
    """
    interactive = []
    try:
        with sns.axes_style("whitegrid"), mpl.rc_context(_rc()):
            try:
                yield
            finally:
                interactive.append(mpl.is_interactive())
    finally:
        # Jupyter's inline backend switches interactive mode on when the first figure is made;
        # rc_context would undo that on exit and no later figure would be shown.
        if interactive:
            mpl.interactive(interactive[0])


def new_axes(ax=None, rows: int = 0, **subplots):
    """``ax`` if given, else a new figure of the medium's size (constrained layout) and its axes.
    ``rows``: category rows the chart stacks; a figure grows taller when they would not fit
    (except on a projector, which keeps its 16:9 slide)."""
    if ax is not None:
        return ax.figure, ax
    width, height = MEDIA[_medium]["size"]
    if rows and _medium != "projector":
        height = max(height, (rows * 2.1 * text_size() + 5 * MEDIA[_medium]["title"]) / 72)
    return plt.subplots(figsize=(width, height), layout="constrained", **subplots)


def _bold(text_artist) -> None:
    # The bundled Chinese font has one weight, so bold would draw regular: thicken the strokes.
    if _language == "zh":
        width = text_artist.get_fontsize() / 28
        text_artist.set_path_effects([patheffects.withStroke(linewidth=width, foreground=text_artist.get_color())])


def set_title(target, text: str) -> None:
    """The chart's title, bold in both languages: on an Axes (left) or a Figure (suptitle, left)."""
    if isinstance(target, mpl.figure.Figure):
        artist = target.suptitle(text, x=0.01, ha="left", fontweight="bold", gid="title")
    else:
        artist = target.set_title(text, loc="left", fontweight="bold", gid="title")
    _bold(artist)


def legend_outside(ax, handles=None, labels=None, **kwargs):
    """A legend to the right of the plot area, where it cannot cover data."""
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    return ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0, **kwargs)


def thousands(axis, n: int = 5) -> None:
    """At most ``n`` ticks on ``axis``, written 12,000 (no run-together long numbers)."""
    axis.set_major_locator(ticker.MaxNLocator(n, min_n_ticks=2))
    axis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 1000 else f"{v:g}"))


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
    """The (text, character) pairs in ``fig`` that its fonts cannot draw (they would show as boxes).

    Tests call this on every chart drawn in Chinese.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A drawn figure.

    Returns
    -------
    list of (str, str)
        Each text with a character its font lacks, and that character; empty when all can be drawn.

    Examples
    --------
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
