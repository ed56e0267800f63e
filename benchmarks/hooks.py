"""Where a build's time goes: `mkdocs build` with wall-clock timers around each plugin event
(summed over every plugin that handles it), Markdown conversion, the theme's templates and
the cyclic garbage collector. Prints one JSON object.

    python benchmarks/hooks.py PROJECT_DIR

Timers nest: "page_context" and "post_page" events run inside "build pages", as does the
"templates" time. Used by bench.py for the before/after breakdown.
"""

from __future__ import annotations

import collections
import functools
import gc
import json
import os
import sys
import time

import jinja2
from mkdocs.commands import build
from mkdocs.plugins import PluginCollection
from mkdocs.structure.pages import Page

spent: collections.Counter[str] = collections.Counter()


def timed(owner, name: str, label: str) -> None:
    method = getattr(owner, name)

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - start
    setattr(owner, name, wrapper)


def main() -> None:
    os.chdir(sys.argv[1])
    timed(Page, "render", "Markdown (all pages)")
    timed(build, "_build_page", "build pages (templates, page events, writing)")
    timed(jinja2.environment.Template, "render", "templates (theme and ours)")
    run_event = PluginCollection.run_event

    def event(self, name, *args, **kwargs):
        start = time.perf_counter()
        try:
            return run_event(self, name, *args, **kwargs)
        finally:
            spent[f"event {name}"] += time.perf_counter() - start
    PluginCollection.run_event = event
    collecting = [0.0]

    def on_gc(phase, info):
        if phase == "start":
            collecting[0] = time.perf_counter()
        else:
            spent["garbage collector"] += time.perf_counter() - collecting[0]
    gc.callbacks.append(on_gc)
    from mkdocs.__main__ import cli

    start = time.perf_counter()
    try:
        cli(["build", "-q", "--strict", "-d", "site"], standalone_mode=False)
    finally:
        spent["total"] = time.perf_counter() - start
        print(json.dumps({k: round(v, 3) for k, v in spent.items()}))


if __name__ == "__main__":
    main()
