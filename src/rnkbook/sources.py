"""Turn the source ids of the rows a figure or table uses into a readable source line."""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .data import load


def _ids(rows: pd.DataFrame | Iterable[str]) -> list[str]:
    """Source ids in first-seen order, from a DataFrame's source_id column or a list."""
    if isinstance(rows, pd.DataFrame):
        values = rows["source_id"].dropna().tolist()
    else:
        values = list(rows)
    seen: dict[str, None] = {}
    for value in values:
        for part in str(value).split(";"):
            if part.strip():
                seen.setdefault(part.strip(), None)
    return list(seen)


def source_entries(rows: pd.DataFrame | Iterable[str]) -> pd.DataFrame:
    """The registry rows behind `rows`, in the order they were first used."""
    registry = load("sources").set_index("source_id")
    ids = _ids(rows)
    missing = [i for i in ids if i not in registry.index]
    if missing:
        raise KeyError(f"source ids not in data/sources.csv: {missing}")
    return registry.loc[ids].reset_index()


def _credit(entry: pd.Series) -> str:
    """'Originator via Publisher' when they differ, else just the publisher."""
    org, origin = entry["organisation"], entry["originator"]
    if pd.isna(origin) or origin == org:
        return str(org)
    return f"{origin} via {org}"


def source_line(rows: pd.DataFrame | Iterable[str], prefix: str = "Sources", max_chars: int = 320) -> str:
    """A compact line naming who said it, grouped by credit, with publication years.

    When the full list would not fit under a figure (more than `max_chars`), the
    line names the most-used credits and the total, and points to the data.
    """
    entries = source_entries(rows)
    groups: dict[str, set[int]] = {}
    for _, entry in entries.iterrows():
        credit = _credit(entry)
        years = groups.setdefault(credit, set())
        if pd.notna(entry["published"]):
            years.add(int(entry["published"].year))
    parts = []
    for credit, years in groups.items():
        span = ", ".join(str(y) for y in sorted(years))
        parts.append(f"{credit} ({span})" if span else credit)
    label = prefix if len(parts) > 1 else prefix.rstrip("s")
    line = f"{label}: " + "; ".join(parts) + "."
    if len(line) <= max_chars:
        return line
    publishers = entries["organisation"].value_counts().sort_index().sort_values(ascending=False, kind="stable")
    named = "; ".join(f"{org} ({n})" for org, n in publishers.head(4).items())
    return (f"{prefix}: {len(entries)} sources from {len(publishers)} publishers, most often {named}. "
            "Every row's source is named in the data (source_id) and listed on the References page.")


def cite_list(rows: pd.DataFrame | Iterable[str]) -> str:
    """Markdown links to each source, for a 'Sources' paragraph under a table."""
    entries = source_entries(rows)
    links = []
    for _, entry in entries.iterrows():
        date = entry["published"].date().isoformat() if pd.notna(entry["published"]) else "undated"
        links.append(f"[{_credit(entry)}, {date}]({entry['url']})")
    return "; ".join(links)


def data_as_of(*frames: pd.DataFrame) -> str:
    """The publication date of the newest source behind these rows, as YYYY-MM-DD."""
    ids = [i for frame in frames for i in _ids(frame)]
    published = source_entries(ids)["published"].dropna()
    if published.empty:
        raise ValueError("none of these rows' sources has a publication date")
    return published.max().date().isoformat()
