"""Helpers for the Russia–North Korea executable research book.

Notebooks import from here: validated data (`load`), the figure style
(`use_house_style`, `add_source_line`), source lines, and `glue`.
"""
from .data import descriptor, downloads, load
from .figures import PALETTE, add_source_line, use_house_style
from .gluing import glue, plain
from .sources import cite_list, data_as_of, source_entries, source_line
from .tables import markdown_table, show_table
from .validate import DataValidationError, Problem, check_package, validate_package

__all__ = [
    "PALETTE", "DataValidationError", "data_as_of", "Problem", "add_source_line", "check_package", "cite_list",
    "descriptor", "downloads", "markdown_table", "show_table", "glue", "load", "plain", "source_entries", "source_line",
    "use_house_style", "validate_package",
]
