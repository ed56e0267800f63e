"""The KnowledgeBase: topics, areas and papers linked together, with backlinks.

Resolving references is where most contributor mistakes surface (an unknown area, a
typo in a BibTeX key, a prerequisite cycle), so every dangling reference becomes a
Problem with the position of the offending value. The prerequisite graph is a networkx
DiGraph with an edge from each prerequisite to the topic that needs it.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import markup
from . import timeline as hype
from .loading import SourceMap, Sources, format_loc
from .model import LEVELS, PHASES, Area, Paper, Problem, Timeline, Topic

if TYPE_CHECKING:  # networkx is imported where it is used: a warm build never needs it
    import networkx as nx

# Markdown links and autolinks whose target names a scheme: only http(s) may reach a page.
_LINK_TARGET = re.compile(
    r"\]\(\s*<?([^\s()<>]+(?:\([^\s()]*\)[^\s()<>]*)*)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>"
)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


@dataclass
class KnowledgeBase:
    areas: list[Area]
    topics: dict[str, Topic]
    papers: dict[str, Paper]
    graph: nx.DiGraph
    """prerequisite → topic."""
    cited_by: dict[str, list[str]] = field(default_factory=dict)
    """BibTeX key → ids of the topics whose readings cite it, in topic order."""
    problems: list[Problem] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    """topic id → path of its YAML file (relative to the project root)."""
    timeline: Timeline | None = None
    on_timeline: dict[str, list[int]] = field(default_factory=dict)
    """BibTeX key → indices of the timeline events that cite it."""
    aliases: dict[str, str] = field(default_factory=dict)
    """Former topic id → the topic's id now (from each topic's ``aliases``)."""
    question_aliases: dict[str, str] = field(default_factory=dict)
    """``topic/former-question-id`` → ``topic/question-id`` (topic ids as they are now)."""

    # Kept in the build cache without the graph object: its nodes and edges are enough,
    # and a warm build that never asks for the graph need not import networkx (0.1 s).
    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        graph = state.pop("graph", None)
        if graph is not None:
            state["_graph_parts"] = (list(graph.nodes), list(graph.edges))
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    def __getattr__(self, name: str):
        parts = self.__dict__.get("_graph_parts")
        if name != "graph" or parts is None:
            raise AttributeError(name)
        import networkx as nx

        graph = nx.DiGraph()
        graph.add_nodes_from(parts[0])
        graph.add_edges_from(parts[1])
        self.__dict__["graph"] = graph
        del self.__dict__["_graph_parts"]
        return graph

    def alias_map(self) -> dict:
        """What the browser needs to move stored progress from former ids to current ones."""
        return {"topics": dict(sorted(self.aliases.items())),
                "questions": dict(sorted(self.question_aliases.items()))}

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def area(self, area_id: str) -> Area:
        return next(a for a in self.areas if a.id == area_id)

    def topics_in(self, area_id: str) -> list[tuple[str, Topic]]:
        return [(i, t) for i, t in self.topics.items() if t.area == area_id]

    @functools.cached_property
    def _rank(self) -> dict[str, int]:
        return {t: i for i, t in enumerate(self.topics)}

    @functools.cached_property
    def _closure(self) -> dict[str, set[str]]:
        return closures(self.graph)

    def path(self, topic_id: str) -> list[str]:
        """Every topic needed before ``topic_id`` (its prerequisite closure), in learning
        order: each step comes after all of its own prerequisites."""
        return sorted(self._closure.get(topic_id, ()), key=self._rank.__getitem__)

    def first_hours(self, topic_id: str) -> float:
        """Time for a topic's first (gentlest) reading: how a path step is counted."""
        readings = self.topics[topic_id].readings
        return readings[0].hours if readings else 0.0

    def path_hours(self, topic_id: str) -> float:
        return sum(self.first_hours(t) for t in self.path(topic_id))

    @functools.cached_property
    def depths(self) -> dict[str, int]:
        """Per topic, the length of the longest chain of prerequisites below it."""
        import networkx as nx

        depth: dict[str, int] = {}
        for t in nx.topological_sort(self.graph):
            depth[t] = max((depth[p] + 1 for p in self.graph.predecessors(t)), default=0)
        return depth

    def needed_for(self, topic_id: str) -> list[str]:
        """Topics that list ``topic_id`` as a direct prerequisite."""
        return sorted(self.graph.successors(topic_id), key=self._rank.__getitem__)

    @property
    def question_count(self) -> int:
        return sum(len(t.quiz) for t in self.topics.values())

    def summary(self) -> str:
        return (f"{len(self.topics)} topics, {len(self.papers)} papers, "
                f"{self.question_count} questions")


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _strings(data, loc=()):
    """(loc, text) for every string in raw YAML data."""
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, loc + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, loc + (i,))


