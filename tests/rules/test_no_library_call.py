"""The by-hand ban, read from code as a syntax tree: aliases, helpers and star imports are seen through."""

import pytest

from grader.rules.base import Evidence, SourceCell
from grader.rules.no_library_call import check, parse

PARAMS = parse({"function": "conv2d", "what": "convolution"})


def _score(*sources: str) -> float:
    cells = tuple(SourceCell(i, None, source) for i, source in enumerate(sources))
    return check(PARAMS, Evidence(student={}, reference={}, source=cells), False).score


@pytest.mark.parametrize(
    "source",
    [
        "import scipy.signal\ndef conv2d(i, k, stride=1, padding=0):\n    return scipy.signal.correlate2d(i, k, 'valid')",
        "import scipy.signal as ss\ndef conv2d(i, k, stride=1, padding=0):\n    return ss.correlate2d(i, k)",
        "from scipy.signal import correlate2d as c\ndef conv2d(i, k, stride=1, padding=0):\n    return c(i, k)",
        "from scipy import signal\ndef conv2d(i, k, stride=1, padding=0):\n    return signal.convolve2d(i, k[::-1, ::-1])",
        "import numpy as np\nf = np.convolve\ndef conv2d(i, k, stride=1, padding=0):\n    return f(i, k)",
        "from scipy.signal import *\ndef conv2d(i, k, stride=1, padding=0):\n    return correlate2d(i, k)",
        "import tensorflow as tf\ndef conv2d(i, k, stride=1, padding=0):\n    return tf.nn.conv2d(i, k, 1, 'VALID')",
        "from tensorflow import keras\ndef conv2d(i, k, stride=1, padding=0):\n    return keras.layers.Conv2D(1, 3)(i)",
        "import numpy as np\ndef conv2d(i, k, stride=1, padding=0):\n    return getattr(np, 'correlate')(i, k)",
        "def conv2d(i, k, stride=1, padding=0):\n    import scipy.ndimage as nd\n    return nd.correlate(i, k)",
    ],
)
def test_library_convolution_is_found(source):
    assert _score(source) == 0.0


def test_a_helper_that_calls_the_library_is_found_and_named():
    helper = "import numpy as np\ndef _rows(a, b):\n    return np.correlate(a, b, 'valid')"
    by_hand = "def conv2d(i, k, stride=1, padding=0):\n    return _rows(i, k)"
    cells = tuple(SourceCell(n, None, s) for n, s in enumerate((helper, by_hand)))
    outcome = check(PARAMS, Evidence(student={}, reference={}, source=cells), False)
    assert outcome.score == 0.0
    assert outcome.message.params["call"] == "numpy.correlate"
    assert outcome.message.params["via"].params["helper"] == "_rows"


def test_by_hand_code_and_library_use_elsewhere_are_fine():
    by_hand = (
        "import numpy as np\nimport scipy.signal as ss\n"
        "def conv2d(image, kernel, stride=1, padding=0):\n"
        "    image = np.pad(np.asarray(image), padding)\n"
        "    return np.array([[np.sum(image[i:i+2, j:j+2] * kernel) for j in range(2)] for i in range(2)])\n"
    )
    check_cell = "print(ss.correlate2d([[1]], [[1]]))  # checking one's own result is allowed"
    assert _score(by_hand, check_cell) == 1.0


def test_cells_with_magics_or_syntax_errors_do_not_hide_the_function():
    by_hand = "%matplotlib inline\nimport numpy as np\ndef conv2d(i, k, stride=1, padding=0):\n    return np.convolve(i, k)"
    assert _score("def broken(:", by_hand) == 0.0


def _outcome(source: str, observed=None):
    from grader.boundary import observed_key

    student = {} if observed is None else {observed_key("conv2d"): observed}
    cells = (SourceCell(0, None, source),)
    return check(PARAMS, Evidence(student=student, reference={}, source=cells), False)


BY_HAND = "def conv2d(image, kernel, stride=1, padding=0):\n    return sum(image) * 0"


@pytest.mark.parametrize(
    ("source", "construct"),
    [
        ("def conv2d(i, k, stride=1, padding=0):\n    return eval('i')", "eval()"),
        ("def conv2d(i, k, stride=1, padding=0):\n    exec('x = 1')\n    return i", "exec()"),
        (
            "def conv2d(i, k, stride=1, padding=0):\n    return getattr(i, 'sh' + 'ape')",
            "getattr() with a computed name",
        ),
        (
            "def conv2d(i, k, stride=1, padding=0):\n    return __import__('o' + 's')",
            "__import__() with a computed name",
        ),
        ("def conv2d(i, k, stride=1, padding=0):\n    return __builtins__", "__builtins__"),
        (
            "import importlib\ndef conv2d(i, k, stride=1, padding=0):\n    return importlib.import_module('math')",
            "importlib",
        ),
        ("def conv2d(i, k, stride=1, padding=0):\n    return conv2d.__globals__", ".__globals__"),
    ],
)
def test_dynamic_code_in_a_by_hand_function_is_flagged_but_costs_nothing_by_itself(
    source, construct
):
    outcome = _outcome(source)
    assert outcome.score == 1.0 and outcome.flag is not None
    assert construct in outcome.flag.params["constructs"]


def test_what_the_guard_observed_decides_and_flags():
    from grader.boundary import Answer, AnswerStatus, Observation
    from grader.text.messages import text

    clean = Answer(AnswerStatus.OK, Observation(25, (), ()))
    banned = Answer(AnswerStatus.OK, Observation(25, ("scipy.signal.correlate2d",), ()))
    uncertain = Answer(AnswerStatus.OK, Observation(25, (), ("frames inspected",)))
    switched_off = Answer(AnswerStatus.OK, Observation(25, (), ("tamper: sys.setprofile called",)))
    unsigned = Answer(AnswerStatus.UNTRUSTED, detail="guard:unsigned")
    outcome = _outcome(BY_HAND, clean)
    assert (outcome.score, outcome.flag) == (1.0, None)
    assert "in the calls the grader observed" in text(outcome.message, "en")
    assert "die der Grader beobachtet hat" in text(outcome.message, "de")
    never_called = _outcome(BY_HAND, Answer(AnswerStatus.OK, Observation(0, (), ())))
    assert never_called.score == 1.0 and "observed" not in text(never_called.message, "en")
    outcome = _outcome(BY_HAND, banned)
    assert outcome.score == 0.0 and "observed at run time" in text(outcome.message, "en")
    assert "zur Laufzeit beobachtet" in text(outcome.message, "de")
    outcome = _outcome(BY_HAND, uncertain)
    assert outcome.score == 1.0 and "frames inspected" in text(outcome.flag, "en")
    for tampered in (switched_off, unsigned):
        outcome = _outcome(BY_HAND, tampered)
        assert outcome.score == 0.0 and outcome.flag is not None
