"""What an answer may quote: claims, the pieces of the articles that can stand alone.

ingest.chunk groups a passage's sentences by what leans on what (it embeds each sentence with its
context); this module decides which of those groups an answer may quote: not a reference list, and
a case study's sentences marked as one patient's story. The answerability policy and the extractive
answerer both read claims through `ClaimIndex`.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from collections import Counter
from functools import cache, cached_property
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.derived import code_stamp
from bot.lexical import Postings, TermSets, bm25_scores
from bot.library import Library
from bot.elsewhere import find_same_elsewhere
from bot.same_claim import load_model as load_same_claim
from bot.text import terms
from bot.standalone import leans
from ingest.chunk import DEPENDENT, claim_groups, says_nothing
from ingest.snapshot import Rows

# A section telling one patient's story ("Mini Case Study: Recognizing Early ALS Symptoms"): its sentences
# ("An EMG revealed widespread denervation, and further testing confirmed early-stage ALS.") are about
# that patient, not general facts, and an answer must not let them read as if they were.
CASE_STUDY = re.compile(r"\bcase (?:study|report|history)\b", re.IGNORECASE)
# A question pointing at a story the articles tell: "In the teacher's story, how long did the spreading take?",
# "the patient in that story". Not "my story" or "here's my story" (the reader's own, not a case study).
STORY = re.compile(r"\b(?:the|that|this|\w+['’]s)\s+(?:\w+\s+)?(?:story|stories)\b", re.IGNORECASE)
NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+\b")  # a capitalized word inside a sentence: "allowed Mark to"
# Reviewed quotes that frighten when nobody asked about their topic (a disease's progression, its
# prognosis): doc_id, the exact quote, and the phrases that name its topic ("ALS", "multiple sclerosis").
ALARMING_FILE = Path(__file__).parent / "data" / "alarming.jsonl"
# ...and quotes that put those topics in proportion ("Fasciculations occur commonly in otherwise normal
# muscle in many healthy subjects"), which open an answer that quotes an alarming one on their topic.
REASSURING_FILE = Path(__file__).parent / "data" / "reassuring.jsonl"
# A demonstrative naming something already introduced: "this neurotransmitter", "these causes", "such cases".
DEMONSTRATIVE = re.compile(r"\b(?:this|these|those|such)\s+([a-z]+)", re.IGNORECASE)
# The author speaking of themselves, in the first person singular (a closed class of English pronouns): "I
# often get muscle twitching in random muscles", "So naturally my mind goes to the worst case scenarios", "I
# regularly evaluate patients…". Such a sentence is one person's story, like a case study's, not a fact about
# the reader's twitching. "I" only as a word of its own, not an initial ("Shrimanker I, Bhattarai S.").
FIRST_PERSON = re.compile(r"\b(?:I(?![,.])|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself)\b")
# ...quoted when the question asks about the writer: names the role ("the physical therapist who wrote the
# blog, how long do his own twitches last?") or the article's author by name (its front matter).
AUTHOR = re.compile(r"\b(?:author|writer|wrote|written|blog\w*)\b", re.IGNORECASE)
OPENING_WORD = re.compile(r"^\w+,\s*")  # "Occasionally, "
CLAUSE_BREAK = re.compile(r"[,;:—–]")
# A leaning claim is shown after the sentences it leans on when they hold at most this many words: the articles'
# median sentence has 12 words, three in four at most 17 (ingest.chunk's split of the five), so about two sentences
# of an answer's 90 (bot.extractive.max_words). "Now, while… these “bad” diseases…" leans on 25 words in the
# writer's first person, and is not widened.
WIDEN_WORDS = 25
QUOTE_REACH = 3  # sentences an answer shows around a claim to close its quotation (the articles' longest: 2)
SAME_ELSEWHERE_KEPT = 20_000  # sentences whose same-elsewhere claims are kept (a few MB)
RARE_SHARE = 0.05  # a case-study heading's word used in fewer than this share of sentences names its topic
# A reference-list entry ("Kimura, J. (2013). Electrodiagnosis in…", "…Handbook of clinical neurology, 2017",
# "PMID: 31082167."): it names a source, it says nothing about twitching, so no answer quotes it.
REFERENCE = re.compile(r"\(\d{4}(?:, [A-Z][a-z]+ \d{1,2})?\)\.|\bPMID\b|\[Internet\]|https?://|,\s*(?:19|20)\d{2}$")


@cache
def claims_code() -> str:
    """The version of the code that derives a ClaimIndex's claims and BM25 index (see ClaimIndex.derive)."""
    import sys

    import bot.standalone
    import bot.text
    import ingest.chunk
    import ingest.load

    return code_stamp([sys.modules[__name__], bot.standalone, bot.text, ingest.chunk, ingest.load],
                      files=(ALARMING_FILE, REASSURING_FILE), packages=("bm25s", "PyStemmer", "PyYAML"))


