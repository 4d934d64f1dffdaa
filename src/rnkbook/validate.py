"""Validate the data package and report every problem by file, row and column.

Frictionless checks the schema (types, required fields, allowed values,
min/max, primary and foreign keys). Before it runs, a few checks catch the
failures it reports badly (a missing or empty file, bytes that are not UTF-8,
a wrong header), because after those its messages no longer point at the real
cell. After it, the checks a Table Schema cannot express: low <= central <= high,
start <= end, no date after the day of validation (a forecast's period may run
on), a source not published after it was accessed, an estimate not dated after
the source that reports it, no source on the project's never-cite list
(never_cite.csv), and an estimate's kind that agrees with the bounds it fills.

Run it from the shell with ``python -m rnkbook.tooling.check [DATA_DIR]``.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .paths import data_dir as default_data_dir
from .paths import display_path

DESCRIPTOR = "datapackage.json"
NEVER_CITE = "never_cite.csv"
BOM = b"\xef\xbb\xbf"
# Date fields that may lie after the day of validation: the period a forecast or plan covers.
FUTURE_ALLOWED = {"period_end"}

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
    if raw.startswith(BOM):
        return [Problem(shown, 0, None, "the file starts with a UTF-8 byte-order mark (BOM); "
                        "save it as UTF-8 without BOM")]
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


# What each estimate kind requires of its low/central/high bounds (see rnkbook.estimates).
KIND_NEEDS = {
    "point": ("central",), "about": ("central",), "floor": ("low",), "ceiling": ("high",),
    "capacity": (), "range": ("low", "high"), "plan": (), "forecast": (),
}
KIND_FORBIDS = {"floor": ("high",), "ceiling": ("low",)}


@dataclass(frozen=True)
class Context:
    """What row checks need to know beyond the row: the day, the registry's dates, the ban list."""

    today: dt.date
    source_dates: dict[str, tuple[str, str]]  # source_id -> (published, original_published)
    never_cite: list[dict]


def triplet_families(fields: list[str]) -> dict[str, dict[str, str]]:
    """{'': {'low': 'low', ...}, 'containers_': {...}}: each column family of estimate bounds."""
    families: dict[str, dict[str, str]] = {}
    for name in fields:
        for suffix in RANGE_SUFFIXES:
            if name == suffix or name.endswith("_" + suffix):
                families.setdefault(name[: -len(suffix)], {})[suffix] = name
    return families


def kind_column(prefix: str) -> str:
    """The column that says what kind of estimate a family of bounds is."""
    return f"{prefix}kind" if prefix else "estimate_kind"


def banned(url: str, never_cite: list[dict]) -> dict | None:
    """The never-cite entry a URL matches, if any."""
    host = (urlsplit(url).hostname or "").lower()
    lowered = url.lower()
    for entry in never_cite:
        pattern = entry["pattern"].lower()
        if entry["match"] == "domain" and (host == pattern or host.endswith("." + pattern)):
            return entry
        if entry["match"] == "substring" and pattern in lowered:
            return entry
    return None


def _range_problems(shown, number, row, families) -> list[Problem]:
    problems = []
    for prefix, columns in families.items():
        values = {s: _number(row.get(c, "")) for s, c in columns.items()}
        present = [(s, v) for s, v in ((s, values.get(s)) for s in RANGE_SUFFIXES) if v is not None]
        for (s1, v1), (s2, v2) in zip(present, present[1:]):
            if v1 > v2:
                problems.append(Problem(shown, number, columns[s1],
                                        f"{s1} ({v1:g}) is greater than {s2} ({v2:g}) in '{columns[s2]}'"))
        kind_name = kind_column(prefix)
        if kind_name not in row:
            continue
        kind, filled = row[kind_name].strip(), {s for s, v in values.items() if v is not None}
        if not kind:
            if filled:
                problems.append(Problem(shown, number, kind_name, "an estimate with a value needs its kind "
                                        "(" + ", ".join(KIND_NEEDS) + ")"))
            continue
        if not filled:
            problems.append(Problem(shown, number, kind_name, f"kind '{kind}' but no low, central or high value"))
        for needed in KIND_NEEDS.get(kind, ()):
            if needed not in filled:
                problems.append(Problem(shown, number, columns.get(needed, needed),
                                        f"a '{kind}' estimate needs a {needed} value"))
        for forbidden in KIND_FORBIDS.get(kind, ()):
            if forbidden in filled:
                problems.append(Problem(shown, number, columns.get(forbidden, forbidden),
                                        f"a '{kind}' estimate has no {forbidden} value; use 'range' for two bounds"))
    return problems


def _date_problems(shown, number, row, date_fields, context: Context) -> list[Problem]:
    problems = []
    today = context.today.isoformat()
    for name in date_fields:
        value = row.get(name, "")
        if value and name not in FUTURE_ALLOWED and value > today:
            problems.append(Problem(shown, number, name, f"date {value} is after the day of validation ({today})"))
    if row.get("published") and row.get("accessed") and row["published"] > row["accessed"]:
        problems.append(Problem(shown, number, "published",
                                f"published {row['published']} is after accessed {row['accessed']}"))
    if row.get("original_published") and row.get("published") and row["original_published"] > row["published"]:
        problems.append(Problem(shown, number, "original_published",
                                f"the original ({row['original_published']}) is dated after its copy ({row['published']})"))
    if row.get("as_of") and row.get("source_id"):
        for source_id in (s.strip() for s in row["source_id"].split(";")):
            published, original = context.source_dates.get(source_id, ("", ""))
            earliest = min(d for d in (published, original, "9999") if d)
            if earliest != "9999" and row["as_of"] > earliest:
                problems.append(Problem(shown, number, "as_of",
                                        f"as_of {row['as_of']} is after its source {source_id} was published ({earliest})"))
    return problems


