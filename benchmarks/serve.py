"""Edit-to-reload: how long `make serve` takes to show an edit to one topic.

    python benchmarks/serve.py [--sizes 1000] [--runs 3] [--write docs/benchmarks.md]

For the real knowledge base and for seeded synthetic ones of each size, it starts
`mkdocs serve --dirty` (as `make serve` does), waits for the site, then edits one topic's summary
and polls that topic's page until the edit shows: the time from the write to the new page
being served, the median of --runs edits. It also times a full `mkdocs build` of the same
project for the ratio (target: at most a third of a full build at 1,000 topics). Prints
Markdown; --write puts it in the "## Serve: edit to reload" section of the file.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import BIN, ENV, ROOT, project, write_section  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return None


def wait_for(url: str, text: str, limit: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        page = fetch(url)
        if page is not None and text in page:
            return time.perf_counter() - started
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not show {text!r} within {limit:.0f} s")


def full_build(root: Path) -> float:
    with tempfile.TemporaryDirectory() as site:
        started = time.perf_counter()
        subprocess.run([str(BIN / "mkdocs"), "build", "-q", "-f", str(root / "mkdocs.yml"),
                        "-d", site], env=ENV, check=True, capture_output=True)
        return time.perf_counter() - started


def edit_to_reload(root: Path, runs: int) -> list[float]:
    topic = sorted((root / "kb" / "topics").glob("*.yml"))[len(list(
        (root / "kb" / "topics").glob("*.yml"))) // 2]
    original = topic.read_text(encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}/topics/{topic.stem}/"
    log = tempfile.TemporaryFile()  # noqa: SIM115 - outlives this block, closed below
    server = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "-f", str(root / "mkdocs.yml"), "--dev-addr",
         f"127.0.0.1:{port}", "--livereload", "--dirty"],  # as make serve
        env=ENV, stdout=log, stderr=log)
    times = []
    try:
        try:
            wait_for(url, "<article", 900)
        except TimeoutError:
            log.seek(0)
            sys.exit(f"mkdocs serve did not serve {url}:\n"
                     + log.read().decode(errors="replace")[-3000:])
        for i in range(runs):
            marker = f"Edited for the benchmark, round {i}."
            text = original.replace("\nsummary: ", f"\nsummary: {marker} ", 1)
            assert text != original, f"{topic} has no one-line summary to edit"
            started = time.perf_counter()
            topic.write_text(text, encoding="utf-8")
            wait_for(url, marker, 900)
            times.append(time.perf_counter() - started)
    finally:
        topic.write_text(original, encoding="utf-8")
        server.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(10)
        log.close()
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[1000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--write", type=Path)
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        real = Path(tmp) / "real"
        for name in ("mkdocs.yml", "references.bib"):
            (real / name).parent.mkdir(parents=True, exist_ok=True)
            (real / name).write_bytes((ROOT / name).read_bytes())
        for folder in ("kb", "docs", "print", "overrides"):
            subprocess.run(["cp", "-r", str(ROOT / folder), str(real / folder)], check=True)
        projects = [("the real knowledge base", real)]
        for n in args.sizes:
            projects.append((f"{n} synthetic topics", project(Path(tmp) / f"s{n}", n, 2 * n)))
        for label, root in projects:
            full_build(root)  # fills the worked-example cache, as a working copy has it
            full = full_build(root)
            reload = statistics.median(edit_to_reload(root, args.runs))
            rows.append((label, reload, full))
            print(f"{label}: edit to reload {reload:.2f} s, full build {full:.2f} s",
                  file=sys.stderr)
    lines = ["## Serve: edit to reload", "",
             f"Command: `python benchmarks/serve.py --sizes {' '.join(map(str, args.sizes))} "
             f"--runs {args.runs}` (part of `make bench`), {os.cpu_count()} CPUs. The time from "
             "writing an edit to one topic's summary until `mkdocs serve --dirty` (as `make serve` "
             "runs it) serves the changed page (median of the runs), against a full `mkdocs "
             "build` of the same project with a warm build cache, as in a working copy.",
             "", "| project | edit to reload s | full build s | ratio |",
             "| --- | ---: | ---: | ---: |"]
    lines += [f"| {label} | {reload:.2f} | {full:.2f} | {reload / full:.2f} |"
              for label, reload, full in rows]
    section = "\n".join(lines) + "\n"
    print(section)
    if args.write:
        write_section(args.write, section)


if __name__ == "__main__":
    main()
