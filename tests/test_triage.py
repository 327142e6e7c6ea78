"""Safety notices read from the question alone (bot.triage): people describe the same warning sign in
many ways, and a missed one is the worst failure; benign questions must stay free of notices."""
from __future__ import annotations

import pytest

from bot.triage import URGENT_TEXT, triage


def kinds(question: str) -> list[str]:
    return [n["kind"] for n in triage(question) if n["kind"] != "disclaimer"]


@pytest.mark.parametrize("question", [
    "I choked on water twice today and my tongue twitches",
    "I can't catch my breath and my chest muscles are twitching",
    "My face is drooping on one side and twitching",
    "Sudden numbness on one side and twitching",
    "My left side is weak and numb",
])
def test_emergencies_described_get_the_urgent_notice(question):
    assert kinds(question)[0] == "urgent"


def urgent_text(question: str) -> str:
    return next(n["text"] for n in triage(question) if n["kind"] == "urgent")


# drill42: every emergency got one fixed text naming breathing, swallowing, speaking and one side; a seizure or a
# blackout was not named. The notice now says what the rule that fired found, and is short.
@pytest.mark.parametrize("question, named", [
    ("My husband just had a seizure and is shaking on the floor, what do I do?", "a seizure"),
    ("my mom collapsed in the kitchen and won't answer me", "a collapse or a blackout"),
    ("he is jerking all over and not responding", "a seizure or a collapse"),
    ("My son is choking and his lips are turning blue", "choking or blue lips"),
    ("I suddenly can't breathe properly and my chest muscles are twitching", "sudden trouble breathing"),
    ("The left side of my face is drooping since an hour ago", "a possible sign of a stroke"),
    ("crushing chest pain right now and my arm twitches", "chest pain"),
    ("my throat is closing up after eating peanuts", "a throat or airway closing up"),
])
def test_the_urgent_notice_says_what_it_was_given_for(question, named):
    text = urgent_text(question)
    assert text.startswith("You describe ") and named in text.split(".")[0]
    assert "call your local emergency number" in text.lower() and len(text) < 200


def test_an_emergency_only_the_classifier_finds_gets_the_general_text_naming_seizure_and_collapse():
    assert "a seizure, a collapse" in URGENT_TEXT and "emergency number" in URGENT_TEXT


@pytest.mark.parametrize("question", [
    "My twitching has lasted for a month",  # past about two weeks, said many ways
    "Twitching every day for over a year",
    "I have twitched for 10 weeks",
    "I can't lift my arm anymore and it twitches",  # weakness, without the word
    "I keep dropping my coffee cup and my hand twitches",
    "My muscles look smaller",  # atrophy
    "My words come out garbled",  # slurred speech
    "It's hard to swallow food lately",  # difficulty swallowing that came on slowly
    "Is it a bad sign if my twitches move to different parts of my body?",  # spreading
    "The twitches moved from my leg to my arm",
    "It started in my calf and now it's in my arms too",
])
def test_warning_signs_described_in_other_words_get_the_see_clinician_notice(question):
    assert kinds(question) == ["see_clinician"]


@pytest.mark.parametrize("question, expected", [
    ("My sodium came back low on a blood test. Can that cause seizures?", []),  # asks what it can lead to
    ("Could this be causing my seizure?", ["urgent"]),  # "my seizure": one is happening
    ("My arm is jerking. Can low sodium cause a seizure right now?", ["urgent"]),
])
def test_asking_what_something_can_cause_is_no_emergency_unless_one_is_described(question, expected):
    assert kinds(question) == expected


def test_a_sudden_emergency_is_not_also_a_see_clinician_notice():
    assert kinds("I suddenly can't swallow") == ["urgent"]


def test_a_dose_written_against_its_unit_is_a_dose_request():
    assert kinds("Can I take 800mg of magnesium?") == ["dosing"]


@pytest.mark.parametrize("question", [
    "My eyelid twitches once a month", "What does twitching for 2 days mean?",
    "Is it normal to twitch after lifting weights?", "Why do I twitch when I'm writing?",
    "I drink 2 cups of coffee a day, is that why I twitch?", "Why does my eye twitch when I'm tired?",
])
def test_benign_questions_get_no_notice(question):
    assert kinds(question) == []


