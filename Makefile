# 公报阅读器 — set-up, run, test, bench. `make run` and `make test` work on a fresh machine.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-$(shell cat setup.cfg setup.py | cksum | cut -d' ' -f1)
APT_PKGS := fonts-wqy-microhei poppler-utils poppler-data libegl1 libgl1 libxkbcommon0 \
            libfontconfig1 libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1

.PHONY: run test bench lint sysdeps venv compile clean

run: venv compile
	$(BIN)/python main.py

test: venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: venv compile
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.bench

# The program's own bytecode, written once as an installer would: every start of the app and of
# the command line reads it instead of compiling ~0.15 s of source (even where the
# environment sets PYTHONDONTWRITEBYTECODE, which stops Python writing it on import).
compile: venv
	$(BIN)/python -m compileall -q -j 0 main.py cli core gui index service

lint: venv
	$(BIN)/ruff check .

venv: sysdeps $(STAMP)

$(STAMP): setup.cfg setup.py
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip==24.3.1" "setuptools==75.6.0" wheel
	$(BIN)/python -m pip install -q -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# System packages (a CJK font, poppler, Qt's runtime libraries): installed when running as
# root on Debian/Ubuntu and a package is missing; elsewhere this step only checks.
sysdeps:
	@missing=$$(for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ] && command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "安装系统软件包：$$missing"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	elif [ -n "$$missing" ] && command -v dpkg >/dev/null 2>&1; then \
	  echo "提示：缺少系统软件包 $$missing（请以 root 运行 make，或手动安装）"; \
	fi

clean:
	rm -rf $(VENV) tests/output .pytest_cache .ruff_cache
