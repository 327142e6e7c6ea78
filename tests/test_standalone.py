"""A quote stands alone (bot.standalone): what leans on the sentence before it, which list lead-ins are no sentence,
and what the answer shows of them (bot.claims.ClaimIndex.widened, bot.quoting.Quoting.lead_shown)."""
from __future__ import annotations

import pytest

from bot.standalone import fragment_lead, leans

# (text, rule, must match): the articles' own sentences and lead-ins where they exist.
TABLE = [
    # leans: a connective or a word pointing back opens it
    ("Now, while muscle twitching, also known as fasciculations, can occur in these “bad” diseases, it can also happen "
     "for some very mundane reasons as well.", leans, True),
    ("So naturally my mind goes to the worst case scenarios.", leans, True),
    ("But if they persist beyond two weeks or spread across multiple muscle groups, it’s worth getting checked.", leans,
     True),
    ("However, if twitches are frequent, widespread, or accompanied by weakness…", leans, True),
    ("This can make walking, talking, eating, and breathing difficult.", leans, True),
    ("And that is why it matters.", leans, True),
    ("Yet most twitches stop on their own.", leans, True),
    ("Still, a doctor should check a twitch that spreads.", leans, True),
    # ...and must not: a sentence that introduces its own subject, words that only begin like a connective
    ("Some causes of muscle twitching are more serious, but these conditions are mostly rare.", leans, False),
    ("Sodium, potassium and calcium carry the signal.", leans, False),
    ("So much caffeine can cause twitching.", leans, False),
    ("Nowadays most people drink coffee.", leans, False),
    ("Over time, a person with ALS may lose the ability to control their movements.", leans, False),
    ("Occasionally, these signals misfire due to fatigue, stress, or chemical imbalances.", leans, False),
    ("Muscle twitching may be a sign of lupus, though this condition is not common.", leans, False),
    ("Benign fasciculation syndrome (BFS)", leans, False),
    # fragment_lead: a noun phrase and its examples marker, set off by a comma
    ("Specific electrolyte imbalances, such as:", fragment_lead, True),
    ("Other factors, such as:", fragment_lead, True),
    ("Common triggers, including:", fragment_lead, True),
    # ...and must not: a lead-in that is a clause
    ("Here are the most frequent triggers:", fragment_lead, False),
    ("Diagnostic tools may include:", fragment_lead, False),
    ("If you experience any of the following, consult a neurologist:", fragment_lead, False),
    ("Persistent or progressive symptoms could point to neurological conditions such as:", fragment_lead, False),
    ("Research suggests this muscle twitching may happen after exercise for two reasons:", fragment_lead, False),
]


@pytest.mark.parametrize("text, rule, matches", TABLE)
def test_a_standalone_rule_matches_its_examples(text, rule, matches):
    assert rule(text) is matches


def test_a_leaning_sentence_is_widened_when_what_it_leans_on_is_short_or_else_never_quoted(bot):
    index = bot.claims
    sentences = index.library.sentences
    leaning = [sentences[i].readable for i in index.leaning]
    assert any(text.startswith("Now, while muscle twitching") for text in leaning)  # leans on the writer's own lines
    widened = {sentences[first].readable: [sentences[i].readable for i in before]
               for first, before in index.leans_on.items()}
    before = next(v for k, v in widened.items() if k.startswith("However, if twitches are frequent"))
    assert [text[:24] for text in before] == ["For persistent twitches,"]
    answer = bot.ask("Is twitching always from bad diseases like ALS, or can it be mundane?")
    assert not answer.refused and "these “bad” diseases" not in answer.answer


def test_a_list_item_that_is_a_sentence_is_shown_without_a_lead_in_that_is_none(bot):
    answer = bot.ask("symptoms of low phosphate?")
    assert "Hypophosphatemia (low phosphate levels) can cause weakness" in answer.answer
    assert "such as:" not in answer.answer
    for citation in answer.citations:  # every quote still exact at its offsets
        assert bot.claims.library.articles[citation.doc_id].text[citation.start:citation.end] == citation.text



def test_a_quote_in_the_writers_first_person_says_whose_it_is(bot):
    answer = bot.ask("how long do the twitches of the physical therapist who wrote that blog usually last")
    assert answer.answer.startswith("In the writer's own words (Kyle J. Martinos PT, DPT, ECS): I often get")
    assert answer.answer.count("In the writer's own words") == 1


@pytest.mark.parametrize("quote, holds", [
    ("I often get muscle twitching in random muscles, at random times.", True),
    ("“Fasciculations occur commonly in otherwise normal muscle in many healthy subjects.”", False),  # quoted, not theirs
    ("Muscle twitching has many everyday causes that are not serious.", False),
])
def test_the_writer_label_holds_only_on_a_quote_in_the_first_person(quote, holds):
    from evals.citation_checks import unsupported_units

    read = {"a.md": f"# A\n\n{quote}\n"}.get
    start = read("a.md").index(quote)
    citation = {"n": 1, "doc_id": "a", "source": "a.md", "start": start, "end": start + len(quote), "text": quote}
    answer = {"answer": f"In the writer's own words (A. Writer): {quote} [1]", "citations": [citation]}
    assert (unsupported_units(answer, read)[1] == []) is holds
