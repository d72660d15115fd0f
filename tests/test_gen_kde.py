"""kde: kernel density estimates with box, Epanechnikov and Gaussian kernels."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("kde")
R = sp.Rational


@pytest.mark.parametrize("level", (1, 2, 3))
def test_many_seeds_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 55


# By hand. Box kernel, data (0, 1, 3), h = 1, x = 0.5: points 0 and 1 are within h, so
# f̂ = (½ + ½ + 0)/(3·1) = 1/3. Epanechnikov, data (0, 2), h = 2, x = 1: u = (1/2, −1/2),
# K = ¾·¾ each, f̂ = (9/16 + 9/16)/(2·2) = 9/32. Gaussian, one point at 0, h = 1, x = 0: 1/√(2π).
@pytest.mark.parametrize("given, answer, wrong", [
    ({"kernel": "box", "data": ["0", "1", "3"], "h": "1", "x": "1/2"}, R(1, 3), R(1, 2)),
    ({"kernel": "epanechnikov", "data": ["0", "2"], "h": "2", "x": "1"}, R(9, 32), R(9, 16)),
    ({"kernel": "gaussian", "data": ["0"], "h": "1", "x": "0"}, 1 / sp.sqrt(2 * sp.pi), 1 / sp.sqrt(sp.pi)),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, answer)
    with pytest.raises(VerificationError):
        FAM.verify(given, wrong)


def test_the_bandwidth_slip_is_offered_only_when_h_is_not_1():
    for ex in sweep(FAM, {"level": 2}, range(30)):
        assert ("unscaled distances" in {m.name for m in ex.mistakes}) == (ex.given["h"] != "1")


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 3})
