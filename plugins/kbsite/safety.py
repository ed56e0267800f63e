"""Keeping contributor text from running script in a reader's browser.

Markdown passes raw HTML through, so escaping at the source would also break math
(``$a < b$``) and code. Instead the HTML that Markdown produces for a generated page is
cleaned with ammonia (nh3) against an allowlist of what our templates, Python-Markdown,
pymdown-extensions and Material emit. Links keep only http(s) or relative targets.
"""

from __future__ import annotations

import nh3

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


def sanitize(html: str) -> str:
    """Remove anything that could run script: tags, attributes and URL schemes not allowed."""
    return nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_ATTRIBUTES,
        generic_attribute_prefixes={"data-", "aria-"},
        url_schemes={"http", "https"},
        link_rel=None,
        strip_comments=True,
    )

