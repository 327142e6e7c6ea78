"""What a sentence says a claim holds for, against the cited text: of whom, under which condition, ranked how.

A model that keeps the cited words can still widen or move what they are said of. Each way is a kind, read from the
roles of words, not a list of the articles' topics:

- a condition dropped (dropped_condition): "If the doctor thinks the twitching is due to an underlying condition, they
  will give … a series of tests" restated as "Anyone who sees a doctor … will be given a series of tests" (ws26-013);
- a ranking added (new_ranking): "the most common trigger" of one thing the cited text lists among several, with no
  superlative of its own ("caffeine consumption is the most common trigger", ws26-019);
- what is said of one named thing moved to another the cited text names in another sentence (moved_to_name):
  "Eyelid myokymia may require medical evaluation" where the sentence saying "may require medical evaluation" is about
  blepharospasm and myokymia is named only in the sentence before (ws26-065);
- a person named by their field (named_person): "a neurologist" where the cited text has only "neurological"
  conditions (ws26-024): bot.text.stem makes the two one word, but one is a person the cited text never names.
"""
from __future__ import annotations

import re

from bot.clauses import CLOSED
from bot.coverage import content_words
from bot.sentences import cited_sentences
from bot.text import rare, stem

# A condition leading its sentence, up to the comma that ends it: "If [the doctor thinks …], they will give …".
CONDITION = re.compile(r"^\W*(?:if|when|whenever|unless|in case)\s+([^,;]+),\s*(.+)$", re.IGNORECASE | re.DOTALL)
# A condition that points at a list elsewhere ("if you experience any of the following") is the list's heading: each item
# restated is the condition itself (ws5-035, ws15-062: supported).
POINTS_AWAY = re.compile(r"\b(?:following|these|those|this|above|below|any of)\b", re.IGNORECASE)
# What widens a claim to everyone. Without one, a dropped condition is often a paraphrase's shortening: "the provider will
# start with a detailed history …" for "if your symptoms raise concern, your provider will start …" (ws11-045, ws13-051,
# ws15-082, supported); with one, it states for all what holds under the condition (ws26-013).
UNIVERSAL = re.compile(r"\b(?:any(?:one|body)|every(?:one|body)|whoever|every\s+(?:person|patient|case|time)|"
                       r"all\s+(?:patients|people|cases))\b", re.IGNORECASE)
# A sentence that keeps a condition or a doubt of its own does not state the main clause for everyone.
OWN_CONDITION = re.compile(r"\b(?:if|when|whenever|unless|once|in case|provided|depending|depends|suspects?|suspected|"
                           r"thinks?|believes?|may|might|could|can|some|sometimes|certain|possibly)\b", re.IGNORECASE)
# The main clause restated: this many of its content words, and at least half of them (measured on the labelled sets,
# see evals.fit_support). The condition kept: at least this share of its own content words (those the main clause does
# not also use). A paraphrase of a condition keeps its nouns ("if an underlying cause is suspected").
MAIN_SHARED, CONDITION_KEPT = 2, 1 / 3


def stems(text: str) -> set[str]:
    return {stem(w) for w in content_words(text) if not CLOSED.fullmatch(w)}


def dropped_condition(text: str, cited: str) -> str | None:
    """The condition of a cited sentence whose main clause the sentence states with no condition of its own, or None.

    >>> dropped_condition("Anyone who sees a doctor about twitching will be given a series of tests.",
    ...                   "If the doctor thinks a person's muscle twitching is due to an underlying condition, they will "
    ...                   "give the individual a series of tests.")
    "the doctor thinks a person's muscle twitching is due to an underlying condition"
    >>> dropped_condition("If an underlying condition is suspected, the doctor will order tests.",
    ...                   "If the doctor thinks twitching is due to an underlying condition, they will order tests.")
    >>> dropped_condition("A doctor may run tests.", "If the doctor thinks it is serious, they will run tests.")
    >>> dropped_condition("The provider will start with a history.", "If your symptoms raise concern, your provider will "
    ...                   "start with a history.")
    """
    if OWN_CONDITION.search(text) or not UNIVERSAL.search(text):
        return None
    ours = stems(text)
    for sentence in cited_sentences(cited):
        m = CONDITION.match(sentence)
        if not m or POINTS_AWAY.search(m.group(1)):
            continue
        main = stems(m.group(2))
        condition = stems(m.group(1)) - main
        shared = ours & main
        if (condition and len(shared) >= MAIN_SHARED and 2 * len(shared) >= len(main)
                and len(ours & condition) < CONDITION_KEPT * len(condition)):
            return m.group(1).strip()
    return None


