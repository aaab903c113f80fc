"""The documentation resolves inside the repository.

Every "seed 00N" and "literature N.M" reference in the code, data, notebooks and docs has a
heading in docs/sources.md; every key and citation of the shipped data sets is there too; every
relative Markdown link points at an existing file (and heading); nothing tracked points outside
the repository; the site's API reference builds with every warning an error (a broken docstring
or reference fails here, not only in ``make docs``).
"""
from __future__ import annotations

import csv
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "docs" / "sources.md"
#: Where references are looked for (the package, data, notebooks, docs, tests, benchmarks).
SCANNED = ("recovery/", "datasets/", "notebooks/", "docs/", "tests/", "benchmarks/", "examples/",
           "README.md")
#: Files this repository must not point at: the project's material lives outside the repo
#: and is described in docs/sources.md instead.
OUTSIDE = (r"\.\./shared", r"/work/", r"shared/seeds", r"seeds-digest\.md", r"reference-model\.md",
           r"glossary-zh\.md", r"(?<![\w/.])literature\.md", r"(?<![\w/.])design\.md")

_NUMBER = r"\d+[a-h]?(?:\.\d+)*"
SEED_REF = re.compile(r"\bseeds?\s+(0\d\d(?:\s*(?:,|/|-|–|and|&)\s*0\d\d)*)", re.IGNORECASE)
LITERATURE_REF = re.compile(
    rf"\bliterature(?:\.md)?\s*(?:§\s*|section\s+)?({_NUMBER}(?:\s*(?:,|/|and|&)\s*§?\s*{_NUMBER})*)"
    r"(?![\w\-])", re.IGNORECASE)
SEED_FILE = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")
HEADING = re.compile(r"^#+\s+(seed|literature)\s+(" + _NUMBER + r")\s*:", re.IGNORECASE)
CITATION = re.compile(r"([A-Z][A-Za-z'\-]+)(?: et al\.)?(?:,? (?:&|and) [A-Z][\w\-]+|, [A-Z][\w\-]+)*"
                      r",? \(?((?:19|20)\d\d)\b")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def references(text: str) -> set[tuple[str, str]]:
    """Normalised references in ``text``: ("seed", "004"), ("literature", "2.2"), ...

    >>> sorted(references("seeds 001-003 and 004; seed 002/004; Literature §2.4, 1d"))
    [('literature', '1d'), ('literature', '2.4'), ('seed', '001'), ('seed', '002'), ('seed', '003'), ('seed', '004')]
    """
    found = set()
    for match in SEED_REF.finditer(text):
        for low, high in re.findall(r"(0\d\d)(?:\s*[-–]\s*(0\d\d))?", match.group(1)):
            found.update(("seed", f"{n:03d}") for n in range(int(low), int(high or low) + 1))
    for match in LITERATURE_REF.finditer(text):
        found.update(("literature", n.lower()) for n in re.findall(_NUMBER, match.group(1)))
    return found


def headings(markdown: str) -> set[tuple[str, str]]:
    """The ("seed" | "literature", number) of every "Seed 00N: ..." / "Literature N.M: ..." heading."""
    return {(m.group(1).lower(), m.group(2).lower())
            for m in map(HEADING.match, markdown.splitlines()) if m}


