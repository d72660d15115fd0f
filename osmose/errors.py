"""Errors a user can cause; the CLI prints them as one line and exits non-zero."""


class OsmoseError(Exception):
    """A problem the user can fix, described in one line."""


class KBError(OsmoseError):
    """A problem located in a knowledge-base file: ``path:line: message``."""

    def __init__(self, path: str, line: int, message: str):
        self.path, self.line, self.message = str(path), line, message
        super().__init__(f"{self.path}:{line}: {message}")

    def __reduce__(self):  # picklable across worker processes
        return (KBError, (self.path, self.line, self.message))
