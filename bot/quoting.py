"""How an answer shows the claims chosen for it: each with the sentences its thought starts or ends in, a list item
after its lead-in, the same thing said in other articles cited beside it, and each quote cited by its exact span."""
from __future__ import annotations

from dataclasses import dataclass

from bot.answerer import Draft
from bot.claims import FIRST_PERSON, Claim, ClaimIndex
from bot.contract import Citation
from bot.shown import (CASE_STUDY_LABEL, CHECKBOX, LEVEL_LABEL, QUOTATION, agreement, display_path, is_lab_range,
                        shown_sentence, writer_label)
from bot.standalone import fragment_lead
from ingest.chunk import DEPENDENT, SHORT_ITEM_WORDS


@dataclass(frozen=True)
class Quoting:
    """Writes the answer text and its citations for chosen claims (bot.extractive chooses them)."""

    claims: ClaimIndex
    same_claim: float  # ExtractiveAnswerer.same_claim: how alike two sentences must be to say the same thing
    max_agreeing: int  # ExtractiveAnswerer.max_agreeing: other articles cited for one claim

    def size(self, claim: Claim) -> int:
        return len(self.claims.readable(claim).split())

    def shown_sentences(self, claim: Claim, quoted: frozenset[int] = frozenset()) -> tuple[int, ...]:
        """The sentences the answer shows (and cites) for a claim: its own, with those its thought starts or ends in
        (bot.claims.ClaimIndex.shown_context: the sentence it leans on, the rest of a quotation), unless the answer
        quotes them in a claim of their own (`quoted`)."""
        if claim.lead is not None:
            return claim.sentences
        before = self.claims.leans_on.get(claim.sentences[0], ())
        after = self.claims.runs_on.get(claim.sentences[-1], ())
        # all or none of each side: a citation is one span, the sentences between its ends are all shown
        before, after = (() if quoted.intersection(side) else side for side in (before, after))
        return (*before, *claim.sentences, *after)

    def in_context(self, said: list[tuple[Claim, int]]) -> list[tuple[Claim, int]]:
        """The chosen claims, each said once with the sentences its thought starts or ends in (shown_sentences): a
        claim whose sentences another shows around itself is not said again ("“Most muscle twitches are benign…" and
        "But if they persist…”", both chosen, are one quotation, said where its first part comes); a claim holding
        the sentence another leans on is said just before it, and that one right after it."""
        out: list[tuple[Claim, int]] = []
        shown: set[int] = set()
        for claim, closest in said:
            own = set(claim.sentences)
            if own <= shown:
                continue  # shown already, around an earlier claim
            around = set(self.shown_sentences(claim)) - own
            leaned_on = [n for n, (other, _) in enumerate(out) if around & set(other.sentences)]
            leaning = [n for n, (other, _) in enumerate(out) if own & (set(self.shown_sentences(other)) - set(other.sentences))]
            at = leaned_on[-1] + 1 if leaned_on else leaning[0] if leaning else len(out)
            out.insert(at, (claim, closest))
            shown |= own | (set() if leaned_on else around)
        return out

    def shown_claim(self, claim: Claim, quoted: frozenset[int] = frozenset()) -> str:
        """The claim's sentences as the answer shows them (see shown_sentence)."""
        return " ".join(shown_sentence(self.claims.library, i) for i in self.shown_sentences(claim, quoted))

    def lead_shown(self, claim: Claim) -> bool:
        """Whether an item is shown after its list's lead-in: always, unless the lead-in leans on what came before
        it (ingest.chunk.DEPENDENT: "Other factors, such as:", a nested list's, after "Specific electrolyte
        imbalances, such as: …") and the item is a sentence of its own, longer than the short items that read only
        with their list (ingest.chunk.short_items: six words). Shown, such a lead-in starts the quote mid-thought;
        "Hyperkalemia (high potassium levels) can cause muscle weakness and cardiac arrhythmias" needs none.
        Nor when the lead-in is no sentence, a noun phrase and its examples marker (bot.standalone.fragment_lead:
        "Specific electrolyte imbalances, such as:"): the judges named a fragment in 20 of the 46 answers showing it,
        of the 76 showing "Here are the most frequent triggers:" 6 (evals.fragments --judged)."""
        lead = self.claims.library.sentences[claim.lead].readable
        return not (DEPENDENT.match(lead) or fragment_lead(lead)) or self.size(claim) <= SHORT_ITEM_WORDS

    def write(self, said: list[tuple[Claim, int]], sentence_similarity) -> Draft:
        """The answer text and its citations for the chosen (claim, its closest sentence) pairs."""
        library = self.claims.library
        citations: list[Citation] = []
        parts: list[str] = []
        shown_leads: set[int] = set()
        statements: list[str] = []  # each claim's own words, for verification
        level_labelled = False
        writer = None  # the author whose first person the last quote is in (writer_of), labelled once a run

        cited: dict[tuple[str, int, int], int] = {}  # (doc_id, start, end) -> its citation's n

        def cite(sentence_indices: tuple[int, ...]) -> int:
            # A span cited already keeps its number (and its first score); only a new one becomes a citation.
            # At 1,000 synthetic articles an answer cited some 800 spans, each built and then de-duplicated
            # by a linear scan: 14 of 24 s in a profile of 100 asks.
            first, last = library.sentences[sentence_indices[0]], library.sentences[sentence_indices[-1]]
            key = (first.doc_id, first.start, last.end)
            if key not in cited:
                value = float(sentence_similarity[list(sentence_indices)].max())
                citations.append(self.citation(sentence_indices, len(citations) + 1, value))
                cited[key] = citations[-1].n
            return cited[key]

        said = self.in_context(said)
        quoted = frozenset(i for claim, _ in said for i in claim.sentences)
        for claim, closest in said:
            numbers = []
            statements.append(self.claims.readable(claim))
            text = self.shown_claim(claim, quoted)
            author, writer = writer, self.writer_of(claim, text)
            if claim.lead is not None and claim.lead not in shown_leads and self.lead_shown(claim):
                # The line that introduces a list says what its items are ("consult a neurologist:").
                shown_leads.add(claim.lead)
                numbers.append(cite((claim.lead,)))
                # ...and when the answer shows only some of its items, an ellipsis marks the rest left out:
                # "Here are the most frequent triggers: … Physical exertion: …" does not read as if exertion
                # were the only one (the blind judge: a list heading glued onto a single item misstates it).
                some = sum(c.lead == claim.lead for c, _ in said) < self.claims.list_items[claim.lead]
                text = f"{shown_sentence(library, claim.lead)}{' …' if some else ''} {text}"
            numbers.append(cite(self.shown_sentences(claim, quoted)))
            # The same thing said in other articles is cited too, and the answer says how many agree.
            found = self.claims.same_elsewhere(closest, self.same_claim)
            others = found[: self.max_agreeing]
            numbers += [cite(other.sentences) for other in others]
            if others:  # past the cap more articles say it than are cited: the count says "at least"
                text = f"{agreement(1 + len(others), at_least=len(found) > len(others))} {text}"
            if not level_labelled and is_lab_range(text):
                text, level_labelled = f"{LEVEL_LABEL} {text}", True  # once: the ranges that follow read alike
            if claim.case_study and not (parts and said[len(parts) - 1][0].case_study):
                text = f"{CASE_STUDY_LABEL} {text}"  # one patient's story, not a general fact: the answer says so
            if writer is not None and writer != author:
                text = f"{writer_label(writer)} {text}"  # whose "I" it is (bot.shown.WRITER_LABEL)
            parts.append(f"{CHECKBOX.sub('', text)} {''.join(f'[{n}]' for n in dict.fromkeys(numbers))}")
        return Draft(" ".join(parts), citations, statements)

    def writer_of(self, claim: Claim, text: str) -> str | None:
        """The author of the claim's article ("" when it names none) when the shown text speaks in their first person
        outside what they quote (bot.claims.FIRST_PERSON); None otherwise."""
        if not FIRST_PERSON.search(QUOTATION.sub("", text)):
            return None
        library = self.claims.library
        article = library.articles[library.sentences[claim.sentences[0]].doc_id]
        return str(article.meta.get("author") or "").strip()

    def citation(self, sentence_indices: tuple[int, ...], n: int, score: float) -> Citation:
        """The exact span from the first sentence's start to the last one's end."""
        library = self.claims.library
        first, last = library.sentences[sentence_indices[0]], library.sentences[sentence_indices[-1]]
        article = library.articles[first.doc_id]
        return Citation(
            n=n, doc_id=article.id, title=article.title, source=display_path(article.path),
            start=first.start, end=last.end, text=article.text[first.start:last.end],
            score=round(score, 4),
        )
