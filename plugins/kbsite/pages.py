"""KnowledgeBase → generated Markdown pages (URL scheme in DESIGN.md).

Templates emit Markdown, so MkDocs and Material still build the table of contents, the
search index and check links. Markdown fields from YAML are inserted as written (they may
hold math); plain-text fields go through ``plain``. The HTML that results is sanitised by
``safety.sanitize`` before it reaches a page.
"""

from __future__ import annotations

import dataclasses
import datetime
import html
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import jinja2
import yaml
from pydantic import BaseModel

from . import anki, graphmap, markup, timeline
from .examples import Output, figure_html, memo_text, notebook
from .knowledge import KnowledgeBase
from .model import PHASE_NAMES, Paper

TOPICS_INDEX = "topics/index.md"
PAPERS = "papers.md"
ASSESS = "assess.md"
MAP = "map.md"
TIMELINE = "timeline.md"
REVIEW = "topics/_review.md"  # beside the topics, so question links resolve as on their pages
SITE_DATA = "assets/kb/site-data.js"
_FIGURE = re.compile(r'<div[^>]*\bid="kb-figure-([a-z0-9-]+)"[^>]*>\s*</div>')

_MD_SPECIAL = re.compile(r"([\\`*_\[\]$|{}#!])")


def plain(text: str) -> str:
    """Plain text for a Markdown inline context: shown as written, never as markup."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(str(text).split()), quote=False))


def json_html(data) -> str:
    """JSON that survives every context of an HTML page: inside a <script> element and (once
    HTML-escaped with ``| e``) inside an attribute, however often it is unescaped on the way.
    Every non-ASCII character (U+2028 included) and every character that means something to
    HTML (& < > ') is a \\u escape, so no character reference or </script> can form."""
    text = json.dumps(data, ensure_ascii=True, sort_keys=True)
    for c in "&<>'":
        text = text.replace(c, f"\\u{ord(c):04x}")
    return text


def neutral(kb: KnowledgeBase) -> KnowledgeBase:
    """The knowledge base with every Markdown field passed through ``markup.neutralise``:
    raw HTML, comments, character references and attribute lists that slipped past
    validation are shown as text."""
    return dataclasses.replace(
        kb, areas=[_neutral(a) for a in kb.areas],
        topics={tid: _neutral(t) for tid, t in kb.topics.items()},
        timeline=_neutral(kb.timeline) if kb.timeline is not None else None)


def _neutral(value, markdown: bool = False):
    if isinstance(value, str):
        return markup.neutralise(value) if markdown else value
    if isinstance(value, list):
        return [_neutral(v, markdown) for v in value]
    if isinstance(value, BaseModel):
        updates = {name: _neutral(getattr(value, name), name in markup.MARKDOWN_FIELDS)
                   for name in type(value).model_fields}
        return value.model_copy(update=updates)
    return value


def url(target: str) -> str:
    """An http(s) URL usable as a Markdown link target."""
    return quote(target, safe=":/?#[]@!$&'*+,;=%~-._")


def hours(value: float) -> str:
    return f"{value:g}"


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def month(date: str) -> str:
    """'2004-12-06' → '6 Dec 2004', '2004-12' → 'Dec 2004', '2004' → '2004'."""
    parts = str(date).split("-")
    if len(parts) == 1:
        return parts[0]
    named = f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return f"{int(parts[2])} {named}" if len(parts) == 3 else named


def fence(text: str) -> str:
    """A backtick fence longer than any backtick run inside ``text``."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def theme_text(text: str) -> str:
    """Text for places the theme prints as HTML without escaping (page title, nav)."""
    return html.escape(" ".join(str(text).split()), quote=False)


def build_date() -> str:
    """Today (UTC), or the date of SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (datetime.datetime.fromtimestamp(int(epoch), datetime.UTC) if epoch and epoch.isdigit()
            else datetime.datetime.now(datetime.UTC))
    return when.strftime("%d %B %Y").lstrip("0")


def front_matter(title: str, **extra) -> str:
    data = {"title": theme_text(title), **extra}
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=True) + "---\n"


