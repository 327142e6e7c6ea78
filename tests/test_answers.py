"""Answers that answer first (#21 part 3), with the real model, index and fitted relevance model: no quote
about a sibling of the asked subject, reassurance only where it answers, each question of a message answered."""
from __future__ import annotations

import re
from pathlib import Path

import pytest


def units(answer: str) -> list[str]:
    return [u.strip() for u in re.split(r"(?:\[\d+\])+", answer) if u.strip()]


def exact(answer) -> bool:
    return all(Path(c.source).read_text(encoding="utf-8")[c.start:c.end] == c.text for c in answer.citations)


@pytest.mark.parametrize(("question", "asked", "sibling"), [
    ("what foods are high in calcium?", "calcium", "magnesium-rich foods"),
    ("What is a normal potassium level?", "Potassium (K)", "Sodium (Na)"),
    ("what's the normal range for chloride?", "Chloride", "Bicarbonate"),
])
def test_no_quote_about_a_sibling_of_the_asked_subject(bot, question, asked, sibling):
    answer = bot.ask(question)
    assert asked.lower() in units(answer.answer)[0].lower()
    assert sibling.lower() not in answer.answer.lower()
    assert exact(answer)


def test_the_subjects_come_from_the_articles_layout(bot):
    from bot.subjects import subjects

    found = subjects(bot.claims)
    assert {"magnesium", "sodium"} <= found.siblings["calcium"]  # sibling sections and sibling table rows
    assert "get" not in found.siblings and "enough" not in found.siblings  # common words name no subject


@pytest.mark.parametrize("question", ["How is ALS diagnosed?", "is ALS curable?"])
def test_a_factual_question_about_als_does_not_open_with_the_reassurance(bot, question):
    answer = bot.ask(question)
    assert not units(answer.answer)[0].startswith("“Fasciculations occur commonly")
    assert exact(answer)


def test_a_worried_question_whether_it_is_als_still_opens_with_the_reassurance(bot):
    assert units(bot.ask("Is it ALS?").answer)[0].startswith("“Fasciculations occur commonly in otherwise normal")


@pytest.mark.parametrize(("message", "answers"), [
    ("What is a normal potassium level? And which foods have calcium?", ["3.5-5 mmol/L", "dairy"]),
    ("Does stretching help with post-workout twitching? How long should I stretch for?", ["5–10 minutes"]),
    # a second question whose best claim the model rates far below the first's still gets it (part_share 0;
    # batch m and batch k of the sealed sets, issue #21: at 0.5 the tea and the "begins subtly" were left out)
    ("Two questions: does caffeine from tea count too or just coffee? And can caffeine twitching show up anywhere "
     "in the body?", ["coffee, tea, or energy drinks", "anywhere in the body"]),
    ("How does ALS usually start? Does it begin with twitching or weakness?",
     ["isolated fasciculations followed by weakness"]),
    # two questions in one sentence (batch i and z): the joined one, read with the first, adds how people end up low
    # (why it matters: blind writers' gold takes either line, bi-ans-47 the deficiency's, ab-ans-10 the nerves')
    ("Why does vitamin D matter for twitching and how do people end up low on it?",
     [("Nerves need vitamin D", "vitamin D deficiency may cause muscle weakness"), "lack of exposure to sunshine"]),
    ("In the case study about Mark the teacher, where did his twitching start and where did it go?",
     ["right thumb", "forearm and shoulder"]),
    # a comparison: each thing's own half of the article's contrast (9 spent "twitch vs spasm" answers, parts30)
    ("twitch vs spasm - are they the same thing?", ["twitch is a short contraction", "spasm is a prolonged contraction"]),
    ("is a twitch the same thing as a spasm", ["twitch is a short contraction", "spasm is a prolonged contraction"]),
])
def test_each_question_of_a_message_gets_its_own_answer(bot, message, answers):
    answer = bot.ask(message)
    assert not answer.refused
    for expected in answers:  # a tuple: any one of its quotes answers that question
        assert any(quote in answer.answer for quote in (expected if isinstance(expected, tuple) else (expected,)))
    assert len(answer.answer.split()) <= 130  # the word budget (90) with a part's own claim and framing
    assert exact(answer)


def test_one_question_in_two_sentences_gets_one_answer(bot):
    """A question rewording the one before is not answered again on its own: the message is one question,
    and its answer opens with how ALS begins."""
    message = "How does ALS usually start? Like what's the first thing people notice?"
    _, evidence, _ = bot.understand(message, [])
    assert evidence.parts == ()
    assert "begins subtly" in units(bot.ask(message).answer)[0]


