"""The house figure style: one palette, type that reads at phone width, labels on the data.

Every figure is drawn in this style, labelled on the data rather than through a legend of
markers, and shown with `show` (the figure, then its source line as a caption line under it,
not a code box). Estimates are drawn by kind: a dot for a stated value, an upward triangle for
a floor ("at least"), a downward triangle for a ceiling ("up to"), a bar for a range, a hollow
marker for a capacity, a plan or a forecast, and a hollow dot for a row that rests only on a
repost.
"""
from __future__ import annotations

from collections.abc import Iterable

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd

from .estimates import Estimate

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

# A 6.4-inch figure at 100 dpi is 640 px wide; at a 375-px phone the 13-pt type stays readable.
HOUSE_RC = {
    "figure.figsize": (6.4, 4.2),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 13,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "axes.prop_cycle": mpl.cycler(color=CYCLE),
    "legend.frameon": False,
    "legend.fontsize": 11,
    "text.parse_math": False,  # text from data is text: '$5' must not start mathtext
    "svg.hashsalt": "rnkbook",  # deterministic ids if anyone saves SVG
}

MARKERS = {"point": "o", "about": "o", "floor": "^", "ceiling": "v", "capacity": "v", "range": "o",
           "plan": "o", "forecast": "o"}
HOLLOW = {"capacity", "plan", "forecast"}


def use_house_style() -> None:
    """Apply the book's style to every figure made after this call."""
    mpl.rcParams.update(HOUSE_RC)


def plot_estimate(ax, x, estimate: Estimate, colour: str, size: float = 70, repost: bool = False, zorder=3):
    """Draw one estimate at x by its kind: bar for a range, triangles for bounds, hollow if weak."""
    if estimate.low is not None and estimate.high is not None:
        ax.plot([x, x], [estimate.low, estimate.high], color=colour, lw=3, alpha=0.6, solid_capstyle="butt",
                zorder=zorder - 1)
    marker = MARKERS[estimate.kind]
    hollow = repost or estimate.kind in HOLLOW
    y = estimate.point if estimate.kind == "range" else {
        "floor": estimate.low, "ceiling": estimate.high}.get(estimate.kind, estimate.point)
    if estimate.kind == "capacity":
        y = estimate.high if estimate.high is not None else estimate.point
        marker = "v" if estimate.high is not None else "^"
    if estimate.kind == "range" and estimate.central is None:
        return
    ax.scatter([x], [y], s=size, marker=marker, facecolors="white" if hollow else colour, edgecolors=colour,
               linewidths=1.6, zorder=zorder)


def label_ends(ax, labels: dict[str, tuple[float, float, str]], min_gap: float | None = None):
    """Write each series' name just right of its last point, nudged apart so labels never overlap.

    `labels` maps text -> (x, y, colour); `min_gap` is in data units of y (default: 5% of the axis).
    """
    lo, hi = ax.get_ylim()
    gap = min_gap if min_gap is not None else 0.05 * (hi - lo)
    placed: list[float] = []
    for text, (x, y, colour) in sorted(labels.items(), key=lambda kv: kv[1][1]):
        target = y
        while any(abs(target - other) < gap for other in placed):
            target += gap / 2
        placed.append(target)
        ax.text(x, target, " " + text, color=colour, fontsize=11, va="center", ha="left", clip_on=False)


def show(fig: plt.Figure) -> None:
    """Show the figure (its source line goes in the next cell: `rnkbook.source_note(rows)`).

    myst-nb wraps every output of a figure cell in the figure, so the source line, which is a
    caption line set as text (HTML and PDF), must come from a cell of its own.
    """
    fig.tight_layout()
    plt.show()