@dataclass(frozen=True)
class Page:
    src_uri: str
    """Where the page pretends to live in docs/ (e.g. ``topics/ica.md``)."""
    content: str
    source: str | None = None
    """The YAML file to edit to change this page, relative to the project root."""
    serve_at: str | None = None
    """Where the page is served (e.g. ``review`` for ``/review/``), if not at ``src_uri``."""


def environment() -> jinja2.Environment:
    from . import bibliography  # bibtexparser and pylatexenc: not for a warm build

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kbsite", "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # the output is Markdown; see plain() and safety.sanitize()
    )
    env.filters.update(plain=plain, url=url, hours=hours, fence=fence, month=month,
                       cite=bibliography.cite, short=bibliography.short_name)
    return env


def _paper_sort_key(paper: Paper):
    first = paper.authors[0] if paper.authors else (paper.editors[0] if paper.editors else None)
    name = (first.last if first else paper.title).lower()
    return (name, paper.year, paper.title.lower(), paper.key)


def report_url(repo_url: str | None, topic_id: str, title: str) -> str | None:
    """A prefilled "report an error in content" issue (.github/ISSUE_TEMPLATE/content-error.yml)."""
    if not repo_url or not repo_url.startswith(("https://", "http://")):
        return None
    query = urlencode({"template": "content-error.yml", "topic": topic_id,
                       "title": f"Content error in “{title}”"}, quote_via=quote)
    return f"{repo_url.rstrip('/')}/issues/new?{query}"


def render(kb: KnowledgeBase, env: jinja2.Environment | None = None,
           repo_url: str | None = None,
           examples: dict[tuple[str, str], Output] | None = None,
           neutralise: bool = True) -> list[Page]:
    """Every generated page of the site, in a stable order. ``examples`` holds what the
    worked examples produced (``examples.run_all``); an example without output is left out.
    ``neutralise=False`` leaves raw markup in Markdown fields for Markdown to parse (only
    to test the later layers)."""
    env = env or environment()
    examples = examples or {}
    kb = neutral(kb) if neutralise else kb
    area_titles = {a.id: a.title for a in kb.areas}
    pages = []
    topic_tpl = env.get_template("topic.md.j2")
    for tid, topic in kb.topics.items():
        content = topic_tpl.render(
            id=tid, topic=topic, kb=kb,
            area_title=area_titles.get(topic.area, topic.area),
            prerequisites=[p for p in topic.prerequisites if p in kb.topics],
            needed_for=kb.needed_for(tid),
            path=kb.path(tid),
            path_hours=kb.path_hours(tid),
            readings=[(r, kb.papers[r.cite]) for r in topic.readings if r.cite in kb.papers],
            front=front_matter(title=topic.title),
            report=report_url(repo_url, tid, topic.title),
            examples=[(i, ex, examples[(tid, ex.file)]) for i, ex in enumerate(topic.examples)
                      if (tid, ex.file) in examples],
        )
        pages.append(Page(f"topics/{tid}.md", content, kb.sources.get(tid)))
    pages.append(Page(TOPICS_INDEX, env.get_template("topics.md.j2").render(
        kb=kb, front=front_matter(title="Topics")), "kb/areas.yml"))
    papers = sorted(kb.papers.values(), key=_paper_sort_key)
    pages.append(Page(PAPERS, env.get_template("papers.md.j2").render(
        kb=kb, papers=papers, front=front_matter(title="Papers")), "references.bib"))
    if kb.timeline is not None:
        pages.append(Page(TIMELINE, _timeline_page(kb, env), "kb/timeline.yml"))
    pages.append(Page(MAP, env.get_template("map.md.j2").render(
        kb=kb, front=front_matter(title="Prerequisite map", hide=["navigation", "toc"]))))
    pages.append(Page(ASSESS, env.get_template("assess.md.j2").render(
        kb=kb, area_titles=area_titles, data=json_html(assessment_data(kb)),
        deck=anki.FILENAME, front=front_matter(title="Skill assessment"))))
    pages.append(Page(REVIEW, env.get_template("review.md.j2").render(
        kb=kb, area_titles=area_titles, deck=anki.FILENAME,
        front=front_matter(title="Review", search={"exclude": True})), serve_at="review"))
    return pages


