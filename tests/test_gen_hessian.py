"""hessian: hand-computed Hessians (Rosenbrock and more), the classification test, many seeds."""

from __future__ import annotations

from collections import Counter

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.concepts import prose_problem, tex_problem
from osmose.exercises import make_exercise
from osmose.family import Reject, VerificationError

FAM = family("hessian")
gen = __import__(FAM.generate.__module__)
x, y, z = sp.symbols("x y z")
ROSENBROCK = (1 - x) ** 2 + 100 * (y - x**2) ** 2


@pytest.mark.parametrize("level", (1, 2, 3))
@pytest.mark.parametrize("task", ("full", "at_point", "classify"))
def test_500_seeds_per_task_and_level_verify(task, level):
    made = []
    for n in (2, 3):   # 150 seeds with 2 variables + 150 with 3 per (task, level)
        made += sweep(FAM, {"task": task, "level": level, "variables": n}, seeds=range(150))
    for ex in made:
        n = ex.params["variables"]
        assert prose_problem(ex.prompt_tex) is None, ex.id
        assert all(tex_problem(s.tex) is None for s in ex.solution), ex.id
        if task == "classify":
            assert ex.kind == "choice" and ex.answer in gen.LABELS
        else:
            assert ex.kind == "matrix" and ex.answer.shape == (n, n)
            assert ex.answer == ex.answer.T, ex.id          # Schwarz: symmetric
            if task == "at_point":
                assert not ex.answer.free_symbols, ex.id
    if task == "classify":
        for n in (2, 3):
            labels = Counter(ex.answer for ex in made if ex.params["variables"] == n)
            # every outcome of the test turns up, none dominates
            assert set(labels) == set(gen.LABELS), labels
            assert max(labels.values()) < 0.5 * sum(labels.values()), labels


def test_rosenbrock_variants_are_drawn_at_level_2():
    # (a − x)² + b(y − x²)² at (a, a²), shown as written, not expanded
    known = {gen.rosenbrock(a, b, (x, y)) for a in (1, -1, 2) for b in (1, 2, 3, 5, 10, 100)}
    drawn = [make_exercise(FAM, {"task": "classify", "level": 2, "variables": 2}, s)
             for s in range(60)]
    rosen = [ex for ex in drawn if sp.sympify(ex.given["f"]) in known]
    assert rosen and all(ex.answer == "minimum" for ex in rosen)


def test_same_seed_same_exercise():
    for task in ("full", "at_point", "classify"):
        assert deterministic(FAM, {"task": task, "level": 3, "variables": 3})


# --- golden cases, computed by hand ------------------------------------------------

def test_golden_rosenbrock_at_its_minimum():
    # f = (1−x)² + 100(y−x²)²:  f_x = −2(1−x) − 400x(y−x²),  f_y = 200(y−x²)
    # f_xx = 2 − 400(y−x²) + 800x² → 2 − 0 + 800 = 802 at (1, 1)
    # f_xy = −400x → −400,  f_yy = 200
    expected = sp.Matrix([[802, -400], [-400, 200]])
    p = gen.build_problem("at_point", ROSENBROCK, (x, y), (1, 1))
    assert p.answer == expected
    FAM.verify(p.given, expected)
    with pytest.raises(VerificationError):
        FAM.verify(p.given, sp.Matrix([[802, 400], [400, 200]]))
    # D = 802·200 − 400² = 160400 − 160000 = 400 > 0 and f_xx = 802 > 0: a minimum
    c = gen.build_problem("classify", ROSENBROCK, (x, y), (1, 1))
    assert c.answer == "minimum"
    assert any("400" in s.text for s in c.solution)
    FAM.verify(c.given, "minimum")
    for wrong in ("maximum", "saddle", "inconclusive"):
        with pytest.raises(VerificationError):
            FAM.verify(c.given, wrong)


def test_golden_rosenbrock_in_three_variables():
    # f = Σ_{i=1,2} (1 − x_i)² + 100(x_{i+1} − x_i²)² at (1, 1, 1):
    # f_xx = 2 + 800 = 802, f_yy = 200 (first term) + 802 (second) = 1002, f_zz = 200,
    # f_xy = −400, f_yz = −400, f_xz = 0
    f = gen.rosenbrock(1, 100, (x, y, z))
    expected = sp.Matrix([[802, -400, 0], [-400, 1002, -400], [0, -400, 200]])
    p = gen.build_problem("at_point", f, (x, y, z), (1, 1, 1))
    assert p.answer == expected
    FAM.verify(p.given, expected)
    # minors: 802 > 0; 802·1002 − 160000 = 643604 > 0; det = 802·(1002·200 − 160000)
    # + 400·(−400·200) = 802·40400 − 32000000 = 400800 > 0: positive definite
    assert gen.principal_minors(expected) == [802, 643604, 400800]
    assert gen.build_problem("classify", f, (x, y, z), (1, 1, 1)).answer == "minimum"


