"""End-to-end tests of the web UI in a real headless Chromium (Debian's), driven by Playwright.

Run `apt-get install -y chromium` first; without it these tests skip (or fail when REQUIRE_BROWSER=1).
Set UPDATE_SCREENSHOT=1 to refresh the README's docs/desktop.png and docs/phone.png.
The accessibility test fetches axe-core (pinned) with npm into ~/.cache/twitchqa once.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import tarfile
from pathlib import Path

import pytest

from test_ui_render import gold_citations, shown

# gradio 6.31 queue statistics call pandas APIs that pandas 3 deprecates: not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore::Warning:gradio.queueing")
ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ANSWER_WAIT_MS = 20_000

EVIL_ARTICLE = """---
id: evil-article
title: "Twitching <b>notes</b> & tricks"
author: "Mallory <img src=x onerror=\\"window.__pwned=3\\">"
---

# Harmless twitching

Muscle twitching is usually harmless and often goes away on its own. <script>window.__pwned=1</script>

Stress and lack of sleep can make muscles twitch more often. <img src=x onerror="window.__pwned=2">

Caffeine can also cause eyelid twitching in some people.
"""


@pytest.fixture(scope="module")
def chromium():
    """A headless Chromium, shared by the module's tests."""
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium not installed at /usr/bin/chromium and REQUIRE_BROWSER=1")
        pytest.skip("Chromium not installed: apt-get install chromium to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(bot, eval_dir: Path):
    """Start the app for `bot` on a free local port in a background thread; (demo, url).
    Feedback goes to eval_dir's parent (the data directory)."""
    from ui.app import build_app

    demo = build_app(bot, eval_dir=eval_dir)
    port = free_port()
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True)
    return demo, f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="module")
def app_url(bot, tmp_path_factory):
    demo, url = serve(bot, tmp_path_factory.mktemp("eval"))
    yield url
    demo.close()


@pytest.fixture
def output_dir(request) -> Path:
    """test-output/<test name>/ for this test's screenshots (git-ignored)."""
    path = ROOT / "test-output" / request.node.name
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def page(chromium, output_dir):
    """A fresh browser page; its last state is saved as final.png, pass or fail."""
    context = chromium.new_context(viewport=VIEWPORT)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    try:
        page.screenshot(path=str(output_dir / "final.png"))
    finally:
        context.close()


def open_app(page, url: str):
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("#twqa-question textarea, #twqa-question input")
    return page


def upload_questions(page, path: Path) -> None:
    """Choose a question file in the Evals tab and wait until the page names it: the upload is processed by the
    server, which on a loaded 2-core machine took over 30 s once."""
    with page.expect_file_chooser() as chooser:
        page.locator("#twqa-eval-upload").click()
    chooser.value.set_files(str(path))
    page.wait_for_function(f"document.querySelector('#twqa-eval-file').innerText.includes({json.dumps(path.name)})",
                           timeout=120_000)


def ask(page, question: str):
    """Type a question, press Enter, and return the locator of the new assistant message."""
    before = page.locator("#twqa-chat .twqa-msg").count()
    box = page.locator("#twqa-question textarea, #twqa-question input").first
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('#twqa-chat .twqa-msg').length > {before}",
                           timeout=ANSWER_WAIT_MS)
    return page.locator("#twqa-chat .twqa-msg").nth(before)


def marks_text(scope) -> str:
    """The text of every <mark> inside a locator, whitespace removed (a span may cross table cells)."""
    return "".join("".join(scope.locator("mark").all_text_contents()).split())


def mark_in_view(page, box_selector: str) -> bool:
    """Whether the viewer's <mark> is visible both inside its scrolling box and in the window."""
    return page.evaluate(
        """(sel) => {
            const box = document.querySelector(sel), mark = box.querySelector('mark');
            const b = box.getBoundingClientRect(), m = mark.getBoundingClientRect();
            return m.top >= b.top - 1 && m.bottom <= b.bottom + 1 && m.top >= 0 && m.bottom <= window.innerHeight;
        }""", box_selector)


