"""core.recharset compiles every pattern to the same code as Python's own re module.

The program's patterns are collected in a fresh interpreter that records every pattern
compiled while all of cli/, core/, index/ and service/ are imported and two issues (the
sample gazette and a State Council style document) are parsed, extracted and searched —
module-level patterns and those built at run time. Each is then compiled with CPython's
``_optimize_charset`` and with ours; the code lists must be equal, item for item.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from core import recharset

pytestmark = pytest.mark.skipif(sys.version_info[:2] != (3, 11),
                                reason="core.recharset replaces a Python 3.11 function only")

ROOT = Path(__file__).resolve().parents[2]

COLLECT = textwrap.dedent(r"""
    import json, sys, re
    from re import _compiler
    seen = {}
    original = _compiler.compile
    def recording(p, flags=0):
        if isinstance(p, (str, bytes)):
            key = (type(p).__name__, p if isinstance(p, str) else p.decode("latin-1"), int(flags))
            seen[key] = None
        return original(p, flags)
    _compiler.compile = recording
    import pkgutil, importlib
    for package in ("core", "index", "service", "cli"):
        mod = importlib.import_module(package)
        for info in pkgutil.walk_packages(mod.__path__, package + "."):
            importlib.import_module(info.name)
    import contextlib, io, os, tempfile, pathlib
    import main
    from tests.fixtures import sample_gazette
    with tempfile.TemporaryDirectory() as d:
        src = pathlib.Path(d) / "issue.txt"
        src.write_text(sample_gazette.as_extracted_text(), encoding="utf-8")
        data = str(pathlib.Path(d) / "data")
        runs = [["import", str(src)], ["list", "--json"], ["show", "江政〔2024〕7号"],
                ["search", "城市更新"], ["search", "江政〔2024〕7号", "--json"],
                ["search", '"实施方案"'], ["search", "责任单位 方案"],
                ["tasks", "--json"], ["tables", "--json"]]
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            codes = [main.main(argv + ["--data", data]) for argv in runs]
    assert codes == [0] * len(runs), codes
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        json.dump(list(seen), f, ensure_ascii=False)
""")


def _code(pattern, flags):
    from re import _compiler, _parser
    return _compiler._code(_parser.parse(pattern, flags), flags)


def _both(pattern, flags=0):
    from re import _compiler
    ours = _compiler._optimize_charset
    assert ours is recharset.optimize_charset, "core.recharset is not installed"
    try:
        _compiler._optimize_charset = STDLIB
        expected = _code(pattern, flags)
    finally:
        _compiler._optimize_charset = ours
    return expected, _code(pattern, flags)


def _stdlib_optimize_charset():
    """A pristine copy of re._compiler._optimize_charset, taken from a fresh module object."""
    import importlib.util
    spec = importlib.util.find_spec("re._compiler")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module._optimize_charset.__module__ == "re._compiler"
    return module._optimize_charset


STDLIB = _stdlib_optimize_charset() if sys.version_info[:2] == (3, 11) else None


def test_installed_by_importing_core():
    from re import _compiler
    assert _compiler._optimize_charset is recharset.optimize_charset
    assert recharset.install() is True           # idempotent


def test_program_patterns_compile_to_the_same_code(tmp_path):
    out = tmp_path / "patterns.json"
    subprocess.run([sys.executable, "-c", COLLECT, str(out)], cwd=ROOT, check=True)
    patterns = json.loads(out.read_text(encoding="utf-8"))
    assert len(patterns) > 300                   # the program's own, not only the stdlib's
    cjk = 0
    for kind, text, flags in patterns:
        p = text if kind == "str" else text.encode("latin-1")
        expected, got = _both(p, flags)
        assert got == expected, (text, flags)
        cjk += isinstance(p, str) and bool(re.search(r"[\u4e00-\u9fff]-|\\u4e00", text))
    assert cjk > 20                              # and among them the big CJK classes


@pytest.mark.parametrize("pattern, flags", [
    (r"[\u4e00-\u9fff]", 0),
    (r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", 0),
    (r"[^\u4e00-\u9fff]", 0),
    (r"[a-z\u4e00-\u9fff0-9（）〔〕]", 0),
    (r"[\x00-\u0200]", 0),                       # a range across 256
    (r"[\xf0-\xff\u0100]", 0),
    (r"[\u0100-\u01ff]", 0),                     # a range starting at 256
    (r"[\u0300-\u0400a]", 0),
    (r"[\U00010000-\U0002ffff]", 0),             # beyond the BMP
    (r"[\uff00-\U00010010]", 0),                 # across 65536
    (r"[\x00-\U0010ffff]", 0),
    (r"[a-zA-Z]", re.I),
    (r"[\u00c0-\u0250]", re.I),                  # case folding across 256
    (r"[\u0400-\u04ff\u4e00-\u9fff]", re.I),
    (r"[\U00010400-\U0001044f]", re.I),
    (r"[^a-c\u4e00-\u4e10]", re.I),
    (r"[\w\u4e00-\u9fff]", 0),
    (r"[\d\s\u3000]", 0),
    (r"[0-9]", re.A),
    (rb"[\x00-\x7f]", 0),
    (rb"[a-z]", re.I),
    (r"[ab]", 0),
    (r"[\u4e00]", 0),
    (r"[\u4e00\u4e01\u4e02]", 0),
    (r"[\u4e00-\u4e01\u9000-\u9001\ua000]", 0),
])
def test_synthetic_charsets(pattern, flags):
    expected, got = _both(pattern, flags)
    assert got == expected
    assert re.compile(pattern, flags).pattern == pattern
