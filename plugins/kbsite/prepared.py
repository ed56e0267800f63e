"""Everything a build makes from the sources before MkDocs takes over: the knowledge base,
the worked examples' results and the generated pages, kept in the build cache by the bytes
of every input, so a build whose sources did not change skips reading and rendering them.

The key holds every file under the knowledge-base folder (the YAML, the example scripts),
the bibliography, this package's own code and templates, the versions the examples ran
with, and the options. Anything else the result could depend on is a bug in this list.
A knowledge base with errors is never kept: its problems are reported every time.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from . import examples, knowledge, loading, pages
from .knowledge import KnowledgeBase

_FORMAT = "1"  # bump when what is kept changes shape
_PACKAGE = Path(__file__).resolve().parent


@dataclass
class Prepared:
    kb: KnowledgeBase
    pages: list[pages.Page]
    outputs: dict[tuple[str, str], examples.Output]


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
        path = cache / f"prepared-{key}.pickle"
        try:
            with path.open("rb") as f:
                return pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass  # not there, or written by code that has since changed shape: make it
    with loading.paused_gc():
        kb = knowledge.build(loading.load(root, kb_dir, bib_file), check_text=check_text)
    outputs: dict[tuple[str, str], examples.Output] = {}
    if not kb.errors and run_examples:
        outputs, problems = examples.run_all(kb, root, kb_dir, cache)
        kb.problems = sorted(kb.problems + problems)
    if kb.errors:
        return Prepared(kb, [], outputs)
    with loading.paused_gc():
        rendered = pages.render(kb, repo_url=repo_url, examples=outputs, neutralise=neutralise)
    result = Prepared(kb, rendered, outputs)
    if key is not None:
        examples.write_atomically(cache / f"prepared-{key}.pickle",
                                  pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return result