@pytest.mark.parametrize("question, expected", [
    # A stroke sign in speech or face with an onset within the day is an emergency however the onset is put...
    ("i have twitching and my speech is slurred since this morning", "urgent"),
    ("my husband's words are coming out jumbled since lunch and his hand twitches", "urgent"),
    ("my face was drooping an hour ago", "urgent"),
    # ...and without one, a warning sign; an onset alone is nothing.
    ("My speech got slurred over the last few months", "see_clinician"),
    ("this morning my eyelid twitched", None),
])
def test_a_stroke_sign_that_began_today_is_an_emergency(question, expected):
    assert (kinds(question) or [None])[0] == expected


# The classifier over the question's meaning vector (bot/data/triage_model.npz), OR-ed with the rules.
@pytest.mark.parametrize("question, expected", [
    ("my left arm suddenly went weak and it's twitching", "urgent"),
    ("my words are coming out wrong and my hand is twitching", "urgent"),
    # Stroke and seizure signs put without the rules' words (written for this test, in no bank).
    ("grandad's mouth sagged on one side at dinner and he is talking nonsense", "urgent"),
    ("she's on the floor shaking all over, eyes rolled back, won't answer me", "urgent"),
    ("I had a seizure as a kid, can that cause twitching now?", None),  # the past, asked about
    ("why does my thumb twitch?", None),
    ("upper lip has been twitching on and off all afternoon, what's up with that", None),
    ("normal sodium range", None),
])
def test_the_classifier_reads_what_the_rules_miss_and_escalates_no_benign_question(embedder, question, expected):
    notices = [n["kind"] for n in triage(question, embedder.embed([question])[0]) if n["kind"] != "disclaimer"]
    assert (notices or [None])[0] == expected


# An emergency told in passing inside a question about one's own twitching, the sign a relative's (training v's
# one missed emergency was of this kind; bank-4 put such messages many ways). Written for this test, in no
# bank or eval set; the rules OR the classifier must read them, and neither the benign look-alikes. (The
# classifier alone scores the first 6.12 against its threshold 6.91: the story about calf twitches outweighs
# the sign in the message's meaning vector; the stroke-sign rule reads "talking nonsense" just begun.)
@pytest.mark.parametrize("question, expected", [
    ("mostly here about my calf twitches, but my brother just started talking nonsense and he looks confused. "
     "is that a twitching thing?", "urgent"),
    ("sorry, side question while I read about eyelid twitches: my mum suddenly can't get any words out and her "
     "hand won't hold the cup. is it related?", "urgent"),
    ("my brother says I babble nonsense in my sleep and my calves twitch at night, is that related?", None),
    ("my mum had a stroke ten years ago and recovered, now her calf twitches, is that connected?", None),
])
def test_an_emergency_told_in_passing_gets_the_urgent_notice(embedder, question, expected):
    found = {n["kind"] for n in triage(question, embedder.embed([question])[0], lambda t: embedder.embed([t])[0])}
    assert ("urgent" if "urgent" in found else None) == expected, found


# A seizure or collapse told by what an onlooker sees, inside a general question about twitching ("is it normal
# for…? she is doing that now") or misspelled, and its look-alikes: a fever's shivers in a child who answers, a
# hypnic jerk, a cold or anxious tremor, a baby's startle, the general question asked of no one. Written for this
# test, in no bank (#21, training x's missed emergency). The model from before scored the first 4.76 and the
# second 9.03 against 6.91; refitted on bank-5 (bot/data/triage_bank.jsonl) 8.37 and 12.09 against 6.65, and
# the look-alikes at most 3.13.
@pytest.mark.parametrize("question, expected", [
    ("does twitching sometimes end up as the whole body shaking and not talking? because that's what my brother "
     "is doing on the bed right now", "urgent"),
    ("is shaking all over and not answering just a bad twitch day? my husband is like that on the floor as we speak",
     "urgent"),
    ("my brothr is shakeing on the flor and not ansering", "urgent"),
    ("my son has a fever and the shivers but he's chatting and eating toast, can fever cause twitching?", None),
    ("my legs jerk right as i fall asleep, then i sleep fine", None),
    ("I shake when I'm anxious, is that the same as twitching?", None),
    ("my baby's arms startle while she sleeps and she wakes up fine", None),
    ("my fingers tremble in the cold, then it stops when I warm up", None),
    ("does twitching sometimes end up as the whole body shaking?", None),
])
def test_a_seizure_seen_by_an_onlooker_is_urgent_and_its_look_alikes_are_not(embedder, question, expected):
    found = {n["kind"] for n in triage(question, embedder.embed([question])[0], lambda t: embedder.embed([t])[0])}
    assert ("urgent" if "urgent" in found else None) == expected, found


