"""Worked examples: run each topic's scripts, keep what they print and draw.

A page can never show a result its code does not produce: the build runs every example in
a subprocess of its own (``example_driver.py``: Agg backend, a clean environment, a time
limit) and shows exactly the stdout and the figures that came out. The example's closing
``assert``s make the build fail when the demonstration stops demonstrating.

Results are cached by the script's bytes, its place (the figures' id salt), and the
versions of Python, numpy, matplotlib and the driver, so a rebuild reruns only what
changed. Failures are never cached. The CLI (``kb examples``) and the plugin both call
``run_all``; nothing here knows of MkDocs.
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .knowledge import KnowledgeBase
from .model import Example, Problem

DRIVER = Path(__file__).with_name("example_driver.py")
CACHE_DIR = ".cache/kb-examples"
"""Under the project root; ``KB_EXAMPLES_CACHE`` overrides it."""
_FORMAT = "2"  # bump when what is cached changes shape


@dataclass(frozen=True)
class Output:
    """What one example produced."""

    topic: str
    file: str
    """The script's name in kb/examples/<topic>/."""
    code: str
    stdout: str
    figures: tuple[str, ...]
    """One SVG document per figure, ids prefixed so that figures never share one."""
    seconds: float
    """How long the run took (when it was run, for a cached result)."""
    cached: bool = False


def script_path(root: Path, kb_dir: str, topic: str, file: str) -> Path:
    return Path(root) / kb_dir / "examples" / topic / file


def _versions() -> str:
    def version(name: str) -> str:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "missing"
    driver = hashlib.sha256(DRIVER.read_bytes()).hexdigest()
    return (f"{_FORMAT} python {sys.version_info[0]}.{sys.version_info[1]} numpy "
            f"{version('numpy')} matplotlib {version('matplotlib')} driver {driver}")


def digest(*parts: bytes | str) -> str:
    """A cache key: SHA-256 over the parts, each length-prefixed so no two lists collide."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def write_atomically(path: Path, data: bytes) -> None:
    """Another build or a parallel run reads either the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_suffix(f".{os.getpid()}.tmp")
    scratch.write_bytes(data)
    os.replace(scratch, path)


