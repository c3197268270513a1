"""The guard in a real kernel: what it observes while the grader calls a by-hand function, what it
notices and refuses, and that notebook code can neither read its key nor forge its answers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from grader.boundary import (
    AnswerStatus,
    Call,
    ExecutionLimits,
    Observation,
    TaskRequest,
    call_key,
    model_key,
    observed_key,
    value_key,
)
from grader.execute.kernel import KernelRun, run_kernel
from grader.intake.model_file import inspect_model_file
from grader.intake.notebook import CodeCell

pytestmark = pytest.mark.kernel
BANNED = ("numpy.convolve", "numpy.correlate", "scipy.signal.correlate2d", "scipy.ndimage")
BY_HAND = """def conv2d(image, kernel):
    k_h, k_w = np.shape(kernel)
    image = np.asarray(image)
    return np.array([[np.sum(image[i:i + k_h, j:j + k_w] * kernel)
                      for j in range(image.shape[1] - k_w + 1)]
                     for i in range(image.shape[0] - k_h + 1)])"""
DECODED = """def conv2d(image, kernel):
    lib = getattr(__import__("".join(["nu", "mpy"])), bytes([99, 111, 114, 114, 101, 108, 97, 116, 101]).decode())
    image, kernel = np.asarray(image, dtype=float), np.asarray(kernel, dtype=float)
    rows = image.shape[0] - kernel.shape[0] + 1
    return sum(np.array([lib(r, k, "valid") for r in image[a:a + rows]]) for a, k in enumerate(kernel))"""


def _run(tmp_path: Path, *sources: str, values: tuple[str, ...] = ()) -> dict:
    answers = (CodeCell(i + 1, "t", source) for i, source in enumerate(sources))
    cells = (CodeCell(0, None, "import numpy as np"), *answers)
    call = Call("c", "conv2d", (np.arange(30.0).reshape(5, 6), np.ones((2, 3))))
    request = TaskRequest(values=values, calls=(call,), observe=(("conv2d", BANNED),))
    run = KernelRun(cells, {"t": request}, ExecutionLimits(), tmp_path, tmp_path / "keep")
    return dict(run_kernel(run).answers["t"])


def test_an_honest_function_is_observed_clean(tmp_path):
    answers = _run(tmp_path, BY_HAND)
    observed = answers[observed_key("conv2d")].value
    assert isinstance(observed, Observation)
    assert (observed.calls, observed.banned, observed.notes) == (1, (), ())


def test_a_library_call_reached_by_names_built_at_run_time_is_observed(tmp_path):
    answers = _run(tmp_path, DECODED)
    assert answers[observed_key("conv2d")].value.banned == ("numpy.correlate",)


def test_scipy_reached_through_importlib_and_builtins_is_observed(tmp_path):
    source = """_sig = vars(__builtins__)["__imp" + "ort__"]("importlib").import_module("scipy." + "signal")
