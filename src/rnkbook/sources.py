"""Who said it: source lines, credits that lead with the authority, and the quality of the sourcing.

Every data row names its source in `sources.csv`. A credit names the authority first and the
outlet after it ("South Korea NIS via Yonhap"); a repost is marked as one ("… (repost at
MENAFN)"), and a row that rests only on reposts carries a dagger wherever it is shown.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from . import text
from .data import descriptor, load

TIERS = ("primary", "wire", "secondary", "repost")
STRONG_TIERS = {"primary", "wire"}
DAGGER = "†"
REPOST_NOTE = f"{DAGGER} rests only on a repost of the original report."


def _ids(rows: pd.DataFrame | Iterable[str]) -> list[str]:
    """Source ids in first-seen order, from a DataFrame's source_id column or a list."""
    if isinstance(rows, pd.DataFrame):
        values = rows["source_id"].dropna().tolist()
    elif isinstance(rows, str):
        values = [rows]
    else:
        values = list(rows)
    seen: dict[str, None] = {}
    for value in values:
        for part in str(value).split(";"):
            if part.strip():
                seen.setdefault(part.strip(), None)
    return list(seen)


def registry() -> pd.DataFrame:
    return load("sources").set_index("source_id")


def source_entries(rows: pd.DataFrame | Iterable[str]) -> pd.DataFrame:
    """The registry rows behind `rows`, in the order they were first used."""
    reg = registry()
    ids = _ids(rows)
    missing = [i for i in ids if i not in reg.index]
    if missing:
        raise KeyError(f"source ids not in data/sources.csv: {missing}")
    return reg.loc[ids].reset_index()


def _given(value) -> bool:
    return value is not None and not pd.isna(value) and str(value).strip() != ""


def short_name(name: str) -> str:
    """A name for a credit line: the registry's details in brackets, and second names, left out."""
    import re

    text = re.sub(r"\s*\([^()]*\)", "", str(name))
    text = re.sub(r"\s*\([^()]*\)", "", text)  # nested brackets
    for stop in (";", " / ", ", via", ", citing", " citing ", ": "):
        text = text.split(stop)[0]
    return text.strip().rstrip(",") or str(name)


def authorities(originator) -> str:
    """Every authority a registry entry names, short: 'Russian General Staff and South Korean officials'.

    A source that reports two authorities is credited to both, never to whichever is listed first.
    """
    names = list(dict.fromkeys(short_name(part) for part in str(originator).split(";") if part.strip()))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def credit(entry: pd.Series, authority: str | None = None) -> str:
    """'Authority via Outlet', with '(repost at Site)' for a repost; the authority leads.

    `authority` names who made this particular figure (a row's estimator), when the row says.
    """
    org, origin = short_name(entry["organisation"]), entry["originator"]
    if _given(authority):
        authority = short_name(authority)
    elif _given(origin) and ";" not in str(origin):
        authority = short_name(origin)
    else:
        # A source reporting several authorities, cited without saying which: credit the outlet alone
        # rather than whichever authority happens to be listed first.
        authority = org
    if entry.get("tier") == "repost":
        outlet = entry.get("original_outlet")
        outlet = short_name(outlet) if _given(outlet) else outlet
        lead = f"{authority} via {outlet}" if _given(outlet) and outlet != authority else authority
        return f"{lead} (repost at {org})"
    return authority if authority == org else f"{authority} via {org}"


def year_of(entry: pd.Series) -> str:
    for column in ("original_published", "published"):
        if column in entry and pd.notna(entry[column]):
            return str(pd.Timestamp(entry[column]).year)
    return ""


def is_repost(source_id: str) -> bool:
    return registry().loc[source_id, "tier"] == "repost"


def repost_only(row: pd.Series) -> bool:
    """Whether every source a row names is a repost."""
    ids = _ids([row["source_id"]])
    return bool(ids) and all(is_repost(i) for i in ids)


def short_credit(source_ids: str, authority: str | None = None) -> str:
    """A table cell's source: 'South Korea NIS via Yonhap, 2025', with a dagger for a repost."""
    entries = source_entries([source_ids])
    parts = []
    for _, entry in entries.iterrows():
        year = year_of(entry)
        label = credit(entry, authority) + (f", {year}" if year else "")
        parts.append(label)
    mark = f" {DAGGER}" if all(e == "repost" for e in entries["tier"]) else ""
    return "; ".join(parts) + mark


def _row_authorities(rows) -> dict[str, list[str]]:
    """For rows that name who made each figure (an estimator), the authorities per source id."""
    from .tables import row_authority

    found: dict[str, list[str]] = {}
    if not isinstance(rows, pd.DataFrame):
        return found
    for _, row in rows.iterrows():
        authority = row_authority(row)
        if authority is None:
            continue
        for part in str(row["source_id"]).split(";"):
            names = found.setdefault(part.strip(), [])
            if authority not in names:
                names.append(authority)
    return found


