"""The written-sentence check (bot.support with bot.clauses and its kin) on the ways a model states what its passage
doesn't, with the real embedding model and the real articles' terms. Passages are quoted from corpus/.
The swapped-term, reversed-chain, word-polarity and advice cases were missed by the check before
(measured blind on evals/written_sentences_2.jsonl: it kept 0.204 of the unsupported sentences). The group,
list-item, scale, "too … to", prefix and crossed-citation cases, and the fair paraphrases after them, were
missed or wrongly dropped on written_sentences_3 and _5 (kept 0.083 and 0.109 of their unsupported sentences)."""
from __future__ import annotations

import pytest

from bot import lists
from bot.coverage import content_words
from bot.each_clause import clauses_of, weakest_clause
from bot.meaning import changed_meaning
from bot.sentences import Sentence
from bot.support import Support
from bot.support_rules import moved_attribute
from bot.written import reading_order

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
SLEEP = "The CDC recommends that adults ages 18 to 60 get 7 or more hours of sleep a night."
EYELID = ("Eyelid twitching (myokymia) is very common and usually caused by stress, fatigue, or excessive screen time. "
          "It tends to resolve on its own within days.")
CALCIUM = "People can get calcium from dairy products, soya beans, tofu, nuts, and leafy greens."
MG_CAUSES = "Causes of magnesium deficiency include: poor diet; drinking too much alcohol; diarrhea"
WEAK = ("These contractions are usually too weak to move a joint but strong enough to be felt under the skin.")
ISAACS_MORE = ("A person with Issacs’ syndrome has overactive peripheral nerve axons. This means that their nerves "
               "continuously trigger their muscle fibers.")
WATER = "Muscle mass is up to 75 percent water."
RELAXANTS = "Muscle relaxants like cyclobenzaprine or benzodiazepines for short-term relief of severe twitching"
ALS = ("However, if twitches are frequent, widespread, or accompanied by weakness or other neurological symptoms, "
       "medical evaluation is important, as it could indicate conditions like amyotrophic lateral sclerosis (ALS), "
       "multiple sclerosis, or other neuromuscular disorders.")
SEE = ("When something stimulates or damages a nerve, it causes the muscle fibers to contract, resulting in a twitch. "
       "A person can often see or feel these twitches below the skin.")
MS_MORE = "Rarely, muscle twitching may be a sign of multiple sclerosis (MS). MS is a degenerative condition."
HOME = ("The common causes of muscle twitching are easy to treat and prevent at home through lifestyle changes to keep "
        "the nerves and muscles healthy and functioning well.")


@pytest.fixture(scope="module")
def support(bot, embedder):
    # The rules and the score alone: these tables ask whether a rule drops a fair paraphrase, not whether it is near
    # enough to keep (bot.support_score.LEAST_SIMILARITY, tested on its own in tests/test_support.py).
    return Support(embedder, articles=[s.readable for s in reading_order(bot.library)], least_similarity=0.0)


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
    # a group of people the passage doesn't name, or another one
    ("The CDC recommends that teenagers and adults get 7 or more hours of sleep a night.", SLEEP, False, "teenagers"),
    ("In children, eyelid twitching is usually caused by too much screen time.", EYELID, False, "children"),
    ("The CDC recommends that people aged 18 to 60 get 7 or more hours of sleep a night.", SLEEP, True, "supported"),
    # an item added to the passage's list
    ("You can get calcium from dairy products, tofu, nuts and bananas.", CALCIUM, False, "lists bananas"),
    (("Magnesium deficiency can be caused by a poor diet, too much alcohol, diarrhea, and long-term use of "
      "acid-reflux medicines."), MG_CAUSES, False, "lists"),
    ("You can get calcium from dairy products, tofu, nuts and leafy greens.", CALCIUM, True, "supported"),
    # the other end of a scale, an antonym by prefix, "too weak to" read as a denial
    ("They are usually strong enough to move a joint.", WEAK, False, "denies"),
    ("In Isaacs' syndrome, underactive nerve axons fail to trigger the muscle fibers.", ISAACS_MORE, False,
     "underactive"),
    ("Muscle is at least 75 percent water.", WATER, False, "at least"),
    ("Benzodiazepines give long-term relief of mild twitching.", RELAXANTS, False, "where the cited text says"),
    ("Twitches usually can't be seen or felt from outside.", SEE, False, "denies"),
    # fair paraphrases the check used to drop
    ("Frequent or widespread twitching should be evaluated, as it could point to ALS or MS.", ALS, True, "supported"),
    ("Twitching is only rarely a sign of MS, a degenerative condition.", MS_MORE, True, "supported"),
    ("The common causes of twitching can be treated at home through lifestyle changes.", HOME, True, "supported"),
])
def test_the_check_catches_what_the_passage_does_not_say(support, sentence, passage, kept, reason):
    judgement = support.judge(Sentence(sentence, (1,)), {1: passage})
    assert judgement.supported is kept and reason in judgement.reason, judgement.reason


