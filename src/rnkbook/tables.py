"""Tables for readers, built so that what is shown can be checked against the data.

A *data table* shows rows of one dataset. Its HTML carries the dataset's name, each row's
id and, for every cell, the field it shows and how it was formatted. The test suite
re-reads the dataset and checks every displayed value against the row it claims to show,
so a value attached to the wrong row fails the build's tests (a scrambled poll table did
once). A *derived table* shows values computed across rows (shares, counts); it names the
rows it was computed from.

Every cell is escaped: data are text, never markup. HTML pages get an HTML table (wide
tables scroll inside their own box; rows beyond the first few are a click away); the PDF
gets a Markdown table of the rows shown inline, with a note on where the rest are.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from . import text
from .estimates import Estimate, money, number, share

INLINE_ROWS = 10


def _missing(value) -> bool:
    return value is None or (not isinstance(value, (str, list, dict)) and pd.isna(value))


def _date(value) -> str:
    return pd.Timestamp(value).strftime("%-d %b %Y")


def _month(value) -> str:
    return pd.Timestamp(value).strftime("%b %Y")


def _plain(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, (int,)) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _code(value) -> str:
    from .data import code_label  # the descriptor is read only when a table shows a code

    return code_label(str(value))


# Named formatters, shared with the test that re-checks rendered tables against the data.
FORMATS: dict[str, Callable] = {
    "text": _plain,
    "code": _code,
    "int": lambda v: f"{int(v):,}",
    "year": lambda v: str(int(v)),
    "number": number,
    "share": share,
    "share1": lambda v: share(v, 1),
    "money": money,
    "date": _date,
    "month": _month,
    "bool": lambda v: "yes" if v else "no",
}
EMPTY = "–"


def format_cell(value, fmt: str) -> str:
    """A value as a table shows it (before escaping)."""
    if _missing(value):
        return EMPTY
    return FORMATS[fmt](value)


@dataclass(frozen=True)
class Column:
    """A column of a data table: its heading, the dataset field it shows, and its format.

    `fmt="estimate"` shows the estimate whose bounds are `{field}low/central/high` (field is
    the family prefix, '' for plain low/central/high) in words. `fmt="source"` shows who the
    row's source is, with a dagger when it rests only on a repost.
    """

    label: str
    field: str
    fmt: str = "text"

    @property
    def attribute(self) -> str:
        return f"{self.field}*" if self.fmt == "estimate" else self.field


def estimate_cell(row, prefix: str) -> str:
    try:
        return Estimate.from_row(row, prefix).words()
    except ValueError:
        return EMPTY


# Fields in which a row names who made its figure; the source cell credits that authority.
AUTHORITY_FIELDS = ("estimator", "reported_by", "examined_by", "observer", "pollster", "reporter", "counter")


def row_authority(row) -> str | None:
    for field in AUTHORITY_FIELDS:
        if field in row and not _missing(row[field]) and str(row[field]).strip():
            return str(row[field])
    return None


def source_cell(row) -> str:
    from .sources import short_credit

    return short_credit(row["source_id"], row_authority(row))


def dated(row, field: str) -> str:
    """A date only as precise as its source: '24 Aug 1945', 'Sep 1995', '2014'."""
    value = row[field]
    if _missing(value):
        return EMPTY
    precision = row.get(f"{field}_precision") if f"{field}_precision" in row else row.get("date_precision", "day")
    pattern = {"day": "%-d %b %Y", "month": "%b %Y", "year": "%Y"}.get(str(precision), "%-d %b %Y")
    return pd.Timestamp(value).strftime(pattern)


def cell_text(row, column: Column) -> str:
    """What a data table prints for `column` of `row` (shared with the checking test)."""
    if column.fmt == "dated":
        return dated(row, column.field)
    if column.fmt == "estimate":
        return estimate_cell(row, column.field)
    if column.fmt == "source":
        return source_cell(row)
    return format_cell(row[column.field], column.fmt)


@dataclass
class Table:
    """A table ready for display: HTML for the site, Markdown for the PDF."""

    html: str
    markdown: str

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html, "text/markdown": self.markdown, "text/plain": "(table)"}


def _scroll_attributes(caption: str) -> str:
    """A wide table scrolls in its own box, which keyboard users must be able to reach (axe)."""
    label = caption or "Table"
    return f'tabindex="0" role="region" aria-label="{text.html(label)}"'


def _html_rows(rows, columns, ids) -> str:
    out = []
    for (_, row), ident in zip(rows.iterrows(), ids):
        cells = "".join(f'<td data-field="{text.html(c.attribute)}" data-format="{c.fmt}">'
                        f"{text.html(cell_text(row, c))}</td>" for c in columns)
        out.append(f'<tr data-row-id="{text.html(ident)}">{cells}</tr>')
    return "".join(out)


def _html_table(dataset, id_field, rows, columns, ids, caption="") -> str:
    head = "".join(f'<th scope="col">{text.html(c.label)}</th>' for c in columns)
    cap = f"<caption>{text.html(caption)}</caption>" if caption else ""
    return (f'<div class="rnk-table-scroll" {_scroll_attributes(caption)}><table class="rnk-table" data-dataset="{text.html(dataset)}" '
            f'data-id-field="{text.html(id_field)}">{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{_html_rows(rows, columns, ids)}</tbody></table></div>")


def _markdown_table(headings: Sequence[str], body: list[list[str]]) -> str:
    head = "| " + " | ".join(text.md(h) for h in headings) + " |"
    rule = "| " + " | ".join("---" for _ in headings) + " |"
    lines = ["| " + " | ".join(text.md(v) for v in row) + " |" for row in body]
    return "\n".join([head, rule, *lines])


def data_table(rows: pd.DataFrame, dataset: str, columns: Sequence[Column], id_field: str,
               caption: str = "", inline: pd.Series | int | None = INLINE_ROWS,
               full_label: str = "") -> Table:
    """Rows of one dataset for readers, each cell traceable to its row and field.

    `inline` picks the rows that carry the argument: a boolean mask over `rows`, or the first
    N rows. When that is not every row, the full table follows, collapsed, a click away.
    """
    missing = [c.field for c in columns if c.fmt not in ("estimate",) and c.field not in rows.columns]
    if missing:
        raise KeyError(f"{dataset}: no field(s) {missing} in the rows given")
    rows = rows.reset_index(drop=True)
    if isinstance(inline, pd.Series):
        shown = rows[inline.reset_index(drop=True).astype(bool)]
    else:
        shown = rows.head(inline) if inline else rows
    ids = lambda frame: [str(v) for v in frame[id_field]]  # noqa: E731
    html = _html_table(dataset, id_field, shown, columns, ids(shown), caption)
    if len(shown) < len(rows):
        label = full_label or f"All {text.plural(len(rows), 'row')} of this table"
        html += (f'<details class="rnk-full-table"><summary>{text.html(label)}</summary>'
                 f"{_html_table(dataset, id_field, rows, columns, ids(rows))}</details>")
    body = [[cell_text(row, c) for c in columns] for _, row in shown.iterrows()]
    markdown = _markdown_table([c.label for c in columns], body)
    if caption:
        markdown = f"**{text.md(caption)}**\n\n{markdown}"
    if len(shown) < len(rows):
        rest = len(rows) - len(shown)
        markdown += (f"\n\n*{text.plural(rest, 'more row')} of this table {text.verb(rest)} in the HTML "
                     "edition and in the chapter's data download\\.*")
    return Table(html=html, markdown=markdown)


def derived_table(frame: pd.DataFrame, caption: str = "", computed_from: dict[str, Sequence[str]] | None = None,
                  formats: dict[str, str] | None = None) -> Table:
    """Values computed across rows (counts, shares, ranges), naming the rows they come from.

    `formats` maps a column to a named format; other columns are printed as they are (strings
    already worded by the chapter, e.g. with `Estimate.words`).
    """
    formats = formats or {}
    body = [[format_cell(v, formats.get(c, "text")) for c, v in zip(frame.columns, row)]
            for row in frame.astype(object).itertuples(index=False)]
    head = "".join(f'<th scope="col">{text.html(c)}</th>' for c in frame.columns)
    rows = "".join("<tr>" + "".join(f"<td>{text.html(v)}</td>" for v in r) + "</tr>" for r in body)
    sources = " ".join(f"{name}:{ident}" for name, ids in (computed_from or {}).items() for ident in ids)
    cap = f"<caption>{text.html(caption)}</caption>" if caption else ""
    html = (f'<div class="rnk-table-scroll" {_scroll_attributes(caption)}><table class="rnk-table rnk-derived" data-derived="true" '
            f'data-computed-from="{text.html(sources)}">{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table></div>")
    markdown = _markdown_table([str(c) for c in frame.columns], body)
    if caption:
        markdown = f"**{text.md(caption)}**\n\n{markdown}"
    return Table(html=html, markdown=markdown)


def show_table(frame: pd.DataFrame, caption: str = "") -> Table:
    """A table of already-worded values (kept for chapters not yet moved to data tables)."""
    return derived_table(frame, caption)
