"""The built site: strict build, no tracebacks, and a real-browser check of every page.

The browser checks drive Debian's Chromium with Playwright (never a downloaded
browser): no request leaves the local server, no console errors or failed
requests, alt text on every image, internal links that resolve, a working
search, and no serious or critical axe-core violations.
"""
from __future__ import annotations

import functools
import http.server
import socketserver
import threading
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

import json
import subprocess
import tarfile

from rnkbook.tooling.build import PDF_NAME, build
from rnkbook.tooling.release import make_release, verify
from rnkbook.tooling.toc import toc_documents
from tests.conftest import copy_of_the_book
from tests.system import require

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# The moderate rules the stock theme used to break, fixed and kept fixed.
ALSO_FORBIDDEN = {"region", "empty-table-header"}


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    """The book built from a private copy: execution refreshes notebooks in place, and
    other tests (nbval) read this checkout's notebooks at the same time."""
    book = copy_of_the_book(tmp_path_factory.mktemp("site") / "book")
    assert build(book, book) == 0, "the strict build failed; run `make book` to see why"
    return book / "_build" / "html"


def pages(site: Path) -> list[Path]:
    skip = {"_static", "_sources", "_images", "_downloads"}
    return sorted(p for p in site.rglob("*.html") if not skip & set(p.relative_to(site).parts))


def test_strict_build_writes_every_page(built_site):
    book = built_site.parents[1]
    for doc in toc_documents(book):
        page = built_site / doc.relative_to(book).with_suffix(".html")
        assert page.exists(), f"missing page {page}"


def test_no_traceback_or_report_in_the_site(built_site):
    assert not (built_site / "reports").exists()
    for page in pages(built_site):
        text = page.read_text(encoding="utf-8")
        assert "Traceback (most recent call last)" not in text, page
        assert "DataValidationError" not in text, page


def test_glued_numbers_are_rendered(built_site):
    for page in pages(built_site):
        text = page.read_text(encoding="utf-8")
        assert "{glue" not in text, f"unresolved glue in {page.name}"


def test_no_page_references_another_host(built_site):
    """Scripts, styles, images and frames all come from the site itself."""
    import re

    tag = re.compile(r"<(script|link|img|iframe|source)\b[^>]*?\b(src|href)=\"(https?:)?//", re.I)
    for page in pages(built_site):
        hits = tag.findall(page.read_text(encoding="utf-8"))
        assert not hits, f"{page.relative_to(built_site)} loads from another host"


