"""The data contract: the package validates, and bad input fails with file, row and column."""
from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from rnkbook.validate import check_package, validate_package, DataValidationError


def read_rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(path, row, column, value):
    """Set data row `row` (1 = first under the header) of `column` to `value`."""
    rows = read_rows(path)
    rows[row][rows[0].index(column)] = value
    write_rows(path, rows)


def descriptor(data):
    return json.loads((data / "datapackage.json").read_text(encoding="utf-8"))


def dataset_with(data, *columns):
    """The first dataset (other than the registry) whose schema has all these columns."""
    for res in descriptor(data)["resources"]:
        names = [f["name"] for f in res["schema"]["fields"]]
        if res["name"] != "sources" and all(c in names for c in columns):
            return data / res["path"], res
    pytest.skip(f"no dataset has columns {columns}")


def field(res, name):
    return next(f for f in res["schema"]["fields"] if f["name"] == name)


def assert_located(data, file_name, row, column, *words):
    """Validation fails with one message naming the file, the row and the column."""
    problems = validate_package(data)
    assert problems, "expected the package to be invalid"
    text = str(DataValidationError(problems))
    matching = [str(p) for p in problems if p.file.endswith(file_name)]
    assert matching, f"no problem names {file_name}:\n{text}"
    hit = [m for m in matching if (row is None or f"row {row} " in m or f"row {row}," in m)
           and (column is None or f"column '{column}'" in m or (column in m))]
    assert hit, f"no problem names row {row} and column {column} of {file_name}:\n{text}"
    for word in words:
        assert any(word in m for m in hit), f"{word!r} not in {hit}"


def test_the_package_is_valid():
    problems = validate_package()
    assert not problems, "\n".join(map(str, problems))


def test_every_dataset_points_into_the_source_registry(data_copy):
    for res in descriptor(data_copy)["resources"]:
        if res["name"] == "sources":
            continue
        fks = res["schema"].get("foreignKeys", [])
        assert any(fk["reference"]["resource"] == "sources" for fk in fks), res["name"]


def test_every_field_is_described(data_copy):
    for res in descriptor(data_copy)["resources"]:
        assert res.get("title") and res.get("description"), res["name"]
        for f in res["schema"]["fields"]:
            assert f.get("description"), f"{res['name']}.{f['name']} has no description"


def test_missing_file(data_copy):
    (data_copy / "events.csv").unlink()
    assert_located(data_copy, "events.csv", None, None, "missing")
    assert "row n/a" in str(validate_package(data_copy)[0]) and "column n/a" in str(validate_package(data_copy)[0])


def test_empty_file(data_copy):
    (data_copy / "events.csv").write_bytes(b"")
    assert_located(data_copy, "events.csv", 0, "event_id", "empty")


def test_missing_column(data_copy):
    rows = read_rows(data_copy / "events.csv")
    index = rows[0].index("category")
    write_rows(data_copy / "events.csv", [r[:index] + r[index + 1:] for r in rows])
    assert_located(data_copy, "events.csv", 0, "category", "missing")


def test_wrong_type(data_copy):
    path, res = dataset_with(data_copy, "central")
    kind = field(res, "central")["type"]
    set_cell(path, 2, "central", "about ten")
    assert_located(data_copy, path.name, 2, "central", "type")
    assert kind in ("number", "integer")


def test_unparseable_date(data_copy):
    set_cell(data_copy / "events.csv", 3, "date", "2024-02-30")
    assert_located(data_copy, "events.csv", 3, "date", "type")


def test_negative_count(data_copy):
    path, res = dataset_with(data_copy, "central")
    set_cell(path, 1, "central", "-5")
    assert_located(data_copy, path.name, 1, "central", "minimum")


def test_low_above_high(data_copy):
    path, res = dataset_with(data_copy, "low", "high")
    set_cell(path, 1, "low", "900000000")
    set_cell(path, 1, "high", "10")
    assert_located(data_copy, path.name, 1, "low", "greater than")


def test_source_not_in_registry(data_copy):
    set_cell(data_copy / "events.csv", 2, "source_id", "nobody-2099-01-01-made-up")
    assert_located(data_copy, "events.csv", 2, "source_id", "foreign")


def test_removing_a_used_source_from_the_registry(data_copy):
    used = read_rows(data_copy / "events.csv")[1]
    source_id = used[read_rows(data_copy / "events.csv")[0].index("source_id")]
    rows = read_rows(data_copy / "sources.csv")
    write_rows(data_copy / "sources.csv", [r for r in rows if r[0] != source_id])
    assert_located(data_copy, "events.csv", 1, "source_id", source_id)


def test_duplicate_primary_key(data_copy):
    rows = read_rows(data_copy / "events.csv")
    set_cell(data_copy / "events.csv", 4, "event_id", rows[1][0])
    assert_located(data_copy, "events.csv", 4, "event_id", "primary")


def test_non_utf8_bytes(data_copy):
    path = data_copy / "events.csv"
    raw = path.read_bytes().split(b"\n")
    header = raw[0].decode().split(",")
    raw[5] = raw[5].replace(b",", b",\xff", 1)  # first byte of the second column
    path.write_bytes(b"\n".join(raw))
    assert_located(data_copy, "events.csv", 5, header[1], "UTF-8")


