"""Text from data is shown as text, never run as markup, in the HTML and in the PDF.

Markup of every kind the book's renderers know (HTML, Markdown, MyST roles, LaTeX, table pipes,
dollar signs) is put into every free-text field the book renders, in every row. The book must
build, show those characters literally, create no element from them, and the LaTeX must compile.
"""
from __future__ import annotations

import csv
import subprocess

import pytest
from bs4 import BeautifulSoup

from rnkbook.tooling.build import PDF_NAME, build
from tests.conftest import copy_of_the_book
from tests.system import require

PAYLOAD = ' <script>alert("rnk")</script><b id="inj">X</b> *star* _u_ `tick` {glue:text}`k` $5 |pipe| \\end{document} &amp;'
# For fields with a length limit: the same kinds of markup, shorter.
SHORT = ' <b id="inj">X</b> *star* `t` $5 |p| \\end{x}'
SHOWN = '<b id="inj">X</b> *star*'  # what every page must show literally
# The free-text fields the book renders (titles, summaries, descriptions, the sources' own words).
# Fields that the chapters compute with (estimators, reporters, metrics) are left alone.
FIELDS = {
    "sources": ["title", "organisation"],
    "events": ["title", "description"],
    "summits": ["place", "outcomes"],
    "treaty_provisions": ["summary"],
    "statements": ["summary"],
    "policy_responses": ["description"],
    "transfers": ["description", "hedge"],
    "weapons_programmes": ["description"],
    "money_channels": ["description"],
    "physical_evidence": ["finding"],
    "nk_acknowledged_losses": ["description", "qualifier"],
    "corridor_movements": ["qualifier"],
    "munitions_shipments": ["qualifier"],
    "trade": ["qualifier"],
    "unsc_votes": ["subject"],
    "polls": ["question"],
    "claims": ["claim", "evidence", "reasoning"],
    "seed_claims": ["claim"],
}


def limits() -> dict[tuple[str, str], int]:
    import rnkbook

    return {(r["name"], f["name"]): f["constraints"]["maxLength"] for r in rnkbook.descriptor()["resources"]
            for f in r["schema"]["fields"] if "maxLength" in f.get("constraints", {})}


def inject(book):
    limit = limits()
    for name, fields in FIELDS.items():
        path = book / "data" / f"{name}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header, rows = reader.fieldnames, list(reader)
        for row in rows:
            for field in fields:
                if row[field]:
                    most = limit.get((name, field))
                    payload = PAYLOAD if most is None or most >= len(row[field]) + len(PAYLOAD) else SHORT
                    keep = len(row[field]) if most is None else max(0, min(len(row[field]), most - len(payload)))
                    row[field] = row[field][:keep] + payload
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory):
    book = copy_of_the_book(tmp_path_factory.mktemp("hostile") / "book")
    inject(book)
    import os
    import sys

    env = dict(os.environ, RNKBOOK_BOOK_DIR=str(book), RNKBOOK_DATA_DIR=str(book / "data"))
    result = subprocess.run([sys.executable, "-m", "rnkbook.tooling.bib"], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert build(book, book) == 0, "the book must build with markup in its data"
    return book


def pages(site):
    return [p for p in site.rglob("*.html") if not {"_static", "_sources"} & set(p.relative_to(site).parts)]


def test_markup_in_data_creates_no_element(hostile_book):
    site = hostile_book / "_build" / "html"
    for page in pages(site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.find(id="inj") is None, f"{page.name}: a <b> from the data became an element"
        for script in soup.find_all("script"):
            assert 'alert("rnk")' not in (script.string or ""), f"{page.name}: a <script> from the data would run"
        for em in soup.find_all("em"):
            assert em.get_text() != "star", f"{page.name}: *star* from the data became emphasis"


def test_markup_in_data_is_shown_literally(hostile_book):
    site = hostile_book / "_build" / "html"
    shown = {}
    for page in pages(site):
        text = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text()
        if SHOWN in text:
            shown[page.relative_to(site).as_posix()] = True
    # Tables, the claims register, the bibliography and the figure source lines all carry it.
    for expected in ("chapters/history.html", "chapters/troops.html", "chapters/claims.html", "chapters/references.html"):
        assert expected in shown, f"{expected} does not show the data's text literally"


def test_markup_in_data_still_compiles_to_pdf(hostile_book):
    require("lualatex", "texlive-luatex")
    require("latexmk", "latexmk")
    assert build(hostile_book, hostile_book, "pdflatex") == 0, "LaTeX must compile with markup in the data"
    assert (hostile_book / "_build" / "latex" / PDF_NAME).exists()
