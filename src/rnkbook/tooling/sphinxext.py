"""A small Sphinx extension for the book: literal bibliography text, faster look-ups, the data date.

The bibliography is generated from the source registry (rnkbook.tooling.bib), whose titles
are data: plain text, never LaTeX. pybtex would read `%` as a comment, `{}` as groups and
`$` as math, so its LaTeX parsing is replaced by the registry's own literal decoding; Sphinx
then escapes the text for HTML and for LaTeX.

pybtex and sphinxcontrib-bibtex look up their plugins through Python entry points on
every citation they format, and each look-up scans every installed package (about
1.4 s of a 8 s render for this book). The installed packages cannot change during a
build, so the look-ups are cached; plugins registered at run time are still checked
first by both libraries, so behaviour is unchanged.
"""
from __future__ import annotations

import functools
from importlib import metadata


@functools.lru_cache(maxsize=None)
def _cached_entry_points(group: str, name: str) -> tuple:
    return tuple(metadata.entry_points(group=group, name=name))


def entry_points(*, group: str, name: str):
    return _cached_entry_points(group, name)


def _literal(cls, latex: str):
    from .bib import decode

    return cls(decode(latex))


def setup(app):
    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin
    from pybtex.richtext import Text

    Text.from_latex = classmethod(_literal)

    pybtex.plugin.entry_points = entry_points
    sphinxcontrib.bibtex.plugin._entry_points = lambda group, name: list(_cached_entry_points(group, name))
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
