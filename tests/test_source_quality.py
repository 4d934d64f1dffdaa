"""Floors on the quality of the evidence, so a weaker source mix fails loudly rather than drifts.

At least 80% of evidence rows rest on a primary or wire source, and at most 5% of the registered
sources lack a publication date (each of those says why in its notes).
"""
from __future__ import annotations

import rnkbook
from rnkbook.sources import STRONG_TIERS, row_tiers


def test_most_rows_rest_on_primary_or_wire_sources():
    tiers = row_tiers()
    share = tiers["best_tier"].isin(STRONG_TIERS).mean()
    assert share >= 0.80, f"only {share:.1%} of rows rest on a primary or wire source"


def test_undated_sources_are_rare_and_explained():
    sources = rnkbook.load("sources")
    undated = sources[sources["published"].isna()]
    assert len(undated) <= 0.05 * len(sources), f"{len(undated)} of {len(sources)} sources are undated"
    unexplained = undated[undated["notes"].isna()]["source_id"].tolist()
    assert not unexplained, f"undated sources must say why in notes: {unexplained}"
