"""The stray-sentence measure's rule tables (evals.stray): what names a serious disease, what asks about one."""
import pytest

from evals.stray import asks_serious, names_serious


@pytest.mark.parametrize("text, serious", [
    ("An EMG revealed widespread denervation, and further testing confirmed early-stage ALS.", True),
    ("Rarely, muscle twitching may be a sign of multiple sclerosis (MS).", True),
    ("Muscle twitching may be a sign of a degenerative neurological condition called amyotrophic lateral sclerosis.", True),
    ("Muscle twitching is a symptom of myositis.", True),
    ("Muscle twitching may be a sign of lupus, though this condition is not common.", True),
    ("Muscles also twitch after exercise.", False),
    ("Magnesium (Mg) — Normal Range: 0.65-1.05 mmol/L", False),
    ("Get 7+ hours of quality sleep", False),
    ("Persistent or progressive symptoms could point to neurological conditions such as: Peripheral neuropathy", False),
])
def test_names_serious(text, serious):
    assert names_serious(text) is serious


@pytest.mark.parametrize("question, asked", [
    ("could this be als", True),
    ("My mum has MS and now I'm twitching", True),
    ("What did the EMG show in Mark's case?", True),
    ("In the teacher's story, how long did it take to spread?", True),
    ("why does my eyelid twitch?", False),
    ("how many ms does a twitch last", True),  # "ms" read as the disease: the measure errs toward asked (counts less)
    ("Can drinking a lot of coffee make my muscles twitch?", False),
])
def test_asks_serious(question, asked):
    assert asks_serious(question) is asked
