"""backprop: hand-derived gradients of a one-hidden-unit network, checked by hand and over many seeds."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError

FAM = family("backprop")
gen = __import__(FAM.generate.__module__)
I = sp.Integer  # noqa: E741


@pytest.mark.parametrize("level", (1, 2, 3, 4))
def test_many_seeds_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level}, range(200))
    assert len({ex.prompt_text for ex in made}) >= 120  # the variety floor
    if level == 4:
        assert all(ex.answer[0].shape == (3, 2) and ex.answer[1].shape == (2, 2) for ex in made)
    else:
        assert all(len(ex.answer) == (5 if level == 2 else 4) for ex in made)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 3})


def test_golden_relu():
    # x=2, w=1, b=-1 → z=1 > 0, a=1; v=3, c=0 → ŷ=3; y=1 → ŷ−y=2
    # ∂L/∂v = 2·1 = 2, ∂L/∂c = 2, ∂L/∂z = 2·3·1 = 6 → ∂L/∂w = 6·2 = 12, ∂L/∂b = 6
    grads, _ = gen.gradients("relu", [I(2)], [I(1)], I(-1), I(3), I(0), I(1))
    assert grads == (12, 6, 2, 2)
    given = {"activation": "relu", "x": [2], "w": [1], "b": -1, "v": 3, "c": 0, "y": 1,
             "order": ["w", "b", "v", "c"]}
    FAM.verify(given, grads)
    with pytest.raises(VerificationError):  # forgot the output weight v on the way back
        FAM.verify(given, (I(4), I(2), I(2), I(2)))


def test_golden_sigmoid_at_zero():
    # x=1, w=1, b=-1 → z=0, σ=1/2, σ'=1/4; v=2, c=0 → ŷ=1; y=0 → ŷ−y=1
    # ∂L/∂v = 1·1/2, ∂L/∂c = 1, ∂L/∂z = 1·2·1/4 = 1/2 → ∂L/∂w = 1/2, ∂L/∂b = 1/2
    grads, _ = gen.gradients("sigmoid", [I(1)], [I(1)], I(-1), I(2), I(0), I(0))
    half = sp.Rational(1, 2)
    assert tuple(sp.nsimplify(g) for g in grads) == (half, half, half, 1)
    given = {"activation": "sigmoid", "x": [1], "w": [1], "b": -1, "v": 2, "c": 0, "y": 0,
             "order": ["w", "b", "v", "c"]}
    FAM.verify(given, (half, half, half, I(1)))


def test_two_inputs_share_the_hidden_error():
    # x=(1, -2), w=(1, 1), b=2 → z=1; v=1, c=0 → ŷ=1; y=-1 → ŷ−y=2, ∂L/∂z = 2
    grads, _ = gen.gradients("relu", [I(1), I(-2)], [I(1), I(1)], I(2), I(1), I(0), I(-1))
    assert grads == (2, -4, 2, 2, 2)


# --- regressions from issue 10 ---------------------------------------------------------

@pytest.mark.parametrize("level", (1, 2))
def test_relu_is_sometimes_off_and_the_kink_convention_is_stated(level):
    # issue 10: z > 0 in 500/500 draws, so the network was linear
    made = [make_exercise(FAM, {"level": level}, seed) for seed in range(120)]
    z = [sum(a * b for a, b in zip(ex.given["w"], ex.given["x"])) + ex.given["b"] for ex in made]
    assert sum(v < 0 for v in z) >= 0.2 * len(z) and sum(v == 0 for v in z) >= 3
    assert sum(v > 0 for v in z) >= 0.4 * len(z)
    for ex, v in zip(made, z):
        assert "φ′(z) = 0 for z ≤ 0" in ex.prompt_text, ex.id
        if v <= 0:   # nothing reaches w, b or v: only ∂L/∂c = ŷ − y survives
            assert all(g == 0 for g in ex.answer[:-1]) and ex.answer[-1] != 0, ex.id


def test_golden_dead_relu_and_kink():
    # x=2, w=1, b=-2 → z=0: by φ′(0) = 0, a = 0, ŷ = c = 1, y = 0 → ŷ − y = 1
    # ∂L/∂w = ∂L/∂b = 0 (φ′ = 0), ∂L/∂v = 1·a = 0, ∂L/∂c = 1
    given = {"activation": "relu", "x": [2], "w": [1], "b": -2, "v": 3, "c": 1, "y": 0,
             "order": ["w", "b", "v", "c"]}
    FAM.verify(given, (I(0), I(0), I(0), I(1)))
    with pytest.raises(VerificationError):   # φ′(0) = 1: ∂L/∂z = 1·3·1 = 3 → (6, 3, 0, 1)
        FAM.verify(given, (I(6), I(3), I(0), I(1)))


def test_level_3_names_s_or_t_and_answers_in_decimals():
    # issue 10: level 3 answers were nests like 1/(exp(-2)+1)
    for seed in range(30):
        ex = make_exercise(FAM, {"level": 3}, seed)
        named = "s = σ(z)" if ex.given["activation"] == "sigmoid" else "t = tanh z"
        assert named in ex.prompt_text, ex.id
        assert ex.checking.precision == "decimal" and "decimals to 3 significant figures" in ex.prompt_tex
        assert all(isinstance(g, (sp.Float, sp.Integer)) for g in ex.answer), ex.id
        assert "exp" not in str(ex.to_json()["answer"])


def test_golden_softmax_cross_entropy():
    # x = (1, 0), W₁ = [[1, 0], [-1, 0]], b₁ = 0 → W₁x = (1, −1), h = (1, 0) (unit 2 off)
    # W₂ = [[1, 0], [0, 0], [0, 0]], b₂ = (−1, 0, 0) → z = (0, 0, 0), p = (1/3, 1/3, 1/3)
    # y = 1 → p − e₁ = (−2/3, 1/3, 1/3); ∂L/∂W₂ = (p − e₁)hᵀ = [[−2/3, 0], [1/3, 0], [1/3, 0]]
    # W₂ᵀ(p − e₁) = (−2/3, 0), mask (1, 0) → δ₁ = (−2/3, 0); ∂L/∂W₁ = δ₁xᵀ = [[−2/3, 0], [0, 0]]
    given = {"activation": "softmax", "x": [1, 0], "W1": [[1, 0], [-1, 0]], "b1": [0, 0],
             "W2": [[1, 0], [0, 0], [0, 0]], "b2": [-1, 0, 0], "y": 1}
    t = sp.Rational(1, 3)
    gW2 = sp.ImmutableMatrix([[-2 * t, 0], [t, 0], [t, 0]])
    gW1 = sp.ImmutableMatrix([[-2 * t, 0], [0, 0]])
    FAM.verify(given, (gW2, gW1))
    with pytest.raises(VerificationError):   # forgot the one-hot target: p hᵀ
        FAM.verify(given, (sp.ImmutableMatrix([[t, 0], [t, 0], [t, 0]]), gW1))


def test_vectorised_level_draws_an_inactive_unit_and_lists_its_mistake():
    made = [make_exercise(FAM, {"level": 4}, seed) for seed in range(40)]

    def inactive(ex):
        W1, x, b1 = ex.given["W1"], ex.given["x"], ex.given["b1"]
        return any(sum(w * v for w, v in zip(row, x)) + b < 0 for row, b in zip(W1, b1))

    off = [ex for ex in made if inactive(ex)]
    assert 0.25 * len(made) <= len(off) <= 0.75 * len(made)
    listed = [ex for ex in made if "ReLU mask forgotten" in {m.name for m in ex.mistakes}]
    assert all(ex in off for ex in listed) and len(listed) >= 0.7 * len(off)
    for ex in off:   # the inactive unit's row of ∂L/∂W₁ is zero
        dead = [i for i, (row, b) in enumerate(zip(ex.given["W1"], ex.given["b1"]))
                if sum(w * v for w, v in zip(row, ex.given["x"])) + b < 0]
        assert all(ex.answer[1][i, j] == 0 for i in dead for j in range(2)), ex.id
    assert sorted(FAM.levels) == [1, 2, 3, 4]
