"""Safety notices read from the question itself, independent of what retrieval finds.

Two readers, OR-ed, so a notice the rules give is never lost: rules (auditable, deterministic, fast:
the tables below) and a classifier over the question's meaning vector, fitted on a labelled bank of
messages (bot/data/triage_bank.jsonl: emergencies, warning signs, dose requests and benign worries,
put many ways) by `python -m evals.fit_triage`, whose thresholds give no benign message of the bank a
notice in cross-validation. A missed emergency is the worst failure this product can have; benign
questions must not be escalated either.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

KINDS = ("urgent", "see_clinician", "dosing")
DATA = Path(__file__).parent / "data"
BANK_FILE, MODEL_FILE = DATA / "triage_bank.jsonl", DATA / "triage_model.npz"

URGENT_TEXT = ("Sudden trouble breathing, swallowing or speaking, or sudden weakness or numbness on one side, "
               "can be an emergency. Call your local emergency number or go to the nearest emergency "
               "department now.")
SEE_CLINICIAN_TEXT = ("What you describe matches warning signs the articles list (twitching that lasts "
                      "beyond about two weeks or spreads, weakness, muscle shrinkage, slurred speech, "
                      "trouble swallowing or breathing, weight loss). The articles advise getting checked by "
                      "a doctor or neurologist.")
DOSING_TEXT = ("The articles give no doses. Ask a doctor or pharmacist before taking any medicine or "
               "supplement, and follow the label.")
DISCLAIMER_TEXT = ("Educational information quoted from the articles, not medical advice. For a diagnosis "
                   "or treatment, talk to a clinician.")

FIRST_PERSON = r"\b(i|i'm|im|i've|ive|my|me|we|our|he|she|they|his|her|their)\b"
NEGATED = r"\b(no|not|never|without|n't)\b[^.,;!?]{0,12}$"
# "Can low sodium cause seizures?": the sentence asks what something can lead to; it describes nothing.
ASKED_EFFECT = (r"\b(?:can|could|does|do|will|would|might|may)\b[^.?!]{0,40}"
                r"\b(?:cause|lead to|trigger|give|bring on|result in)\b[^.?!]{0,20}$")
NOW = r"\bsudden|right now|just now|\bnow\b"
VITAL = r"breath\w*|swallow\w*|speak\w*|talk\w*|speech|words? out"
TROUBLE = (r"can'?t|cannot|can not|could ?n'?t|unable to|trouble|difficult\w*|hard(?: time)? to|hard time|"
           r"struggl\w*|problems?|stopped|gasping|choking|barely")
ONE_SIDED = r"numb\w*|weak\w*|paraly\w+"
# Signs of a stroke in speech and face (one-sided weakness has its own pattern below).
STROKE_SIGN = (r"slurr\w*|garbl\w*|jumbl\w*|gibberish|drooping|droops|"
               r"words? (?:are |were |keep |kept )?(?:coming |come |came )?(?:out )?(?:wrong|mixed up|jumbled)")
# An onset within the day: "since this morning", "an hour ago", "since lunch", "out of nowhere".
ONSET = (r"\bsince (?:this (?:morning|afternoon|evening)|today|tonight|last night|lunch|breakfast|dinner|"
         r"an? (?:hour|few (?:minutes|hours)))\b|\b(?:an?|one|two|few|couple(?: of)?|\d+) (?:minutes?|mins?|hours?|hrs?) "
         r"ago\b|\bout of nowhere\b|\ball of a sudden\b|\bthis (?:morning|afternoon|evening)\b")
VITAL_TROUBLE = rf"\b(?:{TROUBLE})\b[^.?!]{{0,30}}\b(?:{VITAL})"
URGENT_PATTERNS = [
    VITAL_TROUBLE,
    r"\b(?:choking|chok\w+|gasping|suffocat\w*|turning blue|lips? (?:are |is )?blue)\b",
    r"\bchest (?:pain|tightness|pressure)\b",
    r"\b(?:passed out|pass(?:ing)? out|faint(?:ed|ing)|unconscious|collapsed)\b",
    r"\bface (?:is )?(?:drooping|droops|numb)\b|\bdrooping face\b",
    r"\bseizure|convuls\w+",
    r"\bsudden(?:ly)?\b[^.?!]{0,30}\b(?:paraly\w+|can'?t move|slurr\w+)",
    # A stroke sign that began hours ago, however the onset is put ("slurred since this morning", "my
    # words came out jumbled an hour ago"): a stroke is treated within hours, so the time is the emergency.
    rf"\b(?:{STROKE_SIGN})[^?]{{0,80}}(?:{ONSET})|(?:{ONSET})[^?]{{0,80}}\b(?:{STROKE_SIGN})",
    # Weakness or numbness of one side of the body, as in a stroke ("my left side is weak and numb").
    rf"\b(?:{ONE_SIDED})\b[^.?!]{{0,25}}\b(?:one|left|right) side\b"
    rf"|\b(?:one|left|right) side\b[^.?!]{{0,25}}\b(?:{ONE_SIDED})",
    r"\bthroat\b[^.?!]{0,25}\b(?:closing|swelling|tight)",
]
# Motor tasks that weakness takes away ("I can't lift my arm anymore", "I keep dropping my cup").
TASK = r"lift\w*|hold\w*|grip\w*|open\w*|rais\w*|climb\w*|walk\w*|button\w*|writ\w*"
SEE_CLINICIAN_PATTERNS = [
    # Twitching past about two weeks: "three weeks", "10 weeks", "for a month", "over a year".
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|several|few|many|couple(?: of)?|[2-9]|[1-9]\d+)\s+"
    r"(?:more\s+)?(?:weeks|months|years)\b",
    r"\b(?:weeks|months|years)\s+now\b|\bfor (?:weeks|months|years)\b|\bmonths?\b.*\btwitch",
    r"\b(?:for|over|past|last|about|almost|nearly|than)\s+(?:a|one|1)\s+(?:month|year)\b|\bsince last (?:month|year)\b",
    r"\bspread\w*|\ball over (?:my|the) body\b|\beverywhere\b|\bmultiple (?:muscles|areas|places)\b",
    # Spreading in other words: "move to different parts of my body", "moved from my leg to my arm",
    # "started in my calf and now it's in my arms too".
    r"\b(?:mov|jump)\w* (?:around |on )?(?:from|to) (?:my |the |one |other |another |different )"
    r"|\b(?:started|began) in (?:my|the|one) \w+\b[^.?!]{0,40}\b(?:now|too|also)\b",
    r"\bweak(?:ness|er|ening)?\b|\bdrop(?:ping|ped|s)? (?:things|stuff|objects|pens|cups?|my|the)\b|\bkeep dropping\b"
    r"|\bgrip\w*\b|\bclimb\w* stairs|\bfoot drop\b",
    rf"\b(?:can'?t|cannot|could ?n'?t|unable to|trouble|hard to|struggl\w*(?: to)?)\s+(?:{TASK})\b",
    r"\batroph\w*|\bshrink\w*|\bshrunk\w*|\bwasting\b|\bthinner\b|\bgetting smaller\b|\bsmaller than\b"
    r"|\blooks? smaller\b|\b(?:losing|lost) muscle\b|\bmuscle loss\b",
    r"\bslurr\w+|\bgarbl\w+",
    r"\b(?:losing|lost|lose) (?:a lot of |some )?weight\b|\bweight loss\b|\blost (?:about |around |over )?\d+ ?(?:kilos?|kg|pounds|lbs)\b",
    r"\bworse and worse\b|\bgetting worse\b|\bprogress(?:ive|ing)\b",
]
DOSE = (r"\b(?:dose|doses|dosage|dosing|mg|mcg|milligrams?|how much|how many|how often|what amount|what strength)\b"
        r"|\d\s*(?:mg|mcg|g|iu)\b")  # "800mg": no word boundary between the number and its unit
DRUG = (r"\b(?:magnesium|potassium|calcium|sodium|vitamin|b6|b12|d3|supplements?|pills?|tablets?|medicines?|"
        r"medications?|drugs?|relaxants?|cyclobenzaprine|flexeril|benzodiazepines?|diazepam|valium|"
        r"lorazepam|clonazepam|carbamazepine|immunoglobulin|ivig|quinine|gabapentin|baclofen|ibuprofen)\b")


def normalise(question: str) -> str:
    return question.lower().replace("’", "'")


def is_urgent(question: str) -> bool:
    """True when the question describes an emergency happening now (not when it asks about one)."""
    text = normalise(question)
    for pattern in URGENT_PATTERNS:
        for match in re.finditer(pattern, text):
            if re.search(NEGATED, text[max(0, match.start() - 20):match.start()]):
                continue  # "no trouble breathing"
            if re.search(ASKED_EFFECT, text[max(0, match.start() - 80):match.start()]) and not re.search(NOW, text):
                continue  # "Can that cause seizures?"
            if re.search(FIRST_PERSON, text) or re.search(NOW, text):
                return True
    return False


def warning_signs(question: str, urgent: bool = False) -> bool:
    """True when the question describes a warning sign the articles list, among them "Difficulty
    speaking, swallowing, or breathing" that came on slowly ("it's hard to swallow food lately");
    when it is `urgent` already, that one is the emergency and not repeated."""
    text = normalise(question)
    patterns = SEE_CLINICIAN_PATTERNS if urgent else SEE_CLINICIAN_PATTERNS + [VITAL_TROUBLE]
    return any(re.search(pattern, text) for pattern in patterns)


# A dose: an amount of a substance by mass or in international units, "5000 mg", "400mg", "2,000 IU",
# "50 mcg", "1.5 g". Not a concentration ("1.7 mg/dL", "3.6 mmol/L": a blood level) nor a count of days.
DOSE_FIGURE = re.compile(r"\b\d[\d,.]*\s*(?:mg|mcg|µg|ug|g|iu|milligrams?|micrograms?|grams?|international units)\b"
                         r"(?!\s*(?:/|per\s+(?:d?l|dL|decilitre|deciliter|liter|litre|ml)\b))", re.IGNORECASE)


def states_dose(text: str) -> bool:
    """Whether a text gives a dose: quoting it calls for the dosing notice whatever was asked.

    >>> [states_dose(t) for t in ("Take 5000 mg of magnesium daily.", "up to 400mg a day", "2,000 IU of vitamin D")]
    [True, True, True]
    >>> [states_dose(t) for t in ("Normal range: 1.7-2.2 mg/dL", "under 3.6 mmol/L", "for 2 weeks", "vitamin B6")]
    [False, False, False, False]
    """
    return bool(DOSE_FIGURE.search(text))


def with_dosing(notices: list[dict]) -> list[dict]:
    """The notices with the dosing notice added in its place, when it isn't there yet."""
    if any(n["kind"] == "dosing" for n in notices):
        return notices
    dosing = {"kind": "dosing", "text": DOSING_TEXT}
    at = next((i for i, n in enumerate(notices) if n["kind"] not in ("urgent", "see_clinician")), len(notices))
    return notices[:at] + [dosing] + notices[at:]


