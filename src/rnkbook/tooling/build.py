"""Build the book strictly and fast, never publishing a stale number or a half-built site.

    python -m rnkbook.tooling.build [--builder html|pdflatex] [--book DIR] [--out DIR] [--jobs N] [--clean] [--force]

1. Validate the data package; stop with file/row/column messages if it is bad.
2. Re-execute, in parallel, exactly the notebooks whose code, data, reused values,
   helper code or environment changed since the fingerprint committed with their stored
   outputs (rnkbook.tooling.execute); their stored outputs are refreshed in place. A fresh
   clone whose committed outputs are current executes nothing.
3. Every page that shows a value glued in a re-executed notebook is re-rendered with it,
   so no page keeps an old number (the Sphinx extension's `glue_sources_changed`, which also
   covers a notebook run outside the build).
4. Render with jupyter-book (warnings are errors: -W -n --keep-going), with its own
   execution off, since the outputs are already fresh. Sphinx re-reads only what changed.
5. On any failure, keep the tracebacks outside the site and delete the site, so nothing
   half-built can be published.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .execute import digest, file_digest, refresh
from ..paths import BOOK_ROOT
from ..data import validate_once
from ..validate import DataValidationError

PDF_NAME = "rnk-book.pdf"


def jupyter_book_command(book: Path, out: Path, builder: str, config: Path) -> list[str]:
    exe = Path(sys.executable).with_name("jupyter-book")
    return [str(exe), "build", str(book), "--path-output", str(out), "--builder", builder,
            "-W", "-n", "--keep-going", "--config", str(config)]


def render_config(book: Path, out: Path, builder: str) -> Path:
    """The book's config for rendering: execution off (outputs are fresh), and for print,
    code source removed (in HTML the code is folded away; print has no fold)."""
    config = yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("execute", {})["execute_notebooks"] = "off"
    if builder != "html":
        config.setdefault("sphinx", {}).setdefault("config", {})["nb_remove_code_source"] = True
    path = out / "_build" / f"_config.{builder}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:  # unchanged file: Sphinx stays incremental
        path.write_text(text, encoding="utf-8")
    return path


SITE_INPUTS = ("_config.yml", "_toc.yml", "references.bib", "requirements.txt", "chapters", "data", "assets", "src/rnkbook")


def fingerprint(book: Path, inputs: tuple[str, ...]) -> str:
    """A digest of every file under `inputs`: equal fingerprints mean identical inputs."""
    entries = []
    for name in inputs:
        root = book / name
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
        for path in files:
            if "__pycache__" in path.parts or ".ipynb_checkpoints" in path.parts:
                continue
            entries.append(f"{path.relative_to(book).as_posix()}:{file_digest(path)}")
    return digest("\n".join(entries))


def up_to_date(marker: Path, value: str) -> bool:
    return marker.exists() and marker.read_text(encoding="utf-8") == value


def quarantine_failed_build(out: Path) -> Path | None:
    """Keep tracebacks for the author, outside the site; remove the site itself."""
    build = out / "_build"
    reports = build / "html" / "reports"
    kept = None
    if reports.exists():
        kept = build / "failed-reports"
        shutil.rmtree(kept, ignore_errors=True)
        shutil.move(str(reports), str(kept))
    for site in ("html", "latex", ".doctrees"):
        shutil.rmtree(build / site, ignore_errors=True)
    return kept


def publish_pdf(build_dir: Path) -> None:
    """Put the PDF beside the site's index so the site's link to it works."""
    pdf = build_dir / "latex" / PDF_NAME
    site = build_dir / "html"
    if pdf.exists() and site.exists():
        shutil.copy2(pdf, site / PDF_NAME)


def fail(out: Path, message: str) -> int:
    kept = quarantine_failed_build(out)
    print(f"\nBuild FAILED: {message}; the site was removed so nothing half-built is published.", file=sys.stderr)
    if kept:
        print(f"Notebook tracebacks: {kept}", file=sys.stderr)
    return 1


def build(book: Path = BOOK_ROOT, out: Path | None = None, builder: str = "html",
          jobs: int = 2, clean: bool = False, force: bool = False) -> int:
    book = Path(book).resolve()
    out = Path(out or book).resolve()
    data = book / "data"
    build_dir = out / "_build"
    if clean:
        for stale in ("html", "latex", ".doctrees", ".exec", "jupyter_execute"):
            shutil.rmtree(build_dir / stale, ignore_errors=True)
    shutil.rmtree(build_dir / "failed-reports", ignore_errors=True)
    markers = build_dir / ".exec"
    markers.mkdir(parents=True, exist_ok=True)

    # Validation runs whenever the data or the validator changed since they last passed.
    try:
        validate_once(data)
    except DataValidationError as exc:
        print(exc, file=sys.stderr)
        print("Build stopped before any notebook ran: fix the data above.", file=sys.stderr)
        return 2

    os.environ["RNKBOOK_DATA_DIR"] = str(data)
    os.environ["RNKBOOK_BOOK_DIR"] = str(book)
    outcomes = refresh(book, jobs=jobs, force=force)
    failed = [o for o in outcomes if o.error]
    for outcome in failed:
        print(f"\n{outcome.notebook} failed:\n{outcome.error}", file=sys.stderr)
    if failed:
        return fail(out, f"{len(failed)} notebook(s) raised an error")
    (markers / "last-executed.json").write_text(
        json.dumps({o.notebook: round(o.seconds, 2) for o in outcomes}, indent=1), encoding="utf-8")

    where = build_dir / ("html/index.html" if builder == "html" else f"latex/{PDF_NAME}")
    # Nothing the site is made from changed since the last good build: Sphinx would do nothing.
    # Whether the PDF exists is an input of the site too: the introduction links to it only then.
    site = fingerprint(book, SITE_INPUTS) + ("+pdf" if builder == "html" and (build_dir / "latex" / PDF_NAME).exists() else "")
    rendered = markers / f"rendered-{builder}"
    if not outcomes and where.exists() and up_to_date(rendered, site):
        print(f"Up to date: {where}")
        return 0
    rendered.unlink(missing_ok=True)
    config = render_config(book, out, builder)
    result = subprocess.run(jupyter_book_command(book, out, builder, config), env=dict(os.environ))
    if result.returncode != 0:
        return fail(out, f"jupyter-book exited with {result.returncode}")
    rendered.write_text(site, encoding="utf-8")
    if builder == "pdflatex" and (build_dir / "html" / "index.html").exists():
        # The site links to the PDF only when it exists: re-render the pages that say so.
        publish_pdf(build_dir)
        status = build(book, out, "html", jobs=jobs)
        publish_pdf(build_dir)
        if status != 0:
            return status
    print(f"\nBuild succeeded: {where}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--builder", default="html", choices=["html", "pdflatex", "latex"])
    parser.add_argument("--book", type=Path, default=BOOK_ROOT, help="book folder (default: this book)")
    parser.add_argument("--out", type=Path, default=None, help="where _build/ goes (default: the book folder)")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks executed at once (default: 2)")
    parser.add_argument("--clean", action="store_true", help="forget previous builds first (render from scratch)")
    parser.add_argument("--force", action="store_true", help="re-execute every notebook, even those that are current")
    args = parser.parse_args(argv)
    return build(args.book, args.out, args.builder, args.jobs, args.clean, args.force)


if __name__ == "__main__":
    raise SystemExit(main())
