"""One estimate model for every chapter: bounds, kind, and the words and point that follow.

An estimate is what a source said, not what we wish it said. It has up to three bounds
(`low`, `central`, `high`) and a *kind* that records the source's own qualifier:

=========  =====================================  =========================
kind       the source said                        printed as
=========  =====================================  =========================
point      an exact figure                        12,000
about      "about", "some", "around"              about 12,000
floor      "more than", "at least", "over"        at least 12,000
ceiling    "up to", "as many as", "nearly"        up to 12,000
capacity   "could hold", "enough for"             enough for up to 12,000
range      "10,000 to 12,000"                     10,000–12,000
plan       "plans to", "will send"                12,000 (planned)
forecast   a projection                           12,000 (forecast)
=========  =====================================  =========================

The model decides the point a figure plots (`point`), the words the prose prints
(`words`), and whether a figure counts as output at all (`is_output`): a capacity, a plan
or a forecast is never a count. A range whose ends print the same prints once.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import pandas as pd

KINDS = ("point", "about", "floor", "ceiling", "capacity", "range", "plan", "forecast")
# The source's own words that each kind may print with; the first is the default.
KIND_WORDS = {
    "about": ("about", "some", "around", "roughly", "approximately", "an estimated"),
    "floor": ("at least", "more than", "over", "upwards of"),
    "ceiling": ("up to", "as many as", "nearly", "almost", "under", "not more than", "fewer than"),
    "capacity": ("up to",),
}
NOT_OUTPUT = {"capacity", "plan", "forecast"}


def _value(x) -> float | None:
    if x is None or (not isinstance(x, str) and pd.isna(x)):
        return None
    if isinstance(x, str):
        return float(x) if x.strip() else None
    return float(x)


def number(x: float, decimals: int | None = None) -> str:
    """A count for prose: 12,000; 2.5 million; 2.8 billion; 0.5."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        raise ValueError("no number to print")
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(x) >= size:
            scaled = x / size
            text = f"{scaled:,.{1 if decimals is None else decimals}f}"
            if decimals is None and text.endswith(".0"):
                text = text[:-2]
            return f"{text} {word}"
    if decimals is not None:
        return f"{x:,.{decimals}f}"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.1f}" if abs(x) >= 10 else f"{x:,.2f}".rstrip("0").rstrip(".")


def share(x: float, decimals: int = 0) -> str:
    """A proportion (0–1) as a percentage: 0.34 -> '34%'."""
    return f"{x * 100:.{decimals}f}%"


def money(x: float, currency: str = "$") -> str:
    """US dollars for prose: $240 million, $2.8 billion, $9,000."""
    return f"{currency}{number(x)}"


def span(low: float, high: float, fmt=number) -> str:
    """'10,000–12,000', or one value when both ends print the same."""
    a, b = fmt(low), fmt(high)
    if a == b:
        return a
    # '2.5–3 million' rather than '2.5 million–3 million'
    for word in (" million", " billion"):
        if a.endswith(word) and b.endswith(word):
            # '$5.6–9.8 billion': the currency sign once, at the front
            tail = b[1:] if a[:1] == b[:1] == "$" else b
            return f"{a[: -len(word)]}–{tail}"
    return f"{a}–{b}"