def test_cited_answer_opens_article_with_exact_mark_in_view(page, app_url, bot, output_dir):
    question = "What is a normal potassium level?"
    expected = bot.ask(question).to_dict()
    open_app(page, app_url)
    message = ask(page, question)
    assert "3.5-5 mmol/L" in message.locator(".twqa-answer").inner_text()
    assert message.locator("a.twqa-chip").count() == len(expected["citations"]) >= 1
    cards = page.locator("#twqa-sources .twqa-card")
    assert cards.count() == len(expected["citations"])
    assert expected["citations"][0]["title"] in cards.first.inner_text()
    assert marks_text(cards.first) == shown(expected["citations"][0]["text"])

    message.locator("a.twqa-chip", has_text="[1]").first.click()
    page.locator("#twqa-viewer mark#twqa-mark").wait_for(timeout=ANSWER_WAIT_MS)
    viewer = page.locator("#twqa-viewer")
    assert marks_text(viewer) == shown(expected["citations"][0]["text"])
    article = viewer.locator(".twqa-article")
    assert article.locator("table").count() >= 1 and article.locator("h2, h3").count() >= 1  # rendered, not raw
    text = article.inner_text()
    assert "##" not in text and "| Potassium" not in text and "---" not in text
    head = viewer.locator(".twqa-article-head")
    assert "Martinos" in head.inner_text() and "characters" not in head.inner_text()  # offsets behind Details
    assert not head.locator("details").evaluate("el => el.open")
    page.wait_for_timeout(300)  # let the scroll settle
    assert mark_in_view(page, "#twqa-viewer")
    page.screenshot(path=str(output_dir / "cited-answer.png"))
    assert not page.js_errors


def test_source_card_click_opens_its_article(page, app_url, bot, output_dir):
    question = "Why do my muscles twitch?"
    expected = bot.ask(question).to_dict()
    open_app(page, app_url)
    ask(page, question)
    last = expected["citations"][-1]
    page.locator(f"#twqa-sources .twqa-card >> nth={len(expected['citations']) - 1}").click()
    page.wait_for_selector("#twqa-viewer mark#twqa-mark", timeout=ANSWER_WAIT_MS)
    assert marks_text(page.locator("#twqa-viewer")) == shown(last["text"])
    assert last["title"] in page.locator("#twqa-viewer .twqa-article-title").inner_text()
    page.screenshot(path=str(output_dir / "card-opened.png"))


def test_every_gold_citation_is_highlighted_exactly_in_chromium(chromium, bot):
    """The viewer's HTML for each of the gold set's citations, parsed and laid out by the real browser."""
    from ui import render

    page = chromium.new_page(viewport=VIEWPORT)
    try:
        articles = bot.articles()
        for c in gold_citations(bot):
            view = render.article_view(articles[c["doc_id"]], 1, (c["start"], c["end"]), c["n"])
            page.set_content(f"<style>{render.CSS}</style><div id='twqa-viewer'>{view}</div>")
            got = page.evaluate("() => [...document.querySelectorAll('mark')].map(m => m.textContent).join('')")
            assert "".join(got.split()) == shown(c["text"]), (c["doc_id"], c["start"], c["end"])
            assert page.locator("mark").first.is_visible()
    finally:
        page.close()


def test_source_cards_show_who_says_it_and_a_review_badge(page, app_url, bot):
    open_app(page, app_url)
    ask(page, "Why do my muscles twitch?")
    cards = page.locator("#twqa-sources .twqa-card")
    expected = bot.ask("Why do my muscles twitch?").to_dict()["citations"]
    articles = bot.articles()
    for i, c in enumerate(expected):
        meta = articles[c["doc_id"]].meta
        card = cards.nth(i)
        prov = card.locator(".twqa-prov").inner_text()
        for key in ("author", "publisher"):
            if meta.get(key):
                assert meta[key] in prov
        if meta.get("updated"):
            assert f"updated {meta['updated']}" in prov
        else:
            assert "updated" not in prov
        assert card.locator(".twqa-badge:not(.twqa-says)").count() == (1 if meta.get("review_status") else 0)
        if meta.get("review_status"):
            assert meta["review_status"] in card.locator(".twqa-badge:not(.twqa-says)").inner_text()
        # how the page describes who writes it, in its own words (Dr.Oracle: "Our Medical A.I. is used…")
        assert card.locator(".twqa-says").count() == (1 if meta.get("publisher_says") else 0)
        if meta.get("publisher_says"):
            assert card.locator(".twqa-says").get_attribute("title") == f"The site says: {meta['publisher_says']}"
        assert "score" not in card.inner_text()  # behind the closed Details toggle
    assert page.locator("#twqa-sources .twqa-badge").count() >= 1  # Dr.Oracle's pending human review


