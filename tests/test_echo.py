"""bot.echo: the fitted table reads a question's frame words as frame and its topic words as topic."""
import json

import pytest

from bot.echo import MODEL_FILE, Begun, echo, marked, used, used_begun, whole_words
from bot.text import terms

# Frame words: how a question asks ("Does drinking alcohol play a role…", "When does eye twitching need to be looked
# at…", "I've lost about 6 kilos without trying", "Is it bad / normal / something to worry about?"). The gold evidence
# of the spent questions asking them seldom uses them: they must weigh under a fifth.
FRAME = ["play", "role", "need", "looked", "bad", "normal", "mean", "long", "warning"]
# Topic words: what a question asks about. The answers use them: they must weigh over a half.
TOPIC = ["alcohol", "magnesium", "potassium", "caffeine", "sleep", "exercise", "weight", "nerve", "eye"]


@pytest.mark.parametrize("word", FRAME)
def test_a_frame_word_weighs_little(word):
    (stem,) = terms(word)
    assert echo()(stem) < 0.2


@pytest.mark.parametrize("word", TOPIC)
def test_a_topic_word_weighs_much(word):
    (stem,) = terms(word)
    assert echo()(stem) > 0.5


# A word the articles never use ("trying", "worried", "lifting", "curable") cannot be echoed by gold evidence (it
# quotes them): the fit does not count it, and it weighs the prior, whatever its part in the question.
@pytest.mark.parametrize("word", ["trying", "worried", "lifting", "curable"])
def test_a_word_the_articles_never_use_weighs_the_prior(word):
    from evals.fit_echo import article_stems
    (stem,) = terms(word)
    assert stem not in article_stems()
    assert echo()(stem) == echo().prior


# By the word after it: a pair the spent questions asked twice or more has its own share.
@pytest.mark.parametrize("question, word, low", [
    ("I've lost about 6 kilos without trying and my muscles twitch", "without", True),  # frame: "without trying"
    ("do twitches go away without treatment?", "without", False),                      # topic: the answer says it
])
def test_a_word_weighs_by_the_word_after_it(question, word, low):
    weight = echo().weights(terms(question))[word]
    assert weight < 0.2 if low else weight > 0.5


def test_the_frame_of_the_alcohol_question_weighs_less_than_its_topic():
    table = echo()
    asked = set(terms("Does drinking alcohol play a role in twitching?"))
    assert table("alcohol") > 10 * max(table("play"), table("role"))
    assert "alcohol" in asked


# A word the question wrote whole (the stemmer left it as written) may begin a compound of the text; a stem cut from a
# longer word ("tri" of "trying") and a word of fewer than three letters may not.
@pytest.mark.parametrize("question, words, found", [
    ("When does eye twitching need to be looked at?", {"eyelid", "myokymia"}, {"eye"}),  # compound
    ("Does drinking alcohol play a role?", {"alcohol", "avoid"}, {"alcohol"}),           # the word itself
    ("I've lost 6 kilos without trying", {"trigger", "without"}, {"without"}),          # not "tri" in "trigger"
    ("is it bad for my leg", {"leg", "cramp"}, {"leg"}),
    ("what about my eyelid", {"eye"}, set()),                 # the text's word only begins with the asked one: no
    ("do nerves matter", {"neuron"}, set()),                  # related, not a compound
])
def test_an_asked_word_is_used_as_itself_or_beginning_a_compound(question, words, found):
    assert used(set(terms(question)), words, whole_words(question)) == found
    whole = whole_words(question)  # the substring search bot.relevance reads finds the same
    assert used_begun(set(terms(question)), words, Begun({0: words})[0], marked(whole)) == found


def test_the_substring_search_finds_what_used_finds_for_every_claim_and_sentence(bot):
    """used_begun (relevance.features) == used for every claim's and sentence's stems of the real articles, asked
    every stem they hold and the first three to five letters of each (compounds), wholly written or not."""
    library, index = bot.library, bot.claims
    sets = [index.claim_terms[c] for c in range(len(index.claims))] + \
        [library.sentence_terms[i] for i in range(len(library.sentences))]
    vocabulary = sorted({w for words in sets for w in words})
    asked = sorted(set(vocabulary[::7]) | {w[:n] for w in vocabulary[::5] for n in (3, 4, 5)} | {"us", "eye", "tri"})
    for whole in (frozenset(asked[::2]), frozenset(asked[1::2]), frozenset()):
        marks = marked(whole)
        begun = Begun(dict(enumerate(sets)))
        for n, words in enumerate(sets):
            assert used_begun(asked, words, begun[n], marks) == used(asked, words, whole)


def test_the_table_is_fitted_on_spent_sets_only():
    report = json.loads(MODEL_FILE.read_text(encoding="utf-8"))["report"]
    from evals.unseen import UNSEEN

    assert UNSEEN not in report["sets"]
    assert not {"questions", "heldout"} & set(report["sets"])