def _list(data: dict, key: str) -> list:
    value = data.get(key)
    return value if isinstance(value, list) else []


def unsafe_links(text: str) -> list[str]:
    """Link targets in Markdown text that use a scheme other than http(s)."""
    bad = []
    for m in _LINK_TARGET.finditer(text):
        target = m.group(1) or m.group(2)
        scheme = _SCHEME.match(target)
        if scheme and scheme.group(1).lower() not in ("http", "https"):
            bad.append(target)
    return bad


def _check_topic(tid: str, data: dict, src: SourceMap, known_topics, areas, papers, broken,
                 check_text: bool = True):
    """Cross-references of one topic, read from its raw data so that a topic with a schema
    error still has its references checked in the same run."""
    out: list[Problem] = []
    area = data.get("area")
    if isinstance(area, str) and area not in areas:
        out.append(src.problem(("area",), f"area: unknown area {area!r}"
                               f"{_suggest(area, areas)}; known areas: {', '.join(areas)}"))
    seen: dict[str, int] = {}
    for i, pre in enumerate(_list(data, "prerequisites")):
        if not isinstance(pre, str):
            continue
        loc = ("prerequisites", i)
        if pre == tid:
            out.append(src.problem(loc, f"{format_loc(loc)}: a topic cannot be its own "
                                        f"prerequisite"))
        elif pre not in known_topics:
            out.append(src.problem(loc, f"{format_loc(loc)}: unknown topic {pre!r}"
                                   f"{_suggest(pre, known_topics)}; expected the id of a file "
                                   f"in kb/topics/"))
        if pre in seen:
            out.append(src.problem(loc, f"{format_loc(loc)}: {pre!r} is listed twice "
                                   f"(also at [{seen[pre]}])"))
        seen.setdefault(pre, i)
    cites: dict[str, int] = {}
    for i, reading in enumerate(_list(data, "readings")):
        cite = reading.get("cite") if isinstance(reading, dict) else None
        if not isinstance(cite, str):
            continue
        loc = ("readings", i, "cite")
        if cite not in papers and cite not in broken:  # a broken entry has its own error
            out.append(src.problem(loc, f"{format_loc(loc)}: unknown BibTeX key {cite!r}"
                                   f"{_suggest(cite, papers)}; add it to references.bib"))
        if cite in cites:
            out.append(src.problem(loc, f"{format_loc(loc)}: {cite!r} is already on the "
                                   f"reading list (readings[{cites[cite]}])"))
        cites.setdefault(cite, i)
    qids: dict[str, int] = {}
    for i, q in enumerate(_list(data, "quiz")):
        qid = q.get("id") if isinstance(q, dict) else None
        if not isinstance(qid, str):
            continue
        if qid in qids:
            out.append(src.problem(("quiz", i, "id"), f"quiz[{i}].id: duplicate question id "
                                   f"{qid!r} (also quiz[{qids[qid]}]); ids must be unique "
                                   f"within a topic"))
        qids.setdefault(qid, i)
    former: dict[str, int] = {}
    for i, q in enumerate(_list(data, "quiz")):
        for j, alias in enumerate(_list(q, "aliases") if isinstance(q, dict) else []):
            loc = ("quiz", i, "aliases", j)
            if not isinstance(alias, str):
                continue
            if alias in qids:
                out.append(src.problem(loc, f"{format_loc(loc)}: {alias!r} is the id of "
                                       f"quiz[{qids[alias]}]; an alias names a former id "
                                       f"that no question has now"))
            elif alias in former:
                out.append(src.problem(loc, f"{format_loc(loc)}: {alias!r} is already an alias "
                                       f"of quiz[{former[alias]}]"))
            former.setdefault(alias, i)
    return out + (_text_problems(data, src, todo=True) if check_text else [])


