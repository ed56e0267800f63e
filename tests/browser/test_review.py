"""Spaced review in Chromium: every question a card (ts-fsrs), /review/, due counts, the
version 2 progress format, merging imports, storage that is missing or full, two tabs.
Days pass on Playwright's clock, never in real time."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import axe_playwright_python
import pytest
from fsrs import Card, Rating, Scheduler
from playwright.sync_api import expect

from .conftest import take_alpha_quiz

KEY = "learn-something-harder/progress"
AXE = Path(axe_playwright_python.__file__).with_name("axe.min.js")
V1 = Path(__file__).resolve().parents[1] / "fixtures" / "progress" / "version-1.json"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def stored(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem({KEY!r})") or "null")


def card(page, key: str) -> dict:
    return stored(page)["questions"][key]["card"]


def text(locator) -> str:
    return " ".join(locator.inner_text().split())


def current(page) -> str:
    return page.locator(".kb-review-stage .kb-review-card").get_attribute("data-key")


def answer(page, right: bool = True) -> str:
    """Answer the card on show in /review/ with the mouse; returns its key."""
    key, stage = current(page), page.locator(".kb-review-stage")
    if key == "alpha/linearity":
        stage.get_by_label("a. Yes" if right else "b. No").check()
    elif key == "alpha/half":
        stage.get_by_label("Your answer").fill("0.5" if right else "0.3")
    elif key == "beta/pick-all":
        stage.get_by_label("a. 2").check()
        if right:
            stage.get_by_label("c. 4").check()
    if key == "beta/explain":
        reveal = stage.get_by_role("button", name="Show the model answer")
        if reveal.is_visible():
            reveal.click()
        stage.get_by_role("button", name=re.compile("^Good" if right else "^Again")).click()
    else:
        stage.locator(".kb-check").click()
    return key


def go_on(page):
    page.get_by_role("button", name=re.compile("^(Continue|Finish)$")).click()


def take_beta_quiz(page, site_url: str):
    page.goto(f"{site_url}/topics/beta/")
    page.get_by_label("a. 2").check()
    page.get_by_label("c. 4").check()
    page.locator("#q-pick-all .kb-check").click()
    page.get_by_role("button", name="Show the model answer").click()
    page.get_by_role("button", name=re.compile("^Good")).click()


def python_fsrs(reviews: list[tuple[datetime, int]]) -> Card:
    """The same reviews scheduled by PyPI's fsrs (FSRS-6 defaults, no fuzz)."""
    scheduler, c = Scheduler(enable_fuzzing=False), Card(due=reviews[0][0])
    for when, rating in reviews:
        c, _ = scheduler.review_card(c, Rating(rating), review_datetime=when)
    return c


def test_answers_come_back_when_due_and_good_moves_them_further_out(page, site_url):
    page.clock.set_fixed_time(T0)
    take_alpha_quiz(page, site_url, half="0.5")  # both right at the first try: Good
    assert page.locator("#q-linearity .kb-scheduled").inner_text() == \
        "Rated Good: this question comes back in 10 min."
    assert card(page, "alpha/linearity")["due"] == iso(T0 + timedelta(minutes=10))
    assert page.locator(".kb-due-badge").inner_text() == "Review"  # nothing due yet

    # one day later: both are due, and every page says so
    page.clock.set_fixed_time(T0 + DAY)
    page.goto(f"{site_url}/papers/")
    badge = page.locator(".kb-due-badge")
    assert badge.inner_text() == "2 due"
    page.goto(f"{site_url}/topics/alpha/")
    assert page.locator(".kb-quiz-due").inner_text() == "2 questions due for review"
    assert page.locator("#q-half .kb-last").inner_text() == \
        "Last time (2026-03-02): right · due for review now."
    page.locator(".kb-due-badge").click()
    expect(page.locator("#kb-review")).to_be_visible()
    assert page.url == f"{site_url}/review/"
    assert page.locator(".kb-review-status").inner_text() == \
        "2 cards left in this session · 0 reviewed"
    first = {}
    for _ in range(2):
        key = answer(page)
        first[key] = card(page, key)
        go_on(page)
    assert set(first) == {"alpha/linearity", "alpha/half"}
    py = python_fsrs([(T0, 3), (T0 + DAY, 3)])  # PyPI's fsrs agrees to the second
    assert first["alpha/linearity"]["due"] == iso(py.due)
    assert first["alpha/linearity"]["state"] == 2  # graduated to review
    step1 = py.due - (T0 + DAY)
    summary = text(page.locator(".kb-review-summary"))
    assert (f"Reviewed 2 cards, 0 answered Again. Next card due in {step1.days} days "
            f"({iso(py.due)[:16].replace('T', ' ')} UTC).") in summary
    assert page.locator(".kb-due-badge").inner_text() == "Review"

    # ten days later: due again; a Good now schedules it further out than last time
    page.clock.set_fixed_time(T0 + 11 * DAY)
    page.goto(f"{site_url}/map/")
    assert page.locator('.kb-map-node[data-topic="alpha"] .kb-map-due').text_content() == "2 due"
    page.goto(f"{site_url}/review/")
    key = answer(page)
    step2 = parse(card(page, key)["due"]) - (T0 + 11 * DAY)
    assert step2 > 2 * step1
    py = python_fsrs([(T0, 3), (T0 + DAY, 3), (T0 + 11 * DAY, 3)])
    assert card(page, key)["due"] == iso(py.due)
    assert page.errors == []


