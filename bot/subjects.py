"""What each claim is about, read from how the articles are laid out: the subject of its own unit
(a table row's first cell, a list item's label, its section's heading) and those of the units beside it.

A question about calcium must not be answered with the magnesium-rich foods line, nor "what's a normal
potassium level?" with sodium's range: both sit right next to the asked one, share its words ("deficiency",
"Normal Range") and come close to the question in meaning. The articles say which is which by their layout:
"## Calcium deficiency" and "## Magnesium deficiency" are sibling sections, "Sodium (Na)" and "Potassium (K)"
sibling rows of one table. A unit's subject is the words of its label that its siblings' labels don't share
("calcium", not "deficiency"); a claim is about a sibling when the question names a sibling's subject and not
its own. No list of subjects: any article with headings, tables or labelled lists gets the same.
"""
from __future__ import annotations

import re
import sys
import weakref
from dataclasses import dataclass
from functools import cache

from wordfreq import zipf_frequency

from bot.claims import ClaimIndex, claims_code
from bot.derived import code_stamp
from bot.text import TOKEN, terms

# A labelled row or item: "Potassium (K) — Normal Range: 3.5-5 mmol/L", "Stress and anxiety: Elevated cortisol…"
LABEL_END = re.compile(r"\s(?:—|–)\s|:\s")
LABEL_WORDS = 8  # a label is short
# A question asking for what lies beside the subjects it names: "besides stress, sleep and caffeine, what other
# reasons…", "other than stress, sleep… does martinos mention any other reasons?". When one of its subject words
# follows such a word (excluded_subjects), its siblings are what it asks for; "sodium too low -- what can that cause
# besides cramps?" still asks about sodium alone. English's closed class of exclusion words; tests/test_siblings.py
# holds the examples that must and must not match.
EXCLUDING = re.compile(r"\b(?:besides|beside|other than|apart from|aside from|except(?: for)?|excluding)\b",
                       re.IGNORECASE)
# What it sets aside ends where the question goes on: at a question word or the sentence's end ("besides the twitching
# he has, what else can low sodium cause?" sets aside the twitching, not sodium).
EXCLUDED_END = re.compile(r"[?.!;]|\b(?:what|which|how|why|who|where|when|can|could|does|do|did|is|are|should|will|"
                          r"would)\b", re.IGNORECASE)


def excluded_subjects(question: str, subject_words: set[str]) -> set[str]:
    """The subject words the question sets aside ("besides stress, sleep, caffeine…").

    >>> sorted(excluded_subjects("besides stress sleep caffeine, what else?", {"stress", "sleep", "sodium"}))
    ['sleep', 'stress']
    >>> excluded_subjects("besides the twitching he has, what else can low sodium cause?", {"sodium"})
    set()
    """
    found: set[str] = set()
    for match in EXCLUDING.finditer(question):
        after = question[match.end():]
        end = EXCLUDED_END.search(after)
        found |= set(terms(after[:end.start()] if end else after)) & subject_words
    return found


# A label's word common in English ("Not getting enough sleep": "getting", "enough") names no subject; at most
# this Zipf frequency (wordfreq) it may: "sleep" 5.05, "stress" 4.73, "calcium" 3.82; "certain" 5.16, "get" 6.28.
COMMON = 5.1

_cache: weakref.WeakKeyDictionary[ClaimIndex, Subjects] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Level:
    own: frozenset[str]  # the subject words of the claim's unit at this level
    siblings: frozenset[str]  # those of the units beside it


@dataclass(frozen=True)
class Subjects:
    """claim index -> its levels, most specific (row, item) first, then its section; and which subject words
    are siblings anywhere in the articles ("calcium" -> "magnesium", "sodium", …)."""
    levels: list[tuple[Level, ...]]
    siblings: dict[str, frozenset[str]]
    close: dict[str, frozenset[str]]  # the siblings among rows of one table, items of one list
    claim_words: list[frozenset[str]]

    def about(self, claim: int) -> frozenset[str]:
        """The subject words a claim is about: its own (its row's or item's label, its section's heading), and each
        word of it none of whose siblings it names ("Hyperkalemia (high potassium levels) can cause…" is about
        potassium); not a word it names beside its siblings ("…a series of tests. This may include electromyography"
        is about the tests as a group, not the "Blood tests" item)."""
        words = self.claim_words[claim]
        return self.own(claim) | frozenset(t for t in words if t in self.close and not words & self.close[t])

    def names_sibling(self, claim: int, asked: set[str], close: bool = False) -> bool:
        """The claim leaves out an asked subject word and names a sibling of it that was not asked, nor any
        asked sibling: the magnesium foods line under "which foods have calcium?", sodium's range under "what's
        a normal potassium level?"; not the magnesium line under "does magnesium or calcium help?", nor
        chloride's range under "normal bicarbonate range? and chloride?". `close`: siblings as rows of one
        table or labelled items of one list only, not sections (every cause of twitching is a section)."""
        words, related = self.claim_words[claim], self.close if close else self.siblings
        return any(t not in words and words & (related[t] - asked) and not words & asked & related[t]
                   for t in asked if t in related)

    def own(self, claim: int) -> frozenset[str]:
        """The claim's own subject words at every level (its row's or item's label, its section's heading)."""
        return frozenset().union(*(level.own for level in self.levels[claim]))

    def matches(self, claim: int, asked: set[str]) -> bool:
        """The question names the subject of this claim at some level."""
        return any(level.own & asked for level in self.levels[claim])

    def sibling_asked(self, claim: int, asked: set[str], specific: bool = True) -> bool:
        """The question names a sibling's subject and not this claim's, at its most specific level
        (`specific`) or at its section's."""
        levels = self.levels[claim]
        if not levels:
            return False
        level = levels[0] if specific else levels[-1]
        return bool(level.siblings & asked) and not level.own & asked