# A seizure asked about in general ("when a person…", which reads as imagined) and then pointed back to of someone now
# (bot.sign_context.told_now_after); not when the pointer is past, a possibility or denied. Written for this test, in
# no bank; the rules alone (no classifier), so the rule's own reading is what is checked.
@pytest.mark.parametrize("question, expected", [
    ("what does it mean when a person shakes all over and doesn't answer? my father is doing it now", "urgent"),
    ("when a person goes stiff and won't wake up, is that a seizure? my wife is like that right now", "urgent"),
    ("what does it mean when a person shakes all over and doesn't answer?", None),
    ("what does it mean when a person shakes all over and doesn't answer? my dad did that once years ago", None),
    ("what does it mean when a person shakes all over and doesn't answer? would it be like that for me?", None),
    ("if someone is shaking and not responding, what do you do? asking for a first aid course", None),
])
def test_a_sign_asked_in_general_then_pointed_back_to_now_is_urgent(question, expected):
    assert ("urgent" if "urgent" in kinds(question) else None) == expected


# A length of time that is an age or a pregnancy's weeks, or how long a thing taken has lasted, is not how
# long the twitching has (bot.sign_duration): the eval sets' needless notices. Written for this test.
@pytest.mark.parametrize("question", [
    "I'm 30 weeks pregnant and my calves twitch at night, is that usual?",
    "my 5 month old twitches in her sleep, should I worry?",
    "been on a new blood pressure pill for 2 months and now my arms twitch, could it be the pill?",
])
def test_an_age_or_a_medicine_taken_for_weeks_gets_no_warning_notice(embedder, question):
    notices = {n["kind"] for n in triage(question, embedder.embed([question])[0], lambda t: embedder.embed([t])[0])}
    assert not notices & {"urgent", "see_clinician"}, notices


# Messages that name a warning sign without describing one (#21: the blind judge saw the warning-signs
# notice on "doing a school report on muscles…"): asked in general, about a story, denied, imagined,
# joked about or seen in a video. Written for this test, in no bank; the model and the rules both read them.
@pytest.mark.parametrize("question", [
    "doing a school report on muscles, what does muscle weakness from ALS look like",
    "with ALS does it usually start with weakness or twitching first",
    "In the article's story, how long did it take for the teacher's twitching to spread?",
    "calf twitching, no weakness, what could it be",
    "hypothetically, if the twitching spread to my arms, would that change anything?",
    "can low magnesium make you feel weak, or just twitchy",
    "i saw a video of a man having a seizure, what's the difference from a twitch?",
    "choking on my tea made me laugh so hard, anyway why does my eyelid twitch",
])
def test_a_sign_named_but_not_described_gets_no_warning_notice(embedder, question):
    notices = {n["kind"] for n in triage(question, embedder.embed([question])[0])}
    assert not notices & {"urgent", "see_clinician"}, notices


@pytest.mark.parametrize("question, expected", [
    ("my calf has shrunk and it twitches. does that mean anything?", "see_clinician"),  # the sign told, then asked
    ("started with my eyelid 3 weeks ago and it's still going", "see_clinician"),  # begun weeks ago: a duration
    ("can twitching make your face go numb on one side? because that's happening to me since 10 mins", "urgent"),
    ("my mum was laughing at dinner, then collapsed", "urgent"),  # the laugh is another clause
    # Stroke signs put as a clinician or a frightened relative would (written for this test, in no bank).
    ("grandma's smile went lopsided a few minutes ago and her hand twitches", "urgent"),
    ("58F, acute onset left hemiparesis 20 minutes ago, hx of fasciculations", "urgent"),
    ("the vision in my right eye just went black and my arm is twitching", "urgent"),
    ("his arm went limp at the table and he can't lift it", "urgent"),
    ("tonight my wife started slurring and her calf twitches", "urgent"),
])
def test_a_sign_told_of_someone_still_gets_its_notice(question, expected):
    assert kinds(question)[0] == expected


