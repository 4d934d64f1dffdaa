"""Text from data, made safe for a page, and words that agree with their numbers.

Data are text, never markup: a title in a CSV that reads `<b>X</b> *star* $5` must reach
the reader as those characters. Everything a notebook prints from a dataset into
Markdown goes through `md`, and into HTML through `html`.
"""
from __future__ import annotations

import html as _html
import re

# Every ASCII punctuation character may be backslash-escaped in CommonMark (and MyST), which
# then renders it literally: no emphasis, code, roles ({glue:text}`x`), links, tables (|),
# raw HTML (<script>), entities (&amp;) or dollar signs.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def md(text) -> str:
    """Data text as literal Markdown: punctuation escaped, line breaks folded into spaces."""
    if text is None:
        return ""
    flat = " ".join(str(text).split())
    return _PUNCTUATION.sub(r"\\\1", flat)


def html(text) -> str:
    """Data text as literal HTML (tags, entities and quotes escaped)."""
    if text is None:
        return ""
    return _html.escape(" ".join(str(text).split()), quote=True)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 claim', '2 claims': a count with its noun in the right number."""
    noun = singular if abs(count) == 1 else (plural_form or singular + "s")
    return f"{count:,} {noun}"


def verb(count: int, singular: str = "is", plural_form: str = "are") -> str:
    """The verb that agrees with a count: verb(1) == 'is', verb(2) == 'are'."""
    return singular if abs(count) == 1 else plural_form


def join_words(items: list[str], conjunction: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]
