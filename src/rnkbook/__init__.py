"""Helpers for the Russia–North Korea executable research book: what notebooks import.

- data: `load` validated datasets, `downloads` for a chapter's data links;
- estimates: the one estimate model (`Estimate`, `estimates`, `number`, `share`, `money`, `span`);
- figures: the house style, direct labels, source lines under figures;
- sources: source lines and credits that lead with the authority;
- tables: reader tables checked against their data (`data_table`, `Column`, `derived_table`);
- claims: the verdict rubric and the claims register;
- text: data text made safe for a page, and words that agree with numbers;
- glue: numbers into prose.

The build machinery lives apart, in `rnkbook.tooling`.
"""
from .analysis import latest, one, rounds_per_container, row_estimate, share_bounds
from .data import code_label, descriptor, downloads, load
from .estimates import Estimate, envelope, estimates, money, number, share, span
from .gluing import glue, plain
from .sources import book_data_as_of, cite_list, data_as_of, source_entries, source_line, source_note
from .tables import Column, data_table, derived_table, show_table
from .text import html, join_words, md, plural, verb
from .validate import DataValidationError, Problem, check_package, validate_package

# The figure helpers import matplotlib, which the build machinery (rnkbook.tooling) never needs:
# they load on first use, so `make book` starts faster.
_FIGURES = {"PALETTE": "PALETTE", "label_ends": "label_ends", "plot_estimate": "plot_estimate",
            "use_house_style": "use_house_style", "show_figure": "show"}


def __getattr__(name: str):
    if name in _FIGURES:
        from . import figures

        return getattr(figures, _FIGURES[name])
    raise AttributeError(f"module 'rnkbook' has no attribute {name!r}")

__all__ = [
    "PALETTE", "Column", "latest", "one", "rounds_per_container", "row_estimate", "share_bounds", "label_ends", "plot_estimate", "show_figure", "DataValidationError", "Estimate", "Problem", "book_data_as_of",
    "check_package", "cite_list", "code_label", "data_as_of", "data_table", "derived_table", "descriptor", "downloads", "envelope",
    "estimates", "glue", "html", "join_words", "load", "md", "money", "number", "plain", "plural", "share",
    "show_table", "source_entries", "source_line", "source_note", "span", "use_house_style", "validate_package", "verb",
]
