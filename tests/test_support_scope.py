"""What a written sentence says a claim holds for (bot.scope) and the scales of bot.meaning it widens: each rule with the
sentences it must catch (unsupported, from the labelled sets: set 26's five leaks, measured blind, and the left-out
leaks of sets 15 and 23) and the ones it must keep (supported sentences of the sets it once dropped, or would drop
without its guard). Passages are quoted from corpus/ as the sets cite them."""
from __future__ import annotations

import pytest

from bot.meaning import changed_meaning, closest_sentence
from bot.scope import dropped_condition, moved_to_name, named_person, new_ranking
from bot.sentences import split_sentences
from bot.support import Support
from bot.written import reading_order

TESTS = ("If the doctor thinks a person’s muscle twitching is due to an underlying condition, they will give the "
         "individual a series of tests. This may include electromyography to assess muscle and nerve function.")
PROVIDER = ("If your symptoms raise concern, a healthcare provider will begin with a thorough history and physical exam. "
            "They’ll assess reflexes, muscle strength, coordination, and sensory function.")
FOLLOWING = "If you experience any of the following, consult a neurologist: Difficulty speaking, swallowing, or breathing"
TRIGGERS = ("Muscle twitches are typically caused by involuntary contractions of muscle fibers, often resulting from minor "
            "nerve irritation, and can be triggered by various factors including fatigue, stress, exercise, caffeine "
            "consumption, dehydration, certain medications, and electrolyte imbalances.")
SALTS = ("Dehydration and electrolyte imbalance: Low levels of magnesium, calcium, potassium, or sodium impair nerve "
         "signaling and muscle control.")
HEALTHY = ("Fasciculations occur commonly in otherwise normal muscle in many healthy subjects (although mostly recognized "
           "by medical students, anxious about ALS).")
EYELID = ("Eyelid twitching (myokymia) is very common and usually caused by stress, fatigue, or excessive screen time. It "
          "tends to resolve on its own within days. However, persistent eyelid spasms involving the entire orbicularis "
          "oculi muscle (blepharospasm) may require medical evaluation, especially if they interfere with vision.")
NEUROLOGIST = ("If twitching persists beyond a few weeks, spreads across muscle groups, or comes with weakness or atrophy, "
               "don’t wait. A neurologist can help determine whether the cause is benign or requires further investigation.")
EVALUATE = ("I regularly evaluate patients with neurological conditions such as, amyotrophic lateral sclerosis (ALS), "
            "myopathies, and other types of neuropathies.")
B6 = "For example, too much vitamin B6 can cause muscle cramping and twitching."
RECEPTORS = ("Sleep deprivation may affect how neurotransmitter receptors work. This means excess neurotransmitters may "
             "build up in the brain.")
NUISANCE = ("There are also several other reasons including exercise (overexertion), water intake, or anxiety. The vast "
            "majority of the time muscle twitching is of no concern and is seen more of as a nuisance than anything.")
EXERTION = ("- Physical exertion: Intense workouts can cause micro-tears in muscle fibers and localized twitching during "
            "recovery.")


@pytest.mark.parametrize("sentence, passage, caught", [
    # must catch: the condition dropped and the claim widened to everyone (ws26-013)
    ("Anyone who sees a doctor about twitching will be given a series of tests, including electromyography.", TESTS,
     True),
    ("Everyone with twitching is given a series of tests by the doctor.", TESTS, True),
    # must keep: the condition kept or hedged, a shortening with no universal (ws11-045), a list's heading (ws5-035)
    ("If the doctor suspects an underlying condition, they will order a series of tests.", TESTS, False),
    ("A doctor may give anyone with twitching a series of tests.", TESTS, False),
    ("The provider will start with a detailed history and physical exam, checking your reflexes.", PROVIDER, False),
    ("Anyone with difficulty speaking, swallowing or breathing should consult a neurologist.", FOLLOWING, False),
])
def test_a_condition_dropped_for_everyone_is_caught(sentence, passage, caught):
    assert bool(dropped_condition(sentence, passage)) is caught


@pytest.mark.parametrize("sentence, passage, caught", [
    # must catch: a ranking of one thing listed among several (ws26-019, ws23-026, ws15-032, ws7-013)
    ("Caffeine consumption is the most common trigger of muscle twitching.", TRIGGERS, True),
    ("Low sodium is the most common electrolyte cause of twitching.", SALTS, True),
    ("Stress is the leading trigger of twitches.", TRIGGERS, True),
    ("Sleep-related twitching most commonly affects the back and chest.", SALTS, True),
    # must keep: no ranking, or one the cited text makes itself
    ("Caffeine consumption is one of many triggers of muscle twitching.", TRIGGERS, False),
    ("Medical students most often notice them.", HEALTHY, False),  # "mostly recognized by medical students"
    ("Twitching is most commonly a nuisance.", "The vast majority of the time it is of no concern, most often a nuisance.",
     False),
])
def test_a_ranking_the_cited_text_does_not_make_is_caught(sentence, passage, caught):
    assert bool(new_ranking(sentence, passage)) is caught


