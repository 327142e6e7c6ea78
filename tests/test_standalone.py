"""A quote stands alone (bot.standalone): what leans on the sentence before it, which list lead-ins are no sentence,
and what the answer shows of them (bot.claims.ClaimIndex.widened, bot.quoting.Quoting.lead_shown)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from evals.display import defects
from ingest.load import load_corpus
from bot.standalone import asks_for, fragment_lead, leans, leans_weakly, stands_alone, unlinked

CORPUS = Path(__file__).parents[1] / "corpus"

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
    # leans_weakly: only a linking adverbial ties it to the sentence before; its first clause names its own subject
    ("However, persistent eyelid spasms involving the entire orbicularis oculi muscle (blepharospasm) may require medical "
     "evaluation, especially if they interfere with vision.", leans_weakly, True),
    ("However, if twitches are frequent, widespread, or accompanied by weakness or other neurological symptoms, medical "
     "evaluation is important.", leans_weakly, True),
    ("However, not all abnormal findings indicate serious disease—some people with BFS show EMG changes without "
     "progression.", leans_weakly, True),
    ("Additionally, magnesium helps to transport calcium across cell membranes.", leans_weakly, True),
    # ...and must not: a word pointing back in its first clause, another connective, no link at all
    ("However, if they persist beyond two weeks, it’s worth getting checked.", leans_weakly, False),
    ("However, this is rare.", leans_weakly, False),
    ("However, there are less common reasons for muscle twitching, in which case medical guidance should be sought.",
     leans_weakly, False),
    ("However, these conditions are mostly rare.", leans_weakly, False),
    ("But if they persist beyond two weeks or spread across multiple muscle groups, it’s worth getting checked.",
     leans_weakly, False),
    ("This can make walking, talking, eating, and breathing difficult.", leans_weakly, False),
    ("It tends to resolve on its own within days.", leans_weakly, False),
    ("Eyelid twitching (myokymia) is very common and usually caused by stress, fatigue, or excessive screen time.",
     leans_weakly, False),
    ("For example, too much vitamin B6 can cause muscle cramping and twitching.", leans_weakly, False),
    # ...or only by the "Other" of "Other <things> of <a named subject> include" (OTHER_OF): its items are such things
    ("Other symptoms of Isaacs’ syndrome include: muscle stiffness; cramping; sweating; trouble relaxing muscles",
     leans_weakly, True),
    ("Other symptoms of MS include: fatigue; numbness or tingling; weakness; dizziness", leans_weakly, True),
    ("Other common causes of Isaacs’ syndrome include: cancer", leans_weakly, True),
    # ...and must not: whose things the sentence before says, a pointing subject, a verb that does not list
    ("Other symptoms include a tingling or numb feeling in the foot or leg.", leans_weakly, False),
    ("Other causes of this condition include: stress; fatigue", leans_weakly, False),
    ("Other symptoms of MS are rare.", leans_weakly, False),
    ("Other factors, such as:", leans_weakly, False),
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
    # stands_alone: a sentence that leans on none before it, so a first quote may open on it (Quoting.alone)
    ("Include electrolyte-rich foods like bananas, spinach, and avocados.", stands_alone, True),
    ("Maintain a consistent bedtime, avoid screens before bed, and create a dark, cool sleeping environment.",
     stands_alone, True),
    ("Supplementation may be advised if levels are low.", stands_alone, True),  # ALONE_MARGIN keeps it second
    ("Over time, a person with ALS may lose the ability to control their movements.", stands_alone, True),
    # ...and must not: a word pointing back, a connective, a link, an ellipsis, past a one-word adverbial too
    ("It tends to resolve on its own within days.", stands_alone, False),
    ("These contractions are usually too weak to move a joint but strong enough to be felt under the skin.",
     stands_alone, False),
    ("They’ll assess reflexes, muscle strength, coordination, and sensory function.", stands_alone, False),
    ("While these conditions have no cure, the right treatment plan can ensure a person maintains a good quality of "
     "life.", stands_alone, False),
    ("But if they persist beyond two weeks or spread across multiple muscle groups, it’s worth getting checked.",
     stands_alone, False),
    ("Even 10 minutes daily can lower nervous system excitability.", stands_alone, False),
    ("For example, too much vitamin B6 can cause muscle cramping and twitching.", stands_alone, False),
    ("Occasionally, these signals misfire due to fatigue, stress, or chemical imbalances.", stands_alone, False),
    ("However, persistent eyelid spasms involving the entire orbicularis oculi muscle (blepharospasm) may require "
     "medical evaluation.", stands_alone, False),
    ("symptoms of MS include: fatigue", stands_alone, False),
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


@pytest.mark.parametrize("sentence, own", [
    ("However, persistent eyelid spasms may require medical evaluation.", "persistent eyelid spasms may require"),
    ("Additionally, magnesium helps to transport calcium.", "magnesium helps to transport calcium"),
    ("However, if they persist, get checked.", "However, if they persist"),  # leans strongly: nothing left out
    ("Include electrolyte-rich foods like bananas.", "Include electrolyte-rich foods"),  # no link to leave out
    ("Other symptoms of MS include: fatigue; numbness or tingling", "symptoms of MS include: fatigue"),
    ("Other symptoms include a tingling or numb feeling.", "Other symptoms include"),  # whose: not said
])
def test_a_weak_link_is_what_an_opening_leaves_out(sentence, own):
    assert sentence[unlinked(sentence):].startswith(own)


@pytest.mark.parametrize("question, asks", [
    ("what other symptoms does it cause besides the twitches", True),
    ("any other symptoms with it?", True),
    ("besides twitching wich other symptoms can MS give?", True),
    ("what is isaacs syndrome", False),  # nearer its list of symptoms than its background, which answers
    ("With Isaacs syndrome, do the muscles keep contracting even when you're resting?", False),
    ("whats going on with the nerves in Isaacs syndrome", False),
])
def test_an_other_list_opens_an_answer_only_when_the_question_asks_for_its_things(question, asks):
    assert asks_for("Other symptoms of Isaacs’ syndrome include: muscle stiffness; cramping", question) is asks
    assert asks_for("However, persistent eyelid spasms may require medical evaluation.", question)  # not an "Other"


def answering_first(bot, monkeypatch, on: bool = True):
    answering = replace(bot.quoting, answer_first=on)
    monkeypatch.setattr(bot, "quoting", answering)
    monkeypatch.setattr(bot, "answerer", answering)


@pytest.mark.parametrize("question, opening, cited", [
    ("what is blepharospasm? when should it be checked", "Persistent eyelid spasms involving the entire",
     "persistent eyelid spasms involving the entire"),
    ("The Dr.Oracle page mentions a 50-year-old man with LGI1 antibodies. What helped him?",
     "If twitches are frequent, widespread", "if twitches are frequent, widespread"),
    # "Other symptoms of MS include: …" after "Muscle twitching may be a sign of spasticity." (OTHER_OF)
    ("what other symptoms does MS have besides twitching", "Symptoms of MS include: fatigue; numbness or tingling",
     "symptoms of MS include:"),
])
def test_an_answer_opens_at_a_sentence_that_leans_only_weakly_when_it_is_what_answers(bot, monkeypatch, question,
                                                                                      opening, cited):
    """With answer_first on, the claim is shown from its answering sentence without its "However," (bot.quoting.
    Quoting.starts_at, skip), not after the preamble that word links it to; the citation is the exact span from the
    sentence's own first word, and the display check finds nothing leaning. Off, the preamble is shown first."""
    answering_first(bot, monkeypatch, on=False)
    assert not bot.ask(question).answer.startswith(opening)
    answering_first(bot, monkeypatch)
    answer = bot.ask(question)
    assert answer.answer.startswith(opening)
    first = answer.citations[0]
    assert first.text.startswith(cited)
    assert Path(first.source).read_text(encoding="utf-8")[first.start:first.end] == first.text
    texts = {a.id: a.text for a in load_corpus(CORPUS)[0]}
    assert defects(answer.to_dict(), texts) == []


