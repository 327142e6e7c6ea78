"""The rules that need no model: a written sentence must cite passages it was given, state no number, unit or
name they don't, keep their meaning (bot.meaning) and the roles of their words (bot.clauses and its kin, bot.swaps)."""
from __future__ import annotations

import re

from bot import clauses, swaps, terms
from bot.advice import advises
from bot.causal import reversed_link
from bot.contrasts import moved_to_other
from bot.amounts import new_amount
from bot.coverage import content_words
from bot.shown import shown
from bot.meaning import changed_meaning, closest_sentence
from bot.scope import dropped_condition, moved_to_name, named_person, new_ranking
from bot.sentences import Sentence, cited_sentences
from bot.text import rare, stem
from bot.word_forms import same_stem, spelled_out


def rule_broken(sentence: Sentence, given: dict[int, str]) -> str | None:
    """The first rule the sentence breaks against the passages it cites (n -> text in `given`), or None."""
    if not sentence.cites:
        return "cites no passage"
    unknown = [n for n in sentence.cites if n not in given]
    if unknown:
        return f"cites {', '.join(f'[{n}]' for n in unknown)}, which it was not given"
    text, cited = sentence.text, " ".join(shown(given[n]) for n in sentence.cites)
    amount = new_amount(text, cited)
    if amount:
        return amount
    names = new_names(text, cited) or terms.new_names(text, cited)
    if names:
        return f"names {', '.join(names)}, which the cited text does not"
    part = part_naming_other(sentence, given)
    if part:
        return f"its part \"{part[0]}\" names {', '.join(part[1])}, which its own passage does not"
    return (changed_meaning(text, cited, closest_sentence(text, cited)) or changed_roles(text, cited)
            or moved_attribute(text, cited) or said_of_other(text, [shown(given[n]) for n in sentence.cites])
            or changed_scope(sentence, given))


def changed_scope(sentence: Sentence, given: dict[int, str]) -> str | None:
    """Why the sentence says the cited words hold for more, or for another thing, than the cited text does
    (bot.scope), or None. What a name is said of is read part by part, each against its own passages: a sentence
    joining two passages names each one's things in its own part (ws3-061, ws15-076, supported)."""
    text, cited = sentence.text, " ".join(shown(given[n]) for n in sentence.cites)
    condition = dropped_condition(text, cited)
    if condition:
        return f"states for everyone what the cited text says only if {condition}"
    ranking = new_ranking(text, cited)
    if ranking:
        return f"ranks ({ranking}) where the cited text ranks nothing"
    parts = [(part, " ".join(shown(given[n]) for n in cites)) for part, cites in sentence.parts
             if all(n in given for n in cites)] if len(sentence.parts) > 1 else [(text, cited)]
    for part, passages in parts:
        moved = moved_to_name(part, passages)
        if moved:
            return f"says of {moved[0]} what the cited text says of {moved[1]}"
    return None


def part_naming_other(sentence: Sentence, given: dict[int, str]) -> tuple[str, list[str]] | None:
    """(a part of the sentence with its own markers, the rare words it names) where its own passages name none of them
    (new_names), though the sentence's other passages may: "Hypophosphatemia can cause muscle spasms and tetany [1],
    just like low magnesium does [2]" where spasms and tetany are passage 2's. A part says its own passage says it.

    >>> part_naming_other(Sentence("X", (1, 2), (("Hypophosphatemia can cause tetany", (1,)), (", as low magnesium does", (2,)))),
    ...                   {1: "Hypophosphatemia can cause weakness.", 2: "Hypomagnesemia can cause tetany."})
    ('Hypophosphatemia can cause tetany', ['tetany'])
    """
    for part, cites in sentence.parts:
        if all(n in given for n in cites):
            names = new_names(part, " ".join(shown(given[n]) for n in cites))
            if names:
                return part.strip(" ,;"), names
    return None


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
    other = moved_to_other(text, joined)
    if other:
        return f"says of another thing what the cited text says of {other}, which it sets it against"
    return None


def changed_roles(text: str, cited: str) -> str | None:
    """Why the sentence gives the cited text's words other roles (bot.causal, bot.advice), or None."""
    if reversed_link(text, cited):
        return "puts an effect of the cited text before its cause"
    advice = advises(text, cited)
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



def new_names(text: str, cited: str) -> list[str]:
    """Words the sentence adds that English hardly uses (bot.text.rare: drugs, diseases, names), found in no
    form in the cited text: "statins" against a passage about caffeine.

    >>> new_names("Statins may cause twitching.", "Caffeine may cause twitching.")
    ['statins']
    >>> new_names("Caffeinated drinks may cause twitching.", "Caffeine may cause twitching.")
    []
    """
    known = {stem(w) for w in content_words(cited)}  # "stiffen" is the cited "stiff" (bot.word_forms.same_stem)
    spelled = spelled_out(text, cited)  # "PMS" for "premenstrual syndrome", "benign fasciculation syndrome" for "BFS"
    # "neurologist" is stemmed as "neurological" is, but names a person the cited text does not (bot.scope.named_person)
    return [w for w in dict.fromkeys(content_words(text))
            if not (same_stem(w, known) and not named_person(w, cited)) and w not in spelled and rare(w)
            and rare(re.sub(r"is(e|ed|es|ing|ation)$", r"iz\1", w))]  # "minimise" is "minimize"
