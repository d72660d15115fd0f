"""cnn_arithmetic: shapes, parameter counts and receptive fields against textbook cases."""

from __future__ import annotations

import pytest

from conftest import family
from family_sweep import deterministic, sweep
from osmose.concepts import prose_problem, tex_problem
from osmose.family import VerificationError

FAM = family("cnn_arithmetic")


def conv(k, s=1, p=0, d=1, c=1, bias=True):
    return {"type": "conv", "k": k, "s": s, "p": p, "d": d, "c": c, "bias": bias}


@pytest.mark.parametrize("task", ("shape", "params", "receptive"))
@pytest.mark.parametrize("level", (1, 2))
def test_many_seeds_verify_and_stay_well_formed(level, task):
    made = sweep(FAM, {"level": level, "task": task}, seeds=range(150))
    for ex in made:
        assert prose_problem(ex.prompt_tex) is None, ex.id
        assert all(tex_problem(s.tex) is None for s in ex.solution), ex.id
        assert all(s.tex or not s.text for s in ex.solution), ex.id     # TeX views get the math too


def test_golden_shapes():
    # Dumoulin & Visin, "A guide to convolution arithmetic": 5×5 input, 3×3 kernel, stride 2, padding 1 → 3×3
    FAM.verify({"task": "shape", "input": [5, 5, 1], "layers": [conv(3, 2, 1)]}, 3)
    # same guide: 7×7 input, 3×3 kernel, dilation 2 → 3×3
    FAM.verify({"task": "shape", "input": [7, 7, 1], "layers": [conv(3, d=2)]}, 3)
    with pytest.raises(VerificationError):
        FAM.verify({"task": "shape", "input": [5, 5, 1], "layers": [conv(3, 2, 1)]}, 2)
    # AlexNet conv1: 227×227×3, 11×11 stride 4, 96 filters → 55×55×96
    FAM.verify({"task": "shape", "input": [227, 227, 3], "layers": [conv(11, 4, c=96)]}, (55, 55, 96))


def test_golden_params():
    # VGG's first layer: 3×3×3×64 + 64 = 1792; the second: 3×3×64×64 + 64 = 36928
    FAM.verify({"task": "params", "input": [0, 0, 3], "layers": [conv(3, c=64)]}, 1792)
    FAM.verify({"task": "params", "input": [0, 0, 3], "layers": [conv(3, c=64), conv(3, c=64)]}, 1792 + 36928)
    with pytest.raises(VerificationError):
        FAM.verify({"task": "params", "input": [0, 0, 3], "layers": [conv(3, c=64)]}, 1728)    # no bias
    FAM.verify({"task": "params", "input": [0, 0, 3], "layers": [conv(3, c=64, bias=False)]}, 1728)


def test_golden_receptive_field():
    # three 3×3 stride-1 convs see 7×7 (the VGG argument); two 3×3 stride-2 convs: 1 + 2 + 2·2 = 7
    FAM.verify({"task": "receptive", "layers": [conv(3)] * 3}, 7)
    FAM.verify({"task": "receptive", "layers": [conv(3, 2), conv(3, 2)]}, 7)
    # WaveNet-style dilations 1, 2, 4 with k = 2: 1 + 1 + 2 + 4 = 8
    FAM.verify({"task": "receptive", "layers": [conv(2, d=1), conv(2, d=2), conv(2, d=4)]}, 8)
    with pytest.raises(VerificationError):
        FAM.verify({"task": "receptive", "layers": [conv(3, 2), conv(3, 2)]}, 5)


def test_same_seed_same_exercise():
    for task in ("shape", "params", "receptive"):
        assert deterministic(FAM, {"level": 2, "task": task})
