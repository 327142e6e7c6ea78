"""End-to-end tests of the web UI in a real headless Chromium (Debian's), driven by Playwright.

Run `apt-get install -y chromium` first; without it these tests skip (or fail when REQUIRE_BROWSER=1).
Set UPDATE_SCREENSHOT=1 to refresh docs/screenshot.png (from the follow-up test).
"""
from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

# gradio 6.31 queue statistics call pandas APIs that pandas 3 deprecates: not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore::Warning:gradio.queueing")
ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 950}
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
    """Start the app for `bot` on a free local port in a background thread; (demo, url)."""
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


def ask(page, question: str):
    """Type a question, press Enter, and return the locator of the new assistant message."""
    before = page.locator("#twqa-chat .twqa-msg").count()
    box = page.locator("#twqa-question textarea, #twqa-question input").first
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('#twqa-chat .twqa-msg').length > {before}",
                           timeout=ANSWER_WAIT_MS)
    return page.locator("#twqa-chat .twqa-msg").nth(before)


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
    assert cards.first.locator("mark").text_content() == expected["citations"][0]["text"]

    message.locator("a.twqa-chip", has_text="[1]").first.click()
    mark = page.locator("#twqa-viewer mark#twqa-mark")
    mark.wait_for(timeout=ANSWER_WAIT_MS)
    assert mark.text_content() == expected["citations"][0]["text"]
    page.wait_for_function("document.querySelector('#twqa-viewer pre.twqa-article') !== null")
    article = bot.articles()[expected["citations"][0]["doc_id"]]
    assert page.locator("#twqa-viewer pre.twqa-article").text_content() == article.text
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
    assert page.locator("#twqa-viewer mark").text_content() == last["text"]
    assert last["title"] in page.locator("#twqa-viewer .twqa-article-title").inner_text()
    page.screenshot(path=str(output_dir / "card-opened.png"))


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


PHONE = {"width": 390, "height": 844}


def test_on_a_phone_a_new_answer_shows_its_notices_not_its_end(chromium, app_url, output_dir):
    """The chat used to scroll to the end of each answer: the red banner sat above the screen."""
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        open_app(page, app_url)
        ask(page, "Why do my muscles twitch?")  # a long answer first, so the chat has to scroll
        message = ask(page, "I suddenly can't swallow and my arm is twitching")
        banner = message.locator(".twqa-banner.twqa-urgent")
        assert banner.get_attribute("role") == "alert"  # announced by screen readers
        page.wait_for_timeout(400)  # let the scroll settle
        in_view = """(el) => { const r = el.getBoundingClientRect(); let box = el.parentElement;
            while (box && getComputedStyle(box).overflowY !== 'auto' && getComputedStyle(box).overflowY !== 'scroll')
              box = box.parentElement;
            const b = box ? box.getBoundingClientRect() : {top: 0, bottom: window.innerHeight};
            return r.top >= Math.max(0, b.top) - 1 && r.bottom <= Math.min(window.innerHeight, b.bottom) + 1; }"""
        assert banner.evaluate(in_view), "the urgent banner is out of view"
        page.screenshot(path=str(output_dir / "phone-urgent.png"))
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
        "Searched for: Can low potassium cause twitching? What level defines it?"
    second.locator("a.twqa-chip").last.click()
    page.wait_for_selector("#twqa-viewer mark#twqa-mark", timeout=ANSWER_WAIT_MS)
    page.wait_for_timeout(300)
    assert mark_in_view(page, "#twqa-viewer")
    page.screenshot(path=str(output_dir / "followup.png"))
    if os.environ.get("UPDATE_SCREENSHOT") == "1":  # the README's picture: a cited follow-up, sources open
        page.evaluate("window.scrollTo(0, 0)")
        (ROOT / "docs").mkdir(exist_ok=True)
        page.screenshot(path=str(ROOT / "docs" / "screenshot.png"))


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
    rows = page.locator("#twqa-library tr[data-doc]")
    rows.first.wait_for()
    assert rows.count() == len(bot.articles())
    counts = bot.passage_counts()
    doc_id = "martinos-twitching-part-1"
    row = page.locator(f'#twqa-library tr[data-doc="{doc_id}"]')
    assert row.locator(".twqa-count").inner_text() == str(counts[doc_id])
    assert "Martinos" in row.inner_text()
    row.click()
    page.wait_for_selector(f'#twqa-library-viewer [data-doc="{doc_id}"] pre.twqa-article')
    assert page.locator("#twqa-library-viewer pre.twqa-article").text_content() == bot.articles()[doc_id].text
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
    page.locator('#twqa-library tr[data-doc="evil-article"]').click()
    page.wait_for_selector("#twqa-library-viewer pre.twqa-article")
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
    page.locator("#twqa-eval-file input[type=file]").set_input_files(str(questions))
    # The upload is processed by the server: on a loaded 2-core machine that took over 30 s once.
    page.wait_for_function("document.querySelector('#twqa-eval-file').innerText.includes('mini.jsonl')",
                           timeout=120_000)
    page.locator("#twqa-run-evals").click()
    page.wait_for_function("document.querySelector('#twqa-eval-status').innerText.includes('items pass')",
                           timeout=120_000)
    status = page.locator("#twqa-eval-status").inner_text()
    assert "/3 items pass" in status and "mini.jsonl" in status
    summary = page.locator("#twqa-eval-summary").inner_text()
    assert "hit_at_5" in summary and "refusal_offtopic" in summary
    items = page.locator("#twqa-eval-items").inner_text()
    assert all(line["id"] in items for line in lines)
    page.wait_for_function("document.querySelectorAll('img[src]').length >= 3")
    page.screenshot(path=str(output_dir / "evals.png"), full_page=True)
