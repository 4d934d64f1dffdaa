"""The data catalogue: every dataset in datapackage.json, described for readers."""
from __future__ import annotations

import pandas as pd

from .data import descriptor, load
from .tables import markdown_table


def _constraints(field: dict) -> str:
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append("required")
    if "enum" in c:
        parts.append("one of: " + ", ".join(f"`{v}`" for v in c["enum"]))
    if "minimum" in c:
        parts.append(f"≥ {c['minimum']}")
    if "maximum" in c:
        parts.append(f"≤ {c['maximum']}")
    if "pattern" in c:
        parts.append("pattern")
    if "maxLength" in c:
        parts.append(f"≤ {c['maxLength']} characters")
    return "; ".join(parts)


def dataset_summary() -> pd.DataFrame:
    """One row per dataset: rows, distinct sources, date span, file."""
    rows = []
    for res in descriptor()["resources"]:
        frame = load(res["name"])
        n_sources = frame["source_id"].nunique() if "source_id" in frame else len(frame)
        rows.append({
            "dataset": res["name"],
            "title": res["title"],
            "rows": len(frame),
            "distinct sources": int(n_sources),
            "file": f"data/{res['path']}",
        })
    return pd.DataFrame(rows)


def fields_table(name: str) -> pd.DataFrame:
    """The schema of one dataset as a table: field, type, rules, description."""
    res = next(r for r in descriptor()["resources"] if r["name"] == name)
    return pd.DataFrame([
        {"field": f"`{f['name']}`", "type": f.get("type", "string"), "rules": _constraints(f),
         "description": f.get("description", "")}
        for f in res["schema"]["fields"]
    ])


def dataset_section(name: str, depth: str = "../") -> str:
    """MyST markdown for one dataset: description, keys, download link, fields."""
    res = next(r for r in descriptor()["resources"] if r["name"] == name)
    frame = load(name)
    schema = res["schema"]
    keys = ", ".join(f"`{k}`" for k in schema.get("primaryKey", []))
    fks = "; ".join(
        f"`{', '.join(fk['fields'])}` → `{fk['reference']['resource']}`" for fk in schema.get("foreignKeys", [])
    )
    n_sources = frame["source_id"].nunique() if "source_id" in frame else len(frame)
    lines = [
        f"### {res['title']} (`{name}`)",
        "",
        res["description"],
        "",
        f"- **Rows:** {len(frame)}; **distinct sources:** {n_sources}",
        f"- **Primary key:** {keys}" + (f"; **foreign keys:** {fks}" if fks else ""),
        f"- **Download:** {{download}}`{res['path']} <{depth}data/{res['path']}>`",
        "",
        markdown_table(fields_table(name)),
        "",
    ]
    return "\n".join(lines)
