"""The written-sentence check on the roles of words across clauses and the articles' own structure (verify18c): a link
read through "which" and a shared subject, two causes of one thing made one the other's, a thing joined into the cited
wording, a span of time with another end, how soon, and which step comes first. Each table gives sentences that must be
caught and sentences that must be kept; the caught ones reword the leaks of sets 15, 17, 18, 21 and 24, the kept ones
are supported sentences of the labelled sets (or rewordings) the first form of each rule dropped. Passages are verbatim
from corpus/.
"""
from __future__ import annotations

import pytest

from bot.amounts import new_span
from bot.causal import causal_pieces, reversed_link
from bot.contrasts import moved_to_other
from bot.meaning import changed_meaning
from bot.sentences import split_sentences
from bot.support import Support
from bot.swaps import new_link
from bot.written import reading_order

IRRITATION = ("Muscle twitches are typically caused by involuntary contractions of muscle fibers, often resulting from "
              "minor nerve irritation, and can be triggered by various factors including fatigue, stress, exercise, "
              "caffeine consumption, dehydration, certain medications, and electrolyte imbalances.")
ANXIETY = ("Anxiety increases sympathetic nervous system activity, leading to heightened muscle tension and nerve "
           "sensitivity. People with generalized anxiety or panic disorders often report widespread twitching, especially "
           "during high-stress periods.")
EXERTION = ("- Physical exertion: Intense workouts can cause micro-tears in muscle fibers and localized twitching during "
            "recovery.")
TROPONIN = ("Caffeine has the ability to open ion channels responsible for the activation of calcium release within the "
            "muscles and myocytes.4 This ability can cause muscle twitching as calcium is the ion that binds to troponin "
            "that triggers muscle contraction.")
B6 = ("Many medications and dietary supplements can have side effects. For example, too much vitamin B6 can cause muscle "
      "cramping and twitching.")
AUTHOR = ("I often get muscle twitching in random muscles, at random times. It might be in my right triceps one day, in my "
          "left quadriceps the next, and then in one of my hands. It normally lasts from a few second up until a few "
          "hours at a time.")
ATROPHY = "If you have muscle twitching combined with muscle atrophy, you should seek immediate medical attention."
HISTORY = ("If your symptoms raise concern, a healthcare provider will begin with a thorough history and physical exam. "
           "They’ll assess reflexes, muscle strength, coordination, and sensory function.")
MRI = "MRI scans: Used if central nervous system involvement (like MS) is suspected."
ARMS_LEGS = ("The arms and legs are common places to experience muscle twitching that overexertion causes. The most "
             "worked muscles are most likely to twitch, which can include the calf, thigh, or biceps, depending on the "
             "exercise.")
CRAMPS = "They differ from muscle cramps, which involve sustained contractions and often cause pain."


@pytest.mark.parametrize("sentence, passage, link", [
    # must catch: "which" refers back to the irritation; the passage gives irritation and dehydration as two causes of
    # twitching ("…, and can be triggered by" shares the subject twitches), neither of the other (ws24-092)
    ("Twitches mostly come from minor nerve irritation, which is usually the result of dehydration.", IRRITATION,
     "dehydr -> irrit minor nerv"),
    # must catch: "sets off" is a link; the passage gives anxiety first, the sentence makes twitching its cause (ws17-076)
    ("Widespread twitching is what sets off generalized anxiety.", ANXIETY, "twitch widespread -> anxieti general"),
    # must keep: a link from the first-named thing to the later one reads the passage's order (ws24-091, supported)
    ("Intense workouts can cause small tears in muscle fibers, which can lead to localized twitching during recovery.",
     EXERTION, None),
    # must keep: both causes said of twitching, as the passage says them
    ("Twitches come from minor nerve irritation, and can also be triggered by dehydration.", IRRITATION, None),
])
def test_a_link_between_things_the_passage_gives_side_by_side(sentence, passage, link):
    assert new_link(sentence, passage) == link


def test_a_link_sharing_its_subject_and_a_reason_clause_are_read_as_written():
    # "…, and can be triggered by fatigue" links fatigue to the twitches, not to the irritation before it
    _, edges = causal_pieces("Twitches are caused by contractions, often resulting from irritation, and can be triggered "
                             "by fatigue.")
    assert edges == {(1, 0), (2, 1), (3, 0)}
    # must keep: "as calcium … triggers contraction" gives a reason; twitching is not what triggers contraction (sets 1,
    # 3, 10, 14, 16, 17: supported, dropped as reversed once "sets off" was a link)
    assert not reversed_link("Caffeine can open ion channels that release calcium in muscle, and since calcium binding to "
                             "troponin sets off contraction, this may cause twitching.", TROPONIN)


