# presslens: `make demo` sets everything up and analyses a bundled article;
# `make test` runs the whole suite; `make bench` prints throughput.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TRAIN_STAMP := $(VENV)/.installed-train

.PHONY: install install-train browser demo test bench train train-encoder train-heads train-techniques eval-techniques \
        train-framing eval-framing train-nonbody eval-nonbody train-entities eval-entities train-actors eval-actors train-techniques-fast eval-techniques-fast train-claims eval-claims \
        train-verifier eval-verifier train-fact-checks eval-fact-checks train-narratives train-technique-calibration \
        results results-refresh clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23.2"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

# the train extra (PyTorch CPU, transformers): for `presslens train` and its tests
install-train: $(TRAIN_STAMP)

$(TRAIN_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev,train]"
	touch $(TRAIN_STAMP)

demo: $(STAMP)
	$(BIN)/presslens analyze presslens/examples/opinion.txt --format text
	$(BIN)/presslens analyze presslens/examples/opinion.html --format html --output demo-report.html
	@echo "HTML report of presslens/examples/opinion.html written to demo-report.html"
	$(BIN)/presslens analyze presslens/examples/sanctions_opinion.txt --only narratives --format text
	$(BIN)/presslens evidence add presslens/examples/evidence presslens/examples/fact_checks.jsonl --db demo-evidence.db
	$(BIN)/presslens analyze presslens/examples/claims.txt --evidence demo-evidence.db --only claims --format text
	$(BIN)/presslens analyze presslens/examples/claims.txt --evidence demo-evidence.db --format html --output demo-claims.html
	@echo "claim cards with verdicts of presslens/examples/claims.txt written to demo-claims.html"

