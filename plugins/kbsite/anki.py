"""The Anki deck: every quiz question as a note, for learners who review in Anki.

One deck "Learn Something Harder" with a subdeck per area and per topic. Each note's GUID
is derived from ``topic-id/question-id``, so importing a newer deck updates the notes a
learner already has instead of duplicating them. Markdown from YAML is rendered with raw
HTML escaped (it is shown as text, never as markup), math becomes Anki's ``\\(…\\)`` and
``\\[…\\]`` (arithmatex's generic output, with ``<``, ``>`` and ``&`` escaped inside the TeX),
and the result is sanitised once more. Written with genanki's own database writer, into
memory: the same knowledge base and timestamp give the same bytes.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import json
import os
import posixpath
import time
import zipfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import markdown
import nh3

from . import examples, loading
from .knowledge import KnowledgeBase
from .model import Question

if TYPE_CHECKING:  # genanki (with asyncio, sqlite3) is imported only to make a deck
    import genanki

FILENAME = "learn-something-harder.apkg"
DECK = "Learn Something Harder"
MODEL_ID = 1_769_406_131  # fixed: every version of the deck uses the same note type

_CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; max-width: 40em;
margin: 0 auto; color: black; background: white; }
.nightMode .card { color: #eee; background: #2f2f31; }
.options { list-style: none; padding-left: 0; }
.topic { font-size: 14px; opacity: .75; margin-top: 2em; }
"""


@lru_cache(maxsize=1)
def note_model() -> genanki.Model:
    import genanki

    return genanki.Model(
        MODEL_ID, "Learn Something Harder question",
        fields=[{"name": "Prompt"}, {"name": "Answer"}, {"name": "Topic"}],
        templates=[{"name": "Recall", "qfmt": "{{Prompt}}",
                    "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}'
                            '<p class="topic">{{Topic}}</p>'}],
        css=_CSS,
    )

_TAGS = {"a", "b", "blockquote", "br", "code", "div", "em", "i", "li", "ol", "p", "pre", "span",
         "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul", "hr"}


