"""Checks on the built pages that reproducibility cannot make: what is shown is what the data say.

- `check_tables`: every data table names its dataset, each row its id and each cell its field
  and format; the cell must print exactly what that row's field prints as. A value attached to
  the wrong row fails.
- `check_text`: the visible text of a page has no bare scalar outputs, no degenerate ranges
  ("3.0–3.0"), no number–noun disagreement ("1 claims"), no escaped dollar signs, no internal
  keys or dataset ids, and no "n.d." for a source that has a date.
- `check_consistency`: one quantity, one value: the "data as of" date is the same on every
  page, and quantities marked with the same meaning print the same value everywhere.

Each returns a list of problems (strings); an empty list means the pages pass.
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from bs4 import BeautifulSoup

SKIP_PARTS = {"_static", "_sources", "_images", "_downloads"}


def site_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if not SKIP_PARTS & set(p.relative_to(site).parts))


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _norm(text: str) -> str:
    return " ".join(text.split())


# --- tables ----------------------------------------------------------------------------------

def check_table_html(html: str, where: str = "page") -> list[str]:
    """Check every data table in `html` against the datasets it names."""
    from ..data import load
    from ..tables import Column, cell_text

    problems = []
    soup = BeautifulSoup(html, "html.parser")
    cache: dict[str, dict] = {}
    for table in soup.find_all("table", attrs={"data-dataset": True}):
        name, id_field = table["data-dataset"], table.get("data-id-field", "")
        if name not in cache:
            try:
                frame = load(name)
            except KeyError:
                problems.append(f"{where}: a table names dataset {name!r}, which does not exist")
                continue
            cache[name] = {str(r[id_field]): r for _, r in frame.iterrows()}
        rows = cache[name]
        for tr in table.find_all("tr", attrs={"data-row-id": True}):
            ident = tr["data-row-id"]
            if ident not in rows:
                problems.append(f"{where}: table of {name} shows a row {ident!r} that the dataset does not have")
                continue
            for td in tr.find_all("td", attrs={"data-field": True}):
                attribute, fmt = td["data-field"], td.get("data-format", "text")
                field = attribute[:-1] if attribute.endswith("*") else attribute
                expected = _norm(cell_text(rows[ident], Column("", field, fmt)))
                shown = _norm(td.get_text())
                if shown != expected:
                    problems.append(f"{where}: {name} row {ident}, field {field}: shows {shown!r}, "
                                    f"the data say {expected!r}")
    return problems


def check_tables(site: Path) -> list[str]:
    problems = []
    for page in site_pages(site):
        problems += check_table_html(page.read_text(encoding="utf-8"), page.relative_to(site).as_posix())
    return problems


def count_data_tables(site: Path) -> int:
    return sum(len(soup_of(p).find_all("table", attrs={"data-dataset": True})) for p in site_pages(site))


# --- visible text ----------------------------------------------------------------------------

NOUNS = ("claim", "source", "row", "event", "estimate", "statement", "poll", "chapter", "dataset", "verdict",
         "launch", "missile", "shipment", "soldier", "country", "voyage", "page", "figure", "table", "measure",
         "response", "step", "provision", "vote", "prisoner", "item", "report", "transfer")
# "1 claims", "one sources": a singular count with a plural noun; "3 claim": a plural count, singular noun.
SINGULAR_WITH_PLURAL = re.compile(r"\b(?:1|one) (" + "|".join(NOUNS) + r")s\b")
PLURAL_WITH_SINGULAR = re.compile(r"(?<![\d.,$])\b(?:[2-9]|[1-9]\d{1,2}(?:,\d{3})*) (" + "|".join(NOUNS) + r")\b(?!s|-)")
# The unit group always takes part (maybe empty), so the back-reference works when there is no unit.
DEGENERATE = re.compile(r"(?<![\d.])(\d[\d,]*(?:\.\d+)?)((?:%| million| billion)?)\s?[–—]\s?\1\2(?![\d.])")
ESCAPED_DOLLAR = re.compile(r"\\\$")
# "about about 50%": a qualifier typed in the prose before a glued value that already carries it.
DOUBLED = re.compile(r"\b(about|at least|up to|more than|nearly|some)\s+\1\b", re.I)
BARE_SCALAR = re.compile(r"^\s*(?:'[^']*'|\"[^\"]*\"|-?\d+(?:\.\d+)?|np\.\w+\(.*\)|True|False|None)\s*$")
SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")


def visible_text(soup: BeautifulSoup) -> str:
    """The words a reader sees in the article: no code, scripts, navigation or literals."""
    article = soup.find("article") or soup.find("main") or soup
    article = BeautifulSoup(str(article), "html.parser")
    for tag in article.find_all(["script", "style", "code", "pre", "nav", "kbd", "samp"]):
        tag.decompose()
    for tag in article.select(".cell_input, .headerlink, .rnk-code"):
        tag.decompose()
    return _norm(article.get_text(" "))


def bare_outputs(soup: BeautifulSoup) -> list[str]:
    """Visible cell outputs that are only a Python scalar's repr ('4', "'2026-02-23'")."""
    found = []
    for div in soup.select(".cell_output .output.text_plain"):
        text = div.get_text()
        if BARE_SCALAR.match(text):
            found.append(text.strip())
    return found