def test_without_the_articles_no_term_is_checked(embedder):
    """Support(embedder) alone still applies every rule; only the swapped-term check needs the articles."""
    judgement = Support(embedder).judge(Sentence("Stress may cause muscle twitching.", (1,)), {1: CAFFEINE})
    assert "stress" not in judgement.reason


@pytest.mark.parametrize("sentence, passage, kept", [
    # near restatements of one cited sentence: kept
    ("Muscle twitching may rarely be a sign of multiple sclerosis (MS).", MS, True),  # 0.97
    ("Drinking a lot of coffee, tea, or caffeinated energy drinks may cause muscle twitching.", CAFFEINE, True),  # 0.98
    ("Lacking vitamin D may cause muscle weakness and twitching.", VITAMIN_D, True),  # 0.98
    # fair but looser paraphrases no rule drops: below the floor, the extractive answer says it instead
    ("Caffeine can make your muscles twitch.", CAFFEINE, False),  # 0.86
    ("Low vitamin D can leave muscles weak and twitchy.", VITAMIN_D, False),  # 0.90
    ("Twitching is only rarely a sign of MS, a degenerative condition.", MS_MORE, False),  # 0.87
])
def test_the_shipped_check_keeps_only_near_paraphrases(embedder, bot, sentence, passage, kept):
    """bot.support_score.LEAST_SIMILARITY (0.92): chosen on blind sets judged by the rules of their own time
    (evals.support_curve), where every looser setting kept more than 1 % of the unsupported sentences."""
    shipped = Support(embedder, articles=[s.readable for s in reading_order(bot.library)])
    judgement = shipped.judge(Sentence(sentence, (1,)), {1: passage})
    assert judgement.supported is kept, judgement.reason
    assert kept or judgement.reason.startswith("no near paraphrase"), judgement.reason


def test_the_articles_lists_make_siblings(bot):
    kin = lists.siblings([s.readable for s in bot.library.sentences])
    assert {"magnesium", "calcium", "sodium"} <= kin["potassium"]
    assert "caffein" in kin["stress"] or "stress" in kin["caffein"]


def test_a_part_citing_the_other_parts_passage_is_dropped(support):
    """Each part of a sentence that carries its own markers is checked against its own passage."""
    sleep = ("A lack of sleep can trigger the release of stress hormones which affect the neurotransmitters in the brain "
             "causing them to over stimulate nerves which in turn cause the muscles to twitch.")
    eyelid = "A common place to experience muscle twitching from tiredness is in the eyelid."
    from bot.sentences import split_sentences
    crossed, = split_sentences("Sleep loss can overstimulate nerves through stress hormones [2], and eyelid twitching "
                               "is a common result of tiredness [1].")
    judgement = support.judge(crossed, {1: sleep, 2: eyelid})
    # Either check of parts: the part names "eyelid", which only the other part's passage names, or it is closer to it.
    assert not judgement.supported and judgement.reason.startswith("its part"), judgement.reason
    right, = split_sentences("Sleep loss can overstimulate nerves through stress hormones [1], and eyelid twitching "
                             "is a common result of tiredness [2].")
    assert support.judge(right, {1: sleep, 2: eyelid}).supported


# Passages of the cases below (quoted from corpus/), and the cases: missed blind on written_sentences_5 and _7.
SLEEP_LOSS = ("Sleep deprivation: Chronic lack of rest disrupts normal neurological function, increasing twitch "
              "frequency, especially in the eyelids and limbs.")
RADICULOPATHY = ("A pinched spinal nerve, known as radiculopathy, may cause muscle twitching and spasms. Other symptoms "
                 "include a tingling or numb feeling in the foot or leg.")
LOW_LEVELS = ("Common causes include low levels of magnesium, calcium, or potassium in the blood, dehydration, excessive "
              "exercise, or too much caffeine or alcohol")
SERIOUS = "Some causes of muscle twitching are more serious, but these conditions are mostly rare."
STRETCH = ("Stretch regularly: Gentle stretching after workouts or prolonged sitting helps relax tense muscles and "
           "prevent post-exercise twitching.")
WARMUPS = "- exercising moderately, with proper warmups and cooldowns"


