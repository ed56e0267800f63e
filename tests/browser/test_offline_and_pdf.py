"""Reading offline: the site from file:// with no network, the PDF, and printing a page."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import BIN, make_project, mkdocs_build
from kbsite import pdf

from .conftest import CHROMIUM


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("offline") / "project")
    result = mkdocs_build(project, project / "site-offline", env={"KB_OFFLINE": "true"})
    assert result.returncode == 0, result.stderr
    return project / "site-offline"


def test_site_from_disk_makes_no_request_off_the_machine(browser, offline_site):
    context = browser.new_context()
    outside: list[str] = []

    def only_files(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_files)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((offline_site / "index.html").as_uri())
    # navigation: links resolve to files
    page.get_by_role("link", name="topics").first.click()
    assert page.url.endswith("/topics/index.html")
    page.get_by_role("link", name="Alpha").first.click()
    assert page.url.endswith("/topics/alpha.html")
    page.wait_for_selector(".katex")  # math
    # the worked example: its figure drawn, its downloads beside the page
    figure = page.locator(".kb-example-figure svg")
    assert figure.count() == 1 and figure.bounding_box()["height"] > 100
    assert page.get_by_role("img", name="The running mean of die rolls").count() == 1
    script = page.get_by_role("link", name="running-mean.py")
    assert script.get_attribute("href") == "alpha/running-mean.py"
    assert (offline_site / "topics/alpha/running-mean.py").is_file()
    assert (offline_site / "topics/alpha/running-mean.ipynb").is_file()
    page.get_by_label("a. Yes").check()  # quizzes
    page.locator("#q-linearity .kb-check").click()
    assert page.locator("#q-linearity .kb-result").inner_text().startswith("Right.")
    # search, through the vendored iframe-worker shim and the inlined index
    page.locator(".md-search__input").click()
    page.keyboard.type("gamma")
    page.locator(".md-search-result__item").first.wait_for()
    assert page.locator(".md-search-result__item").count() >= 1
    # the figures
    page.goto((offline_site / "map.html").as_uri())
    assert page.locator("svg.kb-map .kb-map-node").count() == 3
    page.goto((offline_site / "timeline.html").as_uri())
    assert page.locator("svg.kb-hype").count() == 1
    page.get_by_role("slider", name="Year").fill("2009")
    # the review session, reached by the badge, and the Anki deck beside the pages
    page.locator(".kb-due-badge").click()
    assert page.url.endswith("/review.html")
    page.locator(".kb-review-stage .kb-review-card").wait_for()  # alpha started: a new card
    assert (offline_site / "learn-something-harder.apkg").is_file()
    assert page.get_by_role("link", name="Download the Anki deck").get_attribute("href") == \
        "learn-something-harder.apkg"
    assert outside == []
    assert errors == []
    html = "".join(p.read_text(encoding="utf-8") for p in offline_site.rglob("*.html"))
    for host in ["fonts.googleapis", "fonts.gstatic", "unpkg.com", "cdn.jsdelivr",
                 "google-analytics"]:
        assert host not in html
    context.close()


def test_pdf_of_the_fixture(built_site, tmp_path):
    out = tmp_path / "book.pdf"
    # through the command `make pdf` runs (its own Playwright, outside this test's browser)
    result = subprocess.run([str(BIN / "kb"), "pdf", str(built_site), "-o", str(out)],
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "KB_CHROMIUM": CHROMIUM,
                                 "KB_SITE_URL": "https://example.org/lsh/"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"kb: wrote {out} (")
    reader = PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)

    def outline(items, depth=0):
        for item in items:
            if isinstance(item, list):
                yield from outline(item, depth + 1)
            else:
                yield depth, item.title

    marks = list(outline(reader.outline))
    titles = [t for _, t in marks]
    for topic in ["Alpha", "Beta", "Gamma"]:
        assert topic in titles
        assert topic in text
    # bookmarks nest: area, then its topics one level deeper
    depth = dict((t, d) for d, t in marks)
    assert depth["Alpha"] == depth["Basics"] + 1 and depth["Gamma"] == depth["Models"] + 1
    assert {"Prerequisite map", "The hype cycle", "Papers"} <= set(titles)
    assert "Learn Something Harder" in reader.pages[0].extract_text()  # the cover
    assert "Built on 1 January 2026" in reader.pages[0].extract_text()  # SOURCE_DATE_EPOCH
    assert "Contents" in text
    # every quiz is followed by its answers; math rendered, never raw
    flat = " ".join(text.split())
    assert "a. ✔ Correct. b. ✘ Wrong. It is; no independence needed." in flat
    assert "0.5 (answers within ±0.01 count) One divided by two." in flat
    assert "Model answer. Beta is alpha twice." in flat  # a recall question
    for raw in ["$$", "\\(", "\\[", "\\mathbb", "\\operatorname"]:
        assert raw not in text
    assert "Jane Smith and Jörg Müller (2001)" in flat  # the bibliography
    assert "@misc{lee2020arxiv," in text
    uris = {a.get_object()["/A"].get("/URI") for page in reader.pages
            for a in page.get("/Annots", []) if "/A" in a.get_object()}
    assert "https://arxiv.org/abs/2001.01234" in uris  # reading lists keep live links
    # the worked example prints: title, code, output, caption; its figure is vector
    assert "Worked example" in titles and "ROLLING A DIE" in titles  # print CSS: small caps
    assert "rolls = rng.integers(1, 7, size=4000)" in text
    assert "mean of 4000 rolls: 3.526" in text
    assert "The running mean of die rolls approaches the expectation 3.5." in flat
    [example_page] = [p for p in reader.pages if "mean of 4000 rolls" in p.extract_text()
                      or "approaches the expectation 3.5" in p.extract_text()][-1:]
    drawing = example_page.get_contents().get_data()
    assert drawing.count(b" l\n") + drawing.count(b" c\n") > 1000  # the curve and axes
    # its downloads become links in the PDF, to the published site (KB_SITE_URL)
    assert {"https://example.org/lsh/topics/alpha/running-mean.py",
            "https://example.org/lsh/topics/alpha/running-mean.ipynb"} <= uris
    assert not [u for u in uris if u and u.startswith("file:")]
    # figures are vector: no raster image of the map, the curve or the example
    assert not any(page.images for page in reader.pages)
    # nothing interactive left over
    for shell in ["Check", "Try the quiz again", "Reading status", "Zoom in"]:
        assert f"\n{shell}\n" not in text


def test_print_page_links_resolve_once_prepared(page, site_url):
    page.goto(f"{site_url}/print_page/")
    page.evaluate(pdf.PREPARE)
    broken = page.evaluate("""() => Array.from(document.querySelectorAll('a[href^="#"]'))
        .map(a => decodeURIComponent(a.getAttribute('href').slice(1)))
        .filter(id => id && !document.getElementById(id))""")
    assert broken == []
    assert page.locator("a[href='#papers-lee2020arxiv']").count() >= 1
    # bookmarks nest: an area's title is one level above its topics' titles
    levels = page.evaluate("""() => Object.fromEntries(
        Array.from(document.querySelectorAll('h1, h2, h3, h4'))
          .map(h => [h.textContent.trim().replace(/\\s*¶?$/, ''), +h.tagName[1]]))""")
    assert levels["Alpha"] == levels["Basics"] + 1
    assert page.locator("details[open]").count() == page.locator("details").count()


def test_printing_one_topic_page(page, site_url):
    page.goto(f"{site_url}/topics/alpha/")
    page.emulate_media(media="print")
    assert page.locator(".md-sidebar--primary").is_hidden()
    assert page.locator(".kb-controls").first.is_hidden()
    explanation = page.locator("#q-half .kb-explanation")
    assert explanation.is_visible()
    assert page.get_by_text("One divided by two.").is_visible()


def test_missing_site_or_chromium_are_clear_errors(monkeypatch, tmp_path):
    result = subprocess.run([str(BIN / "kb"), "pdf", str(tmp_path)], capture_output=True,
                            text=True, env={**os.environ, "KB_CHROMIUM": CHROMIUM})
    assert result.returncode == 1
    assert result.stderr == f"kb pdf: {tmp_path} has no print page: build it with " \
        "KB_PRINT=true (make pdf does), which switches on the print-site plugin\n"
    monkeypatch.delenv("KB_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(pdf.PdfError, match="install Debian's chromium package"):
        pdf.find_chromium()
    monkeypatch.setenv("KB_CHROMIUM", "/no/such/chromium")
    with pytest.raises(pdf.PdfError, match="KB_CHROMIUM is '/no/such/chromium'"):
        pdf.find_chromium()
