"""The version and citation details agree wherever they are stated."""
from __future__ import annotations

import re
import tomllib

from tests.conftest import BOOK


def test_version_is_the_same_everywhere():
    version = tomllib.loads((BOOK / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    citation = re.search(r"^version: (\S+)", (BOOK / "CITATION.cff").read_text(encoding="utf-8"), re.M).group(1)
    assert citation == version
    intro = (BOOK / "chapters" / "intro.md").read_text(encoding="utf-8")
    assert f"version {version}" in intro
    assert f"## {version} " in (BOOK / "chapters" / "changelog.md").read_text(encoding="utf-8")
