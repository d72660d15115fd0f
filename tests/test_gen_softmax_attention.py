"""softmax_attention family: softmax with temperature, its Jacobian, scaled dot-product attention."""

import pytest
import sympy as sp

from conftest import family
from family_sweep import module, sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError

FAM = family("softmax_attention")
MOD = module(FAM)
R, E = sp.Rational, sp.E


def test_golden_softmax_of_logs():
    # softmax(ln 1, ln 2, ln 3) = (1, 2, 3)/6
    assert MOD.softmax_rational((1, 2, 3)) == (R(1, 6), R(1, 3), R(1, 2))
    # temperature ½ squares: (1, 4)/5
    assert MOD.softmax_rational((1, 2), R(1, 2)) == (R(1, 5), R(4, 5))


def test_golden_jacobian():
    # s = (¼, ¾): diag(s) − ssᵀ = [[¼ − 1/16, −3/16], [−3/16, ¾ − 9/16]] = [[3/16, −3/16], [−3/16, 3/16]]
    assert MOD.jacobian((R(1, 4), R(3, 4))) == sp.Matrix([[R(3, 16), R(-3, 16)], [R(-3, 16), R(3, 16)]])
    # T = ½, s = (1/5, 4/5): 2·[[4/25, −4/25], [−4/25, 4/25]]
    assert MOD.jacobian((R(1, 5), R(4, 5)), R(1, 2)) == sp.Matrix([[R(8, 25), R(-8, 25)], [R(-8, 25), R(8, 25)]])


def test_verify_jacobian_by_finite_differences_rejects_missing_diagonal():
    given = {"ask": "jacobian", "z": ["0", "log(3)"], "T": "1"}
    good = sp.Matrix([[R(3, 16), R(-3, 16)], [R(-3, 16), R(3, 16)]])
    assert FAM.verify(given, good).method == "finite differences"
    with pytest.raises(VerificationError):
        FAM.verify(given, sp.Matrix([[R(-1, 16), R(-3, 16)], [R(-3, 16), R(-9, 16)]]))  # −ssᵀ only


def test_golden_attention_with_and_without_mask():
    Q = sp.Matrix([[2, 0, 0, 0], [0, 2, 0, 0]])
    K = sp.Matrix([[1, 0, 0, 0], [0, 1, 0, 0]])
    # QKᵀ/√4 = [[1, 0], [0, 1]] → rows softmax(1, 0) = (e, 1)/(e + 1) and softmax(0, 1) = (1, e)/(1 + e)
    full = MOD.attention_weights(Q, K, causal=False)
    assert sp.simplify(full - sp.Matrix([[E / (E + 1), 1 / (E + 1)], [1 / (E + 1), E / (E + 1)]])) == sp.zeros(2, 2)
    # causal: the first query sees only the first key
    causal = MOD.attention_weights(Q, K, causal=True)
    assert sp.simplify(causal - sp.Matrix([[1, 0], [1 / (E + 1), E / (E + 1)]])) == sp.zeros(2, 2)
    given = {"ask": "causal", "Q": Q.tolist(), "K": K.tolist(), "causal": True, "output": False}
    assert FAM.verify(given, causal).max_error < 1e-12
    with pytest.raises(VerificationError):
        FAM.verify(given, full)


def test_causal_weights_are_lower_triangular_rows_summing_to_one():
    for seed in range(20):
        A = make_exercise(FAM, {"ask": "causal", "level": 2}, seed).answer
        for i in range(A.rows):
            assert all(A[i, j] == 0 for j in range(i + 1, A.cols))
            assert abs(float(sum(A.row(i))) - 1) < 1e-12


def test_deterministic():
    for params in FAM.variants():
        assert make_exercise(FAM, params, 2).to_json() == make_exercise(FAM, params, 2).to_json()


@pytest.mark.slow
@pytest.mark.parametrize("params", FAM.variants(), ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()))
def test_sweep(params):
    # attention draws cost ~0.15 s each (the engine compares every mistake matrix with the checker)
    sweep(FAM, params, range(40 if params["ask"] in ("attention", "causal") else 100))


# --- regressions of issue 10 ----------------------------------------------------------------

def test_prompts_state_the_precision():
    for params in FAM.variants():
        ex = make_exercise(FAM, params, 4)
        said = ex.checking.statement()
        assert said in ex.prompt_text and said in ex.prompt_tex, ex.id


def test_causal_level_1_is_not_trivial():
    # v1: 2 tokens, so the first row was always (1, 0) and one softmax remained
    for seed in range(20):
        ex = make_exercise(FAM, {"ask": "causal", "level": 1}, seed)
        A = ex.answer
        assert A.shape == (3, 3)
        assert all(0 < float(A[i, j]) < 1 for i in (1, 2) for j in range(i + 1)), ex.id


def test_the_mask_is_defined_in_both_prompts():
    ex = make_exercise(FAM, {"ask": "causal", "level": 2}, 0)
    assert r"M_{ij} = -\infty" in ex.prompt_tex and r"M_{ij} = 0" in ex.prompt_tex
    assert "M_ij = −∞ for j > i" in ex.prompt_text and "softmax(QKᵀ/√d + M)" in ex.prompt_text


def test_no_value_matrix_has_equal_rows():
    for level in (3,):
        for ask in ("attention", "causal"):
            for seed in range(10):
                V = make_exercise(FAM, {"ask": ask, "level": level}, seed).given["V"]
                assert len({tuple(r) for r in V}) == len(V)


def test_answers_are_written_as_one_over_a_sum():
    # readable: softmax(0, 1)₁ = 1/(1 + e), not e^0/(e^0 + e^1)
    s = MOD.softmax([sp.Integer(0), sp.Integer(1)])
    assert s[0] == 1 / (1 + E) and s[1] == 1 / (1 + sp.exp(-1))
    ex = make_exercise(FAM, {"ask": "attention", "level": 1}, 3)
    for v in ex.answer:
        assert v.is_Pow and v.exp == -1 or v.is_Integer, (ex.id, v)