def test_golden_full_hessian():
    # f = x³ + x²y² − 2xy: f_xx = 6x + 2y², f_xy = 4xy − 2, f_yy = 2x²
    p = gen.build_problem("full", x**3 + x**2 * y**2 - 2 * x * y, (x, y))
    expected = sp.Matrix([[6 * x + 2 * y**2, 4 * x * y - 2], [4 * x * y - 2, 2 * x**2]])
    assert p.answer == expected
    FAM.verify(p.given, expected)
    names = {m.name: m.answer for m in p.mistakes}
    assert names["sign slip in a mixed entry"] == sp.Matrix(
        [[6 * x + 2 * y**2, 2 - 4 * x * y], [2 - 4 * x * y, 2 * x**2]])
    assert names["forgot a factor 2"] == sp.Matrix(
        [[3 * x + y**2, 4 * x * y - 2], [4 * x * y - 2, x**2]])
    with pytest.raises(VerificationError):
        FAM.verify(p.given, names["forgot a factor 2"])


def test_golden_full_hessian_with_log_domain():
    # f = x² ln y (y > 0): f_xx = 2 ln y, f_xy = 2x/y, f_yy = −x²/y²
    p = gen.build_problem("full", x**2 * sp.log(y), (x, y), positive=frozenset({"y"}))
    assert p.answer == sp.Matrix([[2 * sp.log(y), 2 * x / y], [2 * x / y, -x**2 / y**2]])
    assert p.checking.variables == {"x": "real", "y": "positive"}
    FAM.verify(p.given, p.answer)


@pytest.mark.parametrize("rows, label", [
    ([[2, 0], [0, -2]], "saddle"),                    # D = −4 < 0
    ([[-2, 1], [1, -2]], "maximum"),                  # D = 4 − 1 = 3 > 0, f_xx < 0
    ([[2, 1], [1, 2]], "minimum"),                    # D = 3 > 0, f_xx > 0
    ([[2, 2], [2, 2]], "inconclusive"),               # D = 4 − 4 = 0
    ([[2, -1, 0], [-1, 2, -1], [0, -1, 2]], "minimum"),   # minors 2, 3, 4
    ([[-1, 0, 0], [0, -2, 0], [0, 0, -3]], "maximum"),    # minors −1, 2, −6
    ([[1, 0, 0], [0, 1, 0], [0, 0, -1]], "saddle"),       # minors 1, 1, −1
    ([[1, 0, 0], [0, -1, 0], [0, 0, 0]], "saddle"),       # singular but λ = 1, −1: indefinite
    ([[1, 0, 0], [0, 1, 0], [0, 0, 0]], "inconclusive"),  # λ = 1, 1, 0: semidefinite
    ([[1, 1, 1], [1, 1, 1], [1, 1, 1]], "inconclusive"),  # λ = 3, 0, 0
])
def test_golden_second_derivative_test(rows, label):
    assert gen.classify_matrix(sp.Matrix(rows)) == label


def test_golden_inconclusive_critical_points():
    # x² + y⁴ (a minimum) and x² − y⁴ (a saddle) both have H(0,0) = [[2, 0], [0, 0]]:
    # the test cannot tell them apart
    for f in (x**2 + y**4, x**2 - y**4):
        p = gen.build_problem("classify", f, (x, y), (0, 0))
        assert p.answer == "inconclusive"
        FAM.verify(p.given, "inconclusive")
        with pytest.raises(VerificationError):
            FAM.verify(p.given, "minimum")
        assert "saddle" in {m.answer for m in p.mistakes}   # "det = 0 means saddle"


def test_golden_maximum_and_its_typical_mistakes():
    # f = −x² + xy − y² at (0, 0): H = [[−2, 1], [1, −2]], D = 3 > 0, f_xx = −2 < 0: maximum
    p = gen.build_problem("classify", -x**2 + x * y - y**2, (x, y), (0, 0))
    assert p.answer == "maximum"
    wrong = {m.name: m.answer for m in p.mistakes}
    assert wrong["det > 0 means minimum"] == "minimum"
    assert "maximum" not in wrong.values()