@pytest.fixture(scope="module")
def support(bot, embedder):
    # The rules and the score alone: these tables ask whether a rule drops a fair paraphrase, not whether it is near
    # enough to keep (bot.support_score.LEAST_SIMILARITY, tested on its own in tests/test_support.py).
    return Support(embedder, articles=[s.readable for s in reading_order(bot.library)], least_similarity=0.0)


@pytest.mark.parametrize("written, passages, kept, reason", [
    # must catch: a thing joined into the cited wording (ws18-109)
    ("Too much iron or vitamin B6 can cause muscle cramping and twitching [1].", [B6], False, "lists iron"),
    # must keep: what is joined is the passage's own
    ("Too much vitamin B6 from supplements can cause muscle cramping and twitching [1].", [B6], True, "supported"),
    # must catch: a pair sharing the cited head, "muscles", with two new things (ws16-084)
    ("Twitching from overexertion mostly shows up in the shoulder and neck muscles [1].", [ARMS_LEGS], False, "lists"),
    # must keep: the cited pair with the head
    ("Twitching from overexertion mostly shows up in the arm and leg muscles [1].", [ARMS_LEGS], True, "supported"),
    # must catch: a span of time with another end (ws24-003, ws21-043)
    ("The author's twitches usually last from a few seconds up to a few days at a time [1].", [AUTHOR], False,
     "gives a span"),
    # must keep: the same span reworded
    ("The author's twitches normally last from a few seconds to a few hours at a time [1].", [AUTHOR], True, "supported"),
    # must catch: how soon (ws21-063, ws22-042)
    ("Twitching combined with muscle atrophy can wait for a routine visit [1].", [ATROPHY], False, "unhurried"),
    # must keep
    ("If twitching comes with muscle atrophy, get medical attention right away [1].", [ATROPHY], True, "supported"),
    # must catch: which step comes first (ws15-083)
    ("The provider starts with an MRI scan [2], then follows with a history and physical exam [1].", [HISTORY, MRI],
     False, "later"),
    # must keep
    ("A provider will first take a thorough history and do a physical exam [1]; an MRI is used if MS is suspected [2].",
     [HISTORY, MRI], True, "supported"),
])
def test_an_item_a_span_an_urgency_or_an_order_the_passage_lacks_is_dropped(support, written, passages, kept, reason):
    [sentence] = split_sentences(written)
    judgement = support.judge(sentence, dict(enumerate(passages, 1)))
    assert judgement.supported is kept and reason in judgement.reason, judgement.reason


@pytest.mark.parametrize("sentence, passage, reason", [
    ("It lasts from seconds to days.", AUTHOR, "second to day"),
    ("It lasts from a few seconds up until a few hours.", AUTHOR, None),
    ("It lasts from seconds to days.", "Twitches last seconds. Cramps can last days.", None),  # no span cited
])
def test_a_span_of_time_keeps_its_ends(sentence, passage, reason):
    found = new_span(sentence, passage)
    assert (found is None) if reason is None else reason in found


@pytest.mark.parametrize("sentence, passage, reason", [
    ("Twitching with atrophy is routine and can wait.", ATROPHY, "says unhurried"),
    ("Twitching with atrophy needs urgent care.", ATROPHY, None),
    ("If twitching spreads, get help promptly.", "If twitching spreads, don’t wait.", None),  # "don’t wait" is urgent,
])
def test_how_soon_keeps_its_side(sentence, passage, reason):
    found = changed_meaning(sentence, passage)
    assert (found is None) if reason is None else (found is not None and reason in found), found


@pytest.mark.parametrize("sentence, passage, other", [
    # must catch: the cramps' own clause said of twitches, set against cramps (ws21-019)
    ("Twitches are sustained contractions that often cause pain, unlike muscle cramps.", CRAMPS, "cramps"),
    # must keep: said of the cramps themselves, or the contrasted thing given its own clause in the sentence
    ("Unlike twitches, cramps involve sustained contractions and often cause pain.", CRAMPS, None),
    ("Unlike cramps, which involve sustained contractions and pain, twitches are brief.", CRAMPS, None),
    ("Twitches differ from cramps.", CRAMPS, None),
])
def test_a_contrast_does_not_move_the_other_things_clause(sentence, passage, other):
    assert moved_to_other(sentence, passage) == other
