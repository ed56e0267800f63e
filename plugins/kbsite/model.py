"""The vocabulary of the knowledge base: what a topic, a reading, a question and a paper are.

Models are frozen and forbid unknown fields, so a typo in a contributor's YAML is an error
rather than a silently ignored key. Field names are part of the data contract (DESIGN.md):
add fields, never rename them. No I/O here.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
URL_PATTERN = r"^https?://\S+$"
EXAMPLE_FILE_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*\.py$"
PATTERN_WORDS = {
    ID_PATTERN: "a kebab-case id (lowercase letters and digits separated by single hyphens)",
    URL_PATTERN: "an http(s) link such as https://example.org/page, without spaces",
    EXAMPLE_FILE_PATTERN: "a kebab-case .py file name such as cocktail-party.py",
}
"""What a value matching each pattern looks like, for error messages."""

Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        description="kebab-case: lowercase letters and digits separated by single hyphens",
    ),
]
Text = Annotated[str, Field(min_length=1, description="plain text")]
Markdown = Annotated[
    str, Field(min_length=1, description="Markdown; math as $…$ (inline) or $$…$$ (display)")
]
Level = Literal["foundational", "intermediate", "advanced"]
LEVELS: tuple[str, ...] = ("foundational", "intermediate", "advanced")


class _Model(BaseModel):
    # strict: "3" is not a number and 3 is not a string; YAML already gives real types.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True,
                              use_attribute_docstrings=True)


class Area(_Model):
    """A skill area; areas.yml lists them in display order."""

    id: Id
    title: Text
    summary: Markdown


class Reading(_Model):
    """One entry of a topic's reading list, pointing at a BibTeX key."""

    cite: Annotated[str, Field(min_length=1, description="a key in references.bib")]
    why: Markdown
    """Why read this, and for whom."""
    sections: Text | None = None
    """Which parts to read, when not all of it."""
    hours: Annotated[float, Field(gt=0, le=200, description="estimated reading time in hours")]


class Option(_Model):
    text: Markdown
    correct: bool = False
    feedback: Markdown | None = None
    """Shown when the learner picks this option."""


class _Question(_Model):
    id: Id
    """Stable within the topic: progress is stored under it."""
    aliases: list[Id] = []
    """Former ids of this question: learners' progress stored under them moves to ``id``."""
    prompt: Markdown
    explanation: Markdown
    """Shown after answering: teaches why the answer is right."""


class _Choice(_Question):
    options: Annotated[list[Option], Field(min_length=2, max_length=10)]
    shuffle: bool = False
    """Present the options in a random order (stable order by default)."""


class SingleChoice(_Choice):
    type: Literal["single"]

    @field_validator("options")
    @classmethod
    def _exactly_one_correct(cls, options: list[Option]) -> list[Option]:
        n = sum(o.correct for o in options)
        if n != 1:
            raise ValueError(
                f"a single-choice question needs exactly one option with 'correct: true', found {n}"
            )
        return options


class MultipleChoice(_Choice):
    type: Literal["multiple"]

    @field_validator("options")
    @classmethod
    def _at_least_one_correct(cls, options: list[Option]) -> list[Option]:
        if not any(o.correct for o in options):
            raise ValueError(
                "a multiple-choice question needs at least one option with 'correct: true'"
            )
        return options


class Numeric(_Question):
    type: Literal["numeric"]
    answer: float
    tolerance: Annotated[float, Field(ge=0)] = 0.0
    """Answers within ±tolerance of answer count as right."""


class Recall(_Question):
    type: Literal["recall"]
    answer: Markdown
    """The model answer the learner compares theirs with."""


Question = Annotated[
    SingleChoice | MultipleChoice | Numeric | Recall, Field(discriminator="type")
]


class Example(_Model):
    """A worked example: a numpy + matplotlib script in kb/examples/<topic-id>/ that the build
    runs, showing its code, printed output and figures on the topic page."""

    file: Annotated[str, Field(pattern=EXAMPLE_FILE_PATTERN,
                               description="a kebab-case .py file in kb/examples/<topic-id>/")]
    title: Text
    caption: Text
    """Says what the figures show; also their alt text."""
    timeout: Annotated[float, Field(gt=0, le=300, description="seconds the script may run")] = 30


