"""Every glued value the prose asks for exists in the notebook that should provide it.

Stored outputs are what strict nbval checks against a fresh run, so a key
present in the stored outputs is a key the notebook really glues.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rnkbook.toc import toc_documents

ROLE = re.compile(r"\{glue(?::(?:text|md|any|figure|math))?\}`([^`]+)`")
DIRECTIVE = re.compile(r"^[`:]{3,}\{glue(?::(?:figure|md|math|any))?\}\s+(\S+)", re.M)


def prose_of(path: Path) -> str:
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8")
    notebook = json.loads(path.read_text(encoding="utf-8"))
    parts = []
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            parts.append("".join(cell["source"]))
        caption = cell.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("caption")
        if caption:
            parts.append(caption)
    return "\n".join(parts)


def glued_keys(path: Path) -> set[str]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    keys = set()
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            scrap = output.get("metadata", {}).get("scrapbook", {})
            if "name" in scrap:
                keys.add(scrap["name"])
    return keys


def references(path: Path):
    """(target notebook, key) for every glue role and directive in a page's prose."""
    text = prose_of(path)
    for raw in ROLE.findall(text) + DIRECTIVE.findall(text):
        target, key = path, raw
        if "::" in raw:
            doc, key = raw.split("::", 1)
            target = (path.parent / doc) if (path.parent / doc).exists() else (Path(__file__).parents[1] / doc)
        key = key.split(":", 1)[0]
        yield target.resolve(), key


def all_pages():
    return toc_documents(Path(__file__).resolve().parents[1])


@pytest.mark.parametrize("page", all_pages(), ids=lambda p: p.name)
def test_every_glue_reference_resolves(page):
    missing = []
    for target, key in references(page):
        if not target.exists() or target.suffix != ".ipynb":
            missing.append(f"{key}: no notebook {target}")
        elif key not in glued_keys(target):
            missing.append(f"{key}: not glued in {target.name}")
    assert not missing, f"{page.name}: " + "; ".join(missing)


def test_markdown_pages_use_explicit_format_across_pages():
    """Cross-page glue without a format spec is misparsed by myst-nb (toolchain notes)."""
    bad = []
    for page in all_pages():
        for raw in ROLE.findall(prose_of(page)):
            if "::" in raw and ":" not in raw.split("::", 1)[1]:
                bad.append(f"{page.name}: {raw}")
    assert not bad, bad
