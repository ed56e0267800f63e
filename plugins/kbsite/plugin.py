"""The MkDocs plugin ``kb``: glue between MkDocs and the core. Nothing is kept between builds."""

from __future__ import annotations

import importlib.metadata
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

from . import anki, csp, examples, graphmap, knowledge, loading, pages, safety, timeline

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
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path or ".").resolve().parent
        with loading.paused_gc():
            kb = knowledge.build(loading.load(self.root, self.config.kb_dir,
                                              self.config.bibliography),
                                 check_text=self.config.check_text)
        self.cache = examples.default_cache(self.root)
        outputs = {}
        if not kb.errors and self.config.examples:
            outputs, problems = examples.run_all(kb, self.root, self.config.kb_dir, self.cache)
            kb.problems = sorted(kb.problems + problems)
        with loading.paused_gc():
            rendered = (pages.render(kb, repo_url=config.repo_url, examples=outputs,
                                     neutralise=self.config.sanitize)
                        if not kb.errors else [])
        for problem in kb.warnings:
            log.warning(str(problem))
        if kb.errors:
            listing = "\n".join(str(p) for p in kb.errors)
            raise PluginError(f"the knowledge base has {len(kb.errors)} error(s):\n{listing}")
        self.kb = kb
        self.pages = rendered
        self.examples = outputs
        self.fragments = pages.example_fragments(kb, outputs, _renderer(config), self.cache,
                                                 salt=_markdown_salt(config))
        config.extra.setdefault("build_date", pages.build_date())  # the PDF's cover shows it
        self.script_hashes: set[str] = set()
        self.generated = {page.src_uri for page in self.pages}
        config.nav = pages.expand_nav(config.nav, kb)
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
        files.append(File.generated(config, pages.SITE_DATA, content=pages.site_data(self.kb)))
        if self.config.anki_deck:
            site_url = config.site_url or os.environ.get("KB_SITE_URL")  # notes link there
            files.append(File.generated(config, anki.FILENAME, content=anki.cached_deck_bytes(
                self.kb, site_url, self.cache)))
        self.files = files
        return files

    def on_page_content(self, html: str, page: Page, files: Files, **kwargs) -> str:
        if page.file.src_uri not in self.generated:
            return html
        if self.config.sanitize:
            html = safety.sanitize(html, page.file.src_uri)
        if page.file.src_uri == pages.MAP:
            def href(topic_id: str) -> str:
                return files.get_file_from_path(f"topics/{topic_id}.md").url_relative_to(page.file)
            html = pages.insert_figures(html, {"map": graphmap.svg(self.kb, href)})
        elif page.file.src_uri == pages.TIMELINE and self.kb.timeline is not None:
            html = pages.insert_figures(html, {"hype": timeline.svg(self.kb.timeline)})
        return html

    # The worked examples' figures (megabytes of SVG) go in once the search index and the
    # print page's combined HTML have been made from the page: neither needs them, and
    # parsing them there cost more than a warm build of the examples' sections.
    @event_priority(-100)
    def on_page_context(self, context, page: Page, **kwargs):
        fragments = self.fragments.get(pages.topic_id(page.file.src_uri) or "")
        if fragments:
            page.content = pages.insert_figures(page.content, fragments)
        return context

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
            everything = {k: v for frags in self.fragments.values() for k, v in frags.items()}
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
