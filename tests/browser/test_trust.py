"""The layers that keep contributor text from running script, in Chromium (README, "Trust").

Every test counts executions the same way: each payload of tests/hostile.py calls alert(),
which an init script replaces by a counter (and any real dialog is counted too; the site's
own confirm() of "Reset progress" is answered no)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import hostile
from conftest import build_loose, make_project, mkdocs_build

from .conftest import serve, take_alpha_quiz

COUNT = """
window.__kbRuns = 0;
window.alert = function () { window.__kbRuns += 1; };
/* the site's own buttons ask (reset progress) or print: answer no, without a dialog */
window.confirm = function () { return false; };
window.prompt = function () { return null; };
window.print = function () {};
"""

# Hover every element a reader could point at, focus and click everything that does
# something without leaving the page (http(s) and relative links are held back; any other
# link is let through, so that a javascript: URL would run).
POKE = """
() => {
  document.addEventListener("click", (e) => {
    const a = e.target.closest && e.target.closest("a[href]");
    if (a && /^(https?:|file:|[^:]*$)/i.test(a.getAttribute("href"))) e.preventDefault();
  }, true);
  const all = Array.from(document.querySelectorAll("body *"));
  for (const el of all) {
    for (const type of ["pointerover", "pointerenter", "mouseover", "mouseenter", "focus",
                        "focusin", "animationstart", "toggle"]) {
      el.dispatchEvent(new Event(type, { bubbles: type !== "mouseenter" }));
    }
  }
  const clickable = all.filter((el) => el.matches(
    "a, button, summary, label, input, [onclick], [title], abbr, .md-annotation__index"));
  for (const el of clickable) { try { el.click(); } catch (e) { /* keep going */ } }
  return Array.from(document.querySelectorAll("[title], abbr, a, summary, img, svg a"))
    .slice(0, 400).map((el) => {
      const r = el.getBoundingClientRect();
      return [r.left + r.width / 2, r.top + r.height / 2, r.width > 0 && r.height > 0];
    }).filter((p) => p[2]);
}
"""


def poke_every_page(browser, site: Path, init: str = COUNT) -> tuple[int, list[str], list]:
    server, url = serve(site)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(init)
    page = context.new_page()
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    runs = 0
    visited = []
    try:
        for html in sorted(site.rglob("*.html")):
            path = "/" + html.relative_to(site).as_posix()
            page.goto(url + path, wait_until="load")
            if not page.url.startswith(url):
                continue
            visited.append(path)
            points = page.evaluate(POKE)
            for x, y, _ in points:  # real pointer movement, for tooltips and :hover
                page.mouse.move(x, y)
            runs += page.evaluate("window.__kbRuns || 0")
            if page.url.split("#")[0] != (url + path).split("#")[0]:
                continue  # a click navigated: nothing ran on the way (counted above)
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    return runs + len(dialogs), errors, visited


def test_hostile_corpus_never_runs_and_breaks_no_page(browser, hostile_site: Path):
    """Validation bypassed: the sanitiser and the CSP hold on every page, hovered and
    clicked; no page (quiz, map, timeline, assessment, print page) throws."""
    runs, errors, visited = poke_every_page(browser, hostile_site)
    assert len(visited) > len(hostile.PAYLOADS)
    assert "/print_page/index.html" in visited and "/assess/index.html" in visited
    assert runs == 0
    assert errors == []


@pytest.fixture(scope="module")
def unsanitised_site(tmp_path_factory) -> Path:
    project = hostile.project(tmp_path_factory.mktemp("bare") / "project",
                              check_text=False, sanitize=False)
    result = build_loose(project)
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


def test_csp_alone_stops_event_handlers(browser, unsanitised_site: Path):
    """Validation and sanitiser both off: the payload reaches the page as live markup, and
    the Content-Security-Policy alone keeps its event handler from running."""
    page_html = (unsanitised_site / "topics" / "h-06" / "index.html").read_text()
    assert '<img src="/" onerror="alert(1)">' in page_html or "onerror=" in page_html
    server, url = serve(unsanitised_site)
    context = browser.new_context()
    context.add_init_script(COUNT)
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text)
            if "Content Security Policy" in m.text else None)
    try:
        page.goto(url + "/topics/h-06/")  # <IMG SRC=/ onerror="alert(1)">
        page.wait_for_load_state("load")
        assert page.locator("article img[onerror]").count() >= 1
        page.evaluate(POKE)
        assert page.evaluate("window.__kbRuns") == 0
        assert any("inline event handler" in r for r in refused), refused
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_assessment_page_survives_every_character(browser, hostile_site: Path):
    """Control characters, character references, </script> and U+2028 in every title: the
    page's data parses, and each title comes back exactly as written."""
    server, url = serve(hostile_site)
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(url + "/assess/")
        data = page.evaluate("JSON.parse(document.getElementById('kb-assess').dataset.kb)")
        titles = {t["id"]: t["title"] for t in data["topics"]}
        assert titles == {f"h-{i:02d}": hostile.line(p) for i, p in enumerate(hostile.PAYLOADS)}
        assert set(data) == {"areas", "topics"}  # no key smuggled in through &quot;
        page.locator(".kb-profile").first.wait_for(state="attached")
        assert errors == []
    finally:
        context.close()
        server.shutdown()
        server.server_close()


