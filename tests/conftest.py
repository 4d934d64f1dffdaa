"""Shared fixtures: the book root and disposable copies of data/."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rnkbook.paths import copy_book

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


def copy_of_the_book(target: Path) -> Path:
    """A private copy of the book to build without touching this checkout."""
    return copy_book(target, BOOK)


def pytest_sessionfinish(session, exitstatus):
    """In CI (RNKBOOK_REQUIRE_SYSTEM_TESTS=1) a skipped test is a failure: nothing is silently tested less."""
    import os

    if os.environ.get("RNKBOOK_REQUIRE_SYSTEM_TESTS") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if skipped:
        names = ", ".join(getattr(r, "nodeid", "?") for r in skipped[:10])
        reporter.write_line(f"FAILED: {len(skipped)} test(s) skipped in CI: {names}", red=True)
        session.exitstatus = 1
