"""Quizzes, progress and /assess/ in Chromium against the built fixture site."""

from __future__ import annotations

import json
import re
from pathlib import Path

import axe_playwright_python
import pytest

from .conftest import take_alpha_quiz

KEY = "learn-something-harder/progress"
AXE = Path(axe_playwright_python.__file__).with_name("axe.min.js")


def stored(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem({KEY!r})") or "null")


def check(page, qid: str):
    page.locator(f"#q-{qid} .kb-check").click()


def result(page, qid: str) -> str:
    return page.locator(f"#q-{qid} .kb-result").inner_text()


def test_single_and_numeric_right_then_wrong(page, site_url):
    page.goto(f"{site_url}/topics/alpha/")
    assert page.locator(".kb-score").inner_text() == \
        "2 questions. Answer them all to record a score."
    check(page, "linearity")
    assert result(page, "linearity") == "Choose an option first."
    page.get_by_label("a. Yes").check()
    check(page, "linearity")
    assert result(page, "linearity") == "Right. The explanation is below."
    assert page.locator("#q-linearity details").get_attribute("open") is not None
    assert page.locator("#q-linearity .kb-option--correct .kb-mark").inner_text() == \
        "Correct answer, you chose it."
    assert page.get_by_label("b. No").is_disabled()
    assert page.locator(".kb-score").inner_text() == "Score so far: 1 of 1 right, 1 to go."
    page.get_by_label("Your answer").fill("0.52")  # tolerance 0.01
    page.get_by_label("Your answer").press("Enter")
    assert result(page, "half") == "Not quite. The answer and its explanation are below."
    assert page.locator(".kb-score").inner_text() == \
        "Quiz complete: 1 of 2 right (50%). Best score: 50%."
    data = stored(page)
    assert data["questions"]["alpha/linearity"]["result"] == "right"
    assert data["questions"]["alpha/half"]["result"] == "wrong"
    assert data["topics"]["alpha"]["best"] == 0.5 and data["topics"]["alpha"]["attempts"] == 1

    # retry: wrong single choice, right numeric (inside the tolerance)
    page.get_by_role("button", name="Try the quiz again").click()
    assert not page.get_by_label("b. No").is_disabled()
    page.get_by_label("b. No").check()
    check(page, "linearity")
    assert result(page, "linearity").startswith("Not quite.")
    assert page.locator("#q-linearity .kb-option--wrong .kb-mark").inner_text() == \
        "Wrong, you chose it."
    assert page.locator("#q-linearity .kb-option--correct .kb-mark").inner_text() == \
        "Correct answer, you missed it."
    page.get_by_label("Your answer").fill("0.495")
    check(page, "half")
    assert result(page, "half").startswith("Right.")
    data = stored(page)
    assert data["topics"]["alpha"]["attempts"] == 2 and data["topics"]["alpha"]["best"] == 0.5
    assert page.errors == []


def test_multiple_and_recall_and_reload_keeps_progress(page, site_url):
    page.goto(f"{site_url}/topics/beta/")
    # all-or-nothing: one right option of two is wrong
    page.get_by_label("a. 2").check()
    check(page, "pick-all")
    assert result(page, "pick-all").startswith("Not quite.")
    assert page.locator("#q-pick-all .kb-option--correct").count() == 2
    assert page.locator("#q-pick-all .kb-mark").all_inner_texts() == [
        "Correct answer, you chose it.", "Correct answer, you missed it."]
    assert page.locator("#q-explain .kb-judge").is_hidden()  # no rating before the answer
    page.get_by_role("button", name="Show the model answer").click()
    assert page.locator("#q-explain details").get_attribute("open") is not None
    assert page.locator("#q-explain .kb-judge").is_visible()
    # the learner rates their recall; each button says when the question would come back
    assert page.locator("#q-explain .kb-rate").all_inner_texts() == [
        "Again · in 1 min", "Hard · in 6 min", "Good · in 10 min", "Easy · in 8 days"]
    page.get_by_role("button", name=re.compile("^Good")).click()
    assert result(page, "explain").startswith("Right.")
    assert page.locator(".kb-score").inner_text() == \
        "Quiz complete: 1 of 2 right (50%). Best score: 50%."
    page.get_by_role("button", name="Try the quiz again").click()
    page.get_by_label("a. 2").check()
    page.get_by_label("c. 4").check()
    check(page, "pick-all")
    assert result(page, "pick-all").startswith("Right.")
    page.get_by_role("button", name="Show the model answer").click()
    page.get_by_role("button", name=re.compile("^Again")).click()
    assert result(page, "explain").startswith("Not quite.")

    page.reload()
    assert page.locator(".kb-quiz-progress").inner_text().startswith(
        "Your mastery: Attempted · best score 50% · 2 attempts · last practised ")
    assert re.search(r"\): wrong · (due for review now|next review in 1 min)\.$",
                     page.locator("#q-explain .kb-last").inner_text())
    # wrong, then right on a retry: rated Hard (a Good would come back in 10 minutes)
    assert re.search(r"\): right · next review in 6 min\.$",
                     page.locator("#q-pick-all .kb-last").inner_text())


def test_perfect_scores_on_two_days_mean_mastered(page, site_url):
    take_alpha_quiz(page, site_url)
    assert page.locator(".kb-quiz-progress").inner_text().startswith("Your mastery: Proficient")
    data = stored(page)
    data["topics"]["alpha"]["perfectDays"].insert(0, "2026-01-01")
    page.evaluate(f"d => localStorage.setItem({KEY!r}, JSON.stringify(d))", data)
    page.reload()
    assert page.locator(".kb-quiz-progress").inner_text().startswith("Your mastery: Mastered")


def test_reading_status_is_kept_and_counted(page, site_url):
    page.goto(f"{site_url}/topics/alpha/")
    selects = page.get_by_label("Reading status")
    assert selects.count() == 2
    selects.nth(0).select_option("read")
    selects.nth(1).select_option("reading")
    page.goto(f"{site_url}/papers/")
    assert page.locator("#smith2001gentle select").input_value() == "read"
    page.goto(f"{site_url}/assess/")
    summary = page.locator(".kb-assess-summary").inner_text()
    assert "Readings: 1 read, 1 in progress, of 3." in summary


def test_assessment_profile_and_recommendations(page, site_url):
    take_alpha_quiz(page, site_url)
    page.goto(f"{site_url}/assess/")
    assert page.locator(".kb-nojs").is_hidden()
    summary = page.locator(".kb-assess-summary").inner_text()
    assert summary.startswith(
        "0 mastered · 1 proficient · 0 familiar · 0 attempted · 2 not started")
    rows = page.locator(".kb-profile-table tbody tr")
    cells = [[c.strip() for c in rows.nth(i).locator("th, td").all_inner_texts()] for i in (0, 1)]
    assert cells == [["Basics", "100%", "1 of 1"], ["Models", "0%", "0 of 2"]]
    assert rows.nth(0).locator(".kb-bar-fill").get_attribute("style") == "width: 100%;"
    # beta's only prerequisite (alpha) is proficient; gamma needs beta first
    assert page.locator(".kb-next li").all_inner_texts() == ["Beta — prerequisites done"]
    assert page.locator('.kb-mastery tr[data-topic="alpha"] .kb-level-cell').inner_text() == \
        "Proficient"
    # nothing is due yet; once the cards fall due, the topic is listed with its recall
    assert page.locator(".kb-review").inner_text() == "Nothing to review now: no question is due."
    data = stored(page)
    for q in data["questions"].values():
        q["card"]["due"] = "2026-01-01T00:00:00.000Z"
    page.evaluate(f"d => localStorage.setItem({KEY!r}, JSON.stringify(d))", data)
    page.reload()
    assert re.fullmatch(r"Alpha — 2 questions due, recall today \d+%",
                        page.locator(".kb-review li").inner_text())


def test_export_then_import_into_a_fresh_profile(browser, page, site_url, tmp_path):
    take_alpha_quiz(page, site_url, half="1")
    page.get_by_label("Reading status").nth(0).select_option("read")
    page.goto(f"{site_url}/assess/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.startswith("learn-something-harder-progress-")
    exported = json.loads(path.read_text())
    original = stored(page)

    fresh = browser.new_context()
    other = fresh.new_page()
    other.goto(f"{site_url}/assess/")
    assert stored(other) is None
    other.locator("#kb-import").set_input_files(str(path))
    status = other.locator(".kb-io-status")
    status.filter(has_text="Merged").wait_for()
    assert status.inner_text().startswith(f"Merged {path.name} into this browser's progress: "
                                          "2 cards newer in the file, 1 topics, 1 reading ")
    merged = stored(other)
    assert merged == {**original, "exported": None}  # this browser has not exported
    assert exported == original and exported["exported"]
    other.goto(f"{site_url}/topics/alpha/")
    assert other.locator(".kb-quiz-progress").inner_text().startswith(
        "Your mastery: Attempted · best score 50%")

    # a bad file is refused with a reason, and nothing changes
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema": "something-else", "version": 1}))
    other.goto(f"{site_url}/assess/")
    other.locator("#kb-import").set_input_files(str(bad))
    status = other.locator(".kb-io-status")
    status.filter(has_text="Could not import").wait_for()
    assert status.inner_text() == ("Could not import bad.json: it is not a Learn Something "
                                   "Harder progress record. Nothing was changed.")
    assert stored(other) == merged

    # reset asks first
    other.once("dialog", lambda d: d.dismiss())
    other.get_by_role("button", name="Reset progress…").click()
    assert stored(other) == merged
    other.once("dialog", lambda d: d.accept())
    other.get_by_role("button", name="Reset progress…").click()
    assert stored(other)["topics"] == {}
    fresh.close()


@pytest.mark.parametrize("raw, reason", [
    ("{not json", "it is not valid JSON"),
    ('{"schema": "learn-something-harder/progress", "version": 0, "questions": {}, '
     '"topics": {}, "readings": {}}', "it has version 0, this site reads versions 1 and 2"),
    ('{"hello": "world"}', "it is not a Learn Something Harder progress record"),
])
def test_unreadable_storage_is_set_aside(page, site_url, raw, reason):
    page.goto(f"{site_url}/topics/alpha/")
    page.evaluate(f"r => localStorage.setItem({KEY!r}, r)", raw)
    page.reload()
    notice = page.locator(".kb-notice")
    assert notice.is_visible()
    assert f"could not be read ({reason})" in notice.inner_text()
    keys = page.evaluate("Object.keys(localStorage)")
    aside = [k for k in keys if k.startswith(KEY + "/set-aside/")]
    assert len(aside) == 1 and page.evaluate("k => localStorage.getItem(k)", aside[0]) == raw
    # the page still works and a fresh record is written
    page.get_by_label("a. Yes").check()
    check(page, "linearity")
    assert stored(page)["questions"]["alpha/linearity"]["result"] == "right"
    assert page.errors == []


def test_keyboard_only(page, site_url):
    page.goto(f"{site_url}/topics/beta/")
    page.locator("#q-pick-all .kb-prompt").click()  # start from the question, as a reader would
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "kb-beta-pick-all-0"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "kb-beta-pick-all-2"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Check"
    page.keyboard.press("Enter")
    assert result(page, "pick-all").startswith("Right.")
    # on to the recall question: reveal, then judge, all from the keyboard
    page.locator("#q-explain .kb-prompt").click()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Show the model answer"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.textContent") == "Good · in 10 min"
    page.keyboard.press("Enter")
    assert result(page, "explain").startswith("Right.")
    assert page.locator(".kb-score").inner_text().startswith("Quiz complete: 2 of 2 right")
    # focus is visible: an outline drawn in the accent colour
    page.get_by_role("button", name="Try the quiz again").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_single_choice_radio_group_keyboard(page, site_url):
    page.goto(f"{site_url}/topics/alpha/")
    page.locator("#q-linearity .kb-prompt").click()
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # moves to and selects "No"
    assert page.get_by_label("b. No").is_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert result(page, "linearity").startswith("Not quite.")


# Material's own markup, not ours, listed explicitly (rule, element) so anything else fails:
# the search dialog has no accessible name, the footer's "Made with Material" is too faint.
MATERIAL_KNOWN = {("aria-dialog-name", ".md-search"), ("color-contrast", ".md-copyright")}


@pytest.mark.parametrize("path", ["/topics/alpha/", "/topics/beta/", "/assess/", "/map/",
                                  "/timeline/"])
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_axe_finds_no_serious_violations(page, site_url, path, scheme):
    page.goto(f"{site_url}{path}")
    # no colour transitions: axe must measure the scheme's final colours
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
    if path.startswith("/topics/"):  # answered state too: marks, results, open answers
        page.locator(".kb-check").first.click()
    # evaluated by the test driver, not as an inline script, which the page's CSP refuses
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (v["id"], n["target"])
        for v in results["violations"] if v["impact"] in ("serious", "critical")
        for n in v["nodes"] if (v["id"], n["target"][0]) not in MATERIAL_KNOWN
    ]
    assert serious == []
