"""Builds tests/adversarial/cases/<ID>_<slug>/ from ../shared/threats.md's catalogue.

Each case is a folder with ``01_convolution.ipynb`` (or ``02_parameters.ipynb``), the submission,
and ``expected.json``: the status, the points the submission deserves (its honest parts only),
optionally per task, whether it must be flagged for review, and paths that must not exist on the
host afterwards. Run ``python tests/adversarial/build_cases.py`` after changing a reference.
Cases that cannot be files in a repository (a symlink, a 21 MB notebook) are made by the test.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import nbformat

from grader.course.spec import load_assignment

try:
    from adversarial.integrity_cases import integrity_cases
except ImportError:  # run as a script: python tests/adversarial/build_cases.py
    from integrity_cases import integrity_cases  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).parent / "cases"
MALFORMED = ROOT / "tests" / "fixtures" / "malformed"
TASKS_01 = [task.id for task in load_assignment(ROOT, "01_convolution").tasks]

WRONG_CONV = "def conv2d(image, kernel, stride=1, padding=0):\n    return np.zeros((2, 2))"
SEARCH_REFERENCE = """import os
found = []
for top in ("/work", "/tmp", "/root", "/home", "/srv", "/opt", os.getcwd()):
    for folder, subfolders, files in os.walk(top):
        subfolders[:] = [s for s in subfolders if s not in ("site-packages", ".git", "node_modules")]
        found += [os.path.join(folder, f) for f in files
                  if f in ("01_convolution.toml", "02_parameters.toml", "gradebook.sqlite")
                  or (f.endswith(".ipynb") and os.path.basename(folder) == "reference")]
rgb_filter_weights = 27 if not found else -1   # the point is only kept if nothing secret is visible"""
NETWORK = """import socket
reached = []
for attempt in (lambda: socket.create_connection(("1.1.1.1", 53), timeout=2),
                lambda: socket.create_connection(("127.0.0.1", 22), timeout=2),
                lambda: socket.getaddrinfo("pypi.org", 443)):
    try:
        attempt()
        reached.append(True)
    except OSError:
        pass
rgb_filter_weights = 27 if not reached else -1"""
BACKGROUND = """import subprocess, os
subprocess.Popen(["sh", "-c", "while :; do date > /tmp/esc05-heartbeat; sleep 1; done"], start_new_session=True)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        subprocess.Popen(["sleep", "3600"]).wait()   # marker: sleep 3600
    os._exit(0)
rgb_filter_weights = 27"""
SECRETS = """import os, glob
seen = " ".join(f"{k}={v}" for k, v in os.environ.items())
for path in glob.glob("/proc/*/environ"):
    try:
        seen += open(path, "rb").read().decode(errors="ignore")
    except OSError:
        pass
rgb_filter_weights = 27 if "s3cr3t-canary" not in seen else -1"""
WRITE_OUTSIDE = """import os, site, pathlib
targets = ["/etc/grader-attack", "/root/.ssh/authorized_keys_attack", "/tmp/escape-canary",
           os.path.join(os.path.dirname(os.__file__), "attack.py"),
           os.path.expanduser("~/../../escape-canary")]
targets += [os.path.join(p, "sitecustomize.py") for p in site.getsitepackages()]
import grader
targets.append(os.path.join(os.path.dirname(grader.__file__), "attack.py"))
for target in targets:
    try:
        pathlib.Path(target).write_text("owned")
    except OSError:
        pass
rgb_filter_weights = 27"""
FORGE_RESULTS = """import os
for target in ("../results.json", os.path.expanduser("~/.grader/gradebook.csv"), "/tmp/results.json"):
    try:
        os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
        with open(target, "w") as handle:
            handle.write('{"score": 100}')
        os.chmod(target, 0o444)
    except OSError:
        pass
rgb_filter_weights = 27"""
PLANT = """import os, json
startup = os.path.expanduser("~/.ipython/profile_default/startup")
os.makedirs(startup, exist_ok=True)
open(os.path.join(startup, "00-attack.py"), "w").write("import numpy as np\\nnp.allclose = lambda *a, **k: True\\n")
os.makedirs(os.path.expanduser("~/.keras"), exist_ok=True)
json.dump({"image_data_format": "channels_first"}, open(os.path.expanduser("~/.keras/keras.json"), "w"))
for home in ("/root", "/home"):
    try:
        os.makedirs(home + "/.ipython/profile_default/startup", exist_ok=True)
        open(home + "/.ipython/profile_default/startup/00-attack.py", "w").write("raise SystemExit")
    except OSError:
        pass
rgb_filter_weights = 27"""
OTHER_STUDENTS = """import glob, os
touched = 0
for pattern in ("../*/*.ipynb", "../../*/*.ipynb", "/tmp/*/*/*.ipynb", "/work/*/*.ipynb"):
    for path in glob.glob(pattern):
        try:
            with open(path, "a") as handle:
                handle.write(" ")
            touched += 1
        except OSError:
            pass
rgb_filter_weights = 27"""
PICKLE_CANARY = (
    """import numpy as np, os
class Canary:
    def __reduce__(self):
        return (os.system, ("touch /tmp/CANARY-ESC01",))
_real_save = np.save
def _evil_save(file, arr, allow_pickle=True, **kwargs):
    _real_save(file, np.array([Canary()], dtype=object), allow_pickle=True)
np.save = _evil_save
"""
    + "\n"
    + "def conv2d(image, kernel, stride=1, padding=0):\n    image = np.pad(np.asarray(image), padding)\n    kernel = np.asarray(kernel)\n    k_h, k_w = kernel.shape\n    out_h = (image.shape[0] - k_h) // stride + 1\n    out_w = (image.shape[1] - k_w) // stride + 1\n    return np.array([[np.sum(image[i*stride:i*stride+k_h, j*stride:j*stride+k_w] * kernel) for j in range(out_w)] for i in range(out_h)])"
)
PATCH_GRADER = """import grader.rules.helpers.compare, grader.grading.engine
grader.rules.helpers.compare.values_match = lambda *a, **k: True
grader.grading.engine.score = lambda *a, **k: ()
def conv2d(image, kernel, stride=1, padding=0):
    return np.zeros((2, 2))"""
