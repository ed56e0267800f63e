"""Reading the sources: the only module that touches the disk.

YAML is composed into nodes first, so every value keeps the line and column it came from;
a pydantic error at ``('readings', 1, 'cite')`` then becomes
``kb/topics/x.yml:14:7: error: readings[1].cite: …``. Every problem in every file is
collected; loading never stops at the first.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import re
import subprocess
import threading
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .model import PATTERN_WORDS, Area, Paper, Problem, Timeline, Topic

try:  # libyaml keeps marks too and is several times faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Loc = tuple[str | int, ...]
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass
class SourceMap:
    """Where each value of one YAML file came from (1-based lines and columns)."""

    path: str
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    text: str = ""
    """The file as written, to find a snippet of a value on its own line."""

    def at(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """The position of ``loc``, or of its nearest ancestor we know."""
        table = self.keys if key else self.values
        while loc:
            if loc in table:
                return table[loc]
            if not key and loc in self.keys:
                return self.keys[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))

    def problem(self, loc: Loc, message: str, severity: str = "error", *, key: bool = False):
        line, column = self.at(loc, key=key)
        return Problem(self.path, line, column, severity, message)  # type: ignore[arg-type]

    def find(self, loc: Loc, snippet: str, start: tuple[int, int] | None = None
             ) -> tuple[int, int]:
        """The line and column of ``snippet`` as written in the value at ``loc`` (searching
        from ``start``, or from the value's start); the value's own position when the YAML
        spelling differs (escapes in a quoted string, a line folded inside the snippet)."""
        line, column = start or self.at(loc)
        lines = self.text.splitlines(keepends=True)
        offset = sum(len(x) for x in lines[:line - 1]) + column - 1
        found = self.text.find(snippet, offset) if snippet else -1
        if found < 0:
            return self.at(loc)
        before = self.text[:found]
        line = before.count("\n") + 1
        return line, found - (before.rfind("\n") + 1) + 1


def format_loc(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


class _Builder:
    """Turns a composed YAML node tree into plain data, recording positions and duplicates."""

    def __init__(self, source: SourceMap, problems: list[Problem]):
        self.source = source
        self.problems = problems
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, loc: Loc = ()) -> Any:
        self.source.values[loc] = _pos(node.start_mark)
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            first: dict[Any, tuple[int, int]] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problems.append(
                        self.source.problem(loc, "a mapping key must be a plain value")
                    )
                    continue
                key = self.scalar(key_node)
                where = _pos(key_node.start_mark)
                if key in first:
                    line, col = where
                    self.problems.append(
                        Problem(
                            self.source.path, line, col, "error",
                            f"{format_loc(loc + (key,))}: duplicate key "
                            f"(first defined at line {first[key][0]})",
                        )
                    )
                    continue
                first[key] = where
                self.source.keys[loc + (key,)] = where
                out[key] = self.build(value_node, loc + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: yaml.Node) -> Any:
        if node.tag == "tag:yaml.org,2002:str":  # most keys and values: no constructor needed
            return node.value
        return self.constructor.construct_object(node)


def parse_yaml(text: str, path: str) -> tuple[Any, SourceMap, list[Problem]]:
    """Parse one YAML document; on a syntax error return ``None`` and the problem."""
    source = SourceMap(path, text=text)
    problems: list[Problem] = []
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        what = str(exc.problem or exc.context or "invalid YAML")
        ctx = exc.context_mark
        if exc.context and ctx and ctx is not mark:
            what += f" ({exc.context} that starts at line {ctx.line + 1}, column {ctx.column + 1})"
        problems.append(Problem(path, line, col, "error", f"YAML syntax error: {what}"))
        return None, source, problems
    except yaml.YAMLError as exc:  # e.g. a reader error on a control character
        problems.append(Problem(path, 1, 1, "error", f"YAML error: {exc}"))
        return None, source, problems
    if node is None:
        return None, source, problems
    try:
        data = _Builder(source, problems).build(node)
    except yaml.constructor.ConstructorError as exc:
        line, col = _pos(exc.problem_mark) if exc.problem_mark else (1, 1)
        problems.append(Problem(path, line, col, "error", f"YAML error: {exc.problem}"))
        return None, source, problems
    return data, source, problems


# --- turning pydantic errors into problems ------------------------------------------------


def _unwrap(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _model_at(tp: Any, loc: Loc) -> type[BaseModel] | None:
    """The model class that validates the value at ``loc`` (loc as pydantic reports it)."""
    for part in loc:
        tp = _unwrap(tp)
        origin = typing.get_origin(tp)
        if origin in (typing.Union, types.UnionType):
            members = [_unwrap(a) for a in typing.get_args(tp) if a is not type(None)]
            tagged = [
                m for m in members
                if isinstance(m, type) and issubclass(m, BaseModel)
                and "type" in m.model_fields
                and part in typing.get_args(m.model_fields["type"].annotation)
            ]
            if tagged:
                tp = tagged[0]
                continue
            tp = members[0] if len(members) == 1 else None
            tp = _unwrap(tp)
            origin = typing.get_origin(tp)
        if isinstance(part, int) and origin is list:
            tp = typing.get_args(tp)[0]
        elif isinstance(tp, type) and issubclass(tp, BaseModel) and part in tp.model_fields:
            tp = tp.model_fields[part].annotation
        else:
            return None
    tp = _unwrap(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        tp = _unwrap(args[0]) if len(args) == 1 else tp
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _data_loc(data: Any, loc: Loc) -> Loc:
    """Drop the discriminator tags pydantic puts in a union member's location."""
    out: list[str | int] = []
    for part in loc:
        in_dict = isinstance(data, dict) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and part < len(data)
        if in_dict or in_list:
            data = data[part]
        elif isinstance(data, dict) and data.get("type") == part:
            continue
        else:
            data = None
        out.append(part)
    return tuple(out)


def _describe(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "…"
    return f"{type(value).__name__} {text}"


_TYPE_WORDS = {
    "string_type": "text",
    "float_type": "a number",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "model_type": "a mapping of fields",
    "dict_type": "a mapping",
    "model_attributes_type": "a mapping of fields",
}


def validation_problems(
    exc: ValidationError, model: type[BaseModel], data: Any, source: SourceMap, prefix: Loc = ()
) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = _data_loc(data, tuple(err["loc"]))
        kind, msg = err["type"], err["msg"]
        where = prefix + loc
        name = format_loc(where) or "(file)"
        key = False
        if kind == "missing":
            text = f"{name}: required field missing"
            where = prefix + loc[:-1]
        elif kind == "extra_forbidden":
            parent = _model_at(model, tuple(err["loc"])[:-1])
            text = f"{name}: unknown field"
            if parent is not None:
                allowed = [f for f in parent.model_fields if f != "type"]
                close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
                text += f" (did you mean '{close[0]}'?)" if close else ""
                text += "; expected one of: " + ", ".join(allowed)
            key = True
        elif kind == "union_tag_invalid":
            ctx = err.get("ctx", {})
            text = (
                f"{format_loc(where + ('type',))}: expected one of {ctx.get('expected_tags')}, "
                f"got {ctx.get('tag')!r}"
            )
            where = where + ("type",)
        elif kind == "union_tag_not_found":
            text = f"{name}: field 'type' missing (single, multiple, numeric or recall)"
        elif kind == "string_pattern_mismatch":
            pattern = err.get("ctx", {}).get("pattern", "")
            expected = PATTERN_WORDS.get(pattern, f"text matching {pattern}")
            text = f"{name}: expected {expected}, got {err['input']!r}"
        elif kind in _TYPE_WORDS:
            text = f"{name}: expected {_TYPE_WORDS[kind]}, got {_describe(err['input'])}"
        elif kind in ("too_short", "too_long"):
            ctx = err.get("ctx", {})
            bound = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
            text = (f"{name}: expected {'at least' if kind == 'too_short' else 'at most'} "
                    f"{bound} item(s), got {ctx.get('actual_length')}")
        elif kind == "string_too_short":
            text = f"{name}: must not be empty"
        elif kind == "value_error":
            text = f"{name}: {msg.removeprefix('Value error, ')}"
        else:
            text = f"{name}: {msg[:1].lower()}{msg[1:]}"
            if kind.startswith(("literal", "greater", "less", "too_")):
                text += f" (got {_describe(err['input'])})"
        problems.append(source.problem(where, text, key=key))
    return problems


# --- the project ----------------------------------------------------------------------------


@dataclass
class Sources:
    """Everything read from disk, valid parts as models, plus every problem found."""

    root: Path
    areas: list[Area] = field(default_factory=list)
    areas_source: SourceMap | None = None
    areas_data: list | None = None
    """The raw list of kb/areas.yml, valid or not (its text is checked like topics')."""
    topics: dict[str, Topic] = field(default_factory=dict)
    topic_sources: dict[str, SourceMap] = field(default_factory=dict)
    topic_data: dict[str, dict] = field(default_factory=dict)
    """The raw mapping of every topic file that parsed, valid or not."""
    papers: dict[str, Paper] = field(default_factory=dict)
    timeline: Timeline | None = None
    timeline_data: dict | None = None
    timeline_source: SourceMap | None = None
    broken_keys: set[str] = field(default_factory=set)
    """Keys of BibTeX entries that failed to parse (reported once, in references.bib)."""
    example_files: dict[str, list[str]] = field(default_factory=dict)
    """Folder name in kb/examples/ → the .py files in it (sorted)."""
    examples_dir: str = "kb/examples"
    bib_path: str = "references.bib"
    problems: list[Problem] = field(default_factory=list)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _read(path: Path, display: str, problems: list[Problem]) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(display, 1, 1, "error", "file not found"))
    except UnicodeDecodeError as exc:
        problems.append(Problem(display, 1, 1, "error", f"not valid UTF-8 ({exc.reason})"))
    except OSError as exc:
        problems.append(Problem(display, 1, 1, "error", f"cannot read: {exc.strerror}"))
    return None


def load_topic(text: str, display: str, topic_id: str):
    """Returns (topic or None, raw mapping or None, source map, problems)."""
    data, source, problems = parse_yaml(text, display)
    if not ID_RE.match(topic_id):
        problems.append(
            Problem(display, 1, 1, "error",
                    f"file name: the topic id {topic_id!r} (the file's stem) must be kebab-case")
        )
    if data is None:
        if not problems:
            problems.append(Problem(display, 1, 1, "error",
                                    "empty file: expected a mapping with title, area, level, …"))
        return None, None, source, problems
    if not isinstance(data, dict):
        problems.append(source.problem(
            (), f"expected a mapping of topic fields, got {_describe(data)}"))
        return None, None, source, problems
    if "id" in data:
        problems.append(source.problem(("id",), "id: unknown field; a topic's id is its file name",
                                       key=True))
        data = {k: v for k, v in data.items() if k != "id"}
    try:
        topic = Topic.model_validate(data)
    except ValidationError as exc:
        problems.extend(validation_problems(exc, Topic, data, source))
        return None, data, source, problems
    return topic, data, source, problems


def load_areas(text: str, display: str) -> tuple[list[Area], SourceMap, list[Problem]]:
    data, source, problems = parse_yaml(text, display)
    if data is None:
        if not problems:
            problems.append(Problem(display, 1, 1, "error", "empty file: expected a list of areas"))
        return [], source, problems
    if not isinstance(data, list):
        problems.append(source.problem((), f"expected a list of areas, got {_describe(data)}"))
        return [], source, problems
    areas, seen = [], {}
    for i, item in enumerate(data):
        try:
            area = Area.model_validate(item)
        except ValidationError as exc:
            problems.extend(validation_problems(exc, Area, item, source, prefix=(i,)))
            continue
        if area.id in seen:
            problems.append(source.problem((i, "id"), f"[{i}].id: duplicate area id {area.id!r} "
                                                      f"(first at [{seen[area.id]}])"))
            continue
        seen[area.id] = i
        areas.append(area)
    return areas, source, problems


def load_timeline(text: str, display: str):
    """Returns (timeline or None, raw mapping or None, source map, problems)."""
    data, source, problems = parse_yaml(text, display)
    if not isinstance(data, dict):
        if not problems:
            problems.append(source.problem((), "expected a mapping with default_year, intro, "
                                               "tracks, technologies and events"))
        return None, None, source, problems
    try:
        return Timeline.model_validate(data), data, source, problems
    except ValidationError as exc:
        problems.extend(validation_problems(exc, Timeline, data, source))
        return None, data, source, problems


@contextlib.contextmanager
def paused_gc():
    """Loading makes many small, short-lived objects: reference counting frees them, and
    the cyclic collector's passes would cost about a quarter of a large load."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _parse_bibliography(path: Path, display: str, decode: bool):
    problems: list[Problem] = []
    text = _read(path, display, problems)
    if text is None:
        return {}, set(), problems
    from . import bibliography  # bibtexparser and pylatexenc: not for a warm build

    papers, broken, more = bibliography.parse(text, display, decode=decode)
    return papers, broken, problems + more


def fork_is_safe() -> bool:
    """Whether work may go to a forked process: the platform forks, and no other thread
    runs (under `mkdocs serve` the server's threads do: a lock one of them held at the fork
    would stay held in the child forever)."""
    import multiprocessing

    return ("fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def load(root: Path | str, kb_dir: str = "kb", bib_file: str = "references.bib",
         decode: bool = True, parallel: bool = False) -> Sources:
    """Read areas, topics and the bibliography under ``root``. ``decode=False`` leaves the
    bibliography's LaTeX undecoded: enough to validate, not to render. ``parallel=True``
    parses the bibliography in a forked process while the YAML is read, where forking is
    safe (``fork_is_safe``)."""
    root = Path(root)
    out = Sources(root=root, bib_path=bib_file)
    kb = root / kb_dir
    bib_path = root / bib_file
    pending = None
    if parallel and fork_is_safe():
        import multiprocessing

        pool = multiprocessing.get_context("fork").Pool(1)
        pending = pool.apply_async(_parse_bibliography,
                                   (bib_path, _rel(bib_path, root), decode))

    areas_path = kb / "areas.yml"
    display = _rel(areas_path, root)
    text = _read(areas_path, display, out.problems)
    if text is not None:
        out.areas, out.areas_source, problems = load_areas(text, display)
        data = parse_yaml(text, display)[0] if out.areas_source.values else None
        out.areas_data = data if isinstance(data, list) else None
        out.problems += problems

    topics_dir = kb / "topics"
    if not topics_dir.is_dir():
        out.problems.append(Problem(_rel(topics_dir, root), 1, 1, "error", "folder not found"))
    else:
        for path in sorted(topics_dir.iterdir()):
            display = _rel(path, root)
            if path.suffix == ".yaml":
                out.problems.append(Problem(display, 1, 1, "error",
                                            "topic files end in .yml: rename this file"))
                continue
            if path.suffix != ".yml" or not path.is_file():
                continue
            text = _read(path, display, out.problems)
            if text is None:
                continue
            topic, data, source, problems = load_topic(text, display, path.stem)
            out.problems += problems
            out.topic_sources[path.stem] = source
            if data is not None:
                out.topic_data[path.stem] = data
            if topic is not None:
                out.topics[path.stem] = topic

    examples_dir = kb / "examples"
    out.examples_dir = _rel(examples_dir, root)
    if examples_dir.is_dir():
        out.example_files = {
            folder.name: sorted(p.name for p in folder.iterdir()
                                if p.suffix == ".py" and p.is_file())
            for folder in sorted(examples_dir.iterdir()) if folder.is_dir()
            and not folder.name.startswith((".", "_"))}

    timeline_path = kb / "timeline.yml"
    if timeline_path.is_file():  # optional: without it there is no timeline page
        display = _rel(timeline_path, root)
        text = _read(timeline_path, display, out.problems)
        if text is not None:
            out.timeline, out.timeline_data, out.timeline_source, problems = load_timeline(
                text, display)
            out.problems += problems

    if pending is not None:
        try:
            out.papers, out.broken_keys, problems = pending.get()
        finally:
            pool.close()
            pool.join()
    else:
        out.papers, out.broken_keys, problems = _parse_bibliography(
            bib_path, _rel(bib_path, root), decode)
    out.problems += problems
    return out


class GitError(Exception):
    """git could not show the knowledge base at a ref."""


def ids_at(root: Path | str, ref: str, kb_dir: str = "kb") -> dict[str, list[str]]:
    """Topic id → its question ids, as committed at the git ``ref`` (for renames)."""
    root = Path(root)

    def git(*args: str) -> str:
        try:
            done = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                  text=True, check=False)
        except OSError as exc:
            raise GitError(f"cannot run git: {exc.strerror}") from exc
        if done.returncode:
            raise GitError(done.stderr.strip() or f"git {args[0]} failed")
        return done.stdout

    prefix = git("rev-parse", "--show-prefix").strip()
    folder = f"{prefix}{kb_dir}/topics/"
    out: dict[str, list[str]] = {}
    for path in git("ls-tree", "--name-only", f"{ref}:{folder}").splitlines():
        if not path.endswith(".yml"):
            continue
        try:
            data = yaml.load(git("show", f"{ref}:{folder}{path}"), Loader=_Loader)
        except yaml.YAMLError:
            data = None
        quiz = data.get("quiz") if isinstance(data, dict) else None
        out[path[:-4]] = [q["id"] for q in quiz if isinstance(q, dict)
                          and isinstance(q.get("id"), str)] if isinstance(quiz, list) else []
    return out


def watched_paths(root: Path | str, kb_dir: str = "kb",
                  bib_file: str = "references.bib") -> list[str]:
    root = Path(root)
    return [str(root / kb_dir), str(root / bib_file)]
