"""A written sentence that keeps the cited text's words but says them of the wrong thing: a table cell read under
the other column, the doer and the done-to of a verb swapped, a person given another role.

The bag-of-words checks (bot.support's score, bot.clauses' terms) see the same words in each of these; what
changed is which word goes with which:

- columns: "Location — Normal Twitch: Single spot (e.g., eyelid, calf); Potentially Serious Twitch: Spreads to
  multiple areas (arm, leg, torso)" (a table row as bot.written.readable gives it); "Normal twitches spread to
  the arm, leg and torso" reads the second cell under the first heading;
- roles: "muscle fibers send signals to motor neurons" where it says "motor neurons send signals to muscle
  fibers": the words before and after the shared verb trade places;
- who someone is: "Dr. Alan Reyes, a physical therapist" where it says "Dr. Alan Reyes, Neurologist".

    >>> crossed_column("A normal twitch can persist for weeks to months.",
    ...                "Duration — Normal Twitch: Seconds to minutes; Potentially Serious Twitch: Persistent (weeks to months)")
    'normal'
    >>> swapped_roles("Muscle fibers send signals to motor neurons.", "Motor neurons send signals to muscle fibers.")
    'send'
    >>> swapped_roles("Eyelid twitching is common.", "A common place of twitching is the eyelid.")
    >>> new_role("Dr. Alan Reyes, a physical therapist, said so.", "— Dr. Alan Reyes, Neurologist at Boston General")
    'physical therapist'
"""
from __future__ import annotations

import itertools
import re

from bot.causal import FORWARD, LINK, causal_pieces, reaches
from bot.clauses import content, tokens
from bot.terms import TERM_ZIPF, commonness
from bot.meaning import HEDGE
from bot.text import stem

# A table row as an answer shows it: "Row — Heading A: cell; Heading B: cell" (bot.written.readable).
ROW = re.compile(r"^(?P<row>[^—:]{1,60}) — (?P<cells>.+)$")
CELL = re.compile(r"(?:^|;\s*)(?P<heading>[A-Z][\w ]{0,40}?):\s*(?P<cell>.*?)(?=;\s*[A-Z][\w ]{0,40}?:|$)")
# Where a written sentence's claims part: a contrast ("normal twitches stay in one spot, while serious ones spread")
# states one column per part.
PART = re.compile(r"[;:]|,?\s*\b(?:while|whereas|but|however|although|though)\b", re.IGNORECASE)


def stems(text: str) -> set[str]:
    return {stem(w.lower()) for w in tokens(text) if content(w) and len(w) > 1}


def things(text: str) -> set[str]:
    """stems() less the words that say how often or how surely (bot.meaning.HEDGE): "often due to minor nerve
    irritation" links the irritation, not "often" (4 supported sentences of sets 11, 14, 16 and 17 were dropped as
    "irrit minor nerv -> often", the cited text giving "often" and the irritation side by side).

    >>> sorted(things("often minor nerve irritation"))
    ['irrit', 'minor', 'nerv']
    """
    return {stem(w.lower()) for w in tokens(text) if content(w) and len(w) > 1
            and not any(pattern.fullmatch(w) for pattern in HEDGE)}


def columns(cited: str) -> list[tuple[set[str], set[str]]] | None:
    """(heading stems, cell stems) of each column of a table row with two or more, each less what the others share
    ("twitch" heads both columns of "Normal Twitch" and "Potentially Serious Twitch"); None for any other text."""
    m = ROW.match(cited.strip())
    if not m:
        return None
    found = [(stems(c.group("heading")), stems(c.group("cell"))) for c in CELL.finditer(m.group("cells"))]
    if len(found) < 2:
        return None
    out = []
    for i, (heading, cell) in enumerate(found):
        other_headings = set().union(*(h for j, (h, _) in enumerate(found) if j != i))
        other_cells = set().union(*(c for j, (_, c) in enumerate(found) if j != i))
        out.append((heading - other_headings, cell - other_cells - other_headings))
    return out


