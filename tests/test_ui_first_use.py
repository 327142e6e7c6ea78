"""The page and the terminal as a worried first-time user meets them (ui32): real Chromium, a real pty,
the real model and Chroma. Each test here failed before its fix."""
from __future__ import annotations

import os
import pty
import re
import select
import struct
import time
from pathlib import Path

import pytest

from test_ui_browser import PHONE, VIEWPORT, app_url, ask, chromium, open_app  # noqa: F401 (fixtures)

# gradio 6.31 queue statistics call pandas APIs that pandas 3 deprecates (as in test_ui_browser).
pytestmark = pytest.mark.filterwarnings("ignore::Warning:gradio.queueing")
ROOT = Path(__file__).resolve().parents[1]
TWITCHQA = str(ROOT / ".venv" / "bin" / "twitchqa")
# Sudden trouble speaking and one-sided weakness: the emergency notice, and an answer whose first source is a
# paragraph followed by a list (a card rendered as Markdown).
EMERGENCY = "My arm is twitching and suddenly I can't speak and one side of my face is drooping"

# The height of every whitespace-only text node holding a newline inside a Markdown-rendered passage: it is
# the "\n" markdown-it puts between blocks, which a reader must not see as a blank line.
BLANK_HEIGHTS_JS = """(sel) => {
  const heights = [];
  for (const box of document.querySelectorAll(sel)) {
    const walk = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
      if (node.textContent.trim() !== '' || !node.textContent.includes('\\n')) continue;
      const range = document.createRange(); range.selectNodeContents(node);
      const h = [...range.getClientRects()].reduce((sum, r) => sum + r.height, 0);
      if (h > 0) heights.push(h);
    }
  }
  return heights;
}"""


@pytest.mark.parametrize("viewport", [VIEWPORT, PHONE], ids=["desktop", "phone"])
def test_a_markdown_source_card_shows_no_blank_lines_between_its_blocks(chromium, app_url, viewport):
    """A card's paragraph and list items were drawn with a blank line between each (white-space: pre-wrap on
    rendered HTML): the first card of an emergency answer took twice the height the viewer gives the same text."""
    context = chromium.new_context(viewport=viewport)
    page = context.new_page()
    try:
        open_app(page, app_url)
        message = ask(page, EMERGENCY)
        assert message.locator("[role=alert]").count() >= 1
        # (on a phone the cards are the ones under the answer, in the chat; on a desktop the side panel's)
        page.locator(".twqa-passage.twqa-article li:visible").first.wait_for()
        cards = page.locator(".twqa-passage.twqa-article:visible")
        assert cards.count() >= 1 and cards.first.locator("li").count() >= 2  # a paragraph and a list: the case
        assert page.evaluate(BLANK_HEIGHTS_JS, ".twqa-passage.twqa-article") == []
        # the plain-text passages still keep their own line breaks
        assert page.evaluate("[...document.querySelectorAll('.twqa-passage:not(.twqa-article)')]"
                             ".every(e => getComputedStyle(e).whiteSpace === 'pre-wrap')")
    finally:
        context.close()


def screen(out: str) -> str:
    """What a terminal shows of `out` line by line: a lone CR goes back to the line's start and what follows is
    written over it (how the chat erases "searching the articles…"); a line left blank is empty."""
    lines = []
    for line in out.split("\n"):
        if "\r" in line:
            shown: list[str] = []
            for piece in line.split("\r"):
                shown[:len(piece)] = piece
            line = "".join(shown).rstrip(" ")
        lines.append(line)
    return "\n".join(lines)


