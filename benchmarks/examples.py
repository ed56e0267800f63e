"""Worked examples against their budget: cold run, warm build cost, figure sizes.

    python benchmarks/examples.py [--runs 3] [--write docs/benchmarks.md]

Cold: `kb examples` with an empty cache (every script run, as many at once as there are
CPUs). Warm: `mkdocs build` of the real site with a filled cache, against the same build
with the examples left out (KB_EXAMPLES=false); the difference is what the examples add
to a build once nothing has changed. Prints Markdown; --write puts it in the
"## Worked examples" section of the file (replaced, the rest kept).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import write_section  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LINE = re.compile(r"^kb/examples/([^/]+)/(\S+): (?:cached, )?ran in ([\d.]+) s; "
                  r"(\d+) figure\(s\)(?: \((.*)\))?$")


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if proc.returncode:
        sys.exit(f"{' '.join(cmd)} failed:\n{proc.stdout}{proc.stderr}")
    return seconds, proc.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--write", type=Path, help="update this Markdown file's section")
    args = ap.parse_args()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

    colds, per_example = [], {}
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as cache:
            seconds, out = timed([str(BIN / "kb"), "examples"],
                                 {**env, "KB_EXAMPLES_CACHE": cache})
        colds.append(seconds)
        for line in out.splitlines():
            if m := LINE.match(line):
                key = f"{m.group(1)}/{m.group(2)}"
                sizes = [float(s.split()[0]) for s in (m.group(5) or "").split(", ") if s]
                per_example.setdefault(key, {"runs": [], "sizes": sizes})
                per_example[key]["runs"].append(float(m.group(3)))

    with tempfile.TemporaryDirectory() as site:
        build = [str(BIN / "mkdocs"), "build", "--strict", "-d", site]
        timed(build, env)  # fills the project's cache
        warm = [timed(build, env)[0] for _ in range(args.runs)]
        without = [timed(build, {**env, "KB_EXAMPLES": "false"})[0] for _ in range(args.runs)]

    sizes = [s for e in per_example.values() for s in e["sizes"]]
    cold, w, wo = statistics.median(colds), statistics.median(warm), statistics.median(without)
    lines = [
        "## Worked examples", "",
        f"Command: `python benchmarks/examples.py --runs {args.runs}` (part of `make bench`). "
        f"Medians of {args.runs} runs on {os.cpu_count()} CPUs.", "",
        "| what | measured | budget |", "| --- | ---: | ---: |",
        f"| all {len(per_example)} examples from a cold cache (`kb examples`, wall) "
        f"| {cold:.1f} s | ≤ 60 s |",
        f"| a warm build, with examples | {w:.2f} s | |",
        f"| the same build without them (`KB_EXAMPLES=false`) | {wo:.2f} s | |",
        f"| what a warm build adds | {w - wo:.2f} s | ≤ 0.5 s |",
        f"| largest figure (inline SVG) | {max(sizes, default=0):.0f} KB | ≤ 150 KB |",
        f"| all figures | {sum(sizes):.0f} KB | |", "",
        "| example | run s (median, each in its own process) | figures (KB) |",
        "| --- | ---: | ---: |",
    ]
    for key, e in sorted(per_example.items()):
        lines.append(f"| `{key}` | {statistics.median(e['runs']):.2f} | "
                     f"{', '.join(f'{s:.0f}' for s in e['sizes'])} |")
    section = "\n".join(lines) + "\n"
    print(section)
    if args.write:
        write_section(args.write, section)


if __name__ == "__main__":
    main()
