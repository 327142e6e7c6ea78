"""bot.referent's table: which follow-ups ask for "the other" article or case of the earlier turn (must and must not)."""
import pytest

from bot.referent import other_of, unanchored_pronoun

CASES = [
    ("does the other article give a different number?", "article"),
    ("does the other one, the when to be concerned article, give a number too?", "article"),
    ("does the other article, the one about when to be concerned, give a different number?", "article"),
    ("is there another page that says more?", "article"),
    ("and the other case, the man? what helped him", "case"),
    ("And the other case it mentions, the woman?", "case"),
    ("and the other one?", "case"),
    ("What other symptoms does it cause?", None),
    ("and the other way round - is there anything a doctor could prescribe?", None),
    ("and what about the other ones he mentioned, the deficiencies?", None),
    ("what about other vitamins, like if you're LOW on something?", None),
    ("does the physical therapist's article say the same thing?", None),
]


@pytest.mark.parametrize("question,kind", CASES)
def test_the_other_of_the_earlier_turn(question, kind):
    assert other_of(question) == kind


PRONOUNS = [
    ("what did he say about twitches in healthy people?", True),
    ("whats he known as? there was a title under his name", True),
    ("who is he though", True),
    ("Did it worry him?", True),
    ("he just dropped to the floor and is shaking, what do i do", False),  # someone beside the writer
    ("Her lips look blue and she's struggling to breathe", False),
    ("My dad shakes a bit when his hand is resting", False),  # named before
    ("how long do the physical therapist's own twitches last when he gets them?", False),
    ("in the case study about the teacher, where did his twitching begin?", False),
    ("what does it do to the muscles?", False),  # no person: bot.followup's readers decide
]


@pytest.mark.parametrize("question,points_back", PRONOUNS)
def test_a_he_or_she_nothing_in_the_message_names_is_the_earlier_turns(question, points_back):
    assert unanchored_pronoun(question) == points_back
