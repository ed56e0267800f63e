"""What the kb plugin costs, measured against the floor: plain MkDocs building the same pages.

    python benchmarks/bench.py [--sizes 250 1000 2000] [--runs 3] [--before REF]
                               [--write docs/benchmarks.md]

For each size a synthetic knowledge base (kbsite.synthetic, seeded) is built twice: with
the kb plugin, and as the floor (the pages `kb export-markdown` writes, built by plain
MkDocs with the same theme, extensions, plugins and navigation, the kb plugin removed).
Each command runs in a fresh process: wall seconds, peak RSS of that process alone, output
size. The plugin's first build starts from an empty build cache (cold); then plugin (warm)
and floor builds alternate, --runs of each, and the medians are reported, so drift in the
machine's load falls on both alike.

With --before REF the same is done at --before-sizes with the code, configuration and
theme overrides of git commit REF (its plugin imported through PYTHONPATH), and the
breakdown of where a 1,000-topic build's time goes (benchmarks/hooks.py) is given for
both. Prints a Markdown report; --write also saves it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from kbsite import knowledge, loading, pages, synthetic  # noqa: E402

BIN = Path(sys.executable).parent
ENV = {k: v for k, v in os.environ.items()  # the builds' own defaults, not this shell's
       if k not in ("KB_EXAMPLES_CACHE", "KB_PRINT", "KB_OFFLINE", "KB_EXAMPLES")}
ENV["NO_MKDOCS_2_WARNING"] = "1"

# Runs the command as its own child, so RUSAGE_CHILDREN is that command's peak alone.
MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # with the processes it waited for
print(json.dumps({"code": done.returncode, "seconds": time.perf_counter() - start,
                  "cpu": usage.ru_utime + usage.ru_stime, "rss_kb": usage.ru_maxrss,
                  "stderr": done.stderr.decode(errors="replace")[-3000:]}))
"""


def start(cmd: list[str], cwd: Path, env: dict[str, str] | None = None,
          core: int | None = None) -> subprocess.Popen:
    """``cmd`` running under MEASURE (on CPU ``core`` alone, if given); ``finish`` gives its
    figures."""
    pin = (lambda: os.sched_setaffinity(0, {core})) if core is not None else None
    run = subprocess.Popen([sys.executable, "-c", MEASURE, *cmd], cwd=cwd, env=env or ENV,
                           stdout=subprocess.PIPE, text=True, preexec_fn=pin)
    run.where = cwd  # for the error message
    return run


def finish(run: subprocess.Popen) -> dict:
    out, _ = run.communicate()
    if run.returncode != 0:
        raise SystemExit(f"the measuring wrapper failed: {run.args}")
    result = json.loads(out)
    if result["code"] != 0:
        raise SystemExit(f"failed: {' '.join(run.args[3:])} in {run.where}\n{result['stderr']}")
    return result