@pytest.mark.parametrize("question", ["What foods are good for keeping electrolytes up?",
                                      "which foods are good for electrolytes? I hate sports drinks"])
def test_a_first_quote_opens_at_a_later_sentence_that_stands_alone_and_clearly_answers(bot, question):
    """"Include electrolyte-rich foods…" leans on nothing and is 0.3-0.4 nearer a question about foods than "Stay
    hydrated: Drink water…" before it (ALONE_MARGIN): the first quote opens on it, the citation the exact span from
    "Include", and what it left out is not shown; nothing leaning."""
    answer = bot.ask(question)
    assert answer.answer.startswith("Include electrolyte-rich foods like bananas, spinach, and avocados. [1]")
    assert "Stay hydrated" not in answer.answer
    first = answer.citations[0]
    assert first.text == "Include electrolyte-rich foods like bananas, spinach, and avocados."
    assert Path(first.source).read_text(encoding="utf-8")[first.start:first.end] == first.text
    texts = {a.id: a.text for a in load_corpus(CORPUS)[0]}
    assert defects(answer.to_dict(), texts) == []


@pytest.mark.parametrize("question, opening", [
    # "Maintain a consistent bedtime…" is nearer, but by less than ALONE_MARGIN: the hours come first (ag-ans-53)
    ("How many hours of sleep a night should I aim for to cut down on twitching?", "Improve sleep hygiene: Aim for 7–9"),
    # "Supplementation may be advised if levels are low." reads only after the blood test (ho5-ans-28)
    ("vegan for 3 yrs and not great about taking supplements. could low b12 be behind my twitching?",
     "Replenish key nutrients: Consider a blood test"),
])
def test_a_sentence_that_stands_alone_but_is_not_clearly_nearer_does_not_open(bot, question, opening):
    assert bot.ask(question).answer.startswith(opening)


