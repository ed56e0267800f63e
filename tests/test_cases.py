"""The broken knowledge bases in tests/cases/: each folder overlays the fixture project and
lists, in expected.txt, exactly the problems `kb validate` must print. The MkDocs plugin
must report the same problems and fail the strict build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE, make_project, mkdocs_build
from kbsite import cli

CASES = sorted(p for p in (Path(__file__).parent / "cases").iterdir() if p.is_dir())


def overlay(case: Path, dest: Path) -> Path:
    for path in case.rglob("*"):
        if path.is_file() and path.name != "expected.txt":
            target = dest / path.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    return dest


def expected(case: Path) -> list[str]:
    return (case / "expected.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_kb_validate(case: Path, tmp_path: Path, capsys):
    root = overlay(case, shutil.copytree(FIXTURE, tmp_path / "p"))
    status = cli.main(["validate", "--root", str(root)])
    out = capsys.readouterr().out.splitlines()
    want = expected(case)
    assert want, "a case must expect at least one problem"
    assert out[:-1] == want
    assert status == (1 if any(": error: " in line for line in want) else 0)
    assert cli.main(["validate", "--strict", "--root", str(root)]) == 1


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_mkdocs_build_reports_the_same(case: Path, tmp_path: Path):
    project = overlay(case, make_project(tmp_path / "p"))
    result = mkdocs_build(project)
    assert result.returncode == 1
    for line in expected(case):
        assert line in result.stderr
    assert "Traceback" not in result.stderr