def run_chat(home: Path, lines: list[str], columns: int = 80, env: dict | None = None, raw: bool = False) -> str:
    """`twitchqa chat` in a real pseudo-terminal of `columns` columns: each line typed after the prompt; the
    whole screen output (echo included), with CR LF as LF, as the terminal shows it (screen()); with `raw`, every
    byte written."""
    import fcntl
    import termios

    pid, fd = pty.fork()
    if pid == 0:  # the child: the chat, on the branch's code
        os.environ.update({"PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "TERM": "xterm", **(env or {})})
        os.environ.pop("COLUMNS", None)
        os.execv(TWITCHQA, [TWITCHQA, "chat", "--home", str(home)])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    out = b""

    def until_prompt(timeout: float) -> None:
        nonlocal out
        end, start = time.time() + timeout, len(out)
        while time.time() < end:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    out += os.read(fd, 65536)
                except OSError:
                    return
            if out.rstrip().endswith(b"you>") and len(out) > start:
                return
        raise AssertionError(f"no prompt after {timeout} s: {out[-400:]!r}")

    try:
        until_prompt(180)
        for line in lines:
            # typed as a person types: a pause after the prompt, each arrow key a keystroke of its own
            # (sent in one burst with the text, readline took it apart differently now and then: 1 run in 3)
            time.sleep(0.3)
            for piece in re.split(r"(\x1b\[[A-D])", line):
                if piece:
                    os.write(fd, piece.encode())
                    time.sleep(0.05)
            os.write(fd, b"\r")
            until_prompt(120)
        os.write(fd, b":quit\r")
        time.sleep(0.5)
    finally:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    text = out.decode("utf-8", "replace").replace("\r\n", "\n")
    return text if raw else screen(text)


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_in_a_terminal_the_emergency_notice_stands_apart_in_bold_red(corpus_home):
    """The "!! URGENT:" lines ran straight into the answer's first line, in the same plain text."""
    out = run_chat(corpus_home, [EMERGENCY])
    turn = out.split(EMERGENCY, 1)[1]
    lines = turn.strip("\n").splitlines()
    assert lines[0].startswith("\x1b[1;31m!! URGENT:"), lines[:3]
    notice = [line for line in lines if line.startswith("\x1b[1;31m")]
    assert all(line.endswith("\x1b[0m") for line in notice)  # each line reset: nothing after it turns red
    after = lines[len(notice)]
    assert after == "", lines[:len(notice) + 2]  # a blank line, then the answer
    assert not ANSI.search("\n".join(lines[len(notice):]))  # the answer itself is plain


def test_no_color_gives_plain_notices_still_set_apart(corpus_home):
    out = run_chat(corpus_home, [EMERGENCY], env={"NO_COLOR": "1"})
    assert not ANSI.search(out)
    lines = out.split(EMERGENCY, 1)[1].strip("\n").splitlines()
    assert lines[0].startswith("!! URGENT:")
    blank = lines.index("")
    assert all(not line.startswith("If you") for line in lines[:blank])  # the answer starts after the blank line


def test_every_chat_line_fits_an_80_column_terminal_help_included(corpus_home):
    """`:help` (and "unknown command") printed an 87-character line at 80 columns."""
    out = run_chat(corpus_home, [":help", ":sourcse", "Why do my muscles twitch?"], columns=80)
    typed = {":help", ":sourcse", "Why do my muscles twitch?", ":quit"}
    shown = [ANSI.sub("", line) for line in out.splitlines() if line.removeprefix("you> ") not in typed]
    assert max(len(line) for line in shown) <= 80, max(shown, key=len)
    assert "quits." in out and "unknown command :sourcse" in out


def test_the_arrow_keys_edit_the_line_and_recall_the_last_question(corpus_home, bot):
    """In a terminal ← and ↑ went into the question as escape codes: ↑ on an empty prompt asked "^[[A" (and got
    an answer), a typo fixed with ← asked "muscls twitch?^[[D^[[D…e". `input()` had no line editing."""
    up, left = "\x1b[A", "\x1b[D"
    question = "What is a normal potassium level?"
    typed = "What is a normal level?" + left * 6 + "potassium "  # "potassium" forgotten, put back with 6 × ←
    out = ANSI.sub("", run_chat(corpus_home, [up, typed, up]))  # ↑ with no history yet: nothing; then the recall
    assert out.count("Educational information") == 2, out  # the corrected question, and it again from ↑
    answer = " ".join(bot.ask(question).to_dict()["answer"].split())
    turns = [" ".join(part.split()) for part in out.split("Educational information")[:2]]
    assert answer in turns[0]
    assert "[A" not in out.replace(up, "") and "[D" not in out.replace(left, "")  # no code was asked or shown


SEARCHING = "searching the articles…"


@pytest.mark.parametrize("env", [{}, {"NO_COLOR": "1"}], ids=["color", "no-color"])
def test_a_terminal_shows_searching_while_it_finds_the_answer_then_erases_it(corpus_home, env):
    """`twitchqa chat` showed nothing between the question and its answer (0.6 s here, longer on a slower machine):
    a worried user could not tell a slow answer from a hung program (ui32's leftover)."""
    question = "Why do my muscles twitch?"
    raw = run_chat(corpus_home, [question], env=env, raw=True)
    after = raw.split(question + "\n", 1)[1]
    assert after.startswith(SEARCHING), after[:80]  # right after Enter, before the answer
    answer_at = after.index("Educational information")
    assert after.index("\r" + " " * len(SEARCHING) + "\r") < answer_at  # erased before the answer prints
    if env.get("NO_COLOR"):
        assert "\x1b" not in raw  # plain text, erased with spaces: no escape code at all
    shown = screen(raw)
    assert SEARCHING not in shown  # nothing of it stays on the screen
    turn = shown.split(question + "\n", 1)[1].splitlines()
    assert turn[0] == "" and turn[1], turn[:3]  # the answer where it was: after one blank line


def test_no_searching_line_in_a_pipe_or_a_dumb_terminal(corpus_home):
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    piped = subprocess.run([TWITCHQA, "chat", "--home", str(corpus_home)], input="Why do my muscles twitch?\n",
                           capture_output=True, text=True, env=env, timeout=300)
    assert "Educational information" in piped.stdout and SEARCHING not in piped.stdout
    assert "\r" not in piped.stdout
    dumb = run_chat(corpus_home, ["Why do my muscles twitch?"], env={"TERM": "dumb"}, raw=True)
    assert "Educational information" in dumb and SEARCHING not in dumb


# The words under gradio's "Scroll down" arrow as the conversation is now scrolled: the text rectangles, clipped to
# the part of the list in view, that meet the button's box; null when the arrow is not shown.
COVERED_JS = """() => {
  const log = document.querySelector('#twqa-chat .bubble-wrap');
  const button = document.querySelector('#twqa-chat .scroll-down-button-container button');
  if (!button) return null;
  const box = button.getBoundingClientRect(), view = log.getBoundingClientRect(), covered = [];
  const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const walk = document.createTreeWalker(log, NodeFilter.SHOW_TEXT);
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    if (!node.textContent.trim()) continue;
    const range = document.createRange(); range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      const seen = {left: Math.max(r.left, view.left), right: Math.min(r.right, view.right),
                    top: Math.max(r.top, view.top), bottom: Math.min(r.bottom, view.bottom)};
      if (seen.left < seen.right && seen.top < seen.bottom && meet(seen, box)) covered.push(node.textContent.trim());
    }
  }
  return covered;
}"""


@pytest.mark.parametrize("viewport, scale", [(PHONE, 1), ({"width": 640, "height": 450}, 2)], ids=["phone", "zoom200"])
def test_the_scroll_down_arrow_covers_no_answer_text(chromium, app_url, viewport, scale):
    """gradio's floating "Scroll down" arrow, centred over the bottom of the conversation, covered "another" in an
    answer on a phone and at 200% zoom (ui32's leftover)."""
    context = chromium.new_context(viewport=viewport, device_scale_factor=scale)
    page = context.new_page()
    try:
        open_app(page, app_url)
        ask(page, "Why do my muscles twitch?")
        ask(page, "When should I worry about muscle twitching?")
        page.wait_for_timeout(500)
        log = page.locator("#twqa-chat .bubble-wrap")
        covered, shown = [], 0
        for top in range(0, log.evaluate("e => e.scrollHeight"), 60):  # every 60 px, from the top to the end
            log.evaluate("(e, top) => { e.scrollTop = top; }", top)
            page.wait_for_timeout(150)  # gradio shows or hides the arrow on the scroll event
            words = page.evaluate(COVERED_JS)
            if words is not None:
                shown += 1
                covered += words
        assert shown >= 2  # the arrow is still there to be used, above the end of the list
        assert covered == [], sorted(set(covered))[:5]
        button = page.locator("#twqa-chat .scroll-down-button-container button")
        log.evaluate("e => { e.scrollTop = 0; }")
        button.wait_for()
        button.click()  # and it still does its work
        page.wait_for_function("(() => { const e = document.querySelector('#twqa-chat .bubble-wrap');"
                               " return e.scrollHeight - e.scrollTop - e.clientHeight < 40; })()", timeout=5000)
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [VIEWPORT, PHONE], ids=["desktop", "phone"])
def test_one_button_clears_the_chat_and_its_name_says_so(chromium, app_url, viewport):
    """A screen reader heard two buttons named "Clear": gradio's trash icon in the chat and ours (ui32's leftover).
    No two buttons of the chat tab share a name, and the one that clears says what it clears."""
    context = chromium.new_context(viewport=viewport)
    page = context.new_page()
    try:
        open_app(page, app_url)
        ask(page, "Why do my muscles twitch?")
        tree = page.locator("[role=tabpanel]:visible").first.aria_snapshot()
        names = re.findall(r'button "([^"]*)"', tree)
        assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
        clearing = [n for n in names if "clear" in n.lower()]
        assert clearing == ["Clear chat"], clearing
        page.get_by_role("button", name="Clear chat").click()
        page.wait_for_function("document.querySelectorAll('#twqa-chat .twqa-msg').length === 0", timeout=10_000)
    finally:
        context.close()
