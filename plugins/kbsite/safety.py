"""Keeping contributor text from running script in a reader's browser: the second layer.

``kb validate`` (markup.py) refuses raw markup in contributor text; this layer holds when
validation was bypassed. Before Markdown, ``markup.neutralise`` turns any raw HTML, comment,
character reference or attribute list outside math and code into text (pages.py). After
Markdown, the page's HTML is cleaned with ammonia (nh3) against an allowlist of what our
templates, Python-Markdown, pymdown-extensions and Material emit, and steered by nothing:

- links keep only http(s) or relative targets, images only the site's own files;
- an id that could name the theme's elements (``__*``, ``md-*``) or ours (``kb-*``) is
  prefixed with ``user-content-`` (as GitHub does), unless it is one of the few our
  templates put on that page on that element;
- classes are kept only from an allowlist (Markdown's, Pygments', admonition types, ours),
  so no content can switch a theme feature on (``annotate``, ``mermaid``, ``tabbed-set``);
  on an admonition or a collapsible block only admonition types survive;
- ``data-md-*`` attributes (the theme's switches) are dropped;
- ``title`` attributes keep plain text only.

The third layer, a Content-Security-Policy without ``'unsafe-inline'`` (csp.py), stands on
its own when both of these are bypassed.
"""

from __future__ import annotations

import re
import threading
from importlib import metadata
from pathlib import Path

import nh3
from pygments.token import STANDARD_TYPES

from .markup import ADMONITION_TYPES

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "button", "caption", "cite", "code", "col",
    "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "fieldset",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins",
    "kbd", "label", "legend", "li", "mark", "nav", "ol", "output", "p", "pre", "q", "s",
    "samp", "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
}
_GENERIC = {"class", "id", "title", "lang", "dir", "role", "hidden", "tabindex"}
_ATTRIBUTES = {
    "*": _GENERIC,
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "button": {"type", "disabled", "name", "value"},
    "input": {"type", "name", "value", "checked", "disabled", "step", "min", "max",
              "inputmode", "autocomplete", "required"},
    "label": {"for"},
    "details": {"open"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "time": {"datetime"},
    "output": {"for"},
    "col": {"span"},
    "colgroup": {"span"},
}


PREFIX = "user-content-"
_RESERVED_ID = re.compile(r"^(?:__|md-|kb-|user-content-)", re.IGNORECASE)
TEMPLATE_IDS = {
    "assess.md": {("div", "kb-assess"), ("input", "kb-import")},
    "timeline.md": {("input", "kb-year"), ("div", "kb-figure-hype")},
    "map.md": {("div", "kb-figure-map")},
    "topics/_review.md": {("div", "kb-review"), ("input", "kb-new-per-day")},
}
"""The ids our templates give elements the scripts look up, per page and element."""
_EXAMPLE_SLOT = r"kb-figure-(?:code-{topic}-\d+|ex-{topic}-\d+-\d+)"
"""On a topic page: where its worked examples' listings and figures go
(pages.example_fragments), named after that page's topic."""
_CLASSES = frozenset({
    # Python-Markdown, pymdown-extensions and our templates' Markdown
    "admonition", "admonition-title", "arithmatex", "headerlink", "toclink", "footnote",
    "footnote-ref", "footnote-backref", "highlight", "highlighttable", "linenos",
    "linenodiv", "filename", "code", "success",
    # Pygments token classes (pymdownx.highlight)
    *(c for c in STANDARD_TYPES.values() if c),
    *ADMONITION_TYPES,
})
_LANGUAGE = re.compile(r"^language-[a-z0-9_+-]+$")
_KB_CLASS = re.compile(r"^kb-[a-z0-9-]+$")
_REMOTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|\\\\)")
_TAGLIKE = re.compile(r"[<>]")


def _filter(page: str | None):
    ids = TEMPLATE_IDS.get(page or "", set())
    topic = page and re.fullmatch(r"topics/([a-z0-9-]+)\.md", page)
    slot = re.compile(_EXAMPLE_SLOT.format(topic=re.escape(topic.group(1)))) if topic else None

    def keep(element: str, attribute: str, value: str) -> str | None:
        if attribute == "id":
            ours = (element, value) in ids or (
                slot is not None and element == "div" and slot.fullmatch(value))
            if _RESERVED_ID.match(value) and not ours:
                return PREFIX + value
            return value
        if attribute == "class":
            tokens = value.split()
            boxed = element == "details" or "admonition" in tokens
            kept = [t for t in tokens if t in _CLASSES or _LANGUAGE.match(t)
                    or (_KB_CLASS.match(t) and (not boxed or t == "kb-answer"))]
            if boxed:
                kept = [t for t in kept if t in ADMONITION_TYPES or t in (
                    "admonition", "kb-answer", "success")]
            return " ".join(kept) or None
        if attribute.startswith("data-md"):
            return None
        if attribute == "title":
            return _TAGLIKE.sub("", value)
        if attribute == "src" and element == "img" and _REMOTE.match(value):
            return None
        return value

    return keep


def sanitize(html: str, page: str | None = None) -> str:
    """Remove anything that could run script or steer the theme: tags, attributes and URL
    schemes not allowed, ids and classes that could be the theme's or ours (``page``, the
    page's path such as ``assess.md``, says which ids of ours belong there)."""
    _current.keep = _filter(page)
    return _CLEANER.clean(html)


_current = threading.local()  # the page being cleaned, in this thread
_CLEANER = nh3.Cleaner(  # built once: its allowlists cost more to set up than a page to clean
    tags=_TAGS,
    clean_content_tags={"script", "style"},
    attributes=_ATTRIBUTES,
    generic_attribute_prefixes={"data-", "aria-"},
    url_schemes={"http", "https"},
    link_rel=None,
    strip_comments=True,
    attribute_filter=lambda element, attribute, value: _current.keep(element, attribute,
                                                                     value),
)


VERSION = repr((metadata.version("nh3"), metadata.version("pygments"),  # its token classes
                *(Path(__file__).with_name(n).read_bytes() for n in ("safety.py", "markup.py"))))
"""What decides the cleaned HTML besides the page: this module, the rules it imports,
ammonia and Pygments' token classes. The cache of cleaned pages keys on it (prepared.py)."""