def test_offtopic_question_is_refused_with_refusal_styling(page, app_url, output_dir):
    open_app(page, app_url)
    message = ask(page, "What is the capital of France?")
    refusal = message.locator(".twqa-refusal")
    assert refusal.count() == 1 and message.locator(".twqa-answer").count() == 0
    assert "Not in the articles" in refusal.inner_text()
    assert message.locator("a.twqa-chip").count() == 0
    style = refusal.evaluate("el => [getComputedStyle(el).borderTopStyle, getComputedStyle(el).fontStyle]")
    assert style == ["dashed", "italic"]
    assert "No sources" in page.locator("#twqa-sources").inner_text()
    page.screenshot(path=str(output_dir / "refusal.png"))


def test_urgent_question_shows_red_banner_above_the_answer(page, app_url, output_dir):
    open_app(page, app_url)
    message = ask(page, "I suddenly can't breathe and my arm twitches")
    banner = message.locator(".twqa-banner.twqa-urgent")
    assert banner.count() == 1 and "emergency" in banner.inner_text().lower()
    assert banner.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(198, 40, 40)"
    body = message.locator(".twqa-answer, .twqa-refusal").first
    assert banner.bounding_box()["y"] < body.bounding_box()["y"]
    page.screenshot(path=str(output_dir / "urgent.png"))


IN_VIEW = """(el) => { const r = el.getBoundingClientRect(); let box = el.parentElement;
    while (box && getComputedStyle(box).overflowY !== 'auto' && getComputedStyle(box).overflowY !== 'scroll')
      box = box.parentElement;
    const b = box ? box.getBoundingClientRect() : {top: 0, bottom: window.innerHeight};
    return r.top >= Math.max(0, b.top) - 1 && r.bottom <= Math.min(window.innerHeight, b.bottom) + 1; }"""


@pytest.mark.parametrize("viewport", [VIEWPORT, PHONE], ids=["desktop", "phone"])
def test_each_notice_is_in_view_after_its_answer(chromium, app_url, output_dir, viewport):
    """The chat used to scroll to the end of each answer: on a phone the red banner sat above the screen."""
    context = chromium.new_context(viewport=viewport)
    page = context.new_page()
    try:
        open_app(page, app_url)
        ask(page, "Why do my muscles twitch?")  # a long answer first, so the chat has to scroll
        for kind, question in (("urgent", "I suddenly can't swallow and my arm is twitching"),
                               ("see_clinician", "I keep dropping things lately and my hand twitches a lot."),
                               ("dosing", "how much magnesium should I take? is 800mg a day ok?")):
            message = ask(page, question)
            banner = message.locator(f".twqa-banner.twqa-{kind}")
            assert banner.get_attribute("role") == "alert"  # announced by screen readers
            page.wait_for_timeout(400)  # let the scroll settle
            assert banner.evaluate(IN_VIEW), f"the {kind} banner is out of view"
            page.screenshot(path=str(output_dir / f"{kind}.png"))
    finally:
        context.close()


def test_the_dosing_notice_is_a_banner_before_the_answer(page, app_url, output_dir):
    open_app(page, app_url)
    message = ask(page, "how much magnesium should I take? is 800mg a day ok?")
    banner = message.locator(".twqa-banner.twqa-dosing")
    assert banner.count() == 1 and "no doses" in banner.inner_text()
    body = message.locator(".twqa-answer, .twqa-refusal").first
    assert banner.bounding_box()["y"] < body.bounding_box()["y"]
    assert message.locator(".twqa-quiet.twqa-dosing").count() == 0
    page.screenshot(path=str(output_dir / "dosing.png"))


