"""What contributor text may contain: Markdown and math, never raw markup.

The data contract (DESIGN.md) has two kinds of text. *Markdown* fields (overview, prompts,
notes …) take Markdown and math; *plain-text* fields (titles, names) are shown exactly as
written. Neither may hold raw HTML, HTML comments, attribute lists (``{ #id .class }``) or
character references that decode to markup or control characters: those are how text from
a pull request would reach the theme's ids, classes and scripts. Math (``$i<j$``) and code
(`` `real<lower=0>` ``) are exempt: Markdown never reads markup there.

Two users: ``findings`` for ``kb validate`` (the first layer: refuse, with the offending
snippet so the caller can point at its line), and ``neutralise`` for rendering (part of the
second layer: whatever slipped past validation is shown as text, never parsed as markup).
No I/O, no MkDocs.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

# Material's admonition types and their aliases (admonition, pymdownx.details).
ADMONITION_TYPES = frozenset({
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important",
    "success", "check", "done", "question", "help", "faq", "warning", "caution", "attention",
    "failure", "fail", "missing", "danger", "error", "bug", "example", "quote", "cite"})

PLAIN_FIELDS = frozenset({"title", "name", "sections", "caption"})
"""Fields shown exactly as written (model.Text): no Markdown, no markup."""
MARKDOWN_FIELDS = frozenset({"summary", "overview", "why_harder", "key_ideas", "why", "prompt",
                             "text", "feedback", "explanation", "answer", "intro", "note"})
"""Fields that take Markdown and math (model.Markdown)."""

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n(?:.*?\n)??[ \t]*\1[`~]*[ \t]*(?:\n|$)",
                    re.MULTILINE | re.DOTALL)
_BACKTICKS = re.compile(r"(?<!\\)(`+)")
_MATH = re.compile(
    r"(?<!\\)\$\$.+?(?<!\\)\$\$"           # $$ … $$ (display, may span lines)
    r"|\\\[.+?\\\]"                          # \[ … \]
    r"|\\begin\{([a-zA-Z*]+)\}.+?\\end\{\1\}"  # \begin{env} … \end{env}
    r"|\\\(.+?\\\)"                          # \( … \)
    r"|(?<![\\$])\$(?![\s$])[^\n$]*?[^\s\\]\$(?!\d)"  # $ … $ (inline, one line)
    r"|(?<![\\$])\$[^\s\\$]\$(?!\d)",        # $x$
    re.DOTALL)

_COMMENT = re.compile(r"<!--")
_AUTOLINK = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
_TAG = re.compile(r"</?[a-zA-Z][^\s/>]*|<[!?]")
_CHARREF = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
_ATTR_LIST = re.compile(r"\{:?[ ]*[^\}\n ][^\n]*?\}")
_ADMONITION = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]*([^\s\"]+(?:[ \t]+[^\s\"]+)*)?",
                         re.MULTILINE)
_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*<?([^\s)>]*)")
_REF_IMAGE = re.compile(r"!\[([^\]\n]*)\](?:\[([^\]\n]*)\])?")
_REF_DEF = re.compile(r"^[ ]{0,3}\[([^\]\n]+)\]:[ \t]*<?([^\s>]+)", re.MULTILINE)
_REMOTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|\\\\)")
# Markdown in a plain-text field: links, images, emphasis, code, math, escapes, headings.
_PLAIN_MARKUP = re.compile(
    r"!?\[[^\]\n]*\]\s*[(\[]"     # a link or image
    r"|[`\\]|\$[^$\s][^$]*\$"       # code, escapes, math (a lone $ is a dollar)
    r"|\*|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])"  # emphasis (a_b stays fine)
    r"|^\s*(?:#|>|[-+] |\d+[.)] )"  # a heading, quote or list
    r"|\{[^}\n]*\}?|\}")          # an attribute list
_MARKUP_CHARS = set("<>&\"'`")


@dataclass(frozen=True)
class Finding:
    offset: int
    """Where in the text the problem starts."""
    snippet: str
    """The offending text as written (used to find its line in the file)."""
    message: str


_NOT_NEWLINE = re.compile(r"[^\n]")


def _blank(m: re.Match) -> str:
    """A match's text as spaces (newlines kept, so offsets and lines hold)."""
    return _NOT_NEWLINE.sub(" ", m.group(0))


def mask(text: str) -> str:
    """``text`` with fenced code, code spans and math blanked out: what Markdown reads as
    prose (and so as HTML, attribute lists and references)."""
    out = _FENCE.sub(_blank, text) if ("```" in text or "~~~" in text) else text
    pos, pieces = 0, []
    while "`" in out[pos:]:  # code spans: a run of n backticks up to the next run of exactly n
        m = _BACKTICKS.search(out, pos)
        if not m:
            break
        close = re.compile(rf"(?<!`){m.group(1)}(?!`)").search(out, m.end())
        if not close:
            pieces.append(out[pos:m.end()])
            pos = m.end()
            continue
        pieces += [out[pos:m.start()], _NOT_NEWLINE.sub(" ", out[m.start():close.end()])]
        pos = close.end()
    out = "".join(pieces) + out[pos:] if pieces else out
    return _MATH.sub(_blank, out) if ("$" in out or "\\" in out) else out


def _charref(ref: str) -> str | None:
    """Why a character reference is refused, or None when it is harmless (e.g. &mdash;)."""
    decoded = html.unescape(ref)
    if decoded == ref:
        return None  # not a reference HTML knows: shown as written
    bad = [c for c in decoded if c in _MARKUP_CHARS]
    if bad:
        return f"decodes to {bad[0]!r}, which is markup"
    for c in decoded:
        cat = unicodedata.category(c)
        if cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") or c == "\ufffd":
            return f"decodes to the control or invisible character U+{ord(c):04X}"
    return None


