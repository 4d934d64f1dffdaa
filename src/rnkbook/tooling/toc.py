"""Read _toc.yml: which documents the book contains."""
from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

SUFFIXES = (".ipynb", ".md")


def _walk(node) -> list[str]:
    if isinstance(node, dict):
        found = [node[k] for k in ("root", "file") if k in node]
        for value in node.values():
            if isinstance(value, (list, dict)):
                found += _walk(value)
        return found
    if isinstance(node, list):
        return [doc for item in node for doc in _walk(item)]
    return []


def toc_documents(book: Path) -> list[Path]:
    """Every document named in _toc.yml, resolved to its file, in book order."""
    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    paths = []
    for name in _walk(toc):
        candidates = [book / (name + s) for s in SUFFIXES] + [book / name]
        found = next((c for c in candidates if c.is_file()), None)
        if found is None:
            raise FileNotFoundError(f"_toc.yml names {name!r}, but no such .ipynb or .md file exists")
        paths.append(found)
    return paths


GLUE_ROLE = re.compile(r"\{glue(?::(?:text|md|any|figure|math))?\}`([^`]+)`")
GLUE_DIRECTIVE = re.compile(r"^[`:]{3,}\{glue(?::(?:figure|md|math|any))?\}\s+(\S+)", re.M)


def page_text(path: Path, outputs: bool = False) -> str:
    """A page's prose: Markdown, or a notebook's markdown cells and figure captions
    (plus, with `outputs`, the Markdown its cells print, such as the claims register)."""
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
        if outputs:
            for output in cell.get("outputs", []):
                markdown = output.get("data", {}).get("text/markdown")
                if markdown:
                    parts.append("".join(markdown))
    return "\n".join(parts)


def glue_references(path: Path, outputs: bool = False) -> list[tuple[Path, str]]:
    """(notebook, key) for every glued value a page shows; same-page keys point at the page."""
    found = []
    text = page_text(path, outputs)
    for raw in GLUE_ROLE.findall(text) + GLUE_DIRECTIVE.findall(text):
        target, key = path, raw
        if "::" in raw:
            doc, key = raw.split("::", 1)
            target = path.parent / doc
        found.append((target.resolve(), key.split(":", 1)[0]))
    return found


def cross_page_dependents(book: Path) -> dict[Path, set[Path]]:
    """For each notebook, the other pages that show values glued in it."""
    dependents: dict[Path, set[Path]] = {}
    for page in toc_documents(book):
        for target, _ in glue_references(page, outputs=True):
            if target != page.resolve():
                dependents.setdefault(target, set()).add(page.resolve())
    return dependents