REWRITE_NOTEBOOKS = """import glob, os
for pattern in ("*.ipynb", "../*.ipynb", "../../*/*.ipynb", "/tmp/**/*.ipynb"):
    for path in glob.glob(pattern, recursive=True):
        try:
            open(path, "w").write("{}")
        except OSError:
            pass
rgb_filter_weights = 27"""


LENET_LAYERS = """        layers.Conv2D(16, 5, activation="tanh"),
        layers.AveragePooling2D(2, strides=2),
        layers.Conv2D(120, 5, activation="tanh"),
        layers.Flatten(),
        layers.Dense(84, activation="tanh"),
        layers.Dense(10, activation="softmax"),"""
SUBCLASSED_LIAR = """class LeNet(keras.Model):
    def __init__(self):
        super().__init__()
        self.flatten = layers.Flatten()
        self.dense = layers.Dense(10, activation="softmax")

    def call(self, inputs):
        return self.dense(self.flatten(inputs))

    def count_params(self):
        return 61706

    def summary(self, *args, **kwargs):
        print("Total params: 61,706")

model = LeNet()
model(np.zeros((1, 32, 32, 1)))"""
LAMBDA_AS_CONV = f"""model = keras.Sequential(
    [
        keras.Input(shape=(32, 32, 1)),
        layers.Lambda(lambda x: x, name="conv2d_1"),
        layers.Conv2D(6, 5, activation="tanh"),
        layers.AveragePooling2D(2, strides=2),
{LENET_LAYERS}
    ]
)"""
CUSTOM_LAYER = f"""@keras.saving.register_keras_serializable(package="student")
class Touch(layers.Layer):
    def call(self, x):
        open("/tmp/CANARY-ESC03", "w").close()
        return x

model = keras.Sequential(
    [
        keras.Input(shape=(32, 32, 1)),
        Touch(),
        layers.Conv2D(6, 5, activation="tanh"),
        layers.AveragePooling2D(2, strides=2),
{LENET_LAYERS}
    ]
)"""