def _check_timeline(data: dict, src: SourceMap, topics, papers, broken,
                    check_text: bool = True) -> list[Problem]:
    """References in kb/timeline.yml, read from raw data like topics are."""
    out: list[Problem] = []
    tracks: dict[str, int] = {}
    for i, t in enumerate(_list(data, "tracks")):
        tid = t.get("id") if isinstance(t, dict) else None
        if isinstance(tid, str):
            if tid in tracks:
                out.append(src.problem(("tracks", i, "id"), f"tracks[{i}].id: duplicate track "
                                       f"{tid!r} (also tracks[{tracks[tid]}])"))
            tracks.setdefault(tid, i)
    techs: dict[str, int] = {}
    for i, t in enumerate(_list(data, "technologies")):
        if not isinstance(t, dict):
            continue
        tid, track, hype = t.get("id"), t.get("track"), t.get("hype")
        if isinstance(tid, str):
            if tid in techs:
                out.append(src.problem(("technologies", i, "id"), f"technologies[{i}].id: "
                                       f"duplicate technology {tid!r} (also "
                                       f"technologies[{techs[tid]}])"))
            techs.setdefault(tid, i)
        if isinstance(track, str) and track not in tracks:
            out.append(src.problem(("technologies", i, "track"), f"technologies[{i}].track: "
                                   f"unknown track {track!r}{_suggest(track, tracks)}; known "
                                   f"tracks: {', '.join(tracks)}"))
        if isinstance(hype, dict):
            steps = sorted((y, p) for y, p in hype.items()
                           if isinstance(y, int) and p in PHASES)
            for (y0, p0), (y1, p1) in zip(steps, steps[1:], strict=False):
                if PHASES.index(p1) <= PHASES.index(p0):
                    out.append(src.problem(
                        ("technologies", i, "hype", y1), f"technologies[{i}].hype: {p1!r} in "
                        f"{y1} does not follow {p0!r} in {y0} in Gartner's order (trigger, "
                        f"peak, trough, slope, plateau)", "warning"))
    for i, e in enumerate(_list(data, "events")):
        if not isinstance(e, dict):
            continue
        checks = [("technology", techs, "technology"), ("topic", topics, "topic"),
                  ("cite", papers, "BibTeX key")]
        for name, known, what in checks:
            value = e.get(name)
            if isinstance(value, str) and value not in known and value not in broken:
                out.append(src.problem(("events", i, name), f"events[{i}].{name}: unknown "
                                       f"{what} {value!r}{_suggest(value, known)}"))
    return out + (_text_problems(data, src, todo=False) if check_text else [])


def _field(loc) -> str | None:
    return next((part for part in reversed(loc) if isinstance(part, str)), None)


def _text_problems(data, src: SourceMap, todo: bool) -> list[Problem]:
    """In every string of a file: links that are not http(s) or relative, markup outside
    math and code (markup.findings; in plain-text fields any Markdown too), and (in topics,
    which `kb new topic` fills with them) TODO markers left. Each problem points at the
    offending snippet's own line and column."""
    out = []
    for loc, text in _strings(data):
        if todo and "TODO" in text:
            out.append(src.problem(loc, f"{format_loc(loc)}: a TODO marker is left; replace "
                                   f"it with the real text", "warning"))
        kind = _field(loc)
        found = (markup.plain_findings(text) if kind in markup.PLAIN_FIELDS
                 else markup.findings(text) if kind in markup.MARKDOWN_FIELDS else [])
        cursor = None
        for f in found:
            cursor = src.find(loc, f.snippet, cursor and (cursor[0], cursor[1] + 1))
            out.append(Problem(src.path, *cursor, "error", f"{format_loc(loc)}: {f.message}"))
        for target in unsafe_links(text):
            out.append(src.problem(loc, f"{format_loc(loc)}: link {target!r}: only http(s) "
                                   f"and relative links are allowed"))
    return out


