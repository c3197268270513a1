"""Runs in its own sandboxed process: loads one model file with Keras' safe mode and measures it.

``python -m grader.kernel_side.evaluate_model JOBS.json OUT.json``: each job names a model file and
whether to evaluate it on ``x.npy``/``y.npy`` beside JOBS.json. The files have passed
``grader.model_file`` first, so only Keras' own layers get here; safe mode stays on regardless. The
parameter count is summed from the loaded weights (a model cannot tell its own count), and the
accuracy is the share of argmax predictions equal to the labels: the grader's own measurement,
never the model's compiled metrics. Whatever fails is written to OUT as a message, not raised.
"""

import json
import os
import sys


def measure(model_path, x=None, y=None):
    import keras
    import numpy as np

    try:
        model = keras.models.load_model(model_path, safe_mode=True, compile=False)
    except Exception as error:
        return {"loads": False, "error": f"{type(error).__name__}: {error}"[:500]}
    facts = {
        "loads": True,
        "params": int(sum(int(np.prod(w.shape)) for w in model.weights)),
        "input_shape": list(model.input_shape[1:]) if hasattr(model, "input_shape") else None,
        "output_shape": list(model.output_shape[1:]) if hasattr(model, "output_shape") else None,
    }
    if x is not None:
        try:
            scores = model.predict(x, batch_size=500, verbose=0)
            facts["accuracy"] = float(np.mean(np.argmax(scores, axis=-1) == y))
            facts["evaluated"] = len(y)
        except Exception as error:
            facts["evaluation_error"] = f"{type(error).__name__}: {error}"[:500]
    return facts


def main(argv):
    jobs_path, out_path = argv
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import numpy as np

    with open(jobs_path, encoding="utf-8") as handle:
        jobs = json.load(handle)
    folder = os.path.dirname(jobs_path)
    x = y = None
    if any(job["evaluate"] for job in jobs):
        x = np.load(os.path.join(folder, "x.npy"), allow_pickle=False)
        y = np.load(os.path.join(folder, "y.npy"), allow_pickle=False)
    results = []
    for job in jobs:
        results.append(measure(job["model"], *((x, y) if job["evaluate"] else ())))
        with open(out_path, "w", encoding="utf-8") as handle:  # what is done so far counts
            json.dump(results, handle)


if __name__ == "__main__":
    main(sys.argv[1:])
