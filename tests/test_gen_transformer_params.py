"""transformer_params: counting the parameters of attention layers and encoder blocks."""

from __future__ import annotations

import pytest
import sympy as sp

from conftest import family
from family_sweep import deterministic, sweep
from osmose.family import VerificationError

FAM = family("transformer_params")


@pytest.mark.parametrize("level", (1, 2, 3))
def test_many_seeds_verify_and_stay_well_formed(level):
    made = sweep(FAM, {"level": level}, range(60))
    assert len({ex.prompt_text for ex in made}) >= 50
    assert all(ex.checking.precision == "integer" for ex in made)


# By hand. BERT-base (d = 768, 12 heads, d_ff = 3072): attention 4·768² + 4·768 = 2 362 368;
# the block adds 2·768·3072 + 3072 + 768 = 4 722 432 for the feed-forward network and 4·768 = 3072
# for two LayerNorms: 7 087 872 — the figure usually quoted per BERT-base layer.
# Cross-attention with d = 4, d_src = 2: 2·16 + 2·8 + 16 = 64.
@pytest.mark.parametrize("given, answer, wrong", [
    ({"level": 1, "d": 768, "heads": 12, "d_ff": 3072, "d_src": 512}, 2362368, 2359296),
    ({"level": 2, "d": 768, "heads": 12, "d_ff": 3072, "d_src": 512}, 7087872, 7084800),
    ({"level": 3, "d": 4, "heads": 2, "d_ff": 8, "d_src": 2}, 64, 80),
])
def test_golden_cases_and_a_wrong_answer_rejected(given, answer, wrong):
    FAM.verify(given, sp.Integer(answer))
    with pytest.raises(VerificationError):
        FAM.verify(given, sp.Integer(wrong))


def test_the_head_count_does_not_change_the_answer():
    made = sweep(FAM, {"level": 1}, range(60))
    for ex in made:
        d = ex.given["d"]
        assert ex.answer == 4 * d * d + 4 * d


def test_same_seed_same_exercise():
    assert deterministic(FAM, {"level": 2})