def crossed_column(text: str, cited: str) -> str | None:
    """The heading a part of the sentence names while it states what only another column's cell says, or None
    (a part naming no heading, or both, says nothing of which column). A part may state its own column's cell too and
    still put another's under it: "twitches at rest are the normal pattern, triggered by caffeine" where "occurs at
    rest" is the serious column's cell. The row's own name ("Triggers") is no cell's word ("No clear trigger").

    >>> row = "Triggers — Normal Twitch: Caffeine, lack of sleep; Potentially Serious Twitch: No clear trigger; occurs at rest"
    >>> crossed_column("Twitches at rest are the normal pattern, triggered by caffeine.", row)
    'normal'
    >>> crossed_column("Normal twitches are triggered by caffeine, while serious ones occur at rest.", row) is None
    True
    """
    table = columns(cited)
    if not table:
        return None
    row = stems(ROW.match(cited.strip()).group("row"))
    for part in PART.split(text):
        words = stems(part)
        named = [i for i, (heading, _) in enumerate(table) if heading and heading <= words]
        said = [i for i, (_, cell) in enumerate(table) if (cell - row) & words]
        if len(named) == 1 and any(i != named[0] for i in said):
            return " ".join(sorted(table[named[0]][0]))
    return None


# A verb's form that puts its doer after it ("signals are sent by neurons"): then the order says nothing of roles.
PASSIVE_BEFORE = re.compile(r"is|are|was|were|be|been|being|gets?|got", re.IGNORECASE)
# Where a clause starts: a verb's doer is in its own clause ("twitches happen when [motor neurons send …]").
CLAUSE = re.compile(r"[.;:,()—–!?]|\b(?:which|who|that|while|whereas|but|and then|so|when|whenever|if|because|since|"
                    r"after|before|until|where)\b", re.IGNORECASE)


def sides(clause: str) -> dict[str, tuple[set[str], set[str]]]:
    """word -> (the content stems before it, after it) in a clause, for each content word said once there in the
    active voice. The word as written: "fatiguing muscles" and "muscle fatigue" use one stem in two roles."""
    words = [w for w in tokens(clause) if w[0].isalnum()]
    stems_ = [stem(w.lower()) if content(w) else None for w in words]
    out = {}
    for i, s in enumerate(stems_):
        if s is None or stems_.count(s) > 1:
            continue
        passive = any(PASSIVE_BEFORE.fullmatch(w) for w in words[max(i - 2, 0):i]) or any(
            w.lower() == "by" for w in words[i + 1:i + 4])
        if not passive:
            out[words[i].lower()] = ({x for x in stems_[:i] if x}, {x for x in stems_[i + 1:] if x})
    return out


def swapped_roles(text: str, cited: str) -> str | None:
    """A word both texts use in one clause each whose doer and done-to trade places: what stands before it in the
    sentence stands after it in the cited clause, what stands after it stands before, and nothing stands before it
    in both ("muscle fibers send signals to motor neurons" where it says "motor neurons send signals to muscle
    fibers"); or None."""
    ours = [sides(c) for c in CLAUSE.split(text) if c]
    theirs = [sides(c) for c in CLAUSE.split(cited) if c]
    written = {}  # stem -> its words as written, to ask how much English uses them
    for w in tokens(f"{text} {cited}"):
        if content(w):
            written.setdefault(stem(w.lower()), set()).add(w.lower())

    def named(word_stem: str) -> bool:  # a thing English hardly uses (TERM_ZIPF: "calcium" 3.8, "eyelid" 3.0; "common" 5.2)
        return all(commonness(w) < TERM_ZIPF for w in written.get(word_stem, ()))
    for clause in ours:
        for word, (before, after) in clause.items():
            for other in theirs:
                if word not in other:
                    continue
                cited_before, cited_after = other[word]
                crossed = (before & cited_after, after & cited_before)
                # Three crossed words at least: "eyelid twitching is common" against "a common place of twitching is the
                # eyelid" moves one word each way around a noun; "muscle fibers send … motor neurons" moves two. Or two
                # things named each way (terms: "calcium helps transport magnesium" where it says "magnesium helps to
                # transport calcium"): "common" is no thing, it says how often.
                if all(crossed) and not before & cited_before and (
                        sum(map(len, crossed)) >= 3 or all(any(named(w) for w in side) for side in crossed)):
                    return word
    return None


