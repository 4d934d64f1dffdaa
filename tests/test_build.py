"""A broken notebook or bad data never yields a published site; hand-edited outputs fail nbval."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from rnkbook.tooling.build import build
from rnkbook.tooling.toc import toc_documents

BOOK = Path(__file__).resolve().parents[1]


def _mini_book(tmp_path: Path, cell_source: str) -> Path:
    book = tmp_path / "book"
    (book / "chapters").mkdir(parents=True)
    for name in ("_config.yml", "references.bib"):
        shutil.copy(BOOK / name, book / name)
    shutil.copytree(BOOK / "data", book / "data")
    (book / "_toc.yml").write_text("format: jb-book\nroot: chapters/index\nchapters:\n- file: chapters/broken\n")
    (book / "chapters" / "index.md").write_text("# Mini\n\nA test book.\n")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# Broken"), nbformat.v4.new_code_cell(cell_source)]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, book / "chapters" / "broken.ipynb")
    return book


def test_a_failing_cell_fails_the_build_and_leaves_no_site(tmp_path, capfd):
    book = _mini_book(tmp_path, "raise RuntimeError('deliberate failure')")
    assert build(book, book) != 0
    assert not (book / "_build" / "html").exists()
    out, err = capfd.readouterr()
    assert "deliberate failure" in out + err, "the author must see the failing cell's traceback"
    assert "the site was removed" in err


def test_bad_data_stops_the_build_before_any_notebook_runs(tmp_path, capsys):
    book = _mini_book(tmp_path, "print('never runs')")
    sources = book / "data" / "sources.csv"
    lines = sources.read_text(encoding="utf-8").splitlines()
    used = {l.split(",")[-1] for l in (book / "data" / "events.csv").read_text().splitlines()[1:]}
    keep = [lines[0]] + [l for l in lines[1:] if l.split(",")[0] not in used]
    sources.write_text("\n".join(keep) + "\n", encoding="utf-8")
    assert build(book, book) == 2
    err = capsys.readouterr().err
    assert "events.csv: row 1" in err and "column 'source_id'" in err
    assert not (book / "_build" / "html").exists()


def test_hand_edited_stored_output_fails_nbval(tmp_path):
    notebooks = [p for p in toc_documents(BOOK) if p.suffix == ".ipynb"]
    source = notebooks[0]
    copy = tmp_path / source.name
    notebook = json.loads(source.read_text(encoding="utf-8"))
    edited = False
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            key = "application/papermill.record/text/plain"
            if key in data and "scrapbook" in output.get("metadata", {}):
                data[key] = "999999"
                edited = True
                break
        if edited:
            break
    assert edited, "no glued output to tamper with"
    copy.write_text(json.dumps(notebook), encoding="utf-8")
    shutil.copytree(source.parent, tmp_path / "siblings", dirs_exist_ok=True)
    result = subprocess.run([sys.executable, "-m", "pytest", "--nbval", "-p", "no:xdist", "-q", "-o", "addopts=",
                             str(copy), "--rootdir", str(tmp_path)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "999999" in result.stdout
