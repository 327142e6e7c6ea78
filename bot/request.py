"""What the bot accepts, checked first: one line naming what is wrong.

`Bot.ask` runs these checks before its own (the history's shape: bot.pipeline), so every caller is
covered (the CLI, the web API, the evals, `Bot.as_runnable()`); the CLI also runs them before the model
loads, to fail fast, importing nothing heavy. What they refuse would crash a tokenizer or tie up a worker:

| check | refused, e.g. | message |
|---|---|---|
| the question is not empty, nor over MAX_QUESTION_CHARS | `""`, 1001 characters | the question is empty… |
| the question has a visible character (not only spaces and format characters, Unicode category Cf) | `"\u200b"`, `"\ufeff \u2060"` (not: `"😬"`, `"\u200bALS?"`) | the question is empty… |
| the question has a word: a letter of any script (Unicode category L) | `"😬"`, `"👍🏽❤️"`, `"???"`, `"42"` (not: `"😬 twitching?"`, `"腿抽搐"`, `"B12?"`) | the question has no words… |
| the question has a letter of the Latin script, the articles' | `"腿抽搐"`, `"мышцы дёргаются?"`, `"Γιατί;"` (not: `"ß"`, `"ALS 是什么?"`, `"Ｂ１２"`) | the question is not in English… |
| the question is a string | `{"question": 5}` | the question must be a string, not a number |
| text is Unicode (no lone surrogates) | `"\\ud800"` in JSON; invalid UTF-8 in argv (read as `\\udcff`) | …is not valid UTF-8 text |
| at most MAX_HISTORY_TURNS messages of history | 41 messages | …send only the recent turns |
| at most MAX_HISTORY_CHARS characters of history | one 1 MB turn (~5 s of a worker) | …send only the recent turns |

Only the previous user turn shapes a follow-up (bot.followup), so the limits cost a real conversation
nothing; the web page and `twitchqa chat` send the most recent turns that fit (`recent`).
"""
from __future__ import annotations

import unicodedata

from ingest.errors import QuestionError
from ingest.settings import MAX_QUESTION_CHARS

MAX_HISTORY_TURNS = 40  # messages (user and assistant): 20 exchanges
MAX_HISTORY_CHARS = 20_000  # all messages together; a question is at most 1000, an answer ~700
# A question in another language: the same line for one without a Latin letter (here) and for one in a Latin-script
# language (bot.language, which answers with it, keeping the emergency notice). Neither triage reader can read such a
# message, so the line itself names the emergency route, in general terms, for every message it is given to: a
# "Моему отцу плохо, он не может говорить" got "ask in English" and nothing else (issue #21's gap 2, session 19). Not
# as an `urgent` notice, which would put "Seek emergency care now" over every question in Chinese or Greek.
NOT_ENGLISH = ("the question is not in English, the language of the articles: ask in English, e.g. \"Why do my muscles "
               "twitch?\" This bot can't read other languages, so it can't tell whether a message describes an emergency: "
               "if yours does (sudden trouble breathing, speaking or swallowing, sudden weakness or numbness on one side, "
               "a collapse or a seizure), call your local emergency number now.")
NOT_ENGLISH_ANSWER = NOT_ENGLISH[0].upper() + NOT_ENGLISH[1:]  # the same line as a refused answer (bot.language)
TYPE_NAMES = {int: "a number", float: "a number", bool: "true/false", list: "a list", dict: "an object",
              type(None): "null"}


def check_text(text: str, what: str) -> None:
    """QuestionError when `text` holds a lone surrogate: what Python makes of bytes that aren't UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise QuestionError(f"{what} is not valid UTF-8 text (character {exc.object[exc.start]!a} at "
                            f"{exc.start}): send it as UTF-8") from None


def check_request(question, history=None) -> None:
    """Refuse a question or history the bot must not be handed (see the table above)."""
    if not isinstance(question, str):
        kind = TYPE_NAMES.get(type(question), type(question).__name__)
        raise QuestionError(f"the question must be a string, not {kind}")
    check_text(question, "the question")
    if not isinstance(history, list):
        return  # None, or a shape the bot refuses with its own message
    if len(history) > MAX_HISTORY_TURNS:
        raise QuestionError(f"the history has {len(history)} messages; the limit is {MAX_HISTORY_TURNS}: "
                            "send only the recent turns")
    contents = [t["content"] for t in history if isinstance(t, dict) and isinstance(t.get("content"), str)]
    size = sum(len(c) for c in contents)
    if size > MAX_HISTORY_CHARS:
        raise QuestionError(f"the history is {size:,} characters long; the limit is {MAX_HISTORY_CHARS:,}: "
                            "send only the recent turns")
    for number, content in enumerate(contents, 1):
        check_text(content, f"history message {number}")


def visible(text: str) -> bool:
    """Whether `text` shows anything: a character that is neither white space nor a format character (Cf: zero-width
    spaces and joiners, BOMs, soft hyphens, direction marks). A question of zero-width spaces was asked, and refused
    as "not covered" where an empty one says it is empty (drill31). tests/test_drill31.py runs the examples.
    """
    return any(not c.isspace() and unicodedata.category(c) != "Cf" for c in text)


def has_words(text: str) -> bool:
    """Whether `text` has a letter of any script (Unicode category L*): a question in words. One of emoji, symbols,
    punctuation or digits only was asked and refused as "not covered" naming the two closest articles (drill31);
    it now gets one line asking for words. No eval question (9,882 in evals/, checked by program) lacks a letter.
    tests/test_drill33.py runs the examples.
    """
    return any(unicodedata.category(c).startswith("L") for c in text)


def latin(text: str) -> bool:
    """Whether `text` has a letter of the Latin script (the articles' own), fullwidth and styled forms included (NFKC).
    A question in Chinese, Russian or Greek was searched in English articles and refused as "not covered", naming two
    articles that do cover it (drill34). No eval question (11,049 question texts in evals/, checked by program) lacks
    one. tests/test_drill34.py runs the examples.
    """
    return any(unicodedata.category(c).startswith("L") and "LATIN" in unicodedata.name(c, "")
               for c in unicodedata.normalize("NFKC", text))


def check_question(question: str) -> str:
    """The question, stripped; QuestionError when it is empty (or shows nothing: `visible`), has no words
    (`has_words`), has no letter of the articles' script (`latin`) or is too long."""
    if not isinstance(question, str) or not visible(question):
        raise QuestionError("the question is empty: ask something about muscle twitching")
    if not has_words(question):
        raise QuestionError("the question has no words: ask about muscle twitching in words, "
                            "e.g. \"Is eyelid twitching normal?\"")
    if not latin(question):
        raise QuestionError(NOT_ENGLISH)
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(
            f"the question is {len(question)} characters long; the limit is {MAX_QUESTION_CHARS}: shorten it"
        )
    return question.strip()


def recent(history: list[dict]) -> list[dict]:
    """The most recent whole exchanges of a conversation that fit the limits (what the web page sends).

    Example:

    >>> turns = [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}] * 30
    >>> len(recent(turns))
    40
    """
    kept: list[dict] = []
    size = 0
    for exchange in reversed(range(0, len(history), 2)):
        pair = history[exchange:exchange + 2]
        size += sum(len(t["content"]) for t in pair)
        if len(kept) + len(pair) > MAX_HISTORY_TURNS or size > MAX_HISTORY_CHARS:
            break
        kept[:0] = pair
    return kept