EYELID_HISTORY = [{"role": "user", "content": "my left eyelid has been twitching since monday"},
                  {"role": "assistant", "content": "Eyelid twitching (myokymia) is very common and usually caused by "
                                                   "stress, fatigue, or excessive screen time."}]


@pytest.mark.parametrize("question, history", [
    ("my eyelid has twitched for 3 days, is that normal?", None),  # the closest sentence leans strongly ("It tends…")
    # the closest sentence is "However, persistent eyelid spasms…", but not clearly closer than the background, and
    # no sentence of the claim gives what the question's words ask for alone (bot.quoting.Quoting.answers_by_words)
    ("why does my eyelid keep twitching", None),
])
def test_a_claim_is_shown_whole_unless_a_weakly_leaning_sentence_clearly_answers(bot, monkeypatch, question, history):
    answering_first(bot, monkeypatch)
    answer = bot.ask(question, history=history)
    assert answer.answer.startswith("Eyelid twitching (myokymia) is very common")


@pytest.mark.parametrize("question, history, opening, cited", [
    # as near the question as "It's important to note that EMG testing can detect abnormal activity…" (0.660 / 0.664),
    # but only it says "serious" (batch as's as-ans-49, judged late in its quote)
    ("My EMG showed something 'abnormal' and I'm spiralling. Does an abnormal EMG always mean something serious?", None,
     "Not all abnormal findings indicate serious disease", "not all abnormal findings indicate serious disease"),
    # a question asking how long: the one sentence of the claim giving a length of time, its referent in brackets
    # (bot.antecedent), the sentence naming it cited beside it (as-fu-02's eyelid follow-up)
    ("how long till it goes away normally? its driving me nuts", EYELID_HISTORY,
     "[Eyelid twitching (myokymia):] It tends to resolve on its own within days.", "It tends to resolve on its own"),
])
def test_a_later_sentence_the_question_singles_out_opens_the_first_quote(bot, question, history, opening, cited):
    """A first claim's later sentence that may open it (Quoting.starts_at) and is within ANSWER_MARGIN of the closest
    opens it when the question's words or the amount it asks for single it out (Quoting.shown_from); each citation the
    file's exact span, the background shown after it, nothing leaning."""
    answer = bot.ask(question, history=history)
    assert answer.answer.startswith(opening)
    assert answer.citations[0].text.startswith(cited)
    for citation in answer.citations:
        assert Path(citation.source).read_text(encoding="utf-8")[citation.start:citation.end] == citation.text
    texts = {a.id: a.text for a in load_corpus(CORPUS)[0]}
    assert defects(answer.to_dict(), texts) == []


