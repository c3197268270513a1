"""Runs inside the kernel: exports requested answers as plain data files (JSON, .npy).

This file's source text is sent to the kernel and executed in a private namespace, so it must only
import the standard library and numpy. Everything it writes is the student's word: the grader reads
the files back without pickle and checks types itself. A student who breaks this code (by patching
numpy or json) can only make their own answers unreadable.
"""

import json
import os
import signal
import time
from typing import Any

Entry = dict[str, Any]


PRIMITIVES = (bool, int, float, str, list, tuple)


def _array_like(value: Any, np: Any) -> Any:
    """An array of the ecosystem (a TensorFlow or Keras tensor or variable, a JAX array...) as
    a numpy array or scalar; anything else as it is. Found by duck typing, looked up on the type
    (an instance can claim any attribute): a ``numpy()`` method first, else ``__array__``.
    TensorFlow is never imported here: a notebook that never used it must not pay for it."""
    if value is None or isinstance(value, (*PRIMITIVES, np.ndarray, np.generic)):
        return value
    try:
        if callable(getattr(type(value), "numpy", None)):
            converted = np.asarray(type(value).numpy(value))
        elif callable(getattr(type(value), "__array__", None)):
            converted = np.asarray(value)
        else:
            return value
    except Exception:  # a tensor that cannot be read (one that needs a gradient, say)
        return value
    if converted.dtype.kind not in "biuf":  # bfloat16 and friends: as the floats they are
        try:
            converted = converted.astype(np.float64)
        except (TypeError, ValueError):
            return value
    return converted[()] if converted.ndim == 0 else converted


def _plain(value: Any, np: Any) -> Any:
    """JSON-able data, or raises TypeError for anything that is not plain data."""
    original = type(value).__name__
    value = _array_like(value, np)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int.__index__(value)
    if isinstance(value, float):
        return float.__float__(value)
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, np.generic) and value.dtype.kind in "biuf":
        return value.item()
    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        return value.tolist()
    if isinstance(value, list | tuple):
        return [_plain(item, np) for item in value]
    raise TypeError(original)


