"""The measuring process's JSON as typed facts: whatever shape a model's output has."""

from __future__ import annotations

from grader.intake.model_facts import Measurement


def test_probe_outputs_of_any_rank_become_one_row_per_image() -> None:
    """A LeNet-5 without Flatten answers each probe image with a (1, 1, 10) map: one row of ten
    floats per image, as the kernel's probe is compared (this raised a TypeError, exit 3)."""
    row = [[[float(i) for i in range(10)]]]
    measured = Measurement.from_json(
        {"loads": True, "params": 61706, "output_shape": [1, 1, 10], "probe_outputs": [row, row]}
    )
    assert measured.output_shape == (1, 1, 10)
    assert measured.probe_outputs == (tuple(float(i) for i in range(10)),) * 2


def test_flat_probe_outputs_stay_as_they_are() -> None:
    measured = Measurement.from_json({"loads": True, "params": 1, "probe_outputs": [[0.25, 0.75]]})
    assert measured.probe_outputs == ((0.25, 0.75),)