def test_followup_shows_the_rewritten_search_query(page, app_url, output_dir):
    open_app(page, app_url)
    first = ask(page, "Can low potassium cause twitching?")
    assert first.locator(".twqa-searched").count() == 0
    second = ask(page, "What level defines it?")
    assert second.locator(".twqa-searched").inner_text() == \
        "Read as a follow-up to: “Can low potassium cause twitching?”"
    second.locator("a.twqa-chip").last.click()
    page.wait_for_selector("#twqa-viewer mark#twqa-mark", timeout=ANSWER_WAIT_MS)
    page.wait_for_timeout(300)
    assert mark_in_view(page, "#twqa-viewer")
    page.screenshot(path=str(output_dir / "followup.png"))


def test_empty_and_over_long_questions_show_a_visible_message(page, app_url, output_dir):
    open_app(page, app_url)
    page.locator("#twqa-send").click()
    status = page.locator("#twqa-status .twqa-status-error")
    status.wait_for(timeout=ANSWER_WAIT_MS)
    assert "empty" in status.inner_text()
    page.locator("#twqa-question textarea, #twqa-question input").first.fill("twitch " * 200)
    page.locator("#twqa-send").click()
    page.wait_for_function("document.querySelector('#twqa-status').innerText.includes('limit is 1000')",
                           timeout=ANSWER_WAIT_MS)
    assert page.locator("#twqa-chat .twqa-msg").count() == 0  # nothing was asked
    page.screenshot(path=str(output_dir / "refused-input.png"))


def test_example_question_asks_and_clear_resets(page, app_url, output_dir):
    open_app(page, app_url)
    page.locator("#twqa-examples button", has_text="What is a normal potassium level?").first.click()
    page.wait_for_selector("#twqa-chat .twqa-answer", timeout=ANSWER_WAIT_MS)
    assert page.locator("#twqa-sources .twqa-card").count() >= 1
    page.screenshot(path=str(output_dir / "example.png"))
    page.locator("#twqa-clear").click()
    page.wait_for_function("document.querySelectorAll('#twqa-chat .twqa-msg').length === 0")
    page.wait_for_function("document.querySelectorAll('#twqa-sources .twqa-card').length === 0")


def test_library_lists_articles_and_opens_one(page, app_url, bot, output_dir):
    open_app(page, app_url)
    page.get_by_role("tab", name="Library").click()
    rows = page.locator("#twqa-library li[data-doc]")
    rows.first.wait_for()
    assert rows.count() == len(bot.articles())
    counts = bot.passage_counts()
    doc_id = "martinos-twitching-part-1"
    row = page.locator(f'#twqa-library li[data-doc="{doc_id}"]')
    assert row.locator(".twqa-count").inner_text() == str(counts[doc_id])
    assert "Martinos" in row.inner_text()
    row.locator("button").click()
    page.wait_for_selector(f'#twqa-library-viewer [data-doc="{doc_id}"] .twqa-article')
    article = page.locator("#twqa-library-viewer .twqa-article")
    assert article.locator("h2").first.inner_text() == "Common Reasons" and article.locator("table").count() == 1
    assert "author: " not in article.inner_text() and "id: martinos" not in article.inner_text()  # front matter
    page.screenshot(path=str(output_dir / "library.png"))


@pytest.fixture(scope="module")
def evil_url(tmp_path_factory, embedder):
    """The app over a one-article corpus whose text and metadata hold <script> and onerror payloads."""
    from bot.pipeline import Bot
    from ingest.index import sync

    base = tmp_path_factory.mktemp("evil")
    corpus = base / "corpus"
    corpus.mkdir()
    (corpus / "evil.md").write_text(EVIL_ARTICLE, encoding="utf-8")
    sync(corpus, base / "home", embedder)
    demo, url = serve(Bot.open(base / "home", embedder=embedder), base / "eval")
    yield url
    demo.close()


def pwned(page):
    return page.evaluate("typeof window.__pwned === 'undefined' ? null : window.__pwned")