def test_the_background_an_answer_opens_past_is_shown_after_it_when_near_the_question(bot):
    """"What is blepharospasm and is it worse than a normal eye twitch?" opens on the blepharospasm sentence, and the
    background it was shown after, which says what a normal eye twitch does, follows as a quote of its own
    (bot.quoting.Quoting.with_background); each citation the file's exact span, nothing leaning."""
    answer = bot.ask("what is blepharospasm and is it worse than a normal eye twitch")
    assert answer.answer.startswith("Persistent eyelid spasms involving the entire orbicularis oculi muscle")
    assert answer.citations[1].text.startswith("Eyelid twitching (myokymia) is very common")
    assert "[1] Eyelid twitching (myokymia) is very common" in answer.answer
    for citation in answer.citations:
        assert Path(citation.source).read_text(encoding="utf-8")[citation.start:citation.end] == citation.text
    texts = {a.id: a.text for a in load_corpus(CORPUS)[0]}
    assert defects(answer.to_dict(), texts) == []


def test_a_far_background_is_not_shown_after(bot):
    """The Isaacs’ background is 0.25 further from "what other symptoms does it cause?" than its list: left out."""
    answer = bot.ask("What other symptoms does it cause?", history=[{"role": "user", "content": "What is Isaacs’ syndrome?"}])
    assert answer.answer.startswith("Symptoms of Isaacs’ syndrome include:")
    assert "overactive peripheral nerve axons" not in answer.answer


@pytest.mark.parametrize("question", ["What is Isaacs’ syndrome?",
                                      "With Isaacs syndrome, do the muscles keep contracting even when you're resting?"])
def test_an_other_list_does_not_open_an_answer_that_asks_for_something_else(bot, question):
    """Nearer the question than the background by its name alone, "Other symptoms of Isaacs’ syndrome include: …" is
    not shown first when no symptoms are asked for (bot.standalone.asks_for): the background answers."""
    assert bot.ask(question).answer.startswith("A person with Issacs’ syndrome has overactive peripheral nerve axons.")


@pytest.mark.parametrize("opening, leaning", [
    ("persistent eyelid spasms involving", False),  # past its "However, ": its own words lean on nothing
    ("However, persistent eyelid spasms", True),  # the whole sentence, without the two before it
    ("eyelid spasms involving", True),  # anywhere else inside a sentence is mid-thought
])
def test_the_fragment_measure_reads_a_quote_from_its_own_first_word(opening, leaning):
    from evals.fragments import kinds

    doc = "random-twitches-when-concerned"
    text = next(a.text for a in load_corpus(CORPUS)[0] if a.id == doc)
    start = text.index(opening)
    end = text.index("interfere with vision.", start) + len("interfere with vision.")
    assert bool(kinds([(doc, start, end)], str(CORPUS))["leaning"]) is leaning


def test_where_a_quote_starts_is_kept_per_index_as_found(bot):
    """Quoting.starts_at is kept per claim index (it reads no question): for every claim and each of its sentences,
    asked twice (found, then kept), it is what found_start gives; never with answer_first off or a lead-in."""
    from bot.quoting import Quoting

    quoting = Quoting(bot.claims, 0.9, 4, answer_first=True)
    off = Quoting(bot.claims, 0.9, 4, answer_first=False)
    found = 0
    for claim in bot.claims.claims:
        for closest in claim.sentences:
            expected = None if claim.lead is not None else quoting.found_start(claim, closest)
            assert quoting.starts_at(claim, closest) == expected
            assert quoting.starts_at(claim, closest) == expected  # the kept value
            assert off.starts_at(claim, closest) is None
            found += expected is not None
    assert found  # the corpus has quotes shown from a sentence leaning weakly ("However, …")
