"""Validate the data package and report every problem by file, row and column.

Frictionless checks the schema (types, required fields, allowed values,
min/max, primary and foreign keys). Before it runs, a few checks catch the
failures it reports badly (a missing or empty file, bytes that are not UTF-8,
a wrong header), because after those its messages no longer point at the real
cell. After it, the checks a Table Schema cannot express: low <= central <= high
and start <= end.

Run it from the shell with ``python -m rnkbook.check [DATA_DIR]``.
"""
from __future__ import annotations

import csv
import io
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .paths import data_dir as default_data_dir
from .paths import display_path

DESCRIPTOR = "datapackage.json"

# Estimate triplets: a column family whose values must be ordered.
RANGE_SUFFIXES = ("low", "central", "high")
# Date pairs that must not run backwards.
DATE_PAIRS = (("start_date", "end_date"), ("period_start", "period_end"), ("window_start", "as_of"))


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located as precisely as it can be."""

    file: str
    row: int | None  # data row, 1 = first row under the header; 0 = the header
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is None:
            row = "row n/a (whole file)"
        elif self.row == 0:
            row = "row 0 (header, line 1)"
        else:
            row = f"row {self.row} (line {self.row + 1})"
        column = f"column '{self.column}'" if self.column else "column n/a (whole row)"
        return f"{self.file}: {row}, {column}: {self.message}"


class DataValidationError(ValueError):
    """Raised when the data package is invalid; its text lists every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = [f"The data package is invalid ({len(problems)} problem(s)):"]
        lines += [f"  - {p}" for p in problems]
        super().__init__("\n".join(lines))


def read_descriptor(folder: Path) -> tuple[dict | None, list[Problem]]:
    """Parse datapackage.json, or say where its JSON breaks."""
    path = folder / DESCRIPTOR
    shown = display_path(path)
    if not path.exists():
        return None, [Problem(shown, None, None, "the data-package descriptor is missing")]
    try:
        return json.loads(path.read_text(encoding="utf-8")), []
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        return None, [Problem(shown, line, None, f"not valid JSON: {exc}")]


def _first_bad_utf8(raw: bytes) -> tuple[int, int] | None:
    """(data row, 0-based column index) of the first byte that is not UTF-8."""
    try:
        raw.decode("utf-8")
        return None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", errors="replace")
        lines = before.split("\n")
        row = len(lines) - 1  # line 1 is the header, so line n is data row n - 1
        column = next(csv.reader([lines[-1]]), [""]).__len__() - 1 if lines[-1] else 0
        return row, max(column, 0)


def check_file_shape(folder: Path, resource: dict) -> list[Problem]:
    """Existence, emptiness, encoding and the header, checked before frictionless."""
    path = folder / resource["path"]
    shown = display_path(path)
    fields = [f["name"] for f in resource["schema"]["fields"]]
    if not path.exists():
        return [Problem(shown, None, None, f"file is missing (dataset '{resource['name']}')")]
    raw = path.read_bytes()
    if not raw.strip():
        return [Problem(shown, 0, ", ".join(fields), "file is empty: expected a header row with these columns")]
    bad = _first_bad_utf8(raw)
    if bad:
        row, index = bad
        header = next(csv.reader(io.StringIO(raw.decode("utf-8", errors="replace"))))
        column = header[index] if index < len(header) else f"#{index + 1}"
        return [Problem(shown, row, column, "bytes that are not UTF-8; save the file as UTF-8")]
    header = next(csv.reader(io.StringIO(raw.decode("utf-8"))))
    problems = [Problem(shown, 0, name, "required column is missing") for name in fields if name not in header]
    problems += [Problem(shown, 0, name, "column is not in the schema") for name in header if name not in fields]
    if not problems and header != fields:
        problems.append(Problem(shown, 0, None, f"columns are out of order; expected {fields}"))
    return problems


