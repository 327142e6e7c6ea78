"""The written-sentence check (bot.support with bot.clauses) on the ways a model states what its passage
doesn't, with the real embedding model and the real articles' terms. Passages are quoted from corpus/.
The swapped-term, reversed-chain, word-polarity and advice cases were missed by the check before
(measured blind on evals/written_sentences_2.jsonl: it kept 0.204 of the unsupported sentences)."""
from __future__ import annotations

import pytest

from bot import clauses
from bot.support import Sentence, Support

VITAMIN_D = "Having a vitamin D deficiency may cause muscle weakness and twitching."
ANXIETY = "Managing anxiety through therapy, medication, or relaxation techniques often reduces twitching significantly."
SALTS = ("Dehydration and electrolyte imbalance: Low levels of magnesium, calcium, potassium, or sodium impair nerve "
         "signaling and muscle control.")
BENIGN = "In most cases, the twitch resolves on its own within seconds or minutes and doesn’t recur frequently."
STRESS = ("Experiencing psychological stress or high anxiety levels may prompt excess muscle tension. This complication "
          "can lead to muscles twitching.")
DISK = "A herniated disk can cause a pinched nerve, often the result of trauma."
SPASMS = "These brief, spontaneous contractions happen when motor neurons send unplanned signals to muscle fibers."
EXERCISE = "When a person exercises vigorously or for a long period, they may experience muscle twitching."
MS = "Rarely, muscle twitching may be a sign of multiple sclerosis (MS)."
CAFFEINE = "Drinking too much coffee, tea, or energy drinks that contain caffeine may cause muscle twitching."
ISAACS = "A person with Issacs’ syndrome has overactive peripheral nerve axons."
HYDRATED = "Stay hydrated: Drink water throughout the day, especially after exercise."
MAGNESIUM = "Magnesium also plays a role in keeping the nerves and muscles healthy."


@pytest.fixture(scope="module")
def support(bot, embedder):
    return Support(embedder, articles=[s.readable for s in bot.library.sentences])


@pytest.mark.parametrize("sentence, passage, kept, reason", [
    # fair paraphrases stay
    ("A lack of vitamin D may lead to weak, twitching muscles.", VITAMIN_D, True, "supported"),
    ("Managing anxiety with therapy, medication or relaxation often reduces twitching a lot.", ANXIETY, True,
     "supported"),
    ("Low levels of magnesium, calcium, potassium or sodium can impair nerve signaling and muscle control.", SALTS,
     True, "supported"),
    ("In rare cases, twitching may be a sign of multiple sclerosis.", MS, True, "supported"),
    ("In Isaacs' syndrome the peripheral nerve axons are overactive.", ISAACS, True, "supported"),
    # a thing of the articles swapped for the one the passage names
    ("Having a magnesium deficiency may cause muscle weakness and twitching.", VITAMIN_D, False, "names magnesium"),
    ("Stress may cause muscle twitching.", CAFFEINE, False, "names stress"),  # listed beside caffeine
    ("Drinking too much coffee or tea may cause twitching in the calf.", CAFFEINE, False, "names calf"),
    ("Managing anxiety through therapy or a neurologist's care often reduces twitching.", ANXIETY, False,
     "names neurologist"),
    ("Rarely, twitching may be a sign of MS or Parkinson's disease.", MS, False, "names Parkinson's"),
    # stronger, or the other way round
    ("A vitamin D deficiency will cause muscle weakness and twitching.", VITAMIN_D, False, "more surely"),
    ("High levels of magnesium, calcium, potassium or sodium impair nerve signaling and muscle control.", SALTS,
     False, "says more where"),
    ("In most cases a twitch does not resolve on its own and tends to recur frequently.", BENIGN, False, "denies"),
    # a cause and its effect exchanged, along a chain
    ("Muscle twitching can lead to excess muscle tension, which in turn may prompt psychological stress.", STRESS,
     False, "effect"),
    ("A pinched nerve can cause a spinal disk to herniate, often after trauma.", DISK, False, "effect"),
    ("Brief, spontaneous muscle contractions cause motor neurons to send unplanned signals.", SPASMS, False, "effect"),
    # advice the passage doesn't give
    ("Since long or vigorous exercise may bring on twitching, you should stop exercising until it goes away.",
     EXERCISE, False, "advises"),
    ("You should take a magnesium supplement to keep nerves and muscles healthy.", MAGNESIUM, False, "advises"),
    ("You should drink water throughout the day, especially after exercise.", HYDRATED, True, "supported"),  # told to
])
def test_the_check_catches_what_the_passage_does_not_say(support, sentence, passage, kept, reason):
    judgement = support.judge(Sentence(sentence, (1,)), {1: passage})
    assert judgement.supported is kept and reason in judgement.reason, judgement.reason


def test_without_the_articles_no_term_is_checked(embedder):
    """Support(embedder) alone still applies every rule; only the swapped-term check needs the articles."""
    judgement = Support(embedder).judge(Sentence("Stress may cause muscle twitching.", (1,)), {1: CAFFEINE})
    assert "stress" not in judgement.reason


def test_the_articles_lists_make_siblings(bot):
    kin = clauses.siblings([s.readable for s in bot.library.sentences])
    assert {"magnesium", "calcium", "sodium"} <= kin["potassium"]
    assert "caffein" in kin["stress"] or "stress" in kin["caffein"]