def _timeline_page(kb: KnowledgeBase, env: jinja2.Environment) -> str:
    tl = kb.timeline
    assert tl is not None
    all_years = timeline.years(tl)
    phases_by_year = {
        tech.id: json_html({y: PHASE_NAMES[s[0]] if (s := tech.phase_in(y)) else "not yet"
                            for y in all_years})
        for tech in tl.technologies
    }
    ordered = sorted(enumerate(tl.events), key=lambda ie: (str(ie[1].date), ie[0]))
    by_year: dict[int, list] = {}
    for i, event in ordered:
        by_year.setdefault(event.year, []).append((i, event))
    return env.get_template("timeline.md.j2").render(
        kb=kb, tl=tl, years=all_years, phases_by_year=phases_by_year,
        phase_names=PHASE_NAMES, track_titles={t.id: t.title for t in tl.tracks},
        tech_names={t.id: t.name for t in tl.technologies},
        events_by_year=sorted(by_year.items()),
        front=front_matter(title="The hype cycle", hide=["navigation"]))


def insert_figures(html: str, figures: dict[str, str]) -> str:
    """Put build-time SVG figures (our own markup, never contributor HTML) in place of their
    ``<div class="kb-figure" id="kb-figure-NAME">`` markers, after sanitising."""
    return _FIGURE.sub(lambda m: figures.get(m.group(1), m.group(0)), html)


def standalone(rendered: list[Page], kb: KnowledgeBase,
               examples: dict[tuple[str, str], Output]) -> list[Page]:
    """The pages with every part the plugin adds at build time written into their Markdown,
    for any MkDocs-compatible engine without our plugin (`kb export-markdown`): the map,
    the hype cycle and the examples' figures as inline SVG kept raw (``markdown="0"``),
    the examples' code as fenced blocks. Map links assume directory URLs (/topics/<id>/)."""
    def raw(html_text: str) -> str:
        return f'<div class="kb-figure-inline" markdown="0">\n{html_text.strip()}\n</div>'

    parts = {"map": raw(graphmap.svg(kb, lambda tid: f"../topics/{tid}/"))}
    if kb.timeline is not None:
        parts["hype"] = raw(timeline.svg(kb.timeline))
    for tid, topic in kb.topics.items():
        for i, ex in enumerate(topic.examples):
            output = examples.get((tid, ex.file))
            if output is None:
                continue
            f = fence(output.code)
            parts[f"code-{tid}-{i}"] = f'{f}python title="{ex.file}"\n{output.code.rstrip()}\n{f}'
            for j, svg in enumerate(output.figures):
                parts[f"ex-{tid}-{i}-{j}"] = raw(figure_html(svg, ex.caption))
    return [dataclasses.replace(p, content=insert_figures(p.content, parts)) for p in rendered]


def topic_id(src_uri: str) -> str | None:
    """``topics/<id>.md`` → ``<id>``; None for any other page."""
    m = re.fullmatch(r"topics/([a-z0-9-]+)\.md", src_uri)
    return m.group(1) if m and src_uri != TOPICS_INDEX else None