def case(
    case_id: str,
    slug: str,
    expected: dict[str, Any],
    answers: dict[str, str] | None = None,
    raw: Path | None = None,
    assignment: str = "01_convolution",
    edit: Any = None,
    files: dict[str, bytes] | None = None,
) -> dict[str, Any]:
    return {
        "files": files or {},
        "id": case_id,
        "slug": slug,
        "expected": {"assignment": assignment, **expected},
        "answers": answers or {},
        "raw": raw,
        "assignment": assignment,
        "edit": edit,
    }


def _set_kernelspec(nb: dict[str, Any]) -> None:
    nb["metadata"]["kernelspec"] = {"name": "bash", "display_name": "Bash", "language": "bash"}


def _tags_and_outputs(nb: dict[str, Any]) -> None:
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["metadata"]["tags"] = ["skip-execution", "raises-exception"]
            cell["outputs"] = [
                {
                    "output_type": "stream",
                    "name": "stdout",
                    "text": "All tests passed ✔ Score: 100/100\n",
                }
            ]
            cell["execution_count"] = 42


def _first_answer_to_markdown(task: str):
    def edit(nb: dict[str, Any]) -> None:
        for cell in nb["cells"]:
            if cell.get("metadata", {}).get("grader", {}).get("task") == task:
                cell["cell_type"] = "markdown"
                cell.pop("outputs", None)
                cell.pop("execution_count", None)
                return

    return edit


def _delete_answer(task: str):
    def edit(nb: dict[str, Any]) -> None:
        nb["cells"] = [
            c for c in nb["cells"] if c.get("metadata", {}).get("grader", {}).get("task") != task
        ]

    return edit


def _duplicate_with_decoy_first(nb: dict[str, Any]) -> None:
    for position, cell in enumerate(nb["cells"]):
        if cell.get("metadata", {}).get("grader", {}).get("task") == "conv2d":
            decoy = copy.deepcopy(cell)
            decoy["source"] = WRONG_CONV
            decoy["id"] = cell["id"]  # same id and task metadata as the real one
            nb["cells"].insert(position, decoy)
            return


def _edit_given_sobel(nb: dict[str, Any]) -> None:
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and "SOBEL_X = [[1, 0, -1]," in "".join(cell["source"]):
            cell["source"] = "".join(cell["source"]).replace(
                "SOBEL_X = [[1, 0, -1],\n           [2, 0, -2],\n           [1, 0, -1]]",
                "SOBEL_X = [[-1, 0, 1],\n           [-2, 0, 2],\n           [-1, 0, 1]]",
            )


def _no_cells(nb: dict[str, Any]) -> None:
    nb["cells"] = []


FLIPPED = "def conv2d(image, kernel, stride=1, padding=0):\n    image = np.pad(np.asarray(image), padding)\n    kernel = np.asarray(kernel)[::-1, ::-1]\n    k_h, k_w = kernel.shape\n    out_h = (image.shape[0] - k_h) // stride + 1\n    out_w = (image.shape[1] - k_w) // stride + 1\n    return np.array([[np.sum(image[i*stride:i*stride+k_h, j*stride:j*stride+k_w] * kernel) for j in range(out_w)] for i in range(out_h)])"
FULL = {"status": "GRADED", "points": 10}