def test_a_whole_session_by_keyboard(page, site_url):
    page.clock.set_fixed_time(T0)
    take_alpha_quiz(page, site_url, half="0.5")
    take_beta_quiz(page, site_url)
    page.clock.set_fixed_time(T0 + DAY)
    page.goto(f"{site_url}/review/")
    assert page.locator(".kb-review-status").inner_text().startswith("4 cards left")
    seen, missed = [], False
    while page.locator(".kb-review-stage .kb-review-card").count():
        key = current(page)
        seen.append(key)
        if key == "alpha/linearity":
            page.keyboard.press("a")
            assert page.locator(".kb-review-stage input").first.is_checked()
            page.keyboard.press("Space")
        elif key == "alpha/half":  # wrong first (Again, so it comes back), then right (Hard)
            page.keyboard.type("0.5" if missed else "0.3")
            page.keyboard.press("Enter")
            missed = True
        elif key == "beta/pick-all":
            page.keyboard.press("a")
            page.keyboard.press("c")
            page.keyboard.press("Space")
        else:
            page.keyboard.press("Space")  # reveal
            assert page.locator(".kb-review-stage .kb-rate").count() == 4
            page.keyboard.press("3")  # Good
        assert page.locator(".kb-review-stage .kb-result").inner_text().startswith(
            "Not quite." if key == "alpha/half" and seen.count(key) == 1 else "Right.")
        page.keyboard.press("Enter")
    assert seen[-1] == "alpha/half" and seen.count("alpha/half") == 2 and len(seen) == 5
    assert text(page.locator(".kb-review-summary")).startswith(
        "Session complete Reviewed 5 cards, 1 answered Again.")
    # right only after a retry is Hard: the schedule matches Good, Again, Hard in PyPI's fsrs
    # (ts-fsrs rounds Hard's learning step, the mean of 1 and 10 minutes, to whole minutes)
    py = python_fsrs([(T0, 3), (T0 + DAY, 1), (T0 + DAY, 2)])
    half = card(page, "alpha/half")
    assert abs(parse(half["due"]) - py.due) <= timedelta(seconds=30)
    assert abs(half["stability"] - py.stability) <= 0.01 * py.stability
    assert page.errors == []


def test_version_1_progress_is_migrated_without_loss(page, site_url):
    v1 = json.loads(V1.read_text())
    page.clock.set_fixed_time(T0)
    page.goto(f"{site_url}/about/")
    page.evaluate(f"r => localStorage.setItem({KEY!r}, r)", V1.read_text())
    page.goto(f"{site_url}/review/")
    data = stored(page)
    assert data["version"] == 2
    assert data["topics"] == v1["topics"] and data["readings"] == v1["readings"]
    assert data["questions"].keys() == v1["questions"].keys()  # unknown ids are kept
    for key, old in v1["questions"].items():
        new = data["questions"][key]
        assert (new["result"], new["at"], new["first"]) == (old["result"], old["at"], old["at"])
        # each result became a first review at its timestamp: right is Good, wrong is Again
        py = python_fsrs([(parse(old["at"]), 3 if old["result"] == "right" else 1)])
        assert new["card"]["last_review"] == old["at"] and new["card"]["reps"] == 1
        assert new["card"]["due"] == iso(py.due)
        assert abs(new["card"]["stability"] - py.stability) <= 0.01 * py.stability
    # most overdue first (the old-topic card is unknown to this site: not shown), then the
    # new card of a started topic (beta); alpha has none left, gamma has no quiz
    assert page.locator(".kb-review-status").inner_text().startswith("4 cards left")
    order = []
    for _ in range(4):
        order.append(answer(page))
        go_on(page)
    assert order == ["alpha/half", "alpha/linearity", "beta/explain", "beta/pick-all"]
    assert page.errors == []


