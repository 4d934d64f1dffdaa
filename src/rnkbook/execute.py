"""Re-execute notebooks in place so their stored outputs match a fresh run.

    python -m rnkbook.execute [NOTEBOOK ...]     (default: every notebook in _toc.yml)

Each notebook runs top to bottom in a fresh kernel from its own folder, as
jupyter-book and nbval run it. Per-cell timestamps are dropped so a re-run
with the same data leaves the file unchanged.
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .paths import BOOK_ROOT
from .toc import toc_documents


def execute_notebook(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    notebook.metadata.pop("widgets", None)
    nbformat.write(notebook, path)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    paths = [Path(a) for a in argv] or [p for p in toc_documents(BOOK_ROOT) if p.suffix == ".ipynb"]
    for path in paths:
        print(f"executing {path.relative_to(BOOK_ROOT) if path.is_absolute() else path}", flush=True)
        execute_notebook(path.resolve())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
