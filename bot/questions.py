"""The questions one message asks: "Can magnesium even affect the face? And is it a big deal if I just
ignore it?" asks two, and each gets its own answer (bot.extractive answers each part with its own claim).

A message is cut into sentences; once it has asked a question, it splits before the next one that has
words of its own to search with. A question that only leans on the one before ("is it hormones?",
"Isn't that overkill?", "Where?") adds to it rather than standing apart; statements ("i eat like 4
bananas a day lol") stay with the question they follow, or open the first. The rule, with examples that
must and must not split, is tested in tests/test_questions.py.

One sentence may ask two questions too: "what causes it and how do I stop it?". It splits where "and" (or
"also", "plus") opens a second clause the way an English question opens (a wh-word or an auxiliary; without
the "?", a wh-word or an auxiliary before its subject), when the first clause opens as a question too; never at
"or", which offers alternatives within one question ("Do lifestyle changes work, or do most people need
medication?"). The whole sentence stays the first part, so the message still opens as it would whole, and the
joined question adds its own answer (searched with what came before it when it points back: leans_on).

A comparison asks for two things: "twitch vs spasm, are they the same?" adds a part for each thing it names
(compared_terms), after the message's questions, each searched alone (compares) and opened with its own half of the
comparison (ExtractiveAnswerer.answer_each).
"""
from __future__ import annotations

import re

from bot.text import terms

# A sentence ends at . ! ? (or several, "??") followed by a space; "e.g. ", a title ("Dr. Kimura") and "3.5"
# don't end one.
SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)"
                          r"(?<!\bvs\.)(?<!\bSt\.)\s+(?=\S)")
OWN_WORDS = 2  # a question with fewer content words of its own than this leans on the one before
# A question opening with a marker of rewording (a closed class of English) asks the one before again:
# "How does ALS usually start? Like what's the first thing people notice?"
REWORDS = re.compile(r"^(?:like|i mean|as in|or rather|in other words|i\.e\.|that is|specifically|basically)\b[,:]?",
                     re.IGNORECASE)

# A question asking the one before again of another thing, by name ("What about MS?", "and how about B12?"), is a
# question of its own with one word of its own: glued to "Is twitching a sign of ALS?" it was searched as one, and
# only MS was answered (drill36). It still leans on the one before (Bot.part_evidence glues it for its search).
ALSO_ASKS = re.compile(r"^(?:(?:and|but|so|ok|okay|also)\b,?\s+)*(?:what|how)\s+about\b", re.IGNORECASE)

# The words that open an English question (wh-words and the auxiliaries of a yes/no question): a closed class.
ASK = (r"(?:what(?:'s)?|why|how|when|where|which|who|whose|is|are|was|were|do|does|did|can|could|should|would|will|"
       r"has|have|may|might|must)")
LEAD = r"(?:(?:so|and|but|also|ok|okay|hi|hey|then|plus)\b,?\s+)*"  # "so", "and also" before the asking word
ASKING = re.compile(rf"^{LEAD}{ASK}\b(?!n?'t)", re.IGNORECASE)  # not "can't sleep either"
WH = r"(?:what(?:'s)?|why|how|when|where|which|who|whose)"
# An auxiliary before its subject, as a yes/no question is made: "and did it help", "and is the screen part of it";
# not "…, has asthma and has been using his inhaler", which tells
AUX = (r"(?:is|are|was|were|do|does|did|can|could|should|would|will|has|have|may|might|must)(?:n't)?\s+"
       r"(?:it|i|you|he|she|they|we|that|this|these|those|there|the|my|your|his|her|their)")