def subjects(index: ClaimIndex) -> Subjects:
    """The subjects of every claim of the index (found once per generation and kept beside it, bot.derived:
    building them took 2-3 CPU-s of the first question at 1,000 articles)."""
    found = _cache.get(index)
    if found is None:
        kept = index.library.kept("subjects", lambda: {"subjects": build(index)}, subjects_code())
        found = _cache[index] = kept["subjects"]
    return found


@cache
def subjects_code() -> str:
    """The version of the code that finds the subjects: this module's, wordfreq's, and the claims' (bot.claims)."""
    return code_stamp([sys.modules[__name__]], packages=("wordfreq",)) + claims_code()


def distinct(labels: dict[object, set[str]]) -> dict[object, frozenset[str]]:
    """Each label's words that no other label of its group uses.

    >>> sorted(distinct({1: {"calcium", "defici"}, 2: {"magnesium", "defici"}, 3: {"sleep"}})[1])
    ['calcium']
    """
    counts: dict[str, int] = {}
    for words in labels.values():
        for t in words:
            counts[t] = counts.get(t, 0) + 1
    return {key: frozenset(t for t in words if counts[t] == 1) for key, words in labels.items()}


def naming(text: str, common: set[str]) -> set[str]:
    """The stems of a label's words that may name a subject: not common in English, nor the articles' own.

    >>> sorted(naming("Not getting enough sleep", set())), sorted(naming("Calcium deficiency", set()))
    (['sleep'], ['calcium', 'defici'])
    """
    rare = " ".join(w for w in TOKEN.findall(text.lower()) if zipf_frequency(w, "en") < COMMON)
    return set(terms(rare)) - common


def label(text: str) -> str:
    """A row's or item's label: what comes before its dash or colon; none without one (a checklist's
    "Drink at least 2 liters of water" names what to do, not a subject beside others).

    >>> label("Potassium (K) — Normal Range: 3.5-5 mmol/L"), label("poor diet")
    ('Potassium (K)', '')
    """
    match = LABEL_END.search(text)
    return " ".join(text[:match.start()].split()[:LABEL_WORDS]) if match else ""


def build(index: ClaimIndex) -> Subjects:
    library = index.library
    # Sections: sibling headings share their parent path within one article.
    sections: dict[tuple[str, str], dict[str, set[str]]] = {}  # (doc, parent path) -> heading path -> words
    for passage in library.passages.values():
        path = [part.strip() for part in passage.heading.split("›")] if passage.heading else []
        if path:
            parent = " › ".join(path[:-1])
            sections.setdefault((passage.doc_id, parent), {})[passage.heading] = naming(path[-1], library.subject_terms)
    section_level: dict[tuple[str, str], Level] = {}  # (doc, heading path) -> its Level
    related: dict[str, set[str]] = {}  # subject word -> the subject words of its siblings
    close: dict[str, set[str]] = {}  # ...of its sibling rows or items

    def relate(own: dict, into: dict[str, set[str]]) -> None:
        for key, words in own.items():
            for t in words:
                into.setdefault(t, set()).update(o for other, ws in own.items() if other != key for o in ws)

    for (doc, _), group in sections.items():
        own = distinct(group)
        relate(own, related)
        for heading, words in own.items():
            others = frozenset(t for other, o in own.items() if other != heading for t in o) - words
            section_level[(doc, heading)] = Level(words, others if len(group) > 1 else frozenset())
    # Units: the rows of one table, the items of one list (one lead-in).
    units: dict[object, dict[int, set[str]]] = {}  # group -> claim -> label words
    for n, claim in enumerate(index.claims):
        first = library.sentences[claim.sentences[0]]
        passage = library.passages[first.passage_id]
        group = (("lead", claim.lead) if claim.lead is not None
                 else (passage.kind, passage.id) if passage.kind in ("table", "list") else None)
        if group is not None:
            units.setdefault(group, {})[n] = naming(label(index.readable(claim)), library.subject_terms)
    unit_level: dict[int, Level] = {}
    for group in units.values():
        if len(group) < 2:
            continue
        own = distinct(group)
        relate(own, related), relate(own, close)
        for n, words in own.items():
            unit_level[n] = Level(words, frozenset(t for m, o in own.items() if m != n for t in o) - words)
    levels = []
    for n, claim in enumerate(index.claims):
        first = library.sentences[claim.sentences[0]]
        passage = library.passages[first.passage_id]
        found = [level for level in (unit_level.get(n), section_level.get((passage.doc_id, passage.heading)))
                 if level is not None and level.own]
        levels.append(tuple(found))
    siblings = {t: frozenset(others - {t}) for t, others in related.items() if others - {t}}
    close_siblings = {t: frozenset(others - {t}) for t, others in close.items() if others - {t}}
    # A claim's words, with those of its compounds ("magnesium-rich" also says "magnesium").
    words = [frozenset(index.claim_terms[n] | set(terms(index.text(claim).replace("-", " "))))
             for n, claim in enumerate(index.claims)]
    return Subjects(levels, siblings, close_siblings, words)