@pytest.mark.parametrize("sentence, passage, kept, reason", [
    # both things of a pair swapped (the body parts), one new thing kept
    ("Sleep deprivation increases twitching mostly in the face and tongue.", SLEEP_LOSS, False, "face, tongue"),
    ("Chronic lack of rest can increase twitching, especially in the eyelids and limbs.", SLEEP_LOSS, True,
     "supported"),
    # a thing put on the other side of a scale, though the cited text has both sides
    ("Common causes include high magnesium and calcium levels in the blood.", LOW_LEVELS, False,
     "says more of magnesium"),
    (("Common causes include low magnesium, calcium or potassium, dehydration, excessive exercise, or too much "
      "caffeine or alcohol."), LOW_LEVELS, True, "supported"),
    # "mostly rare" is rare; how hard and when
    ("Serious causes of twitching are fairly common.", SERIOUS, False, "says common where"),
    ("Intense stretching after workouts helps prevent twitching.", STRETCH, False, "says intense where"),
    ("Gentle stretching before workouts helps prevent twitching.", STRETCH, False, "says before where"),
    ("Gentle stretching after workouts helps relax tense muscles and prevent twitching.", STRETCH, True, "supported"),
])
def test_pairs_and_scales_said_of_other_things_are_dropped(support, sentence, passage, kept, reason):
    judgement = support.judge(Sentence(sentence, (1,)), {1: passage})
    assert judgement.supported is kept and reason in judgement.reason, judgement.reason


def test_an_attribute_of_another_cited_subject_is_dropped(support):
    """'X is Y' citing one passage on X and another saying 'Z is Y' of a Z the sentence never names."""
    judgement = support.judge(Sentence("Radiculopathy is a degenerative condition of the central nervous system that "
                                       "can cause twitching.", (1, 2)), {1: RADICULOPATHY, 2: MS_MORE})
    assert not judgement.supported and "says of radiculopathy what the cited text says of MS" in judgement.reason
    # a subject that refers back ("These contractions") is the sentence's own, not another
    assert moved_attribute("Twitches are usually too weak to move a joint.", WEAK) is None


def test_a_compound_written_open_or_closed_is_covered(support):
    _, coverage = support.features("Exercising moderately with proper warm-ups and cool-downs helps.", [WARMUPS])
    assert coverage == pytest.approx(7 / 8)  # only "helps" is new
    assert changed_meaning("It lasts from a few seconds up to a few hours.",
                           "It normally lasts from a few second up until a few hours at a time.") is None  # "a few" is no "few"


# Passages of the cases below (quoted from corpus/; a table row as bot.written.readable gives it), and the cases:
# missed blind on written_sentences_9 (kept 0.145 of its unsupported sentences), or fair ones it dropped.
DURATION = ("Duration — Normal Twitch: Seconds to minutes; infrequent; Potentially Serious Twitch: Persistent (weeks to "
            "months), recurring daily")
LOCATION = ("Location — Normal Twitch: Single spot (e.g., eyelid, calf); Potentially Serious Twitch: Spreads to multiple "
            "areas (arm, leg, torso)")
REYES = ("“Most muscle twitches are benign and linked to lifestyle factors like stress, caffeine, or poor sleep. But if "
         "they persist beyond two weeks or spread across multiple muscle groups, it’s worth getting checked.” — Dr. Alan "
         "Reyes, Neurologist at Boston General Hospital")
TEARS = ("Physical exertion: Intense workouts can cause micro-tears in muscle fibers and localized twitching during "
         "recovery.")
CORTISOL = ("Stress and anxiety: Elevated cortisol levels increase nerve excitability, making muscles more prone to "
            "spontaneous firing.")
WORKED = ("The arms and legs are common places to experience muscle twitching that overexertion causes. The most worked "
          "muscles are most likely to twitch, which can include the calf, thigh, or biceps, depending on the exercise.")
MG_RISK = "If people do not address a magnesium deficiency, it may increase their risk of cardiovascular disease."
BICARBONATE = "Bicarbonate (HCO3) — Normal Range: 21-28 mEq/L"
MG_ROW = "Magnesium (Mg) — Normal Range: 0.65-1.05 mmol/L"  # under "Data gathered from Medscape: Lab Values, Normal Adult"
SPASTICITY = ("A common symptom of MS is spasticity. Spasticity is when muscles become stiff and contract involuntarily. "
              "Muscle twitching may be a sign of spasticity.")
HYDRATED_FOODS = ("Stay hydrated: Drink water throughout the day, especially after exercise. Include electrolyte-rich "
                  "foods like bananas, spinach, and avocados.")
DOCTOR = ("The doctor may ask a person to discuss when their muscle twitching started, how often it happens, and how it "
          "feels. They may also ask about related symptoms.")