def run_once(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict:
    return finish(start(cmd, cwd, env))


def summary(results: list[dict]) -> dict:
    return {"seconds": statistics.median(r["seconds"] for r in results),
            "cpu": statistics.median(r["cpu"] for r in results),
            "rss_mb": statistics.median(r["rss_kb"] for r in results) / 1024,
            "all": [round(r["seconds"], 2) for r in results]}


def measure(cmd: list[str], cwd: Path, runs: int) -> dict:
    return summary([run_once(cmd, cwd) for _ in range(runs)])


BUILD = [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", "site"]


def compare(src: Path, flo: Path, runs: int, env: dict[str, str] | None = None) -> dict:
    """The plugin's build from an empty cache, then warm plugin and floor builds in turn."""
    shutil.rmtree(src / ".cache", ignore_errors=True)
    cold = run_once(BUILD, src, env)
    plugin, floor_ = [], []
    for _ in range(runs):
        floor_.append(run_once(BUILD, flo, env))
        plugin.append(run_once(BUILD, src, env))
    return {"cold": summary([cold]), "plugin": summary(plugin), "floor": summary(floor_),
            "plugin_size": size_of(src / "site"), "floor_size": size_of(flo / "site")}


def two_cores() -> tuple[int, int] | None:
    """Two CPUs this process may run on, to pin a pair of builds to, if there are two."""
    if not hasattr(os, "sched_getaffinity"):
        return None
    cpus = sorted(os.sched_getaffinity(0))
    return (cpus[0], cpus[1]) if len(cpus) >= 2 else None


def paired(src: Path, flo: Path, runs: int, env: dict[str, str] | None = None) -> list[dict]:
    """The plugin's build and the floor's at the same time, each pinned to a core of its
    own, ``runs`` times, after one plugin build to fill the cache: both meet the same
    machine, so the ratio of the pair holds when the machine's speed drifts between runs.
    The two swap cores from one pair to the next, so that a core slower than the other
    (a neighbour on the host) weighs on both alike."""
    run_once(BUILD, src, env)
    cores = two_cores()
    pairs = []
    for i in range(runs):
        a, b = (cores if i % 2 == 0 else cores[::-1]) if cores else (None, None)
        both = [start(BUILD, src, env, a), start(BUILD, flo, env, b)]  # at the same time
        plugin, floor_ = (finish(run) for run in both)
        pairs.append({"plugin": plugin, "floor": floor_, "cores": (a, b),
                      "wall": plugin["seconds"] / floor_["seconds"],
                      "cpu": plugin["cpu"] / floor_["cpu"]})
    return pairs


CACHEGRIND = ["valgrind", "--tool=cachegrind", "--cache-sim=no",
              "--cachegrind-out-file=/dev/null"]
_IREFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def instructions(src: Path, flo: Path) -> dict:
    """Machine instructions executed by the plugin's warm build and by the floor's, counted
    by valgrind's cachegrind: the same count every run (hash randomisation off), whatever
    else the machine is doing. Time is not instructions (cache misses, memory), but where
    timings drift by a fifth between minutes, this is the measure of the work that does
    not move. The two run at the same time, one per core: each takes ~15× its normal time."""
    env = {**ENV, "PYTHONHASHSEED": "0"}
    run_once(BUILD, src, env)  # the warm cache
    cores = two_cores() or (None, None)
    runs = [subprocess.Popen([*CACHEGRIND, *BUILD], cwd=where, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                             preexec_fn=(lambda c=core: os.sched_setaffinity(0, {c}))
                             if core is not None else None)
            for where, core in ((src, cores[0]), (flo, cores[1]))]
    counts = []
    for run in runs:
        _, err = run.communicate()
        found = _IREFS.search(err)
        if run.returncode != 0 or not found:
            raise SystemExit(f"failed under cachegrind: {' '.join(run.args)}\n{err[-3000:]}")
        counts.append(int(found.group(1).replace(",", "")))
    return {"plugin": counts[0], "floor": counts[1], "ratio": counts[0] / counts[1]}


def instructions_section(result: dict, size: int, command: str) -> str:
    return "\n".join([
        "## Instructions: plugin and floor counted by cachegrind", "",
        f"Command: `{command}`. The machine instructions each warm build executes at {size} "
        "topics (valgrind's cachegrind, `PYTHONHASHSEED=0`): the same count on every run, "
        "whatever the machine's load, so it shows the work the plugin adds without the noise "
        "of timing. It does not count what memory costs (cache misses), which timings do.",
        "", "| plugin instructions | floor instructions | plugin / floor |",
        "| ---: | ---: | ---: |",
        f"| {result['plugin']:,} | {result['floor']:,} | **{result['ratio']:.4f}** |", ""])


def paired_section(results: dict[tuple[str, int], list[dict]], runs: int,
                   command: str) -> str:
    """``results``: the pairs of each (code, topics)."""
    sizes = sorted({n for _, n in results})
    lines = ["## Paired builds: plugin and floor at the same time", "",
             f"Command: `{command}`. The plugin's warm build and the floor's run at the same "
             "time, one on each of the two cores, so that both meet the same machine: on "
             "this shared machine the speed of a core drifts by a fifth from one minute to "
             "the next, which moves ratios of builds run one after the other by about a "
             f"tenth. {runs} pairs at each size; the ratio of each pair, and their median.",
             "Each build is pinned to one core, and the two swap cores from one pair to the "
             "next.", "",
             "| code | topics | plugin / floor, wall (median) | each pair "
             "| plugin / floor, CPU (median) | each pair | plugin s | floor s |",
             "| --- | ---: | ---: | --- | ---: | --- | ---: | ---: |"]
    median = {}
    for (label, n), pairs in results.items():
        walls = [p["wall"] for p in pairs]
        cpus = [p["cpu"] for p in pairs]
        median[label, n] = {k: statistics.median(p[which]["seconds"] for p in pairs)
                            for k, which in (("plugin", "plugin"), ("floor", "floor"))}
        median[label, n]["wall"] = statistics.median(walls)
        lines.append(
            f"| {label} | {n} | **{statistics.median(walls):.3f}** | "
            + ", ".join(f"{w:.3f}" for w in walls)
            + f" | {statistics.median(cpus):.3f} | " + ", ".join(f"{c:.3f}" for c in cpus)
            + f" | {median[label, n]['plugin']:.1f} | {median[label, n]['floor']:.1f} |")
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        for label in dict.fromkeys(label for label, _ in results):
            if (label, small) in median and (label, large) in median:
                a, b = median[label, small], median[label, large]
                lines += ["", f"Growth, {large} / {small} topics ({label}), medians of the "
                          f"pairs: plugin {b['plugin'] / a['plugin']:.2f}×, floor "
                          f"{b['floor'] / a['floor']:.2f}×; the plugin's share went from "
                          f"{a['wall']:.3f} to {b['wall']:.3f}."]
    return "\n".join(lines) + "\n"


def breakdown(project_dir: Path, env: dict[str, str] | None = None) -> dict[str, float]:
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "hooks.py"),
                          str(project_dir)], env=env or ENV, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"failed: hooks.py {project_dir}\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def checkout(ref: str, dest: Path) -> tuple[Path, str]:
    """The files of commit ``ref`` in ``dest``, and its short id and subject."""
    dest.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], capture_output=True,
                             check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    name = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h%n%s", ref],
                          capture_output=True, text=True, check=True).stdout.strip()
    return dest, name


