"""A small knowledge base for quiz tests: two concepts and one tiny exercise family.

``derivative`` (definition, one symbol) is a prerequisite of ``power-rule``
(definition, a formula, a two-step derivation, and a skill drilled by the
``power`` family: differentiate a·xⁿ). ``solve(prompt)`` answers a ``power``
prompt by hand (n·a·x^(n-1)), independently of the family's code.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

FILES = {
    "concepts/calculus/derivative.yaml": r"""
        id: derivative
        title: Derivative
        area: calculus
        definition: 'The derivative of \(f\) at \(x\) is the limit of \(\frac{f(x+h)-f(x)}{h}\) as \(h \to 0\).'
        symbols:
          - tex: "f'(x)"
            name: derivative of f at x
        sources: ['https://en.wikipedia.org/wiki/Derivative']
        """,
    "concepts/calculus/power-rule.yaml": r"""
        id: power-rule
        title: Power rule
        area: calculus
        tags: [rules]
        requires: [derivative]
        definition: 'Differentiating \(x^n\) lowers the exponent by one and multiplies by \(n\).'
        formulas:
          - name: rule
            tex: '\frac{d}{dx} x^n = n x^{n-1}'
        derivations:
          - title: From the binomial theorem
            steps:
              - tex: '(x+h)^n = x^n + n x^{n-1} h + O(h^2)'
                why: 'Expand the binomial.'
              - tex: '\frac{(x+h)^n - x^n}{h} = n x^{n-1} + O(h)'
                why: 'Subtract and divide by h.'
        exercises:
          - generator: power
        sources: ['https://en.wikipedia.org/wiki/Power_rule']
        """,
    "generators/power.py": '''
        """d/dx of a*x^n: a tiny family for quiz tests."""
        import sympy as sp

        from osmose.family import (Checking, Evidence, Family, Mistake, Param, Problem, Step,
                                   VerificationError)

        X = sp.Symbol("x")
        SAY = Checking({"x": "real"}).statement()


        def generate(rng, params):
            a, n = rng.randint(2, 9), rng.randint(2, 5)
            d = sp.diff(a * X**n, X)
            return Problem(
                prompt_tex=f"Differentiate \\\\(f(x) = {a}x^{n}\\\\) with respect to x. {SAY}",
                prompt_text=f"Differentiate f(x) = {a}*x^{n} with respect to x. {SAY}",
                answer=d, kind="expr",
                solution=(Step("Bring the exponent down and lower it by one.", "", f"{a * n}x^{n - 1}"),),
                given={"a": a, "n": n}, checking=Checking({"x": "real"}),
                mistakes=(Mistake("exponent kept", a * n * X**n, "Lower the exponent by one."),))


        def verify(given, answer):
            a, n, x, h = given["a"], given["n"], 1.3, 1e-6
            fd = (a * (x + h) ** n - a * (x - h) ** n) / (2 * h)
            err = abs(fd - float(answer.subs(X, x)))
            if err > 1e-4 * abs(fd):
                raise VerificationError(f"finite difference {fd} != {answer}")
            return Evidence("central difference at x = 1.3", "", err)


        FAMILY = Family(name="power", version=1, title="Power rule", summary="d/dx a x^n",
                        params={"level": Param(1, (1,))}, generate=generate, verify=verify)
        ''',
}

#: every item key of the test knowledge base, in prerequisite and teaching order
#: (a concept's definition, its first exercise, then the rest)
KEYS = [
    "fact:derivative:definition",
    "fact:derivative:symbol:f-x",
    "fact:power-rule:definition",
    "skill:power-rule:power:",
    "fact:power-rule:formula:rule",
    "fact:power-rule:derivation:from-the-binomial-theorem:1",
    "fact:power-rule:derivation:from-the-binomial-theorem:2",
]

#: the order a new learner meets them: power-rule opens once derivative's definition is
#: reviewed, the two concepts take turns, and the exercise comes after two new facts
INTRO = [
    "fact:derivative:definition",
    "fact:power-rule:definition",
    "skill:power-rule:power:",
    "fact:derivative:symbol:f-x",
    "fact:power-rule:formula:rule",
    "fact:power-rule:derivation:from-the-binomial-theorem:1",
    "fact:power-rule:derivation:from-the-binomial-theorem:2",
]


def drill_files() -> dict[str, str]:
    """A second knowledge base for the session mix: three independent concepts with four facts
    and two exercises each (``alpha``, ``beta``, ``gamma``), and ``delta``, which requires
    ``alpha``; all exercises are of the ``power`` family."""
    files = {"generators/power.py": FILES["generators/power.py"]}
    for cid, requires in (("alpha", "[]"), ("beta", "[]"), ("gamma", "[]"), ("delta", "[alpha]")):
        files[f"concepts/drill/{cid}.yaml"] = f"""
            id: {cid}
            title: Concept {cid}
            area: drill
            requires: {requires}
            definition: 'The {cid} of \\(x\\) is a test concept.'
            formulas:
              - name: first
                tex: '{cid}_1 = x'
              - name: second
                tex: '{cid}_2 = x^2'
              - name: third
                tex: '{cid}_3 = x^3'
            exercises:
              - generator: power
              - generator: power
                params: {{level: 1}}
            sources: ['https://example.org/{cid}']
            """
    return files

_PROMPT = re.compile(r"f\(x\) = (\d)\*x\^(\d)")


def write_quiz_kb(root: Path, files: dict[str, str] | None = None) -> Path:
    for rel, text in (files or FILES).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def coefficients(prompt: str) -> tuple[int, int]:
    m = _PROMPT.search(prompt)
    assert m, f"not a power prompt: {prompt!r}"
    return int(m.group(1)), int(m.group(2))


def solve(prompt: str) -> str:
    """The right answer to a power prompt, worked by hand: d/dx a·xⁿ = (n·a)·x^(n-1)."""
    a, n = coefficients(prompt)
    return f"{a * n}*x^{n - 1}"


def wrong(prompt: str) -> str:
    """A wrong answer: the 'exponent kept' slip."""
    a, n = coefficients(prompt)
    return f"{a * n}*x^{n}"
