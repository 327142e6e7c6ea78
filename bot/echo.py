"""How often an answer echoes an asked word: the question's topic words from its frame words.

bot.relevance weighs each asked word's rarity by it (weighted_coverage, rarest_in_claim/passage). frame31's candidate
(eb901cd, 09a2103) and frame32's (17d28e2) were reverted because the unseen training-ah lost an item; frame34 shipped
it refitted with sealed ag and training-ah in the echo and opener fits and the most telling word chosen by the stem's
own share (unseen training-aj: passed 154 =, facts 0.837 -> 0.848, first 0.778 -> 0.844, article 0.944 =; figures in
the commit messages of b4fced2 and d246f90).

"Does drinking alcohol play a role in twitching?" asks about alcohol; "play" and "role" are how it asks. Across the
articles' sentences "play" and "role" are rarer than "alcohol", so rarity alone (bot.relevance's weighted_coverage and
rarest_in_claim) rewarded the claims sharing the frame ("Brain chemicals… play a role…") over "✅ Avoid alcohol or
consume in moderation" (rank30). What tells them apart is what the answers say: of the spent questions asking
"alcohol", the gold evidence uses "alcohol" in 10 of 10; of those asking "play" or "role", in none of 4. So each asked
word weighs by that share, its echo, fitted by `python -m evals.fit_echo` (make fit-echo) on the spent sets' questions
and gold evidence (bot/data/echo.json) and smoothed toward the share over all words. The ratio of a word's use in
questions to its use in the articles was tried first: it does not separate them (in the 4,977 spent questions against
the five articles' 283 sentences, "alcohol" is 6 times and "play" 9 times rarer in the questions).

A word is used by a text as itself or, when the question wrote the word whole (the stemmer left it as it was, "eye"
and not "tri" of "trying"), beginning a longer word of the text: a compound the stemmer keeps whole ("eye" in
"Eyelid twitching (myokymia)…", which otherwise shares no word with "When does eye twitching need…").
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bot.text import SHORTHAND, STOPWORDS, TOKEN, stem

MODEL_FILE = Path(__file__).parent / "data" / "echo.json"
COMPOUND = 3  # an asked word of at least 3 letters may begin a compound ("eye"; not "us" in "user")


def whole_words(query: str) -> frozenset[str]:
    """The question's stems the stemmer left as written, of COMPOUND letters or more: those that may begin a compound.

    >>> sorted(whole_words("When does eye twitching need to be looked at? I've been trying"))
    ['eye', 'need']
    """
    out = set()
    for token in TOKEN.findall(query.lower().replace("’", "'")):
        word = SHORTHAND.get(token, token)
        if word and word not in STOPWORDS and len(word) >= COMPOUND and stem(word) == word:
            out.add(word)
    return frozenset(out)


def used(asked, words: set[str], whole: frozenset[str]) -> set[str]:
    """The asked words a text (its stems, `words`) uses: as a word of it, or beginning one when written whole.

    >>> sorted(used(["eye", "tri", "us"], {"eyelid", "trigger", "user"}, frozenset({"eye", "us"})))
    ['eye']
    """
    return {t for t in asked
            if t in words or (t in whole and len(t) >= COMPOUND and any(w.startswith(t) for w in words))}


class Begun(dict):
    r"""`begun[i]`: the stems of `sets[i]` joined, each after a NUL, made when first asked for, so that `"\0" + t in
    begun[i]` tells in one C substring search whether a stem of text i begins with t (a stem holds no NUL: it is made
    of TOKEN's characters): what `used` reads with a Python generator over every stem. In relevance.features that
    generator ran ~1,200 times a question (658,359 calls over the 550 gold and held-out questions under cProfile).

    >>> begun = Begun({0: {"eyelid", "trigger"}})
    >>> "\0eye" in begun[0], "\0lid" in begun[0], "\0trigger" in begun[0]
    (True, False, True)
    """

    def __init__(self, sets):
        super().__init__()
        self.sets = sets

    def __missing__(self, index: int) -> str:
        found = self[index] = "".join("\0" + word for word in self.sets[index])
        return found


def used_begun(asked, words: set[str], begun: str, marks: dict[str, str]) -> set[str]:
    r"""`used(asked, words, whole)`, with text's stems also `begun` (Begun) and `marks` each whole word of COMPOUND
    letters or more with a NUL before it (`{t: "\0" + t}`): the same words, by a substring search.

    >>> sorted(used_begun(["eye", "tri", "us"], {"eyelid", "trigger", "user"}, "\0eyelid\0trigger\0user", {"eye": "\0eye"}))
    ['eye']
    """
    return {t for t in asked if t in words or (t in marks and marks[t] in begun)}


def marked(whole: frozenset[str]) -> dict[str, str]:
    """The whole words that may begin a compound (of COMPOUND letters or more), each with a NUL before it (used_begun)."""
    return {t: "\0" + t for t in whole if len(t) >= COMPOUND}


def first_next(stems) -> dict[str, str]:
    """Each stem of a question with the stem after its first use ("" for the last): the pair a share is looked up by.

    >>> first_next(["lost", "kilo", "without", "tri", "kilo"])  # "kilo" by its first use
    {'lost': 'kilo', 'kilo': 'without', 'without': 'tri', 'tri': 'kilo'}
    """
    out: dict[str, str] = {}
    for i, t in enumerate(stems):
        out.setdefault(t, stems[i + 1] if i + 1 < len(stems) else "")
    return out


@dataclass(frozen=True)
class Echo:
    """Per stem, the smoothed share of the spent questions asking it whose gold evidence uses it; and per stem and the
    stem after it ("without tri", "without treatment"), where the spent questions asked the pair, the pair's share
    smoothed toward the stem's: "without" is echoed after "go away… without treatment" (4 of 4 questions) and not
    in "losing weight without trying" (0 of 3)."""
    prior: float  # the share over all asked words: a word the spent questions never asked weighs this
    shares: dict[str, float] = field(default_factory=dict)
    pairs: dict[str, float] = field(default_factory=dict)  # "stem next" -> share

    def __call__(self, word: str, after: str = "") -> float:
        if after and (pair := self.pairs.get(f"{word} {after}")) is not None:
            return pair
        return self.shares.get(word, self.prior)

    def weights(self, stems) -> dict[str, float]:
        """Each of a question's stems (bot.text.terms, in order) with its share, by the stem after its first use."""
        return {t: self(t, after) for t, after in first_next(list(stems)).items()}

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> "Echo":
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(float(data["prior"]), {t: float(v) for t, v in data["shares"].items()},
                   {p: float(v) for p, v in data.get("pairs", {}).items()})


@lru_cache(maxsize=1)
def echo() -> Echo:
    return Echo.load()
