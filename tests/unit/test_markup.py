"""What contributor text may contain (markup.py): layer 1's findings, layer 2's escaping."""

import pytest

from kbsite import markup


@pytest.mark.parametrize("text", [
    "Math with $i<j$ and $$\na<b\n$$ stays, as does `real<lower=0>` and\n```\n<b>x</b>\n```\n",
    r"Inline \(a<b\) and display \[a<b\] and \begin{aligned}a&<b\end{aligned}.",
    "An autolink <https://example.org/a> and a dash &mdash; and a < b.",
    "!!! note \"Title\"\n    body",
    "![a figure](figure.png) and [a link](https://example.org)",
])
def test_allowed(text):
    assert markup.findings(text) == []


@pytest.mark.parametrize("text, snippet, words", [
    ("x <b>bold</b>", "<b", "raw HTML"),
    ("a <!-- hidden --> b", "<!--", "HTML comment"),
    ("Title {: #__config }", "{: #__config }", "attribute list"),
    ("*em*{ .annotate }", "{ .annotate }", "attribute list"),
    ("a &#x09; b", "&#x09;", "control"),
    ("a &quot; b", "&quot;", "markup"),
    ("a &lt;script&gt;", "&lt;", "markup"),
    ("!!! kb-map-node \"x\"\n    y", "!!! kb-map-node", "admonition type"),
    ("![t](https://tracker.example/p.png)", "![t](https://tracker.example/p.png", "image"),
    ("![t][p]\n\n[p]: //tracker.example/p.png", "![t][p]", "image"),
])
def test_refused(text, snippet, words):
    found = markup.findings(text)
    assert found and found[0].snippet == snippet and words in found[0].message


@pytest.mark.parametrize("title, refused", [
    ("Expectation–maximisation (EM)", False),
    ("snake_case names stay", False),
    ("A [link](https://x.org)", True),
    ("Models { #x }", True),
    ("An *emphasis*", True),
    ("Code `x`", True),
    ("Math $x$", True),
    ("A <b>tag</b>", True),
])
def test_plain_text(title, refused):
    assert bool(markup.plain_findings(title)) == refused


def test_neutralise_shows_markup_as_text_and_keeps_math_and_code():
    text = "a <b>x</b> &quot; &mdash; {: #id } $i<j$ `a<b` <https://x.org>"
    assert markup.neutralise(text) == (
        "a &lt;b>x&lt;/b> &amp;quot; &mdash; \\{: #id } $i<j$ `a<b` <https://x.org>")
