"""Headless commands (``python main.py COMMAND``). Each module has ``register(sub, common)``."""