# A denied sign read by the classifier (#21: "my calf twitches but there's no weakness at all" got
# `see_clinician` from the model alone): it reads the message without its denials
# (bot.denied_signs.without_denied_signs). Written for this test, in no bank.
@pytest.mark.parametrize("question", [
    "my calf twitches but there's no weakness at all",
    "I'm not weak at all but my thigh twitches",
    "calf twitching for 2 days, no weakness, no trouble swallowing",
    "No weakness, no spreading, just twitching in my calf for 3 days. normal?",
])
def test_a_denied_sign_gets_no_notice_from_the_classifier(embedder, question):
    from bot.triage import model_kinds

    vector = embedder.embed([question])[0]
    assert not model_kinds(question, vector, lambda text: embedder.embed([text])[0]) & {"urgent", "see_clinician"}
    assert not {n["kind"] for n in triage(question, vector, lambda text: embedder.embed([text])[0])} \
        & {"urgent", "see_clinician"}


@pytest.mark.parametrize("question, expected", [
    ("twitching for months, not spreading but my hand is weaker", "see_clinician"),  # a denial beside a sign
    ("No weakness yet but it's spread to both arms over 6 weeks", "see_clinician"),
    ("no numbness but my face is drooping on one side right now", "urgent"),
])
def test_a_sign_beside_a_denial_still_gets_its_notice(embedder, question, expected):
    notices = [n["kind"] for n in triage(question, embedder.embed([question])[0], lambda t: embedder.embed([t])[0])]
    assert notices[0] == expected


def test_the_triage_model_was_fitted_on_the_bank_as_it_is():
    import numpy as np

    from bot.triage import MODEL_FILE
    from evals.fit_triage import bank_hash

    with np.load(MODEL_FILE) as data:
        assert str(data["bank_sha256"]) == bank_hash(), "the bank changed: run `make fit-triage`"


