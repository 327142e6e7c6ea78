"""Is a written sentence supported by the passages it cites? The check behind every model-written answer.

A language model may make an answer read better, never less true: each sentence it writes is kept only
when it cites passages it was given and says what they say. Hard rules first (each one a way a model
states what the passages don't), then a calibrated score:

- it cites at least one passage, and only passages it was given ("[7]" when it had six is unsupported;
  bot.support_rules, with its sentences cut by bot.sentences);
- every number and code in it ("400", "3.5", "B12") appears in the cited text, and every unit or dose
  word ("mg", "mmol/L", "IU", "percent") too: "Take 400 mg of magnesium daily [1]" against a passage
  that gives no amount is unsupported, however close its meaning (bot.amounts);
- it keeps the cited text's polarity, certainty and causal direction (bot.meaning.changed_meaning): "Caffeine
  does not cause twitching", "Stress always causes twitching", "Twitching can cause dehydration" against
  passages saying it can, may, or the other way round, each of which the model puts within 0.9 of the
  passage; no cure, damage or ranking the cited text doesn't give (bot.meaning.STRONGER: "was cured" for "showed
  significant improvement", "the main cause" of one listed beside others); and the roles of its words (bot.polarity, bot.causal, bot.advice): what it denies word by word, the order of causes
  along a chain, no advice the cited text doesn't give;
- it names nothing the cited text doesn't: a capitalized name, or a term of the articles' own
  (bot.named, Named.swapped_terms: "potassium" where the passage says "magnesium") that is no synonym of a cited word,
  a group of people (Named.new_groups: "in children"), an item added to a list (Named.added_items);
- it keeps each scale's end (DIRECTIONS: "short-term"/"long-term", "up to"/"at least"; bot.polarity:
  "overactive"/"underactive", "too weak to move" denies moving), and each part with its own markers says what
  its own passage says (Named.crossed_part) and is scored by it alone (bot.each_clause.weakest_part);
- it says the cited words of the thing the cited text says them of (bot.swaps): a table cell under its own
  column, a verb's doer and done-to in their places, a named person in their role, no cause -> effect between
  two things given side by side, no rare word in another's place ("kidney disease" for "cardiovascular disease");
- then a logistic score (bot.support_score) over how close its meaning comes to the cited text (cosine of the real model's
  vectors) and the share of its content words the cited text uses (bot.coverage), against a threshold chosen by
  cross-validation on labelled sentences (`python -m evals.fit_support`; the measurement is in
  bot/data/support_model.json), and a near paraphrase required (bot.support_score.LEAST_SIMILARITY, chosen on blind
  sets judged by the rules of their own time: evals.support_curve).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot import each_clause
from bot.coverage import content_words
from bot.shown import shown
from bot.named import Named
from bot.sentences import MARKERS, Sentence, carry_citations, parts_of, split_sentences
from bot.support_rules import rule_broken
from bot.support_score import FEATURES, LEAST_SIMILARITY, MODEL_FILE, SupportModel, features, model

# The names other modules import from here (bot.written, evals.fit_support): this module is the check's one door.
__all__ = ["FEATURES", "MARKERS", "MODEL_FILE", "Judgement", "Sentence", "Support", "SupportModel", "carry_citations",
           "content_words", "parts_of", "split_sentences"]
SEEN = 4096  # texts whose vectors a Support keeps


@dataclass(frozen=True)
class Judgement:
    supported: bool
    reason: str  # why not, or "supported"
    features: tuple[float, ...] = ()  # FEATURES, when the score was reached


class Support:
    """Judges written sentences against the passages they cite, with the real embedding model."""

    def __init__(self, embedder, support_model: SupportModel | None = None, articles: list[str] | None = None,
                 least_similarity: float = LEAST_SIMILARITY):
        self.embedder = embedder
        self.model = support_model
        # 0.0 judges by the rules and the score alone (the rule tables test them so: a fair paraphrase no rule drops)
        self.least_similarity = least_similarity
        self.named = Named(self.vectors, articles)  # the checks that ask the model (bot.named)
        self.seen: dict[str, np.ndarray] = {}

    def judge(self, sentence: Sentence, given: dict[int, str]) -> Judgement:
        """Whether the sentence is supported by the passages it cites (`given`: n -> the passage's text)."""
        broken = self.broken(sentence, given)
        if broken:
            return Judgement(False, broken)
        cited = [shown(given[n]) for n in sentence.cites]  # without the articles' reference markers
        judged = self.scored(sentence.text, cited)
        weakest = judged.supported and each_clause.weakest_clause(sentence.text, lambda c: self.chance(c, cited),
                                                                  content_words)
        if weakest:  # each clause must be supported on its own, not carried by the others (bot.each_clause)
            return Judgement(False, f"its clause \"{weakest[0]}\" is not supported alone ({weakest[1]:.2f})", judged.features)
        # and each part with its own markers by its own passages (rule_broken has checked they were given)
        weakest = judged.supported and each_clause.weakest_part(
            sentence.parts, lambda text, cites: self.chance(text, [shown(given[n]) for n in cites]), content_words)
        if weakest:
            return Judgement(False, f"its part \"{weakest[0]}\" is not supported by its own passage alone "
                                    f"({weakest[1]:.2f})", judged.features)
        return judged

    def broken(self, sentence: Sentence, given: dict[int, str]) -> str | None:
        """The first rule the sentence breaks (rule_broken, then the checks that ask the model), or None: what drops
        it before any score (evals.fit_support asks the same)."""
        broken = rule_broken(sentence, given)
        if broken:
            return broken
        cited = [shown(given[n]) for n in sentence.cites]
        named = self.named.names_what_cited_does_not(sentence.text, " ".join(cited), self.named.note(cited))
        if named:
            return named
        crossed = self.named.crossed_part(sentence, given)
        if crossed:
            return f"its part \"{crossed}\" says what another passage it cites says, not its own"
        return None

    def scored(self, text: str, cited: list[str]) -> Judgement:
        """The calibrated score of a sentence that breaks no rule, against the texts it cites."""
        row = self.features(text, cited)
        chance = (self.model or model()).probability(row)
        threshold = (self.model or model()).threshold
        if chance < threshold:
            return Judgement(False, f"not close enough to the cited text ({chance:.2f} < {threshold:.2f})", row)
        if row[0] < self.least_similarity:  # nearly a paraphrase of what it cites, or dropped (bot.support_score)
            return Judgement(False, f"no near paraphrase of the cited text (similarity {row[0]:.2f} < "
                                    f"{self.least_similarity:.2f})", row)
        return Judgement(True, "supported", row)

    def chance(self, text: str, cited: list[str]) -> float:
        """The fitted model's probability that the text is supported by the cited texts."""
        return (self.model or model()).probability(self.features(text, cited))

    def features(self, text: str, cited: list[str]) -> tuple[float, ...]:
        """FEATURES of a sentence against its cited texts (bot.support_score.features)."""
        return features(text, cited, self.vectors)

    def vectors(self, texts: tuple[str, ...]) -> np.ndarray:
        """The real model's vectors, each text embedded once: an answer's sentences cite the same passages, and the
        checks ask for the same words and prototypes again."""
        missing = [t for t in dict.fromkeys(texts) if t not in self.seen]
        if missing:
            if len(self.seen) + len(missing) > SEEN:  # start afresh, and embed all of these: the ones seen are gone too
                self.seen.clear()
                missing = list(dict.fromkeys(texts))
            self.seen.update(zip(missing, self.embedder.embed(missing)))
        return np.array([self.seen[t] for t in texts]) if texts else self.embedder.embed([])
