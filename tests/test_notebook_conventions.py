"""House rules for notebooks: one imports cell first, and every figure fully described."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from rnkbook.tooling.toc import toc_documents
from tests.conftest import BOOK

NOTEBOOKS = [p for p in toc_documents(BOOK) if p.suffix == ".ipynb"]


def code_cells(path):
    return [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_code_cell_is_the_imports_cell(path):
    first = "".join(code_cells(path)[0]["source"])
    statements = [l for l in first.splitlines() if l.strip() and not l.startswith("#")]
    assert all(l.startswith(("import ", "from ", "rnkbook.use_house_style(")) for l in statements), first
    for cell in code_cells(path)[1:]:
        lines = "".join(cell["source"]).splitlines()
        assert not any(l.startswith(("import ", "from ")) for l in lines), "imports belong in the first code cell"


def _is_source_note(cell) -> bool:
    """A cell whose only output is a source line set as a caption (class rnk-source)."""
    html = "".join("".join(o.get("data", {}).get("text/html", "")) for o in cell.get("outputs", []))
    return 'class="rnk-source"' in html


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_has_caption_name_alt_and_source_line(path):
    cells = code_cells(path)
    for number, cell in enumerate(cells):
        if not any("image/png" in o.get("data", {}) for o in cell.get("outputs", [])):
            continue
        meta = cell.get("metadata", {}).get("mystnb", {})
        source = "".join(cell["source"])
        assert meta.get("figure", {}).get("caption"), f"figure without caption: {source[:80]}"
        assert meta.get("figure", {}).get("name", "").startswith("fig-"), f"figure without a fig- name: {source[:80]}"
        assert len(meta.get("image", {}).get("alt", "")) >= 40, f"figure without meaningful alt text: {source[:80]}"
        # myst-nb puts every output of a figure cell inside the figure, so the source line is the
        # next cell's output, set as a caption line (never a code box).
        following = cells[number + 1] if number + 1 < len(cells) else {}
        assert _is_source_note(following), f"figure not followed by a source-note cell: {source[:80]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_cell_prints_a_bare_value(path):
    """A visible cell shows a table, a figure, a source line or Markdown, never a stray repr."""
    for cell in code_cells(path):
        if "remove-output" in cell.get("metadata", {}).get("tags", []):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                raise AssertionError(f"printed text in {path.name}: {''.join(output.get('text', ''))[:80]!r}")
            data = output.get("data", {})
            if output.get("output_type") == "execute_result" and set(data) <= {"text/plain"}:
                raise AssertionError(f"bare value in {path.name}: {''.join(data['text/plain'])[:80]!r}")


def test_references_bib_is_generated_from_the_registry():
    result = subprocess.run([sys.executable, "-m", "rnkbook.tooling.bib", "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