def _frictionless_problems(folder: Path, descriptor: dict, healthy: set[str]) -> list[Problem]:
    """Run frictionless on the resources whose files are readable."""
    import frictionless  # imported here: it is slow to import and only needed here

    paths = {r["name"]: display_path(folder / r["path"]) for r in descriptor["resources"]}
    primary_keys = {r["name"]: r["schema"].get("primaryKey", []) for r in descriptor["resources"]}
    subset = dict(descriptor)
    subset["resources"] = [r for r in descriptor["resources"] if r["name"] in healthy]
    # A foreign key into a broken resource would only repeat that resource's problem.
    for resource in subset["resources"]:
        keys = resource["schema"].get("foreignKeys", [])
        resource["schema"] = dict(resource["schema"], foreignKeys=[
            k for k in keys if k["reference"].get("resource", resource["name"]) in healthy or not k["reference"].get("resource")
        ])
    package = frictionless.Package(subset, basepath=str(folder))
    report = package.validate()
    problems = []
    for task in report.tasks:
        for error in task.errors:
            err = error.to_descriptor()
            row = err.get("rowNumber")
            column = err.get("fieldName") or ", ".join(err.get("fieldNames", [])) or None
            if err["type"] == "primary-key":
                column = ", ".join(primary_keys.get(task.name, [])) or None
            cell = err.get("cell")
            detail = err.get("note") or err.get("message")
            # frictionless counts the header as row 1; say which data row is meant
            detail = re.sub(r"row at position \"?(\d+)\"?", lambda m: f"data row {int(m.group(1)) - 1}", detail)
            text = f"{err['title'].lower()}: {detail}"
            if cell is not None:
                text = f"value {cell!r}: {text}"
            problems.append(Problem(paths.get(task.name, task.name), row - 1 if row else None, column, text))
    for error in report.errors:  # package-level (descriptor) errors
        problems.append(Problem(display_path(folder / DESCRIPTOR), None, None, error.message))
    return problems


def _number(text: str) -> float | None:
    try:
        return float(text) if text.strip() else None
    except ValueError:
        return None  # frictionless has already reported the bad type


def check_row_logic(folder: Path, resource: dict) -> list[Problem]:
    """Cross-field rules: estimate ranges in order, date pairs not reversed."""
    path = folder / resource["path"]
    shown = display_path(path)
    fields = [f["name"] for f in resource["schema"]["fields"]]
    families = {}
    for name in fields:
        for suffix in RANGE_SUFFIXES:
            if name == suffix or name.endswith("_" + suffix):
                families.setdefault(name[: -len(suffix)], {})[suffix] = name
    pairs = [(a, b) for a, b in DATE_PAIRS if a in fields and b in fields]
    problems = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=1):
            for columns in families.values():
                values = {s: _number(row.get(c, "")) for s, c in columns.items()}
                present = [(s, v) for s, v in ((s, values.get(s)) for s in RANGE_SUFFIXES) if v is not None]
                for (s1, v1), (s2, v2) in zip(present, present[1:]):
                    if v1 > v2:
                        problems.append(Problem(shown, number, columns[s1],
                                                f"{s1} ({v1:g}) is greater than {s2} ({v2:g}) in '{columns[s2]}'"))
            if "published" in row and "notes" in row and not row["published"] and not row["notes"].strip():
                problems.append(Problem(shown, number, "published",
                                        "publication date is empty: say why in 'notes' (never invent one)"))
            for start, end in pairs:
                if row.get(start) and row.get(end) and row[start] > row[end]:
                    problems.append(Problem(shown, number, start, f"{start} {row[start]} is after {end} {row[end]}"))
    return problems


def validate_package(folder: Path | None = None) -> list[Problem]:
    """Every problem in the data package in `folder` (default: the book's data/)."""
    folder = Path(folder) if folder else default_data_dir()
    descriptor, problems = read_descriptor(folder)
    if descriptor is None:
        return problems
    healthy = set()
    for resource in descriptor.get("resources", []):
        shape = check_file_shape(folder, resource)
        problems += shape
        if not shape:
            healthy.add(resource["name"])
    problems += _frictionless_problems(folder, descriptor, healthy)
    for resource in descriptor["resources"]:
        if resource["name"] in healthy:
            problems += check_row_logic(folder, resource)
    return problems


def check_package(folder: Path | None = None) -> None:
    """Raise DataValidationError naming every problem, or return quietly."""
    problems = validate_package(folder)
    if problems:
        raise DataValidationError(problems)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(argv[0]) if argv else default_data_dir()
    problems = validate_package(folder)
    if problems:
        print(DataValidationError(problems), file=sys.stderr)
        return 1
    print(f"data package valid: {display_path(folder / DESCRIPTOR)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