def deck_id(name: str) -> int:
    """A stable deck id (Anki needs one per deck) from the deck's full name."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big") | (1 << 30)


def guid(topic_id: str, question_id: str) -> str:
    import genanki

    return genanki.guid_for(f"{topic_id}/{question_id}")


def _deck_name(*parts: str) -> str:
    return "::".join(" ".join(p.replace("::", ":").split()) for p in parts)


def page_url(site_url: str | None, src: str) -> str | None:
    """The site URL of a Markdown source path (``topics/alpha.md#x`` → ``…/topics/alpha/#x``)."""
    if not site_url:
        return None
    path, _, fragment = src.partition("#")
    if path.endswith(".md"):
        path = path[:-3]
        path = "" if path == "index" else (path[:-5] if path.endswith("/index") else path) + "/"
    return site_url.rstrip("/") + "/" + path + (f"#{fragment}" if fragment else "")


class Renderer:
    """Markdown → Anki HTML, one Markdown instance for the whole deck."""

    def __init__(self, site_url: str | None = None):
        self.site_url = site_url
        self.md = markdown.Markdown(
            extensions=["tables", "sane_lists", "pymdownx.arithmatex", "pymdownx.superfences"],
            extension_configs={"pymdownx.arithmatex": {"generic": True}})
        self.md.preprocessors.deregister("html_block")  # raw HTML is text here, never markup
        self.md.inlinePatterns.deregister("html")

    def _link(self, element: str, attribute: str, value: str) -> str | None:
        if element != "a" or attribute != "href":
            return value
        if urlsplit(value).scheme in ("http", "https"):
            return value
        if urlsplit(value).scheme or value.startswith("/"):
            return None
        # relative links in a topic's YAML are written from its page, topics/<id>.md
        target = posixpath.normpath(posixpath.join("topics", value.split("#")[0] or "."))
        fragment = value.partition("#")[2]
        return page_url(self.site_url, target + (f"#{fragment}" if fragment else ""))

    def html(self, text: str) -> str:
        self.md.reset()
        out = self.md.convert(text.strip())
        return nh3.clean(out, tags=_TAGS, attributes={"a": {"href"}, "*": {"class"}},
                         url_schemes={"http", "https"}, link_rel=None, strip_comments=True,
                         attribute_filter=self._link)


    def inline(self, text: str) -> str:
        """Like ``html``, without the paragraph around a one-paragraph text (option texts)."""
        out = self.html(text)
        if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
            return out[3:-4]
        return out


def _letter(i: int) -> str:
    return "abcdefghij"[i]


def note_fields(r: Renderer, kb: KnowledgeBase, topic_id: str, q: Question) -> list[str]:
    topic = kb.topics[topic_id]
    hint = {"multiple": "<p><em>(Select all that apply.)</em></p>",
            "numeric": "<p><em>(A number.)</em></p>",
            "recall": "<p><em>(Answer in your own words.)</em></p>"}.get(q.type, "")
    front = hint + r.html(q.prompt)
    if q.type in ("single", "multiple"):
        items = "".join(f"<li><b>{_letter(i)}.</b> {r.inline(o.text)}</li>"
                        for i, o in enumerate(q.options))
        front += f'<ul class="options">{items}</ul>'
        right = [(i, o) for i, o in enumerate(q.options) if o.correct]
        label = "Answer" if len(right) == 1 else "Answers"
        back = f"<p><b>{label}:</b></p><ul class=\"options\">" + "".join(
            f"<li><b>{_letter(i)}.</b> {r.inline(o.text)}</li>" for i, o in right) + "</ul>"
    elif q.type == "numeric":
        tolerance = f" (answers within ±{q.tolerance:g} count)" if q.tolerance else ""
        back = f"<p><b>Answer:</b> {q.answer:g}{tolerance}</p>"
    else:
        back = "<p><b>Model answer:</b></p>" + r.html(q.answer)
    back += r.html(q.explanation)
    url = page_url(r.site_url, f"topics/{topic_id}.md")
    title = html.escape(" ".join(topic.title.split()), quote=False)
    link = f'<a href="{html.escape(url)}">{title}</a>' if url else title
    return [front, back, f"Topic: {link}"]


def package(kb: KnowledgeBase, site_url: str | None = None) -> genanki.Package:
    import genanki

    r = Renderer(site_url)
    area_titles = {a.id: a.title for a in kb.areas}
    root = genanki.Deck(deck_id(DECK), DECK)
    decks = [root]
    for area in kb.areas:
        topics = [(tid, t) for tid, t in kb.topics_in(area.id) if t.quiz]
        if not topics:
            continue
        name = _deck_name(DECK, area.title)
        decks.append(genanki.Deck(deck_id(name), name))
        for tid, topic in topics:
            name = _deck_name(DECK, area_titles[topic.area], topic.title)
            deck = genanki.Deck(deck_id(name), name)
            for q in topic.quiz:
                deck.add_note(genanki.Note(model=note_model(),
                                           fields=note_fields(r, kb, tid, q),
                                           guid=guid(tid, q.id),
                                           tags=[topic.area, tid, topic.level]))
            decks.append(deck)
    return genanki.Package(decks)


def deck_bytes(kb: KnowledgeBase, site_url: str | None = None,
               timestamp: float | None = None) -> bytes:
    """The .apkg file: a zip holding the collection (SQLite) and an empty media list.

    Notes and cards are stamped with ``timestamp``, else SOURCE_DATE_EPOCH, else now.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    when = timestamp if timestamp is not None else int(epoch) if epoch.isdigit() else time.time()
    import sqlite3

    conn = sqlite3.connect(":memory:")
    try:
        package(kb, site_url).write_to_db(conn.cursor(), when, itertools.count(int(when * 1000)))
        conn.commit()
        db = conn.serialize()
    finally:
        conn.close()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("collection.anki2"), db, zipfile.ZIP_DEFLATED)
        z.writestr(zipfile.ZipInfo("media"), "{}", zipfile.ZIP_DEFLATED)
    return out.getvalue()


def questions_digest(kb: KnowledgeBase) -> str:
    """A digest of everything in ``kb`` the deck shows: its areas, topics and questions."""
    parts = [json.dumps([[a.id, a.title] for a in kb.areas])]
    parts += [json.dumps([tid, t.title, t.area, t.level, [q.model_dump() for q in t.quiz]],
                         sort_keys=True, default=str) for tid, t in kb.topics.items()]
    return examples.digest(*parts)


def _deck_parts(kb: KnowledgeBase, site_url: str | None,
                questions: str | None = None) -> tuple[str | bytes, ...]:
    return (Path(__file__).read_bytes(), genanki_version(), site_url or "",
            os.environ.get("SOURCE_DATE_EPOCH", ""), questions or questions_digest(kb))


def deck_in_background(kb: KnowledgeBase, site_url: str | None, cache: Path,
                       questions: str | None = None) -> tuple[Path, Callable[[], None]]:
    """Where the deck will be (in ``cache``), and a function that returns once it is there.
    The deck is kept there by everything it is made from, so a build in which no question
    changed does not make it again (Markdown for every field, then genanki's SQLite).

    A deck not made before is made in a forked process, on another core while the build
    goes on (at 1,000 topics, five seconds of a cold build); where forking is not possible
    or safe, or the child fails, the wait makes it here instead, so errors surface as usual."""
    parts = _deck_parts(kb, site_url, questions)
    path = examples.memo_path(cache, "deck", parts, ".apkg")

    def make() -> None:
        examples.memo(cache, "deck", parts, lambda: deck_bytes(kb, site_url), ".apkg")

    if path.is_file():
        return path, lambda: None
    child = None
    if loading.fork_is_safe():
        import multiprocessing

        child = multiprocessing.get_context("fork").Process(target=_in_child, args=(make,),
                                                            daemon=True)
        child.start()

    def wait() -> None:
        if child is not None:
            child.join()
        if not path.is_file():
            make()
    return path, wait


def _in_child(make: Callable[[], None]) -> None:
    code = 1
    try:
        make()
        code = 0
    finally:
        os._exit(code)  # nothing of the parent's (atexit, buffers) runs twice


def genanki_version() -> str:
    from importlib.metadata import version

    return version("genanki")
