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


def test_judge_predicted_grows_with_each_later_claim_and_most_with_another_article_s():
    """The predicted share a blind judge finds stray: the opening claim alone is least, another article's claim after it
    adds more than a claim beside it in its own article (bot/data/stray_cost.json, evals.fit_stray_cost)."""
    import json

    from bot import keep
    from evals.stray import judge_predicted

    rates = json.loads(keep.STRAY_FILE.read_text(encoding="utf-8"))["rates"]
    text = "One. Two. Three. Four. Five. Six. Seven."
    texts = {"a": text, "b": text}

    def answer(*placed):
        return {"answer": " ".join(f"Claim {n}. [{n}]" for n in range(1, len(placed) + 1)),
                "citations": [{"n": n, "doc_id": d, "start": text.index(w), "end": text.index(w) + len(w)}
                              for n, (d, w) in enumerate(placed, 1)]}

    alone = judge_predicted(answer(("a", "One.")), texts, rates, keep.NEAR)
    near = judge_predicted(answer(("a", "One."), ("a", "Two.")), texts, rates, keep.NEAR)
    far = judge_predicted(answer(("a", "One."), ("a", "Seven.")), texts, rates, keep.NEAR)
    other = judge_predicted(answer(("a", "One."), ("b", "Two.")), texts, rates, keep.NEAR)
    assert alone == pytest.approx(rates["open"])
    assert alone < min(near, far) and max(near, far) < other  # near and far alike in their article (test_keep)
