"""The site builds with ProperDocs, MkDocs 1.6's drop-in continuation, exactly as with MkDocs:
the same files with the same bytes, apart from the generator tag of each HTML page."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, EXAMPLES_CACHE, make_project

pytestmark = pytest.mark.slow

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def build(engine: str, project: Path, site: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600",
           "KB_EXAMPLES_CACHE": str(EXAMPLES_CACHE), "KB_PRINT": "true"}
    return subprocess.run([str(BIN / engine), "build", "--strict", "-f",
                           str(project / "mkdocs.yml"), "-d", str(site)],
                          capture_output=True, text=True, env=env, timeout=300)


def contents(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz":  # the sitemap's gzip header holds a time
        data = gzip.decompress(data)
    return data


def test_properdocs_builds_the_same_site(tmp_path: Path):
    project = make_project(tmp_path / "p")
    results = {e: build(e, project, tmp_path / e) for e in ("mkdocs", "properdocs")}
    for engine, result in results.items():
        assert result.returncode == 0, (engine, result.stderr)
        assert "Traceback" not in result.stderr
    mkdocs, properdocs = tmp_path / "mkdocs", tmp_path / "properdocs"
    files = sorted(p.relative_to(mkdocs) for p in mkdocs.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(properdocs) for p in properdocs.rglob("*")
                           if p.is_file())
    assert len(files) > 50
    different = []
    tags = set()
    for rel in files:
        a, b = contents(mkdocs / rel), contents(properdocs / rel)
        if rel.suffix == ".html":
            tags |= set(GENERATOR.findall(b))
            a, b = GENERATOR.sub(b"", a), GENERATOR.sub(b"", b)
        if a != b:
            different.append(str(rel))
    assert different == []
    assert any(b"ProperDocs 1.6.7" in tag for tag in tags)  # it really was ProperDocs
