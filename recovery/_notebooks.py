"""Execute the project's notebooks headless and export them as HTML (used by `recovery report` and the tests)."""
from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

__all__ = ["NotebookFailed", "execute_notebook", "export_html"]

#: Notebooks read this variable and shrink their populations and replications when it is "1".
QUICK_ENV = "RECOVERY_QUICK"


class NotebookFailed(RuntimeError):
    """A notebook cell raised; the message names the notebook and the failing cell."""


#: The kernel's charts start in this language (recovery.plots reads it at import).
LANG_ENV = "RECOVERY_LANG"


def execute_notebook(path: str | Path, quick: bool = False, timeout: int = 900, language: str = "en"):
    """Run a notebook top to bottom in a fresh kernel and return the executed notebook.

    ``quick`` sets ``RECOVERY_QUICK=1`` for the kernel so the notebook uses small sizes;
    ``language`` ("en" or "zh") sets ``RECOVERY_LANG``, the language its charts start in.
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    previous = {name: os.environ.get(name) for name in (QUICK_ENV, LANG_ENV)}
    os.environ[QUICK_ENV] = "1" if quick else "0"
    os.environ[LANG_ENV] = language
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as err:
        index = next((i for i, c in enumerate(nb.cells)
                      if c.cell_type == "code" and any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
        source = nb.cells[index].source if index is not None else "?"
        raise NotebookFailed(
            f"{path.name}: cell {index} failed.\n--- cell source ---\n{source}\n--- error ---\n{err}"
        ) from None
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return nb


def export_html(nb, out: str | Path) -> Path:
    """Write an executed notebook as a self-contained HTML file (figures embedded)."""
    from nbconvert import HTMLExporter

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    body, _ = HTMLExporter().from_notebook_node(nb)
    out.write_text(body, encoding="utf-8")
    return out