def _registry_problems(shown, number, row, context: Context) -> list[Problem]:
    problems = []
    for column in ("url", "original_url"):
        hit = banned(row.get(column, ""), context.never_cite) if row.get(column) else None
        if hit:
            problems.append(Problem(shown, number, column,
                                    f"{row[column]} is on the never-cite list ({hit['pattern']}: {hit['reason']})"))
    if row.get("tier") == "repost" and not (row.get("originator") or "").strip():
        problems.append(Problem(shown, number, "originator", "a repost must name the authority it copies"))
    if not (row.get("url") or "").strip() and not (row.get("notes") or "").strip():
        problems.append(Problem(shown, number, "url", "a source needs a URL (required), or a note saying why it has none"))
    return problems


def check_row_logic(folder: Path, resource: dict, context: Context) -> list[Problem]:
    """Cross-field rules: ranges in order and their kinds, dates sane, registry entries citable."""
    path = folder / resource["path"]
    shown = display_path(path)
    schema_fields = resource["schema"]["fields"]
    fields = [f["name"] for f in schema_fields]
    date_fields = [f["name"] for f in schema_fields if f.get("type") == "date"]
    families = triplet_families(fields)
    pairs = [(a, b) for a, b in DATE_PAIRS if a in fields and b in fields]
    problems = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=1):
            problems += _range_problems(shown, number, row, families)
            problems += _date_problems(shown, number, row, date_fields, context)
            if resource["name"] == "sources":
                problems += _registry_problems(shown, number, row, context)
            if "published" in row and "notes" in row and not row["published"] and not row["notes"].strip():
                problems.append(Problem(shown, number, "published",
                                        "publication date is empty: say why in 'notes' (never invent one)"))
            for start, end in pairs:
                if row.get(start) and row.get(end) and row[start] > row[end]:
                    problems.append(Problem(shown, number, start, f"{start} {row[start]} is after {end} {row[end]}"))
    return problems


def latest_day(date: str, precision: str) -> str:
    """The last day a date of the given precision can mean: a month date covers the whole month."""
    if not date or precision in ("", "day"):
        return date
    year, month = int(date[:4]), int(date[5:7])
    if precision == "year":
        return f"{year}-12-31"
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).isoformat()


def read_context(folder: Path, descriptor: dict, healthy: set[str], today: dt.date) -> tuple[Context, list[Problem]]:
    """The registry's dates and the never-cite list, for the row checks."""
    problems: list[Problem] = []
    dates: dict[str, tuple[str, str]] = {}
    registry = next((r for r in descriptor["resources"] if r["name"] == "sources"), None)
    if registry and registry["name"] in healthy:
        with (folder / registry["path"]).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                dates[row["source_id"]] = (latest_day(row.get("published", ""), row.get("published_precision", "")),
                                           row.get("original_published", ""))
    never_cite = []
    path = folder / NEVER_CITE
    if not path.exists():
        problems.append(Problem(display_path(path), None, None, "the never-cite list is missing"))
    else:
        with path.open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=1):
                if row.get("match") not in ("domain", "substring") or not row.get("pattern") or not row.get("reason"):
                    problems.append(Problem(display_path(path), number, "match",
                                            "each entry needs a pattern, a match of 'domain' or 'substring', and a reason"))
                    continue
                never_cite.append(row)
    return Context(today, dates, never_cite), problems


def check_labels(descriptor: dict, shown: str = DESCRIPTOR) -> list[Problem]:
    """Coded values' reader labels (`categories`) must match the field's enum one for one.

    Tables print a code through its label, so a code without one, or a label for a code the
    field cannot hold, is a descriptor error.
    """
    problems, seen = [], {}
    for resource in descriptor.get("resources", []):
        for field in resource.get("schema", {}).get("fields", []):
            if "categories" not in field:
                continue
            dataset = f"dataset '{resource['name']}': "
            enum = field.get("constraints", {}).get("enum", [])
            labels = {c.get("value"): c.get("label") for c in field["categories"] if isinstance(c, dict)}
            for value in enum:
                if not isinstance(labels.get(value), str) or not labels[value].strip():
                    problems.append(Problem(shown, None, field["name"], f"{dataset}coded value {value!r} has no label in 'categories'"))
            for value in labels:
                if value not in enum:
                    problems.append(Problem(shown, None, field["name"], f"{dataset}'categories' labels {value!r}, which is not in the field's enum"))
                elif value in seen and seen[value][0] != labels[value]:
                    problems.append(Problem(shown, None, field["name"], f"{dataset}code {value!r} is labelled {labels[value]!r} here "
                                            f"but {seen[value][0]!r} in {seen[value][1]}"))
                else:
                    seen.setdefault(value, (labels[value], f"{resource['name']}.{field['name']}"))
    return problems


def validate_package(folder: Path | None = None, today: dt.date | None = None) -> list[Problem]:
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
    problems += check_labels(descriptor, display_path(folder / DESCRIPTOR))
    context, context_problems = read_context(folder, descriptor, healthy, today or dt.date.today())
    problems += context_problems
    for resource in descriptor["resources"]:
        if resource["name"] in healthy:
            problems += check_row_logic(folder, resource, context)
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