def _environment(config_dir: Path) -> dict[str, str]:
    """A clean environment: nothing of the caller's but what numpy needs to run correctly
    here (OPENBLAS_CORETYPE works around processors that older OpenBLAS builds misdetect)."""
    env = {"PATH": os.defpath, "MPLBACKEND": "Agg", "MPLCONFIGDIR": str(config_dir),
           "HOME": str(config_dir), "PYTHONHASHSEED": "0", "LC_ALL": "C.UTF-8",
           "PYTHONIOENCODING": "utf-8", "SOURCE_DATE_EPOCH": "0",
           "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "SYSTEMROOT"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


_ID = re.compile(r'\bid="([^"]+)"')


def _tidy_svg(svg: str, prefix: str) -> str:
    """An SVG document → an element to inline in a page: no XML prolog, no global style
    (matplotlib's ``*{…}`` would reach every element of the page; figures.css has it,
    scoped), and every id prefixed, so glyph definitions (named after the font, the same
    in every figure) never clash with another figure's or the page's."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"\s*<defs>\s*<style[^>]*>[^<]*</style>\s*</defs>", "", svg, count=1)
    ids = set(_ID.findall(svg))
    if ids:
        def rename(m: re.Match) -> str:
            name = m.group(2)
            return f"{m.group(1)}{prefix}{name}" if name in ids else m.group(0)
        svg = re.sub(r'(\bid="|href="#|url\(#)([^")]+)', rename, svg)
    return svg.strip() + "\n"


def _problem_for(error: dict, display: str, yaml_path: str, index: int) -> Problem:
    where = f"worked example examples[{index}] of {yaml_path}"
    if error["type"] == "AssertionError":
        claim = f"`assert {error['claim']}`" if error.get("claim") else "an assert"
        message = f": {error['message']}" if error["message"] else ""
        text = f"the example's claim failed, {claim}{message} ({where})"
    else:
        source = f" in `{error['source']}`" if error.get("source") else ""
        text = f"{error['type']}: {error['message']}{source} ({where})"
    return Problem(display, int(error["line"]), 1, "error", text)


def run(root: Path, kb_dir: str, topic: str, index: int, example: Example, yaml_path: str,
        cache: Path | None, versions: str | None = None) -> tuple[Output | None, list[Problem]]:
    """Run one example (or take it from ``cache``): its output, or the problems it has."""
    path = script_path(root, kb_dir, topic, example.file)
    display = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        code_bytes = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 1, 1, "error", f"cannot read the worked example "
                              f"listed in {yaml_path}: {exc.strerror}")]
    code = code_bytes.decode("utf-8", errors="replace")
    salt = f"{topic}/{example.file}"
    key = digest(versions or _versions(), salt, code_bytes)
    prefix = "x" + hashlib.sha256(salt.encode()).hexdigest()[:6]  # short: ids repeat a lot
    cached = cache / f"{key}.json" if cache else None
    if cached is not None and cached.is_file():
        try:
            data = json.loads(cached.read_text(encoding="utf-8"))
            return Output(topic, example.file, code, data["stdout"], tuple(data["figures"]),
                          data["seconds"], cached=True), []
        except (OSError, ValueError, KeyError):
            pass  # an unreadable entry is rerun and rewritten

    work = Path(tempfile.mkdtemp(prefix="kb-example-"))
    config_dir = (cache.resolve() / "mplconfig") if cache else work  # fonts, cached once
    config_dir.mkdir(parents=True, exist_ok=True)
    result_file = work / "result.json"
    started = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-I", str(DRIVER), str(path.resolve()), salt, str(result_file)],
            cwd=path.parent, env=_environment(config_dir), capture_output=True,
            timeout=example.timeout, check=False)
    except subprocess.TimeoutExpired:
        _remove(work)
        return None, [Problem(display, 1, 1, "error", f"did not finish within "
                              f"{example.timeout:g} s; make it faster or raise "
                              f"examples[{index}].timeout in {yaml_path}")]
    seconds = time.perf_counter() - started
    stdout = proc.stdout.decode("utf-8", errors="replace")
    try:
        result = json.loads(result_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stderr = proc.stderr.decode("utf-8", errors="replace").strip().splitlines()
        last = stderr[-1] if stderr else f"exit status {proc.returncode}"
        return None, [Problem(display, 1, 1, "error", f"the example's interpreter stopped "
                              f"without a result: {last} ({yaml_path} examples[{index}])")]
    finally:
        _remove(work)
    if result["error"]:
        return None, [_problem_for(result["error"], display, yaml_path, index)]
    figures = tuple(_tidy_svg(svg, f"{prefix}{i}") for i, svg in enumerate(result["figures"]))
    if not stdout.strip() and not figures:
        return None, [Problem(display, 1, 1, "error", f"the example printed nothing and drew "
                              f"no figure: print its key numbers and draw what it shows "
                              f"(worked example examples[{index}] of {yaml_path})")]
    if cached is not None:
        write_atomically(cached, json.dumps({"stdout": stdout, "figures": figures,
                                             "seconds": round(seconds, 3)}).encode())
    return Output(topic, example.file, code, stdout, figures, seconds), []


def _remove(folder: Path) -> None:
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()


def default_cache(root: Path) -> Path:
    explicit = os.environ.get("KB_EXAMPLES_CACHE")
    return Path(explicit) if explicit else Path(root) / CACHE_DIR


def run_all(kb: KnowledgeBase, root: Path, kb_dir: str = "kb", cache: Path | None = None,
            topics: list[str] | None = None, jobs: int | None = None,
            ) -> tuple[dict[tuple[str, str], Output], list[Problem]]:
    """Every example of ``topics`` (default: all), in parallel subprocesses."""
    root = Path(root).resolve()
    cache = cache.resolve() if cache else None  # the scripts run in their own folders
    versions = _versions()
    wanted = [(tid, i, ex) for tid, topic in kb.topics.items()
              if topics is None or tid in topics for i, ex in enumerate(topic.examples)]
    jobs = jobs or max(1, min(len(wanted), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(
            lambda w: run(root, kb_dir, w[0], w[1], w[2], kb.sources.get(w[0], w[0]), cache,
                          versions), wanted))
    outputs, problems = {}, []
    for (tid, _, ex), (output, found) in zip(wanted, results, strict=True):
        problems += found
        if output is not None:
            outputs[(tid, ex.file)] = output
    return outputs, sorted(problems)


def memo(cache: Path | None, kind: str, parts: tuple[str | bytes, ...],
         make: Callable[[], bytes], suffix: str = ".bin") -> bytes:
    """``make()``, or what it returned before for the same ``parts``, kept in ``cache``:
    what is made from the sources but costs time (an example's highlighted listing and
    notebook, the Anki deck) costs a warm build nothing."""
    if cache is None:
        return make()
    path = memo_path(cache, kind, parts, suffix)
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = make()
    write_atomically(path, data)
    return data


def memo_path(cache: Path, kind: str, parts: tuple[str | bytes, ...], suffix: str = ".bin",
              ) -> Path:
    """Where ``memo`` keeps what it made from ``parts``."""
    return cache / f"{kind}-{digest(_FORMAT, kind, *parts)}{suffix}"


def memo_text(cache: Path | None, kind: str, parts: tuple[str, ...],
              make: Callable[[], str]) -> str:
    return memo(cache, kind, parts, lambda: make().encode(), ".txt").decode()


def figure_html(svg: str, caption: str) -> str:
    """The inline SVG with the caption as its accessible name."""
    label = html.escape(" ".join(caption.split()), quote=True)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def notebook(code: str, title: str) -> str:
    """The script as a Jupyter notebook (nbformat 4): its docstring as a Markdown cell, the
    rest as one code cell; cell ids are fixed so the file is the same on every build."""
    import nbformat  # only needed when notebooks are written

    body = code
    intro = f"# {title}"
    m = re.match(r'\s*(?:"""(.*?)"""|\'\'\'(.*?)\'\'\')\s*\n', code, re.S)
    if m:
        intro += "\n\n" + (m.group(1) or m.group(2) or "").strip()
        body = code[m.end():]
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                  "language": "python"},
                   "language_info": {"name": "python"}}
    nb.cells = [nbformat.v4.new_markdown_cell(intro, id="intro"),
                nbformat.v4.new_code_cell(body.strip() + "\n", id="code")]
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"
