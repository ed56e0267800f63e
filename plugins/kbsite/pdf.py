"""The whole site as one PDF: mkdocs-print-site-plugin's print page, printed by Chromium.

Chromium renders the math (KaTeX runs in the page) and builds the PDF outline from the
headings. The print page keeps every page's own <h1>, and puts nav sections (Topics, then
each area) around them as <h1> too; before printing we demote each heading by the number
of sections around it, so the bookmarks nest as Topics › area › topic › section. Quiz
answers are opened so each quiz is followed by its answer key, and links to our own
anchors (which print-site renames only on headings) are made to resolve.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

# Runs in the print page before printing.
PREPARE = """() => {
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  // print-site prefixes only heading ids with their page ("papers-key"); give our other
  // anchors (papers, events, questions) the prefixed id the rewritten links point to
  for (const a of document.querySelectorAll('a[href^="#"]')) {
    const id = decodeURIComponent(a.getAttribute('href').slice(1));
    if (!id || document.getElementById(id)) continue;
    for (const s of document.querySelectorAll('section.print-page[id]')) {
      if (!id.startsWith(s.id + '-')) continue;
      const el = s.querySelector('[id="' + CSS.escape(id.slice(s.id.length + 1)) + '"]');
      if (el) { el.id = id; break; }
    }
  }
  const root = document.querySelector('.md-content') || document.body;
  const headings = Array.from(root.querySelectorAll('h1, h2, h3, h4, h5, h6'));
  for (const h of headings) {
    if (h.closest('#print-site-cover-page, .print-page-toc-title')) continue;
    let depth = 0;
    for (let s = h.parentElement.closest('section.md-section'); s;
         s = s.parentElement && s.parentElement.closest('section.md-section')) depth++;
    if (h.closest('section.md-section') === h.parentElement) depth--;  // a section's own title
    const level = Math.min(6, +h.tagName[1] + Math.max(depth, 0));
    if (level === +h.tagName[1]) continue;
    const n = document.createElement('h' + level);
    for (const a of h.attributes) n.setAttribute(a.name, a.value);
    n.setAttribute('data-kb-level', h.tagName[1]);  // keeps its look (figures.css)
    while (h.firstChild) n.appendChild(h.firstChild);
    h.replaceWith(n);
  }
}"""

class PdfError(Exception):
    """Something a maintainer can fix: a missing browser or a site not built."""


def find_chromium() -> str:
    """KB_CHROMIUM, or the first Chromium or Chrome on PATH."""
    explicit = os.environ.get("KB_CHROMIUM")
    if explicit:
        if not Path(explicit).is_file():
            raise PdfError(f"KB_CHROMIUM is {explicit!r}, which is not a file")
        return explicit
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise PdfError("Chromium not found: install Debian's chromium package "
                   "(apt-get install chromium) or set KB_CHROMIUM to a Chromium or Chrome "
                   "binary")


def print_page(site: Path) -> Path:
    for candidate in (site / "print_page" / "index.html", site / "print_page.html"):
        if candidate.is_file():
            return candidate
    raise PdfError(f"{site} has no print page: build it with KB_PRINT=true (make pdf does), "
                   "which switches on the print-site plugin")


# Links to the site's own files (a worked example's script and notebook) resolve to file:
# URLs in the print page; in a PDF read elsewhere those lead nowhere, so they are made
# absolute against the published site when its address is known.
REBASE = """([root, base]) => {
  for (const a of document.querySelectorAll('a[href]')) {
    if (a instanceof HTMLAnchorElement && a.href.startsWith(root)) {
      a.href = base + a.href.slice(root.length);
    }
  }
}"""


def build(site: Path | str, out: Path | str, chromium: str | None = None,
          base_url: str | None = None) -> Path:
    """Print the site's print page to ``out``; returns the path written. With ``base_url``
    (the published site's address), links to the site's own files point there."""
    from playwright.sync_api import Error, sync_playwright

    site, out = Path(site), Path(out)
    source = print_page(site)
    chromium = chromium or find_chromium()
    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        except Error as exc:
            raise PdfError(f"could not start {chromium}: {exc.message.splitlines()[0]}") from exc
        try:
            page = browser.new_page()
            # only this machine's files: the PDF must not depend on the network
            page.route("**/*", lambda route: route.continue_()
                       if route.request.url.startswith("file:") else route.abort())
            page.goto(source.resolve().as_uri(), wait_until="load")
            page.wait_for_function(
                "() => !document.querySelector('.arithmatex:not(:has(.katex))')", timeout=60000)
            page.evaluate(PREPARE)
            if base_url:
                page.evaluate(REBASE, [site.resolve().as_uri() + "/",
                                       base_url.rstrip("/") + "/"])
            page.emulate_media(media="print")
            out.parent.mkdir(parents=True, exist_ok=True)
            # page size, margins and page numbers come from the print stylesheet (@page)
            page.pdf(path=str(out), print_background=True, outline=True, tagged=True,
                     prefer_css_page_size=True)
        finally:
            browser.close()
    return out