@pytest.fixture(scope="module")
def server(built_site):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = socketserver.TCPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(built_site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    chromium = require("chromium", "chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def visit(browser, url: str):
    """Open a page and record every request, failure and console error."""
    page = browser.new_page()
    seen = {"requests": [], "failed": [], "console": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("requestfailed", lambda r: seen["failed"].append(r.url))
    page.on("response", lambda r: seen["failed"].append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("console", lambda m: seen["console"].append(m.text) if m.type == "error" else None)
    page.goto(url, wait_until="networkidle")
    return page, seen


def test_every_page_in_a_real_browser(browser, server, built_site):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems = []
    for path in pages(built_site):
        rel = path.relative_to(built_site).as_posix()
        page, seen = visit(browser, server + rel)
        foreign = [u for u in seen["requests"] if not u.startswith(server) and not u.startswith("data:")]
        problems += [f"{rel}: request to another host {u}" for u in foreign]
        problems += [f"{rel}: failed request {u}" for u in seen["failed"]]
        problems += [f"{rel}: console error {m}" for m in seen["console"]]
        no_alt = page.eval_on_selector_all(
            "img", "els => els.filter(e => !(e.getAttribute('alt') || '').trim()).map(e => e.getAttribute('src'))")
        problems += [f"{rel}: image without alt text {src}" for src in no_alt]
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            target = urlparse(urljoin(page.url, href))
            if target.scheme not in ("http", "https") or not (server.rstrip("/").endswith(target.netloc)):
                continue
            if target.path.endswith(PDF_NAME):
                continue  # the PDF edition is added by `make pdf`; test_pdf_is_linked_from_the_site checks it
            file = built_site / unquote(target.path).lstrip("/")
            if file.is_dir():
                file = file / "index.html"
            if not file.exists():
                problems.append(f"{rel}: broken internal link {href}")
        result = axe.run(page)
        for violation in result.response["violations"]:
            if violation["impact"] in ("serious", "critical") or violation["id"] in ALSO_FORBIDDEN:
                problems.append(f"{rel}: axe {violation['impact']} {violation['id']} ({len(violation['nodes'])} nodes)")
        page.close()
    assert not problems, "\n".join(problems)


def test_pages_work_from_file_urls_without_other_hosts(browser, built_site):
    for path in pages(built_site):
        page, seen = visit(browser, path.as_uri())
        foreign = [u for u in seen["requests"] if not u.startswith(("file://", "data:"))]
        assert not foreign, f"{path.name} requested {foreign}"
        page.close()


def test_search_finds_a_known_term(browser, server):
    page, _ = visit(browser, server + "search.html?q=Vostochny")
    page.wait_for_selector("#search-results ul.search li", timeout=20000)
    hits = page.eval_on_selector_all("#search-results ul.search li", "els => els.length")
    assert hits >= 1
    page.close()


@pytest.fixture(scope="module")
def built_pdf(built_site) -> Path:
    """The PDF edition, built into the same output folder and linked into the site."""
    require("lualatex", "texlive-luatex")
    require("latexmk", "latexmk")
    require("pdftotext", "poppler-utils")
    fonts = subprocess.run(["fc-list", "Noto Serif CJK KR"], capture_output=True, text=True).stdout
    if not fonts.strip():
        require("noto-serif-cjk-kr-font-missing", "fonts-noto-cjk")
    book = built_site.parents[1]
    assert build(book, book, "pdflatex") == 0, "the PDF build failed; run `make pdf` to see why"
    return book / "_build" / "latex" / PDF_NAME


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_pdf_has_the_book_without_code(built_pdf):
    info = subprocess.run(["pdfinfo", str(built_pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(l.split()[-1] for l in info.splitlines() if l.startswith("Pages:")))
    assert pages >= 40, f"only {pages} pages"
    text = pdf_text(built_pdf)
    for expected in ("Key judgements", "Shells and missiles for Russia", "Soldiers in Kursk", "The corridor",
                     "References", "In brief", "Data as of"):
        assert expected in text, f"{expected!r} missing from the PDF"
    for hidden in ("import rnkbook", "source_note(", "glue(", "rnk-source"):
        assert hidden not in text, f"code ({hidden!r}) printed in the PDF"


def test_pdf_is_linked_from_the_site(built_pdf, built_site):
    assert (built_site / PDF_NAME).exists()
    intro = (built_site / "chapters" / "intro.html").read_text(encoding="utf-8")
    assert f'href="../{PDF_NAME}"' in intro


def test_release_bundle_verifies(built_site, tmp_path):
    book = built_site.parents[1]
    archive = make_release(book, built_site, tmp_path, require_pdf=False)
    assert verify(archive)
    manifest = json.loads(archive.with_name(archive.name.replace(".tar.gz", ".json")).read_text())
    assert {"version", "commit", "build_date", "file_count", "size_bytes", "sha256"} <= set(manifest)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert len(names) == manifest["file_count"]
    root = manifest["name"]
    assert f"{root}/html/index.html" in names and f"{root}/data/datapackage.json" in names
    assert make_release(book, built_site, tmp_path / "again", require_pdf=False).read_bytes() == archive.read_bytes()


# --- what is shown is what the data say ---------------------------------------------------------

from bs4 import BeautifulSoup  # noqa: E402

import rnkbook  # noqa: E402
from rnkbook.gluing import glued_in  # noqa: E402
from rnkbook.tooling import pagecheck  # noqa: E402


def internal_keys(book: Path) -> set[str]:
    """Glue keys, dataset names and field names: words that must never reach a reader's prose."""
    keys = set()
    for notebook in (book / "chapters").glob("*.ipynb"):
        keys |= set(glued_in(notebook))
    descriptor = rnkbook.descriptor()
    keys |= {r["name"] for r in descriptor["resources"] if "_" in r["name"]}
    keys |= {f["name"] for r in descriptor["resources"] for f in r["schema"]["fields"] if "_" in f["name"]}
    return keys


def dated_sources() -> set[str]:
    sources = rnkbook.load("sources")
    return set(sources.loc[sources["published"].notna(), "source_id"])


# The data appendix and the dictionary name files and fields on purpose.
KEYS_ALLOWED_ON = ("chapters/data.html", "chapters/dictionary.html")


def test_every_data_table_shows_its_rows_values(built_site):
    assert pagecheck.count_data_tables(built_site) >= 30
    problems = pagecheck.check_tables(built_site)
    assert not problems, "\n".join(problems[:20])


def test_a_scrambled_table_fails_the_table_check(built_site):
    """Permute one column of the poll table against its rows, as the old Powers page did."""
    page = next(p for p in pages(built_site) if 'data-dataset="polls"' in p.read_text(encoding="utf-8"))
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    table = soup.find("table", attrs={"data-dataset": "polls"})
    field = next(td["data-field"] for td in table.find_all("td", attrs={"data-field": True})
                 if td["data-format"] in ("share", "number", "int", "text") and td.get_text().strip())
    cells = table.find_all("td", attrs={"data-field": field})
    values = [c.get_text() for c in cells]
    assert len(set(values)) > 1, "need two different values to scramble"
    for cell, value in zip(cells, values[1:] + values[:1]):
        cell.string = value
    problems = pagecheck.check_table_html(str(soup), "scrambled")
    assert problems and all("the data say" in p for p in problems), problems


def test_rendered_text_has_no_stray_values_keys_or_bad_ranges(built_site):
    problems = pagecheck.check_text(built_site, internal_keys(built_site.parents[1]), dated_sources(),
                                    allow=KEYS_ALLOWED_ON)
    assert not problems, "\n".join(problems[:30])


@pytest.mark.parametrize("broken, expected", [
    ('<div class="cell_output"><div class="output text_plain"><pre>\'2026-02-23\'</pre></div></div>', "bare output"),
    ("<p>between 3.0–3.0 million rounds</p>", "degenerate range"),
    ("<p>There is 1 claims here.</p>", "disagree"),
    ("<p>worth \\$5 billion</p>", "escaped dollar"),
    ("<p>about about 66 voyages</p>", "doubled qualifier"),
    ("<p>the value ar_fired22_western is shown</p>", "internal key"),
    ('<p><a href="#kbs-2023-10-13-najin-dunay">KBS, n.d.</a></p>', "n.d."),
])
def test_the_text_check_fails_on_a_broken_copy(broken, expected):
    page = BeautifulSoup(f"<html><body><article><p>A clean sentence.</p>{broken}</article></body></html>",
                         "html.parser")
    problems = pagecheck.check_page_text(page, "broken.html", {"ar_fired22_western"}, {"kbs-2023-10-13-najin-dunay"})
    assert any(expected in p for p in problems), problems


def test_one_quantity_prints_one_value_everywhere(built_site):
    found = pagecheck.quantities_found(built_site)
    shared = [meaning for meaning, where in found.items() if len(where) > 1]
    assert len(shared) >= 3, f"the consistency check sees too little: {dict(found)}"
    problems = pagecheck.check_consistency(built_site)
    assert not problems, "\n".join(problems)


def test_the_consistency_check_fails_on_a_broken_copy(built_site, tmp_path):
    import shutil

    copy = tmp_path / "html"
    shutil.copytree(built_site / "chapters", copy / "chapters")
    page = next(p for p in (copy / "chapters").glob("*.html")
                if pagecheck.QUANTITIES["China's share of North Korea's recorded trade in 2024"].search(
                    pagecheck.visible_text(pagecheck.soup_of(p))))
    text = page.read_text(encoding="utf-8")
    share = pagecheck.QUANTITIES["China's share of North Korea's recorded trade in 2024"].search(
        pagecheck.visible_text(pagecheck.soup_of(page))).group(1)
    page.write_text(text.replace(share, "12.3%", 1), encoding="utf-8")
    date_page = copy / "chapters" / "intro.html"
    date_page.write_text(date_page.read_text(encoding="utf-8").replace("Data as of", "Data as of 1 January 2020. Old", 1),
                         encoding="utf-8")
    problems = pagecheck.check_consistency(copy)
    assert any("China's share" in p for p in problems), problems
    assert any("data as of" in p for p in problems), problems


def test_phone_width_pages_do_not_scroll_sideways_and_reach_the_key_judgements(browser, server, built_site):
    """At 375 px no page scrolls sideways (wide tables scroll in their own box), and every page
    links to the key judgements."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    problems = []
    for path in pages(built_site):
        rel = path.relative_to(built_site).as_posix()
        page = context.new_page()
        page.goto(server + rel, wait_until="networkidle")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            problems.append(f"{rel}: scrolls sideways by {overflow}px at 375px")
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        if not rel.endswith("judgements.html") and not any(h.split("#")[0].endswith("judgements.html") for h in links):
            problems.append(f"{rel}: no link to the key judgements")
        page.close()
    context.close()
    assert not problems, "\n".join(problems)


def test_first_use_of_each_acronym_links_to_the_glossary(built_site):
    terms = pagecheck.glossary_terms(built_site.parents[1])
    assert len(terms) >= 20
    problems = pagecheck.check_terms(built_site, terms)
    assert not problems, "\n".join(problems)


def test_the_acronym_check_fails_on_a_broken_copy():
    page = BeautifulSoup("<article><p>South Korea's spy agency, the NIS, said so.</p>"
                         '<p>Later the <a href="glossary.html#term-NIS">NIS</a> said more.</p></article>', "html.parser")
    assert pagecheck.check_page_terms(page, "broken.html", ["NIS"])


# Appendices that are reference material, not the story's main flow.
LONG_TABLES_ALLOWED = ("chapters/data.html", "chapters/dictionary.html", "chapters/references.html")


def test_no_chapter_shows_a_table_longer_than_ten_rows(built_site):
    """The main flow shows the rows that carry the argument; the full table is a click away."""
    problems = []
    for page in pages(built_site):
        rel = page.relative_to(built_site).as_posix()
        if rel.endswith(LONG_TABLES_ALLOWED):
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for table in soup.find_all("table"):
            if table.find_parent("details") is not None:
                continue
            rows = len(table.find("tbody").find_all("tr")) if table.find("tbody") else 0
            if rows > 10:
                problems.append(f"{rel}: a table of {rows} rows in the main flow")
    assert not problems, "\n".join(problems)
