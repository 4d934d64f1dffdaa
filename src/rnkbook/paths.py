"""Where the book's files live.

Notebooks run with their own folder as the working directory (under both
jupyter-book and nbval), so paths are found from this file, not from the cwd.
`RNKBOOK_DATA_DIR` points the loaders at another data folder (tests use it).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

BOOK_ROOT = Path(__file__).resolve().parents[2]

# Files this process has read through the helpers. The executor asks each notebook for
# this set after a run, so a notebook is re-executed exactly when something it read changes.
READ_FILES: set[str] = set()


def record_read(path: Path) -> None:
    READ_FILES.add(str(Path(path).resolve()))


def book_root() -> Path:
    """The book in use: $RNKBOOK_BOOK_DIR if set (a copy being built), else this checkout."""
    override = os.environ.get("RNKBOOK_BOOK_DIR")
    return Path(override).resolve() if override else BOOK_ROOT


def data_dir() -> Path:
    """The data folder in use: $RNKBOOK_DATA_DIR if set, else the book's data/."""
    override = os.environ.get("RNKBOOK_DATA_DIR")
    return Path(override).resolve() if override else book_root() / "data"


def display_path(path: Path) -> str:
    """A path as a reader should see it in an error: relative to the book if possible."""
    path = Path(path).resolve()
    for base in (book_root(), data_dir().parent):
        try:
            return str(path.relative_to(base))
        except ValueError:
            continue
    return str(path)


# What a private copy of the book leaves out: environments, builds and caches.
NOT_COPIED = shutil.ignore_patterns(".venv", "_build", ".git", "dist", "__pycache__", "*.egg-info",
                                   ".pytest_cache", ".ipynb_checkpoints")


def copy_book(target: Path, source: Path = BOOK_ROOT) -> Path:
    """A private copy of the book (sources, data, notebooks) to build without touching this one."""
    shutil.copytree(source, target, ignore=NOT_COPIED)
    return target
