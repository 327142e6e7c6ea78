"""What a message asks about, word by word: its content words, what it names as a cause or a remedy, of whom
and where it asks, its words no article uses, and the words naming what a passage or an article says. Read by
the answerability policy (bot.answerable) and, ahead of retrieval, by the pipeline (looked_up: the words to embed
in the question's own forward pass)."""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import numpy as np

import bot.nearest as vector_search  # its constants read at each call: tests set them
from bot.evidence import Evidence
from bot.library import Library
from bot.memo import once_per
from bot.names import NAMED_WEIGHT, article_names
from bot.text import terms
from ingest.store import WORDS

# Whom a question is about. The articles describe twitching in adults: a question about a child, a
# pregnancy or a pet that they never mention gets adult claims that may not hold, so it is refused.
WHO = re.compile(r"\b(?:child|children|kids?|toddlers?|bab(?:y|ies)|infants?|newborns?|teen(?:ager)?s?|adolescents?|"
                 r"pregnan(?:t|cy)|elderly|dogs?|cats?|pets?|pupp(?:y|ies)|horses?)\b", re.IGNORECASE)
# Where it is, when that makes it another matter: the articles speak of the muscles of limbs, trunk and
# face, and twitching of the tongue can be a sign of its own (the stomach's muscles twitch like any).
WHERE = re.compile(r"\btongues?\b", re.IGNORECASE)
# Someone named as the reason or the company of the adult asking, not as the one twitching: "no sleep
# because of a newborn", "on 5 hours a night with a newborn" (not "my newborn's chin quivers", "is that
# normal for babies?"). Of the eval sets' 51 messages the whom rule refuses (2026-11-29), this spares 2
# answerable ones and no other.
BESIDE = re.compile(r"\b(?:because of|due to|thanks to|with) (?:a |an |my |our |the )?(?:new |little |young )?"
                    r"(?P<who>" + WHO.pattern + r")(?!['’]s)", re.IGNORECASE)
# ...or by age: "my 6 month old", "a 3-week-old", "my 8 yr old son" (under 13; the SHORTHAND "yr" is "year").
AGE = re.compile(r"\b(?P<n>\d{1,2})[- ]?(?P<unit>days?|weeks?|wks?|months?|mos?|years?|yrs?)[- ]old\b", re.IGNORECASE)
# What a question asks about besides twitching itself: the effect of something ("Can statins cause…",
# "Does gabapentin help…", "Could the creatine be why?", "…a side effect of lithium?", "…linked to
# diabetes?", "could it be the statin?") or a property of twitching ("Is muscle twitching hereditary?").
# When the articles never speak of it, their general claims ("Certain medications can lead to involuntary
# muscle twitching") would read as an answer about it.
ASKED = [re.compile(pattern, re.IGNORECASE) for pattern in (
    r"(?:^|[.!?]\s+)\W*(?:can|could|does|do|did|will|would|might|may|is|are)\s+(?P<asked>[^?.!,;]{1,60}?)\s+"
    r"(?:(?:caus|trigger|help|treat|stop|mak|lead|giv|worsen|reliev|cur|prevent|reduc|calm|eas|affect|start)"
    r"(?:e|es|s|ed|ing)?|be (?:why|the (?:reason|cause)|behind|to blame|related|linked))\b",
    r"\b(?:side effects? of|caused by|(?:a )?(?:symptom|sign) of|linked to|related to|associated with|due to|"
    r"because of|(?:could|might|may|can) (?:it|this|that|they) be(?: from)?)"
    r"\s+(?P<asked>[^?.!,;]{1,40}?)\s*(?:[?.!,;]|$)",
    r"(?:^|[.!?,]\s+)\W*(?:is|are)\s+(?:(?:muscle|my|the)\s+)?(?:twitch\w*|fasciculations?|it|this|that)\s+"
    r"(?P<asked>[^?.!,;]{1,40}?)\s*(?:[?.!,;]|$)",
    # Telling twitching apart from something else: "…apart from early Parkinson's", "…if it's parkinsons
    # and not…", "the difference between a parkinsons tremor and a twitch", "tell a tremor from a twitch",
    # "Is restless legs syndrome the same thing as leg twitching?".
    r"\b(?:apart from|difference between|(?:know|tell) (?:if|whether) (?:it'?s|it is|this is|i have))"
    r"\s+(?P<asked>[^?.!,;]{1,40}?)\s*(?:\band\b|\bor\b|[?.!,;]|$)",
    r"\b(?:tell|is|are)\s+(?P<asked>[^?.!,;]{1,40}?)\s+(?:from|apart|(?:basically |really )?the same(?: thing)? as)\b",
)]