def write_section(path: Path, section: str) -> None:
    """Put a Markdown ``section`` ("## Heading" …) in the file at ``path``: in place of the
    section with the same heading, else at the end; the rest of the file is kept."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    start = old.find("\n" + section.splitlines()[0])
    if start < 0:
        new = old.rstrip("\n") + "\n\n" + section
    else:
        end = old.find("\n## ", start + 1)
        new = old[:start + 1] + section + (old[end:] if end >= 0 else "")
    path.write_text(new, encoding="utf-8")


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def project(root: Path, topics: int, papers: int, tree: Path = ROOT) -> Path:
    """A synthetic project with the configuration, theme overrides and assets of ``tree``
    (this checkout, or an older commit's files), and hand-written pages."""
    synthetic.generate(root, topics, papers, seed=topics)
    shutil.copy(tree / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(tree / "print", root / "print")
    shutil.copytree(tree / "overrides", root / "overrides")
    docs = root / "docs"
    shutil.copytree(tree / "docs" / "assets", docs / "assets")
    (docs / "index.md").write_text("# Synthetic\n\nSee the [topics](topics/index.md).\n")
    (docs / "about.md").write_text("# About\n\nA synthetic knowledge base.\n")
    return root


def floor(src: Path, dest: Path, env: dict[str, str] | None = None) -> Path:
    """The same site without the kb plugin: exported pages, the expanded navigation."""
    shutil.copytree(src / "docs", dest / "docs")
    shutil.copytree(src / "print", dest / "print")
    shutil.copytree(src / "overrides", dest / "overrides")
    subprocess.run([str(BIN / "kb"), "export-markdown", str(dest / "docs"), "--root", str(src)],
                   check=True, capture_output=True, env=env or ENV)
    kb = knowledge.build(loading.load(src))
    text = (src / "mkdocs.yml").read_text(encoding="utf-8")
    nav_block = re.search(r"^nav:\n(?:[ #].*\n|\n)*", text, re.M)
    nav = yaml.safe_load(nav_block.group(0))["nav"]
    expanded = yaml.safe_dump({"nav": pages.expand_nav(nav, kb)}, allow_unicode=True,
                              sort_keys=False)
    text = text[:nav_block.start()] + expanded + "\n" + text[nav_block.end():]
    text = re.sub(r"^  - kb:?\n(?:      .*\n)*", "", text, flags=re.M)  # with its options
    (dest / "mkdocs.yml").write_text(text, encoding="utf-8")
    return dest


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, AttributeError):
        pass
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in
                         ["mkdocs", "mkdocs-material", "bibtexparser", "pydantic", "nh3"])
    return (f"{platform.system()} {platform.machine()}, {cpu}, {os.cpu_count()} cores{mem}; "
            f"Python {platform.python_version()}; {versions}")


