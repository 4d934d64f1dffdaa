# Two commands for a newcomer:  make book  (build the HTML)  and  make test  (run every test).
# Everything runs inside .venv, which these targets create and fill from the pinned lock.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: book test pdf release bench validate execute lab lock clean help

help:
	@echo "make book     build the HTML book into _build/html (strict; re-executes exactly the notebooks whose inputs changed)"
	@echo "make test     run every test: data validation, helpers, nbval (strict), full strict build"
	@echo "make pdf      build the PDF edition (needs TeX Live, see README) and add it to the site"
	@echo "make release  build HTML and PDF, then bundle them with the data into dist/ with checksums"
	@echo "make validate check data/ against data/datapackage.json"
	@echo "make execute  re-execute stale notebooks in place (python -m rnkbook.tooling.execute --force: all of them)"
	@echo "make bench    measure build, test, page-weight and memory targets; writes _build/benchmark.json"
	@echo "make lab      open the chapters in JupyterLab, in the pinned environment with the book's kernel"
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
	$(BIN)/python -m rnkbook.tooling.build

pdf: $(STAMP)
	$(BIN)/python -m rnkbook.tooling.build --builder pdflatex

release: book pdf
	$(BIN)/python -m rnkbook.tooling.release

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m rnkbook.tooling.bench

validate: $(STAMP)
	$(BIN)/python -m rnkbook.tooling.check

execute: $(STAMP)
	$(BIN)/python -m rnkbook.tooling.execute

# LAB_ARGS passes options to JupyterLab, e.g. make lab LAB_ARGS="--no-browser --port 8890".
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=chapters --ServerApp.allow_root=True $(LAB_ARGS)

lock: $(STAMP)
	$(BIN)/python -m pip install --quiet -r requirements.in
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^rnkbook' > requirements.txt

clean:
	rm -rf _build dist
