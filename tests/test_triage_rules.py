"""The triage rules' table (bot.triage_rules): every rule matches each message it must match and none it
must not, so a rule's reach is reviewed with its examples and a changed pattern shows which one it broke."""
from __future__ import annotations

import pytest

from bot.triage_rules import RULES

CASES = [(rule, text, expected) for rule in RULES
         for expected, texts in ((True, rule.must), (False, rule.must_not)) for text in texts]


@pytest.mark.parametrize("rule, text, expected", CASES,
                         ids=[f"{rule.kind}:{rule.name}:{'must' if expected else 'must not'}:{text[:40]}"
                              for rule, text, expected in CASES])
def test_each_rule_matches_what_it_must_and_nothing_it_must_not(rule, text, expected):
    assert rule.matches(text) is expected


def test_every_rule_has_examples_both_ways():
    assert all(rule.must and rule.must_not for rule in RULES)
    assert len({(rule.kind, rule.name) for rule in RULES}) == len(RULES)
