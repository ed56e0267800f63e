"""The ``kb`` command: the same core as the plugin, without MkDocs."""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import time
from pathlib import Path

import yaml

from . import anki, examples, knowledge, loading, pages, schema, skeleton


def _load(args: argparse.Namespace, decode: bool = True) -> knowledge.KnowledgeBase:
    return knowledge.build(loading.load(Path(args.root), args.kb_dir, args.bibliography,
                                        decode=decode, parallel=True))


def _refused(problems: list, verdict: str) -> int:
    """Print ``problems`` and why nothing was done; the exit status for it (1)."""
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"kb: {verdict}: {len(problems)} error(s)", file=sys.stderr)
    return 1


def _github(problem) -> str:
    """A GitHub Actions workflow command: the problem shows on its line of the PR diff."""
    def escape(text: str, prop: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if prop else text
    level = "error" if problem.is_error else "warning"
    return (f"::{level} file={escape(problem.path, True)},line={problem.line},"
            f"col={problem.column}::{escape(problem.message)}")


def _validate(args: argparse.Namespace) -> int:
    # nothing is rendered: LaTeX can stay as written
    sources = loading.load(Path(args.root), args.kb_dir, args.bibliography, decode=False,
                           parallel=True)
    kb = knowledge.build(sources)
    if args.since:
        try:
            before = loading.ids_at(args.root, args.since, args.kb_dir)
        except loading.GitError as exc:
            print(f"kb: --since {args.since}: {exc}", file=sys.stderr)
            return 2
        kb.problems = sorted(kb.problems + knowledge.vanished(sources, kb, before, args.since))
    for problem in kb.problems:
        print(_github(problem) if args.format == "github" else problem)
    errors, warnings = len(kb.errors), len(kb.warnings)
    failed = errors or (args.strict and warnings)
    verdict = f"{errors} error(s), {warnings} warning(s)" if (errors or warnings) else "OK"
    print(f"kb: {kb.summary()}: {verdict}")
    return 1 if failed else 0


def _export(args: argparse.Namespace) -> int:
    kb = _load(args)
    if kb.errors:
        return _refused(kb.errors, "not exported")
    root = Path(args.root)
    cache = examples.default_cache(root)
    outputs, problems = examples.run_all(kb, root, args.kb_dir, cache)
    if problems:
        return _refused(problems, "not exported, worked examples failed")
    out = Path(args.directory)
    rendered = pages.standalone(pages.render(kb, examples=outputs), kb, outputs)
    for page in rendered:
        target = out / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    for src_uri, content in pages.example_downloads(kb, outputs, cache).items():
        (out / src_uri).parent.mkdir(parents=True, exist_ok=True)
        (out / src_uri).write_text(content, encoding="utf-8")
    # what the pages link to and load, so any MkDocs can build them
    (out / pages.SITE_DATA).parent.mkdir(parents=True, exist_ok=True)
    (out / pages.SITE_DATA).write_text(pages.site_data(kb), encoding="utf-8")
    (out / anki.FILENAME).write_bytes(anki.deck_bytes(kb))
    print(f"kb: wrote {len(rendered)} pages to {out}, with {pages.SITE_DATA} and {anki.FILENAME}")
    if args.nav:
        nav = pages.expand_nav([pages.TOPICS_INDEX], kb)
        Path(args.nav).write_text(yaml.safe_dump(nav, allow_unicode=True, sort_keys=False),
                                  encoding="utf-8")
        print(f"kb: wrote the Topics navigation section to {args.nav}")
    return 0


def _export_anki(args: argparse.Namespace) -> int:
    kb = _load(args)
    if kb.errors:
        return _refused(kb.errors, "no deck written")
    out = Path(args.file)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(anki.deck_bytes(kb, args.site_url))
    notes = sum(len(t.quiz) for t in kb.topics.values())
    print(f"kb: wrote {out}: deck \"{anki.DECK}\", {notes} notes")
    return 0


def _examples(args: argparse.Namespace) -> int:
    kb = _load(args)
    if kb.errors:
        return _refused(kb.errors, "examples not run (see `kb validate`)")
    unknown = [t for t in args.topics if t not in kb.topics]
    for name in unknown:
        close = difflib.get_close_matches(name, list(kb.topics), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        print(f"kb: unknown topic {name!r}{hint}", file=sys.stderr)
    if unknown:
        return 2
    root = Path(args.root)
    cache = None if args.no_cache else examples.default_cache(root)
    started = time.perf_counter()
    outputs, problems = examples.run_all(kb, root, args.kb_dir, cache,
                                         topics=args.topics or None, jobs=args.jobs)
    wall = time.perf_counter() - started
    for (tid, file), out in outputs.items():
        where = examples.script_path(root, args.kb_dir, tid, file).relative_to(root)
        how = "cached, ran in" if out.cached else "ran in"
        sizes = ", ".join(f"{len(svg.encode()) / 1024:.0f} KB" for svg in out.figures)
        print(f"{where.as_posix()}: {how} {out.seconds:.2f} s; "
              f"{len(out.figures)} figure(s){' (' + sizes + ')' if sizes else ''}")
    for problem in problems:
        print(problem)
    ran = [o for o in outputs.values() if not o.cached]
    print(f"kb: {len(outputs) + len(problems)} example(s): {len(outputs) - len(ran)} from the "
          f"cache, {len(ran)} run, {len(problems)} problem(s); {wall:.1f} s in all")
    return 1 if problems else 0


def _schema(args: argparse.Namespace) -> int:
    out = Path(args.root) / "schema"
    stale = []
    for name, data in schema.schemas().items():
        path = out / name
        text = schema.dumps(data)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not args.check:
            out.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if args.check:
        for path in stale:
            print(f"{path}: out of date; run `kb schema`", file=sys.stderr)
        return 1 if stale else 0
    print(f"kb: {len(stale)} schema file(s) written to {out}" if stale else
          f"kb: schemas in {out} are up to date")
    return 0


def _new_topic(args: argparse.Namespace) -> int:
    root = Path(args.root)
    sources = loading.load(root, args.kb_dir, args.bibliography)
    areas = [a.id for a in sources.areas]
    if args.area not in areas:
        print(f"kb: unknown area {args.area!r}; known areas: {', '.join(areas)}",
              file=sys.stderr)
        return 2
    topic_id = args.id or skeleton.slug(args.title)
    if not loading.ID_RE.match(topic_id):
        print(f"kb: cannot make a kebab-case id from {args.title!r}; pass --id", file=sys.stderr)
        return 2
    path = root / args.kb_dir / "topics" / f"{topic_id}.yml"
    if path.exists():
        print(f"kb: {path} already exists; not overwritten", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton.topic(args.title, args.area, topic_id), encoding="utf-8")
    print(f"kb: wrote {path}; fill in every TODO, then run `kb validate`")
    stub = examples.script_path(root, args.kb_dir, topic_id, "example.py")
    if stub.exists():
        print(f"kb: {stub} already exists; not overwritten")
    else:
        stub.parent.mkdir(parents=True, exist_ok=True)
        stub.write_text(skeleton.example(topic_id), encoding="utf-8")
        print(f"kb: wrote {stub}, a worked-example stub that fails until you write it "
              f"(`kb examples {topic_id}` runs it)")
    return 0


def _pdf(args: argparse.Namespace) -> int:
    from . import pdf

    out = Path(args.output) if args.output else Path(args.site) / "learn-something-harder.pdf"
    try:
        written = pdf.build(args.site, out, base_url=args.base_url)
    except pdf.PdfError as exc:
        print(f"kb pdf: {exc}", file=sys.stderr)
        return 1
    print(f"kb: wrote {written} ({written.stat().st_size / 1e6:.1f} MB)")
    return 0


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", default=".", help="project folder (default: current folder)")
    p.add_argument("--kb-dir", default="kb", help="knowledge base folder under the root")
    p.add_argument("--bibliography", default="references.bib", help="BibTeX file under the root")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kb", description="Learn Something Harder: the knowledge "
                                "base tools (kb/ YAML and references.bib).")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    v = sub.add_parser("validate", help="check kb/ and references.bib; exit 1 on any error",
                       description="Report every problem in kb/ and references.bib as "
                       "path:line:column: severity: message. Exit status 1 on any error "
                       "(or, with --strict, any warning).")
    _common(v)
    v.add_argument("--strict", action="store_true", help="treat warnings as errors")
    v.add_argument("--since", metavar="REF", help="also report every topic or question id "
                   "present at the git REF (e.g. a pull request's base) that is gone without "
                   "an alias, which would orphan links and learners' progress")
    v.add_argument("--format", choices=["text", "github"], default="text",
                   help="github: print GitHub Actions annotations (::error file=…,line=…::…)")
    v.set_defaults(run=_validate)
    e = sub.add_parser("export-markdown", help="write the generated pages as Markdown files",
                       description="Write the pages the kb plugin generates (topics, topic "
                       "index, bibliography) as plain Markdown under DIRECTORY, e.g. docs/ of "
                       "another site.")
    e.add_argument("directory", help="where to write (created if missing)")
    e.add_argument("--nav", metavar="FILE", help="also write the Topics section of the "
                   "navigation (grouped by area) as YAML, for the `nav` of another mkdocs.yml")
    _common(e)
    e.set_defaults(run=_export)
    a = sub.add_parser("export-anki", help="write every quiz question to an Anki deck (.apkg)",
                       description="Write one Anki deck \"Learn Something Harder\" with a "
                       "subdeck per area and topic, a note per question (GUID from "
                       "topic-id/question-id: importing a newer deck updates notes), math as "
                       "\\(…\\) and \\[…\\]. `make build` puts the same deck in the site.")
    a.add_argument("file", help="the .apkg file to write")
    a.add_argument("--site-url", default=os.environ.get("KB_SITE_URL") or None,
                   help="the published site, for each note's link to its topic page (default: "
                   "KB_SITE_URL; without either, the topic's title only)")
    _common(a)
    a.set_defaults(run=_export_anki)
    x = sub.add_parser("examples", help="run the worked examples (with the cache); exit 1 "
                       "on any failure", description="Run the worked examples of the given "
                       "topics (default: all) as the build does, each in its own process, and "
                       "report each one's run time and figures, or its problem as "
                       "path:line:column: severity: message.")
    x.add_argument("topics", nargs="*", metavar="TOPIC", help="topic ids (default: all)")
    x.add_argument("--no-cache", action="store_true", help="run every example afresh "
                   "(results are not stored either)")
    x.add_argument("--jobs", type=int, default=None,
                   help="examples run at once (default: the number of CPUs)")
    _common(x)
    x.set_defaults(run=_examples)
    s = sub.add_parser("schema", help="write JSON Schemas for the YAML files to schema/",
                       description="Generate schema/topic.schema.json, areas.schema.json "
                       "and timeline.schema.json from the models, for editors.")
    s.add_argument("--root", default=".", help="project folder (default: current folder)")
    s.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if a schema file is missing or out of date")
    s.set_defaults(run=_schema)
    d = sub.add_parser("pdf", help="print the built site's print page to a PDF with Chromium",
                       description="Print SITE/print_page/ (from mkdocs-print-site-plugin) with "
                       "headless Chromium: math rendered, answers shown, bookmarks by area and "
                       "topic. Chromium comes from KB_CHROMIUM or PATH.")
    d.add_argument("site", nargs="?", default="site", help="the built site (default: site)")
    d.add_argument("-o", "--output", help="default: SITE/learn-something-harder.pdf")
    d.add_argument("--base-url", default=os.environ.get("KB_SITE_URL") or None,
                   help="the published site's address (default: KB_SITE_URL): links to the "
                   "site's own files, such as worked-example downloads, point there instead "
                   "of to files on this disk")
    d.set_defaults(run=_pdf)
    n = sub.add_parser("new", help="create a new knowledge base file")
    kinds = n.add_subparsers(dest="kind", required=True, metavar="KIND")
    t = kinds.add_parser("topic", help="write a topic skeleton to kb/topics/<id>.yml",
                         description="Write kb/topics/<id>.yml with every field, guidance "
                         "comments and TODO markers. Never overwrites a file.")
    t.add_argument("title", help='the topic title, e.g. "Factor analysis"')
    t.add_argument("--area", required=True, help="an area id from kb/areas.yml")
    t.add_argument("--id", help="the topic id (default: made from the title)")
    _common(t)
    t.set_defaults(run=_new_topic)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        with loading.paused_gc():
            return args.run(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