def test_golden_saddle_that_the_diagonal_hides():
    # f = x² + 3xy + y² at (0, 0): H = [[2, 3], [3, 2]], D = 4 − 9 = −5 < 0: a saddle,
    # though both diagonal entries (and the trace) are positive
    p = gen.build_problem("classify", x**2 + 3 * x * y + y**2, (x, y), (0, 0))
    assert p.answer == "saddle"
    FAM.verify(p.given, "saddle")
    assert {m.answer for m in p.mistakes} >= {"minimum"}


def test_a_point_that_is_not_critical_fails_verification():
    # f = x² + y² at (1, 0): the gradient (2, 0) does not vanish
    given = {"f": "x**2 + y**2", "variables": ["x", "y"],
             "domains": {"x": "real", "y": "real"}, "point": ["1", "0"]}
    with pytest.raises(VerificationError):
        FAM.verify(given, "minimum")


def test_zero_hessian_is_rejected():
    # x³ − 3xy² (monkey saddle): H = [[6x, −6y], [−6y, −6x]] is zero at (0, 0):
    # nothing to drill there
    with pytest.raises(Reject):
        gen.build_problem("at_point", x**3 - 3 * x * y**2, (x, y), (0, 0))


def test_level_1_classify_makes_the_decisive_outcomes_common():
    # the entry level drills minimum / maximum / saddle; inconclusive stays the exception,
    # and f depends on every variable (no f = −x³ − 4x² − 5x "of x and y")
    for n in (2, 3):
        made = [make_exercise(FAM, {"task": "classify", "level": 1, "variables": n}, s)
                for s in range(200)]
        labels = Counter(ex.answer for ex in made)
        assert labels["inconclusive"] <= 0.15 * len(made), labels
        assert all(labels[k] >= 0.2 * len(made) for k in ("minimum", "maximum", "saddle")), labels
        for ex in made:
            f = sp.sympify(ex.given["f"])
            assert all(f.has(sp.Symbol(v)) for v in ex.given["variables"]), ex.id


# --- regressions from issue 10 ---------------------------------------------------------

def test_classify_prompt_names_the_eigenvalue_test():
    # hessian:v1:level=1,task=classify,variables=3:1155: an indefinite but singular 3×3
    # Hessian is a saddle by eigenvalues, "inconclusive" by a determinant rule; the prompt
    # now names the test, and the answer follows it
    p = gen.build_problem("classify", x**2 - y**2 + x * z**3, (x, y, z), (0, 0, 0))
    assert p.answer == "saddle"                     # eigenvalues 2, −2, 0
    for prompt in (p.prompt_tex, p.prompt_text):
        assert "eigenvalues of the Hessian" in prompt and "saddle if there are positive and negative" in prompt
    FAM.verify(p.given, "saddle")


def test_factor_2_feedback_only_when_f_has_a_square():
    # hessian:v1:level=1,task=full,variables=2:21 offered "d²/dx²(x²) = 2" for f without x²
    no_square = gen.build_problem("full", x**3 * y + 2 * x * y**3, (x, y))
    assert "forgot a factor 2" not in {m.name for m in no_square.mistakes}
    square = gen.build_problem("full", x**2 * y + x * y**3, (x, y))
    (m,) = [m for m in square.mistakes if m.name == "forgot a factor 2"]
    assert "d²/dx²(x²) = 2" in m.feedback


def test_trace_feedback_matches_the_sign_of_the_trace():
    # hessian:v1:level=1,task=classify,variables=2:21: "a positive sum" said of a trace ≤ 0
    negative = gen.build_problem("classify", -x**2 + 3 * x * y - y**2, (x, y), (0, 0))  # trace −4, saddle
    (m,) = [m for m in negative.mistakes if m.name == "trace alone"]
    assert m.answer == "maximum" and "negative sum" in m.feedback and "positive sum" not in m.feedback
    zero = gen.build_problem("classify", x**2 + 3 * x * y - y**2, (x, y), (0, 0))        # trace 0, saddle
    (m,) = [m for m in zero.mistakes if m.name == "trace alone"]
    assert m.answer == "inconclusive" and "zero sum" in m.feedback
    assert sorted(FAM.levels) == [1, 2, 3]


def test_characteristic_step_has_no_double_signs():
    # issue 10: "λ² − (-30)λ + (200)" in the singular 3×3 step
    p = gen.build_problem("classify", -x**2 - 2 * y**2 + x * z**3, (x, y, z), (0, 0, 0))
    (step,) = [s for s in p.solution if s.say.startswith("det H = 0")]
    assert step.text == "λ² + 6·λ + 8 = 0"      # −2 and −4: tr H = −6, e₂ = 8
    assert "(-" not in step.tex and "- -" not in step.tex
