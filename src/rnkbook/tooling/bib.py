"""Generate references.bib from the source registry, so there is one list of sources.

    python -m rnkbook.tooling.bib            write references.bib
    python -m rnkbook.tooling.bib --check    exit 1 if references.bib is out of date

Every source_id becomes a BibTeX key, so prose can cite any registry entry with
{cite}`source-id`. The author of an entry is its *authority*, with the outlet after it
("South Korea NIS via Yonhap"), so in-text citations and the bibliography lead with who
said it; a repost says so. Fields are plain text, not LaTeX: the book's Sphinx extension
reads them back literally (see `decode`), and Sphinx escapes them for HTML and LaTeX.
"""
from __future__ import annotations

import sys

import pandas as pd

from ..data import load
from ..paths import book_root
from ..sources import credit

HEADER = "% Generated from data/sources.csv by `python -m rnkbook.tooling.bib`. Do not edit by hand.\n"
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
# BibTeX itself only needs balanced braces; these three characters are written as escapes
# that `decode` (applied by rnkbook.tooling.sphinxext) turns back into the characters.
ENCODE = {"\\": "\\b", "{": "\\l", "}": "\\r"}
DECODE = {v: k for k, v in ENCODE.items()}


def encode(text: str) -> str:
    return "".join(ENCODE.get(ch, ch) for ch in " ".join(str(text).split()))


def decode(text: str) -> str:
    """Field text as written by `encode`, back to the characters; bare braces are BibTeX's grouping."""
    out, i = [], 0
    while i < len(text):
        pair = text[i:i + 2]
        if pair in DECODE:
            out.append(DECODE[pair])
            i += 2
        else:
            if text[i] not in "{}":
                out.append(text[i])
            i += 1
    return "".join(out)


def _date(row: pd.Series):
    for column in ("original_published", "published"):
        if column in row and pd.notna(row[column]):
            return row[column]
    return None


def _as_precise(when, precision: str) -> str:
    """A date only as precise as the source: '2024-10-23', 'October 2024', '2025'."""
    when = pd.Timestamp(when)
    if precision == "year":
        return str(when.year)
    if precision == "month":
        return when.strftime("%B %Y")
    return when.date().isoformat()


def entry(row: pd.Series) -> str:
    fields = {
        "author": "{" + encode(credit(row)) + "}",  # a corporate author: no name parsing
        "title": encode(row["title"]),
    }
    if pd.notna(row.get("url")) and str(row["url"]).strip():
        fields["url"] = row["url"]
    fields["urldate"] = row["accessed"].date().isoformat()
    when = _date(row)
    precision = row.get("published_precision") if pd.notna(row.get("published_precision")) else "day"
    if when is not None:
        fields["year"] = str(when.year)
        if precision != "year":
            fields["month"] = MONTHS[when.month - 1]
    notes = [] if "url" in fields else ["No copy found online that the book can cite"]
    if row.get("tier") == "repost":
        original = row.get("original_outlet")
        notes.append("Repost at " + encode(row["organisation"]) +
                     (" of " + encode(original) if pd.notna(original) and str(original).strip() else "") +
                     (", published there " + _as_precise(row["published"], precision) if pd.notna(row["published"]) else ""))
        if pd.notna(row.get("original_url")) and str(row.get("original_url")).strip():
            notes.append("Original: " + encode(row["original_url"]))
    elif when is not None:
        notes.append("Published " + _as_precise(when, precision))
    if notes:
        fields["note"] = ". ".join(notes)
    body = ",\n".join(f"  {k} = {{{v}}}" if k != "month" else f"  {k} = {v}" for k, v in fields.items())
    return f"@misc{{{row['source_id']},\n{body}\n}}\n"


def render() -> str:
    sources = load("sources").sort_values("source_id")
    return HEADER + "\n".join(entry(row) for _, row in sources.iterrows())


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    text = render()
    bib = book_root() / "references.bib"  # this checkout, or the copy in $RNKBOOK_BOOK_DIR
    if "--check" in argv:
        current = bib.read_text(encoding="utf-8") if bib.exists() else ""
        if current != text:
            print("references.bib is out of date: run `python -m rnkbook.tooling.bib`", file=sys.stderr)
            return 1
        return 0
    bib.write_text(text, encoding="utf-8")
    print(f"wrote {bib} ({text.count('@misc')} entries)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
