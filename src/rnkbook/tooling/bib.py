"""Generate references.bib from the source registry, so there is one list of sources.

    python -m rnkbook.tooling.bib            write references.bib
    python -m rnkbook.tooling.bib --check    exit 1 if references.bib is out of date

Every source_id becomes a BibTeX key, so prose can cite any registry entry
with {cite}`source-id`, and the references page lists them all.
"""
from __future__ import annotations

import sys

import pandas as pd

from ..data import load
from ..paths import BOOK_ROOT

BIB = BOOK_ROOT / "references.bib"
HEADER = "% Generated from data/sources.csv by `python -m rnkbook.tooling.bib`. Do not edit by hand.\n"
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
LATEX_SPECIAL = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}"}


def escape(text: str) -> str:
    return "".join(LATEX_SPECIAL.get(ch, ch) for ch in str(text))


def entry(row: pd.Series) -> str:
    fields = {
        "author": "{" + escape(row["organisation"]) + "}",  # a corporate author: no name parsing
        "title": "{" + escape(row["title"]) + "}",
        "url": row["url"],
        "urldate": row["accessed"].date().isoformat(),
    }
    if pd.notna(row["published"]):
        fields["year"] = str(row["published"].year)
        fields["month"] = MONTHS[row["published"].month - 1]
        fields["date"] = row["published"].date().isoformat()
    else:
        fields["year"] = "n.d."
    if pd.notna(row["originator"]) and row["originator"] != row["organisation"]:
        fields["note"] = "Originally from " + escape(row["originator"])
    body = ",\n".join(f"  {k} = {{{v}}}" if k != "month" else f"  {k} = {v}" for k, v in fields.items())
    return f"@misc{{{row['source_id']},\n{body}\n}}\n"


def render() -> str:
    sources = load("sources").sort_values("source_id")
    return HEADER + "\n".join(entry(row) for _, row in sources.iterrows())


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    text = render()
    if "--check" in argv:
        current = BIB.read_text(encoding="utf-8") if BIB.exists() else ""
        if current != text:
            print("references.bib is out of date: run `python -m rnkbook.tooling.bib`", file=sys.stderr)
            return 1
        return 0
    BIB.write_text(text, encoding="utf-8")
    print(f"wrote {BIB} ({text.count('@misc')} entries)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