@pytest.mark.parametrize("sentence, passage, kept, reason", [
    # a table cell read under the other column (and a contrast that keeps each under its own)
    ("A normal twitch can persist for weeks to months.", DURATION, False, "column \"normal\""),
    ("Normal twitches spread to multiple areas such as the arm, leg and torso.", LOCATION, False, "column"),
    ("Eyelid twitches are listed as a potentially serious location.", LOCATION, False, "column"),
    (("Normal twitches stay in a single spot like the eyelid or calf, while potentially serious ones spread to multiple "
     "areas."), LOCATION, True, "supported"),
    # the doer and the done-to of a verb swapped (the same words in the same verb's other roles are kept)
    ("Twitches happen when muscle fibers send unplanned signals back to the motor neurons.", SPASMS, False, "swaps"),
    (("Twitches happen when motor neurons fire off unplanned signals to muscle fibers, causing brief, spontaneous "
     "contractions."), SPASMS, True, "supported"),
    # a person given another role
    ("Dr. Alan Reyes, a physical therapist at Boston General Hospital, said most twitches are benign.", REYES, False,
     "physical therapist"),
    ("Dr. Alan Reyes, a neurologist at Boston General Hospital, says most muscle twitches are benign.", REYES, True,
     "supported"),
    # a cause -> effect added between two things the passage gives side by side
    (("Intense workouts can cause micro-tears in muscle fibers, and the twitching during recovery makes those tears "
     "worse."), TEARS, False, "links"),
    ("Intense workouts can cause micro-tears in muscle fibers and localized twitching during recovery.", TEARS, True,
     "supported"),
    # a scale's verb in another form, a superlative's other end, a verb that settles what the passage only suggests
    ("Stress lowers cortisol levels, which increases nerve excitability.", CORTISOL, False, "says less where"),
    ("The least worked muscles are the most likely to twitch after exercise.", WORKED, False, "says least where"),
    # "confirm" where it "could indicate"; "frequent" names which twitches, no hedge, so certainty catches it first
    ("Frequent or widespread twitches confirm a diagnosis of ALS or multiple sclerosis.", ALS, False, "more surely"),
    ("Widespread twitches often confirm a diagnosis of ALS or multiple sclerosis.", ALS, False, "confirm"),
    # a rare word in another's place; "untreated" for "do not address" kept
    ("An untreated magnesium deficiency may increase the risk of kidney disease.", MG_RISK, False, "says kidney"),
    ("Leaving a magnesium deficiency untreated may raise the risk of cardiovascular disease.", MG_RISK, True,
     "supported"),
    # a value inside a range the sentence restates, not outside it
    ("Yes, 25 mEq/L falls inside the 21-28 mEq/L normal range for bicarbonate.", BICARBONATE, True, "supported"),
    ("25 mEq/L is above the 21-28 mEq/L normal range for bicarbonate.", BICARBONATE, False, "states 25"),
    # a table row is read with the note under its table: "adult", not "children"
    ("The normal adult magnesium range is 0.65-1.05 mmol/L.", MG_ROW, True, "supported"),
    ("The normal magnesium range for children is 0.65-1.05 mmol/L.", MG_ROW, False, "children"),
    # fair paraphrases the rules dropped: a derived form, a closed word naming a list item, advice the passage lists
    ("Spasticity means the muscles stiffen and contract involuntarily, and it is a common MS symptom.", SPASTICITY,
     True, "supported"),
    ("Expect questions about when the twitching began, how often it occurs, how it feels, and any related symptoms.",
     DOCTOR, True, "supported"),
    ("No, moderate exercise with proper warmups and cooldowns is recommended.", WARMUPS, True, "supported"),
    # "Include …" as an instruction is no hedge ("causes include" is one)
    (("Along with drinking water throughout the day, eating electrolyte-rich foods like bananas, spinach and avocados "
     "is suggested."), HYDRATED_FOODS, True, "supported"),
    ("Electrolyte-rich foods like bananas, spinach and avocados always stop twitching.", HYDRATED_FOODS, False,
     "always"),
])
def test_what_is_said_of_the_wrong_thing_is_dropped(support, sentence, passage, kept, reason):
    judgement = support.judge(Sentence(sentence, (1,)), {1: passage})
    assert judgement.supported is kept and reason in judgement.reason, judgement.reason


@pytest.mark.parametrize("sentence, passage, kept", [
    # must catch: a faithful clause carries a second one the passage does not state (the whole sentence scores over the
    # threshold; the check before kept each of these)
    (("Managing anxiety with therapy, medication or relaxation often reduces twitching a lot, because anxiety damages "
      "the motor nerves."), ANXIETY, False),
    ("These contractions are usually too weak to move a joint, because the nerve that fires them is already dying.",
     WEAK, False),
    (("The common causes of muscle twitching are easy to treat at home through lifestyle changes, because the nerves "
      "heal themselves overnight."), HOME, False),
    ("Rarely, muscle twitching may be a sign of multiple sclerosis, which doctors rule out with a simple blood test.",
     MS, False),
    (("These brief contractions happen when motor neurons send unplanned signals to muscle fibers, so stretching the "
      "muscle stops them."), SPASMS, False),
    # must keep: each clause paraphrases part of the passage, or is too short to judge alone, or ends a list
    ("Psychological stress or high anxiety may prompt excess muscle tension, which can lead to twitching.", STRESS, True),
    (("When a nerve is stimulated or damaged the muscle fibers contract and a twitch results, and a person can often see "
      "or feel it below the skin."), SEE, True),
    ("You can get calcium from dairy products, soya beans, tofu, and nuts, or from leafy greens.", CALCIUM, True),
    (("Eyelid twitching is very common and usually comes from stress, fatigue or too much screen time; it tends to go "
      "away on its own within days."), EYELID, True),
    ("These contractions are usually too weak to move a joint, but they are strong enough to be felt under the skin.",
     WEAK, True),
    ("Cut back on coffee, tea, and energy drinks, which contain caffeine, since too much may cause twitching.", CAFFEINE,
     True),
])
def test_every_clause_must_be_supported_on_its_own(support, sentence, passage, kept):
    judgement = support.judge(Sentence(sentence, (1,)), {1: passage})
    assert judgement.supported is kept, judgement.reason
    assert kept or judgement.reason.startswith("its clause"), judgement.reason


