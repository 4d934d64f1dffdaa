# Two commands for a newcomer:  make book  (build the HTML)  and  make test  (run every test).
# Everything runs inside .venv, which these targets create and fill from the pinned lock.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: book test pdf release bench validate execute lock clean help

help:
	@echo "make book     build the HTML book into _build/html (strict; re-executes exactly the notebooks whose inputs changed)"
	@echo "make test     run every test: data validation, helpers, nbval (strict), full strict build"
	@echo "make pdf      build the PDF edition (needs TeX Live, see README) and add it to the site"
	@echo "make release  build HTML and PDF, then bundle them with the data into dist/ with checksums"
	@echo "make validate check data/ against data/datapackage.json"
	@echo "make execute  re-execute stale notebooks in place (python -m rnkbook.execute --force: all of them)"
	@echo "make bench    measure build, test, page-weight and memory targets; writes _build/benchmark.json"
	@echo "make lock     regenerate requirements.txt from requirements.in"
	@echo "make clean    remove _build"

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

book: $(STAMP)
	$(BIN)/python -m rnkbook.build

pdf: $(STAMP)
	$(BIN)/python -m rnkbook.build --builder pdflatex

release: book pdf
	$(BIN)/python -m rnkbook.release

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m rnkbook.bench

validate: $(STAMP)
	$(BIN)/python -m rnkbook.check

execute: $(STAMP)
	$(BIN)/python -m rnkbook.execute

lock: $(STAMP)
	$(BIN)/python -m pip install --quiet -r requirements.in
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^rnkbook' > requirements.txt

clean:
	rm -rf _build dist
