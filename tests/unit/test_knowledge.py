import shutil
from pathlib import Path

import pytest

from kbsite import knowledge, loading

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"


@pytest.fixture
def kb():
    return knowledge.build(loading.load(FIXTURE))


def test_fixture_is_clean(kb):
    assert kb.problems == []
    assert kb.summary() == "3 topics, 3 papers, 4 questions"


def test_backlinks(kb):
    assert kb.cited_by == {"smith2001gentle": ["alpha"], "jones2010deep": ["alpha", "beta"],
                           "lee2020arxiv": ["gamma"]}
    assert kb.needed_for("alpha") == ["beta"]
    assert kb.needed_for("gamma") == []
    assert kb.sources["beta"] == "kb/topics/beta.yml"


def test_topics_come_in_area_then_learning_order(kb):
    assert list(kb.topics) == ["alpha", "beta", "gamma"]
    assert [t for t, _ in kb.topics_in("models")] == ["beta", "gamma"]


@pytest.fixture
def copy(tmp_path):
    dest = tmp_path / "p"
    shutil.copytree(FIXTURE, dest)
    return dest


def edit(path: Path, old: str, new: str):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_cycle_is_named_once(copy):
    edit(copy / "kb/topics/alpha.yml", "readings:", "prerequisites: [gamma]\nreadings:")
    kb = knowledge.build(loading.load(copy))
    assert [str(p) for p in kb.errors] == [
        "kb/topics/beta.yml:12:17: error: prerequisites[0]: prerequisite cycle alpha → beta → "
        "gamma → alpha (each is a prerequisite of the next); remove one of these links"]
    assert set(kb.topics) == {"alpha", "beta", "gamma"}


def test_dangling_references_with_suggestions(copy):
    edit(copy / "kb/topics/beta.yml", "area: models", "area: modles")
    edit(copy / "kb/topics/beta.yml", "prerequisites: [alpha]", "prerequisites: [alpah, beta]")
    edit(copy / "kb/topics/beta.yml", "cite: jones2010deep", "cite: jones2010dep")
    kb = knowledge.build(loading.load(copy))
    assert [str(p) for p in kb.problems] == [
        "kb/topics/beta.yml:2:7: error: area: unknown area 'modles' (did you mean 'models'?); "
        "known areas: basics, models",
        "kb/topics/beta.yml:12:17: error: prerequisites[0]: unknown topic 'alpah' (did you mean "
        "'alpha'?); expected the id of a file in kb/topics/",
        "kb/topics/beta.yml:12:24: error: prerequisites[1]: a topic cannot be its own "
        "prerequisite",
        "kb/topics/beta.yml:14:11: error: readings[0].cite: unknown BibTeX key 'jones2010dep' "
        "(did you mean 'jones2010deep'?); add it to references.bib",
    ]


def test_invalid_topic_still_counts_as_known(copy):
    edit(copy / "kb/topics/alpha.yml", "level: foundational", "level: easy")
    kb = knowledge.build(loading.load(copy))
    assert [p.message.split(":")[0] for p in kb.problems] == ["level"]
    assert "alpha" not in kb.topics


def test_warnings_for_uncited_papers_and_topics_without_readings(copy):
    text = (copy / "kb/topics/gamma.yml").read_text()
    (copy / "kb/topics/gamma.yml").write_text(text[:text.index("readings:")])
    kb = knowledge.build(loading.load(copy))
    assert [str(p) for p in kb.problems] == [
        "kb/topics/gamma.yml:1:1: warning: readings: the topic has no readings; add at least one",
        "references.bib:20:1: warning: lee2020arxiv: no topic cites this paper; cite it in a "
        "reading or remove it",
    ]
    assert not kb.errors


@pytest.mark.parametrize("text, bad", [
    ("[x](javascript:alert(1))", ["javascript:alert(1)"]),
    ("[x]( data:text/html,hi )", ["data:text/html,hi"]),
    ("<vbscript:run> and <https://ok.org>", ["vbscript:run"]),
    ("[ok](https://x.org) [rel](../a.md) [anchor](#b) $a<b$", []),
])
def test_unsafe_links(text, bad):
    assert knowledge.unsafe_links(text) == bad


def test_unsafe_link_in_yaml_is_an_error(copy):
    edit(copy / "kb/topics/beta.yml", "Beta needs", "[Click](javascript:alert(1)) Beta needs")
    kb = knowledge.build(loading.load(copy))
    assert [str(p) for p in kb.problems] == [
        "kb/topics/beta.yml:5:11: error: overview: link 'javascript:alert(1)': only http(s) and "
        "relative links are allowed"]


def test_duplicate_question_ids(copy):
    edit(copy / "kb/topics/beta.yml", "id: explain", "id: pick-all")
    kb = knowledge.build(loading.load(copy))
    assert [str(p) for p in kb.problems] == [
        "kb/topics/beta.yml:29:9: error: quiz[1].id: duplicate question id 'pick-all' (also "
        "quiz[0]); ids must be unique within a topic"]