def test_a_message_split_inside_a_sentence_opens_as_it_would_whole(bot):
    """The whole sentence stays the first part and opens with what the message alone opens with (the opener model's
    pick: the split "What is Isaacs syndrome and why…?" opened with "…a neuromuscular condition" before, batch t)."""
    message = "What is Isaacs syndrome and why does it cause twitching?"
    _, evidence, _ = bot.understand(message, [])
    assert [part.question for part in evidence.parts] == [message, "why does it cause twitching?"]
    assert "overactive peripheral nerve axons" in units(bot.ask(message).answer)[0]


def test_each_question_is_searched_on_its_own(bot):
    _, evidence, _ = bot.understand("What is a normal potassium level? And which foods have calcium?", [])
    assert [part.query for part in evidence.parts] == ["What is a normal potassium level?",
                                                       "And which foods have calcium?"]


def test_no_quote_names_by_a_demonstrative_what_only_the_sentence_before_it_introduced(bot):
    """'One important role of this neurotransmitter…' is quoted with the sentence naming epinephrine, and no
    claim of the index opens with a sentence leaning that way on an unshown one (the blind judges of batches
    e and g: "this neurotransmitter")."""
    from bot.claims import refers_back

    index, library = bot.claims, bot.library
    role = [index.readable(c) for c in index.claims if "this neurotransmitter" in index.readable(c)]
    assert role and all("epinephrine" in text.split("this neurotransmitter")[0] for text in role)
    for claim in index.claims:
        first = library.sentences[claim.sentences[0]]
        order = library.sentences_of[first.passage_id]
        at = order.index(claim.sentences[0])
        before = library.sentences[order[at - 1]].readable if at else ""
        assert not (before and claim.lead is None and refers_back(first.readable, before)
                    and index.claim_of.get(order[at - 1]) is not None), index.readable(claim)


def test_under_an_emergency_the_answer_opens_with_the_matching_warning_sign(bot):
    """A list item the model rates best opens the answer, before the list's other items: "I suddenly can't
    swallow" gets "Difficulty speaking, swallowing, or breathing" first, not "Twitching that lasts longer
    than two weeks" because it comes first in the list."""
    answer = bot.ask("I suddenly can't swallow and my arm keeps twitching.")
    assert any(n["kind"] == "urgent" for n in answer.notices)
    assert "swallowing" in units(answer.answer)[0]
    assert exact(answer)


@pytest.mark.parametrize("question", [
    "How long does a normal, harmless twitch last?",
    "Can muscle twitching be a sign of ALS?",
    "Can multiple sclerosis cause twitching?",
    "I keep dropping things lately and my hand twitches a lot.",
])
def test_no_quote_tells_the_authors_own_story(bot, question):
    """The author's first-person sentences ("I often get muscle twitching in random muscles…", "So naturally my
    mind goes to the worst case scenarios.", "I regularly evaluate patients…") are one person's story, not a
    fact about the reader's twitching: the blind judge found them stray. Each of these questions quoted one
    before."""
    from bot.claims import FIRST_PERSON

    answer = bot.ask(question)
    assert answer.citations and not answer.refused
    assert not [c.text for c in answer.citations if FIRST_PERSON.search(c.text)]
    assert exact(answer)


def test_first_person_is_the_authors_pronoun_not_an_initial_or_the_readers():
    from bot.claims import FIRST_PERSON

    must = ["I often get muscle twitching in random muscles, at random times.",
            "So naturally my mind goes to the worst case scenarios.",
            "This has always been concerning to me.", "In a subsequent blog I will do Part 2."]
    must_not = ["Shrimanker I, Bhattarai S. Electrolytes.", "If your twitching lasts, see a doctor.",
                "Muscle twitching, also known as fasciculation, has many common causes.",
                "Immune disorders and myopathies may cause it."]
    assert all(FIRST_PERSON.search(s) for s in must)
    assert not any(FIRST_PERSON.search(s) for s in must_not)


def test_a_list_lead_in_shown_before_some_of_its_items_marks_the_rest_left_out(bot):
    """"If you experience any of the following, consult a neurologist:" glued onto one sign would read as if
    that sign were the whole list (the blind judge: headings glued onto a single item misstate the source); an
    ellipsis marks the items left out, and every citation stays exact."""
    answer = bot.ask("When should I see a doctor about twitching?")
    lead = "If you experience any of the following, consult a neurologist:"
    assert f"{lead} … " in answer.answer
    assert any(c.text == lead for c in answer.citations)
    assert exact(answer)