# "Dr. Alan Reyes, a physical therapist": a name (two or more capitalized words), then who they are.
APPOSITION = re.compile(r"((?:[A-Z][\w.’']*\s+){1,3}[A-Z][\w’']+),\s+(?:a|an|the)\s+([a-z][a-z\s-]{2,40}?)"
                        r"(?=\s+(?:at|of|in|from|with|who|and)\b|[,.;]|$)")


def new_role(text: str, cited: str) -> str | None:
    """The role the sentence gives a person the cited text names, when the cited text uses none of its words, or
    None: who says a thing is part of what the articles say."""
    known = stems(cited)
    for m in APPOSITION.finditer(text):
        name, role = stems(m.group(1)), stems(m.group(2))
        if name and name <= known and role and not role & known:
            return m.group(2).strip()
    return None


# What ends a link's cause before it and its effect after it in a written sentence: the nearest clause.
SIDE_BY_SIDE = re.compile(r"[.;:,()—–!?]|\b(?:but|which|who|that|while|whereas|so|when|if|because|since)\b",
                          re.IGNORECASE)
NOUN_AFTER = re.compile(r"\s+(?:of|include|including)\b", re.IGNORECASE)
NEAR = re.compile(r"[.;:,()—–!?]|\b(?:and|but|or|which|who|that|while|whereas|so)\b", re.IGNORECASE)


def new_link(text: str, cited: str) -> str | None:
    """A cause -> effect the sentence adds between two things the cited text gives side by side, on one side of its
    own link, and never links themselves, or None: "workouts can cause micro-tears, and the twitching during recovery
    makes those tears worse" where it says "workouts can cause micro-tears in muscle fibers and twitching during
    recovery" (the tears and the twitching are both what workouts cause).

    >>> new_link("Workouts cause tears, and the twitching after them makes the tears worse.",
    ...          "Workouts can cause tears in fibers and twitching after them.")
    'twitch -> tear'
    >>> new_link("Workouts cause tears and twitching.", "Workouts can cause tears in fibers and twitching after them.")
    """
    found = causal_pieces(cited)
    if not found:
        return None
    pieces, edges = found
    cited_words = set().union(*pieces)
    # Side by side: in one clause, joined by "and"/"or" ("…, they may develop dehydration" is a clause of its own).
    together = [stems(c) for c in SIDE_BY_SIDE.split(cited)]
    for m in LINK.finditer(text):
        if NOUN_AFTER.match(text[m.end():]):  # "the more serious causes of twitching": a noun, not a link
            continue
        before = antecedent(text[:m.start()], cited_words)
        after = NEAR.split(text[m.end():], maxsplit=1)[0]
        cause, effect = things(before) & cited_words, things(after) & cited_words
        if not FORWARD.fullmatch(m.group(0)):
            cause, effect = effect, cause
        cause, effect = cause - effect, effect - cause
        if not cause or not effect:
            continue
        side_by_side = any(cause & clause and effect & clause for clause in together) or co_causes(
            cause, effect, pieces, edges)
        linked = any(cause & pieces[a] and effect & pieces[b] and reaches(edges, a, b)
                     for a in range(len(pieces)) for b in range(len(pieces)) if a != b)
        if side_by_side and not linked and first_named(effect, cause, cited):
            return f"{' '.join(sorted(cause))} -> {' '.join(sorted(effect))}"
    return None


def first_named(one: set[str], other: set[str], cited: str) -> bool:
    """Whether the cited text names the one thing (stems) before the other. Its things side by side come in the
    order they happen ("workouts can cause micro-tears in muscle fibers and localized twitching during recovery"): a
    link from the first to the later one reads the text (ws24-091, supported: "tiny tears …, which can lead to
    localized twitching"), a link from the later to the first one reverses it ("the twitching makes the tears worse").

    >>> first_named({"tear"}, {"twitch"}, "Workouts cause tears in fibers and twitching.")
    True
    """
    words = [stem(w.lower()) for w in tokens(cited) if content(w)]
    at = {s: min((i for i, w in enumerate(words) if w in s), default=len(words)) for s in (frozenset(one), frozenset(other))}
    return at[frozenset(one)] < at[frozenset(other)]