# A ranking: one thing above all the others of its kind ("the most common trigger", "the leading cause", "most often").
RANKING = re.compile(r"\b(?:most\s+(?:common|commonly|frequent|frequently|often|likely|usual|typical|important)|"
                     r"leading|commonest|number one|top)\b", re.IGNORECASE)
# Any superlative or ranking the cited text makes itself: then a ranking may restate it ("mostly recognized by medical
# students" ranks them).
SUPERLATIVE = re.compile(r"\b(?:most|mostly|least|main|chief|primary|leading|top|first|biggest|greatest|\w{3,}est)\b",
                         re.IGNORECASE)


def new_ranking(text: str, cited: str) -> str | None:
    """The ranking the sentence makes where the cited text ranks nothing, or None.

    >>> new_ranking("Caffeine is the most common trigger of twitching.", "Triggers include stress, caffeine and fatigue.")
    'most common'
    >>> new_ranking("Stress is the most common cause.", "The most common cause is stress.")
    >>> new_ranking("Twitches most often affect the eyelids.", "They most commonly affect the eyelids.")
    """
    found = RANKING.search(text)
    if found and not SUPERLATIVE.search(cited):
        return found.group(0).lower()
    return None


# The thing a moved predicate is said of: a word English hardly uses (bot.text.rare: a condition, a muscle, a test).
# The predicate restated: this many content words shared with the cited sentence, besides the names.
MOVED_SHARED = 3


def moved_to_name(text: str, cited: str) -> tuple[str, str] | None:
    """(the sentence's name, the cited sentence's) when the sentence restates a cited sentence about one named thing but
    names another the cited text names only in another sentence, and not the first, or None.

    >>> moved_to_name("Eyelid myokymia may require medical evaluation if it interferes with vision.",
    ...               "Eyelid twitching (myokymia) is common. However, eyelid spasms (blepharospasm) may require medical "
    ...               "evaluation if they interfere with vision.")
    ('myokymia', 'blepharospasm')
    >>> moved_to_name("Blepharospasm may require medical evaluation if it interferes with vision.",
    ...               "Eyelid twitching (myokymia) is common. However, eyelid spasms (blepharospasm) may require medical "
    ...               "evaluation if they interfere with vision.")
    """
    sentences = cited_sentences(cited)
    if len(sentences) < 2:
        return None
    words = {w.lower() for w in content_words(text)}
    ours = {stem(w) for w in words}
    names = {w for w in words if rare(w)}
    shared = [(len(ours & stems(s)), s) for s in sentences]
    best, closest = max(shared, key=lambda pair: pair[0])
    theirs = {w.lower() for w in content_words(closest)}
    own = sorted(w for w in theirs if rare(w) and stem(w) not in ours)
    for name in sorted(names):
        if stem(name) in {stem(w) for w in theirs} or not own:
            continue
        elsewhere = [s for s in sentences if stem(name) in stems(s)]
        if not elsewhere or best - 1 <= max(len(ours & stems(s)) for s in elsewhere):
            continue
        # the predicate: the words shared with the closest sentence and with no sentence naming the name
        predicate = (ours & stems(closest)) - set().union(*(stems(s) for s in elsewhere))
        # the name is what the predicate is said of: it comes before all of it ("Eyelid myokymia may require …"), not
        # after ("… don't wait: a neurologist can help", ws17-010, supported)
        before = {stem(w) for w in content_words(text[:text.lower().find(name)])}
        if len(predicate) >= MOVED_SHARED and not predicate & before:
            return name, own[0]
    return None


# A person named by a field: "neurologist", "physiotherapist", "dietician"; "neurological", "therapy" name no one.
PERSON = re.compile(r"[a-z]{4,}(?:ists?|icians?)$", re.IGNORECASE)


def named_person(word: str, cited: str) -> bool:
    """Whether the word names a person by a field (PERSON) where the cited text names no person of that field.

    >>> named_person("neurologist", "patients with neurological conditions")
    True
    >>> named_person("neurologist", "I see my neurologists often"), named_person("neurological", "a neurologist")
    (False, False)
    """
    if not PERSON.search(word):
        return False
    return not any(PERSON.search(w) and stem(w) == stem(word) for w in content_words(cited))
