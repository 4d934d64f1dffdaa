"""Execute notebooks in place, in parallel, and only when something they depend on changed.

    python -m rnkbook.execute [--force] [--jobs N] [NOTEBOOK ...]

The stored outputs of the committed notebooks are the execution cache: the book is
rendered from them, and strict nbval checks them against a fresh run. A notebook is
re-executed when any of these changed since its last run (its *key*):

- the source of its code cells;
- the content of every file it read through the helpers during that run (datasets,
  the data-package descriptor, other notebooks whose glued values it reuses), as
  recorded by the run itself, so the dependencies are exact, not guessed;
- the helper package's code, and the pinned environment (requirements.txt);
- its stored outputs (an output edited by hand is never trusted).

Records live in `_build/.exec/`; without them (a fresh clone) every notebook runs.
Notebooks run in a pool of worker processes (two by default, one per core). A notebook
that reuses another's outputs (the claims register) is run again if those changed.
Each run starts a fresh kernel in the notebook's folder, as jupyter-book and nbval do.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .paths import BOOK_ROOT
from .toc import toc_documents

REPORT_DEPENDENCIES = "import json as _j, rnkbook.paths as _p; print(_j.dumps(sorted(_p.READ_FILES)))"
HELPERS = Path(__file__).resolve().parent


@dataclass
class Outcome:
    notebook: str
    seconds: float
    error: str = ""


def digest(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def file_digest(path: Path) -> str:
    return digest(path.read_bytes()) if path.exists() else "missing"


def environment_digest(book: Path) -> str:
    """The helper package's code and the pinned environment."""
    parts = [file_digest(p) for p in sorted(HELPERS.glob("*.py"))]
    parts.append(file_digest(book / "requirements.txt"))
    return digest("".join(parts))


def code_and_outputs(notebook: nbformat.NotebookNode) -> tuple[str, str]:
    cells = [c for c in notebook.cells if c.cell_type == "code"]
    code = json.dumps([c.source for c in cells])
    outputs = json.dumps([c.get("outputs", []) for c in cells], sort_keys=True)
    return digest(code), digest(outputs)


def notebook_key(path: Path, dependencies: list[str], environment: str) -> dict:
    notebook = nbformat.read(path, as_version=4)
    code, outputs = code_and_outputs(notebook)
    deps = {d: file_digest(Path(d)) for d in dependencies if Path(d) != path.resolve()}
    return {"code": code, "outputs": outputs, "environment": environment, "dependencies": deps}


def record_path(cache: Path, book: Path, path: Path) -> Path:
    return cache / (path.resolve().relative_to(book.resolve()).as_posix().replace("/", "__") + ".json")


def is_stale(path: Path, book: Path, cache: Path, environment: str) -> bool:
    record = record_path(cache, book, path)
    if not record.exists():
        return True
    try:
        saved = json.loads(record.read_text(encoding="utf-8"))["key"]
        return notebook_key(path, list(saved["dependencies"]), environment) != saved
    except (ValueError, KeyError, TypeError):
        return True  # an unreadable or old-format record proves nothing


def expected_seconds(path: Path, book: Path, cache: Path) -> float:
    """How long a notebook took last time, or a guess from its size (for scheduling)."""
    record = record_path(cache, book, path)
    try:
        return float(json.loads(record.read_text(encoding="utf-8"))["seconds"])
    except (OSError, ValueError, KeyError, TypeError):
        return path.stat().st_size / 200_000


def coalesce_streams(outputs: list) -> list:
    """Join consecutive stdout/stderr chunks: how print() output is split depends on timing."""
    merged: list = []
    for output in outputs:
        last = merged[-1] if merged else None
        if (output.get("output_type") == "stream" and last is not None
                and last.get("output_type") == "stream" and last.get("name") == output.get("name")):
            last["text"] = "".join(last["text"]) + "".join(output["text"])
        else:
            merged.append(output)
    return merged


