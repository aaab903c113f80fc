"""Sphinx configuration of the documentation site (``make docs`` -> docs/_build/html).

Everything the site shows is made at build time, from the code, into ``docs/_generated/``
(git-ignored): one API page per public module from its ``__all__``, the validation table from
``recovery.calibration.validate()`` at its default size, every teaching chart in English and
Chinese from ``recovery.plots.export``, and the notebooks, executed at quick size.
``sphinx-build -t api`` builds the API reference alone (tests/test_docs.py);
``RECOVERY_DOCS_REUSE=1`` keeps the last build's validation table and charts.
"""
from __future__ import annotations

import ast
import importlib
import inspect
import os
import pkgutil
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GENERATED = HERE / "_generated"
sys.path.insert(0, str(ROOT))

import matplotlib  # noqa: E402

matplotlib.use("Agg")   # this process draws the gallery to files; the notebooks' kernels show
os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"   # their charts inline

import recovery  # noqa: E402

project = "recovery"
author = "the recovery contributors"
copyright = "the recovery contributors, BSD-3-Clause"  # noqa: A001 (Sphinx's name)
release = version = recovery.__version__

extensions = ["myst_nb", "numpydoc", "sphinx.ext.autodoc", "sphinx.ext.autosummary", "sphinx.ext.mathjax"]
templates_path = ["_templates"]
exclude_patterns = ["_build", "README.md", "**.ipynb_checkpoints"]
API_ONLY = tags.has("api")  # noqa: F821 (tags is given by Sphinx)
if API_ONLY:
    exclude_patterns += ["model.md", "sources.md", "classroom.md", "contributing.md", "validation.md", "gallery.md",
                         "notebooks.md", "sweep.md", "_generated/notebooks", "_generated/gallery*"]

html_theme = "pydata_sphinx_theme"
html_title = "recovery"
html_theme_options = {"navigation_with_keys": False, "show_toc_level": 2}
html_static_path: list[str] = []

# every reference must resolve; names in other projects' docs cannot be checked offline (no
# intersphinx inventories are fetched), so those alone are let through
nitpicky = True
nitpick_ignore_regex = [(r"py:.*", r"(numpy|np|pandas|pd|matplotlib|mpl|plt|scipy|statsmodels|networkx|nx|dask|"
                                   r"pptx|panel|pn|bokeh|simpy|SALib|datetime|pathlib|collections|typing|os)\..*")]

autosummary_generate = True
autodoc_typehints = "none"            # the numpydoc sections carry the types
numpydoc_show_class_members = False   # the class template lists the methods once
numpydoc_class_members_toctree = False
numpydoc_validation_checks: set[str] = set()   # the rules live in tests/test_api.py

myst_enable_extensions = ["dollarmath", "colon_fence"]
myst_heading_anchors = 4
nb_execution_mode = "off" if API_ONLY else "force"
nb_execution_timeout = 900
nb_execution_raise_on_error = True
nb_execution_show_tb = True


# ------------------------------------------------------------------ API pages from __all__

def public_modules() -> list[str]:
    """``recovery`` and every module or subpackage without a ``_private`` part in its name."""
    names = ["recovery"] + [m.name for m in pkgutil.walk_packages(recovery.__path__, "recovery.")
                            if not any(part.startswith("_") for part in m.name.split("."))]
    return sorted(names)


def _assigned(module) -> set[str]:
    """Names the module's own source assigns at the top level (where a constant is defined)."""
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError):
        return set()
    names = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def canonical_homes(modules: list[str]) -> dict[int, str]:
    """Where each exported object is documented once: the public module that defines it, else
    the first public module that exports it."""
    home: dict[int, str] = {}
    for name in modules:
        module = importlib.import_module(name)
        own = _assigned(module)
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr)
            if inspect.ismodule(obj):       # a submodule has its own page
                continue
            defined = getattr(obj, "__module__", None) == name if inspect.isclass(obj) or callable(obj) else attr in own
            if id(obj) not in home or defined:
                home[id(obj)] = f"{name}.{attr}"
    return home


def write_api_pages(out: Path) -> None:
    modules = public_modules()
    home = canonical_homes(modules)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in modules:
        module = importlib.import_module(name)
        own, elsewhere = [], []
        for attr in getattr(module, "__all__", []):
            if inspect.ismodule(getattr(module, attr)):
                continue
            target = home[id(getattr(module, attr))]
            (own if target == f"{name}.{attr}" else elsewhere).append(target)
        lines = [name, "=" * len(name), "", f".. automodule:: {name}", "   :no-members:", ""]
        if own:
            lines += [".. currentmodule:: " + name, "", ".. autosummary::", "   :toctree: generated",
                      "   :nosignatures:", ""] + [f"   {t.rsplit('.', 1)[1]}" for t in own] + [""]
        if elsewhere:
            lines += ["Also exported here", "-" * 18, ""] + [f"- :py:obj:`{t}`" for t in elsewhere] + [""]
        (out / f"{name}.rst").write_text("\n".join(lines), encoding="utf-8")