# A relative word before a link refers back to the thing before it: "minor nerve irritation, which is most often the
# result of dehydration" says the irritation results from dehydration (ws24-092, unsupported).
RELATIVE = re.compile(r"(?:,\s*)?\b(?:which|that|who)\b", re.IGNORECASE)


def antecedent(before: str, cited_words: set[str]) -> str:
    """The words on a link's left in its clause, or, when they name nothing of the cited text's and the clause opens
    with "which"/"that" ("…irritation, which is most often the result of"), the thing that word refers back to.

    >>> antecedent("Twitches come from minor nerve irritation, which is most often", {"irrit", "nerv", "minor"})
    ' minor nerve irritation'
    """
    pieces = NEAR.split(before)
    last = pieces[-1]
    if things(last) & cited_words or len(pieces) < 2:
        return last
    relative = list(RELATIVE.finditer(before))
    if not relative or before[relative[-1].end():].strip() != last.strip():
        return last
    head = NEAR.split(before[:relative[-1].start()])[-1]
    return re.split(rf"\b(?:from|by|with|to)\b|{LINK.pattern}", head, flags=re.IGNORECASE)[-1]


def co_causes(cause: set[str], effect: set[str], pieces: list[set[str]], edges: set[tuple[int, int]]) -> bool:
    """Whether the cited text gives the two things as causes of one thing, neither of the other: "twitches result
    from minor nerve irritation, and can be triggered by … dehydration" gives both as causes of twitches.

    >>> co_causes({"dehydr"}, {"irrit"}, [{"twitch"}, {"irrit"}, {"dehydr"}], {(1, 0), (2, 0)})
    True
    """
    ours = [i for i, piece in enumerate(pieces) if cause & piece]
    theirs = [i for i, piece in enumerate(pieces) if effect & piece]
    return any(a != b and not reaches(edges, a, b) and not reaches(edges, b, a)
               and any(reaches(edges, a, c) and reaches(edges, b, c) for c in range(len(pieces)) if c not in (a, b))
               for a in ours for b in theirs)


def table_notes(sentences: list[str]) -> dict[str, str]:
    """row -> the note right under its table, for the articles' sentences in reading order: a sentence after a run
    of table rows that leads into nothing (no closing ":"), such as "Data gathered from Medscape: Lab Values, Normal
    Adult", says whom the rows are for.

    >>> table_notes(["Sodium (Na) — Normal Range: 136-145", "Data from: Lab Values, Normal Adult5", "Other."])
    {'Sodium (Na) — Normal Range: 136-145': 'Data from: Lab Values, Normal Adult'}
    >>> table_notes(["Location — Normal: one spot; Serious: spreads", "If you see any of these, call:"])
    {}
    """
    out, run = {}, []
    for text in sentences:
        if ROW.match(text.strip()) and " — " in text:
            run.append(text)
            continue
        if run and not text.rstrip().endswith(":"):  # less a reference number on its last word ("Adult5")
            out.update(dict.fromkeys(run, re.sub(r"(?<=[a-z])\d+$", "", text.rstrip())))
        run = []
    return out


# A substituted word is one English uses little (wordfreq's Zipf below this: "kidney" 4.0, "cardiovascular" 3.7,
# "melatonin" 3.0, "sensory" 3.7, "motor" 4.5): a name of a thing, which a paraphrase keeps. Commoner words are
# the paraphrase's own ("raise" for "increase"). Measured on the 613 labelled sentences at 4.3, with the forms below
# left out: it finds 14 of the 312 unsupported (melatonin/cortisol, sensory/motor, plasma exchange/immunoglobulin,
# kidney/cardiovascular, …) and 2 supported ("PMS" for "premenstrual syndrome", which the rare-word rule drops too);
# at 4.5 it found 18 and 14, at 4.0 9 and 4.
SUBSTITUTE_ZIPF = 4.3
# How a verb or an adverb is formed: "firing", "overdoing", "quietly" are the paraphrase's wording, not a thing.
WORDING = re.compile(rf"\w+(?:ing|ly|ed)|{LINK.pattern}", re.IGNORECASE)