def test_a_clause_of_few_words_or_a_list_end_is_not_judged_alone(support):
    """A connective clause ("which is common") says too little to be judged alone; ", and" inside a list joins things."""
    assert clauses_of("Cut coffee, tea, and energy drinks, which may help.") == [
        "Cut coffee, tea, and energy drinks", "which may help"]
    def score(clause):  # what the fitted model would say: the clause about nerves states what the passage does not
        return 0.0 if "bad" in clause or "nerves" in clause else 0.9
    assert weakest_clause("Stress may tighten muscles, which is bad.", score, content_words) is None
    assert weakest_clause("Stress may tighten muscles, which damages nerves forever.", score, content_words) == (
        "which damages nerves forever", 0.0)
    assert weakest_clause("Stress may tighten the nerves of the back.", score, content_words) is None  # one clause


def test_the_synthetic_added_clauses_append_a_clause_about_another_passage():
    """evals/added_clauses.py, behind bot.each_clause.CLAUSE_CHANCE: the same sentences every run, all unsupported."""
    from evals.added_clauses import added_clause_items
    from evals.fit_support import DATA, load
    labelled = [item for path in DATA for item in load(path)]
    items = added_clause_items(labelled)
    assert len(items) >= 200 and items == added_clause_items(labelled)
    source = {item["id"]: item for item in labelled}
    for item in items:
        first = source[item["id"].removeprefix("added-").split("+")[0]]
        assert not item["supported"] and item["passages"] == first["passages"]
        assert item["sentence"].endswith(" [1].") and item["sentence"].count(",") > first["sentence"].count(",")


PHOSPHATE = "Hypophosphatemia (low phosphate levels) can cause weakness and impair respiratory function"
TRANSPORT = "Magnesium helps to transport calcium across cell membranes to support nerve and muscle function."
CRAMPS = "Muscle spasms are also known as muscle cramps. They often happen after exercise."
TESTS = ("If the doctor thinks a person’s muscle twitching is due to an underlying condition, they will give the "
         "individual a series of tests. This may include electromyography to assess muscle and nerve function.")
SAME = ("A muscle twitch and a muscle spasm are both involuntary contractions of a muscle, although they are not quite "
        "the same.")
FATIGUE = "Muscle fatigue triggers twitching and cramping in overworked muscle fibers."
WATER = "When a person does not drink enough water, they may develop dehydration."
NEUROLOGIST = "A neurologist can help determine whether the cause is benign or requires further investigation."


@pytest.mark.parametrize("sentence, passage, kept, reason", [
    # must catch (sets 10, 11 and 13, unfitted, kept one of each kind; these are rewordings of them)
    ("Low phosphate levels can cause weakness without harming breathing.", PHOSPHATE, False, "denies breathing"),
    ("Calcium helps to transport magnesium across cell membranes.", TRANSPORT, False, "swaps"),
    ("Muscle cramps often happen while a person is asleep.", CRAMPS, False, "asleep"),
    ("Everyone with muscle twitching is given a series of tests, which may include electromyography.", TESTS, False,
     "everyone"),
    ("A muscle twitch and a muscle spasm are exactly the same involuntary contractions.", SAME, False, "exactly"),
    ("Muscle fatigue triggers twitching in rested muscle fibers rather than overworked ones.", FATIGUE, False,
     "overwork"),
    # must keep
    ("Muscle spasms, also called muscle cramps, often happen after working out.", CRAMPS, True, "supported"),
    ("When a person doesn't drink enough water, they may get dehydrated.", WATER, True, "supported"),
    ("If the doctor thinks the twitching is due to an underlying condition, they'll give a series of tests.", TESTS,
     True, "supported"),
    ("A neurologist can help determine whether the cause is harmless or requires further investigation.", NEUROLOGIST,
     True, "supported"),
])
def test_a_denial_swap_occasion_or_quantifier_the_passage_lacks_is_dropped(support, sentence, passage, kept, reason):
    judgement = support.judge(Sentence(sentence, (1,)), {1: passage})
    assert judgement.supported is kept and reason in judgement.reason, judgement.reason


HYDRATE = ("Stay hydrated: Drink water throughout the day, especially after exercise. Include electrolyte-rich foods like "
           "bananas, spinach, and avocados.")
