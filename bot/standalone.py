"""Whether a quote stands alone: a sentence that leans on the one before it, a list lead-in that is no sentence.

A quote never starts mid-thought (issue 21): the blind judges of batches s-z flagged "dangling out-of-context
sentence" ("Now, while muscle twitching… can occur in these “bad” diseases…", quoted without the diseases) and
"leading list-header fragment" ("Specific electrolyte imbalances, such as: … Hypophosphatemia… can cause weakness").
Both follow from the text: a sentence opening with a word that points back or joins it to the one before
(ingest.chunk.DEPENDENT, or a connective below) leans on that one; a lead-in made of a noun phrase and its
examples marker ("X, such as:") says nothing a long item doesn't. Must / must-not rows: tests/test_standalone.py.
"""
from __future__ import annotations

import re

from ingest.chunk import DEPENDENT

# Sentence-initial connectives ingest.chunk.DEPENDENT leaves out (it groups claims, and what every fitted model reads
# depends on it; this rule only decides what an answer shows around a claim): a coordinating conjunction or a
# discourse marker opening a sentence continues the one before ("So naturally my mind goes to the worst case
# scenarios.", "Now, while muscle twitching… can occur in these “bad” diseases…"). English's closed class.
CONNECTIVE = re.compile(r"(?:Now,|So\b(?! (?:much|many|far)\b)|But|And|Yet|Still,|Then,|Again,|Even so|That said|"
                        r"Otherwise|Indeed|In fact|After all|Anyway)(?![\w-])")
# A sentence that leans on the one before it only by a discourse adverbial set off by a comma, saying how it goes on
# ("However, persistent eyelid spasms involving the entire orbicularis oculi muscle (blepharospasm) may require medical
# evaluation…", "However, if twitches are frequent, widespread, or accompanied by weakness…"), and whose own first
# clause names its subject (no word pointing back: "However, if they persist…" leans on what "they" are). Its words
# need nothing before them; the adverbial only ties it to the text around it. 16 of the 29 judged messages whose
# first quote held the answer late in it (evals.late_openers: late_in_quote) answer in such a sentence shown after
# the one it "leans" on. English's closed class of these adverbials (no referent of their own).
# Not "For example,": the gold sets quote such a sentence whole as one fact ("For example, too much vitamin B6 can cause
# muscle cramping and twitching."), and shown without its link held-out ho4-ans-18 lost it (buried31).
WEAK_LINK = re.compile(r"(?:However|Additionally|In addition|Moreover|Furthermore|Nevertheless|Nonetheless),\s+")
# A sentence that leans on those before it only by "Other" before a kind of thing of a named subject and "include"
# ("Other symptoms of Isaacs’ syndrome include: muscle stiffness; cramping; …", "Other symptoms of MS include: fatigue;
# …"): the items are such things of that subject whatever came before, so the sentence without its "Other" says only
# what the article says ("Symptoms of MS include: fatigue; …"). Only "include": "Other symptoms of MS are rare" does
# not give "Symptoms of MS are rare". Not without a named subject ("Other symptoms include a tingling or numb feeling in
# the foot or leg.": whose, the sentence before says) nor a pointing one ("Other causes of this condition include:").
# On main's answers to the judged off-point messages this is the answering sentence of 13 of the 51 first quotes whose
# gold evidence came after their first sentence (late34: Isaacs' 9, MS 4), shown after 1-3 sentences of background
# 0.25 cosine further from the question ("A person with Issacs’ syndrome has overactive peripheral nerve axons. This
# means… This causes…"; "Muscle twitching may be a sign of spasticity.").
OTHER_OF = re.compile(r"Other\s+(?=[a-z]+(?:\s+[a-z]+)?\s+of\s+[A-Z][^,;:.!?]*?\s+include[s]?\b)")
POINTER = re.compile(r"\b(?:this|these|those|it|its|they|them|their|such|he|she|his|her|the same|so|then|there)\b",
                     re.IGNORECASE)
FIRST_CLAUSE = re.compile(r"[^,;:—–]*")
# A sentence whose subject is left to the one before: a measure with "Even" ("Even 10 minutes daily can lower nervous
# system excitability." after "Manage stress: Practice mindfulness…"), a comparison's second half ("Likewise", "Same
# for"). English's closed class.
ADVERBIAL = re.compile(r"^\w+,\s+")  # a one-word sentence adverbial set off by a comma: "Occasionally, "
ELLIPTIC = re.compile(r"(?:Even|Same|Likewise|Similarly|Only)\b")
# A list's lead-in that is a noun phrase and the marker of its examples, set off by a comma, with no verb of its own
# ("Specific electrolyte imbalances, such as:", "Other factors, such as:"): a heading, not a sentence. Before an item
# that is a sentence of its own it is a fragment a reader stumbles on first (batch z's judge, twice); "Persistent or
# progressive symptoms could point to neurological conditions such as:" is a clause and stays.
LEAD_FRAGMENT = re.compile(r"^[^.!?:]*,\s*(?:such as|including|like|for example|for instance|e\.g\.)\s*:$", re.IGNORECASE)


