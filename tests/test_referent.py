"""bot.referent's table: which follow-ups ask for "the other" article or case of the earlier turn (must and must not)."""
import pytest

from bot.referent import other_of

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
