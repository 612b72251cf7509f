# The two set-up commands of the README.
.PHONY: demo test install lock

install:
	bash scripts/install.sh

# Install, ingest the bundled example articles, leave a map, a timeline and a Turtle file in out/.
demo: install
	rm -rf out/store
	.venv/bin/kgraph --store out/store ingest examples/
	.venv/bin/kgraph --store out/store stats
	.venv/bin/kgraph --store out/store query who-met-whom
	.venv/bin/kgraph --store out/store view -o out/map.html
	.venv/bin/kgraph --store out/store timeline -o out/timeline.html
	.venv/bin/kgraph --store out/store export -f turtle -o out/graph.ttl

# Install (with Chromium and rapper for the end-to-end tests), lint, run every test.
test: install
	bash scripts/install-system-deps.sh
	.venv/bin/ruff check src tests benchmarks
	.venv/bin/python -m pytest

# Re-pin every dependency (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --extra test --extra dask --generate-hashes --python-version 3.11 -o requirements.lock
