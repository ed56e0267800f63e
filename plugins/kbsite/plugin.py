"""The MkDocs plugin ``kb``: glue between MkDocs and the core. Nothing is kept between builds."""

from __future__ import annotations

import gc
import importlib.metadata
import logging
import os
from pathlib import Path

import markdown
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import anki, csp, examples, graphmap, loading, pages, prepared, safety, timeline

log = get_plugin_logger(__name__)


class KbConfig(Config):
    kb_dir = c.Type(str, default="kb")
    bibliography = c.Type(str, default="references.bib")
    examples = c.Type(bool, default=True)
    """Run the worked examples (off: their sections are left out, for quick previews)."""
    anki_deck = c.Type(bool, default=True)
    """Put the Anki deck (learn-something-harder.apkg) in the site."""
    # The layers that keep contributor text from running script (README, "Trust"). Only
    # tests switch them off, to show that each later layer stands on its own.
    check_text = c.Type(bool, default=True)
    """Layer 1: markup, links and figure limits in contributor text are build errors."""
    sanitize = c.Type(bool, default=True)
    """Layer 2: neutralise raw markup before Markdown, clean the HTML after it."""


class KnowledgeBasePlugin(BasePlugin[KbConfig]):
    # With on_startup, MkDocs keeps this object across `mkdocs serve`'s rebuilds: what the
    # last build wrote is remembered here, so a dirty rebuild redoes only what changed.
    dirty = False
    built: dict[str, str]  # page → digest of what it was built from (dirty builds)
    site_key: str | None = None  # digest of what every page shows (dirty builds)
    kept_hashes: frozenset[str] = frozenset()  # the theme's script hashes (dirty builds)
    cleaned: prepared.CleanedPages | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty = dirty
        self.built = {}
        if dirty:
            # Our pages are accurate in a dirty build (on_nav): MkDocs' warning that they
            # are not would fail every build in strict mode.
            for name in ("mkdocs.commands.build", "properdocs.commands.build"):
                logging.getLogger(name).addFilter(_not_dirty_warning)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path or ".").resolve().parent
        self.cache = examples.default_cache(self.root)
        made = prepared.prepare(self.root, self.config.kb_dir, self.config.bibliography,
                                check_text=self.config.check_text,
                                neutralise=self.config.sanitize, repo_url=config.repo_url,
                                run_examples=self.config.examples, cache=self.cache)
        kb = made.kb
        for problem in kb.warnings:
            log.warning(str(problem))
        if kb.errors:
            listing = "\n".join(str(p) for p in kb.errors)
            raise PluginError(f"the knowledge base has {len(kb.errors)} error(s):\n{listing}")
        self.kb = kb
        self.pages = made.pages
        self.examples = made.outputs
        self.made = made
        self.fragments = pages.example_fragments(kb, made.outputs, _renderer(config), self.cache,
                                                 salt=_markdown_salt(config))
        config.extra.setdefault("build_date", pages.build_date())  # the PDF's cover shows it
        self.script_hashes: set[str] = set(self.kept_hashes)
        self.generated = {page.src_uri for page in self.pages}
        if self.cleaned is None:  # kept across `mkdocs serve`'s rebuilds
            self.cleaned = prepared.CleanedPages(self.cache, safety.VERSION)
        config.nav = pages.expand_nav(config.nav, kb)
        # What is alive now (the knowledge base, its pages, the modules) lives through the
        # build: the cyclic collector need not walk it again in each of its passes.
        gc.freeze()
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        docs_dir = Path(config.docs_dir)
        for page in self.pages:
            if page.src_uri in files:
                raise PluginError(f"docs/{page.src_uri} clashes with a page the kb plugin "
                                  f"generates; move or rename it")
            file = File.generated(config, page.src_uri, content=page.content)
            if page.source:  # "edit this page" opens the YAML, not generated Markdown
                file.edit_uri = Path(os.path.relpath(self.root / page.source, docs_dir)).as_posix()
            if page.serve_at:  # e.g. /review/, while its links resolve from src_uri's folder
                file.dest_uri = (f"{page.serve_at}/index.html" if config.use_directory_urls
                                 else f"{page.serve_at}.html")
            files.append(file)
        for src_uri, content in pages.example_downloads(self.kb, self.examples,
                                                        self.cache).items():
            files.append(File.generated(config, src_uri, content=content))
        files.append(File.generated(config, pages.SITE_DATA, content=self.made.site_data))
        self.deck_ready = None
        if self.config.anki_deck:
            site_url = config.site_url or os.environ.get("KB_SITE_URL")  # notes link there
            path, self.deck_ready = anki.deck_in_background(self.kb, site_url, self.cache,
                                                               self.made.deck_questions)
            files.append(File.generated(config, anki.FILENAME, abs_src_path=str(path)))
        self.files = files
        return files

    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        if self.dirty:
            self._mark_changed(nav, config, files)
        return nav

    def _mark_changed(self, nav, config: MkDocsConfig, files: Files) -> None:
        """A dirty build (``mkdocs serve --dirty``, as `make serve` runs) rebuilds only the
        pages whose sources changed: everything, if what every page shows changed (the
        navigation's titles and URLs, mkdocs.yml, the theme overrides)."""
        def walk(items):
            for item in items:
                yield (type(item).__name__, item.title, getattr(item, "url", None))
                yield from walk(getattr(item, "children", None) or [])

        custom = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        theme = [(str(p), p.read_bytes()) for p in sorted(custom.rglob("*"))
                 if p.is_file()] if custom else []
        site_key = examples.digest(repr(list(walk(nav.items))), repr(theme),
                                   Path(config.config_file_path).read_bytes()
                                   if config.config_file_path else b"",
                                   repr(sorted(config.extra.items())))
        everything = site_key != self.site_key
        self.pending = (site_key, {})
        rebuilt = 0
        for file in files.documentation_pages():
            src = file.src_uri
            if src in self.generated:
                source = examples.digest(file.content_string, repr(sorted(
                    self.fragments.get(pages.topic_id(src) or "", {}).items())))
            else:
                source = examples.digest(Path(file.abs_src_path).read_bytes())
            self.pending[1][src] = source
            changed = (everything or self.built.get(src) != source
                       or src in (pages.MAP, pages.TIMELINE)  # figures drawn late
                       or not os.path.isfile(file.abs_dest_path))
            file.is_modified = (lambda changed=changed: changed)
            rebuilt += changed
        log.info(f"dirty build: {rebuilt} of {len(self.pending[1])} pages to build "
                 f"({'everything changed' if everything else 'the rest are unchanged'})")

    def on_env(self, env, config: MkDocsConfig, files: Files):
        if self.deck_ready is not None:  # MkDocs copies the deck next
            self.deck_ready()
        # Material's search keeps the last build's index under dirty builds and swaps in the
        # entries of one rebuilt page, found by URL prefix (so a rebuilt home page, URL "",
        # would drop every other page). Keep instead every entry of the pages not rebuilt.
        if self.dirty:
            search = next((p for p in config.plugins.values()
                           if hasattr(p, "search_index_prev")), None)
            previous = getattr(search, "search_index_prev", None)
            if previous is not None:
                unchanged = {"" if f.url == "./" else f.url  # the index's location is ""
                             for f in files.documentation_pages() if not f.is_modified()}
                search.search_index.entries[:0] = [
                    e for e in previous.entries if e["location"].split("#")[0] in unchanged]
                search.search_index_prev = None
        return env

    def on_page_content(self, html: str, page: Page, files: Files, **kwargs) -> str:
        if self.config.sanitize and page.file.src_uri in self.generated:
            # the same HTML cleans to the same HTML: a warm build looks the result up
            src = page.file.src_uri
            html = self.cleaned.clean(src, html, lambda text: safety.sanitize(text, src))
        return html

    # Our figures (the map, the hype cycle, the worked examples' listings and plots: a
    # megabyte of SVG at 1,000 topics) go in once the search index and the print page's
    # combined HTML have been made from the page: neither needs them (the map and the hype
    # cycle are data-search-exclude), and parsing and rewriting them there cost more than
    # drawing them.
    @event_priority(-100)
    def on_page_context(self, context, page: Page, **kwargs):
        figures = self._figures(page.file.src_uri, lambda target: target.url_relative_to(
            page.file))
        if figures:
            page.content = pages.insert_figures(page.content, figures)
        return context

    def _figures(self, src_uri: str, link) -> dict[str, str]:
        """Marker name → HTML of the figures that go on the page at ``src_uri``; ``link``
        gives the href of a topic's page (a File) from where the figure is shown."""
        if src_uri == pages.MAP:
            def href(topic_id: str) -> str:
                return link(self.files.get_file_from_path(f"topics/{topic_id}.md"))
            return {"map": graphmap.svg(self.kb, href, self.made.map_layout)}
        if src_uri == pages.TIMELINE and self.kb.timeline is not None:
            return {"hype": timeline.svg(self.kb.timeline)}
        return self.fragments.get(pages.topic_id(src_uri) or "", {})

    # Layer 3: the Content-Security-Policy, hashing only what the theme wrote (csp.py).
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        hashes = csp.theme_hashes(output, page.content)
        self.script_hashes |= hashes
        return csp.insert(output, csp.policy(hashes))

    def on_post_template(self, output_content: str, template_name: str,
                         config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):  # 404.html: no content of ours in it
            return output_content
        return csp.insert(output_content, csp.policy(csp.theme_hashes(output_content)))

    @event_priority(-100)  # after print-site has written its page
    def on_post_build(self, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        policy = csp.policy(self.script_hashes)
        printed = site / "print_page" / "index.html"
        if not printed.is_file():
            printed = site / "print_page.html"
        if printed.is_file():  # print-site writes it itself: the late parts and the policy
            text = printed.read_text(encoding="utf-8")
            # on the print page each page is a section whose id print-site derives from
            # its URL, and links to a page become links to that section
            from mkdocs_print_site_plugin.urls import get_page_key
            everything = {}
            for src_uri in self.generated:
                everything.update(self._figures(
                    src_uri, lambda target: "#" + get_page_key(target.url)))
            text = pages.insert_figures(text, everything)
            if "Content-Security-Policy" not in text:
                hashes = self.script_hashes | csp.head_hashes(text)
                text = csp.insert(text, csp.policy(hashes))
            printed.write_text(text, encoding="utf-8")
        for old, new in self.kb.aliases.items():  # a page at every former topic URL
            target = self.files.get_file_from_path(f"topics/{new}.md")
            if target is None:
                continue
            moved = File.generated(config, f"topics/{old}.md", content="")
            html = pages.redirect(target.url_relative_to(moved), self.kb.topics[new].title)
            dest = site / moved.dest_uri
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(csp.insert(html, policy), encoding="utf-8")
        self.cleaned.save(self.generated)
        if self.dirty:  # this build is the one the next compares with
            self.site_key, self.built = self.pending
            self.kept_hashes = frozenset(self.script_hashes)
        gc.unfreeze()  # under `mkdocs serve` the next build may free this one

    def on_serve(self, server, config: MkDocsConfig, builder):
        for path in loading.watched_paths(self.root, self.config.kb_dir,
                                          self.config.bibliography):
            server.watch(path)
        return server


def _renderer(config: MkDocsConfig):
    """Markdown → HTML exactly as this site renders a page's Markdown."""
    md = None

    def render(text: str) -> str:
        nonlocal md
        md = md or markdown.Markdown(extensions=config.markdown_extensions,
                                     extension_configs=config.mdx_configs)
        return md.reset().convert(text)
    return render


def _markdown_salt(config: MkDocsConfig) -> str:
    versions = [importlib.metadata.version(n) for n in ("markdown", "pymdown-extensions",
                                                        "pygments")]
    return repr((versions, [str(e) for e in config.markdown_extensions],
                 sorted((k, repr(v)) for k, v in config.mdx_configs.items())))


def _not_dirty_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("A 'dirty' build is being performed")
