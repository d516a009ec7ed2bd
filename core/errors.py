"""Errors that reach the user carry a message in Chinese that names the file and the reason."""

from __future__ import annotations


class GazetteError(Exception):
    """Base class: ``str(err)`` is a complete, user-facing Chinese message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(GazetteError):
    """The file cannot be read as a gazette (empty, binary, encoding, corrupt PDF, ...)."""


class NotAGazette(InputError):
    """The file reads fine but holds no official document."""


class DuplicateIssue(GazetteError):
    """The same issue is already in the library (same file, or same gazette/year/number)."""

    def __init__(self, message: str, existing_id: str, same_file: bool):
        super().__init__(message)
        self.existing_id = existing_id
        self.same_file = same_file


class NotFound(GazetteError):
    """An id or 文号 given by the user matches nothing in the library."""


class Cancelled(GazetteError):
    """The user cancelled a long operation; nothing was changed."""

    def __init__(self, message: str = "操作已取消，资料库未作任何改动。"):
        super().__init__(message)