def test_value_outside_allowed_set(data_copy):
    set_cell(data_copy / "events.csv", 2, "category", "gossip")
    assert_located(data_copy, "events.csv", 2, "category", "enum")


def test_blank_source_url(data_copy):
    set_cell(data_copy / "sources.csv", 3, "url", "")
    set_cell(data_copy / "sources.csv", 3, "notes", "")
    assert_located(data_copy, "sources.csv", 3, "url", "required")


def test_check_package_raises_with_every_problem(data_copy):
    set_cell(data_copy / "events.csv", 1, "category", "gossip")
    set_cell(data_copy / "sources.csv", 1, "title", "")
    with pytest.raises(DataValidationError) as caught:
        check_package(data_copy)
    assert len(caught.value.problems) >= 2


def test_command_line_exit_codes(data_copy):
    ok = subprocess.run([sys.executable, "-m", "rnkbook.tooling.check", str(data_copy)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    set_cell(data_copy / "events.csv", 1, "date", "yesterday")
    bad = subprocess.run([sys.executable, "-m", "rnkbook.tooling.check", str(data_copy)], capture_output=True, text=True)
    assert bad.returncode == 1
    assert "events.csv" in bad.stderr and "row 1" in bad.stderr and "column 'date'" in bad.stderr


# --- sources a specialist trusts, and dates that can be true (issues 12 and 17) -------------------

def test_a_source_on_the_never_cite_list_is_rejected(data_copy):
    set_cell(data_copy / "sources.csv", 2, "url", "https://fr.news-pravda.com/world/2024/10/31/123.html")
    assert_located(data_copy, "sources.csv", 2, "url", "never-cite")


def test_no_registry_entry_is_on_the_never_cite_list():
    problems = [p for p in validate_package() if "never-cite" in str(p)]
    assert not problems, problems


def test_a_date_in_the_future_is_rejected(data_copy):
    path, res = dataset_with(data_copy, "as_of", "estimator")
    set_cell(path, 1, "as_of", "2031-01-01")
    assert_located(data_copy, path.name, 1, "as_of", "after the day of validation")


def test_an_event_date_in_the_future_is_rejected(data_copy):
    set_cell(data_copy / "events.csv", 1, "date", "2031-06-01")
    assert_located(data_copy, "events.csv", 1, "date", "after the day of validation")


def test_a_source_published_after_it_was_read_is_rejected(data_copy):
    rows = read_rows(data_copy / "sources.csv")
    header = rows[0]
    row = next(i for i, r in enumerate(rows[1:], 1) if r[header.index("published")])
    set_cell(data_copy / "sources.csv", row, "published", "2026-11-30")
    set_cell(data_copy / "sources.csv", row, "accessed", "2026-11-01")
    assert_located(data_copy, "sources.csv", row, "published", "accessed")


def test_an_estimate_dated_after_its_source_is_rejected(data_copy):
    """An estimate cannot be made public after the copy that reports it (a repost may be later)."""
    path = data_copy / "troop_deployments.csv"
    rows = read_rows(path)
    header = rows[0]
    sources = {r[0]: r for r in read_rows(data_copy / "sources.csv")[1:]}
    src_header = read_rows(data_copy / "sources.csv")[0]
    for i, r in enumerate(rows[1:], 1):
        s = sources[r[header.index("source_id")]]
        if s[src_header.index("published")] and s[src_header.index("published_precision")] in ("", "day"):
            set_cell(path, i, "as_of", "2026-03-01")
            assert_located(data_copy, "troop_deployments.csv", i, "as_of", "after")
            return
    pytest.fail("no deployment row with a day-dated source")


def test_a_byte_order_mark_is_one_clear_message(data_copy):
    path = data_copy / "events.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    problems = [str(p) for p in validate_package(data_copy) if p.file.endswith("events.csv")]
    assert len(problems) == 1 and "byte-order mark" in problems[0], problems


def _write_descriptor(data, package):
    (data / "datapackage.json").write_text(json.dumps(package, indent=1), encoding="utf-8")


def test_a_coded_value_without_a_reader_label_is_rejected(data_copy):
    package = descriptor(data_copy)
    actor = field(next(r for r in package["resources"] if r["name"] == "statements"), "actor")
    actor["categories"] = [c for c in actor["categories"] if c["value"] != "north-korea"]
    _write_descriptor(data_copy, package)
    assert_located(data_copy, "datapackage.json", None, "actor", "'north-korea' has no label")


def test_one_code_keeps_one_label_across_the_package(data_copy):
    package = descriptor(data_copy)
    country = field(next(r for r in package["resources"] if r["name"] == "polls"), "country")
    country["categories"][0]["label"] = "S. Korea"
    _write_descriptor(data_copy, package)
    assert_located(data_copy, "datapackage.json", None, "country", "'S. Korea'", "statements.actor")


def test_tables_print_codes_through_their_labels():
    from rnkbook.tables import format_cell

    assert format_cell("in-kursk", "code") == "in Kursk"
    assert format_cell("hwasong-19-icbm", "code") == "Hwasong-19 ICBM"
    with pytest.raises(KeyError, match="no reader label"):
        format_cell("not-a-code", "code")