def test_article_markup_is_shown_as_text_and_never_runs(page, evil_url, output_dir):
    open_app(page, evil_url)
    # Through a citation: the answer quotes the sentence holding the <script>.
    message = ask(page, "Is muscle twitching harmless?")
    assert "<script>window.__pwned=1</script>" in message.inner_text()
    assert "<script>window.__pwned=1</script>" in page.locator("#twqa-sources").inner_text()
    message.locator("a.twqa-chip").first.click()
    page.wait_for_selector("#twqa-viewer mark#twqa-mark", timeout=ANSWER_WAIT_MS)
    viewer = page.locator("#twqa-viewer")
    assert "<script>window.__pwned=1</script>" in viewer.locator("mark").text_content()
    assert '<img src=x onerror="window.__pwned=2">' in viewer.inner_text()
    # User text is escaped too.
    ask(page, '<img src=x onerror="window.__pwned=4"> does stress make muscles twitch?')
    page.screenshot(path=str(output_dir / "evil-chat.png"))
    # Through the library, where the title and author hold markup as well.
    page.get_by_role("tab", name="Library").click()
    page.locator('#twqa-library li[data-doc="evil-article"] button').click()
    page.wait_for_selector("#twqa-library-viewer .twqa-article")
    library_viewer = page.locator("#twqa-library-viewer")
    assert "<script>window.__pwned=1</script>" in library_viewer.inner_text()
    assert "Twitching <b>notes</b> & tricks" in library_viewer.inner_text()
    page.wait_for_timeout(500)  # give any injected handler time to fire
    assert pwned(page) is None
    for scope in ("#twqa-chat", "#twqa-sources", "#twqa-viewer", "#twqa-library", "#twqa-library-viewer"):
        assert page.locator(f"{scope} script, {scope} img").count() == 0, scope
    page.screenshot(path=str(output_dir / "evil-library.png"))


def test_evals_tab_runs_an_uploaded_question_file(page, app_url, tmp_path, output_dir):
    lines = [
        {"id": "k", "category": "answerable", "question": "What is a normal potassium level?",
         "facts": [["3.5-5 mmol/L"]], "gold_docs": ["martinos-twitching-part-1"], "evidence": ["Potassium (K)"]},
        {"id": "fr", "category": "offtopic", "question": "What is the capital of France?"},
        {"id": "breath", "category": "urgent", "question": "I suddenly can't breathe and my arm twitches",
         "expect_notice": "urgent"},
    ]
    questions = tmp_path / "mini.jsonl"
    questions.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    open_app(page, app_url)
    page.get_by_role("tab", name="Evals").click()
    upload_questions(page, questions)
    page.locator("#twqa-run-evals").click()
    page.wait_for_function("document.querySelector('#twqa-eval-status').innerText.includes('items pass')",
                           timeout=120_000)
    status = page.locator("#twqa-eval-status").inner_text()
    assert "/3 items pass" in status and "mini.jsonl" in status
    summary = page.locator("#twqa-eval-summary").inner_text()
    assert "hit_at_5" in summary and "refusal_offtopic" in summary
    assert "How often one of the first five passages found holds the answer" in summary  # in plain words
    downloads = page.locator("#twqa-eval-download")
    downloads.locator('[aria-label="report.md"]').wait_for(timeout=30_000)
    assert downloads.locator('[aria-label="report.json"]').count() == 1
    assert downloads.locator("a[href]").count() == 2
    items = page.locator("#twqa-eval-items").inner_text()
    assert all(line["id"] in items for line in lines)
    page.wait_for_function("document.querySelectorAll('img[src]').length >= 3")
    page.screenshot(path=str(output_dir / "evals.png"), full_page=True)
    # on a phone the two tables become lists (seven columns in 326 px broke the headers letter by letter)
    assert not page.locator("#twqa-eval-list .twqa-eval-list").is_visible()
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(300)
    listed = page.locator("#twqa-eval-list .twqa-eval-list")
    assert listed.is_visible() and not page.locator("#twqa-eval-summary").is_visible()
    assert "How often one of the first five passages found holds the answer" in listed.inner_text()
    assert all(line["question"] in listed.inner_text() for line in lines)
    assert horizontal_overflow(page) == 0
    page.screenshot(path=str(output_dir / "evals-phone.png"), full_page=True)


