"""`kb validate --since REF`: ids that vanished since a git ref without an alias."""

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FIXTURE
from kbsite import cli


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                        "HOME": str(root), "PATH": "/usr/bin:/bin"})


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = shutil.copytree(FIXTURE, tmp_path / "p")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    topics = root / "kb" / "topics"
    text = (topics / "beta.yml").read_text().replace("id: pick-all", "id: pick-evens")
    (topics / "beta-two.yml").write_text(text)
    (topics / "beta.yml").unlink()
    for path in [topics / "gamma.yml", root / "kb" / "timeline.yml"]:
        path.write_text(path.read_text().replace("[beta]", "[beta-two]")
                        .replace("topic: beta\n", "topic: beta-two\n"))
    return root


def run(root: Path, capsys) -> tuple[int, list[str]]:
    status = cli.main(["validate", "--root", str(root), "--since", "HEAD"])
    return status, capsys.readouterr().out.splitlines()[:-1]


def test_a_rename_without_alias_is_an_error(repo: Path, capsys):
    status, out = run(repo, capsys)
    assert status == 1
    assert out == [
        "kb/topics/beta.yml:1:1: error: topic 'beta' existed at HEAD and is gone without an "
        "alias: its page topics/beta/ and every link to it would break, and learners' "
        "progress on its 2 question(s) would be orphaned; add 'aliases: [beta]' to the topic "
        "that replaces it"]


def test_aliases_keep_it_clean(repo: Path, capsys):
    path = repo / "kb" / "topics" / "beta-two.yml"
    path.write_text(path.read_text().replace("title: Beta\n", "title: Beta\naliases: [beta]\n"))
    status, out = run(repo, capsys)
    assert status == 1 and len(out) == 1
    assert "quiz: question 'pick-all' (topic 'beta' at HEAD) is gone without an alias" in out[0]
    path.write_text(path.read_text().replace("  - id: pick-evens\n",
                                             "  - id: pick-evens\n    aliases: [pick-all]\n"))
    assert run(repo, capsys) == (0, [])


def test_a_bad_ref_says_so(repo: Path, capsys):
    assert cli.main(["validate", "--root", str(repo), "--since", "no-such-ref"]) == 2
    assert "--since no-such-ref" in capsys.readouterr().err
