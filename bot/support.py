"""Is a written sentence supported by the passages it cites? The check behind every model-written answer.

A language model may make an answer read better, never less true: each sentence it writes is kept only
when it cites passages it was given and says what they say. Hard rules first (each one a way a model
states what the passages don't), then a calibrated score:

- it cites at least one passage, and only passages it was given ("[7]" when it had six is unsupported);
- every number and code in it ("400", "3.5", "B12") appears in the cited text, and every unit or dose
  word ("mg", "mmol/L", "IU", "percent") too: "Take 400 mg of magnesium daily [1]" against a passage
  that gives no amount is unsupported, however close its meaning;
- it keeps the cited text's polarity, certainty and causal direction (see changed_meaning): "Caffeine
  does not cause twitching", "Stress always causes twitching", "Twitching can cause dehydration" against
  passages saying it can, may, or the other way round, each of which the model puts within 0.9 of the
  passage; and the roles of its words (bot.clauses): what it denies word by word, the order of causes
  along a chain, no advice the cited text doesn't give;
- it names nothing the cited text doesn't: a capitalized name, or a term of the articles' own
  (Support.swapped_terms: "potassium" where the passage says "magnesium") that is no synonym of a cited word,
  a group of people (Support.new_groups: "in children"), an item added to a list (Support.added_items);
- it keeps each scale's end (DIRECTIONS: "short-term"/"long-term", "up to"/"at least"; bot.clauses:
  "overactive"/"underactive", "too weak to move" denies moving), and each part with its own markers says what
  its own passage says (Support.crossed_part);
- it says the cited words of the thing the cited text says them of (bot.swaps): a table cell under its own
  column, a verb's doer and done-to in their places, a named person in their role, no cause -> effect between
  two things given side by side, no rare word in another's place ("kidney disease" for "cardiovascular disease");
- then a logistic score over how close its meaning comes to the cited text (cosine of the real model's
  vectors) and the share of its content words the cited text uses, against a threshold chosen by
  cross-validation on labelled sentences (`python -m evals.fit_support`; the measurement is in
  bot/data/support_model.json).

    >>> [s.cites for s in split_sentences("Caffeine can cause twitching [1]. So can stress. [2][3] Why?")]
    [(1,), (2, 3), ()]
    >>> split_sentences('It is the “fight or flight response.” [2]. More')[0].cites
    (2,)
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import numpy as np

from bot import clauses, each_clause, swaps
from bot.extractive import shown
from bot.text import STOPWORDS, rare, stem

MODEL_FILE = Path(__file__).parent / "data" / "support_model.json"
FEATURES = ("similarity", "coverage")
SYNONYM = 0.7  # see Support.swapped_terms
# What a group of people is, to the real model (Support.new_groups).
GROUP_PROTOTYPES = ("a group of people", "people of a certain age, sex, occupation or condition")
GROUP, SAME_GROUP = 0.33, 0.85
CROSSED = 0.1  # see Support.crossed_part
OCCASION_NEAR = 0.6  # see Support.new_occasion
SEEN = 4096  # texts whose vectors a Support keeps

MARKERS = re.compile(r"\[\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\]")  # "[2]", "[1, 3]"
# Where a sentence ends: a stop (with any closing quote), then its markers, then a space or the end. A
# stop inside a number ("3.5") is followed by a digit, not a space.
SENTENCE_END = re.compile(r"[.!?]+[\"”’)]*(?:\s*\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\])*[.!?]*(?=\s|$)")
BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")  # a list item's bullet: "- ", "2. "
WORD = re.compile(r"[a-z0-9µ]+(?:['’][a-z]+)?")
# A number with what it counts: "400", "3.5", "2,000" (as "2000"), "B12", "D3".
NUMBER = re.compile(r"[a-zµ]*\d+(?:\.\d+)?")
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
                "fifty": 50, "sixty": 60, "hundred": 100, "thousand": 1000}
# A number word counts as a number when it counts something measured ("two weeks", "seven hours"), not
# in "one of the causes".
COUNTED = (r"(?=\s+(?:or more\s+|to\s+\w+\s+)?(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|"
           r"times?|percent|milligrams?|micrograms?|grams?|cups?|glasses?|servings?|doses?|tablets?|pills?)\b)")
SPELLED = re.compile(r"\b(" + "|".join(NUMBER_WORDS) + r")\b" + COUNTED)
# Units and dose words: each one a sentence uses must be in the cited text.
UNIT = re.compile(r"(?<![a-z])(?:mg|mcg|µg|ug|kg|g|iu|mmol|µmol|umol|meq|ml|dl|l|milligrams?|micrograms?|grams?|"
                  r"international units?|units?|percent|%|doses?|dosages?|tablets?|capsules?|pills?|liters?|litres?|"
                  r"seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?)(?![a-z])")
PER = {"daily": "day", "nightly": "night", "hourly": "hour", "weekly": "week", "monthly": "month", "yearly": "year"}
# Closed word classes, not topics: whether a statement holds (polarity), how surely (certainty), and which
# way a cause runs. A paraphrase keeps all three; a model that flips one states what the passage doesn't.
# Polarity is compared word by word (bot.clauses.flipped_words): a sentence and its passage may both say "not".
# How surely a statement holds, weakest first: "may cause" < "often causes" < "usually causes" < "causes".
# "One possible cause", "among the reasons", "causes include" name one of several, as "can cause" does.
# "Listed as a cause" names one of several, as "causes include" does.
HEDGES = ((r"may|might|can|could|possibly|possible|sometimes|occasionally|rarely|seldom|some|certain|among|one of|"
           r"includes?|including|listed (?:as|among)"),
          r"often|frequent|frequently|common|commonly|many",
          r"usually|typically|generally|mostly|most|majority|likely|tends?")
# A comparative of a frequency word tells how much more often, not how surely: "can make twitches more
# frequent" is as sure as "can increase twitch frequency".
COMPARED = re.compile(r"\b(?:more|less)\s+(?:often|frequent|frequently|common|commonly)\b", re.IGNORECASE)
# "Only rarely" stresses how seldom, it does not say "only": "only" before a word of rarity or a hedge is no absolute.
SELDOM = re.compile(r"\bonly\b(?=\s+(?:rare|rarely|seldom|occasionally|sometimes|a few|few|some|in rare)\b)",
                    re.IGNORECASE)
# "Include electrolyte-rich foods" tells the reader what to do: an instruction, not "causes include" (one of several).
INSTRUCTED = re.compile(r"(^|[.:;!?]\s+)\W*includ(?:e|ing)\b", re.IGNORECASE)
HEDGE = [re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for words in HEDGES]
# A verb that settles what the cited text only suggests is as sure as "always": "twitches confirm ALS" where it says
# they "could indicate" it.
# "Everyone" says "every" of people ("everyone who sees a doctor is given an EMG" where the doctor "may" give one when
# they suspect a condition); "exactly the same" says "completely".
ABSOLUTE = re.compile(r"\b(?:always|every|everyone|everybody|everything|all|completely|entirely|totally|exactly|"
                      r"definitely|certainly|guaranteed?|must|will|only|confirms?|confirmed|confirming|proves?|proved|"
                      r"proven|proving)\b", re.IGNORECASE)
# Which way an amount or a frequency runs: "too much B6" is not "a B6 deficiency", "common in healthy
# subjects" not "rare in healthy people". A sentence may not use one side where its cited text has the other.
DIRECTIONS = {
    # Each verb in all its forms: "lowers cortisol" is on the other side of "elevated cortisol" as "lower" is.
    "more": r"too much|excess\w*|high|higher|increas(?:e|es|ed|ing)|rais(?:e|es|ed|ing)|elevat(?:e|es|ed|ing)|boost\w*|more",
    "less": r"too little|deficien\w*|lack\w*|low|lower(?:s|ed|ing)?|decreas(?:e|es|ed|ing)|reduc(?:e|es|ed|ing)|less|short of|"
            r"shortage|insufficient",
    "common": r"common|commonly|often|frequent\w*|usual|usually|many|most|mostly",
    "rare": r"rare|rarely|seldom|uncommon|unusual|few|occasional\w*",
    # Scales of English a paraphrase keeps: how bad, how long, how fast, which bound.
    "mild": r"mild|minor|slight|slightly|small|harmless|benign",
    "severe": r"severe|serious|significant|major|marked|dangerous",
    "brief": r"short|short-term|brief|briefly|temporary|temporarily|fleeting",
    "lasting": r"long|long-term|lasting|prolonged|persistent|chronic|permanent|permanently",
    "gradual": r"gradual|gradually|slow|slowly",
    "sudden": r"sudden|suddenly|abrupt|abruptly|rapid|rapidly|quick|quickly",
    "at least": r"at least|more than|over|minimum|or more",
    "at most": r"up to|at most|less than|under|maximum|no more than",
    # How hard, and when beside something else: "gentle stretching after workouts" is not "intense stretching
    # before workouts".
    "gentle": r"gentle|gently|moderate|moderately|low-intensity",
    "intense": r"intense|intensive|intensely|vigorous|vigorously|strenuous|high-intensity",
    # The ends of a superlative: "the least worked muscles" where it says "the most worked".
    "most": r"(?<!at )most|greatest|largest",
    "least": r"(?<!at )least|fewest|smallest",
    "before": r"before|prior to",
    "after": r"after|afterwards?",
}
DIRECTION = {side: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for side, words in DIRECTIONS.items()}
OPPOSITE = {"more": "less", "less": "more", "common": "rare", "rare": "common", "mild": "severe", "severe": "mild",
            "brief": "lasting", "lasting": "brief", "gradual": "sudden", "sudden": "gradual", "at least": "at most",
            "at most": "at least", "gentle": "intense", "intense": "gentle", "before": "after", "after": "before",
            "most": "least", "least": "most"}
# Not a side of a scale: "a few seconds" counts (it is no "few", rare); a degree word just before a word of a scale
# says how much of it ("mostly rare", "usually uncommon" are rare, not common).
NO_SIDE = re.compile(r"\ba few\b|\b(?:mostly|usually|generally|typically|often|commonly|very|fairly)\s+(?=(?:rare|rarely|"
                     r"uncommon|unusual|seldom|common|frequent|mild|severe|serious|brief|short|long)\b)", re.IGNORECASE)
# "X causes Y" (the cause before the verb) and "Y is caused by X" (after it).
CAUSES = re.compile(r"\b(?:caus(?:e|es|ing)|leads? to|led to|results? in|resulted in|triggers?|brings? on|prompts?|"
                    r"produces?)\b", re.IGNORECASE)
CAUSED_BY = re.compile(r"\b(?:(?:caused|triggered|brought on|produced|prompted) by|due to|because of|results? from)\b",
                       re.IGNORECASE)


@dataclass(frozen=True)
class Sentence:
    text: str  # as written, without its [n] markers
    cites: tuple[int, ...]  # the passage numbers it names, in order
    # (text, cites) of each part that ends in its own markers, when markers stand inside the sentence too ("X [2],
    # and Y [1]."); empty otherwise.
    parts: tuple[tuple[str, tuple[int, ...]], ...] = ()


def parts_of(piece: str) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """The parts of a sentence that each end in markers, when it has markers inside it, with what they cite.

    >>> parts_of("Sleep loss can overstimulate nerves [2], and eyelid twitching is common [1].")
    (('Sleep loss can overstimulate nerves', (2,)), (', and eyelid twitching is common', (1,)))
    >>> parts_of("Sleep loss can overstimulate nerves [1][2].")
    ()
    """
    out, start = [], 0
    for m in re.finditer(r"(?:\s*\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\])+", piece):
        text = piece[start:m.start()].strip()
        if text.strip(".!?\"”’) "):
            out.append((text, tuple(dict.fromkeys(int(n) for n in re.findall(r"\d+", m.group(0))))))
        start = m.end()
    return tuple(out) if len(out) > 1 and len({c for _, c in out}) > 1 else ()


@dataclass(frozen=True)
class Judgement:
    supported: bool
    reason: str  # why not, or "supported"
    features: tuple[float, ...] = ()  # FEATURES, when the score was reached


def carry_citations(sentences: list[Sentence]) -> list[Sentence]:
    """A citation ending a run of sentences covers the run ("X. Y. [1]"): an uncited sentence takes the
    citations of the next one that cites, and is then checked against them like any other.

    >>> [s.cites for s in carry_citations(split_sentences("A. B [1]. C [2]. D."))]
    [(1,), (1,), (2,), ()]
    """
    out, following = [], ()
    for sentence in reversed(sentences):
        following = sentence.cites or following
        out.append(sentence if sentence.cites else Sentence(sentence.text, following))
    return out[::-1]


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of a written answer, each with the passage numbers it cites (list items are sentences)."""
    out = []
    for line in text.splitlines():
        line = BULLET.sub("", line)
        start = 0
        for end in [m.end() for m in SENTENCE_END.finditer(line)] + [len(line)]:
            piece = line[start:end].strip()
            start = end
            if piece:
                cites = tuple(dict.fromkeys(int(n) for group in MARKERS.findall(piece)
                                            for n in re.split(r"\s*[,;]\s*", group)))
                plain = " ".join(MARKERS.sub(" ", piece).split())
                plain = re.sub(r"\s+([.!?,;:])", r"\1", plain)  # "twitching [1]." -> "twitching."
                plain = re.sub(r"([.!?][\"”’)]+)[.!?]+$", r"\1", plain)  # "response.” [2]." -> "response.”"
                if plain.strip(".!?\"”’) "):
                    out.append(Sentence(plain, cites, parts_of(piece)))
                elif cites and out:  # markers alone ("… response.” [2].") belong to the sentence before
                    out[-1] = Sentence(out[-1].text, tuple(dict.fromkeys(out[-1].cites + cites)))
    return out