def test_a_question_about_the_writer_gets_the_writers_own_story(bot):
    answer = bot.ask("the physical therapist who wrote the blog, how long do his own twitches last?")
    assert units(answer.answer)[0].startswith("In the writer's own words (Kyle J. Martinos PT, DPT, ECS): I often get muscle")
    assert exact(answer)


@pytest.mark.parametrize(("message", "sign"), [
    ("my grandpa's lips are turning blue and he can barely breathe", "breathing"),
    ("I can barely breathe and my legs keep twitching", "breathing"),
])
def test_under_an_emergency_the_sign_closest_to_the_message_opens(bot, message, sign):
    """The claims under an emergency are gathered and rated toward the warning signs' text, so the model rated
    the list's first sign best for nearly every emergency ("Twitching that lasts longer than two weeks" under "I
    can barely breathe": the blind judge). The sign closest to the message itself opens."""
    answer = bot.ask(message)
    assert any(n["kind"] == "urgent" for n in answer.notices)
    assert sign in units(answer.answer)[0]
    assert "two weeks" not in units(answer.answer)[0]
    assert exact(answer)


def test_a_question_about_a_story_the_articles_tell_opens_with_the_story(bot):
    """"In the teacher's story…" asks about the case study (Mark, a 52-year-old teacher): its sentences come
    first, not the general warning signs ("…consult a neurologist: … Fasciculations spreading from one body
    region to another" opened it), and both of its questions get the story's answer."""
    answer = bot.ask("In the teacher's story, how long did the spreading take and what finally got him to the neurologist?")
    assert units(answer.answer)[0].startswith("From a case study:")
    assert "three months" in answer.answer and "slurred speech" in answer.answer
    assert exact(answer)


def test_a_story_is_the_articles_not_the_readers(bot):
    must = ["In the teacher's story, how long did the spreading take?", "what happened in that story?",
            "the patient’s story: what did his EMG show?"]
    must_not = ["here's my story: twitching for weeks, is it bad?", "it's my long story, my calf twitches",
                "why does my thumb twitch?", "what is the history of fasciculations"]
    assert all(bot.claims.about_case(q) for q in must)
    assert not any(bot.claims.about_case(q) for q in must_not)


@pytest.mark.parametrize(("question", "unasked"), [
    # a worried everyday question: MS's symptom list answers "is fatigue a bad sign?" with a disease nobody named
    ("Is it ok to feel a little tired along with harmless twitches, or is any extra symptom a bad sign?",
     "symptoms of MS include"),  # shown "Symptoms of MS include: …" when it opens (bot.standalone.OTHER_OF)
    ("what is a fasciculation in plain English?", "Multifocal motor neuropathy"),
])
def test_a_serious_disease_list_is_not_quoted_to_a_question_that_names_none(bot, question, unasked):
    answer = bot.ask(question)
    assert unasked.lower() not in answer.answer.lower()
    assert exact(answer)


@pytest.mark.parametrize(("question", "asked"), [
    ("My twitching just won't go away. What nerve conditions could it point to?", "Multifocal motor neuropathy"),
    ("What are some other symptoms of MS?", "symptoms of MS include"),  # shown from "Symptoms" (OTHER_OF)
])
def test_a_serious_disease_list_is_quoted_when_its_topic_is_asked(bot, question, asked):
    assert asked.lower() in bot.ask(question).answer.lower()


# Issue #21 (rank44): the sentence that answers is a candidate, but one sharing a word of the question in another
# sense ("run" of "fight or run") or a frame word ("drug", "doctor") is rated above it. Not fixed yet (evals.first_misses
# counts 242 such misses of 745 on the spent sets; an everyday-English rarity feature refitted did not help): strict,
# so the day a change makes them open right, this says so.
@pytest.mark.xfail(strict=True, reason="issue #21: a shared surface word outranks the answering sentence")
@pytest.mark.parametrize(("question", "opens"), [
    ("why do I twitch after running?", "When a person exercises vigorously or for a long period"),
    ("Are there any prescription drugs doctors use for really bad twitching?", "muscle relaxants like cyclobenzaprine"),
])
def test_the_first_sentence_is_the_one_that_answers_not_one_sharing_a_word(bot, question, opens):
    answer = bot.ask(question)
    assert opens in units(answer.answer)[0]
