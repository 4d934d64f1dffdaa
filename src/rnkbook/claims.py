"""The claims register: the verdict rubric, and the register rendered from data.

A claim's evidence sentence is data. Where it needs a number, it names the value a chapter
computes, as `{chapter::key}`; the register turns that into a cross-page glue role, so the
register prints exactly what the chapter prints and never a number typed by hand. Every other
character of the sentence is escaped: text from data is text, never markup.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .data import load
from .gluing import glued_in
from .paths import book_root, record_read
from .text import md

# The rubric, in the order the register counts them. "Then" is as of the article's date;
# "now" is as of the book's data date, and asks whether the claim *as made* holds up.
RUBRIC = {
    "supported": "The evidence shows the claim is true as made.",
    "partly supported": "Part of the claim holds, or it holds with a qualification the claim leaves out.",
    "contested": "Credible sources disagree, and the evidence does not settle it.",
    "unsupported": "We looked for evidence and found none; the claim may be true, but nothing shows it.",
    "refuted": "The evidence contradicts the claim.",
    "not testable": "A forecast, counterfactual or prescription that no evidence could yet settle.",
}
VERDICTS = list(RUBRIC)
# Colour plus a text label, never colour alone (sphinx-design badges render the word).
BADGES = {
    "supported": "bdg-success",
    "partly supported": "bdg-info",
    "contested": "bdg-warning",
    "unsupported": "bdg-secondary",
    "refuted": "bdg-danger",
    "not testable": "bdg-light",
}
VERDICT_COLOURS = {
    "supported": "#009E73",
    "partly supported": "#56B4E9",
    "contested": "#E69F00",
    "unsupported": "#999999",
    "refuted": "#D55E00",
    "not testable": "#CCCCCC",
}
SEEDS = {
    "A": "ICCBizNews, September 2023",
    "B": "Business Insider, October 2024",
}
PLACEHOLDER = re.compile(r"\{([a-z0-9-]+)::([A-Za-z0-9_]+)\}")


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
    """A format for a glued value: text as it is, integers with thousands separators."""
    text = str(stored).strip()
    if text.startswith(("'", '"')):
        return "s"
    try:
        number = float(text)
    except ValueError:
        return "s"
    if number.is_integer() and "." not in text:
        return ",d"
    return ",.0f" if abs(number) >= 100 else ",.2f"


def value_role(chapter: str, key: str) -> str:
    """A cross-page glue role for a value the chapter computes (which must exist)."""
    values = glued_values(f"chapters/{chapter}")
    if key not in values:
        raise KeyError(f"chapters/{chapter} does not glue {key!r}")
    return f"{{glue:text}}`{chapter}.ipynb::{key}:{format_spec(values[key])}`"


def evidence_markdown(sentence: str) -> str:
    """The evidence sentence as MyST: literal text, with each {chapter::key} a glue role."""
    parts, last = [], 0
    for match in PLACEHOLDER.finditer(sentence):
        parts += [_literal(sentence[last:match.start()]), value_role(*match.groups())]
        last = match.end()
    parts.append(_literal(sentence[last:]))
    return "".join(parts)


def _literal(piece: str) -> str:
    """Escaped text that keeps the spaces at its edges (they separate it from a glued value)."""
    if not piece.strip():
        return " " if piece else ""
    lead = " " if piece[0].isspace() else ""
    trail = " " if piece[-1].isspace() else ""
    return f"{lead}{md(piece)}{trail}"


def where_shown(ref: str) -> str:
    """A link to the figure (by number) or chapter that shows the evidence."""
    return f"{{numref}}`{ref}`" if ref.startswith("fig-") else f"{{doc}}`{ref}`"


def rubric_problems(claims: pd.DataFrame) -> list[str]:
    """Where a verdict breaks the rubric's own rules (the test holds every claim to them).

    A forecast is not testable when made; a prescription is never testable; a claim judged
    "not testable" now must be a forecast or a prescription (a counterfactual forecast may stay so).
    """
    problems = []
    for _, row in claims.iterrows():
        cid, kind = row["claim_id"], row["kind"]
        if kind == "forecast" and row["verdict_then"] != "not testable":
            problems.append(f"{cid}: a forecast is 'not testable' as of the article, not {row['verdict_then']!r}")
        if kind == "prescription" and {row["verdict_then"], row["verdict_now"]} != {"not testable"}:
            problems.append(f"{cid}: a prescription is never testable")
        if kind in ("factual", "analytical") and "not testable" in (row["verdict_then"], row["verdict_now"]):
            problems.append(f"{cid}: a {kind} claim can be judged; 'not testable' is for forecasts and prescriptions")
    return problems


def register(claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Claims with their seed analysis (A or B) from the seed list."""
    claims = load("claims") if claims is None else claims
    seeds = load("seed_claims").set_index("claim_id")["seed"]
    return claims.assign(seed=claims["seed_claim"].map(seeds))


def verdict_counts(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims per verdict, as of the article and as of the data date, in rubric order."""
    counts = pd.DataFrame({
        "as of the article": claims["verdict_then"].value_counts(),
        "as of our data": claims["verdict_now"].value_counts(),
    }).reindex(VERDICTS).fillna(0).astype(int)
    counts.index.name = "verdict"
    return counts


def rubric_markdown() -> str:
    """The rubric as a definition list, with each label's badge."""
    return "\n".join(f"- {badge(v)} {md(meaning)}" for v, meaning in RUBRIC.items())


def register_markdown(claims: pd.DataFrame) -> str:
    """The register as MyST Markdown: one section per news analysis, one entry per claim."""
    links = load("claim_sources")
    parts = []
    for seed, group in claims.groupby("seed", sort=True):
        parts.append(f"### Claims of the news analysis by {SEEDS[seed]}\n")
        for _, row in group.iterrows():
            ids = links.loc[links["claim_id"] == row["claim_id"], "source_id"].tolist()
            parts += [
                f"({row['claim_id'].lower()})=",
                f"**{row['claim_id']}. {md(row['claim'])}** *({md(row['kind'])})*",
                "",
                f"- **Verdict.** As of the article: {badge(row['verdict_then'])}. "
                f"As of our data: {badge(row['verdict_now'])}.",
                f"- **Evidence.** {evidence_markdown(row['evidence'])} See {where_shown(row['evidence_ref'])}.",
                f"- **Why.** {evidence_markdown(row['reasoning'])}",
                f"- **Sources.** {{cite:p}}`{','.join(ids)}`.",
                "",
            ]
    return "\n".join(parts)
