import math

import numpy as np
import pytest

from grader.rules.helpers.compare import describe, first_difference, values_match


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        (27, 27),
        (27.0, 27),  # an integral float counts as the integer
        (np.int64(27), 27),
        (np.float32(27.0), 27),
        (0.1 + 0.2, 0.3),
        (1.0 + 5e-7, 1.0),  # inside the relative tolerance of 1e-6
        ([[0, 3], [0, 2]], np.array([[0, 3], [0, 2]])),
        ((28, 28, 64), [28, 28, 64]),  # a shape may be a tuple or a list
        (np.array([1.0, 2.0]), [1, 2]),
        ([(28, 28, 64), (2304,)], [[28, 28, 64], [2304]]),  # ragged lists compare entry by entry
    ],
)
def test_matches_as_the_contract_says(found, expected):
    assert values_match(found, expected)


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        (27.5, 27),
        (26.999999, 27),  # integers match exactly, not within tolerance
        (1.0 + 2e-6, 1.0),
        (math.nan, 1.0),
        (math.nan, math.nan),  # NaN never matches, not even NaN
        (np.array([[np.nan]]), np.array([[np.nan]])),
        ([[0, 3]], [[0, 3], [0, 2]]),  # shapes exactly
        ([[0, 3], [0, 2]], [[0, 0], [3, 2]]),
        ("27", 27),
        (True, 1),  # a bool is not a number answer
        ([1, 2, 3], 6),
        (6, [6]),
    ],
)
def test_rejects_what_the_contract_rejects(found, expected):
    assert not values_match(found, expected)


def test_describe_shortens_large_arrays_at_element_boundaries_and_shows_small_ones():
    big = np.arange(100).reshape(10, 10) * 1.125
    text = describe(big)
    assert len(text) <= 130 and text.endswith("…] (10×10)")
    numbers = text.replace("[", " ").replace("]", " ").replace(",", " ").split()
    assert all(n == "…" or n in {describe(float(v)) for v in big.flat} for n in numbers[:-1])
    assert describe(np.array([[1, 2], [3, 4]])) == "[[1, 2], [3, 4]]"
    assert describe(3.0) == "3" and describe(0.123456) == "0.1235"
    assert describe([(28, 28, 64), (2304,)]) == "[(28, 28, 64), (2304,)]"
    short = describe(list(range(1000, 1100)), limit=30)
    assert short.startswith("[1000, 1001, 1002, 1003, ") and short.endswith(", …] (100)")
    assert all(len(n) == 4 for n in short[1:-10].split(", "))  # whole numbers only


def test_the_first_difference_is_in_reading_order():
    assert first_difference([[0, 2], [6, 1]], [[0, 2], [6, 0]]) == ((1, 1), 1, 0)
    assert first_difference([[1.5, 2]], [[1.5, 2]]) is None
    assert first_difference([1, 2], [1, 2, 3]) is None