OURS = re.compile(r'<(?:script[^>]*\bsrc|link[^>]*\bhref)="([^"]*assets/(?:kb|fsrs)/[^"]+)"')


def page_weight(site: Path) -> dict[str, tuple[int, int]]:
    """Bytes and gzipped bytes (level 9) of the pages and of our own JS and CSS that a topic
    page loads (every script and stylesheet under assets/kb/ and assets/fsrs/)."""
    def both(paths: list[Path]) -> tuple[int, int]:
        return (sum(p.stat().st_size for p in paths),
                sum(len(gzip.compress(p.read_bytes(), 9, mtime=0)) for p in paths))

    topic_page = next(iter(sorted((site / "topics").glob("*/index.html"))))
    html = topic_page.read_text(encoding="utf-8")
    ours = [(topic_page.parent / src.split("?")[0]).resolve() for src in OURS.findall(html)]
    fsrs = [p for p in ours if p.parent.name == "fsrs"]
    figures = [p for p in ours if p.name in ("figures.js", "figures.css", "math.js")]
    rest = [p for p in ours if p not in fsrs and p not in figures]
    return {
        "topic page HTML": both([topic_page]),
        "/assess/ HTML": both([site / "assess" / "index.html"]),
        "/review/ HTML (every question, hidden until due)": both([site / "review" / "index.html"]),
        ", ".join(p.name for p in rest) + " (quizzes, progress, due counts)": both(rest),
        "ts-fsrs (vendored scheduler)": both(fsrs),
        "figures.js + figures.css + math.js": both(figures),
        "**all of our JS and CSS a topic page loads** (target ≤ 40 KB gzipped)": both(ours),
    }