def numbers(text: str) -> set[str]:
    """The numbers and codes a text states, normalized.

    >>> sorted(numbers("Normal Range: 3.5–5 mmol/L; take 2,000 IU of vitamin D3 for two weeks, or B12."))
    ['2', '2000', '3.5', '5', 'b12', 'd3']
    >>> numbers("It is one of the most common causes.")
    set()
    """
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text.lower())
    text = SPELLED.sub(lambda m: str(NUMBER_WORDS[m.group(1)]), text)
    return {n.rstrip(".") for n in NUMBER.findall(text)}


RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)")
# A value put outside a range, or denied inside it, is a claim about the value the range does not make.
OUTSIDE = re.compile(r"\b(?:outside|beyond|above|below|over|under|exceeds?|not|isn't|aren't|abnormal|too)\b", re.IGNORECASE)


def within_range(text: str, cited: str) -> set[str]:
    """The sentence's numbers that lie inside a range both it and the cited text state, when it puts none of them
    outside: "25 mEq/L falls inside the 21-28 mEq/L range" where the passage gives 21-28 mEq/L.

    >>> within_range("Yes, 25 mEq/L falls inside the 21-28 mEq/L normal range.", "Normal Range: 21-28 mEq/L")
    {'25'}
    >>> within_range("25 mEq/L is above the 21-28 mEq/L range.", "Normal Range: 21-28 mEq/L"), within_range("25", "21-28")
    (set(), set())
    """
    theirs = {m.groups() for m in RANGE.finditer(cited)}
    ranges = [(float(a), float(b)) for a, b in (m.groups() for m in RANGE.finditer(text)) if (a, b) in theirs]
    if not ranges or OUTSIDE.search(text):
        return set()
    return {n for n in numbers(text) - numbers(cited) if re.fullmatch(r"\d+(?:\.\d+)?", n)
            and any(low <= float(n) <= high for low, high in ranges)}


