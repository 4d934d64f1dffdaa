"""Bundle a release: the HTML site, the PDF and the data package, with checksums.

    python -m rnkbook.tooling.release [--out dist]      (after `make book` and `make pdf`)

Writes dist/rnk-book-<version>.tar.gz, its .sha256, and a JSON manifest (version,
commit, build date, file count, size). The archive is reproducible: members are
sorted and their times are set to the commit's time.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tomllib
from datetime import datetime, timezone
from pathlib import Path

from .build import PDF_NAME
from ..paths import BOOK_ROOT


def version(book: Path = BOOK_ROOT) -> str:
    return tomllib.loads((book / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def git(book: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(book), *args], capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else ""


def bundle_members(book: Path, site: Path) -> list[tuple[Path, str]]:
    """(file on disk, name in the archive) for the site, the PDF and the data package."""
    members = [(p, f"html/{p.relative_to(site).as_posix()}") for p in sorted(site.rglob("*")) if p.is_file()]
    pdf = site / PDF_NAME
    if pdf.exists():
        members.append((pdf, PDF_NAME))
    data = book / "data"
    members += [(p, f"data/{p.name}") for p in sorted(data.iterdir()) if p.is_file()]
    for extra in ("CITATION.cff", "LICENSE", "README.md"):
        if (book / extra).exists():
            members.append((book / extra, extra))
    return members


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def make_release(book: Path = BOOK_ROOT, site: Path | None = None, out: Path | None = None,
                 require_pdf: bool = True) -> Path:
    site = site or book / "_build" / "html"
    out = out or book / "dist"
    if not (site / "index.html").exists():
        raise FileNotFoundError(f"no built site at {site}: run `make book` first")
    if require_pdf and not (site / PDF_NAME).exists():
        raise FileNotFoundError(f"no {PDF_NAME} in {site}: run `make pdf` first")
    out.mkdir(parents=True, exist_ok=True)
    name = f"rnk-book-{version(book)}"
    commit = git(book, "rev-parse", "HEAD") or "unknown"
    stamp = int(git(book, "log", "-1", "--format=%ct") or 0)
    members = bundle_members(book, site)

    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path, arcname in members:
            info = tar.gettarinfo(str(path), arcname=f"{name}/{arcname}")
            info.mtime, info.uid, info.gid, info.uname, info.gname = stamp, 0, 0, "", ""
            with path.open("rb") as handle:
                tar.addfile(info, handle)
    archive = out / f"{name}.tar.gz"
    with archive.open("wb") as handle, gzip.GzipFile(fileobj=handle, mode="wb", mtime=stamp) as gz:
        gz.write(raw.getvalue())

    checksum = sha256(archive)
    (out / f"{name}.tar.gz.sha256").write_text(f"{checksum}  {archive.name}\n", encoding="utf-8")
    manifest = {
        "name": name,
        "version": version(book),
        "commit": commit,
        "build_date": datetime.fromtimestamp(stamp, tz=timezone.utc).isoformat(),
        "file_count": len(members),
        "size_bytes": archive.stat().st_size,
        "uncompressed_bytes": sum(p.stat().st_size for p, _ in members),
        "sha256": checksum,
        "includes_pdf": any(arc == PDF_NAME for _, arc in members),
    }
    (out / f"{name}.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return archive


def verify(archive: Path) -> bool:
    """True if the archive matches its .sha256 file."""
    expected = archive.with_name(archive.name + ".sha256").read_text(encoding="utf-8").split()[0]
    return sha256(archive) == expected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=BOOK_ROOT / "dist")
    args = parser.parse_args(argv)
    try:
        archive = make_release(out=args.out)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"wrote {archive} (sha256 verified: {verify(archive)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
