"""Shared fixtures: a small real project on disk (tests/fixtures/site) built with the
repository's own mkdocs.yml and docs/assets, so the tests exercise the real configuration."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "site"
BIN = Path(sys.executable).parent
ENGINE = os.environ.get("KB_ENGINE", "mkdocs")
"""What builds the sites under test: mkdocs, or its drop-in continuation properdocs."""


def make_project(dest: Path, source: Path = FIXTURE) -> Path:
    """A copy of ``source`` with the real mkdocs.yml and docs/assets beside it."""
    shutil.copytree(source, dest)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "docs" / "assets", dest / "docs" / "assets")
    shutil.copytree(ROOT / "print", dest / "print")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    return dest


EXAMPLES_CACHE = Path(tempfile.mkdtemp(prefix="kb-test-examples-"))
"""One worked-example cache for the session's builds (keys include the script and its
place, so sharing is safe); tests of the cache itself pass their own."""


def mkdocs_build(project: Path, site: Path | None = None,
                 env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    site = site or project / "site"
    # a fixed build date (the PDF cover shows it): builds are byte-for-byte reproducible
    # KB_PRINT: the print page too, as `make pdf` and the Pages workflow build the site
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600",
           "KB_EXAMPLES_CACHE": str(EXAMPLES_CACHE), "KB_PRINT": "true", **(env or {})}
    return subprocess.run(
        [str(BIN / ENGINE), "build", "--strict", "-f", str(project / "mkdocs.yml"),
         "-d", str(site)],
        capture_output=True, text=True, env=env, timeout=300,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The fixture knowledge base, built once per test session."""
    project = make_project(tmp_path_factory.mktemp("built") / "project")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def build_loose(project: Path) -> subprocess.CompletedProcess:
    """A non-strict build: the hostile knowledge base makes MkDocs warn about its links."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600",
           "KB_PRINT": "true"}
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--no-strict", "-f", str(project / "mkdocs.yml"), "-d",
         str(project / "site")], capture_output=True, text=True, env=env, timeout=600)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """tests/hostile.py's corpus in every contributor field, built with validation bypassed
    (the sanitiser and the Content-Security-Policy still on)."""
    import hostile

    project = hostile.project(tmp_path_factory.mktemp("hostile") / "project", check_text=False)
    result = build_loose(project)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    return project / "site"


def kb_options(project: Path, **options) -> Path:
    """Set options of the kb plugin in the project's mkdocs.yml (tests of the trust layers
    switch check_text or sanitize off to show that each later layer stands on its own)."""
    import re

    config = project / "mkdocs.yml"
    lines = "".join(f"      {k}: {str(v).lower()}\n" for k, v in options.items())
    text = re.sub(r"^  - kb:?\n", "  - kb:\n" + lines, config.read_text(encoding="utf-8"),
                  count=1, flags=re.M)
    config.write_text(text, encoding="utf-8")
    return project