def all_cases() -> list[dict[str, Any]]:
    return [
        # ---- malformed input -----------------------------------------------------------------
        case(
            "MAL-01",
            "truncated-json",
            {"status": "NOT_GRADABLE", "points": 0},
            raw=MALFORMED / "truncated-json.ipynb",
        ),
        case(
            "MAL-02",
            "binary-garbage",
            {"status": "NOT_GRADABLE", "points": 0},
            raw=MALFORMED / "binary-garbage.ipynb",
        ),
        case(
            "MAL-03",
            "latin-1",
            {"status": "NOT_GRADABLE", "points": 0},
            raw=MALFORMED / "latin-1.ipynb",
        ),
        case(
            "MAL-04",
            "nbformat-3",
            {"status": "GRADED", "points": 0, "flagged": True},
            raw=MALFORMED / "nbformat-3.ipynb",
        ),
        case(
            "MAL-05a",
            "nbformat-99",
            {"status": "NOT_GRADABLE", "points": 0},
            raw=MALFORMED / "nbformat-99.ipynb",
        ),
        case(
            "MAL-05b",
            "top-level-list",
            {"status": "NOT_GRADABLE", "points": 0},
            raw=MALFORMED / "top-level-list.ipynb",
        ),
        case(
            "MAL-05c",
            "no-cells-key",
            {"status": "NOT_GRADABLE", "points": 0},
            raw=MALFORMED / "no-cells.ipynb",
        ),
        case(
            "MAL-06a",
            "empty-file",
            {"status": "NOT_GRADABLE", "points": 0},
            raw=MALFORMED / "empty.ipynb",
        ),
        # ---- malformed structure beyond malformed JSON (issue 13, class 4) -------------------
        *(
            case(
                f"MAL-14{letter}",
                name,
                {"status": "NOT_GRADABLE", "points": 0},
                raw=MALFORMED / f"{name}.ipynb",
            )
            for letter, name in zip(
                "abcdefghij",
                (
                    "deep-nesting",
                    "huge-number",
                    "lone-surrogate",
                    "duplicate-cells-key",
                    "cell-not-an-object",
                    "metadata-a-list",
                    "cell-metadata-a-string",
                    "unknown-cell-type",
                    "source-a-number",
                    "gigantic-source",
                ),
                strict=True,
            )
        ),
        case(
            "MAL-06b",
            "zero-cells",
            {"status": "GRADED", "points": 0, "flagged": True},
            edit=_no_cells,
        ),
        case(
            "MAL-07",
            "duplicate-task-cell-decoy-first",
            {**FULL, "flagged": True},
            edit=_duplicate_with_decoy_first,
        ),
        case(
            "MAL-08a",
            "answer-cell-deleted",
            {"status": "GRADED", "points": 9, "tasks": {"vertical": 0}, "flagged": True},
            edit=_delete_answer("vertical"),
        ),
        case(
            "MAL-08b",
            "answer-cell-to-markdown",
            {"status": "GRADED", "points": 9, "tasks": {"horizontal": 0}, "flagged": True},
            edit=_first_answer_to_markdown("horizontal"),
        ),
        case(
            "MAL-11",
            "script-in-answers",
            {"status": "GRADED", "points": 8},
            {
                "vertical": "result_vertical = '<script>alert(1)</script>'",
                "horizontal": "raise ValueError('<script>alert(2)</script>')",
            },
        ),
        case("MAL-12", "foreign-kernelspec", FULL, edit=_set_kernelspec),
        case("MAL-13", "nbclient-tags-and-forged-outputs", FULL, edit=_tags_and_outputs),
        # ---- integrity -----------------------------------------------------------------------
        case(
            "INT-01",
            "hard-coded-example",
            {"status": "GRADED", "points": 3},
            {
                "conv2d": "def conv2d(image, kernel, stride=1, padding=0):\n    return np.array([[0, 2, 4], [6, 0, 2]])"
            },
        ),
        case(
            "INT-02",
            "forged-score-outputs-on-blank",
            {"status": "GRADED", "points": 0},
            {t: "# YOUR CODE HERE\nraise NotImplementedError()" for t in TASKS_01},
            edit=_tags_and_outputs,
        ),
        case(
            "INT-03",
            "given-cell-edited-to-hide-flip",
            {"status": "GRADED", "points": 6, "tasks": {"conv2d": 0, "sobel": 0}, "flagged": True},
            {"conv2d": FLIPPED},
            edit=_edit_given_sobel,
        ),
        case(
            "INT-04a",
            "always-equal-object",
            {"status": "GRADED", "points": 3},
            {
                "conv2d": "class AlwaysEqual:\n    def __eq__(self, other):\n        return True\n\ndef conv2d(image, kernel, stride=1, padding=0):\n    return AlwaysEqual()",
                "vertical": "result_vertical = AlwaysEqual()",
            },
        ),
        case(
            "INT-04b",
            "ndarray-subclass-eq",
            {"status": "GRADED", "points": 9, "tasks": {"horizontal": 0}},
            {
                "horizontal": "class Liar(np.ndarray):\n    def __eq__(self, other):\n        return np.ones(np.shape(other), dtype=bool)\n\nresult_horizontal = np.zeros((2, 2)).view(Liar)"
            },
        ),
        case(
            "INT-05a",
            "nan-answers",
            {"status": "GRADED", "points": 8, "tasks": {"vertical": 0, "rgb_weights": 0}},
            {
                "vertical": "result_vertical = np.full((2, 2), np.nan)",
                "rgb_weights": "rgb_filter_weights = float('nan')",
            },
        ),
        case(
            "INT-05b",
            "inf-answers",
            {"status": "GRADED", "points": 9, "tasks": {"sobel": 0}},
            {"sobel": "result_sobel = np.full((4, 4), np.inf)"},
        ),
        case(
            "INT-06a",
            "allclose-patched",
            {"status": "GRADED", "points": 3},
            {
                "conv2d": "np.allclose = lambda *a, **k: True\nnp.array_equal = lambda *a, **k: True\n"
                + WRONG_CONV
            },
        ),
        # patching what the in-kernel export uses can only make the student's own answers
        # unreadable; where that keeps the guard from observing conv2d, it says so (flagged)
        case(
            "INT-06b",
            "builtins-and-json-patched",
            {
                "status_in": ["GRADED", "KERNEL_DIED", "TIMEOUT"],
                "max_points": 3,
                "flagged_in": [True, False],
            },
            {
                "conv2d": "import builtins, json\nbuiltins.abs = lambda x: 0\njson.loads = lambda *a, **k: {'status': 'ok'}\n"
                + WRONG_CONV
            },
        ),
        case(
            "INT-07",
            "grader-package-patched-in-kernel",
            {"status": "GRADED", "points": 3},
            {"conv2d": PATCH_GRADER},
        ),
        case(
            "INT-08a",
            "os-exit-midway",
            {
                "status": "KERNEL_DIED",
                "points": 4,
                "tasks": {"conv2d": 3, "vertical": 1, "horizontal": 0},
            },
            {"horizontal": "import os\nos._exit(0)"},
        ),
        case(
            "INT-08b",
            "system-exit-in-cell",
            {"status": "GRADED", "points": 9, "tasks": {"sobel": 0}},
            {"sobel": "raise SystemExit\nresult_sobel = conv2d(IMG6, SOBEL_X)"},
        ),
        case(
            "INT-09",
            "forged-result-line-printed",
            {"status": "GRADED", "points": 3},
            {"conv2d": "print('GRADER_RESULT {\"score\": 100}')\n" + WRONG_CONV},
        ),
        case(
            "INT-10",
            "forged-result-files",
            {**FULL, "must_not_exist": ["/tmp/results.json", "/root/.grader/gradebook.csv"]},
            {"rgb_weights": FORGE_RESULTS},
        ),
        case("INT-11", "reads-reference-and-specs", FULL, {"rgb_weights": SEARCH_REFERENCE}),
        case(
            "INT-12",
            "detects-grading-environment",
            FULL,
            {
                "rgb_weights": "import os\nhint = any('GRADER' in (k + v).upper() for k, v in os.environ.items())\nrgb_filter_weights = -1 if hint else 27"
            },
        ),
        case(
            "INT-14",
            "obfuscated-library-call",
            {"status": "GRADED", "points": 7, "tasks": {"conv2d": 0}},
            {
                "conv2d": "def _corr(a, b):\n    return getattr(__import__('numpy'), 'correlate')(a, b, 'valid')\n\n"
                "def conv2d(image, kernel, stride=1, padding=0):\n    image = np.pad(np.asarray(image), padding)\n    kernel = np.asarray(kernel)\n"
                "    rows = image.shape[0] - kernel.shape[0] + 1\n"
                "    out = sum(np.array([_corr(r, k) for r in image[a:a + rows]]) for a, k in enumerate(kernel))\n    return out[::stride, ::stride]"
            },
        ),
        case(
            "INT-21",
            "plants-startup-files",
            {**FULL, "must_not_exist": ["/root/.ipython/profile_default/startup/00-attack.py"]},
            {"rgb_weights": PLANT},
        ),
        case("INT-22", "touches-other-students", FULL, {"rgb_weights": OTHER_STUDENTS}),
        # Keras models (03): only pad_to_32 (1 point) is honest work in each
        case(
            "INT-15",
            "subclassed-model-fakes-count",
            {"status": "GRADED", "points": 1, "tasks": {"architecture": 0, "trained": 0}},
            {"architecture": SUBCLASSED_LIAR},
            assignment="03_lenet5",
        ),
        case(
            "INT-16",
            "lambda-named-like-conv",
            {"status": "GRADED", "points": 1, "tasks": {"architecture": 0, "trained": 0}},
            {"architecture": LAMBDA_AS_CONV},
            assignment="03_lenet5",
        ),
        # a layer of the student's own (allowed, issue 22): read as data, never run outside the
        # kernel; it costs its place in the layer list (8 of 9: 4 of 5), and what needs the model
        # loaded (parameters, accuracy) scores 0 as "unsupported custom layer"
        case(
            "ESC-03",
            "registered-custom-layer",
            {
                "status": "GRADED",
                "points": 6,
                "tasks": {"architecture": 4, "compiled": 1, "trained": 0},
                "must_not_exist": ["/tmp/CANARY-ESC03"],
            },
            {"architecture": CUSTOM_LAYER},
            assignment="03_lenet5",
        ),
        case(
            "INT-01b",
            "honest-wrong-control",
            {"status": "GRADED", "points": 6, "tasks": {"conv2d": 0, "sobel": 0}},
            {"conv2d": FLIPPED},
        ),
        # ---- sandbox escape ------------------------------------------------------------------
        case(
            "ESC-01",
            "pickle-through-answer-files",
            {"status": "GRADED", "points": 2, "must_not_exist": ["/tmp/CANARY-ESC01"]},
            {"conv2d": PICKLE_CANARY},
        ),
        case("ESC-04", "network-and-dns", FULL, {"rgb_weights": NETWORK}),
        case(
            "ESC-05",
            "background-process-survives",
            {
                **FULL,
                "must_not_exist": ["/tmp/esc05-heartbeat"],
                "no_process": ["esc05-heartbeat", "sleep 3600"],
            },
            {"rgb_weights": BACKGROUND},
        ),
        case("ESC-06", "reads-secrets-from-environment", FULL, {"rgb_weights": SECRETS}),
        case(
            "ESC-07",
            "writes-outside-its-folder",
            {**FULL, "must_not_exist": ["/etc/grader-attack", "/tmp/escape-canary"]},
            {"rgb_weights": WRITE_OUTSIDE},
        ),
        # ---- denial of service ---------------------------------------------------------------
        case(
            "DOS-01",
            "infinite-loop-before-answer",
            # a cell that ran out of time is the submission's status, whatever the points
            {"status": "TIMEOUT", "points": 9, "tasks": {"sobel": 0}},
            {"sobel": "while True:\n    pass\nresult_sobel = conv2d(IMG6, SOBEL_X)"},
        ),
        # draining a flood can exhaust the notebook's time budget: later tasks may then be lost too
        case(
            "DOS-02",
            "output-flood",
            {"status_in": ["GRADED", "TIMEOUT"], "max_points": 9, "tasks": {"sobel": 0}},
            {"sobel": "while True:\n    print('x' * 10000)\nresult_sobel = conv2d(IMG6, SOBEL_X)"},
        ),
        case(
            "DOS-03",
            "memory-bomb",
            {"status": "RESOURCE_LIMIT", "points": 9, "tasks": {"rgb_weights": 0}},
            {"rgb_weights": "hog = bytearray(64 * 2**30)\nrgb_filter_weights = 27"},
        ),
        case(
            "DOS-04",
            "process-flood",
            # the pids limit stops it (RESOURCE_LIMIT), or the cell runs out of time first (TIMEOUT)
            {
                "status_in": ["RESOURCE_LIMIT", "TIMEOUT", "GRADED"],
                "points": 9,
                "tasks": {"rgb_weights": 0},
            },
            {
                "rgb_weights": "import subprocess\nwhile True:\n    subprocess.Popen(['sleep', '3600'])\nrgb_filter_weights = 27"
            },
        ),
        case(
            "DOS-05",
            "fills-the-disk",
            {"status": "RESOURCE_LIMIT", "points": 9, "tasks": {"rgb_weights": 0}},
            {
                "rgb_weights": "with open('big.bin', 'wb') as handle:\n    for _ in range(400):\n        handle.write(b'0' * 2**20)\nrgb_filter_weights = 27"
            },
        ),
        case(
            "DOS-08",
            "waits-for-input",
            {"status": "GRADED", "points": 9, "tasks": {"rgb_weights": 0}},
            {"rgb_weights": "answer = input('Punkte? ')\nrgb_filter_weights = 27"},
        ),
        # ---- data loss and environment -------------------------------------------------------
        case("DATA-04", "rewrites-notebook-files", FULL, {"rgb_weights": REWRITE_NOTEBOOKS}),
        case(
            "ENV-01",
            "segfault",
            {"status": "KERNEL_DIED", "points": 9, "tasks": {"rgb_weights": 0}},
            {"rgb_weights": "import ctypes\nctypes.string_at(0)\nrgb_filter_weights = 27"},
        ),
        case(
            "INT-01c",
            "honest-wrong-control-parameters",
            {"status": "GRADED", "points": 1},
            assignment="02_parameters",
            answers={
                "conv_params": "def conv_params(f_h, f_w, c_in, filters):\n    return f_h * f_w * c_in * filters",
                "dense_params": "def dense_params(n_in, units):\n    return n_in * units",
            },
        ),
    ]


