"""What a written sentence says, clause by clause, against the text it cites: which words it denies, which
way its causes run, which names and advice it adds, and how much of each clause the cited text covers.

The whole-text rules of bot.support compare a sentence with its cited text as one bag of words; a model
that keeps the words and swaps their roles slips past them. These compare roles:

- polarity per word: "does not resolve … tends to recur" against "resolves … doesn't recur" negates
  the same words the other way round (a sentence and its passage may both contain "not");
- causal order along a chain: "twitching can lead to tension, which may prompt stress" against "stress
  may prompt tension. This can lead to twitching" puts the last link first;
- names: a capitalized word inside a sentence (a disease, a drug, a test: "Parkinson's") that the cited
  text never uses;
- advice: "you should stop exercising" where the cited text advises nothing;
- swapped terms: a word the articles use as a term of their own ("potassium", "calf", "neurologist")
  where the cited text has none like it (bot.support asks the real model whether it is a synonym).

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
from difflib import SequenceMatcher
from itertools import pairwise

from wordfreq import zipf_frequency

from bot.text import STOPWORDS, stem

TOKEN = re.compile(r"[A-Za-z0-9µ]+(?:['’][A-Za-z]+)?|[.,;:!?()—–]")
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
# Causal links, as (pattern, whether the cause comes first). "X happens when Y" puts the cause second.
LINKS = [
    (r"caus(?:e|es|ing)|leads? to|led to|results? in|resulted in|triggers?|brings? on|prompts?|produces?|makes?",
     True),
    ((r"(?:caused|triggered|brought on|produced|prompted) by|due to|because of|results? from|the result of|"
      r"(?:happens?|occurs?|arises?) when"), False),
]
LINK = re.compile("|".join(rf"\b(?:{p})\b" for p, _ in LINKS), re.IGNORECASE)
FORWARD = re.compile(rf"\b(?:{LINKS[0][0]})\b", re.IGNORECASE)
# Advice: what a reader is told to do. A sentence may advise only where its cited text does.
# "Evaluation is important" advises as "should be evaluated" does.
ADVICE = re.compile(r"\b(?:should|must|ought|need to|needs to|have to|has to|recommend\w*|advis\w*|best to|"
                    r"make sure|avoid|(?:is|are) (?:important|essential|necessary|a good idea))\b", re.IGNORECASE)
LEAD_INS = {"to", "you", "also", "then", "try", "first", "just", "really", "always", "be", "a", "the"}  # "should [also] take"
# Where an instruction starts: a line, a sentence, after a label ("Stay hydrated: [Drink] water …"), or after the
# condition it answers ("If you experience any of the following, [consult] a neurologist:").
INSTRUCTION = re.compile(r"(?:(?:^|[.:;!?]\s+)\W*(?:if|when|whenever)\b[^.:;!?]{0,120}?,\s+|^|[.:;!?]\s+)\W*([A-Za-z]+)",
                         re.IGNORECASE)
# A term of the articles' own: English uses it less than this (wordfreq's Zipf scale: "magnesium" 3.5, "calf"
# 3.7, "spinal" 3.9; "vitamin" 4.0 and everyday words above), and the articles use it, but in at most this
# share of as many sentences as their commonest word ("twitch" is the subject, not a term to swap).
TERM_ZIPF = 4.0
TERM_SPREAD = 0.25  # "magnesium" is in 18 of the 283 sentences, "twitch" in 94, "muscle" in 115
# A word the articles list beside one of the cited text's may be commoner ("stress" 4.7, "legs" 4.7), but not
# everyday ("may", "cases", "sleep" 5.0 and up: the lists' edges catch words that are not items).
KIN_ZIPF = 5.0


# Quantifiers, prepositions and words for anyone that the stopword list lacks: never a thing or a group of people.
CLOSED = re.compile(r"(?:every|any|some|no)(?:one|body|thing)|yes|sure|indeed|enough|several|among|amongst|together|majority|minority|"
                    r"most|many|few|both|each|either|neither|whole|others?|persons?|people|individuals?|humans?",
                    re.IGNORECASE)
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


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.replace("’", "'"))


def content(word: str) -> bool:
    return word[0].isalpha() and word.lower() not in STOPWORDS


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


def causal_pieces(text: str) -> tuple[list[set[str]], set[tuple[int, int]]] | None:
    """The text cut at its causal links into pieces (their content stems), and the links as (cause, effect)
    piece indices; None with no link."""
    cuts = list(LINK.finditer(text))
    if not cuts:
        return None
    bounds = [0, *[x for m in cuts for x in (m.start(), m.end())], len(text)]
    pieces = [{stem(w.lower()) for w in tokens(text[a:b]) if content(w)} for a, b in zip(bounds[::2], bounds[1::2])]
    edges = set()
    for i, m in enumerate(cuts):
        edges.add((i, i + 1) if FORWARD.fullmatch(m.group(0)) else (i + 1, i))
    return pieces, edges


def reaches(edges: set[tuple[int, int]], start: int, goal: int) -> bool:
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            todo += [b for a, b in edges if a == node]
    return False


def reversed_link(text: str, cited: str) -> bool:
    """Whether some cause -> effect the sentence states runs effect -> cause along the cited text's chain.

    >>> reversed_link("A pinched nerve can cause a spinal disk to herniate, often after trauma.",
    ...               "A herniated disk can cause a pinched nerve, often the result of trauma.")
    True
    >>> reversed_link("Lack of sleep can trigger stress hormones that make muscles twitch.",
    ...               "A lack of sleep can trigger the release of stress hormones which cause the muscles to twitch.")
    False
    """
    ours, theirs = causal_pieces(text), causal_pieces(cited)
    if not ours or not theirs:
        return False
    (pieces, edges), (cited_pieces, cited_edges) = ours, theirs

    def place(piece: set[str]) -> int | None:  # the cited piece sharing most of its words, if one clearly does
        shared = [len(piece & c) for c in cited_pieces]
        best = max(shared)
        return shared.index(best) if best and shared.count(best) == 1 else None
    for cause, effect in edges:
        a, b = place(pieces[cause]), place(pieces[effect])
        if a is not None and b is not None and a != b and reaches(cited_edges, b, a) and not reaches(cited_edges, a, b):
            return True
    return False


def new_names(text: str, cited: str) -> list[str]:
    """Capitalized words inside the sentence (not starting it) that the cited text never uses, in any case or
    a close spelling (the articles misspell "Issacs’ syndrome").

    >>> new_names("Rarely, twitching may be a sign of MS or Parkinson's disease.", "Rarely, it may be a sign of MS.")
    ["Parkinson's"]
    >>> new_names("In Isaacs' syndrome nerves keep firing.", "A person with Issacs’ syndrome has overactive nerves.")
    []
    >>> new_names("It could point to ALS or MS.", "It could indicate amyotrophic lateral sclerosis, multiple sclerosis.")
    []
    """
    known = {w.lower() for w in tokens(cited) if w[0].isalpha()}
    known |= {re.sub(r"'s$|'$", "", w) for w in known} | acronyms(cited)
    names, previous = [], "."
    for word in tokens(text):
        bare = re.sub(r"'s$|'$", "", word.lower())
        if (word[0].isupper() and previous not in ".:!?" and word != "I" and bare not in known and stem(bare) not in
                {stem(k) for k in known} and not any(SequenceMatcher(None, bare, k).ratio() >= 0.8 for k in known)):
            names.append(word)
        previous = word
    return list(dict.fromkeys(names))


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


def acronyms(text: str) -> set[str]:
    """The initials of every run of two to five words in a text: a sentence may write "MS" for its "multiple
    sclerosis" and "ALS" for "amyotrophic lateral sclerosis".

    >>> {"ms", "als"} <= acronyms("conditions like amyotrophic lateral sclerosis (ALS), multiple sclerosis")
    True
    """
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", text)]
    return {"".join(w[0] for w in words[i:i + n]) for n in range(2, 6) for i in range(len(words) - n + 1)}


def advises(text: str, cited: str) -> str | None:
    """The advice a sentence gives where its cited text neither advises nor tells the reader to do the same
    thing (an instruction starting with the advised verb), or None.

    >>> advises("You should stop exercising until it goes away.", "When a person exercises, they may twitch.")
    'should stop'
    >>> advises("You should drink water through the day.", "Stay hydrated: Drink water throughout the day.") is None
    True
    >>> advises("It is a sign for which you should consult a neurologist.", "If you have it, consult a neurologist:") is None
    True
    >>> advises("No, moderate exercise is recommended.", "exercising moderately, with proper warmups") is None
    True
    """
    found = ADVICE.search(text)
    if not found or ADVICE.search(cited):
        return None
    advice = found.group(0)
    after = [w for w in tokens(text[found.end():]) if w[0].isalpha() and w.lower() not in LEAD_INS]
    verb = advice if advice.lower() == "avoid" or not after else after[0]
    told = {stem(m.group(1).lower()) for m in INSTRUCTION.finditer(cited)}
    if stem(verb.lower()) in told:
        return None
    if not after:  # "moderate exercise is recommended": what is advised comes before
        subject = re.split(r"[.;:,!?]", text[:found.start()])[-1]
        if {stem(w.lower()) for w in tokens(subject) if content(w)} & told:
            return None
    return advice if verb is advice else f"{advice} {verb}"


ITEM_BREAK = re.compile(r"\s*(?:,|;|\bor\b|\band\b|\bas well as\b)\s*", re.IGNORECASE)


# Where a list may start: a clause, or a lead-in ("several factors, including [not sleeping enough], …").
LIST_START = re.compile(r"[.:;()—–]|\b(?:including|includes?|such as|like|especially|particularly)\b", re.IGNORECASE)


def list_items(text: str) -> list[list[str]]:
    """The items of every list in a text (a run of three or more short pieces between commas, "and", "or"), each
    as its content words: the first item its last two words, the last with whatever follows it.

    >>> list_items("It can be caused by a poor diet, too much alcohol, diarrhea, and long-term use of acid-reflux drugs.")
    [['poor', 'diet'], ['alcohol'], ['diarrhea'], ['long', 'term', 'use', 'acid', 'reflux', 'drugs']]
    """
    found = []
    for clause in LIST_START.split(text):
        chunks = [[w.lower() for w in tokens(chunk) if content(w)] for chunk in ITEM_BREAK.split(clause)]
        for run in list_runs([words for words in chunks if words], longest=3, shared_end=False):
            found += [run[0][-2:], *run[1:]]  # the first item: its last two words ("poor diet")
    return found


# "As well as" joins two things as "and" does: "improves sleep quality as well as sport performance" where the cited text
# gives sport performance alone (ws7-007, unsupported; on the 1,603 labelled sentences it drops no supported one).
PAIRED = re.compile(r"\s*\b(?:and|or|as well as)\b\s*", re.IGNORECASE)
COMPOUND = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")


def pairs(text: str) -> list[list[list[str]]]:
    """Two things joined by "and"/"or" inside a clause, each as its content words: the first is the compound word
    just before the joiner, the second what follows it when that is one or two content words. A model that swaps
    where or what ("in the face and tongue" for "in the eyelids and limbs") swaps both.

    >>> pairs("Twitching mostly affects the back and neck, and rarely the warm-ups or cool-downs.")
    [[['back'], ['neck']], [['warm', 'ups'], ['cool', 'downs']]]
    >>> pairs("Caffeine improves sleep quality as well as sport performance.")
    [[['quality'], ['sport', 'performance']]]
    >>> pairs("It can cause weakness and twitching in many people who exercise.")
    []
    """
    found = []
    for clause in re.split(r"[.:;()—–,]", text):
        chunks = PAIRED.split(clause)
        for before, after in pairwise(chunks):
            last = COMPOUND.findall(before)
            first = [w.lower() for w in tokens(last[-1].replace("-", " ")) if content(w)] if last else []
            second = [w.lower() for w in tokens(after.replace("-", " ")) if content(w)]
            if first and second and len(second) <= 2:
                found.append([first, second])
    return found


def list_runs(chunks: list[list[str]], longest: int, shared_end: bool):
    """Runs of three or more chunks whose inner ones have at most `longest` words: a list's items, the first
    and last whole (a lead-in before the first item, the rest of the sentence after the last). `shared_end`:
    a run's last chunk may also open the next run.

    >>> list(list_runs([["levels", "magnesium"], ["calcium"], ["potassium", "impair", "nerves"]], 2, True))
    [[['levels', 'magnesium'], ['calcium'], ['potassium', 'impair', 'nerves']]]
    """
    start = 0
    while start < len(chunks):
        end = start + 1
        while end < len(chunks) and len(chunks[end]) <= longest:
            end += 1
        run = chunks[start:end + 1]
        if len(run) >= 3:
            yield run
        start = end if shared_end else end + 1


def article_terms(sentences: list[str]) -> dict[str, int]:
    """stem -> how many of the articles' sentences use it: what the articles name as a thing of their own."""
    counts: dict[str, int] = {}
    for text in sentences:
        for word in {stem(w.lower()) for w in tokens(text) if content(w)}:
            counts[word] = counts.get(word, 0) + 1
    return counts


