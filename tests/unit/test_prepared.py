"""The build cache of what the plugin makes from the sources: the prepared knowledge base
(one slot, keyed by every input) and the cleaned pages (keyed by page and HTML)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kbsite import loading, prepared

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    dest = tmp_path / "project"
    shutil.copytree(FIXTURE / "kb", dest / "kb")
    shutil.copy(FIXTURE / "references.bib", dest / "references.bib")
    return dest


def prepare(root: Path, cache: Path, **options):
    return prepared.prepare(root, "kb", "references.bib", run_examples=False, cache=cache,
                            **options)


def test_prepared_is_taken_from_the_cache_until_an_input_changes(root, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = prepare(root, cache)
    assert not first.kb.errors and first.pages
    calls = []
    real_load = loading.load
    monkeypatch.setattr(loading, "load", lambda *a, **k: calls.append(a) or real_load(*a, **k))

    again = prepare(root, cache)
    assert calls == []  # nothing read or rendered: the cached result
    assert [p.content for p in again.pages] == [p.content for p in first.pages]

    beta = root / "kb" / "topics" / "beta.yml"
    beta.write_text(beta.read_text().replace("\nsummary: ", "\nsummary: Edited. ", 1))
    edited = prepare(root, cache)
    assert len(calls) == 1
    assert "Edited." in next(p.content for p in edited.pages if p.src_uri == "topics/beta.md")

    bib = root / "references.bib"
    bib.write_text(bib.read_text() + "\n% a comment changes the key too\n")
    prepare(root, cache)
    assert len(calls) == 2
    prepare(root, cache, repo_url="https://example.org/repo")  # so does an option
    assert len(calls) == 3
    assert sorted(p.name for p in cache.iterdir()) == ["prepared.pickle"]  # one slot


def test_a_knowledge_base_with_errors_is_never_kept(root, tmp_path):
    cache = tmp_path / "cache"
    (root / "kb" / "topics" / "beta.yml").write_text("title: [unclosed\n")
    made = prepare(root, cache)
    assert made.kb.errors and made.pages == []
    assert not (cache / "prepared.pickle").exists()
    assert prepare(root, cache).kb.errors  # reported again, every time


def test_a_damaged_cache_file_is_made_again(root, tmp_path):
    cache = tmp_path / "cache"
    first = prepare(root, cache)
    slot = cache / "prepared.pickle"
    slot.write_bytes(slot.read_bytes()[:200])  # the key, then a truncated pickle
    again = prepare(root, cache)
    assert [p.content for p in again.pages] == [p.content for p in first.pages]


def test_cleaned_pages_are_looked_up_by_page_and_html(tmp_path):
    made = []

    def clean(text: str) -> str:
        made.append(text)
        return text.upper()

    store = prepared.CleanedPages(tmp_path, "v1")
    assert store.clean("a.md", "<p>a</p>", clean) == "<P>A</P>"
    assert store.clean("b.md", "<p>b</p>", clean) == "<P>B</P>"
    store.save({"a.md", "b.md"})

    store = prepared.CleanedPages(tmp_path, "v1")
    assert store.clean("a.md", "<p>a</p>", clean) == "<P>A</P>"
    assert made == ["<p>a</p>", "<p>b</p>"]  # the same HTML was not cleaned again
    assert store.clean("a.md", "<p>changed</p>", clean) == "<P>CHANGED</P>"
    assert store.clean("c.md", "<p>a</p>", clean) == "<P>A</P>"  # another page: cleaned
    assert len(made) == 4
    store.save({"a.md", "c.md"})  # b.md is no longer built: forgotten

    assert set(prepared.CleanedPages(tmp_path, "v1").pages) == {"a.md", "c.md"}
    assert prepared.CleanedPages(tmp_path, "v2").pages == {}  # another sanitiser: afresh
    (tmp_path / "cleaned.pickle").write_bytes(b"not a pickle")
    assert prepared.CleanedPages(tmp_path, "v1").pages == {}


def test_a_warm_prepare_needs_neither_networkx_nor_the_bibtex_parser(root, tmp_path):
    """The graph is kept as its nodes and edges and made again only when asked for, so a
    build that takes the knowledge base from the cache does not import networkx, genanki
    or bibtexparser (about a tenth of a second at every build)."""
    import subprocess
    import sys

    cache = tmp_path / "cache"
    made = prepare(root, cache)
    graph = made.kb.graph
    assert graph.number_of_edges() > 0
    plugins = Path(prepared.__file__).resolve().parents[1]
    script = f"""
import sys
sys.path.insert(0, {str(plugins)!r})
from pathlib import Path
from kbsite import graphmap, plugin, prepared
made = prepared.prepare(Path({str(root)!r}), "kb", "references.bib", run_examples=False,
                        cache=Path({str(cache)!r}))
graphmap.svg(made.kb, lambda t: t, made.map_layout)
heavy = [m for m in ("networkx", "genanki", "bibtexparser", "kbsite.bibliography")
         if m in sys.modules]
print(heavy)
graph = made.kb.graph  # made again when asked for
print(sorted(graph.nodes), sorted(graph.edges))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out[0] == "[]"
    assert out[1] == f"{sorted(graph.nodes)} {sorted(graph.edges)}"
