"""Real `mkdocs build --strict` of the fixture knowledge base, read back as HTML."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import BIN, ROOT, kb_options, make_project, mkdocs_build

pytestmark = pytest.mark.slow


class Links(HTMLParser):
    """Collects ids and the href of every link inside the page's article."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "article":
            self.depth += 1
        if tag == "a" and self.depth and attrs.get("href"):
            self.hrefs.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1


def article(site: Path, page: str) -> str:
    html = (site / page).read_text(encoding="utf-8")
    return html[html.index("<article"):html.index("</article>")]


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_generated_pages_exist(built_site: Path):
    for page in ["index.html", "topics/index.html", "papers/index.html", "assess/index.html",
                 "map/index.html", "timeline/index.html", "review/index.html",
                 "learn-something-harder.apkg", "assets/kb/site-data.js",
                 "topics/alpha/index.html", "topics/beta/index.html", "topics/gamma/index.html"]:
        assert (built_site / page).is_file(), page


def test_topic_page(built_site: Path):
    html = article(built_site, "topics/alpha/index.html")
    assert '<h1 id="alpha">Alpha' in html
    assert '<span class="kb-level kb-level--foundational">Foundational</span>' in html
    assert '<a href="../#basics">Basics</a>' in html and "3.5 h of reading" in html
    for heading in ["Overview", "Why it is harder than stacking layers", "Key ideas",
                    "Prerequisites", "Reading list", "Check yourself"]:
        assert f">{heading}<a class=\"headerlink\"" in html
    # math survives as arithmatex spans for KaTeX, with < escaped, never raw HTML
    assert r'<span class="arithmatex">\(a &lt; b\)</span>' in html
    assert r"\begin{aligned}" in html and r"\operatorname{Var}" in html
    assert re.search(r'<h3 id="leads-to">Leads to.*?</h3>\s*<ul>\s*<li><a href="../beta/">Beta</a>'
                     r'</li>', html)
    assert "Path to this topic" not in html  # nothing comes before alpha
    assert "None listed: this topic is a place to start." in html
    # readings: formatted from BibTeX, in order, with why, sections and hours
    first = html.index("Jane Smith and Jörg Müller (2001)")
    second = html.index("Alan Jones (2010)")
    assert first < second
    assert "<em>A Gentle Introduction.</em> Example Press." in html
    assert "Journal of Examples, 12(3), 100–120." in html
    assert '<a href="https://doi.org/10.1000/xyz%2810%29123">doi:10.1000/xyz(10)123</a>' in html
    assert '<a href="https://example.org/gentle">link</a>' in html
    assert "<strong>Read:</strong> Chapter 1 · <strong>Time:</strong> about 2 h" in html
    assert "about <strong>3.5 hours</strong> in all" in html
    # quiz: readable, answers collapsed
    assert '<div class="kb-quiz" data-topic="alpha">' in html
    assert ('<div class="kb-question" data-qid="linearity" data-type="single" '
            'id="q-linearity">') in html
    assert '<div class="kb-option" data-correct="true">\n<p><strong>a.</strong> Yes</p>' in html
    assert 'data-answer="0.5" data-qid="half" data-tolerance="0.01" data-type="numeric"' in html
    assert re.search(r'<details class="kb-answer success">\s*<summary>Answer</summary>', html)
    assert "It is; no independence needed." in html
    assert "<strong>0.5</strong> (answers within ±0.01 count)" in html


