from pathlib import Path

from kbsite import loading
from kbsite.model import Topic

TOPIC = """\
title: T
area: a
level: advanced
summary: s
overview: o
why_harder: w
key_ideas:
  - k
readings:
  - cite: x
    why: y
    hours: 1
"""


def test_positions_of_keys_and_values():
    data, source, problems = loading.parse_yaml(TOPIC, "t.yml")
    assert problems == []
    assert data["readings"][0]["hours"] == 1
    assert source.at(("readings", 0, "hours")) == (12, 12)
    assert source.at(("readings", 0, "hours"), key=True) == (12, 5)
    assert source.at(("readings", 0)) == (10, 5)
    # an unknown location falls back to its nearest known ancestor
    assert source.at(("readings", 0, "nothing", 3)) == (10, 5)


def test_duplicate_keys_are_reported_with_the_first_line():
    _, _, problems = loading.parse_yaml("a: 1\nb:\n  c: 1\n  c: 2\n", "d.yml")
    assert [str(p) for p in problems] == [
        "d.yml:4:3: error: b.c: duplicate key (first defined at line 3)"]


def test_syntax_error_has_a_position():
    data, _, problems = loading.parse_yaml("a: [1, 2\nb: 3\n", "s.yml")
    assert data is None
    assert len(problems) == 1 and problems[0].path == "s.yml" and problems[0].line == 2
    assert "YAML syntax error" in problems[0].message


def test_all_field_errors_in_one_pass():
    text = TOPIC.replace("level: advanced", "level: expert").replace("hours: 1", "hours: one")
    text = text.replace("summary: s\n", "") + "titel: x\n"
    topic, _, _, problems = loading.load_topic(text, "kb/topics/t.yml", "t")
    assert topic is None
    assert [str(p) for p in problems] == [
        "kb/topics/t.yml:3:8: error: level: input should be 'foundational', 'intermediate' or "
        "'advanced' (got str 'expert')",
        "kb/topics/t.yml:1:1: error: summary: required field missing",
        "kb/topics/t.yml:11:12: error: readings[0].hours: expected a number, got str 'one'",
        "kb/topics/t.yml:12:1: error: titel: unknown field (did you mean 'title'?); expected one "
        "of: title, area, level, summary, overview, why_harder, key_ideas, prerequisites, "
        "readings, quiz, examples, aliases",
    ]


def test_question_errors_name_the_question_field():
    text = TOPIC + """\
quiz:
  - id: q
    type: single
    prompt: p
    explanation: e
    options:
      - text: a
      - text: b
  - id: r
    type: choice
    prompt: p
"""
    _, _, _, problems = loading.load_topic(text, "t.yml", "t")
    assert [str(p) for p in problems] == [
        "t.yml:19:7: error: quiz[0].options: a single-choice question needs exactly one option "
        "with 'correct: true', found 0",
        "t.yml:22:11: error: quiz[1].type: expected one of 'single', 'multiple', 'numeric', "
        "'recall', got 'choice'",
    ]


def test_topic_id_comes_from_the_file_name():
    topic, _, _, problems = loading.load_topic("id: x\n" + TOPIC, "kb/topics/Bad_Name.yml",
                                               "Bad_Name")
    assert isinstance(topic, Topic)
    assert [p.message for p in problems] == [
        "file name: the topic id 'Bad_Name' (the file's stem) must be kebab-case",
        "id: unknown field; a topic's id is its file name",
    ]


def test_empty_and_non_mapping_files():
    assert loading.load_topic("", "e.yml", "e")[3][0].message.startswith("empty file")
    assert loading.load_topic("- a\n", "l.yml", "l")[3][0].message == (
        "expected a mapping of topic fields, got a list")
    areas, _, problems = loading.load_areas("- id: a\n  title: A\n  summary: s\n"
                                            "- id: a\n  title: B\n  summary: s\n", "areas.yml")
    assert [a.title for a in areas] == ["A"]
    assert str(problems[0]) == "areas.yml:4:7: error: [1].id: duplicate area id 'a' (first at [0])"


def test_load_reads_a_project(tmp_path: Path):
    (tmp_path / "kb" / "topics").mkdir(parents=True)
    (tmp_path / "kb" / "areas.yml").write_text("- id: a\n  title: A\n  summary: s\n")
    (tmp_path / "kb" / "topics" / "t.yml").write_text(TOPIC)
    (tmp_path / "kb" / "topics" / "u.yaml").write_text(TOPIC)
    (tmp_path / "kb" / "topics" / "v.yml").write_bytes(b"title: \xff\n")
    sources = loading.load(tmp_path)
    assert list(sources.topics) == ["t"]
    assert [str(p) for p in sources.problems] == [
        "kb/topics/u.yaml:1:1: error: topic files end in .yml: rename this file",
        "kb/topics/v.yml:1:1: error: not valid UTF-8 (invalid start byte)",
        "references.bib:1:1: error: file not found",
    ]