def words(text: str) -> list[str]:
    """The content words of a text, as written ("toddler's" -> "toddler")."""
    return list(content_words(text))


@lru_cache(maxsize=4096)  # a question's words are read 2-4 times an ask (its unknown words, what it asks, whom it
# names: 2.6 repeats an ask over the gold questions, warm34), each time the same
def content_words(text: str) -> tuple[str, ...]:
    """words(), kept."""
    return tuple(w for w in re.findall(r"\w[\w-]*", re.sub(r"['’]s\b", "", text)) if terms(w))


def asked_as_cause_or_remedy(query: str) -> set[str]:
    """The words of what a question asks about as a cause or a remedy ("Can statins cause…", "Does
    gabapentin help…", "…a side effect of lithium?"): the first two ASKED patterns."""
    return {w for pattern in ASKED[:2] for match in pattern.finditer(query) for w in words(match.group("asked"))}


def asked_words(query: str) -> list[str]:
    """The words of what a question asks about (every ASKED pattern), in its order."""
    return [w for pattern in ASKED for match in pattern.finditer(query) for w in words(match.group("asked"))]

# A word naming what a passage says (names_what_they_say): its stem in at most this many of the articles'
# sentences and rarer in English than "jun" (3.94), "moroccan" 3.47, "antibody" 3.46, "kimura" 2.73.
NAMED_SENTENCES = 3
NAMED_ZIPF = 4.0
SAME_WORD = 0.7  # closeness to the articles' nearest word from which a word means what theirs does (see same_word)
FILLER = 4.5  # Zipf frequency from which an unknown word is everyday English, not what is asked about ("worse" 4.9)


