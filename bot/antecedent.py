"""What a sentence opening with "It" or "They" (or "For example,") points back to, when the sentence before it names it
as its subject.

"It tends to resolve on its own within days." answers "does eyelid twitching go away by itself?", but it sits after
"Eyelid twitching (myokymia) is very common and usually caused by stress…", so a quote that shows the answer opens on
the sentence it leans on: the answer is not the first sentence the reader sees (issue #21). Opened on it, "It tends…"
is a fragment (evals.display: leans). Here the referent is shown before it, for display only, in brackets as a label:
"[Eyelid twitching (myokymia):] It tends to resolve on its own within days." The quote and its citation stay whole and
exact (the sentence's own words, "It" too: the gold sets quote such sentences whole as facts, and "[Eyelid twitching]
tends to…", the pronoun replaced, lost held-out ho1-ans-26's fact "It can cause discomfort but is not typically
painful."), and the sentence the referent comes from is cited beside it, so every word shown is in a cited span
(bot.quoting.Quoting.write).

Only where the referent is plain: the sentence opens with a subject "It"/"They" (with "’ll" or a verb after it, not a
copula: "It is also a good idea to…" has no referent) and the sentence before has a short grammatical subject before
its first auxiliary ("Eyelid twitching (myokymia) | is…", "If your symptoms raise concern, a healthcare provider | will
begin…") that points at nothing itself and is no person speaking ("I", "you"). On the 79 spent messages whose answer
sat after such a sentence (late36), that is "It tends to resolve…", "It can cause discomfort…", "It helps people wake
up…" and "They’ll assess reflexes…"; not "These contractions…" (after "Muscle twitches, medically known as
fasciculations, occur…": no auxiliary), "It normally lasts…" (after "It might be…"), "This reaction…".
Must / must-not rows: tests/test_antecedent.py.
"""
from __future__ import annotations

import re

from bot.opener import AUXILIARY, HEAD_WORDS
from bot.standalone import FIRST_CLAUSE, POINTER, leans

# A subject pronoun opening a sentence, with a contracted "will" ("They’ll assess…"), before a word in lower case.
PRONOUN = re.compile(r"(It|They)(?P<will>[’']ll)?\s+(?=[a-z])")
# After it, a copula or "has"/"have" ("It is also a good idea to…", "It's worth…", "It has been…"): often an empty
# "it" (English's expletive), and a bracket would misstate it; left as it is.
EMPTY = re.compile(r"(?:is|was|has|are|were|have|had|'s|’s)\b")
# A subordinate clause before the main one ("If your symptoms raise concern, a healthcare provider will begin…"): the
# subject is after its comma. English's closed class of subordinators that open a sentence.
SUBORDINATE = re.compile(r"(?:If|When|Whenever|While|Although|Though|Because|Since|Once|After|Before|Unless|As)\b[^,]*,\s+")
# The writer or the reader as subject ("I often get…", "You may notice…"): "It" then points at what they speak of,
# not at them.
PERSON = re.compile(r"\b(?:I|my|me|we|our|you|your)\b", re.IGNORECASE)


def pronoun(sentence: str) -> re.Match | None:
    """The subject pronoun a sentence opens with (PRONOUN), unless a copula follows it (EMPTY).

    >>> pronoun("It tends to resolve on its own within days.").group(0), pronoun("They’ll assess reflexes.").group(0)
    ('It ', 'They’ll ')
    >>> pronoun("It is also a good idea to speak to the doctor."), pronoun("Its cause is unknown.")
    (None, None)
    """
    found = PRONOUN.match(sentence)
    if found is None or (not found.group("will") and EMPTY.match(sentence, found.end())):
        return None
    return found