def example_fragments(kb: KnowledgeBase, examples: dict[tuple[str, str], Output],
                      render: Callable[[str], str], cache: Path | None = None,
                      salt: str = "") -> dict[str, dict[str, str]]:
    """Topic id → marker name → HTML of its worked examples' code listings and figures.

    They are put in place late (``insert_figures``), after the search index and the print
    page's combined HTML are made: those would otherwise parse thousands of highlighting
    spans and megabytes of SVG that they do not need. ``render`` turns Markdown into HTML
    as the site does, so a listing looks like any fenced block; ``salt`` names that
    configuration for the memo in ``cache``.
    """
    out: dict[str, dict[str, str]] = {}
    for tid, topic in kb.topics.items():
        for i, ex in enumerate(topic.examples):
            output = examples.get((tid, ex.file))
            if output is None:
                continue
            frags = out.setdefault(tid, {})
            f = fence(output.code)
            source = f'{f}python title="{ex.file}"\n{output.code.rstrip()}\n{f}\n'
            frags[f"code-{tid}-{i}"] = memo_text(cache, "listing", (salt, source),
                                            lambda source=source: render(source))
            for j, svg in enumerate(output.figures):
                frags[f"ex-{tid}-{i}-{j}"] = figure_html(svg, ex.caption)
    return out


def example_downloads(kb: KnowledgeBase, examples: dict[tuple[str, str], Output],
                      cache: Path | None = None) -> dict[str, str]:
    """Site path → content of each example's script and notebook, beside its topic page."""
    out = {}
    for (tid, file), output in examples.items():
        title = next(ex.title for ex in kb.topics[tid].examples if ex.file == file)
        out[f"topics/{tid}/{file}"] = output.code
        out[f"topics/{tid}/{file[:-3]}.ipynb"] = memo_text(
            cache, "notebook", (output.code, title),
            lambda code=output.code, title=title: notebook(code, title))
    return out


def assessment_data(kb: KnowledgeBase) -> dict:
    """What the assessment page's script needs: every topic in learning order."""
    return {
        "areas": [{"id": a.id, "title": a.title} for a in kb.areas],
        "topics": [
            {"id": tid, "title": t.title, "area": t.area,
             "prerequisites": [p for p in t.prerequisites if p in kb.topics],
             "questions": [q.id for q in t.quiz],
             "readings": [r.cite for r in t.readings]}
            for tid, t in kb.topics.items()
        ],
    }


def site_data(kb: KnowledgeBase) -> str:
    """``assets/kb/site-data.js``: what every page's script needs to count due questions.

    ``aliases`` maps renamed topics and questions (``aliases`` in their YAML) to their
    current ids; the progress store applies it on load, so a rename loses no progress.
    """
    data = {**assessment_data(kb), "aliases": kb.alias_map()}
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "window.KB_DATA = " + text.replace("<", "\\u003c") + ";\n"


def redirect(href: str, title: str) -> str:
    """A page at a topic's former URL that sends the reader on to ``href`` (relative, so it
    works on any host and from disk), without script."""
    e = html.escape
    return ('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<title>Moved: {e(title)}</title>\n'
            f'<meta http-equiv="refresh" content="0; url={e(href)}">\n'
            f'<link rel="canonical" href="{e(href)}">\n<meta name="robots" content="noindex">\n'
            f'</head>\n<body>\n<p>This topic has moved to <a href="{e(href)}">{e(title)}</a>.'
            f'</p>\n</body>\n</html>\n')


def expand_nav(nav: list | None, kb: KnowledgeBase) -> list | None:
    """Replace the ``topics/index.md`` entry of a nav with a section per area.

    The result is plain MkDocs nav data (lists and single-key dicts).
    """
    if not nav:
        return nav
    areas = [
        {theme_text(a.title): [{theme_text(t.title): f"topics/{tid}.md"}
                               for tid, t in kb.topics_in(a.id)]}
        for a in kb.areas if kb.topics_in(a.id)
    ]

    def expand(item):
        if item == TOPICS_INDEX:
            return {"Topics": [TOPICS_INDEX, *areas]}
        if isinstance(item, dict) and len(item) == 1:
            (title, value), = item.items()
            if value == TOPICS_INDEX:
                return {title: [TOPICS_INDEX, *areas]}
            if isinstance(value, list):
                return {title: [expand(v) for v in value]}
        return item

    return [expand(item) for item in nav]