FLUIDS = "Fluid imbalances and acid-base disturbances can also lead to muscle weakness and twitching"
MAGNESIUM = "Hypomagnesemia (low magnesium levels) can cause muscle spasms, weakness, and tetany"
HEADER = "| Feature | Normal Twitch | Potentially Serious Twitch |"
TRIGGERS = "Triggers — Normal Twitch: Caffeine, stress, exercise, lack of sleep; Potentially Serious Twitch: No clear trigger; occurs at rest"
FREQUENT = ("If twitches are frequent or widespread, medical evaluation is important, as it could indicate conditions like "
            "multiple sclerosis.")


@pytest.mark.parametrize("written, passages, kept, reason", [
    # must catch (sets 14 and 15, unfitted, kept one of each kind; these are rewordings of them)
    ("Eating bananas and spinach can replace the need to drink water after exercise [1].", [HYDRATE], False, "drink"),
    ("Fluid imbalances can cause weakness, but acid-base disturbances are not associated with it [1].", [FLUIDS], False,
     "denies a link"),
    ("Twitches at rest are the normal kind, usually triggered by caffeine or stress [1][2].", [HEADER, TRIGGERS], False,
     "column"),
    ("Low phosphate levels can cause spasms and tetany [1], as low magnesium can [2].", [PHOSPHATE, MAGNESIUM], False,
     "its part"),
    ("Frequent twitching means you have multiple sclerosis [1].", [FREQUENT], False, "more surely"),
    # must keep
    ("Both low phosphate [1] and low magnesium [2] can cause weakness.", [PHOSPHATE, MAGNESIUM], True, "supported"),
    ("A normal twitch is triggered by caffeine or lack of sleep, while a serious one occurs at rest [1][2].",
     [HEADER, TRIGGERS], True, "supported"),
    ("Frequent or widespread twitches could indicate conditions like multiple sclerosis [1].", [FREQUENT], True,
     "supported"),
    ("Drink water through the day, especially after exercise [1].", [HYDRATE], True, "supported"),
])
def test_a_need_removed_a_link_denied_or_a_part_or_column_crossed_is_dropped(support, written, passages, kept, reason):
    from bot.sentences import split_sentences
    [sentence] = split_sentences(written)
    judgement = support.judge(sentence, dict(enumerate(passages, 1)))
    assert judgement.supported is kept and reason in judgement.reason, judgement.reason


# support10: each part with its own markers must align with its own passage alone, and a cited denial is not affirmed
# in a synonym. Rewordings of the kinds seen on sets 16 and 18, not their sentences; passages verbatim from the articles.
MRI = "MRI scans: Used if central nervous system involvement (like MS) is suspected."
EMG = "Electromyography (EMG): Measures electrical activity in muscles and helps distinguish between muscle and nerve disorders."
NCS = "Nerve conduction studies (NCS): Evaluates how well nerves transmit signals."
NOT_PAINFUL = "A muscle twitch is a short contraction that may happen repeatedly. It can cause discomfort but is not typically painful."
SPASM = ("A muscle spasm is a prolonged contraction that may cause pain. Muscle spasms are also known as muscle cramps. They "
         "often happen after exercise.")


@pytest.mark.parametrize("written, passages, kept, reason", [
    ("An MRI helps tell muscle disorders from nerve disorders [1], whereas an EMG is used when MS is suspected [2].",
     [MRI, EMG], False, "its part"),
    ("An EMG is used when MS is suspected [1], whereas an MRI helps tell muscle disorders from nerve disorders [2].",
     [EMG, MRI], False, "its part"),
    (("An MRI is used when MS is suspected [1], and an EMG measures electrical activity in muscles to tell muscle from "
      "nerve disorders [2]."), [MRI, EMG], True, "supported"),
    (("A nerve conduction study checks how well nerves carry signals [1], while an EMG tells muscle disorders from nerve "
      "disorders [2]."), [NCS, EMG], True, "supported"),
    ("Muscle twitches tend to hurt, especially when they repeat [1].", [NOT_PAINFUL], False, "affirms hurt"),
    ("A twitch is a short contraction that may repeat and usually hurts [1].", [NOT_PAINFUL], False, "affirms hurts"),
    ("A spasm is a long contraction that can hurt [1].", [SPASM], True, "supported"),
])
def test_each_part_aligns_with_its_own_passage_and_a_cited_denial_is_not_affirmed(support, written, passages, kept,
                                                                                  reason):
    from bot.sentences import split_sentences
    [sentence] = split_sentences(written)
    judgement = support.judge(sentence, dict(enumerate(passages, 1)))
    assert judgement.supported is kept and reason in judgement.reason, judgement.reason


def test_a_frequency_near_none_affirms_nothing(support):
    assert support.named.affirmed_synonyms("Twitches usually hurt.", NOT_PAINFUL) == ("hurt", "painful")
    assert support.named.affirmed_synonyms("Twitches rarely hurt.", NOT_PAINFUL) is None
    assert support.named.affirmed_synonyms("Twitches seldom hurt.", NOT_PAINFUL) is None


