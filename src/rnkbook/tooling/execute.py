"""Execute notebooks in place, in parallel, and only when something they depend on changed.

    python -m rnkbook.tooling.execute [--force] [--jobs N] [NOTEBOOK ...]

The stored outputs of the committed notebooks are the execution cache: the book is
rendered from them, and strict nbval checks them against a fresh run. Each notebook
carries, in its own metadata (`metadata.rnkbook.inputs`), the fingerprint of the inputs
its stored outputs were computed from. It is re-executed when any of these changed:

- the source of its code cells (prose in Markdown cells is not an input);
- every file it read through the helpers during its last run (datasets, the
  data-package descriptor), as recorded by the run itself, so the dependencies are
  exact, not guessed; for another notebook whose glued values it reuses, only those
  values count, so a prose edit there does not re-run it;
- the public helper package that notebooks import, and the pinned environment;
- its stored outputs (an output edited by hand is never trusted).

Because the fingerprint is committed with the notebook, a fresh clone trusts the stored
outputs that are current and renders them without executing anything. Strict nbval in
`make test` still re-executes every notebook. Notebooks run in a pool of worker processes
(two by default, one per core); one that reuses another's outputs (the claims register)
runs after the others. Each run starts a fresh kernel in the notebook's folder, as
jupyter-book, nbval and JupyterLab do.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..gluing import glued_in
from ..paths import BOOK_ROOT
from .toc import toc_documents

REPORT_DEPENDENCIES = "import json as _j, rnkbook.paths as _p; print(_j.dumps(sorted(_p.READ_FILES)))"
# What notebooks import: the public face of the package, not this build machinery.
PUBLIC_HELPERS = Path(__file__).resolve().parents[1]
METADATA = "rnkbook"


@dataclass
class Outcome:
    notebook: str
    seconds: float
    error: str = ""


def digest(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def file_digest(path: Path) -> str:
    return digest(path.read_bytes()) if path.exists() else "missing"


def dependency_digest(path: Path) -> str:
    """A file's content; for a notebook, only the values it glues (what a reader of it uses)."""
    if path.suffix == ".ipynb" and path.exists():
        return digest(json.dumps(glued_in(path), sort_keys=True))
    return file_digest(path)


def environment_digest(book: Path) -> str:
    """The public helper modules that notebooks import, and the pinned environment."""
    parts = [file_digest(p) for p in sorted(PUBLIC_HELPERS.glob("*.py"))]
    parts.append(file_digest(book / "requirements.txt"))
    return digest("".join(parts))


def code_and_outputs(notebook: nbformat.NotebookNode) -> tuple[str, str]:
    cells = [c for c in notebook.cells if c.cell_type == "code"]
    code = json.dumps([c.source for c in cells])
    outputs = json.dumps([c.get("outputs", []) for c in cells], sort_keys=True)
    return digest(code), digest(outputs)