def test_worked_example_on_the_topic_page(built_site: Path):
    html = article(built_site, "topics/alpha/index.html")
    section = html[html.index('id="worked-example"'):html.index('id="check-yourself"')]
    assert '<h3 id="rolling-a-die">Rolling a die' in section
    # the code, highlighted, with its file name, as the script is on disk
    assert '<span class="filename">running-mean.py</span>' in section
    assert "rng</span> <span class=\"o\">=</span> <span class=\"n\">np</span>" in section
    # what it printed, verbatim
    assert "mean of 4000 rolls: 3.526" in section and "expectation: 3.500" in section
    # the figure: inline SVG, labelled by the caption, inside a figure with that caption
    figure = re.search(r'<figure class="kb-example-figure">(.*?)</figure>', section, re.S)
    assert figure
    assert ('<svg role="img" aria-label="The running mean of die rolls approaches the '
            'expectation 3.5."') in figure.group(1)
    assert "<figcaption>\n<p>The running mean of die rolls approaches the expectation 3.5." \
           "</p>\n</figcaption>" in figure.group(1)
    assert max(len(line) for line in figure.group(1).splitlines()) < 20_000
    # downloads beside the page: the script itself and a notebook holding it
    assert '<a href="running-mean.py">running-mean.py</a>' in section
    assert '<a href="running-mean.ipynb">running-mean.ipynb</a>' in section
    script = (built_site / "topics/alpha/running-mean.py").read_text(encoding="utf-8")
    source = ROOT / "tests/fixtures/site/kb/examples/alpha/running-mean.py"
    assert script == source.read_text(encoding="utf-8")
    notebook = json.loads((built_site / "topics/alpha/running-mean.ipynb").read_text())
    assert "rolls = rng.integers(1, 7, size=4000)\n" in notebook["cells"][1]["source"]
    # before the quiz, and in the page's table of contents
    assert html.index('id="worked-example"') < html.index('id="check-yourself"')
    # a topic without examples has no such section
    assert 'id="worked-example"' not in article(built_site, "topics/beta/index.html")


def test_path_to_a_topic(built_site: Path):
    html = article(built_site, "topics/gamma/index.html")
    assert "2 steps, about\n<strong>5 h</strong> counting each step's first (gentlest) reading" \
        in html
    path = html[html.index('id="path-to-this-topic"'):html.index("</ol>", html.index(
        'id="path-to-this-topic"'))]
    assert re.findall(r'<li><a href="../(\w+)/">\w+</a> · ([\d.]+) h</li>', path) == [
        ("alpha", "2"), ("beta", "3")]


def test_map_page(built_site: Path):
    html = article(built_site, "map/index.html")
    svg = html[html.index("<svg"):html.index("</svg>") + 6]
    ElementTree.fromstring(svg)  # well-formed
    assert '<title id="kb-map-title">Prerequisite map</title>' in svg
    assert "3 topics in 3 columns" in svg and "2 arrows go from each prerequisite" in svg
    for tid in ["alpha", "beta", "gamma"]:
        assert f'<a href="../topics/{tid}/" class="kb-map-node' in svg
    assert svg.count('class="kb-map-edge"') == 2
    outline = html[html.index('<ol class="kb-outline">'):]
    assert re.findall(r'<li class="kb-depth-(\d)"><a href="../topics/(\w+)/">', outline) == [
        ("0", "alpha"), ("1", "beta"), ("2", "gamma")]
    assert "— after Beta</li>" in outline and "— a starting point</li>" in outline


def test_timeline_page(built_site: Path):
    html = article(built_site, "timeline/index.html")
    svg = html[html.index("<svg"):html.index("</svg>") + 6]
    ElementTree.fromstring(svg)
    assert 'data-year="2012"><text' in svg and 'data-year="2011" display="none"' in svg
    assert "Two waves of tools, and the ideas that outlast them." in html
    # the table says the same as the figure for the default year
    rows = re.findall(r"<tr data-phases=\"[^\"]*\">\s*<td>(\w+)</td>\s*<td>([\w ]+)</td>\s*"
                      r'<td class="kb-phase-cell">([\w ]+)</td>', html)
    assert rows == [("Widget", "Old wave", "Trough of disillusionment"),
                    ("Gadget", "New wave", "Innovation trigger")]
    # events in chronological order, linked to paper, topic and source
    events = re.findall(r'<div class="kb-event" id="event-(\d)">', html)
    assert events == ["2", "1", "0"]
    assert ('<a href="../papers/#jones2010deep">Jones (2010)</a> · topic: '
            '<a href="../topics/beta/">Beta</a>') in html
    assert '<a href="https://example.org/widget">source</a>' in html
    papers = article(built_site, "papers/index.html")
    assert ('<strong>On the timeline:</strong> <a href="../timeline/#event-1">The Jones paper</a>'
            in papers)


def test_prerequisite_links_and_arxiv(built_site: Path):
    html = article(built_site, "topics/gamma/index.html")
    assert '<li><a href="../beta/">Beta</a></li>' in html
    assert "Kim Lee, Min Park and Sun Choi (2020). <em>A Preprint.</em> arXiv preprint." in html
    assert '<a href="https://arxiv.org/abs/2001.01234">arXiv:2001.01234</a>' in html


