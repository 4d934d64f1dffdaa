"""Load datasets from the validated data package as typed pandas DataFrames."""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .paths import data_dir, record_read
from . import validate as validate_module
from .validate import DESCRIPTOR, check_package

# Table Schema type -> pandas dtype. Dates become datetime64; integers keep
# missing values as <NA> rather than turning into floats.
PANDAS_TYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
    "year": "Int64",
}


# Datasets loaded in this kernel, in order: a chapter lists them as downloads.
LOADED: dict[str, None] = {}


def _fingerprint(folder: Path) -> str:
    """A digest of every data file and of the validator: equal digests, identical inputs."""
    digest = hashlib.sha256(Path(validate_module.__file__).read_bytes())
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _stamp(folder: Path, fingerprint: str) -> Path:
    return folder.parent / "_build" / ".validated" / fingerprint


def validate_once(folder: Path) -> None:
    """Validate the package in `folder` unless these exact bytes already passed."""
    _validated_descriptor(folder, _fingerprint(folder))


@lru_cache(maxsize=4)
def _validated_descriptor(folder: Path, fingerprint: str) -> dict:
    # Validation is the slow part of loading (about a second): once these exact bytes have
    # passed, a stamp named by their digest lets other notebooks skip it. Any change to
    # any data file or to the validator gives a new digest, so a stamp can never vouch
    # for data it did not see.
    stamp = _stamp(folder, fingerprint)
    if not stamp.exists():
        check_package(folder)
        try:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.touch()
        except OSError:
            pass  # a read-only checkout just validates every time
    return json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))


def descriptor() -> dict:
    """The data package descriptor, after the whole package has validated."""
    folder = data_dir()
    record_read(folder / DESCRIPTOR)
    return _validated_descriptor(folder, _fingerprint(folder))


@lru_cache(maxsize=4)
def _labels(folder: Path) -> dict[str, str]:
    return {c["value"]: c["label"] for r in descriptor()["resources"] for f in r["schema"]["fields"]
            for c in f.get("categories", [])}


def code_label(code: str) -> str:
    """How a reader sees a coded value: its label from the descriptor's `categories`.

    The validator has checked that one code has one label across the package.
    """
    labels = _labels(data_dir())  # per data folder: tables call this for every coded cell
    if code not in labels:
        raise KeyError(f"coded value {code!r} has no reader label: give its field 'categories' "
                       f"in {DESCRIPTOR}")
    return labels[code]


def resource(name: str) -> dict:
    """The descriptor entry of one dataset."""
    for entry in descriptor()["resources"]:
        if entry["name"] == name:
            return entry
    known = ", ".join(r["name"] for r in descriptor()["resources"])
    raise KeyError(f"no dataset named {name!r} in {DESCRIPTOR}; known: {known}")


def _typed(frame: pd.DataFrame, fields: list[dict]) -> pd.DataFrame:
    for field in fields:
        name, kind = field["name"], field.get("type", "string")
        column = frame[name].replace("", pd.NA)
        if kind == "date":
            frame[name] = pd.to_datetime(column, format="%Y-%m-%d")
        elif kind == "boolean":
            frame[name] = column.map({"true": True, "false": False}, na_action="ignore").astype("boolean")
        elif kind in ("integer", "number", "year"):
            frame[name] = pd.to_numeric(column).astype(PANDAS_TYPES[kind])
        else:
            frame[name] = column.astype("string")
    return frame


def load(name: str) -> pd.DataFrame:
    """One dataset by name, validated with the rest of the package, typed by its schema."""
    entry = resource(name)
    LOADED.setdefault(name, None)
    path = data_dir() / entry["path"]
    record_read(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return _typed(raw, entry["schema"]["fields"])


def downloads(notebook: str | None = None, depth: str = "../"):
    """Download links for the datasets this notebook loaded, the registry, and the notebook itself."""
    from IPython.display import Markdown

    names = [n for n in LOADED if n != "sources"] + ["sources"]
    links = [f"{{download}}`{resource(n)['path']} <{depth}data/{resource(n)['path']}>`" for n in names]
    package = f"{{download}}`datapackage.json <{depth}data/datapackage.json>`"
    text = ("**Data behind this chapter** (CSV, described in the {doc}`data appendix <data>`): "
            + ", ".join(links) + f"; schema: {package}.")
    if notebook:
        text += (f" **This chapter as a notebook:** {{download}}`{notebook} <{notebook}>`, to re-run in "
                 "JupyterLab (`make lab`; see the {doc}`methods <methods>` appendix).")
    return Markdown(text)
