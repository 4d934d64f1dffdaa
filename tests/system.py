"""Tests that need system packages skip with a reason naming the package to install.

In CI (.ci/run sets RNKBOOK_REQUIRE_SYSTEM_TESTS=1) a missing package fails instead,
so nothing is silently skipped there.
"""
from __future__ import annotations

import os
import shutil

import pytest

REQUIRED = os.environ.get("RNKBOOK_REQUIRE_SYSTEM_TESTS") == "1"


def require(command: str, package: str) -> str:
    """The path of `command`, or skip (fail in CI) naming the Debian package that provides it."""
    path = shutil.which(command)
    if path:
        return path
    message = f"needs `{command}`: install the Debian package '{package}' (apt-get install {package})"
    if REQUIRED:
        pytest.fail(message)
    pytest.skip(message)
