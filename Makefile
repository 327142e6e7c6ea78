# Two commands on a fresh machine: `make run` and `make test` each set up what is missing first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed


.DEFAULT_GOAL := run
.PHONY: help run chat test index eval bench drill fit-triage fit-echo fit-relevance fit-opener fit-keep fit-support fit-answerable fit-qualifier fit-followup fit-worried fit-same-claim fit-stray-cost clean

# `make help` said "No rule to make target 'help'" (drill31), though each target has its line below; `eval` and
# `clean` had none, so help left them out (drill34)
help:  ## list these targets and what each does
	@awk -F':.*## ' '/^[a-z-]+:.*## /{printf "  make %-15s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

run: index  ## ingest when needed, then start the web UI (prints its local address)
	$(BIN)/twitchqa serve

chat: index  ## the terminal conversation
	$(BIN)/twitchqa chat

test: $(STAMP)  ## every test (real model, real Chroma, real browser when Chromium is installed)
	$(BIN)/python -m pytest

index: $(STAMP)  ## embeds only what changed; nothing when the corpus is unchanged
	$(BIN)/twitchqa ingest

eval: index  ## the answer-quality evals on the gold set, a report in .twitchqa/eval and the regression gate
	$(BIN)/twitchqa eval

bench: index  ## speed and memory at 5, 100 and 1,000 articles (the 1,000-article library is ingested once: ~15 min)
	$(BIN)/twitchqa bench --scale 100,1000

drill: $(STAMP)  ## slow reliability drills: ingests killed at random, a live server under load and re-ingests (~15 min)
	$(BIN)/python -m evals.drill

fit-echo: $(STAMP)  ## refit how often answers echo each asked word (bot/data/echo.json; before fit-relevance; prints its left-out log-likelihoods)
	$(BIN)/python -m evals.fit_echo

fit-relevance: index  ## refit how likely each claim is to answer a question, on the eval sets' evidence
	OMP_NUM_THREADS=1 $(BIN)/python -m evals.fit_relevance  # OpenMP's spinning threads stalled it >15 min at load 11; 1 thread: ~2 min

fit-opener: index  ## refit which of the likeliest claims opens the answer (after fit-relevance; prints its left-out report)
	OMP_NUM_THREADS=1 $(BIN)/python -m evals.fit_opener  # ~2 min: ten relevance fits, one set left out each

fit-answerable: index  ## refit the answerability policy on the spent labelled sets (prints its cross-validation; then fit-qualifier sets its threshold)
	$(BIN)/python -m evals.fit_answerable

fit-qualifier: index  ## refit which words a refusal names only qualify the message (whom, in what form; after fit-answerable), and choose both thresholds with each set left out (~10 min)
	OMP_NUM_THREADS=1 $(BIN)/python -m evals.fit_qualifier

fit-triage: $(STAMP)  ## refit the triage classifier on bot/data/triage_bank.jsonl (prints its cross-validation)
	$(BIN)/python -m evals.fit_triage

fit-followup: $(STAMP)  ## refit the follow-up reader on the eval sets, the spent sealed batches and the triage bank (prints its cross-validation)
	$(BIN)/python -m evals.fit_followup

fit-worried: $(STAMP)  ## refit the worried-reader model on the judged messages (prints its left-out-batch figures)
	OMP_NUM_THREADS=1 $(BIN)/python -m evals.fit_worried

fit-same-claim: index  ## refit when another article "says this too" on bot/data/same_claim_pairs.jsonl (prints its nested cross-validation)
	$(BIN)/python -m evals.fit_same_claim

fit-keep: index  ## refit which claims follow the opening one (bot/keep.py; ~9 min; prints leave-one-set-out figures)
	OMP_NUM_THREADS=1 $(BIN)/python -m evals.fit_keep

fit-stray-cost: index  ## refit how often a blind judge finds a claim after the opening one stray, by kind, on evals/judged/ (before fit-keep)
	OMP_NUM_THREADS=1 $(BIN)/python -m evals.fit_stray_cost

fit-support: index  ## refit the written-sentence check on evals/written_sentences*.jsonl (prints its cross-validation)
	$(BIN)/python -m evals.fit_support

# torch first, from the CPU build: anything else would pull several GB of CUDA packages.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	-$(BIN)/python -m ingest.onnx_export  # the query encoder and its word table, made once per installation (an ingest copies them; without them, exports its own encoder and embeds rare words in the question's pass)
	touch $(STAMP)

clean:  ## delete .venv and the index (.twitchqa); the next `make run` sets both up again
	rm -rf $(VENV) .twitchqa