def check_page_text(soup: BeautifulSoup, where: str, internal_keys: set[str], dated_sources: set[str],
                    allow_keys: bool = False) -> list[str]:
    problems = [f"{where}: bare output {v!r} shown to readers" for v in bare_outputs(soup)]
    text = visible_text(soup)
    for m in DEGENERATE.finditer(text):
        problems.append(f"{where}: degenerate range {m.group(0)!r}")
    for rx in (SINGULAR_WITH_PLURAL, PLURAL_WITH_SINGULAR):
        for m in rx.finditer(text):
            problems.append(f"{where}: number and noun disagree: {m.group(0)!r}")
    for m in DOUBLED.finditer(text):
        problems.append(f"{where}: doubled qualifier {m.group(0)!r}")
    if ESCAPED_DOLLAR.search(text):
        problems.append(f"{where}: an escaped dollar sign (\\$) is shown")
    if not allow_keys:
        for token in sorted(set(SNAKE.findall(text)) & internal_keys):
            problems.append(f"{where}: internal key {token!r} in the prose")
    for anchor in soup.find_all(id=True):
        ident = anchor["id"]
        if ident.startswith("id") or ident not in dated_sources:
            continue
        label = anchor.get_text(" ")
        if "n.d." in label:
            problems.append(f"{where}: source {ident} has a date but shows 'n.d.'")
    for link in soup.find_all("a", href=True):
        target = link["href"].rsplit("#", 1)[-1]
        if target in dated_sources and "n.d." in link.get_text():
            problems.append(f"{where}: citation of {target} shows 'n.d.' although the source is dated")
    return problems


def check_text(site: Path, internal_keys: set[str], dated_sources: set[str], allow: tuple[str, ...] = ()) -> list[str]:
    problems = []
    for page in site_pages(site):
        name = page.relative_to(site).as_posix()
        problems += check_page_text(soup_of(page), name, internal_keys, dated_sources,
                                    allow_keys=any(name.endswith(a) for a in allow))
    return problems


# --- one quantity, one value -----------------------------------------------------------------