def siblings(sentences: list[str]) -> dict[str, set[str]]:
    """stem -> the stems the articles list beside it ("magnesium, calcium, or potassium"; "the calf, thigh, or
    biceps"): things of one kind, which a model may swap for one another.

    >>> sorted(siblings(["Low levels of magnesium, calcium, or potassium impair nerves."])["potassium"])
    ['calcium', 'magnesium']
    """
    out: dict[str, set[str]] = {}
    for text in sentences:
        for clause in re.split(r"[.:;()—–]", text):
            chunks = [[stem(w.lower()) for w in tokens(chunk) if content(w)] for chunk in ITEM_BREAK.split(clause)]
            # A list is a run of short items: the first may follow a lead-in ("levels of [magnesium]"), the last
            # may run into the rest of the sentence ("[potassium] impair nerve signaling"); one long chunk
            # inside ends it.
            for run in list_runs([words for words in chunks if words], longest=2, shared_end=True):
                items = [run[0][-1], *(words[-1] for words in run[1:-1]),
                         run[-1][-1] if len(run[-1]) <= 2 else run[-1][0]]
                for item in items:
                    out.setdefault(item, set()).update(i for i in items if i != item)
    return out


def commonness(word: str) -> float:
    """How much English uses a word's base form (wordfreq's Zipf): an inflection is as common as its base ("lasts"
    is "last", 5.5; "happens" is "happen"), which makes it no term of the articles' own.

    >>> round(commonness("lasts"), 1) > 5, round(commonness("potassium"), 1) < 4
    (True, True)
    """
    forms = {word, *(word[:-len(end)] for end in ("s", "es", "ed", "d", "ing") if word.endswith(end))}
    return max(zipf_frequency(form, "en") for form in forms if len(form) >= min(3, len(word)))