def source_line(rows: pd.DataFrame | Iterable[str], prefix: str = "Sources", max_chars: int = 320) -> str:
    """A compact line naming who said it, grouped by credit, with publication years.

    When the full list would not fit under a figure (more than `max_chars`), the line names the
    most-used authorities and the total, and points to the references.
    """
    entries = source_entries(rows)
    said_by = _row_authorities(rows)
    groups: dict[str, set[str]] = {}
    for _, entry in entries.iterrows():
        for authority in said_by.get(entry["source_id"], [None]):
            years = groups.setdefault(credit(entry, authority), set())
            if year_of(entry):
                years.add(year_of(entry))
    parts = [f"{c} ({', '.join(sorted(y))})" if y else c for c, y in groups.items()]
    label = prefix if len(parts) > 1 else prefix.rstrip("s")
    line = f"{label}: " + "; ".join(parts) + "."
    if any(entries["tier"] == "repost"):
        line += " " + REPOST_NOTE
    if len(line) <= max_chars:
        return line
    leads = pd.Series([c.split(" via ")[0].split(" (repost")[0] for c in groups])
    counts = leads.value_counts().sort_index().sort_values(ascending=False, kind="stable")
    named = "; ".join(f"{a} ({n})" for a, n in counts.head(4).items())
    return (f"{prefix}: {len(entries)} sources, most often {named}. Each is listed with its outlet, "
            "date and link in the data download and on the References page.")


class SourceNote:
    """A source line for display under a figure or table, as a caption line, not a code box."""

    def __init__(self, line: str):
        self.line = line

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": f'<p class="rnk-source">{text.html(self.line)}</p>',
                "text/markdown": f"*{text.md(self.line)}*", "text/plain": self.line}


def source_note(rows: pd.DataFrame | Iterable[str], prefix: str = "Sources") -> SourceNote:
    return SourceNote(source_line(rows, prefix))


def cite_list(rows: pd.DataFrame | Iterable[str]) -> str:
    """Markdown links to each source (escaped), for a 'Sources' paragraph under a table."""
    entries = source_entries(rows)
    links = []
    for _, entry in entries.iterrows():
        date = entry["published"].date().isoformat() if pd.notna(entry["published"]) else "undated"
        links.append(f"[{text.md(credit(entry))}, {date}]({entry['url']})")
    return "; ".join(links)


# --- dates -------------------------------------------------------------------------------

DATE_COLUMNS = ("as_of", "date", "start_date", "end_date")


def data_as_of(*frames: pd.DataFrame) -> str:
    """The newest evidence date in these rows (an estimate's as_of, an event's date), ISO."""
    dates = []
    for frame in frames:
        for column in DATE_COLUMNS:
            if column in frame:
                dates += frame[column].dropna().tolist()
    if not dates:
        raise ValueError("none of these rows carries a date")
    return max(pd.Timestamp(d) for d in dates).date().isoformat()


@lru_cache(maxsize=1)
def _book_as_of() -> str:
    frames = [load(r["name"]) for r in descriptor()["resources"]
              if r["name"] not in ("sources", "seed_claims", "claims", "claim_sources")]
    return data_as_of(*frames)


def book_data_as_of() -> str:
    """The one 'data as of' date of the whole book: the newest dated evidence in any dataset."""
    return _book_as_of()


def long_date(iso: str) -> str:
    """'2026-03-17' -> '17 March 2026', the one way the book prints a date in prose."""
    return pd.Timestamp(iso).strftime("%-d %B %Y")


def book_data_as_of_text() -> str:
    """The book's data date as prose prints it (the banner on every page uses this too)."""
    return long_date(book_data_as_of())


# --- quality shown to readers --------------------------------------------------------------

def data_resources() -> list[dict]:
    """Datasets of evidence (not the registry, the claims or the seed list)."""
    skip = {"sources", "claims", "claim_sources", "seed_claims"}
    return [r for r in descriptor()["resources"] if r["name"] not in skip]


def row_tiers() -> pd.DataFrame:
    """One line per evidence row: dataset, row id, and the best tier among its sources."""
    reg = registry()
    rank = {t: i for i, t in enumerate(TIERS)}
    lines = []
    for res in data_resources():
        frame = load(res["name"])
        key = res["schema"]["primaryKey"][0]
        for _, row in frame.iterrows():
            tiers = [reg.loc[i, "tier"] for i in _ids([row["source_id"]])]
            best = min(tiers, key=rank.get)
            lines.append({"dataset": res["name"], "row_id": row[key], "best_tier": best})
    return pd.DataFrame(lines)
