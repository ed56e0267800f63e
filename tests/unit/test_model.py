import pytest
from pydantic import ValidationError

from kbsite.model import MultipleChoice, Numeric, Problem, Reading, SingleChoice, Topic

BASE = dict(title="T", area="a", level="advanced", summary="s", overview="o", why_harder="w",
            key_ideas=["k"])


def options(*correct):
    return [{"text": str(i), "correct": c} for i, c in enumerate(correct)]


def test_topic_defaults_and_hours():
    topic = Topic.model_validate({**BASE, "readings": [
        {"cite": "x", "why": "y", "hours": 2}, {"cite": "z", "why": "y", "hours": 1.5}]})
    assert topic.prerequisites == [] and topic.quiz == []
    assert topic.hours == 3.5


def test_models_are_frozen_and_forbid_unknown_fields():
    topic = Topic.model_validate(BASE)
    with pytest.raises(ValidationError):
        topic.title = "other"
    with pytest.raises(ValidationError) as err:
        Topic.model_validate({**BASE, "titel": "x"})
    assert err.value.errors()[0]["type"] == "extra_forbidden"


@pytest.mark.parametrize("correct, ok", [((True, False), True), ((True, True), False),
                                         ((False, False), False)])
def test_single_choice_needs_exactly_one_correct(correct, ok):
    data = dict(id="q", type="single", prompt="p", explanation="e", options=options(*correct))
    if ok:
        assert SingleChoice.model_validate(data).options[0].correct
    else:
        with pytest.raises(ValidationError, match="exactly one option"):
            SingleChoice.model_validate(data)


def test_multiple_choice_needs_a_correct_option():
    data = dict(id="q", type="multiple", prompt="p", explanation="e", options=options(False, False))
    with pytest.raises(ValidationError, match="at least one option"):
        MultipleChoice.model_validate(data)
    data["options"] = options(True, True)
    assert MultipleChoice.model_validate(data).shuffle is False


def test_strict_types_do_not_coerce():
    with pytest.raises(ValidationError):
        Reading.model_validate({"cite": "x", "why": "y", "hours": "3"})
    with pytest.raises(ValidationError):
        Reading.model_validate({"cite": "x", "why": "y", "hours": 0})
    assert Numeric.model_validate(dict(id="n", type="numeric", prompt="p", explanation="e",
                                       answer=1)).tolerance == 0


def test_question_ids_must_be_kebab_case():
    with pytest.raises(ValidationError, match="pattern"):
        Numeric.model_validate(dict(id="Bad_Id", type="numeric", prompt="p", explanation="e",
                                    answer=1))


def test_problem_formats_and_sorts_by_position():
    a = Problem("b.yml", 2, 1, "error", "x")
    b = Problem("a.yml", 9, 3, "warning", "y")
    assert str(b) == "a.yml:9:3: warning: y"
    assert sorted([a, b]) == [b, a]
    assert a.is_error and not b.is_error
