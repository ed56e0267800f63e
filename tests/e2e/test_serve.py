"""`make serve` rebuilds dirty (`mkdocs serve --dirty`): only the pages whose sources
changed, unless something every page shows changed. The site it then serves must be the
site a clean build of the same sources writes: every page, and the search index."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import BIN, ENGINE, EXAMPLES_CACHE, make_project, mkdocs_build

pytestmark = pytest.mark.slow

LIVERELOAD = re.compile(rb"<script>\s*var livereload = .*?</script>", re.S)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read()
    except OSError:
        return None


def wait_for(url: str, text: str, log: Path, server: subprocess.Popen,
             limit: float = 240) -> None:
    started = time.monotonic()
    while time.monotonic() - started < limit and server.poll() is None:
        page = fetch(url)
        if page is not None and text.encode() in page:
            return
        time.sleep(0.2)
    raise AssertionError(f"{url} never showed {text!r}:\n{log.read_text()[-3000:]}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def served_equals_clean_build(project: Path, base: str, tmp: Path) -> None:
    """Every page a clean build writes is served byte for byte (but for the livereload
    script), and the search index holds the same entries."""
    reference = tmp / f"reference-{time.monotonic_ns()}"
    result = mkdocs_build(project, reference, env={"KB_PRINT": "false"})  # as serve
    assert result.returncode == 0, result.stderr
    pages = sorted(p.relative_to(reference) for p in reference.rglob("*.html"))
    assert len(pages) > 10
    for rel in pages:
        served = fetch(base + rel.as_posix())
        assert served is not None, rel
        assert LIVERELOAD.sub(b"", served) == (reference / rel).read_bytes(), rel
    served_index = json.loads(fetch(base + "search/search_index.json"))
    clean_index = json.loads((reference / "search" / "search_index.json").read_text())

    def entries(index):
        return sorted(json.dumps(e, sort_keys=True) for e in index["docs"])
    assert entries(served_index) == entries(clean_index)
    assert served_index["config"] == clean_index["config"]


def last_build(log: Path) -> tuple[int, int, str]:
    time.sleep(1)  # the page is served once the build is done; let the log catch up
    found = re.findall(r"dirty build: (\d+) of (\d+) pages to build \(([^)]*)\)",
                       log.read_text())
    assert found, log.read_text()[-3000:]
    return int(found[-1][0]), int(found[-1][1]), found[-1][2]


def test_dirty_serve_serves_what_a_clean_build_writes(tmp_path):
    project = make_project(tmp_path / "project")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    # the clean builds compare with a site whose address is the server's, as serve sets it
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"\nsite_url: {base}\n",
                      encoding="utf-8")
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600",
           "KB_EXAMPLES_CACHE": str(EXAMPLES_CACHE)}
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(BIN / ENGINE), "serve", "-f", str(config), "--dev-addr",
             f"127.0.0.1:{port}", "--livereload", "--dirty"],
            stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        wait_for(base + "topics/beta/", "<article", log, server)
        served_equals_clean_build(project, base, tmp_path)

        # a summary: the topic's own page and the pages that list it change, not the rest
        edit(project / "kb/topics/beta.yml", "\nsummary: ", "\nsummary: Freshly edited. ")
        wait_for(base + "topics/beta/", "Freshly edited.", log, server)
        built, total, why = last_build(log)
        assert 0 < built < total / 2 and why == "the rest are unchanged", (built, total, why)
        served_equals_clean_build(project, base, tmp_path)

        # a title: every page's navigation shows it, so every page is built again
        edit(project / "kb/topics/beta.yml", "title: Beta", "title: Beta, renamed")
        wait_for(base + "topics/beta/", "Beta, renamed", log, server)
        built, total, why = last_build(log)
        assert built == total and why == "everything changed", (built, total, why)
        served_equals_clean_build(project, base, tmp_path)
        assert "Traceback" not in log.read_text()
    finally:
        server.terminate()
        server.wait(20)