def subject(sentence: str) -> str | None:
    """A sentence's grammatical subject when it is short and plain: the words before its first auxiliary (past a
    leading subordinate clause), at most HEAD_WORDS, pointing at nothing (bot.standalone.POINTER) and no person.

    >>> subject("Eyelid twitching (myokymia) is very common and usually caused by stress, fatigue, or screen time.")
    'Eyelid twitching (myokymia)'
    >>> subject("If your symptoms raise concern, a healthcare provider will begin with a thorough history.")
    'a healthcare provider'
    >>> subject("Muscle twitches, medically known as fasciculations, occur when a motor nerve fires spontaneously."), \
        subject("It might be in my right triceps one day.")
    (None, None)
    """
    body = SUBORDINATE.sub("", sentence, count=1)
    verb = AUXILIARY.search(body)
    if verb is None:
        return None
    words = body[:verb.start()].split()
    text = " ".join(words)
    if not words or len(words) > HEAD_WORDS or POINTER.search(text) or PERSON.search(text) \
            or re.search(r"[,;:—–“”\"]", text) or not words[0][:1].isalpha():
        return None
    return text


def referent(sentence: str, before: str) -> str | None:
    """The bracketed label shown before `sentence` when it opens with a subject pronoun (pronoun) whose referent is the
    subject of the sentence before it (subject); None otherwise.

    >>> referent("It tends to resolve on its own within days.", "Eyelid twitching (myokymia) is very common.")
    '[Eyelid twitching (myokymia):]'
    >>> referent("They’ll assess reflexes.", "If your symptoms raise concern, a healthcare provider will begin.")
    '[A healthcare provider:]'
    >>> referent("It normally lasts a few hours.", "It might be in my right triceps one day.")
    """
    named = subject(before) if pronoun(sentence) or example(sentence) else named_thing(sentence, before)
    return None if named is None else f"[{named[:1].upper()}{named[1:]}:]"


# An example marker opening a sentence: what follows is an example of what the sentence before says of its subject.
EXAMPLE = re.compile(r"For (?:example|instance),\s+")


def example(sentence: str) -> bool:
    """Whether a sentence opens with an example marker (EXAMPLE) and, past it, leans on nothing more: "For example, too
    much vitamin B6 can cause muscle cramping and twitching." after "Many medications and dietary supplements can have
    side effects." is an example of those, shown "[Many medications and dietary supplements:] For example, too much
    vitamin B6…" (late44: the answer to "Can too much B6 make me twitch?" came second in the quote, 14 times on the
    spent sets); not "For example, these conditions…", which leans again.

    >>> example("For example, too much vitamin B6 can cause muscle cramping."), example("For example, it may spread.")
    (True, False)
    """
    found = EXAMPLE.match(sentence)
    if found is None:
        return False
    rest = sentence[found.end():]
    return bool(rest) and not leans(rest[:1].upper() + rest[1:]) and not POINTER.search(FIRST_CLAUSE.match(rest).group())


# A sentence opening (past a subordinator) on "This"/"These" and a noun: "While these conditions have no cure, the right
# treatment plan…", "These contractions are usually too weak…". The noun ends where a lower-case word does.
THESE = re.compile(r"(?:(?:If|When|While|Although|Though|Because|Since|As|Unless)\s+(?=[tT]h))?(?:This|These|this|these)"
                   r"\s+(?P<words>(?:[a-z]+,?\s+){0,2}[a-z]+)(?=\s+[a-z])")
# "This is a <noun>" (past up to two modifiers) saying what the thing the sentence before named is: "This is a rare
# condition." after "…a degenerative neurological condition called amyotrophic lateral sclerosis (ALS)." (late44: the
# answer to "Is ALS common?" came second in its quote)
THIS_IS = re.compile(r"This\s+(?:is|was)\s+(?:a|an)\s+(?P<words>(?:[a-z]+\s+){0,2}[a-z]+)(?=[.,;])")
# Words that end a noun phrase on its left (English's closed classes): a determiner opens it and belongs to it, a
# preposition or a conjunction stands before it and does not.
DETERMINER = {"a", "an", "the", "some", "certain", "many", "most", "several"}
BEFORE_PHRASE = {"to", "of", "in", "with", "by", "for", "from", "on", "at", "as", "into", "about", "like", "than",
                 "and", "or", "including", "such", "through", "over", "after", "before", "during", "without"}
