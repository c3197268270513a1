"""Runs in its own sandboxed process: loads one model file with Keras' safe mode and measures it.

``python -m grader.execute.evaluate_model [--wait] JOBS.json OUT.json``: with ``--wait``, Keras is
imported first and the jobs are read only after a line arrives on standard input (a process
started ahead, ``grader.execute.measure.StartedMeasurer``); it ends without reading anything when
standard input closes first. Each job names a model file and
whether to evaluate it on ``x.npy``/``y.npy`` beside JOBS.json (and on the private
``check_x.npy``/``check_y.npy``, where given). The files have passed
``grader.intake.model_file`` first, so only Keras' own layers get here; safe mode stays on
regardless. The parameter count is summed from the loaded weights (a model cannot tell its own
count), and the accuracy is the share of argmax predictions equal to the labels: the grader's own
measurement, never the model's compiled metrics. Whatever fails is written to OUT as a message, not
raised.
"""

import json
import os
import sys
from typing import Any

PROBE: Any = None  # the grader's probe pool, where the kernel's predictions on it are compared


GALLERY = 8  # misclassified test images kept for the student's page


def _scores(model: Any, x: Any, np: Any) -> Any:
    scores = model.predict(x, batch_size=500, verbose=0)
    if np.ndim(scores) != 2:  # argmax over the last axis would be compared by broadcasting
        raise ValueError(f"output shape {tuple(np.shape(scores)[1:])}: not one score per class")
    return scores


def _share_right(scores: Any, y: Any, np: Any) -> float:
    return float(np.mean(np.argmax(scores, axis=-1) == y))


def _per_class(scores: Any, x: Any, y: Any, np: Any) -> dict[str, Any]:
    """The confusion matrix (rows: true class, columns: predicted) and a gallery of the
    misclassified images the model was surest of, one per (true, predicted) pair first, each
    as 8-bit grey values: what the training doctor shows the student."""
    predicted = np.argmax(scores, axis=-1)
    classes = max(int(np.max(y)) + 1, scores.shape[-1])
    confusion = np.zeros((classes, classes), dtype=int)
    np.add.at(confusion, (y.astype(int), predicted), 1)
    wrong = np.flatnonzero(predicted != y)
    wrong = wrong[np.argsort(-scores[wrong, predicted[wrong]], kind="stable")]
    seen: set[tuple[int, int]] = set()
    first: list[int] = []
    rest: list[int] = []
    for index in wrong.tolist():
        pair = (int(y[index]), int(predicted[index]))
        (rest if pair in seen else first).append(index)
        seen.add(pair)
    gallery = []
    for index in (first + rest)[:GALLERY]:
        image = np.asarray(x[index], dtype="float32").reshape(x.shape[1], x.shape[2], -1)[..., 0]
        low, high = float(image.min()), float(image.max())
        grey = np.round((image - low) / (high - low or 1.0) * 255).astype(int)
        gallery.append(
            {
                "index": index,
                "true": int(y[index]),
                "predicted": int(predicted[index]),
                "pixels": grey.tolist(),
            }
        )
    return {"confusion": confusion.tolist(), "misclassified": gallery}


def _probe(model: Any, pool: Any, np: Any) -> list[list[float]]:
    """The model's outputs on the grader's probe images, made from ``pool`` as the guard made
    them in the kernel (``np.resize`` to the input shape), for the grader to compare."""
    x = np.resize(pool, (len(pool), *model.input_shape[1:])).astype("float32")
    return np.asarray(model(x, training=False), dtype="float32").tolist()


def measure(model_path: str, x: Any = None, y: Any = None, check: Any = None) -> dict[str, Any]:
    import keras
    import numpy as np

    try:
        model = keras.models.load_model(model_path, safe_mode=True, compile=False)
    except Exception as error:
        return {"loads": False, "error": f"{type(error).__name__}: {error}"[:500]}
    facts: dict[str, Any] = {
        "loads": True,
        "params": int(sum(int(np.prod(w.shape)) for w in model.weights)),
        "input_shape": list(model.input_shape[1:]) if hasattr(model, "input_shape") else None,
        "output_shape": list(model.output_shape[1:]) if hasattr(model, "output_shape") else None,
    }
    if PROBE is not None:
        try:
            facts["probe_outputs"] = _probe(model, PROBE, np)
        except Exception as error:
            facts["probe_error"] = f"{type(error).__name__}: {error}"[:300]
    if x is not None:
        try:
            scores = _scores(model, x, np)
            facts["accuracy"] = _share_right(scores, y, np)
            facts["evaluated"] = len(y)
            facts |= _per_class(scores, x, y, np)
            if check is not None:
                facts["check_accuracy"] = _share_right(_scores(model, check[0], np), check[1], np)
                facts["checked"] = len(check[1])
        except Exception as error:
            facts["evaluation_error"] = f"{type(error).__name__}: {error}"[:500]
    return facts


# what Keras imports only where it is installed, for features no measuring uses (DataFrames as
# training data, plotting image galleries): about 0.4 s of CPU of each measuring process's start
NOT_NEEDED = ("pandas", "matplotlib")


def main(argv: list[str]) -> None:
    wait = argv[:1] == ["--wait"]
    jobs_path, out_path = argv[1:] if wait else argv
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    for name in NOT_NEEDED:  # an import of them raises ImportError, as where none is installed
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
    import numpy as np

    if wait:
        import keras  # noqa: F401  (what every measuring pays, paid before the job is known)

        if not sys.stdin.readline():
            return  # discarded unused: nothing was read

    with open(jobs_path, encoding="utf-8") as handle:
        jobs = json.load(handle)
    folder = os.path.dirname(jobs_path)

    def load(name: str) -> Any:
        path = os.path.join(folder, name)
        return np.load(path, allow_pickle=False) if os.path.exists(path) else None

    global PROBE
    x, y, check_x, check_y = (load(n) for n in ("x.npy", "y.npy", "check_x.npy", "check_y.npy"))
    PROBE = load("probe.npy")
    check = (check_x, check_y) if check_x is not None else None
    results = []
    for job in jobs:
        data = (x, y, check) if job["evaluate"] else ()
        results.append(measure(job["model"], *data))
        with open(out_path, "w", encoding="utf-8") as handle:  # what is done so far counts
            json.dump(results, handle)


if __name__ == "__main__":
    main(sys.argv[1:])
