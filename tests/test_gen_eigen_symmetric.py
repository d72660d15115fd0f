"""eigen_symmetric: exact eigenvalues and eigenvectors scaled to a first entry 1, by hand and over many seeds."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError

FAM = family("eigen_symmetric")
gen = __import__(FAM.generate.__module__)
I = sp.Integer  # noqa: E741


@pytest.mark.parametrize("level", (1, 2, 3, 4))
def test_many_seeds_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level}, range(200))
    assert len({ex.prompt_text for ex in made}) >= 120  # the variety floor
    for ex in made:
        if level in (1, 3):
            assert list(ex.answer) == sorted(ex.answer)
        else:
            first = next(v for v in ex.answer if v != 0)
            assert first == 1
            # exact check, independent of the solver: A v = λ v in rationals
            A = sp.Matrix(ex.given["A"])
            assert A * sp.Matrix(ex.answer) == ex.given["lambda"] * sp.Matrix(ex.answer)


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 4})


def test_enumerated_matrices_include_known_ones():
    assert ((2, 1), (1, 2)) in gen.integer_spectrum_matrices(2)
    assert ((2, 1, 1), (1, 2, 1), (1, 1, 2)) in gen.integer_spectrum_matrices(3)


def test_golden_2x2():
    # [[2,1],[1,2]]: (2−λ)² − 1 = 0 → λ = 1, 3; for 3: (A − 3I)v = 0 → −v1 + v2 = 0 → (1, 1)
    A = [[2, 1], [1, 2]]
    FAM.verify({"ask": "eigenvalues", "A": A}, (I(1), I(3)))
    FAM.verify({"ask": "eigenvector", "A": A, "lambda": 3}, (I(1), I(1)))
    FAM.verify({"ask": "eigenvector", "A": A, "lambda": 1}, (I(1), I(-1)))
    with pytest.raises(VerificationError):
        FAM.verify({"ask": "eigenvector", "A": A, "lambda": 3}, (I(1), I(-1)))


def test_golden_3x3():
    # J + I with J all-ones: J has eigenvalues 3, 0, 0 → 4, 1, 1; the eigenvector for 4 is (1, 1, 1)
    A = [[2, 1, 1], [1, 2, 1], [1, 1, 2]]
    FAM.verify({"ask": "eigenvalues", "A": A}, (I(1), I(1), I(4)))
    FAM.verify({"ask": "eigenvector", "A": A, "lambda": 4}, (I(1), I(1), I(1)))
    with pytest.raises(VerificationError):
        FAM.verify({"ask": "eigenvalues", "A": A}, (I(1), I(4)))


def test_normalisation_is_first_nonzero_entry():
    assert gen.scaled((I(0), I(-2), I(4))) == (0, 1, -2)


def test_shift_is_written_without_double_signs():
    # issue 10: "(A − -1I)" in eigen_symmetric:v1:level=4:1
    assert gen.shifted(3) == ("A - 3I", "A − 3I")
    assert gen.shifted(-1) == ("A + I", "A + I")
    assert gen.shifted(-2) == ("A + 2I", "A + 2I")
    for seed in range(40):
        ex = make_exercise(FAM, {"level": 4}, seed)
        text = " ".join(s.text + s.tex for s in ex.solution) + " ".join(m.feedback for m in ex.mistakes)
        assert "- -" not in text and "− -" not in text and "−-" not in text, ex.id


def test_prompt_says_scaled_not_normalised():
    # issue 10: "normalised eigenvectors" while prompts scale the first nonzero entry to 1
    ex = make_exercise(FAM, {"level": 2}, 1)
    assert "first nonzero entry is 1" in ex.prompt_tex and "first nonzero entry 1" in ex.prompt_text
    assert "normalised" not in FAM.summary and "normalised" not in ex.prompt_text
    assert FAM.levels and sorted(FAM.levels) == [1, 2, 3, 4]


def test_2x2_eigenvectors_are_not_guessable():
    # [[a, b], [b, a]] gives (1, ±1) every time: it was half of all level-2 answers
    answers = [make_exercise(FAM, {"level": 2}, seed).answer for seed in range(100)]
    assert sum(a in ((1, 1), (1, -1)) for a in answers) <= 25
