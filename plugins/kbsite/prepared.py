"""Everything a build makes from the sources before MkDocs takes over: the knowledge base,
the worked examples' results and the generated pages, kept in the build cache by the bytes
of every input, so a build whose sources did not change skips reading and rendering them.

The key holds every file under the knowledge-base folder (the YAML, the example scripts),
the bibliography, this package's own code and templates, the versions the examples ran
with, and the options. Anything else the result could depend on is a bug in this list.
A knowledge base with errors is never kept: its problems are reported every time.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from . import anki, examples, graphmap, knowledge, loading, pages
from .knowledge import KnowledgeBase

_FORMAT = "3"  # bump when what is kept changes shape
_SLOT = "prepared.pickle"
_PACKAGE = Path(__file__).resolve().parent


@dataclass
class Prepared:
    kb: KnowledgeBase
    pages: list[pages.Page]
    outputs: dict[tuple[str, str], examples.Output]
    # made from the knowledge base alone, so kept with it
    map_layout: graphmap.Layout | None = None
    site_data: str = ""
    deck_questions: str = ""  # anki.questions_digest


def _inputs(root: Path, kb_dir: str, bib_file: str) -> list[bytes | str]:
    parts: list[bytes | str] = []
    for folder, pattern in ((root / kb_dir, "**/*"), (_PACKAGE, "**/*.py"),
                            (_PACKAGE / "templates", "*")):
        for path in sorted(p for p in folder.glob(pattern) if p.is_file()):
            if "__pycache__" in path.parts:
                continue
            parts += [str(path.relative_to(folder)), path.read_bytes()]
    bib = root / bib_file
    parts += [bib_file, bib.read_bytes() if bib.is_file() else b"\0missing"]
    parts += [f"{name} {metadata.version(name)}" for name in
              ("pydantic", "bibtexparser", "pylatexenc", "jinja2", "networkx", "pyyaml")]
    return parts


def prepare(root: Path, kb_dir: str, bib_file: str, *, check_text: bool = True,
            neutralise: bool = True, repo_url: str | None = None, run_examples: bool = True,
            cache: Path | None = None) -> Prepared:
    """Load, check and render the knowledge base (and run its examples), or take what an
    earlier build made from exactly the same inputs out of ``cache``."""
    key = None
    if cache is not None:
        key = examples.digest(_FORMAT, repr((kb_dir, check_text, neutralise, repo_url,
                                             run_examples, examples._versions())),
                              *_inputs(root, kb_dir, bib_file))
        try:
            with (cache / _SLOT).open("rb") as f:
                if f.read(len(key)).decode("ascii", "replace") == key:
                    with loading.paused_gc():  # every object it makes lives on
                        return pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass  # not there, or written by code that has since changed shape: make it
    with loading.paused_gc():
        kb = knowledge.build(loading.load(root, kb_dir, bib_file, parallel=True),
                             check_text=check_text)
    outputs: dict[tuple[str, str], examples.Output] = {}
    if not kb.errors and run_examples:
        outputs, problems = examples.run_all(kb, root, kb_dir, cache)
        kb.problems = sorted(kb.problems + problems)
    if kb.errors:
        return Prepared(kb, [], outputs)
    with loading.paused_gc():
        rendered = pages.render(kb, repo_url=repo_url, examples=outputs, neutralise=neutralise)
    result = Prepared(kb, rendered, outputs, graphmap.layout_of(kb), pages.site_data(kb),
                      anki.questions_digest(kb))
    if key is not None:
        # one slot: the last build's inputs (an edited knowledge base replaces it)
        examples.write_atomically(cache / _SLOT, key.encode("ascii") + pickle.dumps(
            result, protocol=pickle.HIGHEST_PROTOCOL))
    return result


class CleanedPages:
    """Each generated page's HTML after the sanitiser, by page, kept in one file in the
    cache: the same HTML cleans to the same HTML, so a warm build looks it up. ``version``
    names the sanitiser (safety.VERSION); a different one starts afresh. Only the pages of
    the last build are kept."""

    def __init__(self, cache: Path | None, version: str):
        self.path = cache / "cleaned.pickle" if cache is not None else None
        self.version = version
        self.pages: dict[str, tuple[bytes, str]] = {}
        self.changed = False
        if self.path is None:
            return
        try:
            with self.path.open("rb") as f, loading.paused_gc():
                stored = pickle.load(f)
            if stored["version"] == version:
                self.pages = stored["pages"]
        except (OSError, TypeError, KeyError, pickle.UnpicklingError, EOFError):
            pass  # not there, or not ours: start afresh

    def clean(self, page: str, html: str, make: Callable[[str], str]) -> str:
        key = hashlib.sha256(html.encode()).digest()
        known = self.pages.get(page)
        if known is not None and known[0] == key:
            return known[1]
        cleaned = make(html)
        self.pages[page] = (key, cleaned)
        self.changed = True
        return cleaned

    def save(self, pages: set[str]) -> None:
        """Write what is known of ``pages`` (the build's generated pages), if anything new."""
        if self.path is None or not (self.changed or set(self.pages) - pages):
            return
        kept = {p: v for p, v in self.pages.items() if p in pages}
        examples.write_atomically(self.path, pickle.dumps(
            {"version": self.version, "pages": kept}, protocol=pickle.HIGHEST_PROTOCOL))
        self.changed = False