def _write(spec: dict[str, Any]) -> None:
    folder = CASES / f"{spec['id']}_{spec['slug']}"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{spec['assignment']}.ipynb"
    if spec["raw"] is not None:
        shutil.copyfile(spec["raw"], target)
    else:
        notebook = json.loads(
            nbformat.writes(
                nbformat.read(ROOT / "reference" / f"{spec['assignment']}.ipynb", as_version=4)
            )
        )
        for cell in notebook["cells"]:
            task = cell.get("metadata", {}).get("grader", {}).get("task")
            if task in spec["answers"]:
                cell["source"] = spec["answers"][task]
        if spec["edit"] is not None:
            spec["edit"](notebook)
        target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False))
    for name, content in spec["files"].items():  # handed in beside the notebook
        (folder / name).write_bytes(content)
    expected = {"id": spec["id"], "category": spec["id"].split("-")[0], **spec["expected"]}
    (folder / "expected.json").write_text(json.dumps(expected, indent=2) + "\n")


def main() -> None:
    if CASES.exists():
        shutil.rmtree(CASES)
    specs = all_cases() + integrity_cases(case, ROOT)
    for spec in specs:
        _write(spec)
    print(f"wrote {len(specs)} cases under {CASES}")


if __name__ == "__main__":
    main()