def weight_table(weights: dict[str, tuple[int, int]]) -> list[str]:
    return ["## Page weight (bytes)", "", "| what | bytes | gzipped |", "| --- | ---: | ---: |",
            *(f"| {k} | {raw:,} | {gz:,} |" for k, (raw, gz) in weights.items())]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[250, 1000, 2000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--before", metavar="REF",
                    help="also measure git commit REF's plugin (the before of a change)")
    ap.add_argument("--before-sizes", type=int, nargs="+", default=[1000])
    ap.add_argument("--breakdown-size", type=int, default=1000,
                    help="the size at which --before also breaks each build down by timers")
    ap.add_argument("--validate-topics", type=int, default=1000)
    ap.add_argument("--validate-papers", type=int, default=10000)
    ap.add_argument("--write", type=Path, help="also write the report here (Markdown)")
    ap.add_argument("--weight", type=Path, metavar="SITE",
                    help="only print the page-weight table of an already built site")
    ap.add_argument("--paired", type=int, nargs="+", metavar="TOPICS",
                    help="only the paired measurement (plugin and floor at the same time) at "
                    "these sizes, --runs pairs each, for this checkout (and for --before at "
                    "--before-sizes)")
    ap.add_argument("--instructions", type=int, metavar="TOPICS",
                    help="only count the instructions of a warm plugin build and the floor's "
                    "at this size (valgrind's cachegrind; about 10 minutes at 1000 topics)")
    args = ap.parse_args()
    if args.instructions:
        if not shutil.which("valgrind"):
            print("valgrind is not installed (Debian: apt-get install valgrind): the "
                  "instruction count is left out", file=sys.stderr)
            return
        work = Path(tempfile.mkdtemp(prefix="kb-bench-"))
        try:
            n = args.instructions
            src = project(work / "kb", n, 2 * n)
            result = instructions(src, floor(src, work / "floor"))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        section = instructions_section(
            result, n, f"python benchmarks/bench.py --instructions {n}")
        print(section)
        if args.write:
            write_section(args.write, section)
        return
    if args.paired:
        work = Path(tempfile.mkdtemp(prefix="kb-bench-"))
        results = {}
        try:
            for n in args.paired:
                src = project(work / f"kb-{n}", n, 2 * n)
                results["this checkout", n] = paired(
                    src, floor(src, work / f"floor-{n}"), args.runs)
                shutil.rmtree(work / f"kb-{n}")  # a 2,000-topic pair is 0.7 GB of output
                shutil.rmtree(work / f"floor-{n}")
            if args.before:
                tree, name = checkout(args.before, work / "before")
                env = {**ENV, "PYTHONPATH": str(tree / "plugins")}
                for n in args.before_sizes:
                    src = project(work / f"before-kb-{n}", n, 2 * n, tree)
                    results[f"commit {name.splitlines()[0]} (before)", n] = paired(
                        src, floor(src, work / f"before-floor-{n}", env), args.runs, env)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        command = (f"python benchmarks/bench.py --paired {' '.join(map(str, args.paired))} "
                   f"--runs {args.runs}"
                   + (f" --before {args.before} --before-sizes "
                      f"{' '.join(map(str, args.before_sizes))}" if args.before else ""))
        section = paired_section(results, args.runs, command)
        print(section)
        if args.write:
            write_section(args.write, section)
        return
    if args.weight:
        print("\n".join(weight_table(page_weight(args.weight))))
        return
    work = Path(tempfile.mkdtemp(prefix="kb-bench-"))
    rows, before_rows, split, before_name = {}, {}, {}, ""
    try:
        v = work / "validate"
        synthetic.generate(v, args.validate_topics, args.validate_papers, seed=1)
        val = measure([str(BIN / "kb"), "validate", "--root", str(v)], work, args.runs)
        print(f"validate: {val}", file=sys.stderr)
        for n in args.sizes:
            src = project(work / f"kb-{n}", n, 2 * n)
            flo = floor(src, work / f"floor-{n}")
            rows[n] = compare(src, flo, args.runs)
            print(f"{n}: {rows[n]}", file=sys.stderr)
            if n == args.breakdown_size and args.before:
                split["after: plugin"] = breakdown(src)
                split["after: floor"] = breakdown(flo)
        sizes = sorted(rows)
        weight_site = work / f"kb-{1000 if 1000 in rows else sizes[-1]}" / "site"
        weights = page_weight(weight_site)
        if args.before:
            tree, before_name = checkout(args.before, work / "before")
            env = {**ENV, "PYTHONPATH": str(tree / "plugins")}
            for n in args.before_sizes:
                src = project(work / f"before-kb-{n}", n, 2 * n, tree)
                flo = floor(src, work / f"before-floor-{n}", env)
                before_rows[n] = compare(src, flo, args.runs, env)
                print(f"before {n}: {before_rows[n]}", file=sys.stderr)
                if n == args.breakdown_size:
                    split["before: plugin"] = breakdown(src, env)
                    split["before: floor"] = breakdown(flo, env)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def ratio(r: dict, which: str = "plugin", what: str = "seconds") -> float:
        return r[which][what] / r["floor"][what]

    lines = [
        "# Benchmarks",
        "",
        f"Machine: {machine()}.",
        "",
        "Command: `make bench` (`python benchmarks/bench.py --sizes "
        f"{' '.join(map(str, args.sizes))} --runs {args.runs}"
        + (f" --before {args.before}" if args.before else "") + "`). Synthetic knowledge "
        "bases from `kbsite.synthetic` (seeded): topics across the eight areas, a random "
        "prerequisite DAG, four questions of every type per topic, papers all cited. Each "
        "build runs in a fresh process; peak RSS is that process's own.",
        "",
        "## Validation",
        "",
        "| what | seconds | peak RSS (MB) |",
        "| --- | ---: | ---: |",
        f"| `kb validate`, {args.validate_topics} topics, {args.validate_papers} papers "
        f"| {val['seconds']:.2f} | {val['rss_mb']:.0f} |",
        "",
        "## Builds: the kb plugin against the floor",
        "",
        "The floor is plain MkDocs (same theme, extensions, other plugins and navigation) "
        "building the Markdown that `kb export-markdown` writes. *Cold*: the plugin's first "
        "build, from an empty build cache (as in CI). Then plugin builds (*warm*: the cache "
        "of a working copy) and floor builds alternate; medians of "
        f"{args.runs}. Wall seconds are what a user waits; CPU seconds (user and system, "
        "the build's child processes included) are the work done, and move less with the "
        "load of a shared machine.",
        "",
        "| topics | papers | plugin s (warm) | plugin s (cold) | floor s | plugin / floor "
        "| cold / floor | plugin / floor, CPU | cold / floor, CPU | plugin RSS MB "
        "| floor RSS MB | plugin output MB | floor output MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: |",
    ]
    for n in sizes:
        r = rows[n]
        lines.append(
            f"| {n} | {2 * n} | {r['plugin']['seconds']:.1f} | {r['cold']['seconds']:.1f} "
            f"| {r['floor']['seconds']:.1f} | **{ratio(r):.3f}** | {ratio(r, 'cold'):.3f} "
            f"| {ratio(r, what='cpu'):.3f} | {ratio(r, 'cold', 'cpu'):.3f} "
            f"| {r['plugin']['rss_mb']:.0f} | {r['floor']['rss_mb']:.0f} "
            f"| {r['plugin_size'] / 1e6:.1f} | {r['floor_size'] / 1e6:.1f} |")
    if 1000 in rows and 2000 in rows:
        def growth(which: str) -> float:
            return rows[2000][which]["seconds"] / rows[1000][which]["seconds"]
        def cpu_growth(which: str) -> float:
            return rows[2000][which]["cpu"] / rows[1000][which]["cpu"]
        lines += ["", f"Growth, 2000 / 1000 topics, wall: plugin build {growth('plugin'):.2f}× "
                  f"(cold {growth('cold'):.2f}×), floor {growth('floor'):.2f}×; CPU: plugin "
                  f"{cpu_growth('plugin'):.2f}× (cold {cpu_growth('cold'):.2f}×), floor "
                  f"{cpu_growth('floor'):.2f}×."]
    if before_rows:
        commit, subject = (before_name.split("\n", 1) + [""])[:2]
        lines += ["", f"## Before and after: commit {commit} against this checkout", "",
                  f"Commit {commit} (\"{subject}\") built the same synthetic knowledge base "
                  "with its own plugin, configuration and theme overrides; its floor is built "
                  "with its mkdocs.yml.", "",
                  "| topics | | plugin s (warm) | plugin s (cold) | floor s | plugin / floor "
                  "| cold / floor | plugin CPU s | floor CPU s | plugin / floor, CPU "
                  "| cold / floor, CPU |",
                  "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for n in sorted(before_rows):
            for label, r in (("before", before_rows[n]), ("after", rows.get(n))):
                if r:
                    lines.append(
                        f"| {n} | {label} | {r['plugin']['seconds']:.1f} "
                        f"| {r['cold']['seconds']:.1f} | {r['floor']['seconds']:.1f} "
                        f"| {ratio(r):.3f} | {ratio(r, 'cold'):.3f} "
                        f"| {r['plugin']['cpu']:.1f} | {r['floor']['cpu']:.1f} "
                        f"| {ratio(r, what='cpu'):.3f} | {ratio(r, 'cold', 'cpu'):.3f} |")
    if split:
        columns = [c for c in ("before: plugin", "before: floor", "after: plugin",
                               "after: floor") if c in split]
        timers = sorted({k for c in columns for k in split[c]},
                        key=lambda k: -max(split[c].get(k, 0) for c in columns))
        lines += ["", f"## Where the time goes: {args.breakdown_size} topics, before and after",
                  "",
                  "`benchmarks/hooks.py`: one warm build each, timers around every plugin "
                  "event (all plugins' handlers together), Markdown, the templates and the "
                  "garbage collector. Timers nest (page events and templates run inside "
                  "\"build pages\"); seconds.", "",
                  "| timer | " + " | ".join(columns) + " |",
                  "| --- |" + " ---: |" * len(columns)]
        lines += [f"| {k} | " + " | ".join(f"{split[c].get(k, 0):.2f}" for c in columns) + " |"
                  for k in timers if max(split[c].get(k, 0) for c in columns) >= 0.05]
    lines += ["", *weight_table(weights)]
    lines += ["", "Targets: plugin / floor ≤ 1.05 at 1,000 topics, and growth from 1,000 to "
              "2,000 topics no worse than the floor's; `kb validate` at 1,000 topics and "
              "10,000 papers ≤ 2 s; the 1,000-topic build under 1 GB peak memory.", ""]
    report = "\n".join(lines)
    print(report)
    if args.write:
        # the sections other scripts write, and a hand-written "## Analysis", are kept
        old = args.write.read_text(encoding="utf-8") if args.write.exists() else ""
        kept = old[old.index("\n## Analysis"):] if "\n## Analysis" in old else ""
        args.write.write_text(report + kept, encoding="utf-8")


if __name__ == "__main__":
    main()