def units(text: str, measured: bool = True) -> set[str]:
    """Unit and dose words, singular: {"mg", "dose"}. "Daily" is "a day" when it says how often something
    measured is taken ("400 mg daily", counted()); with `measured`, "the daily habits listed" says nothing
    measured (a cited text's every "daily" counts). A time noun always counts: "for weeks", "over a few days".

    >>> sorted(units("Take 400mg (two tablets) daily; 3.6 mmol/L is low"))
    ['day', 'l', 'mg', 'mmol', 'tablet']
    >>> units("One of the daily habits listed is drinking water."), units("It gets worse over a few days.")
    (set(), {'day'})
    """
    text = SPELLED.sub(lambda m: str(NUMBER_WORDS[m.group(1)]), text.lower())  # "two tablets", not "one of"
    text = re.sub(r"\b(?:" + "|".join(PER) + r")\b",
                  lambda m: PER[m.group(0)] if not measured or counted(text[:m.start()]) else " ", text)
    return {u.rstrip("s") if len(u) > 3 else u for u in UNIT.findall(text)}


def counted(before: str) -> bool:
    """Whether what follows comes within three words of a number: "400 mg [daily]", "two tablets [daily]"."""
    return bool(re.search(r"\d\b\W*(?:\w+\W+){0,3}$", before))


def rule_broken(sentence: Sentence, given: dict[int, str]) -> str | None:
    """The first rule the sentence breaks against the passages it cites (n -> text in `given`), or None."""
    if not sentence.cites:
        return "cites no passage"
    unknown = [n for n in sentence.cites if n not in given]
    if unknown:
        return f"cites {', '.join(f'[{n}]' for n in unknown)}, which it was not given"
    text, cited = sentence.text, " ".join(shown(given[n]) for n in sentence.cites)
    extra = sorted(numbers(text) - numbers(cited) - within_range(text, cited))
    if extra:
        return f"states {', '.join(extra)}, which the cited text does not"
    extra = sorted(units(text) - units(cited, measured=False))
    if extra:
        return f"uses {', '.join(extra)}, which the cited text does not"
    names = new_names(text, cited) or clauses.new_names(text, cited)
    if names:
        return f"names {', '.join(names)}, which the cited text does not"
    return (changed_meaning(text, cited, closest_sentence(text, cited)) or changed_roles(text, cited)
            or moved_attribute(text, cited) or said_of_other(text, [shown(given[n]) for n in sentence.cites]))


