"""The joint choice of the answerability and qualifier thresholds (evals.refusal_folds.choose), on plain data."""
from evals.refusal_folds import choose, decide, figures


def message(set_name, category, p, q=None, rest=None, whom=False):
    item = {"set": set_name, "id": f"{set_name}-{category}-{p}-{q}", "category": category, "question": "?"}
    found = {"reading": {}, "whom": whom, "bypass": False, "dose": False}
    score = {"p": p} | ({"q": q, "rest": rest, "shift": 0.05} if q is not None else {})
    if q is not None:
        found["q"] = {}
    return item, found, score


def test_the_answer_in_general_needs_both_the_qualifier_and_the_rest():
    _, found, score = message("a", "answerable", 0.1, q=0.95, rest=0.9)
    assert decide(found, score, 0.4, 0.9)
    assert not decide(found, score, 0.4, 0.96)
    assert not decide(found, score | {"rest": 0.3}, 0.4, 0.9)
    # ...and the words it doesn't speak of carrying little of the message (bot.answerable.GENERAL_SHIFT)
    assert not decide(found, score | {"shift": 0.3}, 0.4, 0.9)
    assert decide(found | {"reading": {"describes_signs": True}}, score | {"shift": 0.3}, 0.4, 0.9)


def test_the_whom_rule_is_never_answered_by_the_model_alone():
    _, found, score = message("a", "answerable", 0.99, q=0.2, rest=0.99, whom=True)
    assert not decide(found, score, 0.4, 0.9)


def test_choose_keeps_thresholds_that_meet_both_targets_in_every_set():
    rows = []
    for s in ("a", "b"):
        rows += [message(s, "answerable", p) for p in (0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)]
        rows += [message(s, "answerable", 0.1, q=0.97, rest=0.9)]  # answered in general
        rows += [message(s, "uncovered", p) for p in (0.05, 0.1, 0.2, 0.3)]
        rows += [message(s, "uncovered", 0.1, q=0.8, rest=0.9)]  # a subject: stays refused
    items, found, scores = map(list, zip(*rows))
    ta, tq, report = choose(items, found, scores)
    assert 0.3 < ta <= 0.45 and 0.8 < tq <= 0.97
    assert all(a == n and r == m for a, n, r, m in report["asked"].values())
    assert figures(items, found, scores, ta, tq) == report["asked"]
