import shutil
from pathlib import Path

from kbsite import knowledge, loading, pages

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"


def test_plain_text_is_never_markup():
    assert pages.plain("a *b* [c](d) <e> & $x$ `f` _g_") == (
        r"a \*b\* \[c\](d) &lt;e&gt; &amp; \$x\$ \`f\` \_g\_")
    assert pages.plain("two\n  lines") == "two lines"


def test_urls_and_fences():
    assert pages.url("https://doi.org/10.1016/S0893-6080(00)00026-5") == \
        "https://doi.org/10.1016/S0893-6080%2800%2900026-5"
    assert pages.fence("no ticks") == "```"
    assert pages.fence("has ```` four") == "`````"
    assert pages.hours(3.0) == "3" and pages.hours(1.5) == "1.5"


def test_front_matter_title_is_escaped_for_the_theme():
    assert pages.front_matter("A <b> & c") == "---\ntitle: A &lt;b&gt; &amp; c\n---\n"


def test_render_and_nav():
    kb = knowledge.build(loading.load(FIXTURE))
    rendered = {p.src_uri: p for p in pages.render(kb)}
    assert list(rendered) == ["topics/alpha.md", "topics/beta.md", "topics/gamma.md",
                              "topics/index.md", "papers.md", "timeline.md", "map.md", "assess.md",
                              "topics/_review.md"]
    assert rendered["topics/_review.md"].serve_at == "review"
    assert rendered["topics/beta.md"].source == "kb/topics/beta.yml"
    assert rendered["papers.md"].source == "references.bib"
    alpha = rendered["topics/alpha.md"].content
    assert "### Leads to\n\n- [Beta](beta.md)" in alpha
    assert "about **3.5 hours** in all" in alpha
    nav = pages.expand_nav(["index.md", {"Topics": "topics/index.md"}, "papers.md"], kb)
    assert nav == ["index.md", {"Topics": [
        "topics/index.md",
        {"Basics": [{"Alpha": "topics/alpha.md"}]},
        {"Models": [{"Beta": "topics/beta.md"}, {"Gamma": "topics/gamma.md"}]},
    ]}, "papers.md"]
    assert pages.expand_nav(None, kb) is None


def test_rendering_is_deterministic():
    kb = knowledge.build(loading.load(FIXTURE))
    assert pages.render(kb) == pages.render(knowledge.build(loading.load(FIXTURE)))


def test_site_data_is_safe_to_load_as_a_script(tmp_path: Path):
    shutil.copytree(FIXTURE, tmp_path / "kb-site")
    alpha = tmp_path / "kb-site/kb/topics/alpha.yml"
    alpha.write_text(alpha.read_text().replace("title: Alpha", 'title: "Alpha </script><!--"'))
    kb = knowledge.build(loading.load(tmp_path / "kb-site"))
    text = pages.site_data(kb)
    assert '"title":"Alpha \\u003c/script>\\u003c!--"' in text
    assert text.startswith("window.KB_DATA = {") and text.endswith("};\n")
    assert "<" not in text  # "</script>" or "<!--" in a title cannot end or hide the script
