"""Pure-Python core of 公报阅读器: model, parsing, the library store, extraction and export.

Nothing under ``core`` imports Qt; ``tests/test_layers.py`` checks it.
"""

from . import recharset as _recharset

_recharset.install()           # compile the program's CJK character classes in one step each
