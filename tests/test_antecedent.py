"""A first quote opens on its answering sentence when that one leans on the sentence before only by a subject pronoun
whose referent that sentence names as its subject: the referent is shown in brackets before it, the quote whole and every
citation the file's exact span (bot.antecedent, bot.quoting.Quoting.named)."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.antecedent import pronoun, referent, subject
from evals.display import defects
from ingest.load import load_corpus

CORPUS = Path(__file__).parents[1] / "corpus"

# (sentence, the sentence before it, the bracketed referent shown or None): the articles' own sentences.
TABLE = [
    # must: a subject pronoun after a sentence whose short subject is plain
    ("It tends to resolve on its own within days.",
     "Eyelid twitching (myokymia) is very common and usually caused by stress, fatigue, or excessive screen time.",
     "[Eyelid twitching (myokymia):]"),
    ("It can cause discomfort but is not typically painful.",
     "A muscle twitch is a short contraction that may happen repeatedly.", "[A muscle twitch:]"),
    ("It helps people wake up in the morning, improves sport performance, and can increase cognitive function.",
     "Caffeine is a commonly ingested stimulant used throughout the world for many different reasons.", "[Caffeine:]"),
    ("They’ll assess reflexes, muscle strength, coordination, and sensory function.",
     "If your symptoms raise concern, a healthcare provider will begin with a thorough history and physical exam.",
     "[A healthcare provider:]"),
    # must not: an empty "it" (a copula after it), a referent two sentences back or in the writer's own words, a subject
    # with no auxiliary to end it, a pointer that is no pronoun, a subject pointing back itself
    ("It is also a good idea to speak to the doctor if muscle twitching occurs alongside other, new symptoms.",
     "If someone experiences muscle twitching that one of the common causes above cannot easily explain, they should "
     "speak to their doctor.", None),
    ("It normally lasts from a few second up until a few hours at a time.",
     "It might be in my right triceps one day, in my left quadriceps the next, and then in one of my hands.", None),
    ("It might be in my right triceps one day, in my left quadriceps the next, and then in one of my hands.",
     "I often get muscle twitching in random muscles, at random times.", None),
    # must (first43): "this/these <noun>" whose noun the sentence before names once, as a phrase's head
    ("These contractions are usually too weak to move a joint but strong enough to be felt under the skin.",
     "Muscle twitches, medically known as fasciculations, occur when a motor nerve fires spontaneously, causing a brief "
     "contraction in the muscle fibers it controls.", "[A brief contraction:]"),
    ("While these conditions have no cure, the right treatment plan can ensure a person maintains a good quality of life.",
     "If a doctor diagnoses someone with a degenerative condition, such as MS or ALS, they will support them to manage "
     "their symptoms.", "[A degenerative condition, such as MS or ALS:]"),
    ("These brief, spontaneous contractions happen when motor neurons send unplanned signals to muscle fibers.",
     "Muscles twitch due to involuntary contractions of muscle fibers, often caused by fatigue, electrolyte imbalances, "
     "stress, or neurological issues, and can be addressed by staying hydrated.",
     "[Involuntary contractions of muscle fibers:]"),
    # must not: the noun named nowhere before, or only as a word inside another phrase, or the phrase adds nothing
    ("This causes muscle contractions even when someone is resting.",
     "This means that their nerves continuously trigger their muscle fibers.", None),
    ("This inflammation is called myositis.", "Lupus may cause certain muscle groups to become inflamed.", None),
    ("They differ from muscle cramps, which involve sustained contractions and often cause pain.",
     "These contractions are usually too weak to move a joint but strong enough to be felt under the skin.", None),
    ("This reaction may be a side effect or due to interactions with other drugs.",
     "Certain medications can lead to involuntary muscle twitching.", None),
    ("Its cause is not known.", "Benign fasciculation syndrome is common.", None),
    # must (late44): an example marker after a sentence whose short subject is plain, what it is an example of; "This is
    # a <noun>" whose noun the sentence before names as a phrase's head ("…condition called amyotrophic lateral…")
    ("For example, too much vitamin B6 can cause muscle cramping and twitching.",
     "Many medications and dietary supplements can have side effects.", "[Many medications and dietary supplements:]"),
    ("This is a rare condition.", "Muscle twitching may be a sign of a degenerative neurological condition called "
     "amyotrophic lateral sclerosis (ALS).", "[A degenerative neurological condition called amyotrophic lateral "
     "sclerosis (ALS):]"),
    # must not: an example that leans again, or after a sentence with no plain subject; "This is" naming nothing before
    ("For example, it can spread to other muscles.", "Many medications and dietary supplements can have side effects.",
     None),
    ("For example, too much vitamin B6 can cause muscle cramping.", "I often get muscle twitching in random muscles.",
     None),
    ("This is a rare condition.", "Lupus may cause certain muscle groups to become inflamed.", None),
    ("These lifestyle changes include:", "The common causes of muscle twitching are easy to treat and prevent at home "
     "through lifestyle changes to keep the nerves and muscles healthy and functioning well.", None),
]


@pytest.mark.parametrize("sentence, before, shown", TABLE)
def test_the_referent_rule_matches_its_examples(sentence, before, shown):
    assert referent(sentence, before) == shown


def test_a_subject_is_short_and_plain():
    assert subject("A muscle twitch is a short contraction.") == "A muscle twitch"
    assert subject("You may notice twitching after exercise.") is None
    assert subject("Muscles twitch due to involuntary contractions of muscle fibers, often caused by fatigue, and can "
                   "be addressed.") is None  # past six words and a comma: no short subject


@pytest.mark.parametrize("question, opening, cited, named", [
    ("my eyelid twitching, how long till it goes away?", "[Eyelid twitching (myokymia):] It tends to resolve on its own",
     "It tends to resolve on its own within days.", "Eyelid twitching (myokymia) is very common"),
    ("does a muscle twitch hurt?", "[A muscle twitch:] It can cause discomfort but is not typically painful.",
     "It can cause discomfort but is not typically painful.", "A muscle twitch is a short contraction"),
])
def test_a_first_quote_opens_on_its_answering_sentence_with_the_pronoun_shown_as_its_referent(bot, question, opening,
                                                                                             cited, named):
    """The answer's first words are the referent in brackets and the answering sentence, whole; its citation is the
    sentence's exact span, the sentence naming the referent cited beside it; nothing leans (evals.display)."""
    answer = bot.ask(question)
    assert answer.answer.startswith(opening)
    first, second = answer.citations[0], answer.citations[1]
    assert first.text.startswith(cited) and second.text.startswith(named)
    # the statement cites both; when the answer shows the naming sentence next (bot.quoting.with_background), within
    # it (bot.quoting.once_cited): a number shown once (the judge of batch am: "duplicated citation", display38)
    after = answer.answer.split(first.text[-20:])[1]
    assert after.startswith(" [1][2]") or after.startswith(f" {second.text} [1][2]")
    assert answer.answer.count("[2]") == 1
    assert_cited_exactly_and_shown_whole(answer)


