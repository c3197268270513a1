"""Runs inside the kernel: exports requested answers as plain data files (JSON, .npy).

This file's source text is sent to the kernel and executed in a private namespace, so it must only
import the standard library and numpy. Everything it writes is the student's word: the grader reads
the files back without pickle and checks types itself. A student who breaks this code (by patching
numpy or json) can only make their own answers unreadable.
"""

import json
import os
import signal


def _plain(value, np):
    """JSON-able data, or raises TypeError for anything that is not plain data."""
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
    raise TypeError(type(value).__name__)


def _export(value, path_stem, np):
    """Writes value as .npy (numeric arrays) or .json, returns the manifest entry."""
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


def _export_model(value, path_stem):
    """A Keras model leaves the kernel only as the .keras file Keras itself writes."""
    if not (callable(getattr(value, "save", None)) and hasattr(value, "layers")):
        return {"status": "unsupported", "detail": type(value).__name__ + " is not a Keras model"}
    try:
        value.save(path_stem + ".keras")
    except Exception as error:
        return {"status": "raised", "detail": _error_text(error)}
    return {"status": "ok", "file": os.path.basename(path_stem) + ".keras"}


def _digest(value, path_stem, np):
    """What a data split is judged on, without copying the data: shape, value range and one
    hash per row (rows that occur in two splits then share a hash)."""
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
    with open(path_stem + ".json", "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    return {"status": "ok", "file": os.path.basename(path_stem) + ".json"}


class _CallTimeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise _CallTimeout()


def _load_arg(spec, folder, np):
    if "npy" in spec:
        return np.load(os.path.join(folder, spec["npy"]), allow_pickle=False)
    return spec["json"]


def _call(function, request, folder, timeout, np):
    args = [_load_arg(spec, folder, np) for spec in request["args"]]
    kwargs = {name: _load_arg(spec, folder, np) for name, spec in request["kwargs"].items()}
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return function(*args, **kwargs)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _error_text(error):
    return f"{type(error).__name__}: {error}"[:300]


def run(folder, namespace):
    """Answers the request in ``folder/request.json``, writing ``folder/manifest.json`` last."""
    import numpy as np

    with open(os.path.join(folder, "request.json"), encoding="utf-8") as handle:
        request = json.load(handle)
    manifest = {"values": {}, "calls": {}}
    for name in request["values"]:
        if name not in namespace:
            manifest["values"][name] = {"status": "missing"}
            continue
        manifest["values"][name] = _export(
            namespace[name], os.path.join(folder, "value-" + name), np
        )
    for name in request.get("models", []):
        manifest["values"]["model:" + name] = (
            _export_model(namespace[name], os.path.join(folder, "model-" + name))
            if name in namespace
            else {"status": "missing"}
        )
    for name in request.get("digests", []):
        manifest["values"]["digest:" + name] = (
            _digest(namespace[name], os.path.join(folder, "digest-" + name), np)
            if name in namespace
            else {"status": "missing"}
        )
    for index, call in enumerate(request["calls"]):
        function = namespace.get(call["function"])
        if function is None:
            entry = {"status": "missing"}
        elif not callable(function):
            entry = {"status": "not_callable", "detail": type(function).__name__}
        else:
            try:
                result = _call(function, call, folder, request["call_timeout_s"], np)
                entry = _export(result, os.path.join(folder, f"call-{index}"), np)
            except _CallTimeout:
                entry = {"status": "timeout"}
            except Exception as error:
                entry = {"status": "raised", "detail": _error_text(error)}
        manifest["calls"][call["id"]] = entry
    with open(os.path.join(folder, "manifest.json"), "w", encoding="utf-8") as handle:
        json.dump(manifest, handle)
