from evals.followup_replay import followups, repeats_opening
from evals.unseen import UNSEEN


def item(quote: str, said: str) -> dict:
    return {"history": [{"role": "user", "content": "why?"}, {"role": "assistant", "content": said}],
            "ours": {"answer": {"citations": [{"text": quote}]}}}


def test_an_answer_opening_with_a_quote_the_earlier_answer_gave_is_a_repeat():
    assert repeats_opening(item("Caffeine can trigger   twitches.", "Yes. Caffeine can trigger twitches. [1] More."))
    assert not repeats_opening(item("Stress can trigger twitches.", "Caffeine can trigger twitches. [1]"))
    assert not repeats_opening({"history": [], "ours": {"answer": {"citations": []}}})


def test_the_follow_ups_read_are_the_spent_sets_with_a_history():
    items = followups()
    assert len(items) > 200 and all(i["category"] == "followup" and i["history"] for i in items)
    assert not any(i["id"].startswith(f"{UNSEEN}:") for i in items)  # the newest set is kept out (NOT_FITTED)
    assert len({i["id"] for i in items}) == len(items)
