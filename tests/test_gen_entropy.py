"""entropy family: entropy, cross-entropy, binary cross-entropy, and H(p, q) = H(p) + KL(p‖q)."""

import pytest
import sympy as sp

from conftest import family
from family_sweep import find_seed, module, sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError

FAM = family("entropy")
MOD = module(FAM)
R = sp.Rational
ln2, ln3 = sp.log(2), sp.log(3)


def test_golden_entropy_bits():
    # −½log₂½ − 2·¼log₂¼ = ½ + 1 = 3/2 bits
    assert MOD.entropy((R(1, 2), R(1, 4), R(1, 4)), "bits") == R(3, 2)


def test_golden_entropy_nats():
    # −¼ln¼ − ¾ln¾ = ½ln2 + ¾(2ln2 − ln3) = 2ln2 − ¾ln3
    assert sp.expand(MOD.entropy((R(1, 4), R(3, 4))) - (2 * ln2 - R(3, 4) * ln3)) == 0


def test_golden_cross_entropy_and_identity_bits():
    p, q = (R(1, 2), R(1, 2)), (R(1, 4), R(3, 4))
    # H(p, q) = −½log₂¼ − ½log₂¾ = 1 + 1 − ½log₂3 = 2 − ½log₂3; H(p) = 1; KL = 1 − ½log₂3
    half_log2_3 = ln3 / (2 * ln2)
    assert sp.expand(MOD.cross_entropy(p, q, "bits").rewrite(sp.log) - (2 - half_log2_3)) == 0
    assert MOD.entropy(p, "bits") == 1
    assert sp.expand(MOD.kl(p, q, "bits").rewrite(sp.log) - (1 - half_log2_3)) == 0


def test_golden_bce():
    # labels (1, 0), predictions (¼, ½): −½(ln¼ + ln½) = ½(2ln2 + ln2) = 3/2 ln2
    assert sp.expand(MOD.bce([1, 0], [R(1, 4), R(1, 2)]) - R(3, 2) * ln2) == 0


def test_verify_identity_rejects_swapped_kl():
    given = {"ask": "identity", "unit": "nats", "p": ["1/2", "1/2"], "q": ["1/4", "3/4"]}
    H, CE = ln2, sp.expand(-(R(1, 2) * sp.log(R(1, 4)) + R(1, 2) * sp.log(R(3, 4))))
    assert FAM.verify(given, (H, sp.expand(CE - H), CE)).max_error < 1e-12
    # KL(q‖p) = ¼ln(½) + ¾ln(3/2) ≠ KL(p‖q)
    with pytest.raises(VerificationError):
        FAM.verify(given, (H, R(1, 4) * sp.log(R(1, 2)) + R(3, 4) * sp.log(R(3, 2)), CE))


def test_identity_answers_satisfy_the_identity_exactly():
    for seed in range(30):
        H, D, CE = make_exercise(FAM, {"ask": "identity", "level": 2}, seed).answer
        assert sp.expand(H + D - CE) == 0


def test_deterministic():
    for params in FAM.variants():
        assert make_exercise(FAM, params, 11).to_json() == make_exercise(FAM, params, 11).to_json()


@pytest.mark.slow
@pytest.mark.parametrize("params", FAM.variants(), ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()))
def test_sweep_100_seeds(params):
    sweep(FAM, params, range(100))


# --- regressions of issue 10 ----------------------------------------------------------------

def test_prompts_state_the_precision():
    for params in FAM.variants():
        ex = make_exercise(FAM, params, 4)
        said = ex.checking.statement()
        assert said in ex.prompt_text and said in ex.prompt_tex, ex.id


def test_level_2_entropy_draws_many_distributions():
    # v1 had 11 distributions at level 2 (uniform thirds 16 times in 60 draws)
    made = [make_exercise(FAM, {"ask": "entropy", "level": 2}, s) for s in range(200)]
    assert len({tuple(ex.given["p"]) for ex in made}) >= 120
    thirds = sum(ex.given["p"] == ["1/3", "1/3", "1/3"] for ex in made)
    assert thirds <= 10


def test_bce_level_1_has_variety():
    # v1 bce level 1 had six answers in 60 draws
    made = [make_exercise(FAM, {"ask": "bce", "level": 1}, s) for s in range(200)]
    assert len({ex.prompt_text for ex in made}) >= 120
    assert len({str(ex.answer) for ex in made}) >= 40


def test_answers_in_bits_are_written_with_log2_and_read_back():
    # v1 printed ln(3)/ln(2); the checker must accept the printed answer as typed
    from osmose.checker import check_answer
    from osmose.mathtext import plain, tex
    ex = find_seed(FAM, {"ask": "entropy", "level": 1}, lambda g: any("3" in v for v in g["p"]))
    shown = plain(ex.answer)
    assert "log_2(3)" in shown and "log(2)" not in shown
    assert r"\log_2 3" in tex(ex.answer)
    assert check_answer(ex, shown).correct and check_answer(ex, f"{float(ex.answer):.4g}").correct
