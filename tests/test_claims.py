"""The claims register answers every seed claim, on the rubric, with evidence that resolves.

The list of claims the register must answer is the project's own `seed_claims` dataset: nothing
here reads outside the project, so the test runs the same wherever the book is cloned.
"""
from __future__ import annotations

import json

import pandas as pd
import pytest

import rnkbook
from rnkbook.claims import PLACEHOLDER, RUBRIC, glued_values, rubric_problems
from rnkbook.tooling.toc import toc_documents
from tests.conftest import BOOK


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return rnkbook.load("claims")


def test_every_seed_claim_is_answered(claims):
    seeds = rnkbook.load("seed_claims")
    assert len(seeds) == 26, "the two news analyses make 26 checkable claims"
    missing = sorted(set(seeds["claim_id"]) - set(claims["seed_claim"]))
    assert not missing, f"seed claims with no verdict: {missing}"
    for _, row in claims.iterrows():
        assert row["claim_id"].startswith(row["seed_claim"]), f"{row['claim_id']} answers {row['seed_claim']}"
    split = claims["seed_claim"].value_counts()
    for seed, n in split[split > 1].items():
        ids = sorted(claims.loc[claims["seed_claim"] == seed, "claim_id"])
        assert ids == [f"{seed}{chr(97 + i)}" for i in range(n)], f"a split claim is lettered a, b, ...: {ids}"


def test_every_verdict_is_on_the_rubric_and_follows_its_rules(claims):
    assert set(claims["verdict_then"]) | set(claims["verdict_now"]) <= set(RUBRIC)
    assert not rubric_problems(claims)


def test_the_rubric_rules_catch_a_broken_verdict(claims):
    broken = claims.copy()
    forecast = broken.index[broken["kind"] == "forecast"][0]
    broken.loc[forecast, "verdict_then"] = "supported"
    factual = broken.index[broken["kind"] == "factual"][0]
    broken.loc[factual, "verdict_now"] = "not testable"
    problems = rubric_problems(broken)
    assert len(problems) == 2, problems


def test_every_claim_has_sources(claims):
    links = rnkbook.load("claim_sources")
    assert set(claims["claim_id"]) == set(links["claim_id"])
    for _, row in claims.iterrows():
        mine = links.loc[links["claim_id"] == row["claim_id"], "source_id"]
        assert row["source_id"] in set(mine), f"{row['claim_id']}: main source not in claim_sources"


def _figure_names() -> set[str]:
    names = set()
    for path in (BOOK / "chapters").glob("*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            name = cell.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name")
            if name:
                names.add(name)
    return names


def test_every_verdict_points_to_evidence_that_exists(claims):
    chapters = {str(p.relative_to(BOOK).with_suffix("")) for p in toc_documents(BOOK)}
    figures = _figure_names()
    problems = []
    for _, row in claims.iterrows():
        cid = row["claim_id"]
        if row["chapter"] not in chapters:
            problems.append(f"{cid}: chapter {row['chapter']} is not in _toc.yml")
        ref = row["evidence_ref"]
        if ref.startswith("fig-") and ref not in figures:
            problems.append(f"{cid}: no figure named {ref}")
        if not ref.startswith("fig-") and f"chapters/{ref}" not in chapters:
            problems.append(f"{cid}: no chapter {ref}")
        for text in (row["evidence"], row["reasoning"]):
            for chapter, key in PLACEHOLDER.findall(text):
                if key not in glued_values(f"chapters/{chapter}", BOOK):
                    problems.append(f"{cid}: {chapter} does not glue {key}")
    assert not problems, "\n".join(problems)
