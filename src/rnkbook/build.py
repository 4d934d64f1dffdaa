"""Build the book strictly, from clean, and never leave a half-built site behind.

    python -m rnkbook.build [--builder html|pdflatex] [--book DIR] [--out DIR]

1. Validate the data package; stop with file/row/column messages if it is bad.
2. Delete the previous build, so no page keeps a number from older data.
3. Run jupyter-book with warnings as errors (-W -n --keep-going); every
   notebook is executed (execute_notebooks: force, raise_on_error: true).
4. On failure, move the execution reports (tracebacks) out of the site and
   delete the site, so nothing half-built can be published.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .paths import BOOK_ROOT
from .validate import DataValidationError, check_package


def jupyter_book_command(book: Path, out: Path, builder: str, config: Path | None = None) -> list[str]:
    exe = Path(sys.executable).with_name("jupyter-book")
    command = [str(exe), "build", str(book), "--path-output", str(out), "--builder", builder,
               "-W", "-n", "--keep-going"]
    return command + (["--config", str(config)] if config else [])


def print_config(book: Path, out: Path) -> Path:
    """The book's config with code cells' source removed: the PDF shows results, not code.

    In HTML the code is folded away (hide-input) and the reader can unfold it;
    print has no fold, so the PDF leaves the source out entirely.
    """
    config = yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("sphinx", {}).setdefault("config", {})["nb_remove_code_source"] = True
    path = out / "_build" / "_config.print.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def quarantine_failed_build(out: Path) -> Path | None:
    """Keep tracebacks for the author, outside the site; remove the site itself."""
    build = out / "_build"
    reports = build / "html" / "reports"
    kept = None
    if reports.exists():
        kept = build / "failed-reports"
        shutil.rmtree(kept, ignore_errors=True)
        shutil.move(str(reports), str(kept))
    for site in ("html", "latex"):
        shutil.rmtree(build / site, ignore_errors=True)
    return kept


PDF_NAME = "rnk-book.pdf"


def publish_pdf(build_dir: Path) -> None:
    """Put the PDF beside the site's index so the site's link to it works."""
    pdf = build_dir / "latex" / PDF_NAME
    site = build_dir / "html"
    if pdf.exists() and site.exists():
        shutil.copy2(pdf, site / PDF_NAME)


def build(book: Path = BOOK_ROOT, out: Path | None = None, builder: str = "html") -> int:
    out = Path(out or book)
    data = book / "data"
    try:
        check_package(data)
    except DataValidationError as exc:
        print(exc, file=sys.stderr)
        print("Build stopped before any notebook ran: fix the data above.", file=sys.stderr)
        return 2
    build_dir = out / "_build"
    # Start clean so no page keeps a number from older data. An HTML build keeps
    # an existing PDF out of the new site (it may be stale); `make pdf` adds it.
    target = "html" if builder == "html" else "latex"
    for stale in (target, "jupyter_execute", ".doctrees", "failed-reports"):
        shutil.rmtree(build_dir / stale, ignore_errors=True)
    env = dict(os.environ, RNKBOOK_DATA_DIR=str(data.resolve()))
    config = print_config(book, out) if builder in ("pdflatex", "latex") else None
    result = subprocess.run(jupyter_book_command(book, out, builder, config), env=env)
    if result.returncode != 0:
        kept = quarantine_failed_build(out)
        print(f"\nBuild FAILED (exit {result.returncode}); the site was removed so nothing half-built is published.",
              file=sys.stderr)
        if kept:
            print(f"Notebook tracebacks: {kept}", file=sys.stderr)
        return 1
    if builder == "pdflatex":
        publish_pdf(build_dir)
    where = build_dir / ("html/index.html" if builder == "html" else "latex" / Path(PDF_NAME))
    print(f"\nBuild succeeded: {where}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--builder", default="html", choices=["html", "pdflatex", "latex"])
    parser.add_argument("--book", type=Path, default=BOOK_ROOT, help="book folder (default: this book)")
    parser.add_argument("--out", type=Path, default=None, help="where _build/ goes (default: the book folder)")
    args = parser.parse_args(argv)
    return build(args.book.resolve(), args.out, args.builder)


if __name__ == "__main__":
    raise SystemExit(main())