def _markup(masked: str, text: str) -> list[Finding]:
    """Raw HTML, comments and dangerous character references in already masked text."""
    out = []
    autolinks = [(m.start(), m.end()) for m in _AUTOLINK.finditer(masked)]
    for m in _COMMENT.finditer(masked):
        out.append(Finding(m.start(), text[m.start():m.start() + 4],
                           "an HTML comment: raw HTML is not part of the data contract; "
                           "delete it (a YAML comment starts with # outside the text)"))
    for m in _TAG.finditer(masked):
        if any(a <= m.start() < b for a, b in autolinks) or masked.startswith("<!--", m.start()):
            continue
        out.append(Finding(m.start(), m.group(0),
                           f"raw HTML {m.group(0)!r}: not part of the data contract; use "
                           f"Markdown (*emphasis*, **strong**, [text](url), `code`, $math$); "
                           f"a literal < goes in math or code, or before a space"))
    for m in _CHARREF.finditer(masked):
        why = _charref(m.group(0))
        if why:
            out.append(Finding(m.start(), m.group(0),
                               f"the character reference {m.group(0)!r} {why}; write the "
                               f"character itself (in math or code if it is < or &)"))
    return out


_SUSPECT = re.compile(r"[<&{]|!\[|^[ \t]*(?:!!!|\?\?\?)", re.MULTILINE)
"""What every finding needs; most text has none of it, and skips the masking."""


def findings(text: str) -> list[Finding]:
    """Everything a Markdown field may not contain, outside math and code."""
    if not _SUSPECT.search(text):
        return []
    masked = mask(text)
    out = _markup(masked, text)
    for m in _ATTR_LIST.finditer(masked):
        out.append(Finding(m.start(), m.group(0),
                           f"an attribute list {m.group(0)!r}: ids, classes and attributes "
                           f"come from the templates, not from content; remove it (a literal "
                           f"brace goes in math, $\\{{…\\}}$, or code)"))
    for m in _ADMONITION.finditer(masked):
        kind = (m.group(1) or "").split()
        if not kind or any(k not in ADMONITION_TYPES for k in kind):
            out.append(Finding(m.start(), m.group(0).strip(),
                               f"admonition type {' '.join(kind) or '(none)'!r}: expected one "
                               f"of Material's types ({', '.join(sorted(ADMONITION_TYPES))})"))
    defs = {m.group(1).strip().lower(): m.group(2) for m in _REF_DEF.finditer(masked)}
    for m in _IMAGE.finditer(masked):
        if _REMOTE.match(m.group(1)):
            out.append(_remote_image(m.start(), m.group(0), m.group(1)))
    for m in _REF_IMAGE.finditer(masked):
        ref = (m.group(2) or m.group(1)).strip().lower()
        target = defs.get(ref)
        if target and _REMOTE.match(target):
            out.append(_remote_image(m.start(), m.group(0), target))
    return sorted(out, key=lambda f: f.offset)


def _remote_image(offset: int, snippet: str, target: str) -> Finding:
    return Finding(offset, snippet,
                   f"image {target!r} is not on this site: remote images track readers and "
                   f"break the offline copy; images come from the site itself")


def plain_findings(text: str) -> list[Finding]:
    """Everything a plain-text field (a title, a name) may not contain: markup, and
    Markdown, which would be shown literally in one place and parsed in another."""
    out = _markup(text, text)
    flagged = {f.offset for f in out}
    for m in _PLAIN_MARKUP.finditer(text):
        if m.start() in flagged or text[m.start()] in "<&":
            continue
        what = m.group(0).strip() or m.group(0)
        kind = ("an attribute list" if what[0] in "{}" else "a link or image" if "[" in what
                else "Markdown")
        out.append(Finding(m.start(), m.group(0),
                           f"{kind} ({what!r}) in a plain-text field: titles and names are "
                           f"shown exactly as written; remove the markup"))
    return sorted(out, key=lambda f: f.offset)


def bib_findings(text: str) -> list[Finding]:
    """Markup in a BibTeX field (LaTeX as written: braces and backslashes are LaTeX's)."""
    return _markup(text, text) if ("<" in text or "&" in text) else []


def neutralise(text: str) -> str:
    """Markdown with every raw HTML tag, comment, character reference and attribute list
    outside math and code turned into text, so Markdown shows them instead of parsing them.
    Math, code, links and emphasis are untouched."""
    if not _NEUTRALISED.search(text):  # most fields: nothing to look at
        return text
    masked = mask(text)
    autolinks = [(m.start(), m.end()) for m in _AUTOLINK.finditer(masked)]
    edits: list[tuple[int, str]] = []
    for m in _NEUTRALISED.finditer(masked):
        i, c = m.start(), m.group(0)
        if c == "<" and not any(a <= i < b for a, b in autolinks):
            edits.append((i, "&lt;"))
        elif c == "&":
            ref = _CHARREF.match(masked, i)
            if ref is None or _charref(ref.group(0)):
                edits.append((i, "&amp;"))
        elif c == "{":
            edits.append((i, "\\{"))
    if not edits:
        return text
    out, last = [], 0
    for i, replacement in edits:
        out += [text[last:i], replacement]
        last = i + 1
    out.append(text[last:])
    return "".join(out)


_NEUTRALISED = re.compile(r"[<&{]")