@lru_cache(maxsize=65_536)  # ~12 words a question, 4.4 us each through wordfreq (its own cache after the text's
# normalising), 0.05 us kept: ~0.05 of a question's CPU-ms
def zipf(word: str) -> float:
    """How common a word is in English, on wordfreq's Zipf scale (0 never seen, 3 once per million
    words, 7 "the"): "statins" 2.6, "physio" 2.8, "booze" 3.7, "genetic" 4.3, "lot" 5.6."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en")


def unknown_words(question: str, library: Library) -> list[str]:
    """The message's words no article uses, even misspelled, in its order (Answerability.reading): not numbers, nor
    someone named as the reason or company of the adult asking (BESIDE: "because of a newborn")."""
    kept = _unknown_of(library)  # found once a question: looked_up reads them before the reading
    found = kept.get(question)
    if found is None:
        if len(kept) >= 64:
            kept.clear()
        beside = {m.group("who").lower() for m in BESIDE.finditer(question)}
        found = kept[question] = tuple(w for w in dict.fromkeys(words(question)) if not any(c.isdigit() for c in w)
                                       and w.lower() not in beside
                                       and not any(t in library.vocabulary for t in terms(w))
                                       and (w.isupper() or not library.misspells(w)))  # an acronym ("TENS") is no typo
    return list(found)


_unknown_of = once_per(lambda library: {})  # library -> {question: its unknown words}, the last ones asked


def looked_up(question: str, library: Library) -> list[str]:
    """The texts Answerability.reading will embed for this message (its closeness: the unknown words that aren't
    everyday English, or stand where it names what it asks), known before anything is retrieved: embedded in the
    question's own forward pass (bot.pipeline.Bot.ahead), each costs a fraction of a pass of its own. The query a
    follow-up is searched with may name one more (reading embeds it then).

    Example: looked_up("Can statins cause twitching?", library) -> ["statins"]."""
    named = set(asked_words(question))
    return [w.lower() for w in unknown_words(question, library) if w in named or zipf(w) < FILLER]


def names_what_they_say(library: Library, evidence: Evidence,
                        meaning: Callable[[str], np.ndarray] | None = None) -> list[str]:
    """The message's own words that name something the retrieved passages say and little else in the articles
    does: a name or a rare word (Zipf below NAMED_ZIPF) whose stem at most NAMED_SENTENCES of their sentences
    use ("who is Jun Kimura?": the byline "-Dr. Jun Kimura"; "the Moroccan woman"; "the 50 year old guy with
    the antibody thing"), or, given `meaning`, a word no article uses that means such a word of theirs (its
    nearest article word SAME_WORD or closer: "a woman from Morocco" is 0.82 from "moroccan"). A follow-up's
    search (its earlier turn) is read too: "and the other case, the man?" after the Moroccan woman. Such a
    question asks about the articles' own words, which sit in bylines, quotes and case reports that come close to
    no question in meaning: the closeness floor (min_relevance) does not refuse it; the fitted model decides.
    Example: "who is Jun Kimura?" -> ["Jun", "Kimura"]."""
    own = words(evidence.question)
    found, near = [], []
    for w in dict.fromkeys(own + (words(evidence.query) if evidence.query != evidence.question else [])):
        if zipf(w) >= NAMED_ZIPF:
            continue
        stems = [t for t in terms(w) if 0 < library.term_sentences.get(t, 0) <= NAMED_SENTENCES]
        if stems:
            found.append((w, stems))
        elif meaning is not None and w in own and not any(t in library.vocabulary for t in terms(w)):
            near.append(w)
    for w in near:  # only a rare word no article uses costs a meaning vector and a nearest-word search
        word, closeness = nearest_word(library, meaning(w.lower()))
        stems = [t for t in terms(word) if 0 < library.term_sentences.get(t, 0) <= NAMED_SENTENCES]
        if closeness >= SAME_WORD and stems and zipf(word) < NAMED_ZIPF:
            found.append((w, stems))
    if not found:
        return []
    passages = set().union(*(library.lexical_terms(library.passages[d.metadata["passage_id"]])
                             for d in evidence.documents if d.metadata["passage_id"] in library.passages))
    return [w for w, stems in found if any(t in passages for t in stems)]


def nearest_word(library: Library, vector: np.ndarray) -> tuple[str, float]:
    """The articles' word whose meaning vector comes closest to `vector`, and its cosine ("" and 0 with none)."""
    if not library.words:
        return "", 0.0
    rows = library.exact_rows(WORDS)
    if rows is not None:  # a small embedded library: the exact product with every word's vector the snapshot maps, not
        # a Chroma query (2-8 CPU-ms, and chromadb's import at the first; at five articles its nearest of the 1,129 words
        # was this one, to the bit, for all 98 words the gold, held-out and training-n, -p, -t and -v messages look up)
        best = int(np.argmax(vector_search.products(rows, vector)))  # the first of equal ones
        return library.words[best], float(rows[best] @ vector)
    found = library.store.nearest_vectors(WORDS, vector, 1)
    return max(((w, float(np.asarray(v) @ vector)) for w, v in found.items()), key=lambda wv: wv[1], default=("", 0.0))


def names_an_article(library: Library, question: str) -> bool:
    """The message names one of the articles (bot.names: its publisher or author, "the martinos guy", or its
    title beside a document's noun, "the when-to-be-concerned article") as strongly as the named-article opener
    needs: it asks what that article says, however far its words are from any claim."""
    return any(weight >= NAMED_WEIGHT for weight in article_names(library).named(question).values())