# Debian's Chromium for the browser tests (Playwright drives it). Where apt-get cannot install it
# (no root, no Debian), the browser tests are skipped and say why.
browser:
	@command -v chromium >/dev/null 2>&1 || (command -v apt-get >/dev/null 2>&1 && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  echo "note: Debian's chromium could not be installed; the browser tests will be skipped"

test: $(TRAIN_STAMP) browser
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -q -n 2

bench: $(STAMP)
	$(BIN)/presslens bench --limit 300
	$(BIN)/presslens bench --limit 300 --only techniques
	$(BIN)/presslens bench --limit 300 --only techniques --fast
	$(BIN)/presslens bench --load --clients 8 --seconds 30
	$(BIN)/presslens bench --batch 5000
	$(BIN)/presslens bench --evidence-search build/bench-evidence.db
	$(BIN)/presslens bench --verifier
	$(BIN)/presslens bench --fact-checks ../shared/data/checkthat2022_t2b_en/vclaims.jsonl.gz
	$(BIN)/presslens bench --stress
	$(BIN)/presslens bench --soak --minutes 30 --clients 8

# Retrain every shipped model from ../shared/data (about 80 minutes on 2 cores; a GPU makes the two encoder steps
# minutes): the PTC technique model, the shared encoder trained further from it on all its tasks, then the heads
# fitted to it. Each step scores its held-out sets, once, for its model card.
train: train-encoder train-heads

# stage 1: the PTC-only technique model (self-contained, its own encoder; not shipped): where the shared encoder starts
train-techniques: $(TRAIN_STAMP)
	$(BIN)/presslens train techniques --data ../shared/data/ptc2020/train --out build/techniques-ptc-only --seed 13 --epochs 4

# stage 2: the shared encoder, every task at once, from the stage-1 weights
train-encoder: train-techniques
	$(BIN)/presslens train encoder --data ../shared/data --init build/techniques-ptc-only --out presslens/models --seed 13

train-heads: train-techniques-fast train-claims train-framing train-nonbody train-entities train-actors train-narratives train-technique-calibration

eval-techniques: $(STAMP)
	$(BIN)/presslens eval ptc --articles ../shared/data/ptc2020/train/articles --labels ../shared/data/ptc2020/train --split heldout --out /tmp/presslens-ptc-predictions

# the linear model of --fast (a few minutes), its blend into the encoder model's span classifier, held-out scores
train-techniques-fast: $(TRAIN_STAMP)
	$(BIN)/presslens train techniques-fast --data ../shared/data/ptc2020/train --out presslens/models/techniques-fast --seed 13 --blend-with presslens/models/techniques

eval-techniques-fast: $(STAMP)
	$(BIN)/presslens eval ptc --fast --articles ../shared/data/ptc2020/train/articles --labels ../shared/data/ptc2020/train --split heldout --out /tmp/presslens-ptc-predictions-fast

# the genre and frame heads on the shared encoder, and their held-out figures (the genre head is kept while the
# encoder it was fitted to is: a retrained encoder refits both)
train-framing: $(TRAIN_STAMP)
	$(BIN)/presslens train framing --data ../shared/data --out presslens/models/framing --keep-genre

eval-framing: $(STAMP)
	$(BIN)/presslens eval genre --data ../shared/data
	for task in genre frames techniques; do \
	  $(BIN)/presslens eval semeval2023 --subtask $$task --articles ../shared/data/semeval2023t3/train \
	    --labels ../shared/data/semeval2023t3/train --split heldout --out /tmp/presslens-semeval-predictions || exit 1; done
	$(BIN)/presslens eval frames --data ../shared/data --part test

# the non-body paragraph classifier (cues, position, form; about 3 minutes) and its held-out figures
train-nonbody: $(TRAIN_STAMP)
	$(BIN)/presslens train nonbody --data ../shared/data --out presslens/models/nonbody
	$(BIN)/presslens train nonbody --vectors --data ../shared/data --out presslens/models/nonbody-vectors

eval-nonbody: $(STAMP)
	$(BIN)/presslens eval nonbody --data presslens/labels/real_endings.tsv --articles ../shared/data
	$(BIN)/presslens eval nonbody --data tests/fixtures/endings_heldout3.json
	$(BIN)/presslens eval nonbody --data presslens/labels/real_endings.tsv --articles ../shared/data --ingestion-only
	$(BIN)/presslens eval nonbody --data presslens/labels/glued_endings.tsv --articles ../shared/data --units

# the actor-role head on the shared encoder (SemEval-2025 Task 10 subtask 1), and its held-out figures
SE25 := ../shared/data/semeval2025t10_en/train
# the entity head (CoNLL-2003 + WNUT-17), before the actor roles that read its names
train-entities: $(TRAIN_STAMP)
	$(BIN)/presslens train entities --data ../shared/data --out presslens/models/entities

eval-entities: $(STAMP)
	$(BIN)/presslens eval entities --data ../shared/data --conll

train-actors: $(TRAIN_STAMP)
	$(BIN)/presslens train actors --data ../shared/data --out presslens/models/actors

# the technique scores calibrated and the display threshold chosen on the PTC dev articles (after the blend of
# train-techniques-fast, which changes the scores; about 1 minute)
train-technique-calibration: $(TRAIN_STAMP)
	$(BIN)/presslens train technique-calibration --data ../shared/data/ptc2020/train --model presslens/models/techniques

# the narrative heads (SemEval-2025 subtask 2; about 6 minutes: nested cross-validation, then the fit on all)
train-narratives: $(TRAIN_STAMP)
	$(BIN)/presslens train narratives --data ../shared/data --out presslens/models/narratives

eval-actors: $(STAMP)
	$(BIN)/presslens eval semeval2025 --subtask entity-framing --articles $(SE25)/raw-documents \
	  --mentions $(SE25)/subtask-1-annotations.txt --labels $(SE25)/subtask-1-annotations.txt --part heldout --out build/semeval2025

# the check-worthiness head on the shared encoder, calibrated out of its training distribution, and its figures
train-claims: $(TRAIN_STAMP)
	$(BIN)/presslens train claims --data ../shared/data --out presslens/models/claims

eval-claims: $(STAMP)
	$(BIN)/presslens eval checkworthiness --layout claimbuster --data ../shared/data/claimbuster/crowdsourced.csv --years 2016
	$(BIN)/presslens eval checkworthiness --layout claimbuster --data ../shared/data/claimbuster/crowdsourced.csv --years 2012,2016
	$(BIN)/presslens eval checkworthiness --layout news --part test
	$(BIN)/presslens eval checkworthiness --data ../shared/data/checkthat2024_t1_en/train/CT24_checkworthy_english_dev-test.tsv
	$(BIN)/presslens eval checkworthiness --data ../shared/data/checkthat2024_t1_en/train/CT24_checkworthy_english_dev.tsv
	$(BIN)/presslens eval checkworthiness --data ../shared/data/liar/valid.tsv --layout liar
	$(BIN)/presslens eval quantities
	$(BIN)/presslens eval verification --split test

# the claim–evidence entailment model of verdicts (about 30 minutes on 2 cores; it reads no shared encoder,
# so it is not retrained by `make train`), and its held-out figures
train-verifier: $(TRAIN_STAMP)
	$(BIN)/presslens train verifier --data ../shared/data --out presslens/models/verifier --corpus-pairs 3000

train-fact-checks: $(TRAIN_STAMP)
	$(BIN)/presslens train fact-checks --data ../shared/data --out presslens/models/fact_checks

# MAP@5 of the shipped matcher on CheckThat! 2022 task 2A dev and 2B dev (the archives are indexed into /tmp once)
eval-fact-checks: $(STAMP)
	$(BIN)/presslens eval fact-checked --queries ../shared/data/checkthat2022_t2a_en/queries.jsonl.gz --split dev \
	  --archive ../shared/data/checkthat2022_t2a_en/vclaims.jsonl.gz --db /tmp/presslens-snopes.db \
	  --qrels ../shared/data/checkthat2022_t2a_en/pairs.jsonl.gz --out /tmp/presslens-2a-dev.tsv
	$(BIN)/presslens eval fact-checked --queries ../shared/data/checkthat2022_t2b_en/queries.jsonl.gz --split dev \
	  --archive ../shared/data/checkthat2022_t2b_en/vclaims.jsonl.gz --db /tmp/presslens-politifact.db \
	  --qrels ../shared/data/checkthat2022_t2b_en/pairs.jsonl.gz --out /tmp/presslens-2b-dev.tsv

# the results table of the README and docs/evaluation.md, from the models' score files (`results-refresh`: re-run
# every evaluation first and keep its JSON output as the score file)
results: $(STAMP)
	$(BIN)/python -m presslens.lab.evaluation.results_table

results-refresh: $(STAMP)
	$(BIN)/python -m presslens.lab.evaluation.results_table --refresh

eval-verifier: $(STAMP)
	$(BIN)/presslens eval verification --split test
	$(BIN)/presslens eval verification --split test --rules-only
	$(BIN)/presslens eval verification --layout climate-fever --data ../shared/data/claim_evidence/climate_fever/climate-fever.jsonl --split test --out /tmp/presslens-climate-fever-pairs.tsv

clean:
	rm -rf $(VENV) demo-report.html demo-claims.html demo-evidence.db .pytest_cache
