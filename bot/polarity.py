"""Which words a text states and which it denies, word by word: a sentence and its passage may both say "not".

    >>> flipped_words("In most cases a twitch does not resolve on its own and tends to recur",
    ...               "In most cases, the twitch resolves on its own and doesn't recur frequently.")
    ['resolv', 'recur']
    >>> flipped_words("Not getting enough sleep may lead to twitching.", "A lack of sleep may lead to twitching.")
    []
    >>> flipped_words("A lack of vitamin D may cause weakness.", "A vitamin D deficiency may cause weakness.")
    []
"""
from __future__ import annotations

import re

from bot.clauses import content, tokens
from bot.text import stem

# Words that deny what follows them. "Rarely" is not one: "in rare cases" and "rarely" say the same.
# Preventing or blocking what the cited text says happens denies it ("caffeine helps prevent twitching"
# against "caffeine can cause twitching"). "Lack" does not: it is an amount ("a lack of vitamin D" is "a vitamin
# D deficiency"), and "not getting enough" is read as one too (LACKING).
NEGATORS = re.compile(r"(?:not|no|never|none|neither|nor|cannot|without|prevents?|prevented|"
                      r"blocks?|blocked|\w+n['’]t)", re.IGNORECASE)
# A negator before a word for "all" denies the "all", not what follows: "not all abnormal findings indicate
# disease" is "an abnormal finding does not always mean disease", a weaker statement, not an opposite one.
UNIVERSAL = re.compile(r"all|always|every|everyone|everything|necessarily|entirely|completely", re.IGNORECASE)
# What ends a negation's reach: punctuation, and words that start another clause.
SCOPE_ENDS = re.compile(r"[.,;:!?()—–]|and|but|or|which|who|that|while|although|though|because|since|so|when|if",
                        re.IGNORECASE)
SCOPE = 4  # words a negator reaches: "does not [always mean serious disease]"
# A participle denied by its prefix: "leaving a deficiency untreated" says what "do not address a deficiency" does.
UNDONE = re.compile(r"un(?!der)([a-z]{4,}ed)", re.IGNORECASE)
LACKING = re.compile(r"\b(?:not|n't)\s+(?:\w+\s+)?enough\b", re.IGNORECASE)  # "does not drink enough"
# "too weak to move a joint" says it does not move one: "too <word> to" denies the verb after it ("strong enough
# to move a joint" affirms it). Read as "not", with the degree word dropped.
TOO_TO = re.compile(r"\btoo\s+\w+\s+to\b", re.IGNORECASE)
# A verb that denies ("prevent", "block") reaches its object only: "prevent [cramps] at home" denies cramps, not
# home. A preposition ends its reach.
VERB_NEGATORS = re.compile(r"prevents?|prevented|blocks?|blocked", re.IGNORECASE)
PREPOSITIONS = re.compile(r"at|in|on|through|with|by|for|from|during|after|before|within|via|into", re.IGNORECASE)


def polarity(text: str) -> tuple[dict[str, set[bool]], set[str], bool]:
    """(stem -> the polarities it is stated with (True: affirmed, False: within a negator's reach), the stems a
    negator denies first: its head, "does not [resolve] on its own", whether the text denies anything)."""
    out: dict[str, set[bool]] = {}
    heads: set[str] = set()
    reach, head, denies, verb = 0, False, False, False
    for token in tokens(TOO_TO.sub("not", LACKING.sub("too little", text.replace("’", "'")))):
        undone = UNDONE.fullmatch(token)
        if undone:  # "untreated" is "not treated": it denies its own stem alone
            word = stem(undone.group(1).lower())
            out.setdefault(word, set()).add(False)
            heads.add(word)
            denies = True
            continue
        if NEGATORS.fullmatch(token):
            reach, head, denies, verb = SCOPE, True, True, bool(VERB_NEGATORS.fullmatch(token))
            continue
        if SCOPE_ENDS.fullmatch(token) or (reach and UNIVERSAL.fullmatch(token)) or (
                reach and verb and PREPOSITIONS.fullmatch(token)):
            reach, head = 0, False
            continue
        if content(token):
            word = stem(token.lower())
            out.setdefault(word, set()).add(reach == 0)
            if reach and head:
                heads.add(word)
                head = False
        reach = max(reach - 1, 0)
    return out, heads, denies


def only_affirmed(word: str, stated: dict[str, set[bool]]) -> bool:
    """Whether a text states the word, or a form of it the stemmer misses ("seen" for "see"), only affirmed."""
    forms = [w for w in stated if w == word or (min(len(w), len(word)) >= 3 and (w.startswith(word) or
                                                                                 word.startswith(w)))]
    return bool(forms) and all(stated[w] == {True} for w in forms)


def flipped_words(text: str, cited: str) -> list[str]:
    """The words one text denies that the other states, and only affirms: a negator's head ("does not
    [resolve]" against "resolves"), or, when only one of the two denies anything, any word in its reach
    ("Twitching does not mean ALS" against "Twitching may be a sign of ALS").

    >>> flipped_words("Leaving a magnesium deficiency untreated may raise the risk.",
    ...               "If people do not address a magnesium deficiency, it may increase their risk.")
    []
    >>> flipped_words("An untreated deficiency is harmless.", "A treated deficiency is harmless.")
    ['treat']
    >>> flipped_words("Some twitches are benign and resolve on their own.", "Most resolve without treatment.")
    []
    >>> flipped_words("Most twitches need treatment.", "Most twitches resolve without treatment.")
    ['treatment']
    >>> flipped_words("They are usually strong enough to move a joint.", "They are usually too weak to move a joint.")
    ['move', 'joint']
    >>> flipped_words("They usually can't be seen.", "A person can often see these twitches.")
    ['seen']
    >>> flipped_words("Most can be handled at home.", "They are easy to treat and prevent at home.")
    []
    """
    (ours, our_heads, we_deny), (theirs, their_heads, they_deny) = polarity(text), polarity(cited)
    flipped = [w for w in our_heads if only_affirmed(w, theirs)] + [w for w in their_heads if only_affirmed(w, ours)]
    if we_deny != they_deny:
        denier, other = (ours, theirs) if we_deny else (theirs, ours)
        flipped += [w for w, sides in denier.items() if sides == {False} and other.get(w) == {True}]
    return list(dict.fromkeys(flipped))


PREFIXES = {"over": "under", "under": "over", "hyper": "hypo", "hypo": "hyper"}
PREFIXED = re.compile(r"\b(" + "|".join(PREFIXES) + r")-?([a-z]{3,})", re.IGNORECASE)


def opposite_prefixes(text: str, cited: str) -> list[str]:
    """A sentence's words whose opposite prefix the cited text uses on the same stem ("underactive" where it says
    "overactive", "hypokalemia" for "hyperkalemia") and that it never uses itself.

    >>> opposite_prefixes("Underactive axons", "overactive peripheral nerve axons"), opposite_prefixes("Overuse", "overuse")
    (['Underactive'], [])
    """
    theirs = {(m.group(1).lower(), m.group(2).lower()) for m in PREFIXED.finditer(cited)}
    return [m.group(0) for m in PREFIXED.finditer(text)
            if (PREFIXES[m.group(1).lower()], m.group(2).lower()) in theirs and (m.group(1).lower(), m.group(2).lower())
            not in theirs]
