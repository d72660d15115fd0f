"""second_partials: hand-computed second partials, Schwarz in the solution, many seeds."""

from __future__ import annotations

import re

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.concepts import prose_problem, tex_problem
from osmose.family import VerificationError

FAM = family("second_partials")
gen = __import__(FAM.generate.__module__)
x, y, z = sp.symbols("x y z")


def _equal(a, b) -> bool:
    return sp.simplify(sp.sympify(a) - sp.sympify(b)) == 0


@pytest.mark.parametrize("level", (1, 2, 3))
def test_500_seeds_per_level_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level})
    asked = {ex.given["wrt"][0] + ex.given["wrt"][1] for ex in made}
    # every kind of second partial turns up: pure and mixed, z only with 3 variables
    expected = {"xx", "yy", "xy"} | ({"zz", "xz", "yz"} if level == 3 else set())
    assert asked == expected
    for ex in made:
        assert ex.kind == "expr"
        assert prose_problem(ex.prompt_tex) is None, ex.id
        assert all(tex_problem(s.tex) is None for s in ex.solution), ex.id


@pytest.mark.parametrize("partial", ("pure", "mixed"))
def test_partial_param_selects_pure_or_mixed(partial):
    for ex in sweep(FAM, {"level": 3, "partial": partial}, seeds=range(100)):
        u, v = ex.given["wrt"]
        assert (u == v) == (partial == "pure"), ex.id


def test_mixed_partials_show_both_orders_and_name_schwarz():
    for seed in range(40):
        ex = gen_mixed(seed)
        text = " ".join(s.say for s in ex.solution)
        assert "Schwarz" in text, ex.id
        u, v = ex.given["wrt"]
        # f_uv and f_vu both appear in the worked solution
        shown = " ".join(s.text for s in ex.solution)
        assert f"f_{u}{v}" in shown and f"f_{v}{u}" in shown, ex.id


def gen_mixed(seed):
    from osmose.exercises import make_exercise
    return make_exercise(FAM, {"level": 2, "partial": "mixed"}, seed)


def test_mistakes_really_differ_from_the_answer():
    # an independent check (SymPy simplify) on a sample: the sweep compares printed forms
    from osmose.exercises import make_exercise
    for level in (1, 2, 3):
        for seed in range(12):
            ex = make_exercise(FAM, {"level": level}, seed)
            assert ex.mistakes, ex.id
            for m in ex.mistakes:
                assert not _equal(m.answer, ex.answer), (ex.id, m.name)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 2, "partial": "any"})
    assert deterministic(FAM, {"level": 3, "partial": "mixed"})


# --- golden cases, computed by hand ------------------------------------------------

def test_golden_mixed_partial_of_x2_exp_xy():
    # f = x² e^{xy}: f_x = 2x e^{xy} + x²y e^{xy}
    # f_xy = 2x·x e^{xy} + x² e^{xy} + x²y·x e^{xy} = (3x² + x³y) e^{xy}
    p = gen.build_problem(x**2 * sp.exp(x * y), ["x", "y"], ("x", "y"))
    assert _equal(p.answer, (3 * x**2 + x**3 * y) * sp.exp(x * y))
    FAM.verify(p.given, (3 * x**2 + x**3 * y) * sp.exp(x * y))
    with pytest.raises(VerificationError):  # the first-order answer is not f_xy
        FAM.verify(p.given, 2 * x * sp.exp(x * y) + x**2 * y * sp.exp(x * y))