def test_topics_index_grouped_by_area_in_order(built_site: Path):
    html = article(built_site, "topics/index.html")
    basics, models = html.index('id="basics"'), html.index('id="models"')
    assert basics < html.index('href="alpha/"') < models < html.index('href="beta/"') \
        < html.index('href="gamma/"')
    assert "<em>intermediate</em>" in html and "Builds on alpha." in html
    assert r'<span class="arithmatex">\(p(x) = \int p(x, z)\, dz\)</span>' in html


def test_papers_page(built_site: Path):
    html = article(built_site, "papers/index.html")
    order = [html.index(f'id="{key}"') for key in
             ["jones2010deep", "lee2020arxiv", "smith2001gentle"]]
    assert order == sorted(order)
    assert ('<strong>Read for:</strong> <a href="../topics/alpha/">Alpha</a>, '
            '<a href="../topics/beta/">Beta</a>') in html
    # the BibTeX entry as written, in a code block Material gives a copy button
    block = html[html.index('id="lee2020arxiv"'):]
    assert '<div class="highlight"><pre><span></span><code>' in block
    assert "archiveprefix" in block


def test_every_internal_link_resolves(built_site: Path):
    # the print page's anchors are repaired when the PDF is printed (test_offline_and_pdf)
    pages = sorted(p for p in built_site.rglob("*.html") if "print_page" not in p.parts)
    ids = {p: parse(p).ids for p in pages}
    checked = 0
    for page in pages:
        for href in parse(page).hrefs:
            if re.match(r"^[a-z]+:", href):
                assert href.startswith(("https://", "http://")), (page, href)
                continue
            path, _, anchor = href.partition("#")
            target = (page.parent / path).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), (page, href)
            if anchor:
                assert anchor in ids[target], (page, href)
            checked += 1
    assert checked > 40


def test_assessment_page_without_javascript(built_site: Path):
    html = article(built_site, "assess/index.html")
    assert 'class="kb-nojs"' in html
    assert re.search(r'<div[^>]*\bhidden\b[^>]*id="kb-assess"', html)
    for tid, title in [("alpha", "Alpha"), ("beta", "Beta"), ("gamma", "Gamma")]:
        assert (f'<tr data-topic="{tid}">\n<td><a href="../topics/{tid}/">{title}</a></td>'
                in html)
    data = re.search(r'data-kb="([^"]*)"', html).group(1)
    kb = json.loads(unescape(data))
    assert [t["id"] for t in kb["topics"]] == ["alpha", "beta", "gamma"]
    assert kb["topics"][1] == {"id": "beta", "title": "Beta", "area": "models",
                               "prerequisites": ["alpha"], "questions": ["pick-all", "explain"],
                               "readings": ["jones2010deep"]}


def test_reading_status_slots(built_site: Path):
    topic = article(built_site, "topics/alpha/index.html")
    assert topic.count('<span class="kb-reading" data-cite="') == 2
    papers = article(built_site, "papers/index.html")
    assert '<span class="kb-reading" data-cite="lee2020arxiv"></span>' in papers


def test_navigation_groups_topics_by_area(built_site: Path):
    html = (built_site / "topics/beta/index.html").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):html.index('class="md-content"')]
    assert "Basics" in nav and "Models" in nav
    assert nav.index("Models") < nav.index("Beta") < nav.index("Gamma")


def test_search_index_has_topics(built_site: Path):
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    titles = {doc["title"] for doc in index["docs"]}
    assert {"Alpha", "Beta", "Gamma", "Papers", "Topics"} <= titles


def test_math_and_assets_are_local(built_site: Path):
    html = (built_site / "topics/alpha/index.html").read_text(encoding="utf-8")
    for asset in ["assets/katex/katex.min.js", "assets/katex/contrib/auto-render.min.js",
                  "assets/katex/katex.min.css", "assets/kb/math.js"]:
        assert f'../../{asset}' in html
        assert (built_site / asset).is_file()
    assert "fonts.googleapis" not in html and "cdn.jsdelivr" not in html


def test_two_builds_give_identical_html(tmp_path: Path, built_site: Path):
    project = make_project(tmp_path / "again")
    # a cold example cache: the figures are drawn again and must come out byte for byte
    fresh = {"KB_EXAMPLES_CACHE": str(tmp_path / "fresh-cache")}
    assert mkdocs_build(project, env=fresh).returncode == 0
    assert list((tmp_path / "fresh-cache").glob("*.json"))
    first = {p.relative_to(built_site): p.read_bytes() for p in built_site.rglob("*.html")}
    second = {p.relative_to(project / "site"): p.read_bytes()
              for p in (project / "site").rglob("*.html")}
    assert first.keys() == second.keys() and len(first) >= 6
    assert [k for k in first if first[k] != second[k]] == []


