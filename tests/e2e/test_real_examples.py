"""Every worked example of the real knowledge base runs and its closing asserts hold."""

from __future__ import annotations

import pytest

from conftest import ROOT
from kbsite import examples, knowledge, loading

pytestmark = pytest.mark.slow

KB = knowledge.build(loading.load(ROOT))
CASES = [(tid, i, ex) for tid, topic in KB.topics.items() for i, ex in enumerate(topic.examples)]


def test_every_topic_has_a_worked_example():
    assert [tid for tid, topic in KB.topics.items() if not topic.examples] == []


@pytest.mark.parametrize(("topic", "index", "example"), CASES,
                         ids=[f"{tid}/{ex.file}" for tid, _, ex in CASES])
def test_example_runs_and_its_claim_holds(topic, index, example):
    output, problems = examples.run(ROOT, "kb", topic, index, example, KB.sources[topic],
                                    cache=None)
    assert [str(p) for p in problems] == []
    assert output.stdout.strip(), "prints its key numbers"
    assert output.figures, "draws what it shows"
