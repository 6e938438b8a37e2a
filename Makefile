# presslens: `make demo` sets everything up and analyses a bundled article;
# `make test` runs the whole suite; `make bench` prints throughput.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TRAIN_STAMP := $(VENV)/.installed-train

.PHONY: install install-train browser demo test bench train-techniques eval-techniques train-framing eval-framing \
        train-techniques-fast eval-techniques-fast \
        train-claims eval-claims clean

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
	$(BIN)/presslens evidence add presslens/examples/evidence --db demo-evidence.db
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
	$(BIN)/python -m pytest -q -n 2

bench: $(STAMP)
	$(BIN)/presslens bench --limit 300
	$(BIN)/presslens bench --limit 300 --only techniques
	$(BIN)/presslens bench --limit 300 --only techniques --fast
	$(BIN)/presslens bench --load --clients 8 --seconds 30
	$(BIN)/presslens bench --batch 5000
	$(BIN)/presslens bench --evidence-search build/bench-evidence.db

# rebuild the shipped technique model (about 30 minutes on 2 cores) and score it on the held-out split
train-techniques: $(TRAIN_STAMP)
	$(BIN)/presslens train techniques --data ../shared/data/ptc2020/train --out presslens/models/techniques --seed 13 --epochs 6

eval-techniques: $(STAMP)
	$(BIN)/presslens eval ptc --articles ../shared/data/ptc2020/train/articles --labels ../shared/data/ptc2020/train --split heldout --out ptc-predictions

# the linear model of --fast (a few minutes), its blend into the encoder model's span classifier, held-out scores
train-techniques-fast: $(TRAIN_STAMP)
	$(BIN)/presslens train techniques-fast --data ../shared/data/ptc2020/train --out presslens/models/techniques-fast --seed 13 --blend-with presslens/models/techniques

eval-techniques-fast: $(STAMP)
	$(BIN)/presslens eval ptc --fast --articles ../shared/data/ptc2020/train/articles --labels ../shared/data/ptc2020/train --split heldout --out ptc-predictions-fast

# refit the genre and frame heads (after every retraining of the technique encoder) and score them
train-framing: $(TRAIN_STAMP)
	$(BIN)/presslens train framing --data ../shared/data/semeval2023t3/train --out presslens/models/framing

eval-framing: $(STAMP)
	for task in genre frames techniques; do \
	  $(BIN)/presslens eval semeval2023 --subtask $$task --articles ../shared/data/semeval2023t3/train \
	    --labels ../shared/data/semeval2023t3/train --split heldout --out semeval-predictions || exit 1; done

# refit the check-worthiness head (after every retraining of the technique encoder) and score it
train-claims: $(TRAIN_STAMP)
	$(BIN)/presslens train claims --data ../shared/data/checkthat2024_t1_en/train --out presslens/models/claims

eval-claims: $(STAMP)
	$(BIN)/presslens eval checkworthiness --data ../shared/data/checkthat2024_t1_en/train/CT24_checkworthy_english_dev.tsv
	$(BIN)/presslens eval checkworthiness --data ../shared/data/checkthat2024_t1_en/train/CT24_checkworthy_english_dev-test.tsv
	$(BIN)/presslens eval checkworthiness --data ../shared/data/liar/valid.tsv --layout liar
	$(BIN)/presslens eval verification --split test

clean:
	rm -rf $(VENV) demo-report.html demo-claims.html demo-evidence.db .pytest_cache ptc-predictions semeval-predictions
