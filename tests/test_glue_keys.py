"""Every glued value the prose asks for exists in the notebook that should provide it.

Stored outputs are what strict nbval checks against a fresh run, so a key
present in the stored outputs is a key the notebook really glues.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from rnkbook.claims import glued_values
from rnkbook.tooling.toc import GLUE_ROLE, glue_references, page_text, toc_documents

BOOK = Path(__file__).resolve().parents[1]


def all_pages():
    return toc_documents(BOOK)


@pytest.mark.parametrize("page", all_pages(), ids=lambda p: p.name)
def test_every_glue_reference_resolves(page):
    missing = []
    for target, key in glue_references(page, outputs=True):
        if not target.exists() or target.suffix != ".ipynb":
            missing.append(f"{key}: no notebook {target}")
        elif key not in glued_values(str(target.relative_to(BOOK).with_suffix("")), BOOK):
            missing.append(f"{key}: not glued in {target.name}")
    assert not missing, f"{page.name}: " + "; ".join(missing)


def test_cross_page_glue_has_an_explicit_format():
    """Cross-page glue without a format spec is misparsed by myst-nb (toolchain notes)."""
    bad = []
    for page in all_pages():
        for raw in GLUE_ROLE.findall(page_text(page, outputs=True)):
            if "::" in raw and ":" not in raw.split("::", 1)[1]:
                bad.append(f"{page.name}: {raw}")
    assert not bad, bad