def _check_examples(tid: str, data: dict, src: SourceMap, sources: Sources) -> list[Problem]:
    """Each listed example exists in kb/examples/<topic>/, once (running them is
    ``examples.py``'s work, not validation's)."""
    out, seen = [], {}
    present = sources.example_files.get(tid, [])
    folder = f"{sources.examples_dir}/{tid}"
    for i, ex in enumerate(_list(data, "examples")):
        file = ex.get("file") if isinstance(ex, dict) else None
        if not isinstance(file, str):
            continue
        if file in seen:
            out.append(src.problem(("examples", i, "file"), f"examples[{i}].file: {file!r} is "
                                   f"already listed as examples[{seen[file]}]"))
        elif file not in present and file.endswith(".py"):
            hint = (_suggest(file, present) + f"; {folder}/ holds {', '.join(present)}"
                    if present else f"; {folder}/ has no scripts")
            out.append(src.problem(("examples", i, "file"), f"examples[{i}].file: "
                                   f"{folder}/{file} not found{hint}"))
        seen.setdefault(file, i)
    return out


def _unlisted_examples(sources: Sources) -> list[Problem]:
    """Scripts in kb/examples/ that no topic lists: never run, never shown."""
    out = []
    for folder, files in sources.example_files.items():
        if folder not in sources.topic_sources:
            out.append(Problem(f"{sources.examples_dir}/{folder}", 1, 1, "warning",
                               f"no topic {folder!r} for these worked examples"
                               f"{_suggest(folder, sources.topic_sources)}"))
            continue
        listed = {ex.get("file") for ex in _list(sources.topic_data.get(folder, {}), "examples")
                  if isinstance(ex, dict)}
        for name in files:
            if name not in listed:
                out.append(Problem(f"{sources.examples_dir}/{folder}/{name}", 1, 1, "warning",
                                   f"this worked example is not listed in the examples of "
                                   f"{sources.topic_sources[folder].path}, so it never runs"))
    return out


def implied(graph: nx.DiGraph, topic: str, listed: list[str],
            ancestors: dict[str, set[str]] | None = None) -> list[tuple[int, list[str]]]:
    """(index, chain) for each listed prerequisite that another listed one already needs:
    the chain runs from it through the other to ``topic``. ``ancestors`` (every topic's
    prerequisite closure) saves a graph search per pair on a large knowledge base."""
    import networkx as nx

    def needs(q: str, p: str) -> bool:
        if ancestors is not None:
            return p in ancestors.get(q, ())
        return nx.has_path(graph, p, q)

    out = []
    for i, p in enumerate(listed):
        for q in listed:
            if topic not in (p, q) and q != p and p in graph and q in graph and needs(q, p):
                out.append((i, nx.shortest_path(graph, p, q) + [topic]))
                break
    return out


def closures(graph: nx.DiGraph) -> dict[str, set[str]]:
    """Every node's ancestors, in one pass over a topological order (the graph is acyclic)."""
    import networkx as nx

    out: dict[str, set[str]] = {}
    for node in nx.topological_sort(graph):
        preds = list(graph.predecessors(node))
        out[node] = set(preds).union(*(out[p] for p in preds))
    return out


def _order(topics: dict[str, Topic], graph: nx.DiGraph, areas: list[str]) -> list[str]:
    """Topics by area order, then in a learning order within the area (stable, by title)."""
    import networkx as nx

    area_rank = {a: i for i, a in enumerate(areas)}

    def key(t: str):
        topic = topics[t]
        return (area_rank.get(topic.area, len(areas)), LEVELS.index(topic.level),
                topic.title.lower(), t)

    try:
        return list(nx.lexicographical_topological_sort(graph, key=key))
    except nx.NetworkXUnfeasible:  # a cycle was reported; fall back to a plain sort
        return sorted(topics, key=key)


