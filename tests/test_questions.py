"""bot.questions' rule for where one message asks several questions, as a table: each message must split
into the questions listed, or must stay whole, so a change to the rule shows what it gains and breaks."""
from __future__ import annotations

import pytest

from bot.questions import compared_terms, compares, leans_on, split_questions

SUBJECT = {"muscl", "twitch"}  # the articles' own subject words (Library.subject_terms)

SPLITS = [
    ("Does stretching help with post-workout twitching? How long should I stretch for?",
     ["Does stretching help with post-workout twitching?", "How long should I stretch for?"]),
    ("My cheek twitches sometimes. Can magnesium even affect the face? And is it a big deal if I just ignore it?",
     ["My cheek twitches sometimes. Can magnesium even affect the face?", "And is it a big deal if I just ignore it?"]),
    ("what's a normal potassium level?? and which foods have calcium?",
     ["what's a normal potassium level??", "and which foods have calcium?"]),
    ("Why does caffeine cause twitching? What kind of doctor should I see? How is ALS diagnosed?",
     ["Why does caffeine cause twitching?", "What kind of doctor should I see?", "How is ALS diagnosed?"]),
    ("Is twitching after exercise normal? i run a lot. Should I drink more water?",
     ["Is twitching after exercise normal? i run a lot.", "Should I drink more water?"]),
    # one sentence, two questions: the whole sentence stays first, the joined question follows on its own
    ("what causes it and how do I stop it?", ["what causes it and how do I stop it?", "how do I stop it?"]),
    ("is it serious, and should I see someone?", ["is it serious, and should I see someone?", "should I see someone?"]),
    ("Why does vitamin D matter for twitching and how do people end up low on it?",
     ["Why does vitamin D matter for twitching and how do people end up low on it?", "how do people end up low on it?"]),
    ("why do nerves need vitamin D and how do ppl end up low on it",  # no "?": the sentence opens as a question
     ["why do nerves need vitamin D and how do ppl end up low on it", "how do ppl end up low on it"]),
    ("I work nights. what causes vitamin D deficiency and can it give you twitches? thanks",
     ["I work nights. what causes vitamin D deficiency and can it give you twitches?", "can it give you twitches? thanks"]),
    ("in that ALS case story, what did the EMG show, and what did getting diagnosed early let him do?",  # a scene first
     ["in that ALS case story, what did the EMG show, and what did getting diagnosed early let him do?",
      "what did getting diagnosed early let him do?"]),
    ("Who is Dr. Jun Kimura, and what did he say about fasciculations?",  # "Dr." ends no sentence
     ["Who is Dr. Jun Kimura, and what did he say about fasciculations?", "what did he say about fasciculations?"]),
    ("the dr oracle page mentions a man with LGI1. what were they treating him with and did it help",
     ["the dr oracle page mentions a man with LGI1. what were they treating him with and did it help", "did it help"]),
]
WHOLE = [
    "so bad sleep → twitching. but how exactly? is it hormones?",  # a question leaning on the one before
    "Why would they send someone for an MRI because of twitching? Isn't that overkill?",
    "what are the other symptoms of MS apart from twitching? numbness? eyes?",
    "How does ALS usually start? Like what's the first thing people notice?",  # a rewording
    "can potassium be too HIGH?? i eat like 4 bananas a day lol",  # a statement after the question
    "Is this normal? I mean, should I worry?",
    "My eyelid has been twitching for 3 days. Is that normal?",
    "How do I make it stop",
    "Blood tests, e.g. magnesium? Which ones?",
    "what are the causes and treatments?",  # "and" joins two nouns, not a question
    "Do lifestyle changes actually work for twitching, or do most people end up needing medication?",  # alternatives
    "Can twitching come from the nervous system itself, or is it always just electrolytes?",
    "Is high potassium a problem too, and why?",  # the joined question asks nothing of its own
    "I twitch after runs and do you think it is the heat?",  # the sentence doesn't open as a question
    "how long does it last and is it?",
    "My son is 16, has asthma and has been using his inhaler a lot. Could the inhaler be doing it?",  # tells
    "what helps with twitching and is worse at night",  # no "?" and no subject after "is": it tells
    "What did Dr. Kimura say about fasciculations?",
    "I can't sleep and can't stop twitching, what should I do?",
]
# (message, the part, what that part is read with): a joined question that names its subject by a pronoun is
# searched with what the message said before it; one that names its own subject, or a separate sentence, is not
LEANS = [
    ("What is Isaacs syndrome and why does it cause twitching?", 1, "What is Isaacs syndrome"),
    ("can you summarize the Mark case study? where did his twitching start and how did it spread", 1,
     "can you summarize the Mark case study? where did his twitching start"),
    ("what is a normal magnesium level and should I get tested?", 1, None),
    ("Does stretching help with post-workout twitching? How long should I stretch it for?", 1, None),
]