# What may follow a noun phrase's head in the sentence naming it: a stop, a comma, "of", a preposition, a relative or an
# auxiliary (bot.opener.AUXILIARY), not another noun ("lifestyle changes": "lifestyle" is no head there).
ENDS_PHRASE = re.compile(r"\s*(?:[,.;:)]|$)|\s+(?:that|which|who|in|of|to|on|with|for|from|and|or|often|usually|"
                         r"called|known)\b")
# What a noun phrase may run on with: what it is called ("…condition called amyotrophic lateral sclerosis (ALS)"), "of"
# and up to three plain words ("involuntary contractions of muscle fibers"),
# or its examples set off by commas (", such as MS or ALS").
RUNS_ON = re.compile(r"(?:\s+(?:called|known as)\s+[^,;:.]+(?=[,.;:])|\s+of\s+(?:[a-z]+\s+){0,2}[a-z]+(?=[,.;:]|\s+(?:and|or|often|can|may)\b)|,\s+such as\s+[^,;:.]+(?=,))")


def named_thing(sentence: str, before: str) -> str | None:
    """The noun phrase of `before` that a sentence's opening "This/These <noun>" points back to: the one phrase there
    whose head is that noun (its plural or singular), with its determiner and at most two words before the noun, and
    what names it further ("of muscle fibers", ", such as MS or ALS"); None when there is none, more than one, or it
    points back or names a person itself. A rule of the text's structure, as a reader resolves "these conditions".

    >>> named_thing("While these conditions have no cure, the right treatment plan can help.",
    ...             "If a doctor diagnoses someone with a degenerative condition, such as MS or ALS, they will help.")
    'a degenerative condition, such as MS or ALS'
    >>> named_thing("These brief, spontaneous contractions happen when motor neurons send unplanned signals.",
    ...             "Muscles twitch due to involuntary contractions of muscle fibers, often caused by fatigue.")
    'involuntary contractions of muscle fibers'
    >>> named_thing("This is a rare condition.", "Muscle twitching may be a sign of a degenerative neurological "
    ...             "condition called amyotrophic lateral sclerosis (ALS).")
    'a degenerative neurological condition called amyotrophic lateral sclerosis (ALS)'
    >>> named_thing("This reaction may be a side effect.", "Certain medications can lead to involuntary muscle twitching.")
    """
    opening = THIS_IS.match(sentence) or THESE.match(sentence)
    if opening is None:
        return None
    words = list(re.finditer(r"[A-Za-z’'-]+", before))
    head = None
    nouns = re.findall(r"[a-z]+", opening.group("words"))
    for noun in nouns if opening.re is THESE else nouns[::-1]:  # a predicate's noun is its last word
        stem = noun[:-1] if noun.endswith("s") else noun
        heads = [i for i, w in enumerate(words) if len(stem) > 3 and w.group().lower() in (stem, stem + "s")]
        if len(heads) == 1 and (ENDS_PHRASE.match(before, words[heads[0]].end())
                                or AUXILIARY.match(before, words[heads[0]].end() + 1)):
            head = heads[0]
            break
    if head is None:
        return None
    head = heads[0]
    start = head
    while start > 0 and head - start < 3:
        word = words[start - 1].group().lower()
        between = before[words[start - 1].end():words[start].start()]
        if word in BEFORE_PHRASE or between.strip():
            break
        start -= 1
        if word in DETERMINER:
            break
    if start == 0 or words[start - 1].group().lower() not in BEFORE_PHRASE | DETERMINER \
            and words[start].group().lower() not in DETERMINER:
        return None  # no determiner or preposition opens it: the words before may be its verb's, not its own
    end = words[head].end()
    more = RUNS_ON.match(before, end)
    text = before[words[start].start():more.end() if more else end]
    own = {w.lower() for w in re.findall(r"[A-Za-z]+", text)} - DETERMINER
    if own <= {w.lower().rstrip("s") for w in re.findall(r"[A-Za-z]+", opening.group(0))} | \
            {w.lower() for w in re.findall(r"[A-Za-z]+", opening.group(0))}:
        return None  # the phrase names nothing the sentence does not ("lifestyle changes" for "These lifestyle changes")
    if POINTER.search(text.replace(", such as", ",")) or PERSON.search(text) or len(text.split()) > 2 * HEAD_WORDS:
        return None
    return text
