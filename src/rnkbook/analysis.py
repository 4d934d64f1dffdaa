"""Small computations that more than one chapter needs, so that each is done once and the same way."""
from __future__ import annotations

import pandas as pd

from .estimates import Estimate


def one(frame: pd.DataFrame, **where) -> pd.Series:
    """The single row matching every field=value (an error if there is not exactly one)."""
    mask = pd.Series(True, index=frame.index)
    for field, value in where.items():
        mask &= frame[field] == value
    found = frame[mask]
    if len(found) != 1:
        raise LookupError(f"expected one row for {where}, found {len(found)}")
    return found.iloc[0]


def latest(frame: pd.DataFrame, date: str = "as_of", **where) -> pd.Series:
    """The newest row matching every field=value."""
    mask = pd.Series(True, index=frame.index)
    for field, value in where.items():
        mask &= frame[field] == value
    found = frame[mask].sort_values(date)
    if found.empty:
        raise LookupError(f"no row for {where}")
    return found.iloc[-1]


def row_estimate(frame: pd.DataFrame, ident: str, prefix: str = "", key: str = "estimate_id") -> Estimate:
    """The estimate in the row whose id is `ident`."""
    return Estimate.from_row(one(frame, **{key: ident}), prefix)


def rounds_per_container(shipments: pd.DataFrame, conversion: str = "ms-012a") -> float:
    """Shells per container implied by one of Seoul's conversions (a capacity, not a count)."""
    row = one(shipments, estimate_id=conversion)
    containers = Estimate.from_row(row, "containers_").point
    return Estimate.from_row(row, "shells_").lowest / containers


def share_bounds(nk_low: float, nk_high: float, ru_low: float, ru_high: float) -> tuple[float, float]:
    """North Korea's share of (its deliveries + Russian output), lowest and highest combination."""
    return nk_low / (nk_low + ru_high), nk_high / (nk_high + ru_low)