# Without its "?" a clause asks only when opened so: "why do nerves need vitamin D and how do ppl end up low on it"
ASKING_PLAIN = re.compile(rf"^{LEAD}(?:{WH}|{AUX})\b", re.IGNORECASE)
# ...and so does a first clause after a phrase that sets the scene: "in that ALS case story, what did the EMG show,
# and…", "The neurologist quoted in the article - who is he and…"
OPENS_LATER = re.compile(rf"(?:^|[,:;]\s+|\s[-–—]\s+){LEAD}(?:{WH}|{AUX})\b", re.IGNORECASE)
# "and" / "also" / "plus" (or "and also", "and then") right before an asking word joins a second question; not "or"
# (parts27: splitting at ", or" lost facts on "…work, or do most people end up needing medication?")
JOINED = re.compile(rf"(?:,\s*|\s+)(?:and(?:\s+(?:also|then))?|also|plus)\s+(?={ASK}\b(?!n?'t))", re.IGNORECASE)
JOINED_WORDS = 3  # "…and why?" / "…and is it?" ask nothing of their own: the joined question has 3 words or more
# A joined question that names its subject with a pronoun asks about the first one's ("What is Isaacs syndrome and
# why does it cause twitching?"): it is searched with the question before it (Bot.with_parts). A closed class.
POINTS_BACK = re.compile(r"\b(?:it|its|it's|that|this|they|them|their|those|these|he|him|his|she|her)\b", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """Example:

    >>> sentences("Does stretching help?? How long should I stretch for? thx")
    ['Does stretching help??', 'How long should I stretch for?', 'thx']
    """
    return [part.strip() for part in SENTENCE_END.split(text.strip()) if part.strip()]


def split_questions(text: str, subject: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The questions a message asks, each with the statements that go with it; one part for one question.
    `subject`: word stems every question here shares (the articles' subject, "muscl", "twitch"), which
    don't make a question its own.

    >>> split_questions("Does stretching help with twitching? How long should I stretch for?")
    ['Does stretching help with twitching?', 'How long should I stretch for?']
    >>> split_questions("so bad sleep → twitching. but how exactly? is it hormones?")
    ['so bad sleep → twitching. but how exactly? is it hormones?']
    """
    parts: list[list[str]] = [[]]
    asked = False  # the current part has a question already
    terms_: list[str] = []  # the things a sentence compares, each a part after the message's questions
    for sentence in sentences(text):
        own = set(terms(sentence)) - set(subject)
        if (asked and sentence.endswith("?") and (len(own) >= OWN_WORDS or own and ALSO_ASKS.match(sentence))
                and not REWORDS.match(sentence)):
            parts.append([])
        parts[-1].append(sentence)
        for clause in joined_questions(sentence)[1:]:  # the whole sentence stays where it is; each joined one apart
            parts.append([clause])
        terms_ += [term for term in compared(sentence) if term not in terms_]
        asked = asked or sentence.endswith("?")
    return [" ".join(part) for part in parts] + terms_


# A comparison names two things ("twitch vs spasm", "the difference between a twitch and a cramp", "is a twitch the
# same thing as a spasm"); each is searched on its own, so each half has its own best claim (issue #21: "twitch vs
# spasm" answered only the spasm's half in 9 spent messages). A term is 1-3 words, ends at punctuation or an asking
# word, and names a thing: not a pronoun or "one" ("a normal twitch vs a worrying one" leans on its first term).
BOUND = re.compile(rf"[^\w\s'/-]|\s[-/]\s|\b(?:{ASK}|whats|if|and|or|but|so|like|according|in|that|right|between|than|from|to|with)\b(?!n?'t)",
                   re.IGNORECASE)
COMPARE = [re.compile(rf"{x}(?P<x>.+?){y}(?P<y>.+)", re.IGNORECASE) for x, y in (
    (r"\bdifference (?:\w+ )?between\s+", r"\s+and\s+"),
    (r"\b(?:is|are)\s+", r"\s+(?:the\s+same(?:\s+thing)?\s+as|different\s+(?:from|to|than))\s+"),
)] + [re.compile(r"(?P<x>.+?)\s+(?:vs\.?|versus|compared\s+(?:to|with))\s+(?P<y>.+)", re.IGNORECASE)]
NOT_NAMED = re.compile(r"\b(?:one|ones|it|its|that|this|these|those|them|they|other|others|each|both|two|kind|mine|"
                       r"normal|harmless|serious|worrying|regular|everyday|benign)\b", re.IGNORECASE)
ARTICLE = re.compile(r"^(?:a|an|the|my)\s+", re.IGNORECASE)
TERM_WORDS = 3


def compared(sentence: str) -> list[str]:
    """The question for each of the two things a sentence compares, a part of its own: how the one differs from the
    other (FORM); [] when it compares none.

    >>> compared("twitch vs spasm, what's the actual difference")
    ['how is a twitch different from a spasm?', 'how is a spasm different from a twitch?']
    """
    pair = compared_terms(sentence)
    return [FORM.format(*pair), FORM.format(*reversed(pair))] if pair else []


def compared_terms(sentence: str) -> tuple[str, str] | None:
    """The two things a sentence compares (COMPARE); None when it compares none, or a term is no named thing
    (NOT_NAMED) or is longer than TERM_WORDS words.

    >>> compared_terms("is a twitch the same thing as a cramp or nah")
    ('twitch', 'cramp')
    >>> compared_terms("whats the difference between an EMG and a nerve conduction study")
    ('EMG', 'nerve conduction study')
    >>> compared_terms("How long does a normal twitch last compared to a worrying one?")
    """
    for rule in COMPARE:
        found = rule.search(sentence)
        if not found:
            continue
        x = BOUND.split(found["x"])[-1].strip()
        y = BOUND.split(found["y"])[0].strip()
        terms_ = [ARTICLE.sub("", t) for t in (x, y)]
        if all(t and len(t.split()) <= TERM_WORDS and not NOT_NAMED.search(t) for t in terms_):
            return terms_[0], terms_[1]
    return None


# Each thing's own part asks how it differs from the other, so it finds the articles' contrast ("A muscle twitch is a
# short contraction…" beside "A muscle spasm is a prolonged contraction…"); the bare term ("twitch") found the
# comparison table's "Duration — Normal Twitch…" instead, and "what is a twitch?" another definition (parts30)
FORM = "how is a {} different from a {}?"


def joined_questions(sentence: str) -> list[str]:
    """A question sentence cut where "and", "also" or "plus" joins a second question to a first: both open as a
    question does (ASKING; the first also after a phrase setting the scene, OPENS_LATER), the joined one with at
    least JOINED_WORDS words; in a sentence without its "?", the joined one opens with a wh-word or an auxiliary
    before its subject (ASKING_PLAIN).

    >>> joined_questions("what causes it and how do I stop it?")
    ['what causes it', 'how do I stop it?']
    >>> joined_questions("what are the causes and treatments?")
    ['what are the causes and treatments?']
    """
    cuts = [(0, 0)] + [(m.start(), m.end()) for m in JOINED.finditer(sentence)]
    clauses = [sentence[start:stop].strip(" ,") for (_, start), (stop, _) in zip(cuts, cuts[1:] + [(len(sentence), 0)])]
    asks = sentence.rstrip().endswith("?")
    if len(clauses) < 2 or not ASKING.match(clauses[0]) and not OPENS_LATER.search(clauses[0]) \
            or any(len(c.split()) < JOINED_WORDS or not asks and not ASKING_PLAIN.match(c) for c in clauses[1:]):
        return [sentence]
    return clauses


def leans_on(parts: list[str], n: int) -> str | None:
    """What the n-th part of split_questions is read with: for a question joined in one sentence that points back
    by a pronoun, what the message said before it (the sentences before, and the sentence's own clauses before
    it: "can you summarize the Mark case study? where did his twitching start and how did it spread" reads "how did
    it spread" with Mark's case); None otherwise.

    >>> leans_on(["What is Isaacs syndrome and why does it cause twitching?", "why does it cause twitching?"], 1)
    'What is Isaacs syndrome'
    """
    asked = sentences(parts[n])[0] if n else ""
    if not POINTS_BACK.search(asked):
        return None
    *before, last = sentences(parts[n - 1])
    clauses = joined_questions(last)
    if asked not in clauses[1:]:
        return None
    return " ".join([*before, *clauses[: clauses.index(asked)]])


def compares(parts: list[str], n: int) -> tuple[str, str] | None:
    """(its thing, the other) when the n-th part of split_questions asks for one thing of a comparison the message
    makes (compared): it is searched alone, not with the question before it, which names both, and answered with
    a claim about its own thing (ExtractiveAnswerer.answer_each); None otherwise.

    >>> compares(split_questions("is a twitch the same thing as a spasm"), 2)
    ('spasm', 'twitch')
    """
    for part in parts[:n] if n else []:
        for sentence in sentences(part):
            pair = compared_terms(sentence)
            if pair and parts[n] in compared(sentence):
                return pair if parts[n] == compared(sentence)[0] else (pair[1], pair[0])
    return None