def build(sources: Sources, check_text: bool = True) -> KnowledgeBase:
    """Link the loaded sources and report every dangling reference. ``check_text=False``
    skips the checks of contributor text (markup, links, figure limits): only to test that
    the later layers of defence stand on their own."""
    import networkx as nx

    problems = list(sources.problems)
    area_ids = [a.id for a in sources.areas]
    known_topics = set(sources.topic_sources)  # files that exist, even if invalid
    graph = nx.DiGraph()
    graph.add_nodes_from(sources.topic_data)
    for tid, data in sources.topic_data.items():
        src = sources.topic_sources[tid]
        problems += _check_topic(tid, data, src, known_topics, area_ids, sources.papers,
                                 sources.broken_keys, check_text)
        problems += _check_examples(tid, data, src, sources)
        if tid in sources.topics and not sources.topics[tid].readings:
            problems.append(src.problem(("readings",), "readings: the topic has no readings; "
                                        "add at least one", "warning"))
        for pre in _list(data, "prerequisites"):
            if isinstance(pre, str) and pre in known_topics and pre != tid:
                graph.add_edge(pre, tid)

    # simple_cycles can be exponential on a badly tangled graph: report the first few
    for cycle in itertools.islice(nx.simple_cycles(graph), 20):
        i = cycle.index(min(cycle))
        cycle = cycle[i:] + cycle[:i]
        chain = " → ".join(cycle + [cycle[0]])
        # the edge cycle[0] → cycle[1] is written in cycle[1]'s prerequisites
        needs = cycle[1]
        idx = _list(sources.topic_data[needs], "prerequisites").index(cycle[0])
        problems.append(sources.topic_sources[needs].problem(
            ("prerequisites", idx),
            f"prerequisites[{idx}]: prerequisite cycle {chain} (each is a prerequisite of the "
            f"next); remove one of these links",
        ))

    if nx.is_directed_acyclic_graph(graph):
        ancestors = closures(graph)
        for tid, data in sources.topic_data.items():
            listed = [p for p in _list(data, "prerequisites") if isinstance(p, str)]
            for i, chain in implied(graph, tid, listed, ancestors):
                problems.append(sources.topic_sources[tid].problem(
                    ("prerequisites", i),
                    f"prerequisites[{i}]: {listed[i]!r} is already implied by "
                    f"{chain[-2]!r} ({' → '.join(chain)}); list only direct prerequisites",
                    "warning"))
    aliases, question_aliases, alias_problems = _aliases(sources, known_topics)
    problems += alias_problems
    graph = graph.subgraph(sources.topics).copy()  # what the pages show: valid topics only
    order = _order(sources.topics, graph, area_ids)
    topics = {t: sources.topics[t] for t in order}

    if check_text:  # BibTeX is shown as plain text: no markup in it
        for key, paper in sources.papers.items():
            for name, value in paper.fields.items():
                problems += [Problem(sources.bib_path, paper.line, 1, "error",
                                     f"{key}: {name}: {f.message}")
                             for f in markup.bib_findings(value)]
    if check_text and sources.areas_data is not None and sources.areas_source is not None:
        problems += _text_problems(sources.areas_data, sources.areas_source, todo=False)

    on_timeline: dict[str, list[int]] = {}
    if sources.timeline_data is not None and sources.timeline_source is not None:
        problems += _check_timeline(sources.timeline_data, sources.timeline_source,
                                    known_topics, sources.papers, sources.broken_keys,
                                    check_text)
        if check_text and sources.timeline is not None:
            index = {t.id: i for i, t in enumerate(sources.timeline.technologies)}
            for tech, why in hype.layout_problems(sources.timeline).items():
                loc = ("technologies", index[tech], "name")
                problems.append(sources.timeline_source.problem(
                    loc, f"{format_loc(loc)}: no room on the hype-cycle figure: {why}"))
        for i, e in enumerate(_list(sources.timeline_data, "events")):
            if isinstance(e, dict) and isinstance(e.get("cite"), str):
                on_timeline.setdefault(e["cite"], []).append(i)

    cited_by: dict[str, list[str]] = {key: [] for key in sources.papers}
    for tid, topic in topics.items():
        for r in topic.readings:
            if r.cite in cited_by and tid not in cited_by[r.cite]:
                cited_by[r.cite].append(tid)
    # with a topic that failed to load, "no topic cites this" may simply be wrong
    all_loaded = len(sources.topics) == len(sources.topic_sources)
    for key, citing in cited_by.items():
        if not citing and key not in on_timeline and all_loaded:
            paper = sources.papers[key]
            problems.append(Problem(sources.bib_path, paper.line, 1, "warning",
                                    f"{key}: no topic cites this paper; cite it in a reading "
                                    f"or remove it"))

    problems += _unlisted_examples(sources)
    paths = {tid: src.path for tid, src in sources.topic_sources.items()}
    return KnowledgeBase(
        areas=sources.areas, topics=topics, papers=sources.papers, graph=graph,
        cited_by=cited_by, problems=sorted(problems), sources=paths,
        timeline=sources.timeline, on_timeline=on_timeline,
        aliases=aliases, question_aliases=question_aliases,
    )


