"""The worked-example runner: real subprocesses, real matplotlib, on small scripts."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import nbformat
import pytest

from kbsite import examples
from kbsite.model import Example

pytestmark = pytest.mark.slow  # each run starts an interpreter and imports matplotlib

TWO_FIGURES = '''
"""Two figures with text, so that glyphs are defined in both."""
import matplotlib.pyplot as plt
import numpy as np

x = np.linspace(0, 1, 50)
for k in (1, 2):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot(x, x ** k, label=f"x^{k}")
    ax.set(title=f"power {k}", xlabel="x")
    ax.legend()
plt.show()  # harmless: the build captures open figures
print("drew two figures")
'''


def write(root: Path, code: str, topic: str = "alpha", name: str = "demo.py") -> Example:
    path = examples.script_path(root, "kb", topic, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(code), encoding="utf-8")
    return Example(file=name, title="Demo", caption="A demo.")


def run(root: Path, example: Example, cache: Path | None = None, topic: str = "alpha"):
    return examples.run(root, "kb", topic, 0, example, f"kb/topics/{topic}.yml", cache)


def test_output_and_figures(tmp_path: Path):
    output, problems = run(tmp_path, write(tmp_path, TWO_FIGURES))
    assert problems == []
    assert output.stdout == "drew two figures\n"
    assert len(output.figures) == 2
    for svg in output.figures:
        assert svg.startswith("<svg ") and svg.rstrip().endswith("</svg>")
        assert "<?xml" not in svg and "<!DOCTYPE" not in svg
        assert "<style" not in svg  # matplotlib's global *{…} rule would reach the page
        assert "<path" in svg and "<text" not in svg  # text drawn as paths


def test_figures_never_share_an_id(tmp_path: Path):
    output, _ = run(tmp_path, write(tmp_path, TWO_FIGURES))
    ids = [re.findall(r'\bid="([^"]+)"', svg) for svg in output.figures]
    assert all(ids)
    assert not set(ids[0]) & set(ids[1])
    for svg, own in zip(output.figures, ids, strict=True):
        for ref in re.findall(r'href="#([^"]+)"|url\(#([^)]+)\)', svg):
            assert (ref[0] or ref[1]) in own  # every reference points into its own figure


def test_svg_is_byte_identical_across_runs(tmp_path: Path):
    example = write(tmp_path, TWO_FIGURES)
    first, _ = run(tmp_path, example)
    second, _ = run(tmp_path, example)
    assert first.figures == second.figures
    assert first.stdout == second.stdout


def test_cache_is_hit_then_missed_after_an_edit(tmp_path: Path):
    cache = tmp_path / "cache"
    example = write(tmp_path, 'print("one")\n')
    first, _ = run(tmp_path, example, cache)
    second, _ = run(tmp_path, example, cache)
    assert (first.cached, second.cached) == (False, True)
    assert second.stdout == first.stdout == "one\n"
    write(tmp_path, 'print("two")\n')
    third, _ = run(tmp_path, example, cache)
    assert not third.cached and third.stdout == "two\n"
    assert len(list(cache.glob("*.json"))) == 2


def test_the_same_script_elsewhere_is_cached_apart(tmp_path: Path):
    """The figures' id prefix depends on the place, so the place is part of the key."""
    cache = tmp_path / "cache"
    run(tmp_path, write(tmp_path, 'print("x")\n', topic="alpha"), cache, topic="alpha")
    other, _ = run(tmp_path, write(tmp_path, 'print("x")\n', topic="beta"), cache, topic="beta")
    assert not other.cached


def test_failures_are_not_cached(tmp_path: Path):
    cache = tmp_path / "cache"
    example = write(tmp_path, "assert 1 + 1 == 3, 'arithmetic'\n")
    for _ in range(2):
        output, problems = run(tmp_path, example, cache)
        assert output is None and len(problems) == 1
    assert not list(cache.glob("*.json"))


def test_a_clean_environment(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("KB_SECRET_FOR_TEST", "leak")
    example = write(tmp_path, '''
        import json, os, sys
        import matplotlib
        print(json.dumps({"env": sorted(os.environ), "backend": matplotlib.get_backend(),
                          "argv": sys.argv, "cwd": os.getcwd()}))
    ''')
    output, problems = run(tmp_path, example)
    assert problems == []
    seen = json.loads(output.stdout)
    assert "KB_SECRET_FOR_TEST" not in seen["env"]
    assert seen["backend"].lower() == "agg"
    assert seen["argv"][0].endswith("kb/examples/alpha/demo.py")
    assert Path(seen["cwd"]) == (tmp_path / "kb/examples/alpha").resolve()


def test_a_crash_of_the_interpreter_is_a_problem(tmp_path: Path):
    example = write(tmp_path, "import os\nprint('bye')\nos._exit(3)\n")
    output, problems = run(tmp_path, example)
    assert output is None
    assert [p.message.split(":")[0] for p in problems] == [
        "the example's interpreter stopped without a result"]


def test_notebook_holds_the_code(tmp_path: Path):
    code = textwrap.dedent(TWO_FIGURES)
    text = examples.notebook(code, "Two powers")
    nb = nbformat.reads(text, as_version=4)
    nbformat.validate(nb)
    assert [c.cell_type for c in nb.cells] == ["markdown", "code"]
    assert nb.cells[0].source.startswith("# Two powers\n\nTwo figures with text")
    assert "for k in (1, 2):" in nb.cells[1].source
    assert '"""' not in nb.cells[1].source
    assert examples.notebook(code, "Two powers") == text  # the same file on every build


def test_figure_html_labels_the_svg():
    svg = '<svg width="1" height="1">\n</svg>\n'
    out = examples.figure_html(svg, 'Sources "and" <mixtures>')
    assert out.startswith('<svg role="img" aria-label="Sources &quot;and&quot; '
                          '&lt;mixtures&gt;" width="1"')
