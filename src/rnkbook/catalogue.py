"""The data dictionary: every dataset in datapackage.json, described for readers.

Descriptions are data too: every one is escaped, so the page shows them as written.
"""
from __future__ import annotations

import pandas as pd

from .data import descriptor, load
from .tables import _markdown_table
from .text import md


def _constraints(field: dict) -> str:
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append("required")
    if "enum" in c:
        labels = {k["value"]: k["label"] for k in field.get("categories", [])}
        parts.append("one of: " + ", ".join(f"{v} ({labels[v]})" if v in labels and labels[v] != v else str(v)
                                            for v in c["enum"]))
    if "minimum" in c:
        parts.append(f"≥ {c['minimum']}")
    if "maximum" in c:
        parts.append(f"≤ {c['maximum']}")
    if "pattern" in c:
        parts.append(f"pattern {c['pattern']}")
    return "; ".join(parts)


def fields_table(name: str) -> pd.DataFrame:
    """The schema of one dataset as a table: field, type, rules, description."""
    res = next(r for r in descriptor()["resources"] if r["name"] == name)
    return pd.DataFrame([
        {"Field": f["name"], "Type": f.get("type", "string"), "Rules": _constraints(f),
         "Description": f.get("description", "")}
        for f in res["schema"]["fields"]
    ])


def dataset_section(name: str, depth: str = "../") -> str:
    """MyST Markdown for one dataset: description, keys, download link, fields (all escaped)."""
    res = next(r for r in descriptor()["resources"] if r["name"] == name)
    frame = load(name)
    schema = res["schema"]
    keys = ", ".join(schema.get("primaryKey", []))
    links = "; ".join(f"{', '.join(fk['fields'])} → {fk['reference']['resource']}"
                      for fk in schema.get("foreignKeys", []))
    table = fields_table(name)
    lines = [
        f"## {md(res['title'])}",
        "",
        md(res["description"]),
        "",
        f"- **File:** {{download}}`{res['path']} <{depth}data/{res['path']}>`, {len(frame):,} rows",
        f"- **Key:** {md(keys)}" + (f"; **points to:** {md(links)}" if links else ""),
        "",
        _markdown_table(list(table.columns), table.astype(str).values.tolist()),
        "",
    ]
    return "\n".join(lines)
