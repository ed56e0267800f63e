"""The Anki deck, read back: an .apkg is a zip holding a SQLite collection."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import genanki
import pytest
import yaml

from conftest import BIN, ROOT, make_project, mkdocs_build
from kbsite import anki, knowledge, loading

pytestmark = pytest.mark.slow

HOSTILE = """title: Delta <script>alert('title')</script>
area: models
level: advanced
summary: Hostile text in every question field.
overview: Overview.
why_harder: Because.
key_ideas: [One.]
prerequisites: [alpha]
readings:
  - cite: jones2010deep
    why: Again.
    hours: 1
quiz:
  - id: scripted
    type: single
    prompt: |
      Is $a < b$ when $b > a$ & $a \\ne b$? <script>alert('prompt')</script>
      <img src=x onerror="alert('img')"> <b>bold</b> <a href="javascript:alert('js')">x</a>
      See [alpha](alpha.md#overview) and [the papers](../papers.md).

      $$
      x^2 < 1
      $$
    options:
      - text: "Yes <iframe src='https://example.org'></iframe>"
        correct: true
      - text: "No <style>body{display:none}</style>"
    explanation: <div onclick="alert('div')">Because</div> $\\frac{1}{2} < 1$.
  - id: numbers
    type: numeric
    prompt: What is $1/2$?
    answer: 0.5
    tolerance: 0.01
    explanation: Half.
  - id: in-words
    type: recall
    prompt: Say it.
    answer: <script>alert('answer')</script>It is so.
    explanation: Yes.
"""


class Markup(HTMLParser):
    """Every tag and attribute of an HTML text (escaped text is not markup)."""

    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: set[tuple[str, str]] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs |= {(name, value or "") for name, value in attrs}


def collection(apkg: bytes, tmp_path: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(io.BytesIO(apkg)) as z:
        assert sorted(z.namelist()) == ["collection.anki2", "media"]
        assert json.loads(z.read("media")) == {}
        db = tmp_path / f"collection-{len(list(tmp_path.iterdir()))}.anki2"
        db.write_bytes(z.read("collection.anki2"))
    return sqlite3.connect(db)


def notes(conn: sqlite3.Connection) -> dict[str, tuple[list[str], list[str]]]:
    return {guid: (flds.split("\x1f"), tags.split())
            for guid, flds, tags in conn.execute("SELECT guid, flds, tags FROM notes")}


def decks(conn: sqlite3.Connection) -> set[str]:
    return {d["name"] for d in json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
            .values()}


def test_the_site_holds_a_deck_with_a_note_per_question(built_site: Path, tmp_path: Path):
    deck = built_site / "learn-something-harder.apkg"
    conn = collection(deck.read_bytes(), tmp_path)
    got = notes(conn)
    assert len(got) == 4  # the fixture's questions
    expected = {genanki.guid_for(k) for k in
                ["alpha/linearity", "alpha/half", "beta/pick-all", "beta/explain"]}
    assert set(got) == expected
    assert got[genanki.guid_for("alpha/linearity")][1] == ["basics", "alpha", "foundational"]
    assert decks(conn) >= {"Learn Something Harder", "Learn Something Harder::Basics",
                           "Learn Something Harder::Basics::Alpha",
                           "Learn Something Harder::Models::Beta"}
    cards = conn.execute("SELECT count(*) FROM cards").fetchone()[0]
    assert cards == 4
    front, back, topic = got[genanki.guid_for("alpha/linearity")][0]
    assert front == ('<p>Is expectation linear?</p><ul class="options"><li><b>a.</b> Yes</li>'
                     "<li><b>b.</b> No</li></ul>")
    assert back.startswith('<p><b>Answer:</b></p><ul class="options"><li><b>a.</b> Yes</li></ul>')
    assert r"\(\mathbb{E}[aX + bY] = a\mathbb{E}[X] + b\mathbb{E}[Y]\)" in back
    assert topic == "Topic: Alpha"  # no site_url in the fixture: the title, no link
    # linked from the review and assessment pages
    assert 'href="../learn-something-harder.apkg"' in (built_site / "review/index.html").read_text()
    assert 'href="../learn-something-harder.apkg"' in (built_site / "assess/index.html").read_text()


def test_two_builds_give_the_same_deck(built_site: Path, tmp_path: Path):
    project = make_project(tmp_path / "again")
    # its own cache: the deck is made again, not taken from the session's cache
    fresh = {"KB_EXAMPLES_CACHE": str(tmp_path / "cache")}
    assert mkdocs_build(project, env=fresh).returncode == 0
    assert list((tmp_path / "cache").glob("deck-*.apkg"))
    first = (built_site / "learn-something-harder.apkg").read_bytes()
    second = (project / "site/learn-something-harder.apkg").read_bytes()
    assert set(notes(collection(first, tmp_path))) == set(notes(collection(second, tmp_path)))
    assert first == second  # SOURCE_DATE_EPOCH: byte for byte


def test_math_is_converted_and_no_raw_html_survives(tmp_path: Path):
    project = make_project(tmp_path / "hostile")
    (project / "kb/topics/delta.yml").write_text(HOSTILE)
    out = tmp_path / "deck.apkg"
    # validation, the first layer, refuses the raw HTML (README, "Trust") …
    done = subprocess.run([str(BIN / "kb"), "export-anki", str(out), "--root", str(project),
                           "--site-url", "https://example.org/lsh/"],
                          capture_output=True, text=True)
    assert done.returncode == 1 and "kb: no deck written:" in done.stderr
    assert "kb/topics/delta.yml" in done.stderr and not out.exists()
    # … and with it bypassed, the deck still shows the markup as text
    kb = knowledge.build(loading.load(project), check_text=False)
    assert not kb.errors, kb.errors
    out.write_bytes(anki.deck_bytes(kb, "https://example.org/lsh/"))
    got = notes(collection(out.read_bytes(), tmp_path))
    assert len(got) == 7
    fields = "\x1f".join("\x1f".join(f) for f, _ in got.values())
    front, back, topic = got[genanki.guid_for("delta/scripted")][0]
    # math: Anki's delimiters, with <, > and & escaped inside the TeX
    assert r"\(a &lt; b\)" in front and r"\(b &gt; a\)" in front and r"\(a \ne b\)" in front
    assert "\\[\nx^2 &lt; 1\n\\]" in front and "$" not in front
    assert r"\(\frac{1}{2} &lt; 1\)" in back
    # raw HTML from YAML is shown as text, never as markup
    markup = Markup()
    markup.feed(fields)
    assert markup.tags <= {"p", "em", "b", "ul", "li", "a", "span", "div", "strong"}
    assert {name for name, _ in markup.attrs} <= {"class", "href"}
    assert all(v.startswith("https://example.org/lsh/") for n, v in markup.attrs if n == "href")
    assert "&lt;b&gt;bold&lt;/b&gt;" in front
    assert "&lt;script&gt;alert('prompt')&lt;/script&gt;" in front
    # relative links point at the published site; the topic link too
    assert '<a href="https://example.org/lsh/topics/alpha/#overview">alpha</a>' in front
    assert '<a href="https://example.org/lsh/papers/">the papers</a>' in front
    assert topic == ('Topic: <a href="https://example.org/lsh/topics/delta/">'
                     "Delta &lt;script&gt;alert('title')&lt;/script&gt;</a>")
    numeric = got[genanki.guid_for("delta/numbers")][0]
    assert numeric[0] == ("<p><em>(A number.)</em></p>"
                          r'<p>What is <span class="arithmatex">\(1/2\)</span>?</p>')
    assert numeric[1].startswith("<p><b>Answer:</b> 0.5 (answers within ±0.01 count)</p>")


def test_the_real_knowledge_base(tmp_path: Path):
    """The deck of this repository's kb/: one note per question, every note's GUID unique."""
    out = tmp_path / "real.apkg"
    done = subprocess.run([str(BIN / "kb"), "export-anki", str(out), "--root", str(ROOT)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    questions = sum(len(yaml.safe_load(p.read_text(encoding="utf-8")).get("quiz") or [])
                    for p in (ROOT / "kb/topics").glob("*.yml"))
    conn = collection(out.read_bytes(), tmp_path)
    assert conn.execute("SELECT count(DISTINCT guid) FROM notes").fetchone()[0] == questions
    assert questions >= 100
    assert f", {questions} notes" in done.stdout