def said_of_other(text: str, cited: list[str]) -> str | None:
    """Why the sentence says the cited words of another thing than the cited text does (bot.swaps), or None."""
    for passage in cited:
        heading = swaps.crossed_column(text, passage)
        if heading:
            return f"says of the column \"{heading}\" what the cited row gives under another"
    joined = " ".join(cited)
    swapped = swaps.swapped_roles(text, joined)
    if swapped:
        return f"swaps what comes before and after \"{swapped}\" in the cited text"
    link = swaps.new_link(text, joined)
    if link:
        return f"links {link}, which the cited text gives side by side"
    role = swaps.new_role(text, joined)
    if role:
        return f"calls a person named in the cited text {role}, which it does not"
    return None


def changed_roles(text: str, cited: str) -> str | None:
    """Why the sentence gives the cited text's words other roles (bot.clauses), or None."""
    if clauses.reversed_link(text, cited):
        return "puts an effect of the cited text before its cause"
    advice = clauses.advises(text, cited)
    if advice:
        return f"advises ({advice}) where the cited text does not"
    return None


# "X is Y": what a text says its subject is. A subject that starts with a pronoun or a demonstrative ("It is",
# "These contractions are") refers back to one named before it, so it is not another subject.
COPULA = re.compile(r"\b(?:is|are|was|were)\b", re.IGNORECASE)
REFERS_BACK = re.compile(r"\W*(?:it|its|this|these|that|those|they|their|such|he|she|his|her)\b", re.IGNORECASE)


def moved_attribute(text: str, cited: str) -> str | None:
    """What a sentence says its subject is, when a cited sentence says it of another subject, one the sentence never
    names and that cited sentence is not about the sentence's own subject: "Radiculopathy is a degenerative
    condition of the central nervous system" citing "MS is a degenerative condition that affects a person's central
    nervous system" beside a passage on radiculopathy. Two of the predicate's words must be shared.

    >>> moved_attribute("Radiculopathy is a degenerative condition of the brain.",
    ...                 "Radiculopathy may cause twitching. MS is a degenerative condition of the brain.")
    'says of radiculopathy what the cited text says of MS'
    >>> moved_attribute("MS is a degenerative condition of the brain.", "MS is a degenerative condition of the brain.")
    >>> moved_attribute("Twitches are too weak to move a joint.", "These contractions are too weak to move a joint.")
    """
    ours = COPULA.search(text)
    if not ours:
        return None
    subject = {stem(w) for w in content_words(text[:ours.start()]) if not clauses.CLOSED.fullmatch(w)}
    predicate = {stem(w) for w in content_words(text[ours.end():])}
    named = {stem(w) for w in content_words(text)}
    for sentence in cited_sentences(cited):
        theirs = COPULA.search(sentence)
        if not subject or not theirs or REFERS_BACK.match(sentence):
            continue
        other = {stem(w) for w in content_words(sentence[:theirs.start()]) if not clauses.CLOSED.fullmatch(w)}
        said = {stem(w) for w in content_words(sentence[theirs.end():])}
        if (other and len(predicate & said) >= 2 and not other & named
                and not subject & {stem(w) for w in content_words(sentence)}):
            return f"says of {text[:ours.start()].strip().lower()} what the cited text says of {sentence[:theirs.start()].strip()}"
    return None


def cited_sentences(cited: str) -> list[str]:
    """The sentences of a cited text (a claim may hold several)."""
    return [s.text for s in split_sentences(cited)] or [cited]


def closest_sentence(text: str, cited: str) -> str:
    """The cited sentence that shares most of the sentence's words: what a rule of meaning compares it with.
    A claim's other sentence may hedge ("…can cause twitching. Muscle fatigue triggers cramping."), and a
    sentence restating the plain one states nothing more surely than its passage.

    >>> closest_sentence("Fatigue triggers cramping.", "Workouts can cause tears. Muscle fatigue triggers cramping.")
    'Muscle fatigue triggers cramping.'
    """
    words = {stem(w) for w in content_words(text)}
    return max(cited_sentences(cited), key=lambda c: len(words & {stem(w) for w in content_words(c)}))


def new_names(text: str, cited: str) -> list[str]:
    """Words the sentence adds that English hardly uses (bot.text.rare: drugs, diseases, names), found in no
    form in the cited text: "statins" against a passage about caffeine.

    >>> new_names("Statins may cause twitching.", "Caffeine may cause twitching.")
    ['statins']
    >>> new_names("Caffeinated drinks may cause twitching.", "Caffeine may cause twitching.")
    []
    """
    known = {stem(w) for w in content_words(cited)}  # "stiffen" is the cited "stiff" (clauses.derived)
    return [w for w in dict.fromkeys(content_words(text)) if not clauses.derived(stem(w), known) and rare(w)
            and rare(re.sub(r"is(e|ed|es|ing|ation)$", r"iz\1", w))]  # "minimise" is "minimize"


# Negation spelled other ways than bot.clauses reads it: a contraction is its "not" ("don't drink enough" is "do not
# drink enough", which is a lack, as the cited "does not drink enough" is); "rather than" and "instead of" deny what
# follows ("in rested fibers rather than in overworked ones" denies the overworked ones the cited text names).
CONTRACTED = re.compile(r"\b(ca|wo|do|does|did|is|are|was|were|has|have|had|could|would|should|need|must)n['’]t\b",
                        re.IGNORECASE)
CONTRAST = re.compile(r"\b(?:rather than|instead of)\b", re.IGNORECASE)