def test_new_cards_per_day_limit(page, site_url):
    page.clock.set_fixed_time(T0)
    page.goto(f"{site_url}/topics/alpha/")
    page.get_by_label("a. Yes").check()
    page.locator("#q-linearity .kb-check").click()  # alpha started, alpha/half still new
    page.goto(f"{site_url}/review/")
    assert page.locator(".kb-review-status").inner_text().startswith("1 card left")
    assert current(page) == "alpha/half"
    limit = page.get_by_label("New cards per day")
    assert limit.input_value() == "10"
    limit.fill("1")  # one new card today already (alpha/linearity): none left
    limit.press("Tab")
    assert stored(page)["settings"]["newPerDay"] == 1
    page.reload()
    assert text(page.locator(".kb-review-summary")).startswith("Nothing is due ")
    assert "The next card is due in 10 min" in text(page.locator(".kb-review-summary"))
    assert page.locator(".kb-review-learn a").all_inner_texts() == ["Alpha"]


def test_nothing_due_without_cards(page, site_url):
    page.goto(f"{site_url}/review/")
    summary = text(page.locator(".kb-review-summary"))
    assert summary.startswith("No cards yet Every quiz question you answer")
    assert page.locator(".kb-review-learn a").all_inner_texts() == ["Alpha"]
    assert page.get_by_role("link", name="Download the Anki deck").get_attribute("href") == \
        "../learn-something-harder.apkg"


def test_import_merges_and_never_loses_newer_reviews(page, site_url, tmp_path):
    page.clock.set_fixed_time(T0)
    take_alpha_quiz(page, site_url, half="0.5")
    page.goto(f"{site_url}/assess/")
    assert page.locator(".kb-export-status").inner_text() == \
        "You have not exported your progress from this browser yet."
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    old = tmp_path / "old.json"
    download.value.save_as(old)
    assert json.loads(old.read_text())["exported"] == iso(T0)
    assert page.locator(".kb-export-status").inner_text() == "Last exported on 2026-03-02."

    page.clock.set_fixed_time(T0 + DAY)  # a newer review, after the export
    page.goto(f"{site_url}/review/")
    answer(page)
    newer = stored(page)
    key = current(page)
    page.goto(f"{site_url}/assess/")
    page.locator("#kb-import").set_input_files(str(old))
    status = page.locator(".kb-io-status")
    expect(status).to_contain_text("Merged old.json")
    assert status.inner_text().startswith("Merged old.json into this browser's progress: 0 cards")
    after = stored(page)
    assert after["questions"] == newer["questions"]  # the older file erased nothing
    assert after["questions"][key]["card"]["last_review"] == iso(T0 + DAY)
    assert after["topics"]["alpha"]["attempts"] == 2 and after["topics"]["alpha"]["best"] == 1

    # a file with a newer review of a card brings that review in
    other = "alpha/half" if key == "alpha/linearity" else "alpha/linearity"
    file = json.loads(old.read_text())
    file["questions"][other]["card"]["last_review"] = iso(T0 + 2 * DAY)
    file["questions"][other]["card"]["due"] = iso(T0 + 9 * DAY)
    newer_file = tmp_path / "newer.json"
    newer_file.write_text(json.dumps(file))
    page.locator("#kb-import").set_input_files(str(newer_file))
    expect(status).to_contain_text("Merged newer.json")
    assert status.inner_text().startswith("Merged newer.json into this browser's progress: 1 card ")
    assert card(page, other)["due"] == iso(T0 + 9 * DAY)
    assert card(page, key)["last_review"] == iso(T0 + DAY)

    # a version 1 file merges too
    page.locator("#kb-import").set_input_files(str(V1))
    expect(status).to_contain_text("Merged version-1.json")
    assert card(page, "beta/explain")["last_review"] == "2026-01-12T18:30:00.000Z"
    assert stored(page)["readings"] == {"smith2001gentle": "read", "jones2010deep": "reading"}
    assert card(page, key)["last_review"] == iso(T0 + DAY)
    page.reload()
    assert page.locator('.kb-mastery tr[data-topic="beta"] .kb-recall-cell').inner_text() != "—"


