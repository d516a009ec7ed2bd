"""Pure-Python core of 公报阅读器: model, parsing, the library store, extraction and export.

Nothing under ``core`` imports Qt; ``tests/test_layers.py`` checks it.
"""
