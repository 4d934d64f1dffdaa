"""Incremental builds are never stale: a data change re-executes exactly the notebooks that
read it (and those reusing their outputs), and the new value reaches every page that shows it."""
from __future__ import annotations

import csv
import json

from rnkbook.tooling.build import build
from tests.conftest import copy_of_the_book

OLD, NEW = "397", "411"  # the State Duma's vote for the 2024 treaty, and a made-up replacement


def glued(site, value):
    """Pages showing `value` as a glued number."""
    span = f'<span class="pasted-text">{value}</span>'
    return {p.name for p in site.rglob("*.html") if span in p.read_text(encoding="utf-8")}


def change_ratification_step(book, step, field, old, new):
    """Edit one cell of the ratification steps, checking what it held."""
    steps = book / "data" / "ratification_steps.csv"
    rows = list(csv.DictReader(steps.open(encoding="utf-8")))
    for row in rows:
        if row["step"] == step:
            assert row[field] == old
            row[field] = new
    with steps.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, rows[0].keys(), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_a_data_change_reaches_every_page_that_shows_it(tmp_path):
    book = copy_of_the_book(tmp_path / "book")
    assert build(book, book) == 0
    site = book / "_build" / "html"
    before = glued(site, OLD)
    assert {"history.html", "claims.html"} <= before

    change_ratification_step(book, "ratification-lower", "votes_for", OLD, NEW)
    assert build(book, book) == 0
    executed = set(json.loads((book / "_build" / ".exec" / "last-executed.json").read_text()))
    # history reads the dataset; the data appendix and the dictionary read every dataset; claims reuses
    # history's values. The key judgements (Markdown) show the value through cross-page glue.
    assert executed == {"chapters/history.ipynb", "chapters/data.ipynb", "chapters/dictionary.ipynb",
                        "chapters/claims.ipynb"}
    assert not glued(site, OLD), "a page still shows the old value"
    assert glued(site, NEW) == before

    # Nothing changed since: nothing runs, and the site stays as it is.
    assert build(book, book) == 0
    assert json.loads((book / "_build" / ".exec" / "last-executed.json").read_text()) == {}
    assert glued(site, NEW) == before


def test_a_page_showing_another_notebooks_value_follows_it_however_it_was_run(tmp_path):
    """A notebook refreshed outside the build (the execute tool, as an author runs it) still
    re-renders the Markdown pages that show its glued values: Sphinx is told of the link.
    The key judgements show history's count of days from signature to entry into force."""
    from rnkbook.tooling.execute import refresh

    book = copy_of_the_book(tmp_path / "book")
    assert build(book, book) == 0
    site = book / "_build" / "html"
    assert "judgements.html" in glued(site, "168")

    change_ratification_step(book, "entry-into-force", "date", "2024-12-04", "2024-12-05")
    assert refresh(book, log=lambda *a: None), "the data change should have re-executed a notebook"

    assert build(book, book) == 0
    assert _executed(book) == {}, "the build should have found every notebook already fresh"
    assert "judgements.html" in glued(site, "169")
    assert "judgements.html" not in glued(site, "168"), "the key judgements still show the old value"


def test_a_notebook_reusing_others_outputs_waits_for_them(tmp_path):
    """The claims register reads the chapters' glued values. If a chapter arrives without
    stored outputs (as an author's freshly written notebook does), the register must not
    fail by reading it mid-run: it is run again once the chapter has been executed."""
    import nbformat

    book = copy_of_the_book(tmp_path / "book")
    arms = book / "chapters" / "arms.ipynb"
    notebook = nbformat.read(arms, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(notebook, arms)
    assert build(book, book) == 0
    assert (book / "_build" / "html" / "chapters" / "claims.html").exists()


def _executed(book):
    return json.loads((book / "_build" / ".exec" / "last-executed.json").read_text())


def test_a_fresh_clone_renders_current_outputs_without_executing(tmp_path):
    """The fingerprint committed with each notebook lets a fresh clone trust its stored outputs,
    and a prose-only edit re-renders the page without executing any notebook."""
    import nbformat

    book = copy_of_the_book(tmp_path / "book")  # no _build: as a fresh clone has
    assert build(book, book) == 0
    assert _executed(book) == {}, "a notebook with current committed outputs was re-executed"

    troops = book / "chapters" / "troops.ipynb"
    notebook = nbformat.read(troops, as_version=4)
    prose = next(c for c in notebook.cells if c.cell_type == "markdown" and len(c.source) > 200)
    prose.source += "\n\nA sentence added by the prose-edit test."
    nbformat.write(notebook, troops)
    assert build(book, book) == 0
    assert _executed(book) == {}, "a prose-only edit re-executed a notebook"
    page = (book / "_build" / "html" / "chapters" / "troops.html").read_text(encoding="utf-8")
    assert "A sentence added by the prose-edit test." in page