DENY_STORAGE = """
for (const name of ["localStorage", "sessionStorage"]) {
  Object.defineProperty(window, name, { configurable: true, get() {
    throw new DOMException("The user denied storage.", "SecurityError");
  } });
}
"""


def test_storage_denied_throws_nothing(browser, built_site: Path):
    """A reader who blocks site data: the theme's guarded helpers and our scripts throw
    nothing, and a quiz still works for the visit."""
    server, url = serve(built_site)
    context = browser.new_context()
    context.add_init_script(DENY_STORAGE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    try:
        for path in ["/", "/topics/", "/map/", "/timeline/", "/assess/", "/papers/"]:
            page.goto(url + path, wait_until="load")
        take_alpha_quiz(page, url)
        assert page.locator("#q-linearity .kb-result").inner_text().startswith("Right")
        assert errors == []
        page.locator("[data-md-component=palette] label").first.click()  # __md_set
        assert errors == []
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_rename_keeps_links_and_progress(browser, tmp_path: Path):
    """beta becomes beta-two (aliases: [beta]) and its question pick-all becomes pick-evens:
    the old URL redirects, and progress stored under the old ids shows under the new."""
    project = make_project(tmp_path / "p")
    topics = project / "kb" / "topics"
    text = (topics / "beta.yml").read_text()
    text = text.replace("title: Beta\n", "title: Beta\naliases: [beta]\n").replace(
        "  - id: pick-all\n", "  - id: pick-evens\n    aliases: [pick-all]\n")
    (topics / "beta-two.yml").write_text(text)
    (topics / "beta.yml").unlink()
    for path in [topics / "gamma.yml", project / "kb" / "timeline.yml"]:
        path.write_text(re.sub(r"\bbeta\b(?!\.md)", "beta-two", path.read_text()))
    for path in (project / "docs").glob("*.md"):
        path.write_text(path.read_text().replace("beta.md", "beta-two.md"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert (site / "topics" / "beta" / "index.html").is_file()
    server, url = serve(site)
    context = browser.new_context()
    page = context.new_page()
    old = {"schema": "learn-something-harder/progress", "version": 1,
           "questions": {"beta/pick-all": {"result": "right", "at": "2026-01-02T10:00:00Z"},
                         "beta/explain": {"result": "right", "at": "2026-01-02T10:00:00Z"}},
           "topics": {"beta": {"best": 1, "attempts": 1, "last": "2026-01-02",
                               "perfectDays": ["2026-01-02"]}},
           "readings": {}}
    try:
        page.goto(url + "/")
        page.evaluate("d => localStorage.setItem('learn-something-harder/progress', "
                      "JSON.stringify(d))", old)
        page.goto(url + "/topics/beta/")
        page.wait_for_url(re.compile(r"/topics/beta-two/$"))
        assert page.locator("h1").inner_text().startswith("Beta")
        page.goto(url + "/assess/")
        row = page.locator('.kb-mastery tr[data-topic="beta-two"]')
        assert row.locator(".kb-best-cell").inner_text() == "100%"
        # the store reads the version 1 record, migrates it and moves it to the new ids
        moved = page.evaluate("d => KB.store.read(JSON.stringify(d)).data", old)
        assert set(moved["questions"]) == {"beta-two/pick-evens", "beta-two/explain"}
        assert set(moved["topics"]) == {"beta-two"}
        assert moved["topics"]["beta-two"]["best"] == 1
    finally:
        context.close()
        server.shutdown()
        server.server_close()
