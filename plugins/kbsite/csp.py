"""The third layer: a Content-Security-Policy in every page.

A ``<meta http-equiv>`` rather than a header, so that it holds wherever the site is read:
GitHub Pages (which sets no headers of ours), a copy opened from disk, a mirror. Scripts
may come from the site's own files (``'self'``) and, inline, only the theme's own scripts,
each allowed by the SHA-256 hash of its text. Nothing else inline runs: not a ``<script>``
that content smuggled in, not an ``onerror=`` attribute, not a ``javascript:`` link, even
with the first two layers switched off. ``object-src 'none'`` and ``base-uri 'none'`` shut
plugins and ``<base>`` hijacking out; ``img-src 'self' data:`` keeps images (and the
theme's data: icons) on the site, so no page can track its readers through an image.

The hashes are computed at build time from each rendered page *without its content*: only
what the theme's templates wrote is hashed, never text that came from a contributor. A
contributor who copies a theme script word for word gains nothing: it only does what the
theme already does. No MkDocs here; plugin.py calls these functions.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re

_OPEN = re.compile(r"<script\b", re.IGNORECASE)
_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
_CLOSE = re.compile(r"</script\s*>", re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_BODY = re.compile(r"<body", re.IGNORECASE)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}


def _inline(html: str, start: int = 0, end: int | None = None) -> list[str]:
    """The inline scripts a browser would run in ``html[start:end]``, read as if the text
    ended there: a script that does not close inside it is not one."""
    end = len(html) if end is None else end
    out = []
    at = _OPEN.search(html, start, end)
    while at is not None:
        tag = _TAG.match(html, at.start(), end)
        close = _CLOSE.search(html, tag.end(), end) if tag else None
        if close is None:  # not closed here: no script to allow
            at = _OPEN.search(html, at.end(), end)
            continue
        attrs, body = tag.group(1), html[tag.end():close.start()]
        kind = _TYPE.search(attrs)
        if not (_SRC.search(attrs) or (kind and kind.group(1).lower() not in _JS_TYPES)):
            out.append(body)
        at = _OPEN.search(html, close.end(), end)
    return out


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script a browser would run (JSON data blocks excluded)."""
    return _inline(html)


@functools.lru_cache(maxsize=1024)  # a site's pages share a handful of theme scripts
def digest(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def policy(hashes: set[str] | frozenset[str]) -> str:
    return "; ".join([
        " ".join(["script-src 'self'", *sorted(hashes)]),
        "img-src 'self' data:",  # no image from another server: no tracking, works offline
        "object-src 'none'",
        "base-uri 'none'",
    ])


def _outside(html: str, content: str) -> list[tuple[int, int]]:
    """The spans of ``html`` left when every occurrence of ``content`` is taken out (as
    ``str.replace`` finds them: left to right, not overlapping)."""
    probe = content[:64]

    def find(start: int) -> int:
        # a short needle is found fast and the rest compared in place; if that is not the
        # content, str.find's own search (linear, whatever the text) takes over
        at = html.find(probe, start)
        if at < 0 or html.startswith(content, at):
            return at
        return html.find(content, at + 1)

    spans, start = [], 0
    at = find(0)
    while at >= 0:
        spans.append((start, at))
        start = at + len(content)
        at = find(start)
    spans.append((start, len(html)))
    return spans


def theme_hashes(html: str, content: str | None = None) -> set[str]:
    """Hashes of the inline scripts in a rendered page, leaving out ``content`` (the page's
    body as Markdown made it, which the theme inserts verbatim). Each part of the page
    around the content is read on its own, so no script is made of pieces on both sides."""
    spans = _outside(html, content) if content else [(0, len(html))]
    return {digest(s) for start, end in spans for s in _inline(html, start, end)}


def head_hashes(html: str) -> set[str]:
    """Hashes of the inline scripts in a page's <head>, where content never goes."""
    # (not html.lower().find: lower-casing can change the length of non-ASCII text)
    body = _BODY.search(html)
    return {digest(s) for s in _inline(html, 0, body.start())} if body else set()


def insert(html: str, csp: str) -> str:
    """``html`` with the policy as the first element of <head>, before any script."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
    m = _HEAD.search(html)
    if not m:
        return html
    return html[:m.end()] + meta + html[m.end():]
