"""The MkDocs plugin ``kb``: glue between MkDocs and the core. Nothing is kept between builds."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import graphmap, knowledge, loading, pages, safety, timeline

log = get_plugin_logger(__name__)


class KbConfig(Config):
    kb_dir = c.Type(str, default="kb")
    bibliography = c.Type(str, default="references.bib")
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
            rendered = pages.render(kb, repo_url=config.repo_url,
                                    neutralise=self.config.sanitize) if not kb.errors else []
        for problem in kb.warnings:
            log.warning(str(problem))
        if kb.errors:
            listing = "\n".join(str(p) for p in kb.errors)
            raise PluginError(f"the knowledge base has {len(kb.errors)} error(s):\n{listing}")
        self.kb = kb
        self.pages = rendered
        config.extra.setdefault("build_date", pages.build_date())  # the PDF's cover shows it
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
            files.append(file)
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

    def on_serve(self, server, config: MkDocsConfig, builder):
        for path in loading.watched_paths(self.root, self.config.kb_dir,
                                          self.config.bibliography):
            server.watch(path)
        return server