def _files() -> list[Path]:
    """Tracked files plus new ones not ignored (so a file counts before it is committed), but no
    build output (``docs/_build/``)."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return sorted({ROOT / p for p in out.split("\0")
                   if p and "_build" not in Path(p).parts and (ROOT / p).is_file()})


def _text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None


def _scanned() -> dict[str, str]:
    this = Path(__file__).resolve()
    texts = {}
    for path in _files():
        rel = path.relative_to(ROOT).as_posix()
        if path != this and rel.startswith(SCANNED) and (text := _text(path)) is not None:
            texts[rel] = text
    return texts


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _entries(markdown: str) -> list[str]:
    """The text of each heading's paragraphs and each top-level list item, accents stripped
    (Proença == Proenca)."""
    return [_ascii(part) for part in re.split(r"(?m)^(?:#+ |- )", markdown)]


def unresolved(texts: dict[str, str], sources: str) -> list[str]:
    """Every reference in ``texts`` without a heading in ``sources``, as "file: reference"."""
    known = headings(sources)
    return sorted(f"{name}: {kind} {number}" for name, text in texts.items()
                  for kind, number in references(text) - known)


def test_the_reference_forms_used_are_recognised():
    assert references("see Seed 000's sources, seeds 001, 003, 004 and seeds 001-002") == {
        ("seed", "000"), ("seed", "001"), ("seed", "002"), ("seed", "003"), ("seed", "004")}
    assert references("(literature 2.2, 2.5); literature 2.1.2; literature.md 1a") == {
        ("literature", "2.2"), ("literature", "2.5"), ("literature", "2.1.2"), ("literature", "1a")}
    # not references: a ratio range, a possessive, a random seed
    assert references("the literature's 2-25x; the literature 2-25x; seed=0; random seed 42") == set()


def test_every_seed_and_literature_reference_resolves_in_sources():
    sources = SOURCES.read_text(encoding="utf-8")
    texts = _scanned()
    assert {"recovery/params.py", "datasets/seed_figures.csv", "README.md"} <= set(texts)
    assert headings(sources) >= {("seed", f"00{i}") for i in range(5)}
    assert unresolved(texts, sources) == []
    # a reference without a heading is reported (built here so this file holds no bad reference)
    fake = {"x.py": "see seed " + "009 and literature " + "9.9"}
    assert unresolved(fake, sources) == ["x.py: literature 9.9", "x.py: seed 009"]


def test_seed_file_names_resolve_in_sources():
    sources = SOURCES.read_text(encoding="utf-8")
    named = {(name, f) for name, text in _scanned().items() for f in SEED_FILE.findall(text)}
    assert named, "seed_figures.csv names the seed files"
    assert sorted(f"{name}: {f}" for name, f in named if f not in sources) == []


def _rows(name: str) -> list[dict[str, str]]:
    with open(ROOT / "datasets" / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_dataset_figure_and_citation_resolves_in_sources():
    sources = SOURCES.read_text(encoding="utf-8")
    entries = _entries(sources)
    keys = [r["key"] for r in _rows("literature_parameters.csv") + _rows("seed_figures.csv")]
    assert len(keys) > 100
    assert [k for k in keys if f"`{k}`" not in sources] == []

    cited = [r["source"] for r in _rows("literature_parameters.csv") + _rows("index.csv")]
    cited.append((ROOT / "datasets" / "README.md").read_text(encoding="utf-8"))
    citations = {(_ascii(name), year) for text in cited for name, year in CITATION.findall(text)}
    assert {("Keaveney", "1995"), ("Oest", "2014"), ("Chatelin", "2005")} <= citations

    def found(name: str, year: str) -> bool:
        return any(re.search(rf"\b{re.escape(name)}\b", s) and re.search(rf"\b{year}[a-z]?\b", s)
                   for s in entries)

    assert sorted(f"{n} {y}" for n, y in citations if not found(n, y)) == []
    assert not found("Knox", "1066")  # the check can fail


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def broken_links(path: Path) -> list[str]:
    """Relative links in the Markdown file ``path`` whose file or heading does not exist."""
    text = re.sub(r"(?s)```.*?```", "", path.read_text(encoding="utf-8"))
    broken = []
    for target in LINK.findall(text):
        if re.match(r"[a-z][a-z0-9+.\-]*:", target, re.IGNORECASE):  # http:, mailto:, ...
            continue
        file, _, anchor = target.partition("#")
        dest = (path.parent / file).resolve() if file else path
        if not dest.exists():
            broken.append(target)
        elif anchor and dest.suffix == ".md":
            slugs = {_slug(line.lstrip("#")) for line in dest.read_text(encoding="utf-8").splitlines()
                     if line.startswith("#")}
            if anchor not in slugs:
                broken.append(target)
    return broken


def test_relative_markdown_links_resolve(tmp_path):
    pages = [p for p in _files() if p.suffix == ".md"
             and (p.name == "README.md" or p.parent == ROOT / "docs")]
    assert ROOT / "README.md" in pages and SOURCES in pages
    assert {p.relative_to(ROOT).as_posix(): broken_links(p) for p in pages if broken_links(p)} == {}
    page = tmp_path / "page.md"
    page.write_text("# Top\n[ok](#top) [gone](missing.md) [anchor](#nowhere) [web](https://x.org)\n")
    assert broken_links(page) == ["missing.md", "#nowhere"]


def test_nothing_points_outside_the_repository():
    this = Path(__file__).resolve()
    pattern = re.compile("|".join(OUTSIDE))
    hits = [f"{path.relative_to(ROOT).as_posix()}:{i}: {line.strip()[:100]}"
            for path in _files() if path != this and (text := _text(path)) is not None
            for i, line in enumerate(text.splitlines(), 1) if pattern.search(line)]
    assert hits == []
    assert pattern.search("see " + "../" + "shared/literature.md")


@pytest.mark.slow
def test_api_reference_builds_without_warnings(tmp_path):
    """``sphinx-build -t api``: every public module's page and every name in its ``__all__``, with
    numpydoc, nitpicky references and warnings as errors (the pages and notebooks that take
    minutes are left to ``make docs``; the dummy builder reads and resolves everything but
    writes no HTML)."""
    trees = tmp_path / "doctrees"
    run = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-E", "-t", "api",
                          "-b", "dummy", "-d", str(trees), str(ROOT / "docs"), str(tmp_path / "out")],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-6000:]
    assert run.stderr.strip() == ""
    pages = {p.stem for p in (trees / "_generated" / "api").glob("recovery*.doctree")}
    assert {"recovery", "recovery.plots", "recovery.survey"} <= pages
    stubs = {p.stem for p in (trees / "_generated" / "api" / "generated").glob("*.doctree")}
    assert "recovery.plots.tour.iceberg" in stubs and len(stubs) > 100
