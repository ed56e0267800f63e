"""The Anki deck made off the build's critical path (anki.deck_in_background): in a forked
process where forking is safe, here otherwise, and kept in the cache either way."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kbsite import anki, knowledge, loading

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"


@pytest.fixture
def kb(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # the same bytes every time
    return knowledge.build(loading.load(FIXTURE))


def recording(monkeypatch, where: Path):
    """deck_bytes, noting the process that ran it."""
    real = anki.deck_bytes

    def deck_bytes(*args, **kwargs):
        where.write_text(str(os.getpid()))
        return real(*args, **kwargs)
    monkeypatch.setattr(anki, "deck_bytes", deck_bytes)


def test_a_new_deck_is_made_in_a_forked_process_and_then_kept(kb, tmp_path, monkeypatch):
    # earlier tests in the session may leave threads behind (Playwright's); the deck's code
    # takes no lock they could hold, so the forked path is forced here
    monkeypatch.setattr(loading, "fork_is_safe", lambda: True)
    ran_in = tmp_path / "pid"
    recording(monkeypatch, ran_in)
    path, wait = anki.deck_in_background(kb, None, tmp_path / "cache")
    wait()
    assert int(ran_in.read_text()) != os.getpid()
    assert path.read_bytes() == anki.deck_bytes(kb, None)

    ran_in.unlink()
    again, wait = anki.deck_in_background(kb, None, tmp_path / "cache")
    wait()
    assert again == path and not ran_in.exists()  # taken from the cache, not made
    other, _ = anki.deck_in_background(kb, "https://example.org/", tmp_path / "cache")
    assert other != path  # notes link to the site: another deck


def test_where_forking_is_not_safe_the_wait_makes_it(kb, tmp_path, monkeypatch):
    monkeypatch.setattr(loading, "fork_is_safe", lambda: False)
    ran_in = tmp_path / "pid"
    recording(monkeypatch, ran_in)
    path, wait = anki.deck_in_background(kb, None, tmp_path / "cache")
    assert not ran_in.exists()  # nothing started before the wait
    wait()
    assert int(ran_in.read_text()) == os.getpid() and path.is_file()


def test_a_failure_in_the_child_surfaces_in_the_build(kb, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("genanki broke")
    monkeypatch.setattr(anki, "deck_bytes", broken)  # in the child too: it is a fork
    path, wait = anki.deck_in_background(kb, None, tmp_path / "cache")
    with pytest.raises(RuntimeError, match="genanki broke"):
        wait()
    assert not path.exists()


def test_the_deck_is_kept_by_what_its_notes_show(kb, tmp_path, monkeypatch):
    """The cache key holds a digest of the areas, topics and questions (made once with the
    prepared knowledge base): a changed answer, topic title or area is another deck."""
    monkeypatch.setattr(loading, "fork_is_safe", lambda: False)  # only the paths: none made
    cache = tmp_path / "cache"
    path, _ = anki.deck_in_background(kb, None, cache)
    assert anki.deck_in_background(kb, None, cache, anki.questions_digest(kb))[0] == path
    tid, topic = next((t, x) for t, x in kb.topics.items() if x.quiz)
    question = topic.quiz[0]
    explained = question.model_copy(update={"explanation": question.explanation + " More."})
    kb.topics[tid] = topic.model_copy(update={"quiz": [explained, *topic.quiz[1:]]})
    assert anki.deck_in_background(kb, None, cache)[0] != path
    kb.topics[tid] = topic.model_copy(update={"title": topic.title + " (renamed)"})
    assert anki.deck_in_background(kb, None, cache)[0] != path
    kb.topics[tid] = topic
    kb.areas[0] = kb.areas[0].model_copy(update={"title": "Another area"})
    assert anki.deck_in_background(kb, None, cache)[0] != path
