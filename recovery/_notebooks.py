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


def execute_notebook(path: str | Path, quick: bool = False, timeout: int = 900):
    """Run a notebook top to bottom in a fresh kernel and return the executed notebook.

    ``quick`` sets ``RECOVERY_QUICK=1`` for the kernel so the notebook uses small sizes.
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    previous = os.environ.get(QUICK_ENV)
    os.environ[QUICK_ENV] = "1" if quick else "0"
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
        if previous is None:
            os.environ.pop(QUICK_ENV, None)
        else:
            os.environ[QUICK_ENV] = previous
    return nb


def export_html(nb, out: str | Path) -> Path:
    """Write an executed notebook as a self-contained HTML file (figures embedded)."""
    from nbconvert import HTMLExporter

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    body, _ = HTMLExporter().from_notebook_node(nb)
    out.write_text(body, encoding="utf-8")
    return out
