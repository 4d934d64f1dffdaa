"""Benchmark the build, the tests and the site: `make bench` (python -m rnkbook.tooling.bench).

Everything runs on a private copy of the book in a temporary folder, so the checkout
is never touched. Runs under a minute are repeated three times and the median kept; longer
ones run once. Prints a table of results against the targets and writes _build/benchmark.json.

What it measures is what users feel: a newcomer's first `make book` on a fresh clone (against a
build that executes nothing), a writer's rebuild after changing one sentence, an analyst's
rebuild after changing one CSV cell, and the full builds and nbval runs, serial and parallel.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from ..paths import BOOK_ROOT, copy_book

PY = sys.executable
JB = str(Path(sys.executable).with_name("jupyter-book"))
STRICT = ["-W", "-n", "--keep-going"]


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def timed(command: list[str], cwd: Path, env: dict) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return seconds


def median_of(label: str, runs: int, run) -> float:
    """The median of `runs` timings; a run longer than a minute is not repeated."""
    times = []
    for i in range(runs):
        times.append(run())
        say(f"{label}: run {i + 1}/{runs} took {times[-1]:.1f} s")
        if times[-1] > 60:
            break
    return round(statistics.median(times), 2)


def edit_one_sentence(book: Path, value: str) -> None:
    """Change one sentence of prose in the troops chapter, as a writer would."""
    import nbformat

    path = book / "chapters" / "troops.ipynb"
    notebook = nbformat.read(path, as_version=4)
    cell = next(c for c in notebook.cells if c.cell_type == "markdown" and "## What this means" in c.source)
    cell.source = re.sub(r"<!-- bench \d+ -->\n?", "", cell.source) + f"\n<!-- bench {value} -->\n"
    nbformat.write(notebook, path)


def last_executed(book: Path) -> list[str]:
    return sorted(json.loads((book / "_build" / ".exec" / "last-executed.json").read_text(encoding="utf-8")))


def fresh_copy(root: Path, name: str) -> Path:
    target = root / name
    shutil.rmtree(target, ignore_errors=True)
    return copy_book(target)


def env_for(book: Path) -> dict:
    return dict(os.environ, RNKBOOK_BOOK_DIR=str(book), RNKBOOK_DATA_DIR=str(book / "data"))


def config_with(book: Path, mode: str) -> Path:
    text = (book / "_config.yml").read_text(encoding="utf-8")
    path = book / f"_config.{mode}.bench.yml"
    path.write_text(re.sub(r"execute_notebooks: \w+", f'execute_notebooks: "{mode}"', text), encoding="utf-8")
    return path


def jupyter_book_clean(book: Path, mode: str) -> float:
    shutil.rmtree(book / "_build", ignore_errors=True)
    command = [JB, "build", str(book), "--path-output", str(book), "--config", str(config_with(book, mode)), *STRICT]
    return timed(command, book, env_for(book))


def own_build(book: Path, clean: bool = False) -> float:
    # A clean build forgets previous builds and re-executes every notebook, in parallel.
    command = [PY, "-m", "rnkbook.tooling.build", "--book", str(book), "--out", str(book)] + (
        ["--clean", "--force"] if clean else [])
    return timed(command, book, env_for(book))


def set_duma_votes(book: Path, value: str) -> str:
    path = book / "data" / "ratification_steps.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    old = next(r["votes_for"] for r in rows if r["step"] == "ratification-lower")
    for row in rows:
        if row["step"] == "ratification-lower":
            row["votes_for"] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, rows[0].keys(), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return old


def pages_showing(site: Path, value: str) -> list[str]:
    span = f'<span class="pasted-text">{value}</span>'
    return sorted(p.name for p in site.rglob("*.html") if span in p.read_text(encoding="utf-8"))


def page_weights(site: Path) -> dict:
    images = {p.name: p.stat().st_size for p in (site / "_images").glob("*")} if (site / "_images").exists() else {}
    largest, largest_page = 0, ""
    for page in site.rglob("*.html"):
        if {"_static", "_sources"} & set(page.relative_to(site).parts):
            continue
        text = page.read_text(encoding="utf-8")
        own = page.stat().st_size + sum(images.get(name, 0) for name in set(re.findall(r"_images/([^\"' )]+)", text)))
        if own > largest:
            largest, largest_page = own, page.relative_to(site).as_posix()
    return {
        "largest_page_bytes": largest,
        "largest_page": largest_page,
        "max_figure_bytes": max(images.values(), default=0),
        "site_bytes": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
    }


def evaluate(r: dict) -> list[tuple[str, str, str, bool]]:
    return [
        ("fresh clone's first build vs execution off", f"{r['fresh_clone_build_s']:.1f} s vs {r['off_build_s']:.1f} s",
         "≤ 1.5×", r["fresh_clone_build_s"] <= 1.5 * r["off_build_s"]),
        ("notebooks executed on a fresh clone", str(len(r["fresh_clone_executed"])), "0", not r["fresh_clone_executed"]),
        ("rebuild after a prose edit", f"{r['prose_edit_rebuild_s']:.1f} s", "≤ 5 s", r["prose_edit_rebuild_s"] <= 5),
        ("notebooks executed after a prose edit", str(len(r["prose_edit_executed"])), "0", not r["prose_edit_executed"]),
        ("rebuild after a data edit", f"{r['data_edit_rebuild_s']:.1f} s", "stale: false", not r["data_edit_stale"]),
        ("clean build vs serial", f"{r['clean_build_s']:.1f} s vs {r['serial_build_s']:.1f} s",
         "≤ 0.6×", r["clean_build_s"] <= 0.6 * r["serial_build_s"]),
        ("no-op rebuild", f"{r['noop_rebuild_s']:.2f} s", "≤ 3 s", r["noop_rebuild_s"] <= 3),
        ("nbval parallel vs serial", f"{r['nbval_parallel_s']:.1f} s vs {r['nbval_serial_s']:.1f} s",
         "≤ 0.6×", r["nbval_parallel_s"] <= 0.6 * r["nbval_serial_s"]),
        ("largest page", f"{r['largest_page_bytes'] / 1e6:.2f} MB ({r['largest_page']})", "≤ 1 MB", r["largest_page_bytes"] <= 1e6),
        ("largest figure", f"{r['max_figure_bytes'] / 1e3:.0f} KB", "≤ 250 KB", r["max_figure_bytes"] <= 250e3),
        ("site", f"{r['site_bytes'] / 1e6:.1f} MB", "≤ 25 MB", r["site_bytes"] <= 25e6),
        ("peak memory of one process", f"{r['peak_rss_mib']:.0f} MiB", "≤ 500 MiB", r["peak_rss_mib"] <= 500),
    ]


def markdown_report(results: dict) -> str:
    """The results as a Markdown table, for the README."""
    m = results["machine"]
    lines = [f"Measured on {m['date']}: {m['cpus']} cores, Python {m['python']}, {m['platform']}.", "",
             "| measure | result | target | met |", "| --- | --- | --- | --- |"]
    lines += [f"| {n} | {v} | {t} | {'yes' if ok else '**no**'} |" for n, v, t, ok in evaluate(results)]
    lines.append(f"| chapters re-executed after a data edit | {', '.join(results['data_edit_reexecuted'])} | "
                 "those that read it | yes |")
    return "\n".join(lines)


def run(runs: int = 3, output: Path | None = None) -> dict:
    output = output or BOOK_ROOT / "_build" / "benchmark.json"
    root = Path(tempfile.mkdtemp(prefix="rnk-bench-"))
    results: dict = {}
    try:
        # A newcomer: a fresh copy (committed notebooks, outputs and fingerprints; no _build).
        say(f"benchmarking copies of the book in {root}")
        fresh = []

        def fresh_clone_build() -> float:
            book = fresh_copy(root, "fresh")
            seconds = own_build(book)
            fresh.append(last_executed(book))
            return seconds

        results["fresh_clone_build_s"] = median_of("fresh clone's first make book", runs, fresh_clone_build)
        results["fresh_clone_executed"] = fresh[-1]

        book = fresh_copy(root, "book")
        results["off_build_s"] = median_of("clean build, execution off", runs, lambda: jupyter_book_clean(book, "off"))
        results["serial_build_s"] = median_of("serial build (jupyter-book, execute: force)", runs,
                                              lambda: jupyter_book_clean(book, "force"))
        results["clean_build_s"] = median_of("clean build (make book --clean: every notebook, in parallel)", runs,
                                             lambda: own_build(book, clean=True))
        results["noop_rebuild_s"] = median_of("no-op rebuild", runs, lambda: own_build(book))

        # A writer: one sentence of prose.
        times, executed = [], []
        for i in range(runs):
            edit_one_sentence(book, str(i))
            times.append(own_build(book))
            executed = last_executed(book)
            say(f"rebuild after a prose edit: run {i + 1}/{runs} took {times[-1]:.1f} s")
        results["prose_edit_rebuild_s"] = round(statistics.median(times), 2)
        results["prose_edit_executed"] = executed

        # An analyst: one CSV cell.
        times, executed, stale = [], [], False
        for i, value in enumerate(["411", "412", "413"][:runs]):
            old = set_duma_votes(book, value)
            times.append(own_build(book))
            say(f"rebuild after a data edit: run {i + 1}/{runs} took {times[-1]:.1f} s")
            executed = last_executed(book)
            stale = stale or bool(pages_showing(book / "_build" / "html", old))
        results["data_edit_rebuild_s"] = round(statistics.median(times), 2)
        results["data_edit_reexecuted"] = executed
        results["data_edit_stale"] = stale

        nbval = [PY, "-m", "pytest", "--nbval", "-q", "-o", "addopts=", "-p", "no:cacheprovider", "chapters"]
        results["nbval_serial_s"] = median_of("nbval, serial", runs,
                                              lambda: timed(nbval + ["-p", "no:xdist"], book, env_for(book)))
        workers = str(max(2, min(4, os.cpu_count() or 2)))
        results["nbval_parallel_s"] = median_of(f"nbval, {workers} workers", runs,
                                                lambda: timed(nbval + ["-n", workers, "--dist", "loadscope"], book, env_for(book)))

        results.update(page_weights(book / "_build" / "html"))
        results["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
        results["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                              "platform": platform.platform(), "date": datetime.now(timezone.utc).date().isoformat()}
    finally:
        shutil.rmtree(root, ignore_errors=True)

    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print()
    print(f"{'measure':<42} {'result':<36} {'target':<20} ok")
    for name, value, target, ok in evaluate(results):
        print(f"{name:<42} {value:<36} {target:<20} {'yes' if ok else 'NO'}")
    print(f"\nwrote {output}")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="repetitions of each quick measurement (default 3)")
    parser.add_argument("--output", type=Path, default=None)
    parser.add_argument("--report", action="store_true", help="print the last results as Markdown and stop")
    args = parser.parse_args(argv)
    if args.report:
        path = args.output or BOOK_ROOT / "_build" / "benchmark.json"
        print(markdown_report(json.loads(path.read_text(encoding="utf-8"))))
        return 0
    run(args.runs, args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