def substitutions(text: str, cited: str) -> list[tuple[list[str], list[str]]]:
    """(the sentence's words, the cited text's words) that stand between the same two words of both, in the same
    order, each side with words the other lacks: "risk of [kidney] disease" where it says "risk of [cardiovascular]
    disease". Words made of two of the other's ("overstimulate" for "over stimulate") are the same word.

    >>> substitutions("It may raise the risk of kidney disease.", "It may increase their risk of cardiovascular disease.")
    [(['raise'], ['increase']), (['kidney'], ['cardiovascular'])]
    >>> substitutions("Stress hormones overstimulate nerves.", "Stress hormones over stimulate nerves.")
    []
    """
    def words(t: str) -> list[str]:
        return [w.lower() for w in tokens(t) if content(w) and not w[0].isdigit()]
    ours, theirs = words(text), words(cited)
    every = [w.lower() for w in tokens(cited) if w[0].isalpha()]  # "over" is a stopword, "over stimulate" a word
    joined = {stem(a + b) for a, b in itertools.pairwise(every)}
    our_stems = [stem(w) for w in ours]
    their_stems = [stem(w) for w in theirs]
    known, mine = set(their_stems) | joined, set(our_stems)
    anchors = [i for i, s in enumerate(our_stems) if s in known]
    out = []
    for a, b in itertools.pairwise(anchors):
        new = [w for w, s in zip(ours[a + 1:b], our_stems[a + 1:b]) if s not in known]
        if not new:
            continue
        for i in (i for i, s in enumerate(their_stems) if s == our_stems[a]):
            j = next((j for j in range(i + 1, min(i + 6, len(theirs))) if their_stems[j] == our_stems[b]), None)
            if j is not None:
                old = [w for w, s in zip(theirs[i + 1:j], their_stems[i + 1:j]) if s not in mine]
                if old:
                    out.append((new, old))
                break
    return out


def named_substitutions(text: str, cited: str) -> list[tuple[str, list[str]]]:
    """(the sentence's word, the cited words it stands for) where both name things English uses little (SUBSTITUTE_ZIPF):
    the candidates Support.substituted asks the model about. A causal verb ("trigger" for "stimulate") is a link, which
    the causal rules compare.

    >>> named_substitutions("It may raise the risk of kidney disease.", "It may increase their risk of cardiovascular disease.")
    [('kidney', ['cardiovascular'])]
    """
    out = []
    for new, old in substitutions(text, cited):
        if len(new) > 2 or len(old) > 3:  # a rewording of a phrase, not one thing for another
            continue
        named = [w for w in old if commonness(w) < SUBSTITUTE_ZIPF and len(w) > 2 and not WORDING.fullmatch(w)]
        out += [(w, named) for w in new if named and commonness(w) < SUBSTITUTE_ZIPF and not WORDING.fullmatch(w)]
    return out


# When a thing happens: "after exercise", "while you are asleep", "before symptoms appeared". A sentence that says it
# happens on another occasion than its cited text says of it states what the text doesn't.
OCCASION = re.compile(r"\b(?:after|before|during|while|whilst|when|whenever|at night|overnight)\b", re.IGNORECASE)
OCCASION_END = re.compile(r"[.;:,()—–!?]|\b(?:and|but|or|which|who|that|so|because|since|if)\b", re.IGNORECASE)


def occasions(text: str) -> list[str]:
    """The occasions a text names: each occasion word's phrase up to its clause's end, when it has a content word.

    >>> occasions("Spasms mostly happen while you are asleep, and often after exercise or in hot weather.")
    ['while you are asleep', 'after exercise']
    """
    out = []
    for m in OCCASION.finditer(text):
        rest = OCCASION_END.split(text[m.end():], maxsplit=1)[0]
        if any(content(w) for w in tokens(rest)):
            out.append(f"{m.group(0).lower()} {rest.strip()}")
    return out


def new_occasions(text: str, cited: str) -> list[str]:
    """The sentence's occasions that share no content word with its cited text, when the cited text names occasions
    too (Support.new_occasion asks the model whether one of them says the same).

    >>> new_occasions("Spasms mostly happen while you are asleep.", "They often happen after exercise.")
    ['while you are asleep']
    >>> new_occasions("Spasms happen after exercise.", "They often happen after exercise."), new_occasions("A", "B")
    ([], [])
    """
    if not occasions(cited):
        return []
    known = stems(cited)
    return [o for o in occasions(text) if not stems(o.split(" ", 1)[1]) & known]