def horizontal_overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no horizontal scroll)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_phone_layout_has_sources_under_the_answer_and_no_sideways_scroll(chromium, app_url, output_dir):
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        open_app(page, app_url)
        ask(page, "What is a normal potassium level?")
        top = lambda sel: page.locator(sel).bounding_box()["y"]  # noqa: E731
        # one column in reading order: conversation, box, sources, article, then the examples
        assert top("#twqa-chat") < top("#twqa-ask-row") < top("#twqa-sources") < top("#twqa-viewer") \
            < top("#twqa-examples")
        assert page.locator("#twqa-sources").bounding_box()["x"] < 40  # not a side column
        page.locator("#twqa-chat a.twqa-chip").first.click()
        page.wait_for_selector("#twqa-viewer mark#twqa-mark", timeout=ANSWER_WAIT_MS)
        assert horizontal_overflow(page) == 0
        # a long question: the counter shows near the limit and the error sits right by the box
        box = page.locator("#twqa-question textarea")
        box.fill("twitch " * 130)  # 910 characters
        page.wait_for_function("document.querySelector('#twqa-counter').innerText.includes('910 / 1000')")
        box.fill("twitch " * 150)
        page.locator("#twqa-send").click()
        page.wait_for_function("document.querySelector('#twqa-status').innerText.includes('limit is 1000')",
                               timeout=ANSWER_WAIT_MS)
        page.wait_for_timeout(300)  # let the scroll settle
        gap = top("#twqa-status") - (top("#twqa-ask-row") + page.locator("#twqa-ask-row").bounding_box()["height"])
        assert 0 <= gap < 40
        status = page.locator("#twqa-status .twqa-status-error").bounding_box()
        assert 0 <= status["y"] and status["y"] + status["height"] <= PHONE["height"]  # on screen, not below
        assert horizontal_overflow(page) == 0
        page.get_by_role("tab", name="Library").click()
        page.locator("#twqa-library li[data-doc]").first.wait_for()
        assert horizontal_overflow(page) == 0
        page.locator("#twqa-library li[data-doc] button").last.click()  # the viewer sits under the list
        page.wait_for_selector("#twqa-library-viewer .twqa-article")
        page.wait_for_timeout(400)
        assert 0 <= page.locator("#twqa-library-viewer").bounding_box()["y"] < PHONE["height"] / 2  # brought up
        page.get_by_role("tab", name="Evals").click()
        page.locator("#twqa-run-evals").wait_for()
        assert horizontal_overflow(page) == 0
    finally:
        context.close()


def test_on_a_phone_each_answer_keeps_its_own_sources_under_it(chromium, app_url, bot, output_dir):
    """Two questions at 390×844: the first answer's sources stay under the first answer, the second's under
    the second; each block folds, and a card in it opens the article with that citation's span marked."""
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        open_app(page, app_url)
        asked = ["What is a normal potassium level?", "Why do my muscles twitch?"]
        # The page asks the second with the first turn as its history, and the earlier answer weighs on the next
        # (said_before): without it "Why do my muscles twitch?" cites 3 passages, with it 2.
        from ui.conversation import history_of

        expected = [bot.ask(asked[0]).to_dict()]
        expected.append(bot.ask(asked[1], history_of(expected)).to_dict())
        first, second = ask(page, asked[0]), ask(page, asked[1])
        for message, answer in ((first, expected[0]), (second, expected[1])):
            cards = message.locator(".twqa-msg-sources .twqa-card")
            assert cards.count() == len(answer["citations"]) >= 1
            for i, c in enumerate(answer["citations"]):
                assert c["title"] in cards.nth(i).locator(".twqa-card-head").text_content()  # folded: not rendered
                assert marks_text(cards.nth(i)) == shown(c["text"])
        assert len({expected[0]["citations"][0]["text"], expected[1]["citations"][0]["text"]}) == 2
        # the latest answer's sources are open, the earlier folded; the side panel's cards are not shown
        assert second.locator(".twqa-msg-sources").evaluate("d => d.open")
        assert not first.locator(".twqa-msg-sources").evaluate("d => d.open")
        assert not page.locator("#twqa-sources .twqa-card").first.is_visible()
        first.locator(".twqa-msg-sources > summary").click()
        card = first.locator(".twqa-msg-sources .twqa-card").first
        card.wait_for(state="visible")
        card.scroll_into_view_if_needed()
        page.screenshot(path=str(output_dir / "first-sources.png"))
        card.locator("a.twqa-open-cite").click()
        page.wait_for_selector("#twqa-viewer mark#twqa-mark", timeout=ANSWER_WAIT_MS)
        assert marks_text(page.locator("#twqa-viewer")) == shown(expected[0]["citations"][0]["text"])
        page.wait_for_timeout(400)
        assert mark_in_view(page, "#twqa-viewer")
        # a card of the second answer, clicked anywhere on its passage, opens its own citation
        second.locator(".twqa-msg-sources .twqa-card").last.locator(".twqa-passage").click()
        last = expected[1]["citations"][-1]
        page.wait_for_function("(t) => [...document.querySelectorAll('#twqa-viewer mark')].map(m => m.textContent)"
                               ".join('').replace(/\\s+/g, '') === t", arg=shown(last["text"]), timeout=ANSWER_WAIT_MS)
        assert horizontal_overflow(page) == 0
        page.screenshot(path=str(output_dir / "second-card-opened.png"))
    finally:
        context.close()