@pytest.mark.parametrize(("message", "questions"), SPLITS)
def test_a_message_with_several_questions_splits_into_them(message, questions):
    assert split_questions(message, SUBJECT) == questions


@pytest.mark.parametrize("message", WHOLE)
def test_a_question_leaning_on_the_one_before_or_a_single_question_stays_whole(message):
    assert split_questions(message, SUBJECT) == [message]


@pytest.mark.parametrize(("message", "n", "before"), LEANS)
def test_a_joined_question_pointing_back_is_read_with_what_came_before(message, n, before):
    assert leans_on(split_questions(message, SUBJECT), n) == before


# A comparison names two things, each searched as a part of its own (bot.questions.compared_terms): (sentence, the
# two things, or None where it compares no two named things)
COMPARES = [
    ("twitch vs spasm - are they the same thing?", ("twitch", "spasm")),
    ("twitch vs spasm whats the diffrence", ("twitch", "spasm")),
    ("Twitch vs spasm, are they the same thing?", ("Twitch", "spasm")),
    ("is a twitch the same thing as a cramp or nah", ("twitch", "cramp")),
    ("is a muscle spasm the same thing as a twitch", ("muscle spasm", "twitch")),
    ("whats the difference between an EMG and a nerve conduction study", ("EMG", "nerve conduction study")),
    ("how are fasciculations different from cramps", ("fasciculations", "cramps")),
    ("hyponatremia vs hyperkalemia - which is which? I always mix them up", ("hyponatremia", "hyperkalemia")),
    # a term that names no thing of its own ("one", "the worrying kind") or a kind of the same thing: no split
    ("How long does a normal twitch last compared to a worrying one?", None),
    ("normal twitch vs serious twitch, how long does each one usually last", None),
    ("How can I tell the difference between a normal harmless twitch and one that's worrying?", None),
    ("whats the difference between regular eyelid twitch and blepharospasm?", None),
    # a term longer than three words is no named thing but a clause
    ("Does it matter if the twitching stays in one place vs moves around to different parts of my body?", None),
    ("is an afternoon coffee worse than a morning one if I'm prone to twitching?", None),
    ("How long do I need to meditate a day for it to make a difference with twitching?", None),
    ("does the other article, the one about when to be concerned, give a different number?", None),
]


@pytest.mark.parametrize(("sentence", "things"), COMPARES)
def test_a_comparison_names_its_two_things(sentence, things):
    assert compared_terms(sentence) == things


def test_each_thing_compared_is_a_part_after_the_message_searched_alone():
    parts = split_questions("is a twitch the same thing as a spasm? mine dont hurt", SUBJECT)
    assert parts == ["is a twitch the same thing as a spasm? mine dont hurt",
                     "how is a twitch different from a spasm?", "how is a spasm different from a twitch?"]
    assert [compares(parts, n) for n in range(3)] == [None, ("twitch", "spasm"), ("spasm", "twitch")]