@pytest.mark.parametrize("change, reason", [
    (lambda d: d["questions"].update({"Alpha/linearity": d["questions"]["alpha/linearity"]}),
     "question id 'Alpha/linearity' is not of the form topic-id/question-id"),
    (lambda d: d["questions"]["alpha/half"].update(at="yesterday"),
     "question 'alpha/half' is malformed"),
    (lambda d: d["questions"]["alpha/half"]["card"].update(due="soon"),
     "question 'alpha/half': its card state is malformed"),
    (lambda d: d["topics"].update({"old topic": d["topics"]["alpha"]}),
     "topic id 'old topic' is not a valid id"),
    (lambda d: d["topics"]["alpha"].update(perfectDays=["someday"]),
     "topic 'alpha' is malformed"),
    (lambda d: d["readings"].update({"Smith 2001": "read"}),
     "paper id 'Smith 2001' is not a valid id"),
    (lambda d: d.update(exported="last week"), "its export date is malformed"),
])
def test_malformed_imports_are_refused_and_change_nothing(page, site_url, tmp_path, change,
                                                          reason):
    take_alpha_quiz(page, site_url, half="0.5")
    page.goto(f"{site_url}/assess/")
    before = stored(page)
    data = json.loads(json.dumps(before))
    change(data)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    page.locator("#kb-import").set_input_files(str(bad))
    status = page.locator(".kb-io-status")
    expect(status).to_contain_text("Could not import")
    assert status.inner_text() == f"Could not import bad.json: {reason}. Nothing was changed."
    assert stored(page) == before


def test_export_reminder_after_a_week(page, site_url):
    page.clock.set_fixed_time(T0)
    take_alpha_quiz(page, site_url)
    page.clock.set_fixed_time(T0 + 8 * DAY)
    page.goto(f"{site_url}/assess/")
    text = page.locator(".kb-export-status").inner_text()
    assert text.startswith("You have not exported your progress from this browser yet. It is 8 "
                           "days since your first answer: export it now")
    # the assessment's review list: topics with due questions, with their predicted recall
    assert re.fullmatch(r"Alpha — 2 questions due, recall today \d+%",
                        page.locator(".kb-review li").inner_text())
    assert page.get_by_role("link", name="Start a review session").is_visible()