def test_hostile_text_is_shown_not_run(tmp_path: Path):
    project = make_project(tmp_path / "hostile")
    beta = project / "kb/topics/beta.yml"
    beta.write_text(beta.read_text().replace(
        "title: Beta", "title: Beta <script>alert('t')</script>").replace(
        "  Beta needs [alpha](alpha.md) first.",
        "  Beta needs [alpha](alpha.md) first. <script>alert('o')</script>\n"
        "  <img src=x onerror=\"alert('i')\"> <a href=\"javascript:alert('h')\">x</a> $a <b$\n"
        "\n  ### Attributes without a tag { onclick=\"alert('attr')\" }\n"))
    bib = project / "references.bib"
    bib.write_text(bib.read_text().replace("{Deep Things}", "{Deep <script>alert('b')</script>}"))
    result = mkdocs_build(project)  # layer 1: the build refuses it, naming each field
    assert result.returncode == 1
    for field in ["title: raw HTML '<script'", "overview: raw HTML '<img'",
                  "overview: an attribute list", "jones2010deep: title: raw HTML '<script'"]:
        assert field in result.stderr, field
    kb_options(project, check_text=False)  # layer 2 on its own: validation bypassed
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    tag = r"<[a-zA-Z][^<>]*"  # inside a tag, not in text that shows one
    for page in (project / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html, page
        assert not re.search(tag + r"\s(onerror|onclick)\s*=", html), page
        assert not re.search(tag + r"\s(href|src)\s*=\s*[\"']?\s*javascript:", html), page
    html = article(project / "site", "topics/beta/index.html")
    assert "Beta &lt;script&gt;alert('t')&lt;/script&gt;" in html
    assert r'<span class="arithmatex">\(a &lt;b\)</span>' in html
    title = (project / "site/topics/beta/index.html").read_text(encoding="utf-8")
    assert "<title>Beta &lt;script&gt;alert('t')&lt;/script&gt; - " in title


def test_edit_link_points_at_the_yaml(tmp_path: Path):
    project = make_project(tmp_path / "edit")
    env = {"KB_REPO_URL": "https://github.com/example/kb", "KB_EDIT_URI": "edit/main/docs/"}
    assert mkdocs_build(project, env=env).returncode == 0
    html = (project / "site/topics/beta/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/example/kb/edit/main/kb/topics/beta.yml"' in html
    assert ('<a href="https://github.com/example/kb/issues/new?template=content-error.yml&amp;'
            'topic=beta&amp;title=Content%20error%20in%20%E2%80%9CBeta%E2%80%9D">'
            'Report a problem</a>') in html


def test_a_page_in_docs_may_not_shadow_a_generated_one(project: Path):
    (project / "docs" / "papers.md").write_text("# Mine\n")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "docs/papers.md clashes with a page the kb plugin generates" in result.stderr


def article_of(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    return html[html.index("<article"):html.index("</article>")]


def text_of(html: str) -> str:
    """What a reader reads: the text, without tags, scripts' data or spacing."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_exported_markdown_builds_with_plain_mkdocs(tmp_path: Path, built_site: Path):
    """`kb export-markdown` writes pages any MkDocs can build, without the kb plugin."""
    project = make_project(tmp_path / "plain")
    out = subprocess.run([str(BIN / "kb"), "export-markdown", str(project / "docs"), "--root",
                          str(project), "--nav", str(tmp_path / "nav.yml")],
                         capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("kb: wrote 9 pages to ")
    topics_nav = (tmp_path / "nav.yml").read_text()
    assert topics_nav.startswith("- Topics:\n  - topics/index.md\n  - Basics:\n")
    config = (project / "mkdocs.yml").read_text()
    assert re.search(r"^  - kb:?\n", config, re.M)
    config = re.sub(r"^  - kb:?\n(?:      .*\n)*", "", config, flags=re.M).replace(
        "  - Topics: topics/index.md     # the kb plugin expands this into a section per area\n",
        "".join("  " + line + "\n" for line in topics_nav.splitlines()))
    (project / "mkdocs.yml").write_text(config)
    shutil.rmtree(project / "kb")
    (project / "references.bib").unlink()
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    html = (project / "site/topics/beta/index.html").read_text(encoding="utf-8")
    assert "Path to this topic" in html and 'class="kb-quiz"' in html
    # the whole site, not a page lost: every page's article reads the same as the plugin's
    plain = project / "site"
    compared = 0
    for page in sorted(built_site.rglob("index.html")):
        rel = page.relative_to(built_site)
        if rel.parts[0] in ("print_page", "404.html") or "<article" not in page.read_text():
            continue  # print-site's page; redirect pages for former ids
        twin = plain / ("topics/_review/index.html" if rel.parts[0] == "review" else rel)
        assert twin.is_file(), rel
        assert text_of(article_of(twin)) == text_of(article_of(page)), rel
        compared += 1
    assert compared >= 10
    # the figures and the worked example's code and download come along
    assert re.search(r'<svg[^>]*class="kb-map"', article_of(plain / "map/index.html"))
    assert re.search(r'<svg[^>]*class="kb-hype"', article_of(plain / "timeline/index.html"))
    alpha = article_of(plain / "topics/alpha/index.html")
    assert '<svg role="img" aria-label="The running mean of die rolls' in alpha
    assert '<span class="filename">running-mean.py</span>' in alpha
    assert (plain / "topics/alpha/running-mean.py").is_file()
    assert (plain / "topics/alpha/running-mean.ipynb").is_file()


def test_review_page_holds_every_question(built_site: Path):
    html = article(built_site, "review/index.html")
    assert 'class="kb-nojs"' in html
    keys = re.findall(r'class="kb-review-card" data-key="([^"]+)"', html)
    assert keys == ["alpha/linearity", "alpha/half", "beta/pick-all", "beta/explain"]
    # rendered as on the topic pages, with ids of their own and links that resolve from here
    assert 'id="q-alpha-linearity"' in html and 'data-type="numeric"' in html
    assert '<a href="../topics/alpha/">Alpha</a>' in html
    assert not (built_site / "topics/_review").exists()
    # not in the search index (it repeats every quiz), nor in the print page
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert not any(doc["location"].startswith("review/") for doc in index["docs"])
    assert 'id="kb-review"' not in (built_site / "print_page/index.html").read_text()


def test_site_data_for_due_counts(built_site: Path):
    text = (built_site / "assets/kb/site-data.js").read_text(encoding="utf-8")
    assert text.startswith("window.KB_DATA = ") and text.endswith(";\n")
    data = json.loads(text[len("window.KB_DATA = "):-2])
    assert [t["id"] for t in data["topics"]] == ["alpha", "beta", "gamma"]
    assert data["topics"][0]["questions"] == ["linearity", "half"]
    assert data["aliases"] == {"topics": {}, "questions": {}}
    html = (built_site / "topics/alpha/index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script src="\.\./\.\./assets/(kb|fsrs)/([^"]+)"', html)
    assert scripts == [("kb", "math.js"), ("fsrs", "ts-fsrs.umd.js"), ("kb", "site-data.js"),
                       ("kb", "store.js"), ("kb", "quiz.js"), ("kb", "kb.js"),
                       ("kb", "figures.js")]
    assert (built_site / "assets/kb/review.js").is_file()  # loaded by kb.js on /review/ only
    assert (built_site / "assets/fsrs/LICENSE").is_file()


def test_print_page_only_when_asked(built_site, tmp_path):
    """`make build` and `make serve` leave print-site's page out (a fifth of a build);
    `KB_PRINT=true` (make pdf, make offline) puts it in, and changes no other page."""
    project = make_project(tmp_path / "project")
    result = mkdocs_build(project, env={"KB_PRINT": "false"})
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert not (site / "print_page").exists() and not (site / "print_page.html").exists()
    assert (built_site / "print_page" / "index.html").is_file()
    plain = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    printed = sorted(p.relative_to(built_site) for p in built_site.rglob("*") if p.is_file()
                     and "print_page" not in p.parts and "print-site" not in p.name)
    assert plain == printed
    # print-site links its stylesheets and script from every page; nothing else differs
    extra = re.compile(r'<link rel="stylesheet" href="[^"]*/print-site[^"]*\.css">'
                       r'|<script src="[^"]*/print-site\.js"></script>')

    def normal(path: Path) -> str:
        return re.sub(r">\s+<", "><", extra.sub("", path.read_text(errors="replace")))
    differ = [rel for rel in plain if normal(site / rel) != normal(built_site / rel)]
    assert differ == []
    assert "print-site" not in (site / "index.html").read_text()