def test_on_a_desktop_sources_stay_in_the_side_panel(page, app_url):
    open_app(page, app_url)
    message = ask(page, "What is a normal potassium level?")
    assert message.locator(".twqa-msg-sources").count() == 1 and not message.locator(".twqa-msg-sources").is_visible()
    assert page.locator("#twqa-sources .twqa-card").first.is_visible()


def test_keyboard_alone_asks_opens_a_citation_and_returns(page, app_url, output_dir):
    open_app(page, app_url)
    page.keyboard.type("What is a normal potassium level?")  # the box has focus when the page opens
    page.keyboard.press("Enter")
    page.wait_for_selector("#twqa-chat .twqa-msg a.twqa-chip", timeout=ANSWER_WAIT_MS)
    for _ in range(60):  # Tab through the page until the first [n] chip has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('#twqa-chat a.twqa-chip')"):
            break
    else:
        pytest.fail("no [n] chip is reachable with Tab")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_selector("#twqa-viewer mark#twqa-mark", timeout=ANSWER_WAIT_MS)
    page.wait_for_function("document.activeElement.matches('#twqa-viewer .twqa-back')")
    page.keyboard.press("Enter")  # "Back to the answer"
    page.wait_for_function(f"document.activeElement.matches('#twqa-chat a.twqa-chip[href=\"{href}\"]')")
    page.screenshot(path=str(output_dir / "keyboard.png"))


def test_copy_answer_with_its_quotes_and_report_it_wrong(chromium, app_url, bot, tmp_path):
    context = chromium.new_context(viewport=VIEWPORT)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url.rstrip("/"))
    page = context.new_page()
    try:
        open_app(page, app_url)
        question = "What is a normal potassium level?"
        expected = bot.ask(question).to_dict()
        ask(page, question)
        page.locator("#twqa-sources .twqa-copy").click()
        page.wait_for_function("document.querySelector('#twqa-sources .twqa-copy-said').innerText.includes('Copied')")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith(f"**Question:** {question}\n\n{expected['answer']}\n")
        for c in expected["citations"]:
            assert f"[{c['n']}] *{c['title']}* — Kyle J. Martinos" in copied and c["text"] in copied
        # "This answer is wrong": the question, the answer and the comment land in feedback.jsonl
        page.locator("#twqa-wrong").get_by_text("This answer is wrong?").click()
        page.locator("#twqa-comment textarea").fill("I asked about potassium in food")
        page.locator("#twqa-report-wrong").click()
        page.wait_for_function("document.querySelector('#twqa-wrong-status').innerText.includes('feedback.jsonl')",
                               timeout=ANSWER_WAIT_MS)
        path = Path(page.locator("#twqa-wrong-status").inner_text().split("saved to ")[1].split(" as ")[0])
        item = json.loads(path.read_text(encoding="utf-8").splitlines()[-1])
        assert (item["question"], item["answer"], item["comment"]) == \
            (question, expected["answer"], "I asked about potassium in food")
    finally:
        context.close()


