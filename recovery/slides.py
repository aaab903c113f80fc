"""Workshop slide decks from the teaching charts (``recovery slides``): an editable PowerPoint
deck (python-pptx) and a reveal.js HTML deck that works offline (reveal.js is copied next to
it). One chart per slide at projector size, the chart's title as the slide title, speaker
notes that tell the story with the source figures.

>>> from recovery.slides import DECK_FILES
>>> DECK_FILES
('workshop.{language}.pptx', 'workshop.{language}.html')
"""
from __future__ import annotations

import html
import shutil
from pathlib import Path

import matplotlib.pyplot as plt

from recovery.plots import _style
from recovery.plots._catalog import text
from recovery.plots.export import PNG_DPI, TEACHING_CHARTS, draw_chart, layout_problems, teaching_data

__all__ = ["DECK_FILES", "write_slides"]

DECK_FILES = ("workshop.{language}.pptx", "workshop.{language}.html")
_VENDOR = Path(__file__).parent / "_vendor" / "revealjs"
#: The reveal.js files a deck loads (all local).
REVEAL_FILES = ("reveal.css", "theme/white.css", "reveal.js", "plugin/notes.js")


def _slides(out: Path, language: str, data: dict) -> list[dict]:
    """Draw each chart for a slide: projector size, its title taken off the picture (the slide
    carries it); returns title, picture, notes and source per slide."""
    folder = out / f"charts-{language}"
    folder.mkdir(parents=True, exist_ok=True)
    slides = []
    for chart in TEACHING_CHARTS:
        fig = draw_chart(chart, data)
        title = next(t for t in fig.findobj(plt.Text) if t.get_gid() == "title")
        title.set_visible(False)
        picture = folder / f"{chart.name}.png"
        fig.savefig(picture, dpi=PNG_DPI)
        problems = layout_problems(fig, "projector")
        plt.close(fig)
        if problems:
            raise RuntimeError(f"{chart.name}: {problems}")
        slides.append({"title": title.get_text(), "picture": picture, "notes": text(chart.notes),
                       "source": text("source", text=text(chart.source))})
    return slides


def _pptx(path: Path, slides: list[dict]) -> None:
    from pptx import Presentation
    from pptx.util import Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(40 / 3), Inches(7.5)
    first = deck.slides.add_slide(deck.slide_layouts[0])
    first.shapes.title.text = text("deck.title")
    first.placeholders[1].text = text("deck.subtitle")
    for s in slides:
        slide = deck.slides.add_slide(deck.slide_layouts[5])  # "Title Only"
        title = slide.shapes.title
        title.left, title.top, title.width, title.height = Inches(0.4), Inches(0.15), Inches(12.5), Inches(0.9)
        title.text = s["title"]
        title.text_frame.paragraphs[0].font.size = Pt(32)
        title.text_frame.paragraphs[0].font.bold = True
        height = Inches(6.3)
        slide.shapes.add_picture(str(s["picture"]), int((deck.slide_width - height * 16 / 9) / 2), Inches(1.1),
                                 height=height)
        slide.notes_slide.notes_text_frame.text = f"{s['notes']}\n\n{s['source']}"
    deck.save(path)


def _revealjs(path: Path, slides: list[dict], language: str) -> None:
    for name in REVEAL_FILES:
        target = path.parent / "reveal.js" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_VENDOR / name, target)
    shutil.copyfile(_VENDOR / "LICENSE", path.parent / "reveal.js" / "LICENSE")
    sections = [f"<section><h1>{html.escape(text('deck.title'))}</h1><p>{html.escape(text('deck.subtitle'))}</p>"
                "</section>"]
    for s in slides:
        sections.append(
            f'<section><h3>{html.escape(s["title"])}</h3>'
            f'<img src="{s["picture"].relative_to(path.parent).as_posix()}" alt="{html.escape(s["title"])}" '
            'style="max-height:82vh;margin:0">'
            f'<aside class="notes">{html.escape(s["notes"])}<br><br>{html.escape(s["source"])}</aside></section>')
    links = "\n".join(f'<link rel="stylesheet" href="reveal.js/{n}">' for n in REVEAL_FILES if n.endswith(".css"))
    scripts = "\n".join(f'<script src="reveal.js/{n}"></script>' for n in REVEAL_FILES if n.endswith(".js"))
    path.write_text(f"""<!doctype html>
<html lang="{'zh-CN' if language == 'zh' else 'en'}">
<head><meta charset="utf-8"><title>{html.escape(text('deck.title'))}</title>
{links}
<style>.reveal h3 {{ font-size: 1.2em; text-align: left; margin: 0 0 0.2em 0; }}</style>
</head>
<body><div class="reveal"><div class="slides">
{chr(10).join(sections)}
</div></div>
{scripts}
<script>Reveal.initialize({{ width: 1600, height: 900, hash: true, plugins: [RevealNotes] }});</script>
</body></html>
""", encoding="utf-8")


def write_slides(out, language: str = "en", data: dict | None = None, quick: bool = False) -> list[Path]:
    """Write the workshop decks: an editable PowerPoint deck and an offline reveal.js HTML deck.

    One teaching chart per slide at projector size, the chart's title as the slide title and
    speaker notes that tell the story with the source figures. ``reveal.js/`` and
    ``charts-<language>/`` are written beside the HTML deck.

    Parameters
    ----------
    out : str or pathlib.Path
        The folder to write into.
    language : {"en", "zh"}, default "en"
        The decks' language.
    data : dict, optional
        :func:`recovery.plots.export.teaching_data`'s result; computed when not given.
    quick : bool, default False
        Compute ``data`` at the small size of the tests.

    Returns
    -------
    list of pathlib.Path
        ``workshop.<language>.pptx`` and ``workshop.<language>.html``.

    Examples
    --------
    Drawing the decks takes about a minute, so the doctests skip this example;
    ``tests/test_plots.py`` makes the same call and reads both decks back.

    >>> import tempfile
    >>> from recovery.plots.export import teaching_data
    >>> decks = write_slides(tempfile.mkdtemp(), "zh", data=teaching_data(quick=True))  # doctest: +SKIP
    >>> [p.name for p in decks]  # doctest: +SKIP
    ['workshop.zh.pptx', 'workshop.zh.html']
    """
    out = Path(out)
    data = teaching_data(quick=quick) if data is None else data
    before = (_style.get_language(), _style.get_medium())
    _style.set_language(language)
    _style.set_medium("projector")
    try:
        slides = _slides(out, language, data)
        pptx, deck = (out / name.format(language=language) for name in DECK_FILES)
        _pptx(pptx, slides)
        _revealjs(deck, slides, language)
    finally:
        _style.set_language(before[0])
        _style.set_medium(before[1])
    return [pptx, deck]
