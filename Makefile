# The two commands of the README: `make demo` and `make test`. Both set everything up first.
.PHONY: setup setup-test demo test lint bench-match bench-speech clean

setup:
	scripts/setup.sh dev

setup-test:
	scripts/setup.sh dev,openai-whisper,minilm,piper

demo: setup
	.venv/bin/robot-guide sim --script sim/demo.yaml

test: setup-test
	.venv/bin/ruff check robot_guide tests
	.venv/bin/ruff format --check robot_guide tests
	.venv/bin/mypy
	.venv/bin/lint-imports
	.venv/bin/robot-guide kb check
	.venv/bin/robot-guide kb test
	.venv/bin/pytest -n 2 --dist loadfile

bench-match: setup-test
	.venv/bin/robot-guide bench match --markdown benchmarks/match.md

bench-speech: setup
	.venv/bin/robot-guide bench speech --markdown benchmarks/speech.md

clean:
	rm -rf .venv .mypy_cache .ruff_cache .pytest_cache