def leans(sentence: str) -> bool:
    """Whether a sentence leans on the one before it: it opens with a word pointing back or a connective.

    >>> leans("Now, while muscle twitching can occur in these “bad” diseases, it can also happen for mundane reasons.")
    True
    >>> leans("Some causes of muscle twitching are more serious, but these conditions are mostly rare.")
    False
    """
    return bool(DEPENDENT.match(sentence) or CONNECTIVE.match(sentence))


def leans_weakly(sentence: str) -> bool:
    """Whether a sentence leans on the one before it only by a linking adverbial (WEAK_LINK) and its first clause
    points back at nothing (POINTER), or only by the "Other" of "Other <things> of <a named subject> include"
    (OTHER_OF): shown without that word it says all it says.

    >>> leans_weakly("However, not all abnormal findings indicate serious disease—some people with BFS show EMG changes.")
    True
    >>> leans_weakly("However, if they persist beyond two weeks, it’s worth getting checked.")
    False
    """
    if OTHER_OF.match(sentence):
        return True
    link = WEAK_LINK.match(sentence)
    if not link:
        return False
    rest = sentence[link.end():]
    return bool(rest) and not leans(rest[:1].upper() + rest[1:]) and not POINTER.search(FIRST_CLAUSE.match(rest).group())


def stands_alone(sentence: str) -> bool:
    """Whether a sentence leans on no sentence before it: it opens with no word pointing back or joining it to one
    (leans), its first clause points back at nothing (POINTER) and it opens as a sentence does (a capital). Shown
    first, it reads whole ("Include electrolyte-rich foods like bananas, spinach, and avocados." after "Stay hydrated:
    Drink water…"); "It tends to resolve on its own within days." and "Even 10 minutes daily…" do not.

    >>> stands_alone("Include electrolyte-rich foods like bananas, spinach, and avocados.")
    True
    >>> stands_alone("These contractions are usually too weak to move a joint."), stands_alone("Even 10 minutes daily…")
    (False, False)
    >>> stands_alone("Occasionally, these signals misfire due to fatigue, stress, or chemical imbalances.")
    False
    """
    clause = FIRST_CLAUSE.match(ADVERBIAL.sub("", sentence, count=1)).group()  # past "Occasionally, "
    return bool(sentence[:1].isupper()) and not leans(sentence) and not ELLIPTIC.match(sentence) \
        and not POINTER.search(clause)


def asks_for(sentence: str, question: str) -> bool:
    """Whether a question asks for what a sentence opening "Other <things> of <subject> include" lists (OTHER_OF): it
    names those things. Only then is such a sentence what answers, whatever else is near: "What is Isaacs’ syndrome?"
    and "With Isaacs syndrome, do the muscles keep contracting even when you're resting?" are nearer its list of
    symptoms (by 0.09-0.20 on the judged rows, the subject's name matching) than the background that answers them.
    Other sentences: always.

    >>> s = "Other symptoms of MS include: fatigue; numbness or tingling"
    >>> asks_for(s, "what other symptoms does MS have besides twitching"), asks_for(s, "what is MS")
    (True, False)
    """
    kind = OTHER_OF.match(sentence)
    if not kind:
        return True
    noun = sentence[kind.end():].split()[0].lower()[:5]
    return any(word.startswith(noun) for word in re.findall(r"[a-z]+", question.lower()))


def unlinked(sentence: str) -> int:
    """Where a sentence's own words start when it leans only weakly (leans_weakly): after its linking adverbial or its
    "Other" (OTHER_OF), which an answer opening with it leaves out ("However, persistent eyelid spasms…" is shown "Persistent eyelid spasms…",
    its citation the exact span from "persistent"); 0 otherwise.

    >>> s = "However, persistent eyelid spasms may require medical evaluation."
    >>> s[unlinked(s):], unlinked("However, if they persist, get checked.")
    ('persistent eyelid spasms may require medical evaluation.', 0)
    """
    if not leans_weakly(sentence):
        return 0
    return (OTHER_OF.match(sentence) or WEAK_LINK.match(sentence)).end()


def fragment_lead(lead: str) -> bool:
    """Whether a list's lead-in is a noun phrase with its examples marker, no sentence (LEAD_FRAGMENT).

    >>> fragment_lead("Specific electrolyte imbalances, such as:"), fragment_lead("Diagnostic tools may include:")
    (True, False)
    """
    return bool(LEAD_FRAGMENT.match(sentence_text(lead)))


def sentence_text(text: str) -> str:
    return " ".join(text.split())