def _export(value: Any, path_stem: str, np: Any) -> Entry:
    """Writes value as .npy (numeric arrays, tensors among them) or .json, returns the manifest
    entry."""
    value = _array_like(value, np)
    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        np.save(path_stem + ".npy", np.ascontiguousarray(value), allow_pickle=False)
        return {"status": "ok", "file": os.path.basename(path_stem) + ".npy"}
    try:
        data = _plain(value, np)
    except (TypeError, RecursionError) as error:
        return {"status": "unsupported", "detail": str(error)[:80]}
    with open(path_stem + ".json", "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    return {"status": "ok", "file": os.path.basename(path_stem) + ".json"}


def _export_model(value: Any, path_stem: str) -> Entry:
    """A Keras model leaves the kernel only as the .keras file Keras itself writes: through the
    guard (``grader.execute.guard``), which checks the object and saves it with the references
    it took before the notebook ran; only without a guard through the object's own ``save``."""
    save_model = globals().get("_save_model")
    if save_model is not None:
        return save_model(value, path_stem)
    if not (callable(getattr(value, "save", None)) and hasattr(value, "layers")):
        return {"status": "unsupported", "detail": type(value).__name__ + " is not a Keras model"}
    try:
        value.save(path_stem + ".keras")
    except Exception as error:
        return {"status": "raised", "detail": _error_text(error)}
    return {"status": "ok", "file": os.path.basename(path_stem) + ".keras"}


def _digest(value: Any, path_stem: str, np: Any, near: tuple[Any, int] | None = None) -> Entry:
    """What a data split is judged on, without copying the data (a tensor of TensorFlow, JAX or
    Keras comes as the numpy array it holds, as values do): shape, value range and one
    hash per row (rows that occur in two splits then share a hash); with ``near`` (the other
    split and a seed), how close a sample of these images comes to their nearest image there."""
    import hashlib

    if not isinstance(value, np.ndarray) or value.dtype.kind not in "biuf" or value.ndim == 0:
        return {"status": "unsupported", "detail": type(value).__name__ + " is not an array"}
    rows = np.ascontiguousarray(value).reshape(len(value), -1)
    hashes = [
        int.from_bytes(hashlib.blake2b(row.tobytes(), digest_size=7).digest(), "big")
        for row in rows
    ]
    data = {
        "shape": list(value.shape),
        "dtype": str(value.dtype),
        "min": float(value.min()) if value.size else 0.0,
        "max": float(value.max()) if value.size else 0.0,
        "row_hashes": hashes,
    }
    if near is not None:
        data["near"] = _nearest_similarity(value, near[0], near[1], np)
    with open(path_stem + ".json", "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    return {"status": "ok", "file": os.path.basename(path_stem) + ".json"}


NEAR_SAMPLE = 200  # query images compared with every pool image
NEAR_CANDIDATES = 10  # pool images per query kept by the shift-invariant first pass
NEAR_SHIFT = 2  # pixels tried in each direction in the second pass


def _images(value: Any, np: Any) -> Any:
    """(n, h, w) float32 images of an image array ((n, h, w), (n, h, w, c) or (n, h*w)), or None."""
    if not isinstance(value, np.ndarray) or value.dtype.kind not in "biuf" or len(value) == 0:
        return None
    x = value.astype(np.float32, copy=False)
    if x.ndim == 4:
        x = x.mean(axis=3)
    elif x.ndim == 2 and round(x.shape[1] ** 0.5) ** 2 == x.shape[1]:
        side = round(x.shape[1] ** 0.5)
        x = x.reshape(len(x), side, side)
    return x if x.ndim == 3 and min(x.shape[1:]) > 2 * NEAR_SHIFT else None


def _standardised(x: Any, np: Any) -> Any:
    """Rows with zero mean and unit norm: the same for any brightness scale (x255, x0.9...)."""
    x = x.reshape(len(x), -1)
    x = x - x.mean(axis=1, keepdims=True)
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-6)


def _spectrum(x: Any, np: Any) -> Any:
    """Low-frequency magnitudes of the 2-D Fourier transform: the same for a shifted image."""
    k = min(8, x.shape[1] // 2, x.shape[2] // 2)
    parts = []
    for start in range(0, len(x), 5000):  # bounded memory for 55,000 images
        chunk = x[start : start + 5000]
        f = np.abs(np.fft.rfft2(chunk - chunk.mean(axis=(1, 2), keepdims=True)))
        low = np.concatenate([f[:, :k, :k], f[:, f.shape[1] - k + 1 :, :k]], axis=1)
        parts.append(_standardised(low.astype(np.float32), np))
    return np.concatenate(parts)


def _nearest_similarity(query: Any, pool: Any, seed: int, np: Any) -> list[float] | None:
    """For a seeded sample of query images, the highest correlation with any pool image, over
    shifts of up to NEAR_SHIFT pixels (on the part both still show): 1.0 for a copy (rescaled,
    shifted, +-1 in pixel values),
    about 0.93 for a typical pair of distinct Fashion-MNIST images. Two passes keep it to a
    second or two for 55,000 images: the shift-invariant spectrum picks candidates, the pixels
    decide. None when the arrays are not images of one size."""
    queries, images = _images(query, np), _images(pool, np)
    if queries is None or images is None or queries.shape[1:] != images.shape[1:]:
        return None
    rng = np.random.default_rng(seed)
    sample = queries[rng.choice(len(queries), min(NEAR_SAMPLE, len(queries)), replace=False)]
    candidates = min(NEAR_CANDIDATES, len(images))
    scores = _spectrum(sample, np) @ _spectrum(images, np).T
    top = np.argpartition(-scores, candidates - 1, axis=1)[:, :candidates]
    found = images[top]  # (queries, candidates, h, w)
    h, w = sample.shape[1:]
    similarity = np.full(len(sample), -1.0, dtype=np.float32)
    for a in range(-NEAR_SHIFT, NEAR_SHIFT + 1):
        for b in range(-NEAR_SHIFT, NEAR_SHIFT + 1):  # the part both images still show
            moved = sample[:, max(a, 0) : h + min(a, 0), max(b, 0) : w + min(b, 0)]
            still = found[:, :, max(-a, 0) : h + min(-a, 0), max(-b, 0) : w + min(-b, 0)]
            q = _standardised(moved, np)
            c = _standardised(still.reshape(-1, *still.shape[2:]), np)
            c = c.reshape(len(sample), candidates, -1)
            similarity = np.maximum(similarity, np.einsum("qd,qkd->qk", q, c).max(axis=1))
    return [round(float(s), 5) for s in similarity]


class _CallTimeout(Exception):
    pass


def _on_alarm(signum: int, frame: Any) -> None:
    raise _CallTimeout()


def _load_arg(spec: dict[str, Any], folder: str, np: Any) -> Any:
    if "npy" in spec:
        return np.load(os.path.join(folder, spec["npy"]), allow_pickle=False)
    return spec["json"]


def _call(function: Any, request: dict[str, Any], folder: str, timeout: float, np: Any) -> Any:
    """Calls the notebook's function; where the guard runs the harvest, under its observer (what
    the function reaches in the banned libraries is then reported beside the answers)."""
    args = [_load_arg(spec, folder, np) for spec in request["args"]]
    kwargs = {name: _load_arg(spec, folder, np) for name, spec in request["kwargs"].items()}
    observe = globals().get("_observe")
    if not hasattr(signal, "setitimer"):  # Windows: the cell's time limit bounds the call
        if observe is not None:
            return observe(request["function"], lambda: function(*args, **kwargs))
        return function(*args, **kwargs)
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        if observe is not None:
            return observe(request["function"], lambda: function(*args, **kwargs))
        return function(*args, **kwargs)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _error_text(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:300]


def _named(
    names: list[str], namespace: dict[str, Any], export: Any, prefix: str, folder: str
) -> dict[str, Entry]:
    return {
        name: export(namespace[name], os.path.join(folder, prefix + name))
        if name in namespace
        else {"status": "missing"}
        for name in names
    }


def _call_entry(
    request: dict[str, Any], index: int, namespace: dict[str, Any], folder: str, deadline: float
) -> Entry:
    import numpy as np

    call = request["calls"][index]
    function = namespace.get(call["function"])
    if function is None:
        return {"status": "missing"}
    if not callable(function):
        return {"status": "not_callable", "detail": type(function).__name__}
    timeout = min(float(request["call_timeout_s"]), deadline - time.monotonic())
    if timeout <= 0:  # the harvest's time for calls is spent (a function that loops): not called
        return {"status": "timeout"}
    try:
        result = _call(function, call, folder, timeout, np)
        return _export(result, os.path.join(folder, f"call-{index}"), np)
    except _CallTimeout:
        return {"status": "timeout"}
    except Exception as error:
        return {"status": "raised", "detail": _error_text(error)}


def _digests(
    request: dict[str, Any], namespace: dict[str, Any], folder: str, np: Any
) -> dict[str, Entry]:
    near = {query: pool for query, pool in request.get("near_copies", [])}
    seed = int(request.get("seed", 0))
    return {
        name: _digest(
            _array_like(namespace[name], np),
            os.path.join(folder, "digest-" + name),
            np,
            (_array_like(namespace[near[name]], np), seed) if near.get(name) in namespace else None,
        )
        if name in namespace
        else {"status": "missing"}
        for name in request["digests"]
    }


def run(folder: str, namespace: dict[str, Any]) -> None:
    """Answers the request in ``folder/request.json``, writing ``folder/manifest.json`` last."""
    import numpy as np

    with open(os.path.join(folder, "request.json"), encoding="utf-8") as handle:
        request = json.load(handle)
    deadline = time.monotonic() + float(request["calls_budget_s"])
    manifest = {
        "values": _named(
            request["values"], namespace, lambda v, p: _export(v, p, np), "value-", folder
        ),
        "models": _named(request["models"], namespace, _export_model, "model-", folder),
        "digests": _digests(request, namespace, folder, np),
        "calls": {
            call["id"]: _call_entry(request, index, namespace, folder, deadline)
            for index, call in enumerate(request["calls"])
        },
    }
    with open(os.path.join(folder, "manifest.json"), "w", encoding="utf-8") as handle:
        json.dump(manifest, handle)