# verify18: kinds that recur across the blind sets rather than one set's wording (bot.meaning.STRONGER and the ranking
# words of ABSOLUTE): a cure where the passage gives relief, damage where it gives irritation, "the main" where it lists
# several, "means you have" where it says "could indicate". Rewordings of those kinds, not the labelled sentences;
# passages verbatim from the articles.
CASE = ("such as a case of a 50-year-old male diagnosed with Leucin-rich glioma-inactivated 1 (LGI1) antibody, who showed "
        "significant improvement with intravenous immunoglobulin and carbamazepine 2.")
ADDRESSED = ("Muscles twitch due to involuntary contractions of muscle fibers, often caused by fatigue, electrolyte "
             "imbalances, stress, or neurological issues, and can be addressed by staying hydrated, maintaining proper "
             "electrolyte balance, and managing stress.")
IRRITATION = ("Muscle twitches are typically caused by involuntary contractions of muscle fibers, often resulting from minor "
              "nerve irritation, and can be triggered by various factors including fatigue, stress, exercise, caffeine "
              "consumption, dehydration, certain medications, and electrolyte imbalances.")

FASCICULATION = ("Muscle twitches, medically known as fasciculations, occur when a motor nerve fires spontaneously, causing "
                 "a brief contraction in the muscle fibers it controls.")


@pytest.mark.parametrize("sentence, passage, kept, reason", [
    # must catch
    ("A man with LGI1 antibodies was cured by intravenous immunoglobulin and carbamazepine.", CASE, False, "cures"),
    ("Twitching from electrolyte imbalances can go away once you stay hydrated and manage stress.", ADDRESSED, False,
     "cures"),
    ("Twitches typically come from nerve damage, triggered by fatigue, stress or caffeine.", IRRITATION, False,
     "damages"),
    ("Fatigue is the main cause of muscle twitching, which can be addressed by staying hydrated.", ADDRESSED, False,
     "main"),
    ("Twitches that are frequent or widespread mean you have multiple sclerosis.", FREQUENT, False, "mean you have"),
    # must keep: the weaker word, or the stronger one where the passage has it too
    ("A man with LGI1 antibodies showed significant improvement with intravenous immunoglobulin and carbamazepine.", CASE, True,
     "supported"),
    ("Twitching caused by fatigue or stress can be addressed by staying hydrated and managing stress.", ADDRESSED, True,
     "supported"),
    ("Twitches usually come from minor irritation of a nerve, and fatigue or caffeine can trigger them.", IRRITATION,
     True, "supported"),
    ("In most cases, the twitch goes away on its own within seconds or minutes.", BENIGN, True, "supported"),
    ("The medical term fasciculation means a muscle twitch, which occurs when a motor nerve fires spontaneously.",
     FASCICULATION, True, "supported"),
])
def test_a_cure_damage_ranking_or_diagnosis_the_passage_does_not_give_is_dropped(support, sentence, passage, kept, reason):
    judgement = support.judge(Sentence(sentence, (1,)), {1: passage})
    assert judgement.supported is kept and reason in judgement.reason, judgement.reason


# verify18b: a word the cited text uses in another form is no new name (bot.word_forms), a denied absolute no absolute
# (bot.meaning.NOT_ALWAYS). Rewordings of supported sentences the rules dropped (sets 2, 5, 10, 14, 15, 16, 18, 22), and
# the new words these forms must not let through.
@pytest.mark.parametrize("sentence, passage, new", [
    # must keep: another form of a cited word, an abbreviation and its words
    ("This seems to change excitability at the synapse.", "This seems to affect synaptic excitability.", []),
    ("It may make the leg feel tingly or numb.", "It may cause tingling or numbness in the leg.", []),
    ("The muscles that worked most are the likeliest to twitch.", "The most worked muscles are likely to twitch.", []),
    ("People take B6 for PMS and depression.", "B6 is taken for premenstrual syndrome and depression.", []),
    ("Some with benign fasciculation syndrome have EMG changes.", "Some people with BFS show EMG changes.", []),
    # must catch: a rare word in no form of the cited text, an abbreviation its words do not spell
    ("Statins may cause twitching.", "Caffeine may cause twitching.", ["statins"]),
    ("Twitching is common in PMS.", "Twitching is common in pregnancy.", ["pms"]),
    ("Hypokalemia may cause twitching.", "Hyperkalemia may cause twitching.", ["hypokalemia"]),
    ("Some with benign fasciculation syndrome have EMG changes.", "Some people with ALS show EMG changes.",
     ["fasciculation"]),
])
def test_a_cited_word_in_another_form_is_no_new_name(sentence, passage, new):
    from bot.support_rules import new_names
    assert new_names(sentence, passage) == new


