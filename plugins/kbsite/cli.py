"""The ``kb`` command: the same core as the plugin, without MkDocs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import knowledge, loading


def _validate(args: argparse.Namespace) -> int:
    kb = knowledge.build(loading.load(Path(args.root), args.kb_dir, args.bibliography))
    for problem in kb.problems:
        print(problem)
    errors, warnings = len(kb.errors), len(kb.warnings)
    failed = errors or (args.strict and warnings)
    verdict = f"{errors} error(s), {warnings} warning(s)" if (errors or warnings) else "OK"
    print(f"kb: {kb.summary()}: {verdict}")
    return 1 if failed else 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kb", description="Learn Something Harder: the knowledge "
                                "base tools (kb/ YAML and references.bib).")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    v = sub.add_parser("validate", help="check kb/ and references.bib; exit 1 on any error",
                       description="Report every problem in kb/ and references.bib as "
                       "path:line:column: severity: message. Exit status 1 on any error "
                       "(or, with --strict, any warning).")
    v.add_argument("--root", default=".", help="project folder (default: current folder)")
    v.add_argument("--kb-dir", default="kb", help="knowledge base folder under the root")
    v.add_argument("--bibliography", default="references.bib", help="BibTeX file under the root")
    v.add_argument("--strict", action="store_true", help="treat warnings as errors")
    v.set_defaults(run=_validate)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
