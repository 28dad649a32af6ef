# The project's verbs. `make lab` and `make test` are the README's two commands.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    ?= site
export PIP_DISABLE_PIP_VERSION_CHECK = 1

JS     := build/js
.PHONY: install install-test js checkers lab test style lint format site bench browser clean

install: $(VENV)/.installed js     ## create or update .venv (package, JupyterLab) and the site's JS

$(VENV)/.installed: pyproject.toml
	bash scripts/make-venv.sh $(PYTHON) $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[lab]"
	touch $@

install-test: $(VENV)/.installed-test

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@

# npm packages pinned by js/package-lock.json; the site's two Vega runtimes (full and core) are
# built from them into build/js (never committed). The publisher copies one into each site
# (the core one when every chart fits it): no network after this.
js: $(JS)/vega-bundle.js $(JS)/vega-core.js

js/node_modules/.installed: js/package.json js/package-lock.json
	bash scripts/ensure-node.sh
	cd js && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

$(JS)/vega-bundle.js $(JS)/vega-core.js &: js/node_modules/.installed $(wildcard js/*.mjs js/*.js js/lean/*.js) \
		chatdata/site/static/site.js chatdata/site/static/site.css
	node js/build-vega.mjs $(JS)

checkers: js                       ## Java for the W3C Nu Html Checker (npm vnu-jar) in the tests
	bash scripts/ensure-java.sh

lab: install                       ## open JupyterLab on the notebooks
	$(BIN)/jupyter lab notebooks/

browser: install-test              ## headless Chromium for the browser tests
	bash scripts/ensure-browser.sh $(BIN)/python

style: install-test                ## ruff: lint rules and formatting
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

lint: style                        ## style, then the type checker (make test runs it as a test)
	$(BIN)/mypy

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# One worker per core; each test file stays on one worker, so the JupyterLab server and the
# built site that a file's tests share are started once. Files are handed out in the order
# the root conftest.py gives (notebooks, then the longest first), not by their test counts.
# The type checker runs as one of the tests (tests/test_types.py), beside the others.
test: install-test js browser checkers style    ## the whole suite: style, types, unit, notebooks, browser
	$(BIN)/python -m pytest -n auto --dist loadfile --no-loadscope-reorder

site: install                      ## execute the notebooks and publish to site/
	$(BIN)/python -m chatdata build --out $(OUT)

bench: install-test js browser        ## benchmarks: prints a table, writes benchmarks/results.md
	$(BIN)/python benchmarks/run.py --with-make-test

clean:
	rm -rf $(OUT) .cache build *.egg-info
