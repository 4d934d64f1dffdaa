"""The table of contents and the chapters folder agree."""
from __future__ import annotations

from rnkbook.tooling.toc import toc_documents


def test_every_chapter_notebook_is_in_the_toc_and_back(book_root):
    in_toc = {p.resolve() for p in toc_documents(book_root)}
    on_disk = {p.resolve() for p in (book_root / "chapters").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts}
    assert not on_disk - in_toc, f"notebooks missing from _toc.yml: {sorted(map(str, on_disk - in_toc))}"
    missing = {p for p in in_toc if p.suffix == ".ipynb"} - on_disk
    assert not missing, f"_toc.yml names notebooks outside chapters/: {sorted(map(str, missing))}"


def test_toc_names_only_existing_files(book_root):
    assert toc_documents(book_root)  # raises FileNotFoundError for a dangling entry