def relative(path: Path, book: Path) -> str:
    """A dependency as the fingerprint names it: relative to the book, so it survives a clone."""
    try:
        return path.resolve().relative_to(book.resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


def notebook_key(path: Path, dependencies: list[str], environment: str, book: Path) -> dict:
    notebook = nbformat.read(path, as_version=4)
    code, outputs = code_and_outputs(notebook)
    names = sorted({relative(book / d, book) for d in dependencies} - {relative(path, book)})
    deps = {name: dependency_digest(book / name) for name in names}
    return {"code": code, "outputs": outputs, "environment": environment, "dependencies": deps}


def stored_key(path: Path) -> dict | None:
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        key = notebook["metadata"][METADATA]["inputs"]
        return key if isinstance(key, dict) and isinstance(key.get("dependencies"), dict) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no fingerprint, or an unreadable one: proves nothing


def is_stale(path: Path, book: Path, environment: str) -> bool:
    saved = stored_key(path)
    if saved is None:
        return True
    return notebook_key(path, list(saved["dependencies"]), environment, book) != saved


def write_fingerprint(path: Path, read: list[str], environment: str, book: Path) -> None:
    """Record in the notebook which inputs its stored outputs were computed from."""
    key = notebook_key(path, read, environment, book)
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata[METADATA] = {"inputs": key}
    nbformat.write(notebook, path)


def timings_path(book: Path) -> Path:
    return book / "_build" / ".exec" / "seconds.json"


def expected_seconds(path: Path, book: Path) -> float:
    """How long a notebook took last time, or a guess from its size (for scheduling)."""
    try:
        return float(json.loads(timings_path(book).read_text(encoding="utf-8"))[relative(path, book)])
    except (OSError, ValueError, KeyError, TypeError):
        return path.stat().st_size / 200_000


def save_seconds(book: Path, outcomes: list[Outcome]) -> None:
    path = timings_path(book)
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    known.update({o.notebook: round(o.seconds, 2) for o in outcomes if not o.error})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(known, indent=1, sort_keys=True), encoding="utf-8")


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
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook_path = Path(path)
    notebook = nbformat.read(notebook_path, as_version=4)
    probe = nbformat.v4.new_code_cell(REPORT_DEPENDENCIES)
    notebook.cells.append(probe)
    os.environ["RNKBOOK_BOOK_DIR"] = book
    # Local IPC sockets in a private folder: no TCP port (and no "running over TCP without
    # encryption" warning per kernel), and no clash between parallel workers.
    sockets = tempfile.mkdtemp(prefix="rnkbook-kernel-")
    manager = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(sockets, "kernel"))
    client = NotebookClient(notebook, km=manager, timeout=300,
                            resources={"metadata": {"path": str(notebook_path.parent)}})
    start = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as exc:
        return time.perf_counter() - start, [], str(exc)
    finally:
        if manager.has_kernel:  # a manager passed in is ours to shut down, not nbclient's
            manager.shutdown_kernel()
        shutil.rmtree(sockets, ignore_errors=True)
    seconds = time.perf_counter() - start
    notebook.cells.pop()
    read = json.loads("".join(o.get("text", "") for o in probe.outputs if o.get("name") == "stdout"))
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    nbformat.write(notebook, notebook_path)
    return seconds, read, ""


def reads_notebooks(path: Path) -> bool:
    """Whether the notebook's last run read other notebooks' outputs (the claims register does)."""
    saved = stored_key(path)
    return bool(saved) and any(d.endswith(".ipynb") for d in saved["dependencies"])


def run_wave(paths: list[Path], book: Path, environment: str, jobs: int, log) -> list[Outcome]:
    """Execute `paths` in a pool of `jobs` processes; fingerprint each success."""
    outcomes = []
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {p: pool.submit(run_notebook, str(p), str(book)) for p in paths}
        for path, future in futures.items():
            try:
                seconds, read, error = future.result()
            except Exception:  # a crash in the worker itself
                seconds, read, error = 0.0, [], traceback.format_exc()
            name = relative(path, book)
            outcomes.append(Outcome(name, seconds, error))
            if error:
                continue
            log(f"  {name}: {seconds:.1f} s")
            write_fingerprint(path, read, environment, book)
    return outcomes


def refresh(book: Path = BOOK_ROOT, jobs: int = 2, force: bool = False,
            only: list[Path] | None = None, log=print) -> list[Outcome]:
    """Execute the stale notebooks of `book` (or `only`) in parallel; return what ran.

    Notebooks known to reuse other notebooks' outputs run after the rest. A notebook that
    fails while others were running is tried once more after them (it may have read an
    output that was being rewritten); a second failure is final.
    """
    book = book.resolve()
    environment = environment_digest(book)
    notebooks = only or [p for p in toc_documents(book) if p.suffix == ".ipynb"]
    outcomes: list[Outcome] = []
    ran: dict[Path, int] = {}
    retry: set[Path] = set()
    for _ in range(3):  # a notebook reusing others' outputs may need a second pass
        stale = [p for p in notebooks
                 if p in retry or (force and p not in ran) or is_stale(p, book, environment)]
        stale = [p for p in stale if ran.get(p, 0) < 2]
        if not stale:
            break
        # Longest first, so the workers finish together; reusers of outputs last.
        stale.sort(key=lambda p: expected_seconds(p, book), reverse=True)
        later = [p for p in stale if reads_notebooks(p)]
        first = [p for p in stale if p not in later]
        log(f"executing {len(stale)} notebook(s) on {jobs} worker(s): " + ", ".join(p.stem for p in first + later))
        results = []
        for wave in (first, later):
            if wave:
                results += run_wave(wave, book, environment, jobs, log)
        for path in stale:
            ran[path] = ran.get(path, 0) + 1
        failed = {book / o.notebook for o in results if o.error}
        retry = {p for p in failed if len(stale) > 1 and ran[p] < 2}
        outcomes += [o for o in results if not (o.error and book / o.notebook in retry)]
        if failed - retry:
            break
    save_seconds(book, outcomes)
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
