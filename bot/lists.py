"""Lists and pairs: the items of a sentence's lists, the two things it joins by "and"/"or", and which things the
articles list side by side (things of one kind a model may swap for one another)."""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from itertools import pairwise

from bot.clauses import content, tokens
from bot.text import stem

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


JOINER = re.compile(r",|and|or", re.IGNORECASE)
CLAUSE_WORD = re.compile(r"since|because|while|whilst|although|though|whereas|unless|until|which|who|whom|that|when|"
                         r"whenever|where|if|so|then|yet", re.IGNORECASE)
ANCHOR = 2  # words of the cited text's own wording on each side of an inserted item: "too much [zinc or] vitamin B6"


def inserted_items(text: str, cited: str) -> list[list[list[str]]]:
    """Things the sentence joins by "and"/"or"/a comma into a run of the cited text's own words, each as a pair (the
    inserted thing, the cited thing it is joined to), as pairs() gives them: "Too much zinc or vitamin B6 can cause
    cramping" where it says "too much vitamin B6 can cause cramping" (pairs() cannot tell where "vitamin B6 can cause
    cramping" ends; the cited wording around the insertion can).

    >>> inserted_items("Too much zinc or vitamin B6 can cause cramping.", "Too much vitamin B6 can cause cramping.")
    [[['zinc'], ['vitamin', 'b6']]]
    >>> inserted_items("Fatigue, stress or caffeine can trigger it.", "Fatigue, stress, and caffeine can trigger it.")
    []
    >>> inserted_items("Drinks that contain caffeine, since too much may cause twitching.",
    ...                "Drinks that contain caffeine may cause twitching.")
    []
    """
    ours, theirs = [w.lower() for w in tokens(text)], [w.lower() for w in tokens(cited)]
    found = []
    blocks = SequenceMatcher(None, ours, theirs, autojunk=False).get_matching_blocks()
    for left, right in pairwise(blocks):
        if left.size < ANCHOR or right.size < ANCHOR or left.b + left.size != right.b:
            continue  # not an insertion between two runs of the cited wording, one right after the other
        inserted = ours[left.a + left.size:right.a]
        if len(inserted) < 2 or not (JOINER.fullmatch(inserted[0]) or JOINER.fullmatch(inserted[-1])):
            continue
        thing = inserted[1:] if JOINER.fullmatch(inserted[0]) else inserted[:-1]
        # only the words of one thing: ", since too much" opens a clause, it joins no item
        if not 1 <= len(thing) <= 3 or not all(content(w) and not CLAUSE_WORD.fullmatch(w) for w in thing):
            continue
        # the cited thing it is joined to: the words on the joiner's side, up to the next joiner or stop word
        side = ours[right.a:right.a + right.size] if JOINER.fullmatch(inserted[-1]) else ours[left.a:left.a + left.size][::-1]
        partner = []
        for w in side:
            if not content(w) or JOINER.fullmatch(w):
                break
            partner.append(w)
        if partner:
            found.append([thing, partner if JOINER.fullmatch(inserted[-1]) else partner[::-1]])
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