class Topic(_Model):
    """One file kb/topics/<id>.yml; the id is the file's stem, not a field."""

    title: Text
    area: Id
    level: Level
    summary: Markdown
    overview: Markdown
    why_harder: Markdown
    key_ideas: Annotated[list[Markdown], Field(min_length=1)]
    prerequisites: list[Id] = []
    readings: list[Reading] = []
    quiz: list[Question] = []
    examples: list[Example] = []
    """Worked examples, shown before the quiz; kb/examples/<topic-id>/<file>."""
    aliases: list[Id] = []
    """Former ids (file names) of this topic: each old URL redirects here, and learners'
    progress stored under an old id moves here."""

    @property
    def hours(self) -> float:
        return sum(r.hours for r in self.readings)


Phase = Literal["trigger", "peak", "trough", "slope", "plateau"]
PHASES: tuple[str, ...] = ("trigger", "peak", "trough", "slope", "plateau")
"""Gartner's five phases of a hype cycle, in order."""
PHASE_NAMES = {
    "trigger": "Innovation trigger", "peak": "Peak of inflated expectations",
    "trough": "Trough of disillusionment", "slope": "Slope of enlightenment",
    "plateau": "Plateau of productivity",
}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
Year = Annotated[int, Field(ge=1900, le=2100)]


class Track(_Model):
    id: Id
    title: Text


class Technology(_Model):
    id: Id
    name: Text
    track: Id
    hype: Annotated[dict[Year, Phase], Field(min_length=1)]
    """Year → the phase the technology entered that year (the editors' reading)."""
    note: Markdown | None = None
    """Why this placement, with sources where they exist."""

    def phase_in(self, year: int) -> tuple[str, float] | None:
        """The phase in ``year`` and how far (0–1) it has moved towards the next one."""
        steps = sorted(self.hype.items())
        if year < steps[0][0]:
            return None
        for (y0, p0), (y1, _) in zip(steps, steps[1:], strict=False):
            if y0 <= year < y1:
                return p0, (year - y0) / (y1 - y0)
        return steps[-1][1], 0.0


class Event(_Model):
    date: int | str | datetime.date
    """YYYY, YYYY-MM or YYYY-MM-DD."""
    title: Text
    technology: Id | None = None
    cite: Annotated[str, Field(min_length=1)] | None = None
    """A key in references.bib."""
    topic: Id | None = None
    url: Annotated[str, Field(pattern=URL_PATTERN,
                              description="an http(s) link to a primary source")] | None = None
    note: Markdown | None = None

    @field_validator("date")
    @classmethod
    def _valid_date(cls, value: int | str | datetime.date) -> str:
        text = value.isoformat() if isinstance(value, datetime.date) else str(value)
        m = _DATE.match(text)
        ok = bool(m)
        if m and m.group(2):
            try:
                datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
            except ValueError:
                ok = False
        if not ok:
            raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
        return text

    @property
    def year(self) -> int:
        return int(str(self.date)[:4])


class Timeline(_Model):
    """kb/timeline.yml: the hype-cycle page."""

    default_year: Year
    """The year shown without JavaScript and in print."""
    intro: Markdown
    tracks: Annotated[list[Track], Field(min_length=1)]
    technologies: list[Technology] = []
    events: list[Event] = []


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    von: str = ""
    jr: str = ""

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.first, self.von, self.last, self.jr) if p)


@dataclass(frozen=True)
class Paper:
    """A BibTeX entry with its LaTeX decoded."""

    key: str
    entry_type: str
    fields: dict[str, str]
    """Lower-case field names → decoded text (authors and editors kept separately)."""
    authors: tuple[Person, ...] = ()
    editors: tuple[Person, ...] = ()
    raw: str = ""
    """The entry as written in references.bib, for copying."""
    line: int = 0
    """1-based line of the entry in references.bib."""

    def get(self, name: str) -> str | None:
        return self.fields.get(name)

    @property
    def year(self) -> str:
        return self.fields.get("year", "n.d.")

    @property
    def title(self) -> str:
        return self.fields.get("title", "")


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong in the sources, with where it is (1-based line and column)."""

    path: str
    line: int
    column: int
    severity: Literal["error", "warning"]
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"