def spelled_negation(text: str) -> str:
    """The text with its contractions and contrasts spelled as "not".

    >>> spelled_negation("It won't hurt in rested fibers rather than tired ones, and can't last.")
    'It will not hurt in rested fibers not tired ones, and can not last.'
    """
    text = CONTRACTED.sub(lambda m: {"ca": "can", "wo": "will"}.get(m.group(1).lower(), m.group(1)) + " not", text)
    return CONTRAST.sub("not", text)


def changed_meaning(text: str, cited: str, closest: str | None = None) -> str | None:
    """Why a sentence states the cited text with its polarity, certainty or causal direction changed, or None.

    Polarity is compared word by word with the whole cited text (bot.clauses.flipped_words); certainty must
    differ from the whole cited text and from its `closest` sentence (a claim may hedge in one sentence and
    not the next; a sentence may join two passages), the cause's direction from the closest sentence.

    >>> changed_meaning("Most twitches need treatment.", "Most twitches resolve without treatment.")
    'denies or affirms what the cited text does the opposite of (treatment)'
    >>> changed_meaning("Twitching is a sign of ALS.", "Twitching may be a sign of ALS.")
    'states more surely than the cited text'
    >>> changed_meaning("Only rarely may it be a sign of MS.", "Rarely, it may be a sign of MS.") is None
    True
    >>> changed_meaning("Stress always can cause twitching.", "Stress can cause twitching.")
    'says always where the cited text does not'
    >>> changed_meaning("A B6 deficiency can cause twitching.", "Too much B6 can cause twitching.")
    'says less where the cited text says more'
    >>> changed_meaning("Underactive nerves fail to fire.", "Overactive nerves keep firing.")
    'says Underactive where the cited text says the opposite'
    >>> changed_meaning("It is at least 75 percent water.", "It is up to 75 percent water.")
    'says at least where the cited text says at most'
    >>> changed_meaning("Twitching can cause dehydration.", "Dehydration may cause muscle twitching.")
    'reverses the cause and the effect'
    >>> changed_meaning("Too much coffee can bring on twitches.", "Too much caffeine may cause twitching.") is None
    True
    """
    closest = cited if closest is None else closest
    flipped = clauses.flipped_words(spelled_negation(text), spelled_negation(cited))
    if flipped:
        return f"denies or affirms what the cited text does the opposite of ({', '.join(flipped)})"
    if all(certainty(text) > certainty(c) for c in (cited, closest)):
        return "states more surely than the cited text"
    new = {w.lower() for w in ABSOLUTE.findall(SELDOM.sub(" ", text))} - {w.lower() for w in ABSOLUTE.findall(cited)}
    if new:
        return f"says {', '.join(sorted(new))} where the cited text does not"
    ours = {side for side, pattern in DIRECTION.items() if pattern.search(NO_SIDE.sub(" ", text))}
    theirs = {side for side, pattern in DIRECTION.items() if pattern.search(NO_SIDE.sub(" ", cited))}
    flipped = [side for side in ours - theirs if OPPOSITE[side] in theirs]
    if flipped:
        return f"says {flipped[0]} where the cited text says {OPPOSITE[flipped[0]]}"
    moved = scale_flips(text, cited)
    if moved:
        word, side = moved[0]
        return f"says {side} of {word} where the cited text says {OPPOSITE[side]}"
    swapped = clauses.opposite_prefixes(text, cited)
    if swapped:
        return f"says {swapped[0]} where the cited text says the opposite"
    if reversed_cause(text, closest):
        return "reverses the cause and the effect"
    return None


SCALE_ENDS = re.compile(r"[.;:!?()—–]|\b(?:but|which|while|although|though|because|whereas|if|when)\b", re.IGNORECASE)
ANY_SIDE = re.compile("|".join(rf"\b(?:{words})\b" for words in DIRECTIONS.values()), re.IGNORECASE)
# Content words a scale word reaches, up to the next scale word in its clause: in a written sentence, the thing it
# qualifies ("high [magnesium and calcium] levels"); in the cited text, a list after it too ("low levels of
# [magnesium, calcium, or potassium in the blood]").
SCALE_REACH, CITED_REACH = 2, 6


def scaled(text: str, reach: int) -> dict[str, set[str]]:
    """stem -> the sides of a scale (DIRECTIONS) the text puts it on: the first `reach` content words after a scale
    word, within its clause and before the next scale word.

    >>> sorted(scaled("Low levels of magnesium, and too much caffeine", 6)["magnesium"])
    ['less']
    """
    out: dict[str, set[str]] = {}
    text = NO_SIDE.sub(" ", text)
    for side, pattern in DIRECTION.items():
        for m in pattern.finditer(text):
            rest = SCALE_ENDS.split(text[m.end():], maxsplit=1)[0]
            nxt = ANY_SIDE.search(rest)
            for word in content_words(rest[:nxt.start()] if nxt else rest)[:reach]:
                out.setdefault(stem(word), set()).add(side)
    return out


def scale_flips(text: str, cited: str) -> list[tuple[str, str]]:
    """(word, side) for each word the sentence puts on one side of a scale where the cited text puts it only on the
    other ("high magnesium and calcium levels" where it says "low levels of magnesium, calcium, or potassium",
    beside "too much caffeine": the whole-text comparison sees both sides there).

    >>> scale_flips("High magnesium levels cause twitching.", "Low levels of magnesium, or too much caffeine.")
    [('magnesium', 'more'), ('level', 'more')]
    >>> scale_flips("Low magnesium levels cause twitching.", "Low levels of magnesium, or too much caffeine.")
    []
    """
    ours, theirs = scaled(text, SCALE_REACH), scaled(cited, CITED_REACH)
    return [(word, side) for word, sides in ours.items() for side in sorted(sides)
            if word in theirs and OPPOSITE[side] in theirs[word] and side not in theirs[word]]