AXE_VERSION = "4.14.1"


@pytest.fixture(scope="module")
def axe_script() -> str:
    """axe-core's axe.min.js, fetched once with npm (pinned) into ~/.cache/twitchqa."""
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "twitchqa" / f"axe-core-{AXE_VERSION}"
    script = cache / "axe.min.js"
    if not script.exists():
        cache.mkdir(parents=True, exist_ok=True)
        try:
            packed = subprocess.run(["npm", "pack", f"axe-core@{AXE_VERSION}", "--silent"], cwd=cache,
                                    capture_output=True, text=True, timeout=180)
            with tarfile.open(cache / packed.stdout.strip()) as tar:
                script.write_bytes(tar.extractfile("package/axe.min.js").read())
        except (OSError, subprocess.SubprocessError, tarfile.TarError, KeyError) as exc:
            if os.environ.get("REQUIRE_BROWSER") == "1":
                pytest.fail(f"cannot fetch axe-core {AXE_VERSION} with npm: {exc}")
            pytest.skip(f"cannot fetch axe-core {AXE_VERSION} with npm: {exc}")
    return script.read_text(encoding="utf-8")


def serious_violations(page, axe_script: str) -> list[str]:
    page.add_script_tag(content=axe_script)
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
          .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
    }""")
    return result


@pytest.mark.parametrize("viewport", [VIEWPORT, PHONE], ids=["desktop", "phone"])
def test_no_serious_accessibility_violations_on_each_tab(chromium, app_url, axe_script, output_dir, viewport):
    context = chromium.new_context(viewport=viewport)
    page = context.new_page()
    try:
        open_app(page, app_url)
        ask(page, "I suddenly can't swallow and my arm is twitching")
        ask(page, "What is a normal potassium level?")
        page.locator("#twqa-chat a.twqa-chip").last.click()
        page.wait_for_selector("#twqa-viewer mark#twqa-mark", timeout=ANSWER_WAIT_MS)
        found = {"Chat": serious_violations(page, axe_script)}
        page.get_by_role("tab", name="Library").click()
        page.locator("#twqa-library li[data-doc] button").first.click()
        page.wait_for_selector("#twqa-library-viewer .twqa-article")
        found["Library"] = serious_violations(page, axe_script)
        page.get_by_role("tab", name="Evals").click()
        page.locator("#twqa-run-evals").wait_for()
        found["Evals"] = serious_violations(page, axe_script)
        assert found == {"Chat": [], "Library": [], "Evals": []}
    finally:
        context.close()


def test_screenshots_of_both_sizes(chromium, app_url, output_dir):
    """The README's pictures: a cited follow-up with the article open, at desktop and phone size."""
    for name, viewport in (("desktop", VIEWPORT), ("phone", PHONE)):
        context = chromium.new_context(viewport=viewport)
        page = context.new_page()
        try:
            open_app(page, app_url)
            ask(page, "Can low potassium cause twitching?")
            ask(page, "What level defines it?")
            page.locator("#twqa-chat a.twqa-chip").last.click()
            page.wait_for_selector("#twqa-viewer mark#twqa-mark", timeout=ANSWER_WAIT_MS)
            page.wait_for_timeout(400)
            assert horizontal_overflow(page) == 0
            target = output_dir / f"{name}.png"
            if name == "desktop":
                page.evaluate("window.scrollTo(0, 0)")
                page.screenshot(path=str(target))
            else:  # the phone's reading order: the answer with its sources under it, then the article
                page.locator("#twqa-chat .twqa-msg-sources").last.evaluate("d => d.scrollIntoView({block: 'start'})")
                page.wait_for_timeout(200)
                page.screenshot(path=str(target), full_page=True, clip={"x": 0, "y": 0, "width": 390, "height": 2400})
            if os.environ.get("UPDATE_SCREENSHOT") == "1":
                (ROOT / "docs").mkdir(exist_ok=True)
                (ROOT / "docs" / f"{name}.png").write_bytes(target.read_bytes())
        finally:
            context.close()