def our_errors(page) -> list[str]:
    """Uncaught errors thrown by our scripts (the theme's own are the theme's business)."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"{exc.message}\n{exc.stack}")
            if re.search(r"/assets/(kb|fsrs)/", exc.stack or "") else None)
    return errors


DENIED = """Object.defineProperty(window, "localStorage", { configurable: true,
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); } });"""
FULL = """Storage.prototype.setItem = function () {
  throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };"""


def test_storage_denied_every_page_works_for_the_visit(browser, site_url):
    context = browser.new_context()
    context.add_init_script(DENIED)
    page = context.new_page()
    errors = our_errors(page)
    page.goto(f"{site_url}/topics/alpha/")
    take_alpha_quiz(page, site_url, half="0.5")
    assert page.locator(".kb-score").inner_text() == \
        "Quiz complete: 2 of 2 right (100%). Best score: 100%."
    assert page.locator(".kb-quiz-progress").inner_text().startswith("Your mastery: Proficient")
    notice = page.locator(".kb-notice")
    assert "progress cannot be saved" in notice.inner_text()
    page.get_by_label("Reading status").first.select_option("read")
    for path in ["/review/", "/assess/", "/map/", "/papers/", "/"]:
        page.goto(f"{site_url}{path}")
        expect(page.locator(".kb-notice")).to_contain_text("progress cannot be saved")
    page.goto(f"{site_url}/review/")
    expect(page.locator(".kb-review-summary")).to_contain_text("No cards yet")
    page.goto(f"{site_url}/assess/")
    expect(page.locator(".kb-assess-summary")).to_contain_text("3 not started")
    with page.expect_download():
        page.get_by_role("button", name="Export progress").click()
    assert errors == []
    context.close()


def test_storage_full_quiz_and_review_work_for_the_visit(browser, site_url):
    context = browser.new_context()
    context.clock.set_fixed_time(T0)
    page = context.new_page()
    take_alpha_quiz(page, site_url, half="0.5")  # saved normally
    saved = stored(page)
    context.add_init_script(FULL)  # from now on every write fails
    context.clock.set_fixed_time(T0 + DAY)
    errors = our_errors(page)
    page.goto(f"{site_url}/review/")
    assert page.locator(".kb-review-status").inner_text().startswith("2 cards left")
    answer(page)
    expect(page.locator(".kb-notice")).to_contain_text("Progress cannot be saved: this "
                                                      "browser's storage is full")
    go_on(page)
    answer(page, right=False)
    go_on(page)
    answer(page)  # the card answered Again comes back, from the visit's own record
    go_on(page)
    assert text(page.locator(".kb-review-summary")).startswith(
        "Session complete Reviewed 3 cards, 1 answered Again.")
    assert stored(page) == saved  # nothing written
    page.goto(f"{site_url}/topics/beta/")
    page.get_by_label("a. 2").check()
    page.locator("#q-pick-all .kb-check").click()
    assert page.locator("#q-pick-all .kb-result").inner_text().startswith("Not quite.")
    expect(page.locator(".kb-notice")).to_be_visible()
    assert errors == []
    context.close()


def test_two_tabs_lose_no_review(browser, site_url):
    context = browser.new_context()
    context.clock.set_fixed_time(T0)
    one, two = context.new_page(), context.new_page()
    one.goto(f"{site_url}/topics/alpha/")
    two.goto(f"{site_url}/topics/alpha/")
    one.get_by_label("a. Yes").check()
    one.locator("#q-linearity .kb-check").click()
    two.get_by_label("Your answer").fill("0.5")  # tab two loaded before tab one wrote
    two.locator("#q-half .kb-check").click()
    two.get_by_label("b. No").check()  # the same question, reviewed again in tab two
    two.locator("#q-linearity .kb-check").click()
    data = stored(one)
    assert data["questions"]["alpha/half"]["result"] == "right"
    assert data["questions"]["alpha/linearity"]["result"] == "wrong"
    assert data["questions"]["alpha/linearity"]["card"]["reps"] == 2  # both reviews count
    assert data["topics"]["alpha"]["attempts"] == 1

    # the other tab's badge follows a review made here
    context.clock.set_fixed_time(T0 + DAY)
    one.goto(f"{site_url}/papers/")
    two.goto(f"{site_url}/review/")
    expect(one.locator(".kb-due-badge")).to_have_text("2 due")
    answer(two)
    expect(one.locator(".kb-due-badge")).to_have_text("1 due")
    context.close()


MATERIAL_KNOWN = {("aria-dialog-name", ".md-search"), ("color-contrast", ".md-copyright")}


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_axe_finds_no_serious_violations_on_review(page, site_url, scheme):
    page.clock.set_fixed_time(T0)
    take_beta_quiz(page, site_url)
    page.clock.set_fixed_time(T0 + DAY)
    page.goto(f"{site_url}/review/")
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
    page.locator(".kb-review-stage .kb-review-card").wait_for()
    if current(page) == "beta/explain":  # the rating buttons, then the answered state
        page.get_by_role("button", name="Show the model answer").click()
    # evaluated by the test driver, not as an inline script, which the page's CSP refuses
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results = [page.evaluate("axe.run(document, {resultTypes: ['violations']})")]
    answer(page)
    results.append(page.evaluate("axe.run(document, {resultTypes: ['violations']})"))
    serious = [
        (v["id"], n["target"])
        for r in results for v in r["violations"] if v["impact"] in ("serious", "critical")
        for n in v["nodes"] if (v["id"], n["target"][0]) not in MATERIAL_KNOWN
    ]
    assert serious == []


ALIASES = """() => {
  const S = KB.store;
  const d = S.empty();
  S.review(d, "old-topic/q1", 3, new Date("2026-01-01T00:00:00Z"));
  S.review(d, "alpha/half", 3, new Date("2026-01-02T00:00:00Z"));
  S.review(d, "alpha/old-half", 1, new Date("2026-01-03T00:00:00Z"));  /* newer: it wins */
  d.topics["old-topic"] = { best: 0.5, attempts: 1, last: null, perfectDays: ["2026-01-01"] };
  d.topics.alpha = { best: 1, attempts: 2, last: "2026-01-02T00:00:00.000Z", perfectDays: [] };
  localStorage.setItem(S.KEY, JSON.stringify(d));
  window.KB_DATA.aliases = { topics: { "old-topic": "alpha" },
                             questions: { "alpha/old-half": "alpha/half" } };
  return S.load();  /* the site's alias map is applied on load */
}"""


def test_an_alias_map_moves_progress_to_renamed_ids(page, site_url):
    page.goto(f"{site_url}/about/")
    data = page.evaluate(ALIASES)
    assert set(data["questions"]) == {"alpha/q1", "alpha/half"}
    assert data["questions"]["alpha/half"]["result"] == "wrong"  # the newer review
    assert data["questions"]["alpha/half"]["card"]["last_review"] == "2026-01-03T00:00:00.000Z"
    assert data["topics"] == {"alpha": {"best": 1, "attempts": 3,
                                        "last": "2026-01-02T00:00:00.000Z",
                                        "perfectDays": ["2026-01-01"]}}
