"""Layer 1 against the hostile corpus (tests/hostile.py): `kb validate` refuses every
payload in every contributor field, each error on its field."""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from pathlib import Path

import hostile
from conftest import FIXTURE
from kbsite import cli


def test_kb_validate_refuses_every_payload_in_every_field(tmp_path: Path, capsys):
    root = hostile.write(shutil.copytree(FIXTURE, tmp_path / "p"))
    assert cli.main(["validate", "--root", str(root)]) == 1
    fields: dict[str, set[str]] = defaultdict(set)
    for line in capsys.readouterr().out.splitlines():
        m = re.match(r"([^:]+):\d+:\d+: error: ([^:]+):", line)
        if m:
            fields[m.group(1)].add(m.group(2))
    n = len(hostile.PAYLOADS)
    missing = []
    for i in range(n):
        want = {"kb/topics/" + f"h-{i:02d}.yml": hostile.MARKDOWN_FIELDS + hostile.PLAIN_FIELDS,
                "kb/areas.yml": [f"[{i}].title", f"[{i}].summary"],
                "kb/timeline.yml": [f"tracks[{i}].title", f"technologies[{i}].name",
                                    f"technologies[{i}].note", f"events[{i}].title",
                                    f"events[{i}].note", "intro"],
                # BibTeX is shown as plain text: only markup in it is refused
                "references.bib": [f"paper{i:02d}"] if re.search(
                    r"<|&#", hostile.bib_text(hostile.PAYLOADS[i])) else []}
        for path, names in want.items():
            missing += [(hostile.PAYLOADS[i], path, f) for f in names if f not in fields[path]]
    assert missing == []