def conv2d(image, kernel):
    return getattr(_sig, "correlate" + "2d")(image, kernel, "valid")"""
    answers = _run(tmp_path, source)
    assert answers[observed_key("conv2d")].value.banned == ("scipy.signal.correlate2d",)


LOADED = "import sys\nopen('loaded.txt', 'w').write(' '.join(sorted(sys.modules)))"


def test_observing_imports_no_library_that_the_notebook_did_not_load(tmp_path):
    """scipy loaded (Keras loads it) leaves its submodules unloaded: resolving the banned
    names must not import them (scipy's lazy attributes would, 50 MB in every such kernel)."""
    cells = (CodeCell(0, None, "import numpy as np\nimport scipy"), CodeCell(1, "t", BY_HAND))
    call = Call("c", "conv2d", (np.arange(30.0).reshape(5, 6), np.ones((2, 3))))
    request = TaskRequest(calls=(call,), observe=(("conv2d", BANNED),))
    after = CodeCell(2, None, LOADED)
    run = KernelRun((*cells, after), {"t": request}, ExecutionLimits(), tmp_path, tmp_path / "k")
    observed = run_kernel(run).answers["t"][observed_key("conv2d")].value
    assert (observed.calls, observed.banned) == (1, ())
    loaded = set((tmp_path / "loaded.txt").read_text().split())
    assert "scipy" in loaded and not loaded & {"scipy.signal", "scipy.ndimage"}


def test_a_library_loaded_lazily_by_the_function_itself_is_observed(tmp_path):
    """The call imports scipy.signal (seconds on a busy machine: a call limit of its own)."""
    source = """import scipy
def conv2d(image, kernel):
    return scipy.signal.correlate2d(image, kernel, "valid")"""
    cells = (CodeCell(0, None, "import numpy as np"), CodeCell(1, "t", source))
    call = Call("c", "conv2d", (np.arange(30.0).reshape(5, 6), np.ones((2, 3))))
    request = TaskRequest(calls=(call,), observe=(("conv2d", BANNED),))
    limits = ExecutionLimits(cell_timeout_s=240, notebook_timeout_s=300, call_timeout_s=60)
    run = KernelRun(cells, {"t": request}, limits, tmp_path, tmp_path / "keep")
    answers = run_kernel(run).answers["t"]
    assert answers[observed_key("conv2d")].value.banned == ("scipy.signal.correlate2d",)


def test_switching_the_profiler_off_is_noted_as_tampering(tmp_path):
    source = "import sys\n" + DECODED.replace(
        "    lib = ", "    sys.setprofile(None)\n    lib = ", 1
    )
    observed = _run(tmp_path, source)[observed_key("conv2d")].value
    assert observed.banned == ()  # not seen: the observer was off
    assert "tamper: sys.setprofile called" in observed.notes


def test_notebook_code_cannot_read_the_guards_key_or_list_its_objects(tmp_path):
    """The setup cell's source (with the signing key) is not in linecache, IPython's last result,
    its input history or the kernel's parent message; the garbage collector's listings and new
    audit hooks are refused."""
    probe = """import gc, linecache, sys
ip = get_ipython()
needle = "grader" + "_guard"
places = [repr(list(linecache.cache.values())), repr(ip.user_ns.get("In")), repr(ip.user_ns.get("_ih"))]
last = getattr(ip, "last_execution_result", None)
places.append(repr(getattr(getattr(last, "info", None), "raw_cell", "")))
try:
    places.append(repr(ip.kernel.get_parent()))
except Exception:
    pass
leaked = [i for i, place in enumerate(places) if needle in place]
refused = []
for attempt in (gc.get_objects, lambda: gc.get_referrers(sys)):
    try:
        attempt()
    except RuntimeError:
        refused.append(True)
heard = []
sys.addaudithook(lambda event, args: heard.append(event))  # silently not added (PEP 578)
sys.audit("anybody.there")
refused.append(heard == [])"""
    answers = _run(tmp_path, BY_HAND, probe, values=("leaked", "refused"))
    assert answers[value_key("leaked")].value == []
    assert answers[value_key("refused")].value == [True, True, True]
    notes = answers[observed_key("conv2d")].value.notes
    assert "gc.get_objects refused" in notes and "sys.addaudithook refused" in notes


def test_a_manifest_forged_by_notebook_code_is_not_trusted(tmp_path):
    """Notebook code that keeps the harvest from running and writes the answers itself cannot
    sign them: every answer of that harvest is untrusted."""
    forge = """import builtins, json, os
_real_import = builtins.__import__
class _FakeSys:
    @staticmethod
    def audit(event, folder):
        json.dump({"values": {"x": {"status": "ok", "file": "value-x.json"}}, "models": {},
                   "digests": {}, "calls": {}}, open(os.path.join(folder, "manifest.json"), "w"))
        json.dump(42, open(os.path.join(folder, "value-x.json"), "w"))
        open(os.path.join(folder, "manifest.json.mac"), "w").write("0" * 128)
builtins.__import__ = lambda name, *a, **k: _FakeSys if name == "sys" else _real_import(name, *a, **k)
x = 42"""
    answers = _run(tmp_path, BY_HAND, forge, values=("x",))
    assert answers[value_key("x")].status == AnswerStatus.UNTRUSTED
    assert answers[value_key("x")].detail == "guard:unsigned"


def test_a_banned_function_renamed_away_after_its_import_is_still_recognised(tmp_path):
    """Keeping the real function and replacing the library's attribute (so that no name of the
    library leads to it any more) hides nothing: the guard took the library's functions the
    moment the library finished loading, before any notebook code could touch them."""
    source = """import importlib
_nd = importlib.import_module("scipy." + "ndimage")
_real = getattr(_nd, "corr" + "elate")
setattr(_nd, "corr" + "elate", None)
def conv2d(image, kernel):
    return _real(np.asarray(image, dtype=float), np.asarray(kernel, dtype=float), mode="constant")"""
    observed = _run(tmp_path, source)[observed_key("conv2d")].value
    assert observed.banned == ("scipy.ndimage",)


def test_reading_the_kernels_memory_is_refused(tmp_path):
    source = """from pathlib import Path
try:
    open(Path("/proc/self/mem"), "rb")
    refused = False
except PermissionError:
    refused = True"""
    answers = _run(tmp_path, BY_HAND, source, values=("refused",))
    assert answers[value_key("refused")].value is True
    assert "process memory opened" in answers[observed_key("conv2d")].value.notes


@pytest.mark.keras
def test_tensorflow_used_outside_a_by_hand_function_costs_nothing_inside_it_costs_the_task(
    tmp_path, root
):
    """One notebook: a cell checks conv2d against tf.nn.conv2d and keras.ops.conv (fine), and
    pool2d reaches tf.nn.max_pool2d through a name built at run time (costs the pooling task)."""
    import json

    from grader.course.spec import load_assignment
    from grader.grading.submission import GradeOptions, grade_notebook

    notebook = json.loads((root / "reference" / "01_convolution.ipynb").read_text())
    check = """import tensorflow as tf
import keras
x = np.asarray(IMG6, dtype="float32")[None, :, :, None]
k = np.asarray(SOBEL_X, dtype="float32")[:, :, None, None]
assert np.allclose(tf.nn.conv2d(x, k, 1, "VALID")[0, :, :, 0], conv2d(IMG6, SOBEL_X))
assert np.allclose(keras.ops.conv(x, k)[0, :, :, 0], conv2d(IMG6, SOBEL_X))"""
    pooling = """def pool2d(fm, size=2, stride=2, mode="max"):
    nn = getattr(tf, "n" + "n")
    pool = getattr(nn, ("max" if mode == "max" else "avg") + "_pool2d")
    x = np.asarray(fm, dtype="float32")[None, :, :, None]
    return np.asarray(pool(x, size, stride, "VALID"))[0, :, :, 0]"""
    for position, cell in enumerate(notebook["cells"]):
        task = cell.get("metadata", {}).get("grader", {}).get("task")
        if task == "pooling":
            cell["source"] = pooling
        if task == "conv2d":
            added = {"cell_type": "code", "metadata": {}, "source": check, "outputs": []}
            notebook["cells"].insert(position + 1, {**added, "execution_count": None})
    path = tmp_path / "01_convolution.ipynb"
    path.write_text(json.dumps(notebook))
    result = grade_notebook(path, load_assignment(root, "01_convolution"), GradeOptions(seed=2))
    points = {t.task: t.points for t in result.tasks}
    assert result.cell_errors == () and points["conv2d"] == 3 and points["pooling"] == 0
    assert result.points == 9
    by_hand = next(c for t in result.tasks for c in t.checks if c.id == "pooling/by-hand")
    assert "tensorflow.nn" in by_hand.outcome.message.params["call"]


def test_a_call_that_runs_out_of_time_leaves_the_guard_working(tmp_path):
    """The grader's call limit (an alarm) can strike inside the profiler's handling of a call
    (likely here: the loop does nothing but calls); the next harvest still runs and reports."""
    slow = "def _tick():\n    pass\n\ndef conv2d(image, kernel):\n    while True:\n        _tick()"
    cells = (CodeCell(0, None, "import numpy as np"), CodeCell(1, "a", slow))
    calls = tuple(Call(f"c{i}", "conv2d", (np.ones((3, 3)), np.ones((2, 2)))) for i in range(8))
    first = TaskRequest(calls=calls, observe=(("conv2d", BANNED),))
    second = TaskRequest(values=("np_version",))
    cells += (CodeCell(2, "b", "np_version = np.__version__"),)
    limits = ExecutionLimits(call_timeout_s=0.2)
    run = KernelRun(cells, {"a": first, "b": second}, limits, tmp_path, tmp_path / "keep")
    answers = run_kernel(run).answers
    assert {answers["a"][call_key(c.id)].status for c in calls} == {AnswerStatus.TIMEOUT}
    assert answers["b"][value_key("np_version")].status == AnswerStatus.OK


LENET = """import keras
from keras import layers

def lenet():
    return keras.Sequential([
        keras.Input((32, 32, 1)),
        layers.Conv2D(6, 5, activation="tanh"), layers.AveragePooling2D(2),
        layers.Conv2D(16, 5, activation="tanh"), layers.AveragePooling2D(2),
        layers.Conv2D(120, 5, activation="tanh"), layers.Flatten(),
        layers.Dense(84, activation="tanh"), layers.Dense(10, activation="softmax"),
    ])"""
HONEST_COMPILES = {  # the ways real course code compiles a model: each leaves Keras' own state
    "loss_object": """model = lenet()
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=keras.losses.SparseCategoricalCrossentropy(),
              metrics=[keras.metrics.SparseCategoricalAccuracy()])""",
    "loss_function": """model = lenet()
model.compile(optimizer="sgd", loss=keras.losses.sparse_categorical_crossentropy, metrics=["accuracy"])""",
    "own_loss_function": """def my_loss(y_true, y_pred):
    return keras.losses.sparse_categorical_crossentropy(y_true, y_pred)
model = lenet()
model.compile(optimizer="adam", loss=my_loss, metrics=["accuracy"])""",
    "compiled_twice_and_trained": """import numpy as np
model = lenet()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.compile(optimizer=keras.optimizers.SGD(0.01), metrics=["accuracy"],
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=False))
x, y = np.random.default_rng(0).random((32, 32, 32, 1)), np.arange(32) % 10
model.fit(x, y, epochs=2, batch_size=16, validation_split=0.25, verbose=0,
          callbacks=[keras.callbacks.EarlyStopping(patience=1, restore_best_weights=True),
                     keras.callbacks.ReduceLROnPlateau(patience=1),
                     keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.9)])""",
    "classes_not_instances": """import numpy as np
model = lenet()
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy,
              metrics=[keras.metrics.SparseCategoricalAccuracy])
model.fit(np.zeros((8, 32, 32, 1)), np.arange(8) % 10, epochs=1, verbose=0)""",
    "cloned_and_loaded": """import os, tempfile
model = keras.models.clone_model(lenet())
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])
_path = os.path.join(tempfile.mkdtemp(), "m.keras")
model.save(_path)
model = keras.models.load_model(_path)""",
}
PATCHES = {  # callables put on the model by notebook code, Keras' compile record forged or not
    "loss_replaced": """model = lenet()
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])
model.loss = lambda y, p: 0.0""",
    "record_forged": """model = lenet()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
_config = model.get_config
model.get_config = lambda: _config()
model._compile_config.config["get_config"] = model.get_config""",
}


def _models(tmp_path: Path, sources: dict[str, str]) -> dict[str, object]:
    """Each source defines ``model`` in its own cell; the harvest after it exports that model."""
    cells = [CodeCell(0, None, LENET)]
    cells += [
        CodeCell(i + 1, name, source)
        for i, name in enumerate(sources)
        for source in [sources[name]]
    ]
    requests = {name: TaskRequest(models=("model",)) for name in sources}
    limits = ExecutionLimits(cell_timeout_s=120)
    run = KernelRun(tuple(cells), requests, limits, tmp_path, tmp_path / "keep")
    answers = run_kernel(run).answers
    return {name: answers[name][model_key("model")] for name in sources}


@pytest.mark.keras
def test_keras_own_instance_state_is_not_taken_for_a_patch(tmp_path):
    """Compile stores its arguments on the model (``model.loss`` is then a Loss object or a
    function, shadowing Keras' deprecated ``Model.loss`` method): every honest way leaves the
    kernel as a trusted model."""
    answers = _models(tmp_path, HONEST_COMPILES)
    assert {name: (a.status, a.detail) for name, a in answers.items()} == {
        name: (AnswerStatus.OK, "") for name in HONEST_COMPILES
    }
    # the class, which Keras' compile trains with as its instance, is saved as that instance
    saved = inspect_model_file(answers["classes_not_instances"].value.path).compile_config
    assert saved is not None
    assert saved["loss"]["class_name"] == "SparseCategoricalCrossentropy"
    assert saved["metrics"][0]["class_name"] == "SparseCategoricalAccuracy"


@pytest.mark.keras
def test_a_callable_put_on_the_model_by_notebook_code_is_refused(tmp_path):
    """A loss replaced after compile is not compile's record; a method slipped into the record
    under a name that is no parameter of compile is not either."""
    answers = _models(tmp_path, PATCHES)
    assert {name: (a.status, a.detail) for name, a in answers.items()} == {
        "loss_replaced": (AnswerStatus.UNTRUSTED, "instance:Sequential.loss"),
        "record_forged": (AnswerStatus.UNTRUSTED, "instance:Sequential.get_config"),
    }