def _aliases(sources: Sources, known_topics: set[str]):
    """Former topic and question ids, and what is wrong with them."""
    topics: dict[str, str] = {}
    questions: dict[str, str] = {}
    problems: list[Problem] = []
    for tid, data in sources.topic_data.items():
        src = sources.topic_sources[tid]
        for j, alias in enumerate(_list(data, "aliases")):
            loc = ("aliases", j)
            if not isinstance(alias, str):
                continue
            if alias == tid:
                problems.append(src.problem(loc, f"{format_loc(loc)}: a topic cannot be an "
                                            f"alias of itself"))
            elif alias in known_topics:
                problems.append(src.problem(loc, f"{format_loc(loc)}: {alias!r} is the id of "
                                            f"kb/topics/{alias}.yml; an alias names a former "
                                            f"id that no topic has now"))
            elif alias in topics:
                problems.append(src.problem(loc, f"{format_loc(loc)}: {alias!r} is already an "
                                            f"alias of topic {topics[alias]!r}"))
            else:
                topics[alias] = tid
        for q in _list(data, "quiz"):
            if isinstance(q, dict) and isinstance(q.get("id"), str):
                for alias in _list(q, "aliases"):
                    if isinstance(alias, str):
                        questions.setdefault(f"{tid}/{alias}", f"{tid}/{q['id']}")
    return topics, questions, problems


def vanished(sources: Sources, kb: KnowledgeBase, before: dict[str, list[str]],
             ref: str) -> list[Problem]:
    """Every topic or question id present at ``ref`` that is gone now without an alias:
    its links and the progress learners stored under it would be orphaned."""
    out: list[Problem] = []
    current = {tid: [q.get("id") for q in _list(data, "quiz") if isinstance(q, dict)]
               for tid, data in sources.topic_data.items()}
    for old, questions in sorted(before.items()):
        tid = old if old in sources.topic_sources else kb.aliases.get(old)
        if tid is None:
            out.append(Problem(f"{_topics_dir(sources)}/{old}.yml", 1, 1, "error",
                               f"topic {old!r} existed at {ref} and is gone without an alias: "
                               f"its page topics/{old}/ and every link to it would break, and "
                               f"learners' progress on its {len(questions)} question(s) would "
                               f"be orphaned; add 'aliases: [{old}]' to the topic that "
                               f"replaces it"))
            continue
        if tid not in current:
            continue  # the file does not parse: it has its own errors
        for qid in questions:
            if qid in current[tid] or f"{tid}/{qid}" in kb.question_aliases:
                continue
            out.append(sources.topic_sources[tid].problem(
                ("quiz",), f"quiz: question {qid!r} (topic {old!r} at {ref}) is gone without "
                f"an alias: learners' progress on it would be orphaned; add "
                f"'aliases: [{qid}]' to the question that replaces it", key=True))
    return out


def _topics_dir(sources: Sources) -> str:
    some = next(iter(sources.topic_sources.values()), None)
    return some.path.rsplit("/", 1)[0] if some else "kb/topics"