def test_a_head_scores_as_the_fitted_svm_does():
    import numpy as np

    from bot.triage import Head
    from evals.fit_triage import classifier, scale

    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(80, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    labels = (vectors[:, 0] > 0).astype(int)
    svm = classifier(scale(vectors)).fit(vectors, labels)
    head = Head(svm.support_vectors_, svm.dual_coef_[0], svm.intercept_[0], scale(vectors), 0.0)
    assert np.allclose([head.score(v) for v in vectors[:10]], svm.decision_function(vectors[:10]), atol=1e-4)


def test_the_words_view_scores_as_the_fitted_n_gram_model_does():
    from evals.fit_triage import Words

    texts = ["my dad just collapsed and wont wake up", "cant breath. lips blue", "why does my eyelid twitch",
             "how much magnesium should I take", "choking!! food stuck", "calf twitches after running",
             "she is having a seizure right now", "is coffee bad for twitching"] * 3
    labels = [1, 1, 0, 0, 1, 0, 1, 0] * 3
    words = Words().fit(texts, labels)
    unseen = ["my husband collapsed, not breathing right", "eyelid twitching after coffee", "", "Ünïcode ok?"]
    lexical = words.lexical()
    assert [round(lexical.score(t), 5) for t in unseen] == [round(float(s), 5) for s in words.decision_function(unseen)]


def test_one_pass_over_the_n_grams_scores_each_kind_as_its_own_words_view_does():
    """TriageModel.word_scores looks each n-gram up once for every kind; the scores are each words view's own,
    to the last bit, so no notice changes."""
    import json
    from collections import Counter

    from bot.triage import BANK_FILE, char_ngrams, model

    readers = model().readers.values()
    texts = [json.loads(line)["text"] for line in BANK_FILE.read_text(encoding="utf-8").splitlines()[:400] if line.strip()]
    texts += ["", "zzzz qqqq", "Ünïcode ok?", "twitch Twitch TWITCH twitching"]  # none known: the intercepts; repeats
    for text in texts:
        counts = Counter(char_ngrams(text))
        assert model().word_scores(counts) == [reader.words.score_counts(counts) for reader in readers]
        assert model().text_word_scores(text) == model().word_scores(counts)  # counted as rows, words' rows kept


# Written for this test, in no bank or eval set: messages in languages neither reader reads. The English
# model puts them nearest other foreign messages whatever they say, so each gets the emergency notice that
# says why; an English message with typos, or naming a foreign dish, is read as English.
@pytest.mark.parametrize("question", [
    "Mi hermano se cayó y ahora no puede mover la pierna derecha ni hablar claro",
    "Meine Mutter hat plötzlich ein hängendes Gesicht und kann den Arm nicht heben",
    "Mio padre non riesce a respirare bene e ha le labbra viola",
])
def test_a_message_in_another_language_gets_the_emergency_notice_saying_why(embedder, question):
    notices = triage(question, embedder.embed([question])[0])
    assert notices[0]["kind"] == "urgent" and "another language" in notices[0]["text"]


@pytest.mark.parametrize("question", [
    "can low potasium cause twiching after a long run?",
    "I had chilaquiles and tacos al pastor last night and my calf twitched all morning",
])
def test_an_english_message_is_not_taken_for_another_language(embedder, question):
    assert not any(n["kind"] == "urgent" for n in triage(question, embedder.embed([question])[0]))


def test_a_message_no_rule_pattern_matches_skips_the_rules_and_finds_the_same_kinds():
    """bot.triage.any_rule (the alternation of a kind's patterns) only skips rules that could not match: every rule
    example and bank message gets the same kinds as running every rule."""
    import json

    from bot.triage import BANK_FILE, asks_dose, is_urgent, warning_signs
    from bot.triage_rules import RULES

    texts = [text for rule in RULES for text in (*rule.must, *rule.must_not)]
    texts += [json.loads(line)["text"] for line in BANK_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    for text in texts:
        urgent = any(rule.matches(text) for rule in RULES if rule.kind == "urgent")
        assert is_urgent(text) == urgent, text
        assert warning_signs(text, urgent) == any(rule.matches(text) for rule in RULES if rule.kind == "see_clinician"
                                                  and not (urgent and rule.not_when_urgent)), text
        assert asks_dose(text) == any(rule.matches(text) for rule in RULES if rule.kind == "dosing"), text


# Issue #21's gaps left by session 18 (session 19), with the real classifier: a stroke sign that passed within minutes
# (a transient ischaemic attack, an emergency however briefly it lasted) and someone found still and not answering,
# without a shaking word, are urgent; a sign over that is no stroke sign keeps what it had ("couldn't swallow properly
# for a bit … but it passed" is a warning sign, not an emergency), and the look-alikes get no `urgent`. Written for
# this test, in no bank. (None: no `urgent`; a warning sign's own rule may still give `see_clinician`.) The rule table
# keeps someone asleep or idle who "won't answer" out of the new rule (its must-not rows); the classifier gives such
# messages `urgent` on its own, before this change as after ("my teenage son lies in bed till noon and won't answer me
# when I call him"): left for the bank.
@pytest.mark.parametrize("question, expected", [
    ("my vision went double for a few minutes and then it cleared, eyelid twitching too", "urgent"),
    ("my husband's mouth drooped and his words were slurred for about ten minutes after lunch, he's fine now", "urgent"),
    ("he's not moving and won't answer me", "urgent"),
    ("came home and my flatmate is lying on the kitchen floor, eyes open, not responding", "urgent"),
    ("i couldnt swallow properly for a bit at lunch but it passed, my tongue twitches", "see_clinician"),
    ("my foot went numb for a few minutes after sitting cross-legged, then it was fine", None),
    ("my dad's speech was slurred for an hour after the dentist numbed his mouth years ago, his lip twitches now", None),
])
def test_a_passing_stroke_sign_and_someone_still_and_silent_are_urgent(embedder, question, expected):
    found = [n["kind"] for n in triage(question, embedder.embed([question])[0], lambda t: embedder.embed([t])[0])
             if n["kind"] != "disclaimer"]
    assert ("urgent" in found) == (expected == "urgent") and (expected != "see_clinician" or found == [expected]), found