@pytest.mark.parametrize("sentence, passage, caught", [
    # must catch: what the cited text says of blepharospasm said of myokymia (ws26-065)
    ("Eyelid myokymia may require medical evaluation, especially if it interferes with vision.", EYELID, True),
    # must keep: said of its own thing; a name after what is said (ws17-010); one sentence cited
    ("Blepharospasm may require medical evaluation, especially if it interferes with vision.", EYELID, False),
    ("Eyelid myokymia is very common and tends to resolve on its own within days.", EYELID, False),
    ("Since your twitching has lasted beyond a few weeks and is spreading across muscle groups, don't wait: a "
     "neurologist can help work out whether the cause is benign or needs more investigation.", NEUROLOGIST, False),
    ("Myokymia may require medical evaluation if it interferes with vision.",
     "Blepharospasm may require medical evaluation if it interferes with vision.", False),
])
def test_what_is_said_of_one_named_thing_moved_to_another_is_caught(sentence, passage, caught):
    assert bool(moved_to_name(sentence, passage)) is caught


@pytest.mark.parametrize("word, passage, caught", [
    ("neurologist", EVALUATE, True),  # ws26-024: "The author is a neurologist" where he evaluates neurological patients
    ("physiotherapist", "Physiotherapy helps.", True),
    ("neurologist", NEUROLOGIST, False),
    ("neurological", "See a neurologist.", False),  # a field's word for a person's: no person is added
    ("neuropathy", EVALUATE, False),
])
def test_a_person_named_by_a_field_the_cited_text_names_no_one_of_is_caught(word, passage, caught):
    assert named_person(word, passage) is caught


@pytest.mark.parametrize("sentence, passage, reason", [
    # must catch: a lack for an excess (ws26-068), worry for "no concern" (ws15-103, ws23-036), for good (ws23-083)
    ("Not getting enough vitamin B6 can cause muscle cramping and twitching.", B6, "says less where the cited text says more"),
    ("People who don't eat enough vitamin B6 may get cramps and twitching.", B6, "says less"),
    ("Other causes include overexertion, water intake and anxiety, and most of the time twitching is a sign of an "
     "underlying illness.", NUISANCE, "says severe where the cited text says mild"),
    ("Fasciculations occur in many healthy people, but in medical students they are usually an early sign of ALS.",
     HEALTHY, "says severe where the cited text says mild"),
    ("Intense workouts can cause micro-tears in muscle fibers that lead to permanent twitching.", EXERTION,
     "lasts for good"),
    # must keep: "not sleeping enough" lacks sleep, not the cited excess (ws7-010); "of no concern" restated; twitching
    # during recovery, with no "permanent"
    ("Not sleeping enough may change how neurotransmitter receptors work, so excess neurotransmitters may build up in "
     "the brain.", RECEPTORS, None),
    ("Other causes include overexertion, water intake and anxiety, and most of the time twitching is of no concern.",
     NUISANCE, None),
    ("Too much vitamin B6 can cause cramps and twitching.", B6, None),
    ("Intense workouts can cause micro-tears in muscle fibers and twitching while they recover.", EXERTION, None),
])
def test_scales_a_sentence_moves_are_caught(sentence, passage, reason):
    found = changed_meaning(sentence, passage, closest_sentence(sentence, passage))
    assert (found is None) if reason is None else (found and reason in found), found


@pytest.fixture(scope="module")
def support(bot, embedder):
    # The rules and the score alone: these tables ask whether a rule drops a fair paraphrase, not whether it is near
    # enough to keep (bot.support_score.LEAST_SIMILARITY, tested on its own in tests/test_support.py).
    return Support(embedder, articles=[s.readable for s in reading_order(bot.library)], least_similarity=0.0)


@pytest.mark.parametrize("written, passage, reason", [
    ("Anyone who sees a doctor about twitching will be given a series of tests, including electromyography [1].", TESTS,
     "states for everyone"),
    ("Caffeine consumption is the most common trigger of muscle twitching [1].", TRIGGERS, "ranks (most common)"),
    ("The author is a neurologist who regularly evaluates patients with ALS, myopathies, and neuropathies [1].", EVALUATE,
     "names neurologist"),
    ("Eyelid myokymia may require medical evaluation, especially if it interferes with vision [1].", EYELID,
     "says of myokymia what the cited text says of blepharospasm"),
    ("Not getting enough vitamin B6 can cause muscle cramping and twitching [1].", B6, "says less"),
])
def test_set_26s_leaks_are_dropped_by_the_whole_check(support, written, passage, reason):
    sentence, = split_sentences(written)
    judgement = support.judge(sentence, {1: passage})
    assert not judgement.supported and reason in judgement.reason, judgement.reason
