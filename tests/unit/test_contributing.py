"""The contributor workflow: schemas, the new-topic skeleton, annotations, CI files."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from kbsite import cli, schema

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "site"


def test_committed_schemas_are_up_to_date():
    for name, data in schema.schemas().items():
        path = ROOT / "schema" / name
        assert path.read_text(encoding="utf-8") == schema.dumps(data), \
            f"{path} is stale: run `make schema`"


def test_schemas_accept_every_real_yaml_file_and_each_names_its_schema():
    schemas = schema.schemas()
    files = sorted((ROOT / "kb" / "topics").glob("*.yml"))
    assert len(files) >= 3
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.splitlines()[0] == schema.TOPIC_HEADER, path
        jsonschema.validate(yaml.safe_load(text), schemas["topic.schema.json"])
    areas = (ROOT / "kb" / "areas.yml").read_text(encoding="utf-8")
    assert areas.splitlines()[0] == schema.AREAS_HEADER
    jsonschema.validate(yaml.safe_load(areas), schemas["areas.schema.json"])
    timeline = (ROOT / "kb" / "timeline.yml").read_text(encoding="utf-8")
    assert timeline.splitlines()[0] == schema.TIMELINE_HEADER
    # editors read YAML 1.2, where 2015-11-09 is a string, not a date
    data = yaml.safe_load(timeline)
    for event in data["events"]:
        if isinstance(event["date"], datetime.date):
            event["date"] = event["date"].isoformat()
    jsonschema.validate(data, schemas["timeline.schema.json"])


def test_schema_rejects_what_validation_rejects():
    topic = schema.schemas()["topic.schema.json"]
    data = yaml.safe_load((ROOT / "kb/topics/variational-autoencoders.yml").read_text())
    with pytest.raises(jsonschema.ValidationError, match="'titel' was unexpected"):
        jsonschema.validate({**data, "titel": "x"}, topic)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "level": "expert"}, topic)


def test_schema_check_mode(tmp_path, capsys):
    assert cli.main(["schema", "--check", "--root", str(tmp_path)]) == 1
    assert "out of date; run `kb schema`" in capsys.readouterr().err
    assert cli.main(["schema", "--root", str(tmp_path)]) == 0
    assert cli.main(["schema", "--check", "--root", str(tmp_path)]) == 0


def test_new_topic_skeleton(tmp_path, capsys):
    root = shutil.copytree(FIXTURE, tmp_path / "p")
    assert cli.main(["new", "topic", "Expectation Propagation", "--area", "models",
                     "--root", str(root)]) == 0
    path = root / "kb/topics/expectation-propagation.yml"
    text = path.read_text()
    assert text.startswith(schema.TOPIC_HEADER + "\n")
    for field in ["title", "area", "level", "summary", "overview", "why_harder", "key_ideas",
                  "prerequisites", "readings", "examples", "quiz"]:
        assert re.search(rf"^{field}:", text, re.M), field
    capsys.readouterr()
    # valid apart from warnings: every TODO, and no readings yet
    assert cli.main(["validate", "--root", str(root)]) == 0
    out = capsys.readouterr().out.splitlines()
    problems = [line for line in out if line.startswith("kb/topics/expectation-propagation.yml")]
    assert problems == [
        "kb/topics/expectation-propagation.yml:7:10: warning: summary: a TODO marker is left; "
        "replace it with the real text",
        "kb/topics/expectation-propagation.yml:8:11: warning: overview: a TODO marker is left; "
        "replace it with the real text",
        "kb/topics/expectation-propagation.yml:17:13: warning: why_harder: a TODO marker is "
        "left; replace it with the real text",
        "kb/topics/expectation-propagation.yml:20:5: warning: key_ideas[0]: a TODO marker is "
        "left; replace it with the real text",
        "kb/topics/expectation-propagation.yml:22:11: warning: readings: the topic has no "
        "readings; add at least one",
        "kb/topics/expectation-propagation.yml:29:12: warning: examples[0].title: a TODO "
        "marker is left; replace it with the real text",
        "kb/topics/expectation-propagation.yml:30:14: warning: examples[0].caption: a TODO "
        "marker is left; replace it with the real text",
    ]
    assert all(": warning: " in line for line in out[:-1])
    # the worked-example stub runs, and fails its assert until it is written
    stub = root / "kb/examples/expectation-propagation/example.py"
    assert "assert False" in stub.read_text()
    assert cli.main(["examples", "expectation-propagation", "--root", str(root),
                     "--no-cache"]) == 1
    out = capsys.readouterr().out
    assert ("kb/examples/expectation-propagation/example.py:23:1: error: the example's claim "
            "failed, `assert False`: TODO: replace this stub") in out
    # never overwrites; unknown areas are listed
    path.write_text(text + "# mine\n")
    assert cli.main(["new", "topic", "Expectation Propagation", "--area", "models",
                     "--root", str(root)]) == 1
    assert path.read_text().endswith("# mine\n")
    assert "already exists; not overwritten" in capsys.readouterr().err
    assert cli.main(["new", "topic", "X", "--area", "modles", "--root", str(root)]) == 2
    assert "unknown area 'modles'; known areas: basics, models" in capsys.readouterr().err


def test_github_annotations(tmp_path, capsys):
    root = shutil.copytree(FIXTURE, tmp_path / "p")
    beta = root / "kb/topics/beta.yml"
    beta.write_text(beta.read_text().replace("area: models", "area: modles"))
    assert cli.main(["validate", "--format", "github", "--root", str(root)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("::error file=kb/topics/beta.yml,line=2,col=7::area: unknown area "
                      "'modles' (did you mean 'models'?); known areas: basics, models")
    assert out[-1].startswith("kb: 3 topics")


def test_workflows_call_existing_make_targets_and_commands():
    targets = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), re.M))
    commands = set(cli.parser()._subparsers._group_actions[0].choices)  # noqa: SLF001
    runs = []
    for path in sorted((ROOT / ".github/workflows").glob("*.yml")):
        workflow = yaml.safe_load(path.read_text())
        assert workflow["jobs"], path
        for job in workflow["jobs"].values():
            runs += [step["run"] for step in job.get("steps", []) if "run" in step]
    assert runs
    for run in runs:
        for target in re.findall(r"\bmake ([a-z-]+)", run):
            assert target in targets, run
        for command in re.findall(r"\bkb ([a-z-]+)", run):
            assert command in commands, run
    ci = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())
    steps = " ".join(s.get("run", "") for s in ci["jobs"]["test"]["steps"])
    assert "kb validate --format github" in steps and "make test" in steps


def test_ruff_is_clean():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "plugins", "tests",
                             "benchmarks", "kb/examples"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
