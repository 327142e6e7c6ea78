"""The default answerer: a short answer made only of verbatim claims from the retrieved passages.

No language model: every part of an answer is a quote (a claim, see bot.claims), followed by the
numbers of the citations that hold it, so an answer can't say anything the articles don't. It only
selects, orders and cites; whether to answer was decided before it runs (bot.answerable). Its steps: which
candidates may be said (bot.sayable) and how likely each answers (bot.relevance), which are picked
(bot.selection) and which may follow the first (bot.keep), which opens, the order a follow-up says them in
(bot.followup_order), the reading order, and the quotes and citations written (bot.quoting).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot import emergency, followup_order, keep, opener as opening, relevance, sayable, worried
from bot.asked_for import asked_lists, how_common, raised
from bot.answerer import Draft
from bot.claims import Claim, ClaimIndex
from bot.comparison import own_half
from bot.evidence import Evidence
from bot.logistic import share_floor
from bot.names import named_articles, named_opener
from bot.quoting import Quoting
from bot.selection import Selection
from bot.sources import source_claims
from bot.story import story_opener

@dataclass(frozen=True)
class ExtractiveAnswerer:
    """Picks, orders and cites the claims that answer a question."""

    claims: ClaimIndex
    name: str = "extractive"
    # Claims at least this share as likely to answer as the best one (bot.relevance) are quoted. Leaving one
    # question set out at a time (evals.fit_relevance), 0.1 quotes 2.7 claims instead of 4.5 with all of an
    # item's facts among them as often (0.82); 0.2 quotes 2.3 and loses 5 points of facts.
    keep_share: float = 0.1
    max_sentences: int = 5  # claims, each a sentence or a few that belong together
    # The word budget (issue #21, budget41). Over the 3,759 answered items of the 41 spent sets (items with all facts /
    # median words / evidence precision / evals.stray share): 90: 3,333 / 45 / 0.410 / 0.185; 100: 3,353 / 46 / 0.407 /
    # 0.193; 110: 3,364 / 46 / 0.405 / 0.200; 120: 3,367 / 46 / 0.403 / 0.206. Mechanisms tried instead: the budget
    # counting the words after the first claim (60 / 70 words): 3,298 / 0.177 and 3,328 / 0.190; a claim at least 0.7 /
    # 0.5 / 0.3 as likely as the best may pass the budget by 40 words: 3,337 / 0.187, 3,348 / 0.190, 3,354 / 0.196; 30
    # words more per extra question of a message: 3,333 / 0.187; a likely claim taking the place of later, less likely
    # ones: 1 item fewer on the first 301. Each buys at most one item of facts per answer it adds a stray sentence to
    # (110 on unseen training-ar: facts 0.750 -> 0.772, stray share 0.220 -> 0.264), so 90 stays.
    max_words: int = 90
    same_claim: float = 0.88  # sentences this similar may say the same thing: bot.same_claim decides whether
    # A claim this close (cosine) to one chosen is not said when the chosen ones already hold `repeat_covered` of its
    # words (weighted by rarity) and every number of it (bot.selection: says_nothing_new); at same_claim never.
    # Measured with evals.stray (a repeat: a claim within 0.8 of an earlier one) on gold, p, n, l, j (not t): a bare
    # cosine cut at 0.8 took repeats from 0.10-0.19 of answers to 0-0.02 but cost three gold items a fact ("A muscle
    # twitch is a short contraction…" after "A muscle spasm is a prolonged contraction…"); at 0.84 one. With the words
    # test, 0.8 and 0.3: answers with a stray sentence gold 0.200 -> 0.175, p 0.267 -> 0.178, n 0.196 -> 0.152, l 0.270
    # -> 0.180, j 0.250 -> 0.174; facts the same on gold, n and j, p one item fewer, l one more (0.4 at 0.84 cut
    # little). Left out one set at a time (evals.fit_keep, keep refitted) it costs 0.004 of pooled facts (0.827 ->
    # 0.823) for precision 0.323 -> 0.324 and fewer repeats; 0.4 costs as much and cuts fewer. repeat = 1.01 turns it off.
    repeat: float = 0.8
    repeat_covered: float = 0.3
    diversity: float = 0.5  # MMR weight (on the model's log-odds) against repeating a chosen claim
    # Articles saying the same as a quoted claim that it cites besides its own, the closest first. The five real
    # articles never have more than four; a library of 1,000 made of their sections copied had 545 a claim,
    # and an answer built, checked and showed some 1,600 citations (most of a 200 ms ask, growing with the
    # library), so an answer cites the closest four and counts the articles it cites.
    max_agreeing: int = 4
    drop_siblings: bool = True  # no later claim about a sibling of the asked subject (without_siblings)
    # A question of several gets its own opening claim when at least this share as likely as the best part's. At 0.5
    # the second question was often left unanswered (issue #21: "Is ALS common? What symptoms…" lost "rare"; "does
    # caffeine from tea count too…? And can caffeine twitching show up anywhere…?" lost the tea). On the 54 split
    # answerable messages of the 23 spent sets (evals.multi_part; /tmp sweep of 0-0.5), each set left out in turn
    # chose 0 (0.1 for training-n): facts given on the left-out sets 84 -> 90 of 110 (k +2, m +1, n +1, p +2, none
    # fewer), first claim on gold evidence 31 -> 32 (a, n, p +1; m, o -1). One-question messages are not touched.
    part_share: float = 0.0
    # A named article's best claim opens when at least this share as likely as the best (bot.names.named_opener); above
    # 1: never. On the 200 answerable and follow-up messages of the labelled sets (20 sets, sealed ones included) that
    # name an article or speak of one, the first citation came from a gold article 152 times and quoted gold evidence
    # 112 (share 0.2, one article named alone); with several named equally (Dr.Oracle's two pages) at 0.2 / 0.1 / 0.05 /
    # 0: 163/119, 169/122, 175/125, 178/125. The share chosen on the other sets, each set left out in turn: 0 (0.05
    # for batch o), 177 / 124 of 200. The named article's claims are quoted when asked what it says, however the
    # model rates another article's. (Before, on batch t alone: 55 -> 57 of 88 first claims at 0 and 0.2.)
    named_share: float = 0.0
    # A named article answers the question (its claims alone are quoted, from_named) when its best claim is at least
    # this share as likely as the best of all. On the 285 answerable and follow-up messages of the spent sets (sealed,
    # training but ae, gold, held-out) that name an article, answers quoting another article than the named, facts
    # missed (of 573), first claim from a gold article: before 187 / 72 / 269; at 0.1 50 / 63 / 272; 0.05 44 / 65 /
    # 272; 0.02 45 / 59 / 273; 0 34 / 63 / 273 (0 lost u-ans-15's two facts: the named page's list alone). No item
    # lost a fact or its gold first claim at 0.02 (the relevance model rates the named article's answer low: "A lack of
    # sleep can trigger the release of stress hormones…" under "in the Martinos explanation", 0.04 of the best).
    # Chosen on those same messages (not left out): read with that in mind.
    named_answers: float = 0.02
    # One of the two likeliest claims the answer says after the most likely may open instead, by the fitted opener
    # model (bot.opener): left out one set at a time, 1,802 -> 1,960 of 2,699 first claims quote evidence
    # (evals.fit_opener; late28); with the claims' kind read too (late29), 1,807 -> 2,027 on 28 sets (2,699).
    choose_opener: bool = True
    # A list the answer says at least this share of the items of is the answer: its other items follow
    # (bot.whole_lists); not under warning signs (the matching sign answers there); 0 never.
    whole_list: float = 0.5
    # A claim is shown from its answering sentence when that one leans on those before only by a linking adverbial,
    # shown without it ("However, persistent eyelid spasms…" -> "Persistent eyelid spasms…", bot.quoting.Quoting.starts_at
    # and skip). On (buried31): of the 736 judged spent messages, first sentences on gold evidence 422 -> 443 (21 gained,
    # none lost; evals.late_openers: late_in_quote rows 132 -> 92); facts, first claims and display defects (0)
    # unchanged on gold, held-out, the judged messages and training-ah (unseen).
    answer_first: bool = True
    trim: bool = True  # after the opening claim, only those the keep model keeps (bot.keep), when one is fitted
    # The items of a list whose lead-in names what the question asks for ("what tests…": "Diagnostic tools may
    # include:") follow the opening claim, kept (bot.asked_for); not when triage found warning signs (they answer).
    asked_list: bool = True

    def answer(self, evidence: Evidence) -> Draft:
        """The claims that answer the question best, the one that answers it first, each with its citations;
        for a message asking several questions, each question's own (answer_each)."""
        # the articles the message names outright, whose claims alone follow theirs (may_say), in each of its questions
        # (as the message itself says them, not its follow-up's search: "so how much coffee is ok then, is there a number
        # anywhere?" after a Martinos question asks all the articles, w-fu-05; "does the other one, the when to be
        # concerned article, give a number too?" names the other article, x-fu-10)
        named = frozenset(named_articles(self.claims.library, evidence.question or evidence.query))
        claims, chosen, closest, openers = self.answer_each(evidence, named) if len(evidence.parts) > 1 else ([], [], [], [])
        if not chosen:  # one question (or none of the parts found a claim: the whole message is answered)
            claims, chosen, likely, closest, opener = self.opened(evidence, named)
            if evidence.message is not None and chosen:  # an emergency: only the sign that matches it (bot.emergency)
                return self.sign_only(evidence, claims, likely, closest)
            if evidence.message is None and chosen:  # a follow-up opens on what it asks (bot.followup_order)
                closer = followup_order.own_opener(evidence, claims, chosen, opener)
                if closer is not None:
                    opener, chosen = closer, [closer, *(j for j in chosen if j != closer)]
            openers = [opener if opener is not None else chosen[0]] if chosen else []
        chosen = self.reading_order(claims, chosen, self.claims.about_case(evidence.query), openers)
        said = [(claims[j], closest[j]) for j in chosen]
        # A question about an article itself or a person it quotes ("who is Jun Kimura?") opens with the line that
        # says so, which no claim holds (bot.sources; read from the message's own words, not a follow-up's search, but
        # for the quote a bare "who said that?" points back to)
        sources = source_claims(self.claims, evidence.question, evidence.query)
        if sources:
            own = {i for claim in sources for i in claim.sentences}
            said = [(claim, claim.sentences[0]) for claim in sources] + [
                (claim, near) for claim, near in said if not set(claim.sentences) & own][: self.max_sentences - len(sources)]
        return self.write(said, evidence.sentence_similarity, evidence.question, background=not evidence.describes_signs)

    def answer_each(self, evidence: Evidence, named: frozenset[str] = frozenset()) -> tuple[
            list[Claim], list[int], list[int], list[int]]:
        """(claims, the positions to say, their closest sentences, the openers) for a message asking several
        questions: each question's own answer opens in turn ("What is a normal potassium level? And which
        foods have calcium?" opens with potassium's range, then the calcium foods), then the next best of
        each in turn while the words last. A question whose best claim is far less likely than the others'
        (under `part_share` of the best) or repeats one said adds nothing."""
        library = self.claims.library
        answers = []  # per question: (claims, chosen, closest)
        opening_article = None  # the article the message's own answer opens with: a comparison's halves come from it
        for part in evidence.parts:
            names = named | named_articles(library, part.question)
            claims, chosen, likely, closest, opener = self.opened(part, names)
            if chosen and opening_article is None:
                first = claims[opener if opener in chosen else chosen[0]]
                opening_article = library.sentences[first.sentences[0]].doc_id
            half = own_half(self.claims, part, claims, likely, self.keep_share, opening_article) if part.compares else None
            if half is not None:  # one thing of a comparison: its own half opens, the rest follow it
                claims, chosen, likely, closest = self.choose(part, first=half, named=names)
                opener = half
            if chosen:
                share = 1 / (1 + np.exp(-float(likely[chosen[0]])))
                # the part opens as it would alone (answer: the opener opened() picked, when it was chosen anyway): else
                # "What is Isaacs syndrome and why does it cause twitching?", split, opened with "Isaacs' syndrome is a
                # neuromuscular condition…", not the opener model's "…overactive peripheral nerve axons". On the 158
                # messages of the spent sets split before or after parts28, first claims 125 -> 127 with this, 118
                # without it (facts 296 / 297 of 333): a split sentence otherwise opened unlike the whole message
                if opener in chosen:
                    chosen = [opener, *(j for j in chosen if j != opener)]
                answers.append((claims, chosen, closest, share))
        best = max((a[3] for a in answers), default=0.0)
        answers = [a for a in answers if a[3] >= self.part_share * best]
        claims, closest, openers, said = [], [], [], []
        words, turn = 0, 0
        while any(turn < len(a[1]) for a in answers) and len(said) < self.max_sentences + len(answers) - 1:
            for n, (part_claims, chosen, part_closest, _) in enumerate(answers):
                if turn >= len(chosen):
                    continue
                claim, near = part_claims[chosen[turn]], part_closest[chosen[turn]]
                vector = library.meaning_vectors([near])[0]
                if claim in claims or (said and float((library.meaning_vectors([closest[j] for j in said])
                                                       @ vector).max()) >= self.same_claim):
                    continue  # said already, for an earlier question
                size = self.size(claim)
                if turn and words + size > self.max_words:
                    continue
                claims.append(claim), closest.append(near), said.append(len(claims) - 1)
                words += size
                if turn == 0:
                    openers.append(len(claims) - 1)
            turn += 1
        return claims, said, closest, openers

    def opened(self, evidence: Evidence, named: frozenset[str] = frozenset()) -> tuple[
            list[Claim], list[int], np.ndarray, list[int], int | None]:
        """choose(), and the reassurance that opens instead of the claim most likely to answer (choose picks
        that one first) when a danger needs putting in proportion; None when none does. A reassurance not
        chosen is added before the others."""
        rated = self.rated(evidence, named)
        claims, chosen, likely, closest = self.choose(evidence, named=named, rated=rated)
        opener = worried.reassurance(self.claims, evidence, claims, chosen, likely)
        if opener is None:  # ...or the story's best claim, asked about a case or the writer's own twitches (bot.story)
            opener = story_opener(self.claims, evidence.query, claims, evidence.candidates, likely)
        if opener is None:  # ...or the best claim of the one article the question names (bot.names)
            opener = named_opener(self.claims.library, evidence.query, claims, likely, self.named_share)
        # ...or the challenger the opener model prefers; not when triage found warning signs (then the signs answer,
        # as for bot.keep: "I've lost about 6 kilos without trying…" opened with a general cause instead of
        # "Unexplained weight loss combined with twitching"), where it was fitted on no message
        # It chooses among the claims the answer says (bot.opener: reordered, the answer keeps every claim, and every
        # fact). Also after a follow-up's fresh claim was put first (bot.followup_order.new_first): letting it choose
        # only when the best claim opens, as in its fit, cost 10 first claims of 308 spent follow-ups after the bot's
        # own earlier answers (evals.followup_replay: 220 -> 210) for 5 fewer opening with a repeat (101 -> 96).
        # A question about a source: among the named article's claims only, and not for a story (bot.opener.open_among)
        among = opening.open_among(self.claims, evidence.query, claims, chosen) \
            if opener is None and self.choose_opener and chosen and not evidence.describes_signs else []
        if among:
            model = opening.model()
            if model is not None:
                heads = opening.claim_subjects(self.claims.library, claims, evidence.query)
                opener = model.opener(evidence.vector, self.claims.library.meaning_vectors(closest), likely, among,
                                      evidence.query, heads)
        # An opener not chosen is chosen first and the others after it by the same rules (bot.selection: the word budget,
        # max_sentences, repeats of it), not put before all of them: prepended, context23's named-article opener
        # (named_share 0) made answers a claim longer, over the budget. evals.stray on main f9b31f3 -> this: training-x
        # (read after) stray share 0.233 -> 0.198, claims an answer 2.72 -> 2.64; v 0.207 -> 0.185, t 0.207 -> 0.185,
        # p 0.187 -> 0.176; facts and first claim the same on x, v, t, gold and held-out; p one fact fewer (the
        # budget now counts a 50-word opener, and "Certain medications can lead to…" no longer fits).
        if opener is not None and opener not in chosen:
            claims, chosen, likely, closest = self.choose(evidence, first=opener, named=named, rated=rated)
            chosen = [opener, *(j for j in chosen if j != opener)]
        if evidence.worried and not evidence.describes_signs and chosen:  # the articles' reassurance beside a disease
            chosen = worried.with_reassurance(self.claims, evidence.candidates, chosen, likely,
                                              [self.size(claim) for claim in claims], self.max_sentences, self.max_words)
        return claims, chosen, likely, closest, opener

    def sign_only(self, evidence: Evidence, claims: list[Claim], likely: np.ndarray, closest: list[int]) -> Draft:
        """Under an emergency notice, the one warning sign the articles list that matches the emergency described,
        alone; an empty draft when none comes close enough (bot.emergency.MATCHES): then the bot says so itself."""
        j, closeness = self.matching_sign(evidence, likely)
        if not emergency.matches(closeness, said=bool(evidence.described)):
            return Draft(text="", citations=[], answerer="extractive")
        return self.write([(claims[j], closest[j])], evidence.sentence_similarity, evidence.question, background=False)

    def matching_sign(self, evidence: Evidence, likely: np.ndarray) -> tuple[int, float]:
        """Under an emergency: of the claims the model finds likely (at least `keep_share` of the best), the one
        closest to the message itself. The claims were gathered and rated toward the warning signs' text, so the
        model put the list's first sign, "Twitching that lasts longer than two weeks", above "Difficulty
        speaking, swallowing, or breathing" under "my grandpa's lips are turning blue and he can barely breathe"."""
        floor = share_floor(likely, self.keep_share)
        likely_enough = [j for j in range(len(likely)) if np.isfinite(likely[j]) and likely[j] >= floor]
        # ...and every item of a list one of those belongs to: the model rates a list's items much by their place
        # in it ("Difficulty speaking, swallowing, or breathing", the fifth sign, fell under the share)
        claims = [self.claims.claims[c] for c in evidence.candidates]
        lists = {claims[j].lead for j in likely_enough} - {None}
        eligible = [j for j in range(len(likely)) if j in likely_enough
                    or np.isfinite(likely[j]) and claims[j].lead in lists]
        vectors = self.claims.library.meaning_vectors
        # ...to the emergency as the notice names it (the rules' words, bot.triage_rules.SAYS) when a rule found it,
        # else to the message
        described = np.stack(evidence.described) if evidence.described else evidence.message[None, :]
        closeness = [float((vectors(list(claims[j].sentences)) @ described.T).max()) for j in eligible]
        best = int(np.argmax(closeness))
        return eligible[best], closeness[best]

    def size(self, claim: Claim) -> int:
        return len(self.claims.readable(claim).split())

    def choose(self, evidence: Evidence, first: int | None = None, named: frozenset[str] = frozenset(),
               rated: tuple | None = None) -> tuple[list[Claim], list[int], np.ndarray, list[int]]:
        """(the candidate claims, the positions of those to say, most likely to answer first (or `first`, then
        those that may follow it), every candidate's log-odds of answering by bot.relevance, and each candidate's
        closest sentence). `rated`: rated(evidence, named), when found already (opened() chooses twice)."""
        index = self.claims
        claims, likely, vectors, kept = rated or self.rated(evidence, named)
        chosen = self.selection().select(claims, likely, vectors, kept,
                                         0.0 if evidence.describes_signs else self.whole_list, first)
        # In a conversation, what the earlier answers said comes after what they did not (bot.followup_order)
        chosen = followup_order.ordered(index, evidence, claims, chosen, likely, self.size, self.max_words)
        return claims, chosen, likely, list(evidence.closest)

    def rated(self, evidence: Evidence, named: frozenset[str] = frozenset()) -> tuple[
            list[Claim], np.ndarray, np.ndarray, np.ndarray | None]:
        """What choose() selects from, whatever opens: (the candidate claims, their log-odds, their vectors, which may
        follow the opening claim (None: all)). Found once when an opener not chosen makes opened() choose again (20 of
        276 gold answers; the features, trees and keep model were found twice for them)."""
        index, library = self.claims, self.claims.library
        candidates = evidence.candidates
        claims = [index.claims[c] for c in candidates]
        likely = self.may_say(evidence, relevance.model().logits(relevance.features(evidence, index)), named)
        asked = asked_lists(index, evidence.question or evidence.query, candidates) | self.how_common(evidence) \
            if self.asked_list and not evidence.describes_signs else np.zeros(len(candidates), dtype=bool)
        likely = raised(likely, asked)
        # A claim's vector is its closest sentence's.
        vectors = library.meaning_vectors(evidence.closest)
        kept = self.kept(evidence, claims, likely, vectors)
        if kept is not None:
            kept |= asked & np.isfinite(likely)
        return claims, likely, vectors, kept

    def may_say(self, evidence: Evidence, likely: np.ndarray, named: frozenset[str] = frozenset()) -> np.ndarray:
        """The candidates' log-odds with those the answer may not quote at -inf (bot.sayable)."""
        return sayable.may_say(self.claims, evidence, likely, named, asked_common=self.how_common(evidence),
                               named_answers=self.named_answers, drop_siblings=self.drop_siblings)

    def how_common(self, evidence: Evidence) -> np.ndarray:
        """Which candidates say how common the disease is that the question asks that of (bot.asked_for.how_common)."""
        return how_common(self.claims, evidence.question or evidence.query, evidence.candidates,
                          worried.serious_topics(self.claims)) if self.asked_list \
            else np.zeros(len(evidence.candidates), dtype=bool)

    def kept(self, evidence: Evidence, claims: list[Claim], likely: np.ndarray, vectors: np.ndarray) -> np.ndarray | None:
        """Which candidates may follow the opening claim (the most likely, always kept), by the fitted keep model
        (bot.keep); None when every one may, and when triage found warning signs in the message: "my dad's shoulder
        twitches for weeks and he struggles to lift his arm" keeps "Progressive muscle weakness (e.g., difficulty
        gripping objects…)", which the model, fitted on messages describing no sign, dropped."""
        model = keep.model() if self.trim and not evidence.describes_signs else None
        if model is None or not np.isfinite(likely).any():
            return None
        best = int(np.argmax(likely))
        # a serious disease (or the case study) the question does not ask about costs a judge more (bot.keep.StrayCost)
        serious = worried.unasked(self.claims, evidence.candidates, evidence.query) \
            if model.stray is not None and model.stray.serious else None
        kept = model.kept(keep.features(evidence, self.claims, claims, likely, vectors, best), serious)
        kept[best] = True
        # ...and every reviewed reassurance (bot/data/reassuring.jsonl): under "is twitching usually a big deal?"
        # the model dropped "Most muscle twitches are benign…", the line a worried reader most wants kept
        kept |= np.array([bool(self.claims.reassuring.get(c)) for c in evidence.candidates], dtype=bool)
        return kept

    def reading_order(self, claims: list[Claim], chosen: list[int], about_case: bool = False,
                      openers: list[int] = ()) -> list[int]:
        """Best first (the `openers`, one per question, before all), but general statements before a case
        study's, or the case's first when the question is about it; items of one list stay together, after its
        lead-in, an opener first and the others in the list's order: "I suddenly can't swallow" opens with
        "Difficulty speaking, swallowing, or breathing", not with the list's first sign, "Twitching that lasts
        longer than two weeks"."""
        def group(j: int) -> int:
            return claims[j].lead if claims[j].lead is not None else -1 - j
        first_of: dict[int, int] = {}
        for rank, j in enumerate(openers):
            first_of.setdefault(group(j), rank - len(openers))
        for rank, j in enumerate(chosen):
            first_of.setdefault(group(j), rank)
        return sorted(chosen, key=lambda j: (claims[j].case_study != about_case, first_of[group(j)], j not in openers,
                                             self.claims.library.sentences[claims[j].sentences[0]].start))

    def selection(self) -> Selection:
        """The picking of the claims to say (bot.selection) with this answerer's settings."""
        return Selection(self.claims, self.keep_share, self.max_sentences, self.max_words, self.same_claim, self.repeat,
                         self.repeat_covered, self.diversity)

    def write(self, said: list[tuple[Claim, int]], sentence_similarity, question: str = "", background: bool = True) -> Draft:
        """The answer text and its citations for the chosen (claim, its closest sentence) pairs (bot.quoting)."""
        return Quoting(self.claims, self.same_claim, self.max_agreeing, self.answer_first, background).write(
            said, sentence_similarity, question)