# ------------------------------------------------------------------ validation, gallery, notebooks

def write_validation_table(out: Path) -> None:
    """Every calibration and validation target at validate()'s default size and seed."""
    from recovery.calibration import validate

    table = validate()
    table.to_csv(out / "validation.csv", index=False, float_format="%.4g")


def write_gallery(out: Path) -> None:
    """Every teaching chart for the screen, in English and Chinese, at full size."""
    import recovery.plots as rp
    from recovery.plots import export

    data = export.teaching_data()
    lines = []
    for language in ("en", "zh"):
        written = export.export_charts(out / "gallery" / language, language, "screen", "png", data=data)
        problems = {p.name: v for p, v in written.items() if v}
        if problems:
            raise RuntimeError(f"layout problems in the gallery: {problems}")
    rp.set_language("en")
    for chart in export.TEACHING_CHARTS:
        title = chart.name.split("_", 1)[1].replace("_", " ")
        lines += [f"# {title[0].upper()}{title[1:]}", "", ":::{list-table}", ":widths: 50 50", "",
                  f"* - ![{chart.name} (English)](gallery/en/{chart.name}.en.png)",
                  f"  - ![{chart.name} (Chinese)](gallery/zh/{chart.name}.zh.png)", ":::", ""]
    (out / "gallery.md").write_text("\n".join(lines), encoding="utf-8")


def copy_notebooks(out: Path) -> None:
    target = out / "notebooks"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOT / "notebooks", target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))


GENERATED.mkdir(exist_ok=True)
write_api_pages(GENERATED / "api")
if not API_ONLY:
    os.environ["RECOVERY_QUICK"] = "1"   # the notebooks' kernels run at quick size (notebooks.md)
    # RECOVERY_DOCS_REUSE=1 keeps the table and charts of the last build (while editing pages)
    reuse = os.environ.get("RECOVERY_DOCS_REUSE") == "1"
    if not (reuse and (GENERATED / "validation.csv").exists()):
        write_validation_table(GENERATED)
    if not (reuse and (GENERATED / "gallery.md").exists()):
        write_gallery(GENERATED)
    copy_notebooks(GENERATED)


#: The index's pages that the API-only build leaves out, and one another change adds (sweep).
PAGES = {"model", "sources", "validation", "gallery", "classroom", "notebooks", "sweep", "contributing"}


def _drop_missing_pages(app, docname, source):
    """The index names every page; one this build leaves out (``-t api``) or another change has
    not added yet (docs/sweep.md) is dropped from its table of contents, not named as missing."""
    if docname == "index":
        source[0] = "\n".join(line for line in source[0].splitlines()
                               if not (line in PAGES and (API_ONLY or not (HERE / f"{line}.md").exists())))


def _object(dotted: str):
    """The object a dotted name reaches (importing the longest module prefix), or None."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for part in parts[cut:]:
                obj = getattr(obj, part)
        except AttributeError:
            return None
        return obj
    return None


def _documented_name(dotted: str) -> str | None:
    """Where the API reference documents what ``dotted`` names: ``recovery.survey.fit_pls`` ->
    ``recovery.survey.pls.fit_pls`` (a method or attribute follows its class)."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        obj = _object(".".join(parts[:cut]))
        if obj is None:
            continue
        if inspect.ismodule(obj):
            return ".".join(parts) if cut == len(parts) else None
        if id(obj) in HOME:
            return ".".join([HOME[id(obj)], *parts[cut:]])
    return None


def _resolve_public_alias(app, env, node, contnode):
    """References to a re-export (``recovery.survey.fit_pls``) or, inside a module's docstring, to
    a name of that module (``Strategy``) go to the one place the object is documented. A
    reference to a ``_private`` module or name is shown as code without a link: internals have
    no page. Anything else stays a broken reference (an error under -W -n)."""
    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"].lstrip("~.")
    module, cls = node.get("py:module"), node.get("py:class")
    candidates = [target] + ([f"{module}.{cls}.{target}"] if module and cls else []) \
        + ([f"{module}.{target}"] if module else []) + [f"recovery.{target}"]
    for candidate in candidates:
        if not candidate.startswith("recovery"):
            continue
        if any(part.startswith("_") and not part.startswith("__") for part in candidate.split(".")) \
                and _object(candidate) is not None:
            return contnode
        name = _documented_name(candidate)
        if name and name != node["reftarget"]:
            found = env.domains["py"].resolve_xref(env, node["refdoc"], app.builder, node["reftype"], name, node,
                                                   contnode)
            if found is not None:
                return found
    return None


HOME = {key: name for key, name in canonical_homes(public_modules()).items()}


def setup(app):
    app.connect("source-read", _drop_missing_pages)
    app.connect("missing-reference", _resolve_public_alias)