def run_notebook(path: str, book: str) -> tuple[float, list[str], str]:
    """Execute one notebook in place (in a worker process); return (seconds, files read, error)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook_path = Path(path)
    notebook = nbformat.read(notebook_path, as_version=4)
    probe = nbformat.v4.new_code_cell(REPORT_DEPENDENCIES)
    notebook.cells.append(probe)
    os.environ["RNKBOOK_BOOK_DIR"] = book
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(notebook_path.parent)}})
    start = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as exc:
        return time.perf_counter() - start, [], str(exc)
    seconds = time.perf_counter() - start
    notebook.cells.pop()
    read = json.loads("".join(o.get("text", "") for o in probe.outputs if o.get("name") == "stdout"))
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    nbformat.write(notebook, notebook_path)
    return seconds, read, ""


def reads_notebooks(path: Path, book: Path, cache: Path) -> bool:
    """Whether the notebook's last run read other notebooks' outputs (the claims register does)."""
    try:
        deps = json.loads(record_path(cache, book, path).read_text(encoding="utf-8"))["key"]["dependencies"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return any(d.endswith(".ipynb") for d in deps)


def run_wave(paths: list[Path], book: Path, cache: Path, environment: str, jobs: int, log) -> list[Outcome]:
    """Execute `paths` in a pool of `jobs` processes; record each success."""
    outcomes = []
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {p: pool.submit(run_notebook, str(p), str(book)) for p in paths}
        for path, future in futures.items():
            try:
                seconds, read, error = future.result()
            except Exception:  # a crash in the worker itself
                seconds, read, error = 0.0, [], traceback.format_exc()
            name = path.resolve().relative_to(book).as_posix()
            outcomes.append(Outcome(name, seconds, error))
            if error:
                record_path(cache, book, path).unlink(missing_ok=True)
                continue
            log(f"  {name}: {seconds:.1f} s")
            record = {"key": notebook_key(path, read, environment), "seconds": round(seconds, 2)}
            record_path(cache, book, path).write_text(json.dumps(record, indent=1), encoding="utf-8")
    return outcomes


def refresh(book: Path = BOOK_ROOT, cache: Path | None = None, jobs: int = 2, force: bool = False,
            only: list[Path] | None = None, log=print) -> list[Outcome]:
    """Execute the stale notebooks of `book` (or `only`) in parallel; return what ran.

    Notebooks known to reuse other notebooks' outputs run after the rest. A notebook that
    fails while others were running is tried once more after them (it may have read an
    output that was being rewritten); a second failure is final.
    """
    book = book.resolve()
    cache = cache or book / "_build" / ".exec"
    cache.mkdir(parents=True, exist_ok=True)
    environment = environment_digest(book)
    notebooks = only or [p for p in toc_documents(book) if p.suffix == ".ipynb"]
    outcomes: list[Outcome] = []
    ran: dict[Path, int] = {}
    retry: set[Path] = set()
    for _ in range(3):  # a notebook reusing others' outputs may need a second pass
        stale = [p for p in notebooks
                 if p in retry or (force and p not in ran) or is_stale(p, book, cache, environment)]
        stale = [p for p in stale if ran.get(p, 0) < 2]
        if not stale:
            break
        # Longest first, so the workers finish together; reusers of outputs last.
        stale.sort(key=lambda p: expected_seconds(p, book, cache), reverse=True)
        later = [p for p in stale if reads_notebooks(p, book, cache)]
        first = [p for p in stale if p not in later]
        log(f"executing {len(stale)} notebook(s) on {jobs} worker(s): " + ", ".join(p.stem for p in first + later))
        results = []
        for wave in (first, later):
            if wave:
                results += run_wave(wave, book, cache, environment, jobs, log)
        for path in stale:
            ran[path] = ran.get(path, 0) + 1
        failed = {book / o.notebook for o in results if o.error}
        retry = {p for p in failed if len(stale) > 1 and ran[p] < 2}
        outcomes += [o for o in results if not (o.error and book / o.notebook in retry)]
        if failed - retry:
            break
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--force", action="store_true", help="execute even if nothing changed")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    only = [p.resolve() for p in args.notebooks] or None
    outcomes = refresh(BOOK_ROOT, force=args.force or bool(only), jobs=args.jobs, only=only)
    failed = [o for o in outcomes if o.error]
    for outcome in failed:
        print(f"\n{outcome.notebook} failed:\n{outcome.error}", file=sys.stderr)
    if not outcomes:
        print("every notebook is up to date")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
