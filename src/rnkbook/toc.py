"""Read _toc.yml: which documents the book contains."""
from __future__ import annotations

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