@pytest.mark.parametrize("question, history", [
    ("why does my eyelid keep twitching", None),  # held-out ho1-ans-21: the sentence before answers (gap 0.013)
    ("my eyelid won't stop flickering, what is that?", None),  # gold ans-eyelid (gap 0.014)
])
def test_a_pronoun_sentence_not_clearly_nearer_than_its_referent_does_not_open(bot, question, history):
    """"It tends to resolve on its own within days." is within REFERENT_MARGIN of "Eyelid twitching (myokymia) is very
    common and usually caused by stress…" under a question asking what it is or why: the claim is shown whole."""
    assert bot.ask(question, history=history).answer.startswith("Eyelid twitching (myokymia) is very common")


def test_a_follow_up_asking_how_long_opens_on_the_answer_with_its_referent(bot):
    """Gold fu-eyelid-duration: "How long does it usually last?" after an eyelid question (gap 0.037)."""
    history = [{"role": "user", "content": "Could my eyelid twitching be from stress?"},
               {"role": "assistant", "content": "Quite possibly. Eyelid twitching (myokymia) is very common and usually "
                                                "caused by stress, fatigue or too much screen time."}]
    answer = bot.ask("How long does it usually last?", history=history)
    assert answer.answer.startswith("[Eyelid twitching (myokymia):] It tends to resolve on its own within days.")


@pytest.mark.parametrize("question", ["Is there a cure for ALS or MS?",  # batch as-ans-78, judged off point
                                      "Is there a cure for MS or ALS if that's what it turns out to be?"])  # au-ans-78
def test_a_first_quote_opens_on_the_sentence_whose_these_noun_its_bracketed_referent_names(bot, question):
    """"While these conditions have no cure…" answers, but its meaning vector lacks the "MS or ALS" of the sentence
    before; shown with that phrase in brackets (bot.antecedent.named_thing) it holds every word of the question the
    sentence before holds, and "cure": it opens, the sentence naming the referent cited beside it and shown after it."""
    answer = bot.ask(question)
    assert answer.answer.startswith("[A degenerative condition, such as MS or ALS:] While these conditions have no cure")
    first, second = answer.citations[0], answer.citations[1]
    assert first.text.startswith("While these conditions have no cure") and second.text.startswith("If a doctor diagnoses")
    assert_cited_exactly_and_shown_whole(answer)


def test_a_question_about_what_the_referent_sentence_says_keeps_the_claim_whole(bot):
    """"what happens if a doctor diagnoses me with ALS?" is answered by the sentence naming the referent: shown first."""
    answer = bot.ask("what happens if a doctor diagnoses me with ALS?")
    assert answer.answer.startswith("If a doctor diagnoses someone with a degenerative condition")


@pytest.mark.parametrize("question", ["I take a lot of B6 pills. Could that make me twitch?",  # held-out ho1-ans-07
                                      "Can taking too much vitamin B6 cause twitching?"])  # gold
def test_an_example_that_answers_opens_with_what_it_is_an_example_of_in_brackets(bot, question):
    """"For example, too much vitamin B6 can cause muscle cramping and twitching." answers, second in its claim after
    "Many medications and dietary supplements can have side effects." (late44: 14 answers of the spent sets): it opens,
    that sentence's subject in brackets before it, the sentence cited beside it; nothing starts mid-thought."""
    answer = bot.ask(question)
    assert answer.answer.startswith("[Many medications and dietary supplements:] For example, too much vitamin B6 can "
                                    "cause muscle cramping and twitching.")
    first, second = answer.citations[0], answer.citations[1]
    assert first.text.startswith("For example, too much vitamin B6") and second.text.startswith("Many medications")
    assert_cited_exactly_and_shown_whole(answer)


def assert_cited_exactly_and_shown_whole(answer) -> None:
    """Every citation's text is its exact span of the article, and no shown quote has a display defect."""
    for citation in answer.citations:
        assert Path(citation.source).read_text(encoding="utf-8")[citation.start:citation.end] == citation.text
    texts = {a.id: a.text for a in load_corpus(CORPUS)[0]}
    assert defects(answer.to_dict(), texts) == []
