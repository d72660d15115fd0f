"""The one error the checker raises: learner text it cannot accept, said in one line."""

from __future__ import annotations

from osmose.errors import OsmoseError


class ParseError(OsmoseError):
    """Learner text that is not a well-formed, allowed, bounded answer.

    ``column`` is 1-based in the original text, or 0 when the problem is not at
    one place (too long, wrong shape, unknown variables).
    """

    def __init__(self, message: str, column: int = 0):
        super().__init__(message)
        self.column = column