@dataclass(frozen=True)
class Claim:
    """What an answer quotes as one piece: a sentence with the sentences that lean on it.

    "Lupus may cause certain muscle groups to become inflamed. This inflammation is called
    myositis." is one claim: the second sentence alone would not say what "this" is. A list
    item keeps the line that introduces its list (`lead`), shown before it.
    """
    sentences: tuple[int, ...]  # indices into Library.sentences, consecutive in the article
    lead: int | None  # the list's lead-in sentence ("If you experience any of the following, ...:")
    case_study: bool = False  # from a section telling one patient's story (see CASE_STUDY)


class ClaimIndex:
    """Every claim of the library, with what finds them: their words (BM25) and their passages."""

    def __init__(self, library: Library):
        self.library = library
        # (sentence, thresholds) -> its claims in other articles: it depends on no question, so it is found
        # once (from what the ingest found, ingest.elsewhere) and kept
        self.elsewhere: dict[tuple[int, float], list[Claim]] = {}
        self.empty: dict[int, bool] = {}  # claim index -> says_nothing(it), found when first asked (no question changes it)
        # The rest depends on no question either: derived at the first open of a generation, then read (bot.derived).
        vars(self).update(library.kept("claims", self.derive, claims_code()))
        # Each claim made when first read (ingest.snapshot.Rows): unpickling the 41,975 Claim objects of 1,000 articles
        # took 0.12-0.16 CPU-s of every open, their columns take 0.008 (scale10); a question reads about 689 of them.
        self.claims = Rows(Claim, self.claim_columns)
        self.claim_terms = TermSets(self.stems, len(self.claims))  # set(stems) of each claim (its lead's included)
        self.same_claim = load_same_claim()  # when another article says this too (fitted: evals.fit_same_claim)

    def derive(self) -> dict:
        library = self.library
        self.case_studies = {pid for pid, p in library.passages.items() if CASE_STUDY.search(p.heading)}
        self.leans_on: dict[int, tuple[int, ...]] = {}  # a claim's first sentence -> shown before it (shown_context)
        self.runs_on: dict[int, tuple[int, ...]] = {}  # a claim's last sentence -> shown after it
        self.leaning: set[int] = set()  # claims' first sentences leaning on what no quote can show (shown_context)
        self.claims, self.claims_of = self.build()
        derived = {"case_studies": self.case_studies, "claims_of": self.claims_of, "leans_on": self.leans_on,
                   "runs_on": self.runs_on, "leaning": self.leaning,
                   "claim_columns": [[c.sentences for c in self.claims], [c.lead for c in self.claims],
                                     [c.case_study for c in self.claims]]}
        derived["claim_at"] = claim_at = np.full(len(library.sentences), -1, dtype=np.int32)  # sentence -> claim (-1: none)
        for n, claim in enumerate(self.claims):
            claim_at[list(claim.sentences)] = n
        # Names only a case study uses ("Mark"): a question naming one, or a case study, asks about the story.
        names = {True: set(), False: set()}
        for pid, indices in library.sentences_of.items():
            readable = " ".join(library.sentences[i].readable for i in indices)
            names[pid in self.case_studies] |= set(terms(" ".join(NAME.findall(readable))))
        derived["case_study_names"] = names[True] - names[False]
        # What a case study is about: its heading's words that few of the articles' sentences use
        # ("Mini Case Study: Recognizing Early ALS Symptoms": "als" 3.5%, "early" 0.7%; not "symptoms" 6.4%).
        used = library.term_sentences
        derived["case_study_topics"] = {t for pid in self.case_studies for t in terms(library.passages[pid].heading)
                                        if used[t] < RARE_SHARE * len(library.sentences)}
        derived["alarming"] = self.topics_of(ALARMING_FILE)  # claim index -> topics
        derived["reassuring"] = self.topics_of(REASSURING_FILE)
        # A lexical index over claims, so a rare question word ("alcohol", "cure") finds the claim that has it.
        claim_terms = [self.stems(n) for n in range(len(self.claims))]
        import bm25s  # here, not at the top: see bot.lexical.Postings

        bm25 = bm25s.BM25()
        if self.claims:
            bm25.index([words or ["_"] for words in claim_terms], show_progress=False)
        derived["bm25"] = Postings(bm25)
        return derived

    def stems(self, claim_index: int) -> list[str]:
        """terms(self.text(claim)), from each of its sentences' stems."""
        claim = self.claims[claim_index]
        return self.library.joined_terms(((claim.lead,) if claim.lead is not None else ()) + claim.sentences)

    def build(self) -> tuple[list[Claim], dict[str, list[int]]]:
        """Every passage's claims, in reading order (see ingest.chunk.claim_groups); references are none."""
        library = self.library
        claims: list[Claim] = []
        claims_of: dict[str, list[int]] = {}  # passage id -> indices into claims
        previous = {}  # sentence -> the sentence before it in its article (the library keeps them in no such order)
        by_article: dict[str, list[int]] = {}
        for n, sentence in enumerate(library.sentences):
            by_article.setdefault(sentence.doc_id, []).append(n)
        for indices in by_article.values():
            indices.sort(key=lambda n: library.sentences[n].start)
            previous.update((b, a) for a, b in zip(indices, indices[1:]) if self.same_paragraph(a, b))
        following = {a: b for b, a in previous.items()}
        for passage_id, indices in library.sentences_of.items():
            units = [library.sentences[i] for i in indices]
            groups = claim_groups(library.articles[units[0].doc_id].text, units)
            references = [bool(REFERENCE.search(" ".join(units[p].readable for p in positions).strip()))
                          for positions, _ in groups]
            if 2 * sum(references) > len(references):
                continue  # a reference list: even its odd entry ("Place Holder") says nothing about twitching
            groups, references = joined_back(units, groups, references)
            for (positions, lead), reference in zip(groups, references):
                if reference:
                    continue
                sentences = tuple(indices[p] for p in positions)
                if lead is None:
                    self.shown_context(sentences, positions[0] == 0, previous, following)
                    self.widened(sentences[0], previous)
                claims_of.setdefault(passage_id, []).append(len(claims))
                claims.append(Claim(sentences, None if lead is None else indices[lead], passage_id in self.case_studies))
        return claims, claims_of

    def same_paragraph(self, a: int, b: int) -> bool:
        """Whether sentence b follows sentence a in one paragraph (no line between them), both quoted as written."""
        library = self.library
        first, second = library.sentences[a], library.sentences[b]
        text = library.articles[first.doc_id].text
        return (first.end <= second.start and "\n" not in text[first.end:second.start]
                and first.readable == text[first.start:first.end] and second.readable == text[second.start:second.end])

    def shown_context(self, sentences: tuple[int, ...], opens_passage: bool, previous: dict[int, int],
                      following: dict[int, int]) -> None:
        """What an answer shows around a claim so that it starts and ends where its thought does, without changing
        the claim (what is embedded, retrieved and chosen stays as it was): `leans_on[first sentence]`, the sentences
        shown before it; `runs_on[last sentence]`, those shown after it.

        - A passage's first sentence leaning on the one before it in its paragraph (ingest.chunk.DEPENDENT), where a
          long paragraph was cut into passages (ingest.chunk.group): "However, if twitches are frequent, widespread…"
          opened the second passage of Dr.Oracle's 170-word paragraph and was quoted alone.
        - A quotation the sentence split cuts in two: "“Most muscle twitches are benign… poor sleep." and "But if they
          persist…, it’s worth getting checked.” — Dr. Alan Reyes" were quoted apart.

        Claims that began one sentence earlier moved the relevance model's ranks enough to lose a gold fact
        (ans-als-symptoms), and joining the quotation's sentences in ingest moved training-t's answers; shown here,
        gold and held-out answers are chosen as before."""
        library = self.library

        def balance(indices) -> int:  # quotation marks opened minus closed
            text = " ".join(library.sentences[i].readable for i in indices)
            return text.count("“") - text.count("”")

        before: list[int] = []
        first = sentences[0]
        if opens_passage and first in previous and DEPENDENT.match(library.sentences[first].readable):
            before.append(previous[first])
        while balance(before + list(sentences)) < 0 and (before[0] if before else first) in previous \
                and len(before) < QUOTE_REACH:
            before.insert(0, previous[before[0] if before else first])
        after: list[int] = []
        while balance(before + list(sentences) + after) > 0 and (after[-1] if after else sentences[-1]) in following \
                and len(after) < QUOTE_REACH:
            after.append(following[after[-1] if after else sentences[-1]])
        if before:
            self.leans_on[first] = tuple(before)
        if after:
            self.runs_on[sentences[-1]] = tuple(after)

    def widened(self, first: int, previous: dict[int, int]) -> None:
        """A claim whose first sentence leans on the one before it (bot.standalone.leans: "Now, while muscle
        twitching… can occur in these “bad” diseases…") and shows nothing before it yet: shown after the sentences it
        leans on (each leaning on the one before, up to QUOTE_REACH) when they are in its paragraph, short
        (WIDEN_WORDS together) and none is the writer's first person (FIRST_PERSON) or about the article itself;
        otherwise it starts mid-thought and is `leaning` (never quoted, bot.extractive.may_say)."""
        library = self.library
        if first in self.leans_on or first not in previous or not leans(library.sentences[first].readable):
            return
        before = [previous[first]]
        while leans(library.sentences[before[0]].readable) and before[0] in previous and len(before) < QUOTE_REACH:
            before.insert(0, previous[before[0]])
        texts = [library.sentences[i].readable for i in before]
        if sum(len(text.split()) for text in texts) <= WIDEN_WORDS and not leans(texts[0]) \
                and not any(FIRST_PERSON.search(text) or says_nothing(text) for text in texts):
            self.leans_on[first] = tuple(before)
        else:
            self.leaning.add(first)

    def topics_of(self, path: Path) -> dict[int, list[frozenset[str]]]:
        """claim index -> the topics of the listed quotes (see listed_quotes) it overlaps."""
        library, out = self.library, {}
        for doc_id, quote, topics in listed_quotes(path):
            article = library.articles.get(doc_id)
            start = article.text.find(quote) if article else -1
            if start < 0:
                continue  # the article changed or is gone: the entry no longer marks anything
            end = start + len(quote)
            for n, claim in enumerate(self.claims):
                first, last = library.sentences[claim.sentences[0]], library.sentences[claim.sentences[-1]]
                if first.doc_id == doc_id and first.start < end and start < last.end:
                    out.setdefault(n, []).extend(topics)
        return out

    def names_topic(self, claim_index: int, query: str) -> bool:
        """Whether the question names a topic of this alarming claim ("Is it ALS?")."""
        return names_topic(self.alarming.get(claim_index, ()), query)

    @cached_property
    def list_items(self) -> Counter:
        """How many claims each list lead-in introduces (lead sentence -> items), to tell a quote showing only
        some of a list's items."""
        return Counter(lead for lead in self.claim_columns[1] if lead is not None)  # the leads' column: no Claim made

    def about_author(self, query: str) -> bool:
        """Whether a question asks about an article's writer: by role ("who wrote the blog") or by name
        ("Martinos"); "why do my muscles twitch at random?" doesn't."""
        return bool(AUTHOR.search(query) or set(terms(query)) & self.author_names)

    @cached_property
    def author_names(self) -> set[str]:
        """The articles' authors' names ("Kyle J. Martinos PT, DPT, ECS": kyle, martino), not initials or degrees."""
        return {t for article in self.library.articles.values()
                for t in terms(str(article.meta.get("author") or "")) if len(t) > 3}

    def personal(self, claim_index: int) -> bool:
        """Whether the claim's own sentences speak in the author's first person ("I often get muscle
        twitching…"): an anecdote, quoted only when nothing else answers."""
        return bool(FIRST_PERSON.search(self.readable(self.claims[claim_index])))

    def says_nothing(self, claim_index: int) -> bool:
        """Whether the claim is one sentence about the article itself or of one word, outside a list ("Let’s take
        look at the common reasons first.", "Yes."; ingest.chunk.says_nothing): never quoted (issue 21)."""
        found = self.empty.get(claim_index)
        if found is None:  # 34 claims a question asked again each time: 0.9 of 16 s under cProfile (170 gold x 2)
            claim = self.claims[claim_index]
            found = self.empty[claim_index] = claim.lead is None and len(claim.sentences) == 1 \
                and says_nothing(self.library.sentences[claim.sentences[0]].readable)
        return found

    def frightens(self, claim_index: int, query: str) -> bool:
        """Whether a claim is alarming and the question names none of its topics."""
        return claim_index in self.alarming and not self.names_topic(claim_index, query)

    def of_passages(self, passage_ids: list[str]) -> list[int]:
        """The claims of these passages, in their order (indices into claims)."""
        return [c for pid in passage_ids for c in self.claims_of.get(pid, [])]

    def text(self, claim: Claim) -> str:
        """The claim as read: its list's lead-in, then its sentences."""
        lead = [self.library.sentences[claim.lead].readable] if claim.lead is not None else []
        return " ".join(lead + [self.readable(claim)])

    def readable(self, claim: Claim) -> str:
        """The claim's own sentences, as an answer shows them."""
        return " ".join(self.library.sentences[i].readable for i in claim.sentences)

    def lexical_scores(self, query: str) -> np.ndarray:
        """BM25 score of every claim (in `claims` order) for the query."""
        query_terms = terms(query)
        if not query_terms or not self.claims:
            return np.zeros(len(self.claims), dtype=np.float32)
        return bm25_scores(self.bm25, query_terms)

    def about_case(self, query: str) -> bool:
        """Whether a question asks about a case study: "What did Mark's EMG show?" names the story
        ("mark"); "Is it ALS?" doesn't, so a general answer leads."""
        return bool(CASE_STUDY.search(query) or STORY.search(query) and not re.search(r"\bmy\s+(?:\w+\s+)?stor", query, re.I)
                    or set(terms(query)) & self.case_study_names)

    def may_tell_case(self, query: str) -> bool:
        """Whether an answer to the question may quote a case study: the question is about the story or
        about what the story is about ("How does ALS usually start?"); "why does my thumb twitch?" isn't."""
        return self.about_case(query) or bool(set(terms(query)) & self.case_study_topics)

    def same_elsewhere(self, sentence_index: int, threshold: float) -> Sequence[Claim]:
        """In each other article, the claim saying the same as this sentence, best first: its sentence is
        within `threshold` (cosine) and the fitted decision (bot.same_claim) says it says all this one says.

        The embedding model puts "Muscle twitches can occur for many reasons, such as a lack of sleep, nutrient
        deficiencies, overexertion, and stress." 0.92 from "Fatigue or a lack of sleep can also be a
        cause for muscle twitching.", which says only part of it.
        """
        key = (sentence_index, threshold)
        if key not in self.elsewhere:
            if len(self.elsewhere) >= SAME_ELSEWHERE_KEPT:
                self.elsewhere.clear()
            self.elsewhere[key] = find_same_elsewhere(self, sentence_index, threshold)
        return self.elsewhere[key]

    def first_elsewhere(self, sentence_index: int, threshold: float, first: int) -> tuple[list[Claim], int]:
        """(the first `first` claims of same_elsewhere(sentence_index, threshold), how many it holds): what an answer
        cites and counts, read from what the ingest kept (bot.elsewhere.KEPT_THRESHOLD) when it kept it."""
        kept = self.kept_elsewhere
        if kept is not None and threshold == kept["threshold"] and first <= kept["first"]:
            count = int(kept["count"][sentence_index])
            if count >= 0:
                same = [self.claims[p] for p in kept["claims"][sentence_index, :min(first, count)].tolist()]
                if same and self.library.snapshot is None:  # cited next: their vectors in one read (find_same_elsewhere)
                    self.library.meaning_vectors([i for claim in same for i in claim.sentences])
                return same, count
        found = self.same_elsewhere(sentence_index, threshold)
        return list(found[:first]), len(found)

    @cached_property
    def kept_elsewhere(self) -> dict | None:
        """bot.elsewhere.derive_first_elsewhere's columns, if the ingest kept them for this generation and code."""
        from bot.elsewhere import elsewhere_code

        return self.library.read_kept("elsewhere", elsewhere_code())


