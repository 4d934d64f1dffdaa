"""Tables for readers: Markdown pipe tables with named columns and no bare index.

A Markdown output is rendered by myst-nb as a real table (with a header for
every column, which keeps accessibility checkers quiet), and its text is stable
run to run, which keeps strict nbval happy (a pandas Styler embeds random ids).
"""
from __future__ import annotations

import pandas as pd
from IPython.display import Markdown


def _cell(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(frame: pd.DataFrame) -> str:
    header = "| " + " | ".join(str(c) for c in frame.columns) + " |"
    rule = "| " + " | ".join("---" for _ in frame.columns) + " |"
    body = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in frame.astype(object).itertuples(index=False)]
    return "\n".join([header, rule, *body])


def show_table(frame: pd.DataFrame, caption: str = "") -> Markdown:
    """A Markdown table for display; the caption, if any, goes above it in bold."""
    text = markdown_table(frame)
    if caption:
        text = f"**{caption}**\n\n{text}"
    return Markdown(text)
