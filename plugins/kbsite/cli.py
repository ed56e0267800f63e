"""The ``kb`` command: the same core as the plugin, without MkDocs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import knowledge, loading, pages


def _load(args: argparse.Namespace) -> knowledge.KnowledgeBase:
    return knowledge.build(loading.load(Path(args.root), args.kb_dir, args.bibliography))


def _validate(args: argparse.Namespace) -> int:
    kb = _load(args)
    for problem in kb.problems:
        print(problem)
    errors, warnings = len(kb.errors), len(kb.warnings)
    failed = errors or (args.strict and warnings)
    verdict = f"{errors} error(s), {warnings} warning(s)" if (errors or warnings) else "OK"
    print(f"kb: {kb.summary()}: {verdict}")
    return 1 if failed else 0


def _export(args: argparse.Namespace) -> int:
    kb = _load(args)
    if kb.errors:
        for problem in kb.errors:
            print(problem, file=sys.stderr)
        print(f"kb: not exported: {len(kb.errors)} error(s)", file=sys.stderr)
        return 1
    out = Path(args.directory)
    rendered = pages.render(kb)
    for page in rendered:
        target = out / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    print(f"kb: wrote {len(rendered)} pages to {out}")
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
    v.set_defaults(run=_validate)
    e = sub.add_parser("export-markdown", help="write the generated pages as Markdown files",
                       description="Write the pages the kb plugin generates (topics, topic "
                       "index, bibliography) as plain Markdown under DIRECTORY, e.g. docs/ of "
                       "another site.")
    e.add_argument("directory", help="where to write (created if missing)")
    _common(e)
    e.set_defaults(run=_export)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