def certainty(text: str) -> int:
    """How surely a text states what it says: its most certain hedge's level (1-3, see HEDGES), 4 with none.

    >>> certainty("Stress may cause twitching"), certainty("It usually resolves"), certainty("Stress causes it")
    (1, 3, 4)
    >>> certainty("Stay hydrated. Include foods like bananas."), certainty("Causes include stress.")
    (4, 1)
    """
    text = INSTRUCTED.sub(r"\1", COMPARED.sub(" ", text))
    return max((level for level, pattern in enumerate(HEDGE, 1) if pattern.search(text)), default=len(HEDGE) + 1)


def cause_and_effect(text: str) -> tuple[set[str], set[str]] | None:
    """The stems on the cause side and on the effect side of a text's first causal phrase, or None."""
    found = [m for m in (CAUSED_BY.search(text), CAUSES.search(text)) if m]
    if not found:
        return None
    m = min(found, key=lambda m: m.start())

    def side(part: str) -> set[str]:  # what it is about, not how surely it is said ("may", "often")
        return {stem(w) for w in content_words(part) if not any(pattern.fullmatch(w) for pattern in HEDGE)}
    before, after = side(text[:m.start()]), side(text[m.end():])
    return (after, before) if CAUSED_BY.fullmatch(m.group(0)) else (before, after)


def reversed_cause(text: str, cited: str) -> bool:
    """Whether the sentence puts what the cited text gives as the effect in the cause's place, and the cause in
    the effect's ("twitching can cause dehydration" from "dehydration may cause twitching")."""
    ours, theirs = cause_and_effect(text), cause_and_effect(cited)
    if not ours or not theirs:
        return False
    (cause, effect), (cited_cause, cited_effect) = ours, theirs
    return bool(cause & cited_effect and effect & cited_cause and not cause & cited_cause and not effect & cited_effect)


def content_words(text: str) -> list[str]:
    """The words that carry what a text says (no stopwords, no numbers)."""
    # "mark's" is "mark"; "they're", "they'll", "we've" are the pronoun, no name or thing of their own.
    words = (re.sub(r"'(?:s|re|ll|ve|d|m)$", "", w) for w in WORD.findall(text.lower().replace("’", "'")))
    return [w for w in words if w not in STOPWORDS and not w[0].isdigit() and not w.endswith("n't")]  # "can't": polarity


@dataclass(frozen=True)
class SupportModel:
    coef: np.ndarray
    intercept: float
    threshold: float  # keep a sentence whose probability reaches this (chosen by cross-validation)

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> SupportModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert tuple(data["features"]) == FEATURES, f"{path} was fitted on other features: run `make fit-support`"
        return cls(np.array(data["coef"]), float(data["intercept"]), float(data["threshold"]))

    def probability(self, row) -> float:
        return float(1 / (1 + np.exp(-(np.asarray(row) @ self.coef + self.intercept))))


@lru_cache(maxsize=1)
def model() -> SupportModel:
    return SupportModel.load()


