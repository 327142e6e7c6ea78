"""The triage rules' table (bot.triage_rules): every rule matches each message it must match and none it
must not, so a rule's reach is reviewed with its examples and a changed pattern shows which one it broke."""
from __future__ import annotations

import pytest

from bot.denied_signs import without_denied_signs
from bot.triage_rules import RULES, SAYS

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


def test_every_emergency_rule_says_in_plain_words_what_it_found():
    """The `urgent` notice names what fired it (bot.triage.urgent_text, drill42): each emergency rule has its words."""
    assert {rule.name for rule in RULES if rule.kind == "urgent"} == set(SAYS)
    assert all(said and said[0].islower() and not said.endswith(".") for said in SAYS.values())


# What the classifier reads (bot.triage.model_kinds): the message without the signs it denies, the
# denial as the rules read it (a negation cue within 20 characters before the sign).
@pytest.mark.parametrize("text, expected", [
    ("my calf twitches but there's no weakness at all", "my calf twitches but there's at all"),
    ("I'm not weak at all, but my thigh twitches", "i'm at all, but my thigh twitches"),
    ("no weakness", ""),
    ("twitching for months, not spreading but my hand is weaker", "twitching for months, but my hand is weaker"),
    # must not change: no sign denied, or the negation belongs to something else
    ("my arm is weak", "my arm is weak"),
    ("I can't grip my cup and my hand twitches", "I can't grip my cup and my hand twitches"),
    ("I keep dropping things and my hand twitches, not sure why", "I keep dropping things and my hand twitches, not sure why"),
    ("no idea why, but it's spreading", "no idea why, but it's spreading"),
])
def test_the_classifier_reads_the_message_without_its_denied_signs(text, expected):
    assert without_denied_signs(text) == expected