@pytest.mark.parametrize("sentence, passage, reason", [
    ("An abnormal EMG does not always mean serious disease.", "Not all abnormal findings indicate serious disease.", None),
    ("Not every twitch needs a doctor.", "Not all twitches need a doctor.", None),
    ("Stress doesn't always cause twitching.", "Not all stress causes twitching.", None),
    ("Stress always causes twitching.", "Stress causes twitching.", "says always"),
    ("Every twitch needs a doctor.", "Not all twitches need a doctor.", "every"),
])
def test_a_denied_absolute_is_no_absolute(sentence, passage, reason):
    found = changed_meaning(sentence, passage)
    assert (found is None) if reason is None else (found is not None and reason in found), found


IRRITATION_CAUSES = ("Muscle twitches are typically caused by involuntary contractions of muscle fibers, often resulting from "
                     "minor nerve irritation, and can be triggered by various factors including fatigue and stress.")


@pytest.mark.parametrize("sentence, passage, link", [
    # must keep: "often" says how often, it is no thing linked (sets 11, 14, 16, 17)
    ("Twitches usually come from contractions of muscle fibers, often due to minor nerve irritation, and can be set off "
     "by fatigue or stress.", IRRITATION_CAUSES, None),
    # must catch: a link between two things the passage gives side by side
    ("Workouts cause tears, and the twitching after them makes the tears worse.",
     "Workouts can cause tears in fibers and twitching after them.", "twitch -> tear"),
])
def test_a_link_joins_things_not_how_often(sentence, passage, link):
    from bot.swaps import new_link
    assert new_link(sentence, passage) == link


CASE_HEDGED = ("Medical evaluation is important, as it could indicate conditions like ALS that require specific treatment, "
               "such as a case of a 50-year-old male with LGI1 antibody, who showed significant improvement with "
               "intravenous immunoglobulin and carbamazepine.")


@pytest.mark.parametrize("sentence, passage, reason", [
    # must keep: the hedge is another clause's (bot.meaning.restated_clauses; sets 9, 11, 13, 14, 17)
    ("A 50-year-old man with LGI1 antibodies improved significantly with intravenous immunoglobulin and carbamazepine.",
     CASE_HEDGED, None),
    # must catch: the hedge of the clause it restates dropped, and a person's sex swapped (bot.meaning.SEX; set 16)
    ("Twitching indicates conditions like ALS.", CASE_HEDGED, "more surely"),
    ("A 50-year-old woman with LGI1 antibodies showed significant improvement with intravenous immunoglobulin.",
     CASE_HEDGED, "says female"),
    ("He showed significant improvement with immunoglobulin.", "She showed significant improvement with immunoglobulin.",
     "says male"),
])
def test_a_hedge_holds_for_its_own_clause_and_a_sex_is_kept(sentence, passage, reason):
    found = changed_meaning(sentence, passage)
    assert (found is None) if reason is None else (found is not None and reason in found), found


RADICULOPATHY = ("A pinched spinal nerve, known as radiculopathy, may cause muscle twitching and spasms. Other symptoms include "
                 "a tingling or numb feeling in the foot or leg.")
CAFFEINE_USES = ("Caffeine is a commonly ingested stimulant used throughout the world for many different reasons. It helps "
                 "people wake up in the morning, improves sport performance, and can increase cognitive function.")
GUIDANCE = ("However, there are less common reasons for muscle twitching, in which case medical guidance and treatment "
            "should be sought after.")


@pytest.mark.parametrize("sentence, passage, added", [
    # must catch: a pair's one new thing of the cited one's kind (bot.named.PAIR_KIN; set 16)
    ("Radiculopathy can cause twitching with tingling in the hands and arms.", RADICULOPATHY, ["hands"]),
    # and "as well as" joins a pair as "and" does (set 7)
    ("Caffeine improves sleep quality as well as sport performance.", CAFFEINE_USES, ["quality"]),
    ("Caffeine helps people wake up as well as improving sport performance.", CAFFEINE_USES, []),
    # must keep: a paraphrase beside a cited thing (set 13)
    ("Less common causes of twitching call for medical advice and treatment.", GUIDANCE, []),
])
def test_a_pair_with_one_new_thing_of_its_kind(support, sentence, passage, added):
    assert support.named.added_items(sentence, passage) == added


@pytest.mark.parametrize("sentence, passage, reason", [
    # must keep: "only" restating the cited limit (bot.meaning.ONLY_LIMITED; sets 7, 11, 13, 16, 17, 18)
    ("The checklist says to avoid alcohol or drink it only in moderation.", "Avoid alcohol or consume in moderation", None),
    ("He only saw a neurologist once his speech became slurred.",
     "He visited a neurologist after developing slurred speech.", None),
    # must catch: "only" where the cited text sets no limit
    ("Only stress causes twitching.", "Stress causes twitching.", "says only"),
    ("He saw only a neurologist.", "He visited a neurologist after developing slurred speech.", "says only"),
])
def test_only_before_a_cited_limit_adds_none(sentence, passage, reason):
    found = changed_meaning(sentence, passage)
    assert (found is None) if reason is None else (found is not None and reason in found), found
