"""gaussian_kl_mv family: KL between 2-D Gaussians and the VAE term KL(N(μ, diag σ²) ‖ N(0, I))."""

import pytest
import sympy as sp

from conftest import family
from family_sweep import module, sweep
from osmose.exercises import make_exercise
from osmose.family import VerificationError

FAM = family("gaussian_kl_mv")
MOD = module(FAM)
R, ln2 = sp.Rational, sp.log(2)


def test_golden_vae_term():
    # μ = (1, −1), σ² = (1, ½): ½[(1 + 1 − 1 − 0) + (½ + 1 − 1 − ln½)] = ½[1 + ½ + ln2] = ¾ + ½ln2
    assert sp.expand(MOD.kl_vae([1, -1], [1, R(1, 2)]) - (R(3, 4) + ln2 / 2)) == 0


def test_golden_vae_term_from_log_variance():
    # μ = (0, 1), log σ² = (1, 0): ½[(e + 0 − 1 − 1) + (1 + 1 − 1 − 0)] = ½(e − 1)
    assert sp.expand(MOD.kl_vae([0, 1], None, [1, 0]) - (sp.E - 1) / 2) == 0


def test_golden_general():
    # N((0,0), I) vs N((1,0), 2I): tr(Σ₂⁻¹Σ₁) = 1, Mahalanobis = ½, −k = −2, ln(det Σ₂/det Σ₁) = ln 4
    # KL = ½(1 + ½ − 2 + 2ln2) = −¼ + ln2
    kl = MOD.kl_gauss(sp.Matrix([0, 0]), sp.eye(2), sp.Matrix([1, 0]), 2 * sp.eye(2))
    assert sp.expand(kl - (ln2 - R(1, 4))) == 0
    # the reverse: tr(I·2I) = 4, Mahalanobis = 1, ln(1/4): ½(4 + 1 − 2 − 2ln2) = 3/2 − ln2
    rev = MOD.kl_gauss(sp.Matrix([1, 0]), 2 * sp.eye(2), sp.Matrix([0, 0]), sp.eye(2))
    assert sp.expand(rev - (R(3, 2) - ln2)) == 0


def test_quadrature_verifier_is_independent_of_closed_form():
    given = {"ask": "general", "mu1": ["0", "0"], "S1": [["1", "0"], ["0", "1"]],
             "mu2": ["1", "0"], "S2": [["2", "0"], ["0", "2"]]}
    assert FAM.verify(given, ln2 - R(1, 4)).max_error < 1e-9
    with pytest.raises(VerificationError):
        FAM.verify(given, R(3, 2) - ln2)  # direction swapped


def test_full_covariances_at_level_3():
    for seed in range(10):
        g = make_exercise(FAM, {"ask": "general", "level": 3}, seed).given
        assert g["S1"][0][1] != "0" and g["S2"][0][1] != "0"


def test_deterministic():
    for params in FAM.variants():
        assert make_exercise(FAM, params, 4).to_json() == make_exercise(FAM, params, 4).to_json()


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


def test_log_variance_names_its_base():
    # "log σ²" left the base open; the VAE convention is the natural log
    ex = make_exercise(FAM, {"ask": "vae", "level": 3}, 0)
    assert "ln σ² = " in ex.prompt_text and "natural log, so σ² = e^(ln σ²)" in ex.prompt_text
    assert r"\ln\sigma^2" in ex.prompt_tex and "log σ²" not in ex.prompt_text
