"""The answer checker, shared by the quiz, problem sets and grading.

Learner text is tokenized against an allow-list and built into SymPy objects
with constructors only — it never reaches ``eval``, ``exec``, ``sympify`` or
``parse_expr``. Every check is bounded and ends well within a second.

    verdict = check_answer(exercise, "2xy")
    verdict.status, verdict.echo, verdict.feedback, verdict.score
"""

from osmose.checker.errors import ParseError
from osmose.checker.judge import Verdict, agrees, check_answer, parse_answer

__all__ = ["ParseError", "Verdict", "agrees", "check_answer", "parse_answer"]
