"""A seeded, deterministic synthetic knowledge base, for benchmarks and scale tests.

N topics across the real areas, a random prerequisite DAG with no implied prerequisites,
readings that together cite every one of M papers, quizzes of every question type, and a
small timeline: input that `kb validate` passes without errors or warnings.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from .schema import AREAS_HEADER, TIMELINE_HEADER, TOPIC_HEADER

CLUSTER = 20
FOUNDATIONS = 10
AREAS = ["foundations", "deep-learning-toolbox", "latent-variable-inference",
         "linear-gaussian-models", "energy-based-models", "deep-generative-models",
         "understanding-deep-learning", "next-frontiers"]
WORDS = ["posterior", "likelihood", "latent", "gaussian", "variational", "entropy",
         "divergence", "estimator", "gradient", "partition", "function", "sampler", "kernel",
         "manifold", "prior", "evidence", "bound", "mixture", "factor", "component", "filter",
         "smoother", "energy", "score", "contrastive", "noise", "adversarial",
         "generalisation", "curvature", "information", "measure"]


def _sentence(rng: random.Random, n: int = 12) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _paragraphs(rng: random.Random, k: int) -> str:
    paras = [" ".join(_sentence(rng) for _ in range(4)) for _ in range(k)]
    paras.insert(1, "$$\n\\log p(x) \\ge \\mathbb{E}_{q}\\left[\\log p(x, z) - \\log q(z)\\right]"
                    "\n$$")
    paras.append(f"Inline math such as $\\operatorname{{KL}}(q \\,\\|\\, p) \\ge 0$ and "
                 f"$a_{rng.randint(1, 9)} < b$ renders too.")
    return "\n\n".join(paras) + "\n"


def _bibtex(key: str, i: int, rng: random.Random) -> str:
    """A realistic mix: most titles protect capitals with braces; about one entry in ten
    has an accented author or math in its title (the slow path of LaTeX decoding)."""
    first = rng.choice(["Ada", "Alan", "Grace", "John", "Emmy", "Kurt", "Sofia", "Srinivasa"])
    last = rng.choice(["Lovelace", "Turing", "Hopper", "Noether", "Kovalevskaya", "Ramanujan",
                       "Shannon", "Wiener", "Kolmogorov", "Hyv{\\\"a}rinen"])
    extra = " with $\\ell_1$ penalties" if i % 20 == 0 else ""
    year = 1950 + i % 70
    return (f"@article{{{key},\n  author  = {{{last}, {first} and Other, Ann}},\n"
            f"  title   = {{Synthetic Paper Number {i} on {{ICA}} and {{B}}oltzmann "
            f"Machines{extra}}},\n"
            f"  journal = {{Journal of Synthetic Results}},\n  year    = {{{year}}},\n"
            f"  volume  = {{{1 + i % 40}}},\n  number  = {{{1 + i % 12}}},\n"
            f"  pages   = {{{i % 900 + 1}--{i % 900 + 20}}},\n"
            f"  doi     = {{10.5555/synth.{i}}}\n}}\n")


def _quiz(rng: random.Random) -> list[dict]:
    return [
        {"id": "single", "type": "single", "prompt": _sentence(rng) + " Which is right?",
         "options": [{"text": "This one, with $x^2$.", "correct": True},
                     {"text": "Not this one.", "feedback": _sentence(rng, 8)},
                     {"text": "Nor this one."}],
         "explanation": _sentence(rng)},
        {"id": "multiple", "type": "multiple", "prompt": "Select the true statements.",
         "options": [{"text": "True one.", "correct": True},
                     {"text": "True two.", "correct": True},
                     {"text": "False.", "feedback": _sentence(rng, 6)}],
         "explanation": _sentence(rng)},
        {"id": "numeric", "type": "numeric", "prompt": "What is $1/4$?", "answer": 0.25,
         "tolerance": 0.01, "explanation": "One divided by four."},
        {"id": "recall", "type": "recall", "prompt": "Explain it in your own words.",
         "answer": _sentence(rng), "explanation": _sentence(rng)},
    ]


def generate(root: Path | str, topics: int, papers: int, seed: int = 0) -> None:
    """Write kb/ and references.bib for a synthetic knowledge base under ``root``."""
    if papers < topics:
        raise ValueError("need at least as many papers as topics (each topic cites one)")
    rng = random.Random(seed)
    root = Path(root)
    (root / "kb" / "topics").mkdir(parents=True, exist_ok=True)
    areas = [{"id": a, "title": a.replace("-", " ").capitalize(), "summary": _sentence(rng)}
             for a in AREAS]
    (root / "kb" / "areas.yml").write_text(
        AREAS_HEADER + "\n" + yaml.safe_dump(areas, sort_keys=False), encoding="utf-8")
    keys = [f"paper{i:05d}" for i in range(papers)]
    (root / "references.bib").write_text(
        "\n".join(_bibtex(k, i, rng) for i, k in enumerate(keys)), encoding="utf-8")
    ids = [f"topic-{i:04d}" for i in range(topics)]
    ancestors: dict[str, set[str]] = {}
    # every paper is cited: paper i goes to topic i mod N
    cites: list[list[str]] = [[] for _ in range(topics)]
    for i, key in enumerate(keys):
        cites[i % topics].append(key)
    for i, tid in enumerate(ids):
        # like a real field: clusters of related topics on a few shared foundations, so a
        # topic's prerequisite closure stays small however large the knowledge base grows
        start = i - i % CLUSTER
        window = ids[start:i] + (ids[:FOUNDATIONS] if start >= FOUNDATIONS else [])
        chosen = rng.sample(window, k=min(len(window), rng.choice([0, 1, 2, 2, 3])))
        # drop a prerequisite another chosen one already implies (kb validate warns)
        direct = [p for p in chosen if not any(p in ancestors[q] for q in chosen if q != p)]
        ancestors[tid] = set(direct).union(*(ancestors[p] for p in direct))
        topic = {
            "title": f"Synthetic topic {i}: {rng.choice(WORDS)} {rng.choice(WORDS)}",
            "area": AREAS[min(len(AREAS) - 1, i * len(AREAS) // topics)],
            "level": rng.choice(["foundational", "intermediate", "advanced"]),
            "summary": _sentence(rng),
            "overview": _paragraphs(rng, 4),
            "why_harder": _sentence(rng) + " " + _sentence(rng),
            "key_ideas": [_sentence(rng) for _ in range(3)],
            "prerequisites": sorted(direct),
            "readings": [{"cite": key, "why": _sentence(rng, 8), "hours": 1 + j % 4}
                         for j, key in enumerate(cites[i])],
            "quiz": _quiz(rng),
        }
        (root / "kb" / "topics" / f"{tid}.yml").write_text(
            TOPIC_HEADER + "\n" + yaml.safe_dump(topic, sort_keys=False, allow_unicode=True),
            encoding="utf-8")
    timeline = {
        "default_year": 2016, "intro": _sentence(rng),
        "tracks": [{"id": "one", "title": "One"}, {"id": "two", "title": "Two"}],
        "technologies": [{"id": f"tech-{j}", "name": f"Tech {j}", "track": ["one", "two"][j % 2],
                          "hype": {2004 + j: "trigger", 2008 + j: "peak", 2011 + j: "trough"}}
                         for j in range(6)],
        "events": [{"date": f"{2004 + j}-0{1 + j % 9}", "title": f"Event {j}",
                    "technology": f"tech-{j % 6}", "cite": keys[j], "topic": ids[j % topics]}
                   for j in range(10)],
    }
    (root / "kb" / "timeline.yml").write_text(
        TIMELINE_HEADER + "\n" + yaml.safe_dump(timeline, sort_keys=False), encoding="utf-8")