AS_OF = re.compile(r"[Dd]ata as of ([0-9]{1,2} [A-Z][a-z]+ [0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2})")
# Quantities the book prints on more than one page, each found by the words around it. Every match
# of one meaning must print the same value, wherever it appears.
QUANTITIES = {
    "China's share of North Korea's recorded trade in 2024":
        re.compile(r"(\d+(?:\.\d+)?%) of North Korea(?:’|')s recorded trade"),
    "containers shipped by mid-2025 (Seoul)": re.compile(r"((?:about|at least|more than) [\d,]+) containers of munitions"),
    "dated events in the record": re.compile(r"([\d,]+) dated events"),
    "sources behind the book": re.compile(r"drawn from ([\d,]+) sources"),
    "North Korean soldiers sent (NIS total)": re.compile(r"counts ((?:about|at least) [\d,]+) (?:soldiers |combat troops )?sent"),
    "reported Russian transfers": re.compile(r"(?:Of|of the) ([\d,]+) reported (?:Russian )?transfers"),
}


def check_consistency(site: Path) -> list[str]:
    """Every page names the same 'data as of' date, and every quantity in QUANTITIES prints the
    same value wherever the book prints it."""
    problems = []
    dates: dict[str, set[str]] = defaultdict(set)
    quantities: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for page in site_pages(site):
        name = page.relative_to(site).as_posix()
        soup = soup_of(page)
        for m in AS_OF.finditer(_norm(soup.get_text(" "))):
            dates[m.group(1)].add(name)
        text = visible_text(soup)
        for meaning, pattern in QUANTITIES.items():
            for m in pattern.finditer(text):
                quantities[meaning][m.group(1)].add(name)
    if len(dates) > 1:
        problems.append("pages name different 'data as of' dates: " +
                        "; ".join(f"{d} on {', '.join(sorted(p)[:3])}" for d, p in dates.items()))
    for meaning, values in quantities.items():
        if len(values) > 1:
            problems.append(f"{meaning} is printed as " + " and ".join(f"{v!r} ({', '.join(sorted(p)[:2])})"
                                                                       for v, p in values.items()))
    return problems


def quantities_found(site: Path) -> dict[str, set[str]]:
    """Which quantities in QUANTITIES the site prints, and on how many pages (for the test's own check)."""
    found: dict[str, set[str]] = defaultdict(set)
    for page in site_pages(site):
        text = visible_text(soup_of(page))
        for meaning, pattern in QUANTITIES.items():
            if pattern.search(text):
                found[meaning].add(page.relative_to(site).as_posix())
    return found


# --- acronyms ---------------------------------------------------------------------------------

TERM_SKIP_PAGES = ("glossary.html", "references.html", "dictionary.html", "changelog.html")


def glossary_terms(book: Path) -> list[str]:
    text = (book / "chapters" / "glossary.md").read_text(encoding="utf-8")
    return re.findall(r"^([A-Z][A-Za-z0-9/-]+)\n  ", text, re.M)


def check_page_terms(soup: BeautifulSoup, where: str, terms: list[str]) -> list[str]:
    """The first use of each acronym in a page's running text links to its glossary entry.

    Tables, source lines and citation links name authorities, not prose, and are not counted."""
    article = soup.find("article") or soup
    article = BeautifulSoup(str(article), "html.parser")
    for tag in article.select(".cell_input, script, style, pre, code, .headerlink"):
        tag.decompose()
    patterns = {t: re.compile(rf"(?<![\w-]){re.escape(t)}(?![\w-])") for t in terms}
    first: dict[str, bool] = {}
    for node in article.find_all(string=True):
        parents = list(node.parents)
        if any(p.name == "table" or "rnk-source" in (p.get("class") or []) for p in parents):
            continue
        links = [p for p in parents if p.name == "a"]
        if links and not any("glossary" in (a.get("href") or "") for a in links):
            continue
        for term, pattern in patterns.items():
            if term not in first and pattern.search(str(node)):
                first[term] = bool(links)
    return [f"{where}: first use of {term} is not linked to the glossary" for term, ok in first.items() if not ok]


def check_terms(site: Path, terms: list[str]) -> list[str]:
    problems = []
    for page in site_pages(site):
        if page.name in TERM_SKIP_PAGES:
            continue
        problems += check_page_terms(soup_of(page), page.relative_to(site).as_posix(), terms)
    return problems
