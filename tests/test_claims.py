"""The claims register covers every seed claim, once, with evidence that resolves."""
from __future__ import annotations

import json
import re

import pytest

import rnkbook
from rnkbook.claims import glued_values
from rnkbook.tooling.toc import toc_documents
from tests.conftest import BOOK

SEED_FILE = BOOK.parent / "shared" / "seed-claims.md"
# The seed list's ids, kept here too so the test runs where shared/ is absent.
SEED_IDS = [f"A{i}" for i in range(1, 9)] + [f"B{i}" for i in range(1, 11)] + [f"C{i}" for i in range(1, 9)]
# Which chapter issue owes each claim, so a missing row names who still owes it.
OWNER = {**{c: "history (issue 3)" for c in ["A1", "B1", "B2", "B3"]},
         **{c: "arms (issue 4)" for c in ["A2", "A3", "A4", "A5", "A6", "A8", "B6"]},
         **{c: "troops (issue 5)" for c in ["B4", "B5", "B7", "B8", "C7"]},
         **{c: "returns (issue 6)" for c in ["A7", "C3", "C5", "C6"]},
         **{c: "powers/outlook (issue 7)" for c in ["B9", "B10", "C1", "C2", "C4", "C8"]}}


def test_seed_ids_match_the_shared_seed_list():
    if not SEED_FILE.exists():
        pytest.skip("../shared/seed-claims.md is not beside the project")
    found = re.findall(r"^\| ([ABC]\d+) \|", SEED_FILE.read_text(encoding="utf-8"), flags=re.M)
    assert sorted(found) == sorted(SEED_IDS)
    assert set(OWNER) == set(SEED_IDS)


def test_every_seed_claim_has_exactly_one_verdict_row():
    claims = rnkbook.load("claims")
    counts = claims["claim_id"].value_counts()
    missing = [c for c in SEED_IDS if c not in counts.index]
    assert not missing, "claims still owed: " + "; ".join(f"{c} by {OWNER[c]}" for c in missing)
    assert counts.max() == 1
    assert set(claims["claim_id"]) <= set(SEED_IDS), "rows for claims not in the seed list"


def test_every_claim_has_sources():
    links = rnkbook.load("claim_sources")
    claims = rnkbook.load("claims")
    assert set(claims["claim_id"]) == set(links["claim_id"])
    for _, row in claims.iterrows():
        mine = links.loc[links["claim_id"] == row["claim_id"], "source_id"]
        assert row["source_id"] in set(mine), f"{row['claim_id']}: main source not in claim_sources"


def _figure_names(chapter: str) -> set[str]:
    notebook = json.loads((BOOK / f"{chapter}.ipynb").read_text(encoding="utf-8"))
    return {c.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name") for c in notebook["cells"]} - {None}


def test_every_verdict_points_to_evidence_that_exists():
    claims = rnkbook.load("claims")
    datasets = {r["name"] for r in rnkbook.descriptor()["resources"]}
    chapters = {str(p.relative_to(BOOK).with_suffix("")) for p in toc_documents(BOOK)}
    problems = []
    for _, row in claims.iterrows():
        if row["evidence_dataset"] not in datasets:
            problems.append(f"{row['claim_id']}: no dataset {row['evidence_dataset']!r}")
        if row["chapter"] not in chapters:
            problems.append(f"{row['claim_id']}: chapter {row['chapter']} is not in _toc.yml")
            continue
        key = row["evidence_key"]
        known = _figure_names(row["chapter"]) if key.startswith("fig-") else set(glued_values(row["chapter"]))
        if key not in known:
            problems.append(f"{row['claim_id']}: {key!r} is not glued or drawn in {row['chapter']}")
    assert not problems, "\n".join(problems)