@dataclass(frozen=True)
class Estimate:
    """One figure as its source gave it."""

    low: float | None = None
    central: float | None = None
    high: float | None = None
    kind: str = "point"
    qualifier: str = ""
    as_of: dt.date | None = None
    estimator: str = ""
    source_id: str = ""
    row_id: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"estimate kind {self.kind!r} is not one of {KINDS}")
        bounds = [b for b in (self.low, self.central, self.high) if b is not None]
        if not bounds:
            raise ValueError(f"estimate {self.row_id or ''} has no value")
        if bounds != sorted(bounds):
            raise ValueError(f"estimate {self.row_id or ''}: bounds out of order {bounds}")
        needs = {"point": "central", "about": "central", "floor": "low", "ceiling": "high"}.get(self.kind)
        if needs and getattr(self, needs) is None:
            raise ValueError(f"a '{self.kind}' estimate needs a {needs} value ({self.row_id})")
        if self.kind == "range" and (self.low is None or self.high is None):
            raise ValueError(f"a range needs low and high ({self.row_id})")

    @classmethod
    def from_row(cls, row: Mapping, prefix: str = "", id_column: str | None = None) -> "Estimate":
        """An estimate from a dataset row; `prefix` picks a family such as 'containers_'."""
        kind_column = f"{prefix}kind" if prefix else "estimate_kind"
        as_of = row.get("as_of")
        as_of = None if as_of is None or pd.isna(as_of) else pd.Timestamp(as_of).date()
        ident = row.get(id_column) if id_column else next(
            (row[c] for c in ("estimate_id", "series_id", "transfer_id", "movement_id") if c in row), "")
        qualifier = row.get("qualifier", "")
        kind = row.get(kind_column)
        kind = "point" if kind is None or (not isinstance(kind, str) and pd.isna(kind)) or kind == "" else str(kind)
        return cls(
            low=_value(row.get(f"{prefix}low")), central=_value(row.get(f"{prefix}central")),
            high=_value(row.get(f"{prefix}high")), kind=kind,
            qualifier="" if qualifier is None or pd.isna(qualifier) else str(qualifier),
            as_of=as_of, estimator="" if pd.isna(row.get("estimator", "")) else str(row.get("estimator", "")),
            source_id=str(row.get("source_id", "") or ""), row_id="" if ident is None or pd.isna(ident) else str(ident),
        )

    @property
    def point(self) -> float:
        """The value a figure plots: the central value, else the middle of a range, else the bound."""
        if self.central is not None:
            return self.central
        if self.low is not None and self.high is not None:
            return (self.low + self.high) / 2
        return self.low if self.low is not None else self.high

    @property
    def lowest(self) -> float:
        return min(b for b in (self.low, self.central, self.high) if b is not None)

    @property
    def highest(self) -> float:
        return max(b for b in (self.low, self.central, self.high) if b is not None)

    @property
    def is_floor(self) -> bool:
        return self.kind == "floor"

    @property
    def is_ceiling(self) -> bool:
        return self.kind == "ceiling" or (self.kind == "capacity" and self.high is not None)

    @property
    def is_output(self) -> bool:
        """Whether it counts something that happened (not a capacity, a plan or a forecast)."""
        return self.kind not in NOT_OUTPUT

    def scaled(self, factor: float) -> "Estimate":
        """The same estimate in other units (e.g. containers into rounds), kind unchanged."""
        scale = lambda b: None if b is None else b * factor  # noqa: E731
        return replace(self, low=scale(self.low), central=scale(self.central), high=scale(self.high))

    def _prefix(self) -> str:
        words = KIND_WORDS.get(self.kind)
        if not words:
            return ""
        said = self.qualifier.strip().lower()
        return said if said in words else words[0]

    def words(self, fmt=number) -> str:
        """The estimate as prose: 'at least 1,000', 'up to 3 million', '10,000–12,000'."""
        if self.kind == "range":
            text = span(self.low, self.high, fmt)
            if self.central is not None and fmt(self.central) not in text.split("–"):
                text = f"{fmt(self.central)} ({text})"
            return text
        if self.kind in ("plan", "forecast"):
            if self.low is not None and self.high is not None:
                value = span(self.low, self.high, fmt)
            else:
                value = fmt(self.point)
            return f"{value} ({'planned' if self.kind == 'plan' else 'forecast'})"
        if self.kind == "capacity":
            if self.high is not None:
                return f"enough for up to {fmt(self.high)}"
            if self.low is not None:
                return f"enough for at least {fmt(self.low)}"
            return f"enough for about {fmt(self.central)}"
        bound = {"floor": self.low, "ceiling": self.high}.get(self.kind, self.central)
        text = f"{self._prefix()} {fmt(bound)}".strip()
        if self.kind in ("point", "about"):
            # 'about 8,000 (up to 10,000)': an outer bound the source also gave
            outer = [b for b in (self.low, self.high) if b is not None and fmt(b) != fmt(bound)]
            if self.low is not None and self.high is not None and len(outer) == 2:
                text += f" ({span(self.low, self.high, fmt)})"
            elif self.high is not None and outer:
                text += f" (up to {fmt(self.high)})"
            elif self.low is not None and outer:
                text += f" (at least {fmt(self.low)})"
        return text


def estimates(frame: pd.DataFrame, prefix: str = "", id_column: str | None = None) -> list[Estimate]:
    """Every row of `frame` that holds a value, as an Estimate."""
    found = []
    for _, row in frame.iterrows():
        if all(_value(row.get(f"{prefix}{b}")) is None for b in ("low", "central", "high")):
            continue
        found.append(Estimate.from_row(row, prefix, id_column))
    return found


def envelope(items: Iterable[Estimate], fmt=number) -> str:
    """The span of several estimates, lowest bound to highest, worded honestly.

    If every estimate is a floor the span is 'at least X'; if the top is a ceiling only,
    'up to Y'; two equal ends print once.
    """
    items = list(items)
    if not items:
        raise ValueError("no estimates to span")
    low, high = min(e.lowest for e in items), max(e.highest for e in items)
    if all(e.is_floor for e in items):
        return f"at least {fmt(low)}" if fmt(low) == fmt(high) else f"at least {span(low, high, fmt)}"
    return span(low, high, fmt)
