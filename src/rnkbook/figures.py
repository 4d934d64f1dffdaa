"""The house figure style: one palette, readable type, a source line under every figure."""
from __future__ import annotations

import textwrap
from collections.abc import Iterable

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd

from .sources import source_line

# Okabe–Ito: distinguishable with the common forms of colour-blindness.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#7F7F7F",
}
CYCLE = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "sky", "purple", "black", "yellow")]

HOUSE_RC = {
    "figure.figsize": (8.0, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "axes.prop_cycle": mpl.cycler(color=CYCLE),
    "legend.frameon": False,
    "svg.hashsalt": "rnkbook",  # deterministic ids if anyone saves SVG
}


def use_house_style() -> None:
    """Apply the book's style to every figure made after this call."""
    mpl.rcParams.update(HOUSE_RC)


def add_source_line(fig: plt.Figure, rows: pd.DataFrame | Iterable[str], note: str = "") -> str:
    """Write the source line (from the rows' source ids) under the figure; return its text."""
    text = source_line(rows)
    if note:
        text = f"{note} {text}"
    wrapped = "\n".join(textwrap.wrap(text, width=120))
    lines = wrapped.count("\n") + 1
    fig.tight_layout(rect=(0, 0.035 * lines + 0.01, 1, 1))
    fig.text(0.01, 0.01, wrapped, fontsize=8, color="#444444", ha="left", va="bottom")
    return text
