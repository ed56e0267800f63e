"""The built fixture site in a real Chromium: math, answers, copying BibTeX, hostile text."""

from __future__ import annotations

from pathlib import Path

from conftest import kb_options, make_project, mkdocs_build

from .conftest import serve


def test_math_renders_with_katex(page, site_url):
    page.goto(f"{site_url}/topics/alpha/")
    page.wait_for_selector(".katex")
    article = page.locator("article")
    assert article.locator(".katex-error").count() == 0
    assert article.locator(".katex-display").count() == 1  # the aligned block
    assert article.locator(".katex").count() >= 6
    # \mathbb, \operatorname and aligned came out as math, not as source
    text = article.inner_text()
    for raw in ["$$", "\\(", "\\[", "\\mathbb", "\\operatorname", "\\begin{aligned}"]:
        assert raw not in text
    annotations = " ".join(article.locator("annotation").all_text_contents())
    assert "\\operatorname{Var}" in annotations and "a < b" in annotations
    assert page.errors == []


def test_math_in_summaries_and_answers(page, site_url):
    page.goto(f"{site_url}/topics/")
    page.wait_for_selector(".katex")
    assert page.locator("article .katex-error").count() == 0
    page.goto(f"{site_url}/topics/alpha/")
    answer = page.locator("#q-linearity details")
    assert answer.get_attribute("open") is None  # answers start collapsed
    answer.locator("summary").click()
    assert answer.get_attribute("open") is not None
    assert answer.locator(".katex").count() >= 1


def test_copy_bibtex(browser, site_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{site_url}/papers/#lee2020arxiv")
    entry = page.locator("#lee2020arxiv")
    entry.hover()
    entry.get_by_role("button", name="Copy to clipboard").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("@misc{lee2020arxiv,") and "eprint        = {2001.01234}" in copied
    context.close()


def test_hostile_text_never_runs(browser, tmp_path: Path):
    project = make_project(tmp_path / "hostile")
    beta = project / "kb/topics/beta.yml"
    beta.write_text(beta.read_text().replace(
        "title: Beta", "title: Beta <img src=x onerror=alert('t')>").replace(
        "  Beta needs [alpha](alpha.md) first.",
        "  Beta needs [alpha](alpha.md) first. <script>alert('o')</script>\n"
        "  <img src=x onerror=\"alert('i')\"> <a id=\"h\" href=\"javascript:alert('h')\">x</a>"
        " <details open ontoggle=\"alert('d')\"><summary>s</summary></details>"))
    # kb validate refuses all of it (tests/test_hostile.py): bypass it, as a careless merge
    kb_options(project, check_text=False)
    assert mkdocs_build(project).returncode == 0
    server, url = serve(project / "site")
    try:
        context = browser.new_context()
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in ["/topics/beta/", "/topics/", "/topics/alpha/", "/papers/"]:
            page.goto(url + path)
            page.wait_for_load_state("load")
        page.goto(url + "/topics/beta/")
        # the raw <a href="javascript:…"> is shown as text, never made a link
        assert page.locator('article a[href^="javascript"]').count() == 0
        assert "<a id=\"h\"" in page.locator("article").inner_text()
        assert dialogs == []
        assert "Beta <img src=x onerror=alert('t')>" in page.locator("h1").inner_text()
        context.close()
    finally:
        server.shutdown()
        server.server_close()
