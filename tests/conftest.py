"""Shared fixtures: the book root and disposable copies of data/."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parents[1]


@pytest.fixture
def book_root() -> Path:
    return BOOK


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A private copy of data/ that the loaders use for this test only."""
    copy = tmp_path / "data"
    shutil.copytree(BOOK / "data", copy)
    monkeypatch.setenv("RNKBOOK_DATA_DIR", str(copy))
    return copy


IGNORED_IN_COPIES = shutil.ignore_patterns(".venv", "_build", ".git", "dist", "__pycache__", "*.egg-info",
                                           ".pytest_cache", ".ipynb_checkpoints")


def copy_of_the_book(target: Path) -> Path:
    """A private copy of the book (sources, data, notebooks) to build without touching this one."""
    shutil.copytree(BOOK, target, ignore=IGNORED_IN_COPIES)
    return target