def refers_back(sentence: str, before: str) -> bool:
    """Whether a sentence names something by a demonstrative the sentence before introduced: "One important
    role of this neurotransmitter is…" after "…the monoamine neurotransmitter epinephrine…", "People can
    easily treat these causes at home…" after "…many everyday causes…". Not when its own words introduced
    it ("Muscle twitching may be a sign of lupus, though this condition is not common."). Shown alone, such
    a sentence points at nothing (the blind judges of batches e and g: "this neurotransmitter").

    >>> refers_back("One important role of this neurotransmitter is that it increases heart rate.",
    ...             "It releases the monoamine neurotransmitter epinephrine.")
    True
    >>> refers_back("Muscle twitching may be a sign of lupus, though this condition is not common.",
    ...             "Some conditions cause twitching.")
    False
    """
    for match in DEMONSTRATIVE.finditer(sentence):
        noun, opening = terms(match.group(1)), OPENING_WORD.sub("", sentence[: match.start()])
        # in the sentence's first clause ("Occasionally, these signals misfire"), not after a clause of its own
        # that may have introduced it ("…a sign of lupus, though this condition…")
        if noun and noun[0] in terms(before) and not CLAUSE_BREAK.search(opening):
            return True
    return False


def joined_back(units: list, groups: list, references: list[bool]) -> tuple[list, list[bool]]:
    """The claim groups of a passage, a group whose first sentence refers back (refers_back) to the last
    sentence of the group before it joined to that group, as ingest.chunk joins one opening with "This…"."""
    out: list = []
    kept: list[bool] = []
    for (positions, lead), reference in zip(groups, references):
        if out and not reference and not kept[-1] and out[-1][1] == lead and out[-1][0][-1] == positions[0] - 1 \
                and refers_back(units[positions[0]].readable, units[positions[0] - 1].readable):
            out[-1] = (out[-1][0] + positions, lead)
            continue
        out.append((positions, lead)), kept.append(reference)
    return out, kept


def listed_quotes(path: Path) -> list[tuple[str, str, tuple[frozenset[str], ...]]]:
    """(doc_id, exact quote, topics) of a reviewed list (bot/data/alarming.jsonl, reassuring.jsonl); a
    topic is the stems of one phrase that names it ("multiple sclerosis" -> {"multipl", "sclerosi"})."""
    entries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(e["doc_id"], e["quote"], tuple(frozenset(terms(phrase)) for phrase in e["about"])) for e in entries]


def names_topic(topics, query: str) -> bool:
    """Whether the question uses every word of one of the topics."""
    return topic_named(topics, set(terms(query)))


def topic_named(topics, asked: set[str]) -> bool:
    """Whether every word of one of the topics is among the question's stems `asked` (names_topic, the
    question split once)."""
    return any(topic <= asked for topic in topics)