def test_golden_pure_partial_with_chain_rule():
    # f = sin(3x + y) + x³y: f_x = 3cos(3x + y) + 3x²y, f_xx = −9 sin(3x + y) + 6xy
    p = gen.build_problem(sp.sin(3 * x + y) + x**3 * y, ["x", "y"], ("x", "x"))
    assert _equal(p.answer, -9 * sp.sin(3 * x + y) + 6 * x * y)
    names = {m.name: m.answer for m in p.mistakes}
    # forgot the inner factor 3 twice: −sin(3x + y) + 6xy
    assert _equal(names["forgot the chain-rule factor"], -sp.sin(3 * x + y) + 6 * x * y)
    # differentiated twice in y instead: −sin(3x + y)
    assert _equal(names["wrong variable"], -sp.sin(3 * x + y))
    assert _equal(names["first derivative only"], 3 * sp.cos(3 * x + y) + 3 * x**2 * y)
    # sign slip flips the negative term: +9 sin(3x + y) + 6xy
    assert _equal(names["sign slip"], 9 * sp.sin(3 * x + y) + 6 * x * y)


def test_golden_log_on_its_domain():
    # f = x² z ln y (y > 0): f_y = x² z / y, f_yz = x² / y, and the domain is y > 0
    p = gen.build_problem(x**2 * z * sp.log(y), ["x", "y", "z"], ("y", "z"), {"y"})
    assert _equal(p.answer, x**2 / y)
    assert p.checking.variables == {"x": "real", "y": "positive", "z": "real"}
    assert "y > 0" in p.prompt_tex and "y > 0" in p.prompt_text
    FAM.verify(p.given, x**2 / y)


def test_golden_schwarz_both_orders_agree_for_exp_xyz():
    # f = e^{xyz}: f_x = yz e^{xyz}, f_xz = y e^{xyz} + xy²z e^{xyz}; f_z = xy e^{xyz},
    # f_zx = y e^{xyz} + xy²z e^{xyz}: the same, as Schwarz says
    p = gen.build_problem(sp.exp(x * y * z), ["x", "y", "z"], ("x", "z"))
    expected = (y + x * y**2 * z) * sp.exp(x * y * z)
    assert _equal(p.answer, expected)
    assert any(re.search(r"f_zx = .* = f_xz", s.text) for s in p.solution)


def test_verify_rejects_a_sign_slip():
    # f = cos(xy): f_xx = −y² cos(xy); +y² cos(xy) is wrong
    given = {"f": "cos(x*y)", "variables": ["x", "y"], "wrt": ["x", "x"],
             "domains": {"x": "real", "y": "real"}}
    FAM.verify(given, -y**2 * sp.cos(x * y))
    with pytest.raises(VerificationError):
        FAM.verify(given, y**2 * sp.cos(x * y))


def test_chain_rule_mistake_drops_only_the_inner_factor():
    # d/dx e^{3x} = 3e^{3x}; forgetting the inner 3 gives e^{3x}
    assert gen.diff_without_chain(sp.exp(3 * x), x) == sp.exp(3 * x)
    # no inner function: x²y → 2xy either way
    assert gen.diff_without_chain(x**2 * y, x) == 2 * x * y
    # d/dy ln(x + y²) = 2y/(x + y²); without the inner 2y: 1/(x + y²)
    assert gen.diff_without_chain(sp.log(x + y**2), y) == 1 / (x + y**2)


def test_sign_slip_feedback_is_true_for_the_variant():
    # issue 10: "sign slip" always cited d/dt cos t (second_partials:v1:level=2,partial=pure:1)
    from osmose.exercises import make_exercise
    x, y = sp.symbols("x y")
    assert "cos" not in gen.sign_feedback(6 * x * y**2 - 2 * y)
    assert "it is -2·y, not 2·y" in gen.sign_feedback(6 * x * y**2 - 2 * y)
    assert "cos t = −sin t" in gen.sign_feedback(-3 * sp.cos(x) + x**2)
    for seed in range(40):
        ex = make_exercise(FAM, {"level": 2, "partial": "pure"}, seed)
        for m in ex.mistakes:
            if m.name == "sign slip" and "cos t" in m.feedback:
                assert ex.answer.has(sp.sin, sp.cos), ex.id


def test_levels_are_declared_easiest_first():
    assert sorted(FAM.levels) == [1, 2, 3]
