import pytest

from kbsite.safety import sanitize


@pytest.mark.parametrize("dirty, clean", [
    ("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>"),
    ('<img src="x.png" onerror="alert(1)" alt="x">', '<img src="x.png" alt="x">'),
    ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="https://ok.org/a(b)">x</a>', '<a href="https://ok.org/a(b)">x</a>'),
    ('<a href="../alpha/#x">x</a>', '<a href="../alpha/#x">x</a>'),
    ('<div style="color:red" onclick="alert(1)">x</div>', "<div>x</div>"),
    ('<iframe src="https://evil.example"></iframe>ok', "ok"),
    ('<svg onload="alert(1)"><circle/></svg>', ""),
    ('<style>body{}</style>x', "x"),
    ('<form action="https://x"><input type="radio" name="q" value="a" checked></form>',
     '<input type="radio" name="q" value="a" checked="">'),
])
def test_sanitize_removes_what_could_run(dirty, clean):
    assert sanitize(dirty) == clean


def test_sanitize_keeps_what_pages_need():
    html = ('<h2 id="overview">Overview<a class="headerlink" href="#overview" '
            'title="Permanent link">¶</a></h2>'
            '<p><span class="arithmatex">\\(a &lt; b\\)</span></p>'
            '<details class="success"><summary>Answer</summary><p>x</p></details>'
            '<div class="kb-question" id="q-x" data-type="single" aria-live="polite">q</div>'
            '<div class="highlight"><pre><span></span><code>@article{k,}</code></pre></div>')
    assert sanitize(html) == html


@pytest.mark.parametrize("dirty, clean", [
    # ids that would be the theme's or ours are prefixed, as GitHub does
    ('<p id="__config" hidden>{}</p>', '<p id="user-content-__config" hidden="">{}</p>'),
    ('<h3 id="kb-assess">x</h3>', '<h3 id="user-content-kb-assess">x</h3>'),
    ('<div id="md-header">x</div>', '<div id="user-content-md-header">x</div>'),
    ('<h2 id="overview">x</h2>', '<h2 id="overview">x</h2>'),
    # classes only from the allowlist; none switches a theme feature on
    ('<ol class="annotate"><li>x</li></ol>', "<ol><li>x</li></ol>"),
    ('<div class="mermaid">x</div>', "<div>x</div>"),
    ('<div class="admonition kb-map-node note"><p>x</p></div>',
     '<div class="admonition note"><p>x</p></div>'),
    ('<details class="kb-quiz"><summary>s</summary></details>',
     "<details><summary>s</summary></details>"),
    ('<span data-md-component="palette">x</span>', "<span>x</span>"),
    # titles plain, images local
    ('<abbr title="<img src=x onerror=alert(1)>">X</abbr>',
     '<abbr title="img src=x onerror=alert(1)">X</abbr>'),
    ('<img src="https://tracker.example/p.png" alt="t">', '<img alt="t">'),
    ('<img src="//tracker.example/p.png" alt="t">', '<img alt="t">'),
])
def test_sanitize_cannot_be_steered(dirty, clean):
    assert sanitize(dirty) == clean


def test_template_ids_belong_to_their_page():
    html = '<div id="kb-assess" data-kb="{}">x</div>'
    assert sanitize(html, "assess.md") == html
    assert 'id="user-content-kb-assess"' in sanitize(html, "topics/alpha.md")