def derived(word: str, known: set[str]) -> bool:
    """Whether a stem is one of `known` or made from one by a suffix the stemmer keeps ("stiffen" from "stiff",
    "signalling" from "signal"): the same thing, said as another part of speech.

    >>> derived("stiffen", {"stiff"}), derived("potassium", {"pot"}), derived("calf", {"calcium"})
    (True, False, False)
    """
    return word in known or any(len(k) >= 4 and word.startswith(k) and len(word) - len(k) <= 4 for k in known)


def swapped_candidates(text: str, cited: str, terms: dict[str, int],
                       kin: dict[str, set[str]] | None = None) -> tuple[list[str], list[str]]:
    """(the sentence's words that may stand for another of the articles' things, the cited text's words):
    a word the cited text doesn't use that the articles list beside one it does (`kin`, from siblings():
    "potassium" where it says "magnesium"), or that English uses little (Zipf below TERM_ZIPF) while the
    articles use it in a few sentences (not their subject, "twitching"): "calf" where it says "legs",
    "neurologist" where it names no one. Bot.support then lets through only those the model puts close to a
    cited word (a synonym)."""
    known = {stem(w.lower()) for w in tokens(cited) if content(w)}
    names = {re.sub(r"'s$|'$", "", w.lower()) for w in tokens(cited) if w[0].isalpha()} | acronyms(cited)
    kin = kin or {}
    found = [w.lower() for w in tokens(text) if content(w) and not derived(stem(w.lower()), known)
             and not ADVICE.fullmatch(w) and not NEGATORS.fullmatch(w)]  # closed classes, the rules' own
    spread = TERM_SPREAD * max(terms.values(), default=0)
    found = [w for w in dict.fromkeys(found)
             if 0 < terms.get(stem(w), 0) <= spread
             and (kin.get(stem(w), set()) & known and commonness(w) < KIN_ZIPF or commonness(w) < TERM_ZIPF)
             and not any(SequenceMatcher(None, re.sub(r"'s$|'$", "", w), k).ratio() >= 0.8 for k in names)]
    return found, sorted({w.lower() for w in tokens(cited) if content(w)})
