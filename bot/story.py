"""Which claim opens an answer about one person's story in the articles (issue 21): a case study's patient ("what did
Mark's EMG find?") or the writer himself ("does the physical therapist who wrote the blog get twitches himself?").
Both stories are told in a few sentences the relevance model rates low against the articles' general statements
(it was fitted on questions about the reader's twitching), and before this a case question opened with the story's
first sentence ("Mark, a 52-year-old teacher, first noticed…", put first by reading order) and a question about the
writer's own twitches with a general claim. The story's sentences are found by the articles' structure, not listed:
a section headed "Case Study" (bot.claims.CASE_STUDY) and the writer's first person (bot.claims.FIRST_PERSON) in an
article that names its author."""
from __future__ import annotations

import re

import numpy as np

from bot.lexical import bm25_scores
from bot.memo import once_per
from bot.names import NAMED_WEIGHT, article_names
from bot.personal import personal
from bot.sources import NAME_SENTENCES
from bot.text import terms

# A question about the writer's own experience, not only what the writer says (examples that must and must not match:
# tests/test_story.py): "himself", "his own twitches", "the physical therapist's own", "does it worry him", "where
# in his body". "What does he say you should do…" asks what the article says: no story. "my own" is the reader's.
SELF = re.compile(r"\b(?:him|her)self\b|\b(?:her|(?!(?:its|it['’]s|yours|ours|theirs)\b)[a-z]+(?:['’]s|s['’]?)) own\b"
                  r"|\b(?:worr(?:y|ies)|bothers?|concerns?|scares?) (?:him|her)\b"
                  r"|\b(?:his|her) (?:body|mind|twitch\w*|patients|experience|job|work)\b"
                  r"|\bdoes (?:he|she) (?:get|have|feel|see|treat|evaluate)\b", re.IGNORECASE)
# Not what goes "away on its own" ("on it's own", "on his own": by itself), which the possessive branch would match.
BY_ITSELF = re.compile(r"\bon (?:its|it['’]s|their|his|her) own\b", re.IGNORECASE)


# A question about a person the articles quote (examples that must and must not match: tests/test_story.py): "the
# neurologist they quoted", "which neurologist is quoted", "the Kimura quote", "who said…".
QUOTED = re.compile(r"\bquot(?:e|es|ed|ing|ation|ations)\b|\bwho said\b|\bsaid by\b", re.IGNORECASE)
# A quotation's sentences: from one opening with a quote mark to the one closing it ("“Fasciculations occur commonly…”1"
# under "-Dr. Jun Kimura"; "“Most muscle twitches are benign…" and "But if they persist beyond two weeks…” — Dr. Alan
# Reyes"), each passage read in order. An answer shows a quotation whole with its attribution
# (ClaimIndex.shown_context closes it).
OPEN, CLOSE = "“", "”"


def find_quoted(library) -> frozenset[int]:
    """The sentences (indices) inside a quotation, as find above."""
    found = set()
    for indices in library.sentences_of.values():
        inside = False
        for i in indices:
            text = library.sentences[i].readable
            if inside or text.lstrip().startswith(OPEN):  # not a word in scare quotes: "these “bad” diseases"
                found.add(i)
            for mark in re.findall(f"[{OPEN}{CLOSE}]", text):
                inside = mark == OPEN
    return frozenset(found)


quoted_sentences = once_per(find_quoted)


def find_case_words(index) -> frozenset[str]:
    """The words a case study's sentences use that few of the articles' sentences do (at most NAME_SENTENCES, as a
    byline's name word: "mark", "teacher", "thumb"), and the case's topics (index.case_study_topics: "als")."""
    library = index.library
    said = {t for claim in index.claims if claim.case_study for i in claim.sentences
            for t in terms(library.sentences[i].readable)}
    return frozenset({t for t in said if len(t) >= 3 and library.term_sentences.get(t, 0) <= NAME_SENTENCES}
                     | set(index.case_study_topics) | set(terms(STORY_WORDS)))


# The words a question names a story by whatever it tells (bot.claims.CASE_STUDY and STORY): they name no part of it.
STORY_WORDS = "case study report history story stories"


case_words = once_per(find_case_words)


def names_case(index, query: str) -> bool:
    """Whether a question about a case study (index.about_case) names this one by a word of its story or topic:
    "what did Mark's EMG find?", "the teacher", "the ALS case study"; not "whats the story with the LGI1 antibody
    guy" nor "which case report… the woman from somewhere" (stories told outside a case-study section, where the
    case's best claim was 5 or more log-odds below the best and opening with Mark's was wrong)."""
    return index.about_case(query) and bool(set(terms(query)) & (case_words(index) - set(terms(STORY_WORDS))))


def asks_about_self(query: str) -> bool:
    """Whether the question asks about the writer's own experience (SELF), not the reader's.

    Example: "how long do the physical therapist's own twitches last?" -> True; "what does he say you should do?" ->
    False.
    """
    return bool(SELF.search(BY_ITSELF.sub(" ", query)))


def story_opener(index, query: str, claims: list, candidates: list[int], likely: np.ndarray) -> int | None:
    """The position of the claim that opens an answer about a story: of a person the articles quote, the most likely
    quotation (QUOTED, find_quoted); of a case study, its claim the model rates
    most likely when the question asks about the case and names it (names_case); of the writer, their most likely
    first-person claim when the question asks about the writer (index.about_author) and their own experience
    (asks_about_self). None when the question asks about neither, or no such claim may be said (likely -inf).

    Measured on the 37 labelled case questions of the spent sets whose gold is in the case (training c-x, sealed
    a-y): the case claim best matched (BM25) by the question's words that don't name the story is gold evidence
    for 25; the case's most likely claim for 20, its first sentence (which opened before) for 11, the claim closest
    to the question for 19, the best BM25 match of all the question's words for 16."""
    if not len(likely) or not np.isfinite(likely).any():
        return None
    if names_case(index, query):
        own = [j for j in range(len(claims)) if claims[j].case_study and np.isfinite(likely[j])]
        # Which part of the story is asked is said by the question's other words: those naming the story ("Mark",
        # "teacher", "case study") are what each of its sentences is about, and the model, reading them, rated the
        # story's opening sentence first ("Mark, a 52-year-old teacher, first noticed…" under "what finally made
        # Mark go see a neurologist?"). Ties, and a question of story words alone, go by the model.
        # (the articles' subject words left out too: "twitching" in "where did his twitching start?" picked "Over three
        # months, the twitching spread…")
        rest = [t for t in terms(query) if t not in case_words(index) and t not in index.library.subject_terms]
        found = bm25_scores(index.bm25, rest) if rest else np.zeros(len(index.claims))
        return max(own, key=lambda j: (float(found[candidates[j]]), likely[j])) if own else None
    elif QUOTED.search(query):
        said, quoted = index.library.sentences, quoted_sentences(index.library)
        own = [j for j in range(len(claims)) if np.isfinite(likely[j]) and claims[j].sentences[0] in quoted]
        # ...of the article the question names, when it names one ("the neurologist quoted in the 'when to be
        # concerned' article" opened with the Martinos post's Kimura quote, rated likelier)
        named = article_names(index.library).named(query, by_role=False)
        top = max(named.values(), default=0.0)
        if top >= NAMED_WEIGHT:
            own = [j for j in own if named.get(said[claims[j].sentences[0]].doc_id, 0.0) >= top - 1e-9]
    elif index.about_author(query) and asks_about_self(query):
        own = [j for j in range(len(claims)) if np.isfinite(likely[j]) and personal(index, candidates[j])]
    else:
        return None
    return max(own, key=lambda j: likely[j]) if own else None