def asks_dose(question: str) -> bool:
    """True when the question asks how much of a medicine or supplement to take."""
    text = normalise(question)
    return bool(re.search(DOSE, text) and re.search(DRUG, text))


@dataclass(frozen=True)
class Head:
    """One notice kind's support-vector classifier (RBF kernel) over the question's meaning vector."""

    support: np.ndarray  # (vectors, 384), unit length like the question's
    dual: np.ndarray  # (vectors,): each support vector's signed weight
    intercept: float
    gamma: float
    threshold: float  # decision values at or above this give the notice

    def score(self, vector: np.ndarray) -> float:
        """The SVM's decision value: its weighted RBF kernel against the support vectors."""
        squared = np.maximum(2.0 - 2.0 * (self.support @ vector), 0.0)  # |a - b|^2 of unit vectors
        return float(self.dual @ np.exp(-self.gamma * squared) + self.intercept)


@dataclass(frozen=True)
class TriageModel:
    heads: dict[str, Head]  # kind -> its classifier

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> "TriageModel":
        with np.load(path) as data:
            return cls({kind: Head(data[f"{kind}.support"], data[f"{kind}.dual"], *map(float, data[f"{kind}.scalars"]))
                        for kind in KINDS})

    def kinds(self, vector: np.ndarray) -> set[str]:
        """The notice kinds the model gives a question with this meaning vector."""
        return {kind for kind, head in self.heads.items() if head.score(vector) >= head.threshold}


@lru_cache(maxsize=1)
def model() -> TriageModel:
    return TriageModel.load()


def rule_kinds(question: str) -> set[str]:
    """The notice kinds the rules give."""
    urgent = is_urgent(question)
    return ({"urgent"} if urgent else set()) | ({"see_clinician"} if warning_signs(question, urgent) else set()) \
        | ({"dosing"} if asks_dose(question) else set())


def triage(question: str, vector: np.ndarray | None = None) -> list[dict]:
    """Notices for the question, most serious first; the disclaimer is always last. `vector`: the
    question's meaning vector, for the classifier (without it, the rules alone decide)."""
    kinds = rule_kinds(question)
    if vector is not None:
        found = model().kinds(np.asarray(vector, dtype=np.float32))
        if "urgent" in kinds | found:
            found.discard("see_clinician")  # the emergency is the notice; the rules alone may add this one
        kinds |= found
    texts = {"urgent": URGENT_TEXT, "see_clinician": SEE_CLINICIAN_TEXT, "dosing": DOSING_TEXT}
    notices = [{"kind": kind, "text": texts[kind]} for kind in KINDS if kind in kinds]
    return notices + [{"kind": "disclaimer", "text": DISCLAIMER_TEXT}]
