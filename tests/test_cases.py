"""The broken knowledge bases in tests/cases/: each folder overlays the fixture project and
lists the exact problems it must produce. ``expected.txt`` holds what `kb validate` prints;
``expected-run.txt`` what only running the worked examples finds (`kb examples`), which
validation, kept fast, never does. The MkDocs plugin must report both and fail the strict
build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE, make_project, mkdocs_build
from kbsite import cli

CASES = sorted(p for p in (Path(__file__).parent / "cases").iterdir() if p.is_dir())
RUN_CASES = [c for c in CASES if (c / "expected-run.txt").is_file()]


def overlay(case: Path, dest: Path) -> Path:
    for path in case.rglob("*"):
        if path.is_file() and not path.name.startswith("expected"):
            target = dest / path.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    return dest


def expected(case: Path, name: str = "expected.txt") -> list[str]:
    path = case / name
    return path.read_text(encoding="utf-8").splitlines() if path.is_file() else []


def test_every_case_expects_something():
    for case in CASES:
        assert expected(case) or expected(case, "expected-run.txt"), case.name


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_kb_validate(case: Path, tmp_path: Path, capsys):
    root = overlay(case, shutil.copytree(FIXTURE, tmp_path / "p"))
    status = cli.main(["validate", "--root", str(root)])
    out = capsys.readouterr().out.splitlines()
    want = expected(case)
    assert out[:-1] == want
    assert status == (1 if any(": error: " in line for line in want) else 0)
    assert cli.main(["validate", "--strict", "--root", str(root)]) == (1 if want else 0)


@pytest.mark.parametrize("case", RUN_CASES, ids=[c.name for c in RUN_CASES])
def test_kb_examples(case: Path, tmp_path: Path, capsys):
    root = overlay(case, shutil.copytree(FIXTURE, tmp_path / "p"))
    status = cli.main(["examples", "--root", str(root), "--no-cache"])
    out = capsys.readouterr().out.splitlines()
    assert [line for line in out if ": error: " in line or ": warning: " in line] == \
        expected(case, "expected-run.txt")
    assert status == 1


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_mkdocs_build_reports_the_same(case: Path, tmp_path: Path):
    project = overlay(case, make_project(tmp_path / "p"))
    result = mkdocs_build(project)
    assert result.returncode == 1
    for line in expected(case) + expected(case, "expected-run.txt"):
        assert line in result.stderr
    assert "Traceback" not in result.stderr