class Support:
    """Judges written sentences against the passages they cite, with the real embedding model."""

    def __init__(self, embedder, support_model: SupportModel | None = None, articles: list[str] | None = None):
        self.embedder = embedder
        self.model = support_model
        # The articles' sentences name their terms and list things of one kind (bot.clauses); without them no
        # term is checked.
        self.terms = clauses.article_terms(articles or [])
        self.kin = clauses.siblings(articles or [])
        self.notes = swaps.table_notes(articles or [])  # a table row -> the note under its table
        self.seen: dict[str, np.ndarray] = {}

    def judge(self, sentence: Sentence, given: dict[int, str]) -> Judgement:
        """Whether the sentence is supported by the passages it cites (`given`: n -> the passage's text)."""
        broken = self.broken(sentence, given)
        if broken:
            return Judgement(False, broken)
        cited = [shown(given[n]) for n in sentence.cites]  # without the articles' reference markers
        judged = self.scored(sentence.text, cited)
        weakest = judged.supported and each_clause.weakest_clause(sentence.text, lambda c: self.chance(c, cited),
                                                                  content_words)
        if weakest:  # each clause must be supported on its own, not carried by the others (bot.each_clause)
            return Judgement(False, f"its clause \"{weakest[0]}\" is not supported alone ({weakest[1]:.2f})", judged.features)
        return judged

    def broken(self, sentence: Sentence, given: dict[int, str]) -> str | None:
        """The first rule the sentence breaks (rule_broken, then the checks that ask the model), or None: what drops
        it before any score (evals.fit_support asks the same)."""
        broken = rule_broken(sentence, given)
        if broken:
            return broken
        cited = [shown(given[n]) for n in sentence.cites]
        named = self.names_what_cited_does_not(sentence.text, " ".join(cited), self.note(cited))
        if named:
            return named
        crossed = self.crossed_part(sentence, given)
        if crossed:
            return f"its part \"{crossed}\" says what another passage it cites says, not its own"
        return None

    def crossed_part(self, sentence: Sentence, given: dict[int, str]) -> str | None:
        """A part of the sentence (Sentence.parts) that the model puts closer to a passage another part cites than to
        its own by CROSSED, or None: "Sleep loss overstimulates nerves [2], and eyelids twitch from tiredness [1]"
        with the two passages the other way round."""
        if not sentence.parts or any(n not in given for _, cites in sentence.parts for n in cites):
            return None
        numbers = sorted({n for _, cites in sentence.parts for n in cites})
        passages = dict(zip(numbers, self.vectors(tuple(shown(given[n]) for n in numbers))))
        parts = self.vectors(tuple(text for text, _ in sentence.parts))
        for (text, cites), vector in zip(sentence.parts, parts):
            own = max(float(vector @ passages[n]) for n in cites)
            other = max((float(vector @ passages[n]) for n in numbers if n not in cites), default=-1.0)
            if other > own + CROSSED:
                return text
        return None

    def note(self, cited: list[str]) -> str:
        """The notes under the tables whose rows are cited ("Data gathered from Medscape: Lab Values, Normal Adult"
        under the electrolytes' normal ranges): whom a row's figures are for."""
        return " ".join(dict.fromkeys(self.notes[c] for c in cited if c in self.notes))

    def names_what_cited_does_not(self, text: str, cited: str, note: str = "") -> str | None:
        """Why the sentence names a thing of the articles' or a group of people its cited text (or the `note` under
        its table) doesn't, or None."""
        swapped = self.swapped_terms(text, cited)
        if swapped:
            return f"names {', '.join(swapped)}, which the cited text does not (nor a synonym)"
        groups = self.new_groups(text, f"{cited} {note}".strip())
        if groups:
            return f"says it of {', '.join(groups)}, whom the cited text does not name"
        added = self.added_items(text, cited)
        if added:
            return f"lists {', '.join(added)}, which the cited text does not"
        substituted = self.substituted(text, cited)
        if substituted:
            return f"says {substituted[0]} where the cited text says {substituted[1]}"
        occasion = self.new_occasion(text, cited)
        if occasion:
            return f"says it happens {occasion}, an occasion the cited text does not give"
        denied = self.denied_synonyms(text, cited)
        if denied:
            return f"denies {denied[0]} where the cited text affirms {denied[1]}"
        return None

    def new_occasion(self, text: str, cited: str) -> str | None:
        """An occasion the sentence gives (bot.swaps.new_occasions: "while you are asleep") that the model puts no
        nearer than OCCASION_NEAR to any occasion or content word of its cited text ("after exercise"), or None.
        Measured on the 943 labelled sentences: it fires on 3 unsupported and no supported one; "after working out" for
        "after exercise" is 0.70 (phrase to word), "while you are asleep" 0.16-0.22, "during exercise" for "resting" 0.42."""
        new = swaps.new_occasions(text, cited)
        if not new:
            return None
        theirs = tuple(dict.fromkeys([*swaps.occasions(cited), *content_words(cited)]))
        ours = tuple(o.split(" ", 1)[1] for o in new)  # what happens then, without the "after"
        closest = (self.vectors(ours) @ self.vectors(theirs).T).max(axis=1)
        return next((o for o, near in zip(new, closest) if near < OCCASION_NEAR), None)

    def denied_synonyms(self, text: str, cited: str) -> tuple[str, str] | None:
        """(a word the sentence denies, the cited word it stands for) where the cited text states that word only
        affirmed in another word the model puts within SYNONYM, or None: "does not affect breathing" where it says
        "can impair respiratory function" (breathing/respiratory 0.78). bot.clauses.flipped_words compares the words
        themselves; a paraphrase denies with its own. The words compared are those changed_meaning compares: the
        negator's head, and every word it reaches when the cited text denies nothing."""
        (ours, heads, _), (theirs, _, they_deny) = (clauses.polarity(spelled_negation(t)) for t in (text, cited))
        denied = [w for w, sides in ours.items() if sides == {False} and (w in heads or not they_deny)
                  and not any(w == c or (min(len(w), len(c)) >= 3 and (w.startswith(c) or c.startswith(w)))
                              for c in theirs)]
        affirmed = sorted(w for w, sides in theirs.items() if sides == {True})
        if not denied or not affirmed:
            return None
        words = {stem(w): w for w in content_words(f"{text} {cited}")}  # a stem's word, for the model
        closeness = self.vectors(tuple(words.get(w, w) for w in denied)) @ self.vectors(tuple(words.get(w, w) for w in affirmed)).T
        for i, j in zip(*np.nonzero(closeness >= SYNONYM)):
            return words.get(denied[i], denied[i]), words.get(affirmed[j], affirmed[j])
        return None

    def substituted(self, text: str, cited: str) -> tuple[str, str] | None:
        """(the sentence's word, the cited word) where the sentence names one thing in the place of another between the
        same words (bot.swaps.named_substitutions: "the risk of kidney disease" where it says "the risk of
        cardiovascular disease"), when the model puts them further apart than synonyms (SYNONYM), or None."""
        sides = {side for side, pattern in DIRECTION.items() if pattern.search(cited)}
        for word, old in swaps.named_substitutions(text, cited):
            if any(DIRECTION[side].fullmatch(word) for side in sides):  # "harmless" for "benign": one side of a scale
                continue
            closest = self.vectors((word,)) @ self.vectors(tuple(old)).T
            if closest.max() < SYNONYM:
                return word, " ".join(old)
        return None

    def added_items(self, text: str, cited: str) -> list[str]:
        """Items of the sentence's lists (bot.clauses.list_items) none of whose words the cited text uses or has a
        synonym of (SYNONYM): "a poor diet, too much alcohol, diarrhea, and acid-reflux medicines" where it lists
        the first three; "bananas" added to "dairy products, tofu, nuts". And both things of a pair
        (bot.clauses.pairs) when the cited text names neither: "mostly in the face and tongue" where it says
        "especially in the eyelids and limbs", "the back and neck" for "the arms and legs" (a pair with one new
        thing may be a paraphrase: "weakness and fatigue" for "weakness and tiredness")."""
        added = self.unnamed(clauses.list_items(text), cited)
        for pair in clauses.pairs(text):
            pair = self.things(pair)
            if len(pair) == 2:
                new = self.unnamed(pair, cited)
                added += new if len(new) == 2 else []
        return list(dict.fromkeys(added))

    @staticmethod
    def things(items: list[list[str]]) -> list[list[str]]:
        """Each item's words less the closed classes (how sure, how much, how often: the rules compare those)."""
        closed = [*HEDGE, ABSOLUTE, *DIRECTION.values()]  # "more often": how, not what
        items = [[w for w in item if w not in STOPWORDS and not clauses.CLOSED.fullmatch(w)
                  and not any(pattern.fullmatch(w) for pattern in closed)] for item in items]
        return [item for item in items if item]

    def unnamed(self, items: list[list[str]], cited: str) -> list[str]:
        """The items (lists of words) none of whose words, nor a synonym of one (SYNONYM), the cited text uses."""
        known = {stem(w) for w in content_words(cited)} | clauses.acronyms(cited)  # "MS" for "multiple sclerosis"
        known |= {stem(a + b) for a, b in pairwise(content_words(cited))}  # "warm ups", "warmups"
        # An item of causal links alone ("…, causing brief contractions" less its closed words) names no thing: the
        # causal rules compare links.
        # An item is named by any of its words the cited text uses, a closed one too: "how often it occurs" is the
        # cited "how often it happens"; only the words left are then compared by meaning.
        items = [item for item in items if not any(stem(w) in known for w in item)]
        items = [item for item in self.things(items) if not any(stem(a + b) in known for a, b in pairwise(item))
                 and not all(clauses.LINK.fullmatch(w) for w in item)]
        cited_words = sorted(set(content_words(cited)))
        if not items or not cited_words:
            return [" ".join(item) for item in items]
        closest = (self.vectors(tuple(w for item in items for w in item)) @ self.vectors(tuple(cited_words)).T).max(1)
        out, at = [], 0
        for item in items:
            if closest[at:at + len(item)].max() < SYNONYM:
                out.append(" ".join(item))
            at += len(item)
        return out

    def new_groups(self, text: str, cited: str) -> list[str]:
        """Groups of people the sentence names that its cited text doesn't ("in children"; "teenagers and adults"
        where it says adults 18 to 60). A group word is one the model puts near GROUP_PROTOTYPES (mean cosine >=
        GROUP; measured: children 0.39, teenagers 0.48, adults 0.52, women 0.40, seniors 0.43, smokers 0.38,
        athletes 0.34; caffeine, muscles, disease, doctor, anxiety <= 0.27), but not a word for anyone ("person",
        bot.clauses.CLOSED: what the cited text says, it says of people). A synonym of a cited word (SYNONYM)
        names no new group, unless the cited text names a group itself: then only a near-copy (SAME_GROUP) does,
        since the model puts groups near one another (teenagers/adults)."""
        known = {stem(w) for w in content_words(cited)} | clauses.acronyms(cited)
        words = [w for w in dict.fromkeys(content_words(text)) if stem(w) not in known and w not in known
                 and not clauses.CLOSED.fullmatch(w)]
        cited_words = sorted(set(content_words(cited)))
        if not words or not cited_words:
            return []
        prototypes = self.vectors(GROUP_PROTOTYPES)

        def groups(vectors):
            return (vectors @ prototypes.T).mean(axis=1) >= GROUP
        vectors, cited_vectors = self.vectors(tuple(words)), self.vectors(tuple(cited_words))
        same = SAME_GROUP if groups(cited_vectors).any() else SYNONYM
        closest = (vectors @ cited_vectors.T).max(axis=1)
        return [w for w, group, near in zip(words, groups(vectors), closest) if group and near < same]

    def swapped_terms(self, text: str, cited: str) -> list[str]:
        """The articles' terms the sentence uses where the cited text has neither them nor a synonym
        (bot.clauses.swapped_candidates): the real model puts synonyms at 0.78-0.91 ("tiredness"/"fatigue",
        "medicines"/"medications", "workout"/"exercise") and things of one kind at 0.55-0.58 ("calcium"/
        "magnesium", "magnesium"/"sodium", "calf"/"legs"), so a word closer than SYNONYM is the same thing."""
        found, cited_words = clauses.swapped_candidates(text, cited, self.terms, self.kin)
        # A word on the side of a scale the cited text puts a word on too says the same ("harmless" for "benign",
        # cosine 0.60; the scale rules compare sides): not a term swapped.
        sides = {side for side, pattern in DIRECTION.items() if pattern.search(cited)}
        found = [w for w in found if not any(DIRECTION[side].fullmatch(w) for side in sides)]
        if not found or not cited_words:
            return found
        closeness = self.vectors(tuple(found)) @ self.vectors(tuple(cited_words)).T
        return [w for w, best in zip(found, closeness.max(axis=1)) if best < SYNONYM]

    def scored(self, text: str, cited: list[str]) -> Judgement:
        """The calibrated score of a sentence that breaks no rule, against the texts it cites."""
        row = self.features(text, cited)
        chance = (self.model or model()).probability(row)
        threshold = (self.model or model()).threshold
        if chance < threshold:
            return Judgement(False, f"not close enough to the cited text ({chance:.2f} < {threshold:.2f})", row)
        return Judgement(True, "supported", row)

    def chance(self, text: str, cited: list[str]) -> float:
        """The fitted model's probability that the text is supported by the cited texts."""
        return (self.model or model()).probability(self.features(text, cited))

    def features(self, text: str, cited: list[str]) -> tuple[float, ...]:
        """FEATURES of a sentence against its cited texts."""
        joined = " ".join(cited)
        # The closest of: each cited text, all of them, and each of their sentences (a short written sentence
        # restating one sentence of a long claim is as close as that sentence).
        pieces = dict.fromkeys([*cited, joined, *(c for text_ in cited for c in cited_sentences(text_))])
        vectors = self.vectors((text, *pieces))
        similarity = float((vectors[1:] @ vectors[0]).max())
        words = content_words(text)
        cited_words = content_words(joined)
        known = {stem(w) for w in cited_words} | {stem(a + b) for a, b in pairwise(cited_words)}
        # A compound written open or closed is one word: "warm-ups" is the cited "warmups".
        joins = {i for i, (a, b) in enumerate(pairwise(words)) if stem(a + b) in known}
        new = [w for i, w in enumerate(words) if stem(w) not in known and i not in joins and i - 1 not in joins]
        coverage = 1 - len(new) / len(words) if words else 1.0
        return similarity, coverage

    def vectors(self, texts: tuple[str, ...]) -> np.ndarray:
        """The real model's vectors, each text embedded once: an answer's sentences cite the same passages, and the
        checks ask for the same words and prototypes again."""
        missing = [t for t in dict.fromkeys(texts) if t not in self.seen]
        if missing:
            if len(self.seen) + len(missing) > SEEN:
                self.seen.clear()
            self.seen.update(zip(missing, self.embedder.embed(missing)))
        return np.array([self.seen[t] for t in texts]) if texts else self.embedder.embed([])
