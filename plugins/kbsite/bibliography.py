"""references.bib → Papers, and Papers → citations.

bibtexparser only *logs* what it cannot parse; we read ``library.failed_blocks`` and turn
each into a Problem with its line, so a broken entry is an error, not a missing paper.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import bibtexparser
from bibtexparser import model as bib
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
from bibtexparser.middlewares.names import NameParts

from .model import Paper, Person, Problem

DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
ARXIV_RE = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")
SAFE_URL_RE = re.compile(r"^https?://[^\s\"'<>]+$", re.IGNORECASE)
MAX_AUTHORS = 8


def _people(value: object) -> tuple[Person, ...]:
    """SplitNameParts gives NameParts; a name it could not split stays a plain string."""
    if not isinstance(value, list):
        return ()
    return tuple(
        Person(first=" ".join(n.first), last=" ".join(n.last), von=" ".join(n.von),
               jr=" ".join(n.jr)) if isinstance(n, NameParts) else Person(first="", last=str(n))
        for n in value)


def _failure_message(block: bib.Block) -> str:
    if isinstance(block, bib.DuplicateBlockKeyBlock):
        first = block.previous_block.start_line
        where = f" (first defined at line {first + 1})" if first is not None else ""
        return f"duplicate BibTeX key {block.key!r}{where}"
    if isinstance(block, bib.MiddlewareErrorBlock):
        key = getattr(block.ignore_error_block, "key", "?")
        return f"entry {key!r}: cannot decode its LaTeX: {block.error}"
    head = (block.raw or "").strip().splitlines()[0][:60] if block.raw else ""
    error = getattr(block, "error", None)
    detail = str(getattr(error, "abort_reason", "") or error or "").strip()
    hint = "check the braces, quotes and commas of this entry and the one before it"
    return f"BibTeX syntax error in the entry starting {head!r}: {detail or hint}"


class _LatexDecoding(LatexDecodingMiddleware):
    """bibtexparser's LaTeX decoding, fast for the text most fields hold.

    pylatexenc builds a parser per string, which dominates loading a large bibliography.
    Text without commands, math or LaTeX's special characters only needs braces dropped and
    dashes, quotes and ties replaced, which is done directly (tests check it gives exactly
    pylatexenc's output); anything else goes to pylatexenc, once per distinct string.
    """

    _SIMPLE = re.compile(r"^[^\\$%&#`!?]*$")  # no commands, math, specials, ligatures
    _REPLACE = (("---", "\u2014"), ("--", "\u2013"), ("''", "\u201d"), ("~", "\u00a0"),
                ("{", ""), ("}", ""))

    def __init__(self) -> None:
        super().__init__()
        self._cache: dict[str, tuple[str, str]] = {}

    def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
        if self._SIMPLE.match(python_string):
            for old, new in self._REPLACE:
                python_string = python_string.replace(old, new)
            return python_string, ""
        if python_string not in self._cache:
            self._cache[python_string] = super()._transform_python_value_string(python_string)
        return self._cache[python_string]


_ENTRY_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s]+)\s*,")


def parse(text: str, path: str = "references.bib", decode: bool = True):
    """Parse BibTeX text.

    Returns papers by key, the keys of entries that failed to parse, and every problem.
    With ``decode=False`` (enough to validate, twice as fast on a large file) fields keep
    their LaTeX and authors are not split into name parts.
    """
    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # it logs parse failures; we report them as Problems
    stack = [_LatexDecoding(), SeparateCoAuthors(), SplitNameParts()] if decode else []
    try:
        library = bibtexparser.parse_string(text, append_middleware=stack)
    finally:
        logger.setLevel(level)
    problems = [
        Problem(path, (b.start_line or 0) + 1, 1, "error", _failure_message(b))
        for b in library.failed_blocks
    ]
    broken = {
        m.group(1) for b in library.failed_blocks
        if not isinstance(b, bib.DuplicateBlockKeyBlock)
        for m in [_ENTRY_KEY.match((b.raw or "").lstrip())] if m
    }
    papers: dict[str, Paper] = {}
    for entry in library.entries:
        line = (entry.start_line or 0) + 1
        fields: dict[str, str] = {}
        field_lines: dict[str, int] = {}
        authors: tuple[Person, ...] = ()
        editors: tuple[Person, ...] = ()
        for f in entry.fields:
            name = f.key.lower()
            field_lines[name] = (f.start_line or entry.start_line or 0) + 1
            if name in ("author", "editor"):
                people = _people(f.value) if decode else tuple(
                    Person(first="", last=n) for n in re.split(r"\s+and\s+", str(f.value)))
                if name == "author":
                    authors = people
                else:
                    editors = people
            else:
                fields[name] = " ".join(str(f.value).split())
        paper = Paper(key=entry.key, entry_type=entry.entry_type.lower(), fields=fields,
                      authors=authors, editors=editors, raw=(entry.raw or "").strip(), line=line)
        problems += _check(paper, path, field_lines)
        papers[entry.key] = paper
    return papers, broken, problems


def _check(paper: Paper, path: str, lines: dict[str, int]) -> list[Problem]:
    out = []

    def err(field: str | None, message: str, severity: str = "error") -> None:
        line = lines.get(field, paper.line) if field else paper.line
        out.append(Problem(path, line, 1, severity, f"{paper.key}: {message}"))  # type: ignore[arg-type]

    if not paper.title:
        err(None, "field 'title' missing")
    if not paper.authors and not paper.editors:
        err(None, "field 'author' (or 'editor') missing")
    year = paper.get("year")
    if not year:
        err(None, "field 'year' missing")
    elif not re.fullmatch(r"\d{4}", year):
        err("year", f"year: expected four digits, got {year!r}")
    url = paper.get("url")
    if url is not None and not SAFE_URL_RE.match(url):
        err("url", f"url: only http:// and https:// links are allowed, got {url!r}")
    doi = paper.get("doi")
    if doi is not None and not DOI_RE.match(doi):
        err("doi", f"doi: expected a bare DOI such as 10.1162/neco.2006.18.7.1527, got {doi!r}")
    eprint = paper.get("eprint")
    if eprint is not None and _is_arxiv(paper) and not ARXIV_RE.match(eprint):
        err("eprint", f"eprint: expected an arXiv id such as 1312.6114, got {eprint!r}")
    if not (doi or eprint or url):
        err(None, "no 'doi', 'eprint' (arXiv) or 'url': readers need a way to find it",
            "warning")
    return out


def _is_arxiv(paper: Paper) -> bool:
    prefix = (paper.get("archiveprefix") or paper.get("eprinttype") or "arxiv").lower()
    return prefix == "arxiv"


# --- citations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """A paper formatted for display; every part is plain text (escape when emitting)."""

    key: str
    authors: str
    year: str
    title: str
    venue: str
    links: tuple[tuple[str, str], ...]
    """(label, http(s) URL) pairs: DOI, arXiv, URL."""


def format_people(people: tuple[Person, ...]) -> str:
    names = [p.full for p in people]
    if len(names) > MAX_AUTHORS:
        return ", ".join(names[:6]) + " et al."
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _pages(paper: Paper) -> str:
    pages = paper.get("pages") or ""
    return re.sub(r"\s*(--|-|–)\s*", "–", pages)


def venue(paper: Paper) -> str:
    g = paper.get
    parts: list[str] = []
    kind = paper.entry_type
    if kind == "article":
        journal = g("journal") or g("journaltitle") or ""
        vol = g("volume") or ""
        if g("number"):
            vol += f"({g('number')})"
        parts = [journal, vol, _pages(paper)]
    elif kind in ("inproceedings", "incollection", "conference", "inbook"):
        book = g("booktitle") or ""
        eds = f" (eds. {format_people(paper.editors)})" if paper.editors else ""
        vol = f"{g('series')} {g('volume')}" if g("series") and g("volume") else ""
        parts = [f"In {book}{eds}" if book else "", vol, g("publisher") or "",
                 f"pp. {_pages(paper)}" if g("pages") else ""]
    elif kind == "book":
        parts = [f"{g('edition')} edition" if g("edition") else "", g("publisher") or ""]
    elif kind == "techreport":
        number = f"Technical report {g('number')}" if g("number") else "Technical report"
        parts = [number, g("institution") or ""]
    elif kind in ("phdthesis", "mastersthesis"):
        parts = ["PhD thesis" if kind == "phdthesis" else "Master's thesis", g("school") or ""]
    else:
        parts = [g("howpublished") or g("publisher") or g("institution") or ""]
        if g("eprint") and _is_arxiv(paper) and not any(parts):
            parts = ["arXiv preprint"]
    return ", ".join(p for p in parts if p)


def links(paper: Paper) -> tuple[tuple[str, str], ...]:
    out = []
    doi = paper.get("doi")
    if doi and DOI_RE.match(doi):
        out.append((f"doi:{doi}", f"https://doi.org/{doi}"))
    eprint = paper.get("eprint")
    if eprint and _is_arxiv(paper) and ARXIV_RE.match(eprint):
        out.append((f"arXiv:{eprint}", f"https://arxiv.org/abs/{eprint}"))
    url = paper.get("url")
    if url and SAFE_URL_RE.match(url) and all(url != u for _, u in out):
        out.append(("link", url))
    return tuple(out)


def cite(paper: Paper) -> Citation:
    people = paper.authors or paper.editors
    who = format_people(people) + (" (eds.)" if not paper.authors and paper.editors else "")
    return Citation(key=paper.key, authors=who, year=paper.year, title=paper.title,
                    venue=venue(paper), links=links(paper))


def short_name(paper: Paper) -> str:
    """'Hyvärinen and Oja (2000)' / 'Hinton et al. (2006)'."""
    people = paper.authors or paper.editors
    lasts = [" ".join(x for x in (p.von, p.last) if x) for p in people]
    if not lasts:
        who = paper.title
    elif len(lasts) == 1:
        who = lasts[0]
    elif len(lasts) == 2:
        who = f"{lasts[0]} and {lasts[1]}"
    else:
        who = f"{lasts[0]} et al."
    return f"{who} ({paper.year})"
