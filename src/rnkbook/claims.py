"""The claims register: verdict labels, evidence links and the rendered register."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .data import load
from .gluing import glued_in
from .paths import book_root, record_read

VERDICTS = ["supported", "partly supported", "contested", "unverifiable", "refuted"]
# Colour plus a text label, never colour alone (sphinx-design badges render the word).
BADGES = {
    "supported": "bdg-success",
    "partly supported": "bdg-info",
    "contested": "bdg-warning",
    "unverifiable": "bdg-secondary",
    "refuted": "bdg-danger",
}
VERDICT_COLOURS = {
    "supported": "#009E73",
    "partly supported": "#56B4E9",
    "contested": "#E69F00",
    "unverifiable": "#999999",
    "refuted": "#D55E00",
}
SEEDS = {"A": "news analysis of September 2023", "B": "news analysis of late October 2024"}


def badge(verdict: str) -> str:
    return f"{{{BADGES[verdict]}}}`{verdict}`"


def glued_values(chapter: str, book: Path | None = None) -> dict[str, object]:
    """The values a chapter notebook glues, read from its stored outputs.

    Strict nbval checks that stored outputs equal a fresh run, so these are the
    values the chapter computes from the current data.
    """
    path = (book or book_root()) / f"{chapter}.ipynb"
    record_read(path)
    return glued_in(path)


def format_spec(stored: str) -> str:
    """A format for a glued value: thousands for integers, sensible decimals for floats."""
    text = stored.strip()
    if text.startswith(("'", '"')):
        return "s"
    try:
        number = float(text)
    except ValueError:
        return "s"
    if number.is_integer() and "." not in text:
        return ",d"
    return ",.0f" if abs(number) >= 100 else ",.2f"


def evidence_role(chapter: str, key: str, from_doc: str = "chapters/claims") -> str:
    """A cross-page glue role (or a figure reference) for a claim's evidence."""
    if key.startswith("fig-"):
        return f"{{numref}}`{key}`"
    values = glued_values(chapter)
    if key not in values:
        raise KeyError(f"{chapter} does not glue {key!r}")
    relative = Path(chapter).name if Path(from_doc).parent == Path(chapter).parent else chapter
    return f"{{glue:text}}`{relative}.ipynb::{key}:{format_spec(values[key])}`"


def verdict_counts(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims per verdict, as of the article and as of today, in the fixed verdict order."""
    counts = pd.DataFrame({
        "as of the article": claims["verdict_then"].value_counts(),
        "today": claims["verdict_now"].value_counts(),
    }).reindex(VERDICTS).fillna(0).astype(int)
    counts.index.name = "verdict"
    return counts


def register_markdown(claims: pd.DataFrame, from_doc: str = "chapters/claims") -> str:
    """The register as MyST Markdown: one list per news analysis, one entry per claim."""
    links = load("claim_sources")
    parts = []
    for seed, group in claims.groupby("seed", sort=True):
        parts.append(f"### Claims of the {SEEDS[seed]}\n")
        for _, row in group.iterrows():
            ids = links.loc[links["claim_id"] == row["claim_id"], "source_id"].tolist()
            chapter = f"{{doc}}`{Path(row['chapter']).name}`"
            evidence = evidence_role(row["chapter"], row["evidence_key"], from_doc)
            parts += [
                f"**{row['claim_id']}. {row['claim']}**",
                "",
                f"- Verdict as of the article: {badge(row['verdict_then'])}; today: {badge(row['verdict_now'])}.",
                f"- Evidence: {evidence} (`{row['evidence_key']}` in the `{row['evidence_dataset']}` analysis of {chapter}). "
                f"{row['reasoning']}",
                f"- Sources: {{cite:p}}`{','.join(ids)}`.",
                "",
            ]
    return "\n".join(parts)
