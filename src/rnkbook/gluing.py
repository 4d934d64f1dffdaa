"""Glue values into the prose as plain Python types.

numpy 2 stores np.float64 reprs such as 'np.float64(3.0)', and myst-nb's format
specs cannot parse them; dates are glued as ISO strings for the same reason.
"""
from __future__ import annotations

import datetime as dt
import json
import numbers
from pathlib import Path

import numpy as np
import pandas as pd


def plain(value):
    """A numpy, pandas or Python scalar as a plain int, float, bool or str."""
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        as_float = float(value)
        if np.isnan(as_float):
            raise ValueError("refusing to glue NaN: the number the prose needs is missing")
        return as_float
    if value is pd.NA or value is None:
        raise ValueError("refusing to glue a missing value")
    return str(value)


def glue(name: str, value, display: bool = False) -> None:
    """Glue `value` under `name` for {glue:text} roles.

    Returns nothing, so a cell that ends with a glue call leaves no stray value on the page.
    """
    from myst_nb import glue as _glue

    _glue(name, plain(value), display=display)


def glued_in(path: Path) -> dict[str, str]:
    """The values a notebook glues, read from its stored outputs (key -> stored text)."""
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    values = {}
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            scrap = output.get("metadata", {}).get("scrapbook", {})
            text = output.get("data", {}).get("application/papermill.record/text/plain")
            if scrap.get("name") and text is not None:
                values[scrap["name"]] = text
    return values
