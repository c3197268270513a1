"""What the grader knows about a Keras model: read from its file as data, measured in a sandbox.

A model leaves the kernel only as a ``.keras`` file. Its architecture is read from the file's
config (``grader.model_file``, no Keras involved); then a separate, sandboxed process loads it in
safe mode, counts the parameters from the weights and, where a check asks for it, measures the
accuracy on evaluation images that only the grader can read. The result is plain data (``facts``)
that rules compare; nothing a notebook printed counts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from grader.errors import SubmissionError
from grader.kernel_launcher import launcher_command
from grader.messages import text
from grader.model_file import ModelFile, inspect_model_file
from grader.sandbox import Sandbox, wrap

ACTIVATION_LAYERS = {"Activation": None, "ReLU": "relu", "Softmax": "softmax"}
SIGNATURE_KEYS = ("filters", "units", "kernel_size", "pool_size", "strides", "padding")
EVALUATION_MEMORY_MB = 4096
EVALUATION_TIMEOUT_S = 300


@dataclass(frozen=True)
class Evaluation:
    """Images a model is measured on: already scaled and shaped as the models take them."""

    x: np.ndarray
    y: np.ndarray
    check_x: np.ndarray | None = None  # private images: a model fitted to x does worse here
    check_y: np.ndarray | None = None


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return _object_name(value) or "?"
    return value


def layer_signatures(model: ModelFile) -> list[dict[str, Any]]:
    """One signature per layer: its type and the settings that define its shape and behaviour.

    The input layer does not count; a standalone activation layer right after a layer without
    an activation of its own is folded into that layer, so ``Conv2D(6, 5)`` followed by
    ``Activation("tanh")`` reads as ``Conv2D(6, 5, activation="tanh")``.
    """
    signatures: list[dict[str, Any]] = []
    for layer in model.layers:
        kind = str(layer.get("class_name"))
        config = layer.get("config") if isinstance(layer.get("config"), dict) else {}
        if kind == "InputLayer":
            continue
        if kind in ACTIVATION_LAYERS:
            activation = ACTIVATION_LAYERS[kind] or _plain(config.get("activation"))
            previous = signatures[-1] if signatures else None
            if previous is not None and previous.get("activation", "-") in (None, "linear"):
                previous["activation"] = activation
                continue
        signature: dict[str, Any] = {"type": kind}
        for key in SIGNATURE_KEYS:
            if key in config:
                signature[key] = _plain(config[key])
        if "activation" in config:
            signature["activation"] = _plain(config["activation"])
        signatures.append(signature)
    return signatures


def describe_layer(signature: dict[str, Any]) -> str:
    """A signature as a student would write it: ``Conv2D(6, 5x5, tanh)``."""
    parts = []
    for key in ("filters", "units"):
        if key in signature:
            parts.append(str(signature[key]))
    for key in ("kernel_size", "pool_size"):
        if key in signature:
            parts.append("x".join(str(v) for v in _tuple(signature[key])))
    if signature.get("strides") not in (None, (1, 1)) and "pool_size" not in signature:
        parts.append("strides=" + "x".join(str(v) for v in _tuple(signature["strides"])))
    if signature.get("padding") == "same":
        parts.append('padding="same"')
    if signature.get("activation") not in (None, "linear"):
        parts.append(str(signature["activation"]))
    return f"{signature['type']}({', '.join(parts)})"


def _tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value) if isinstance(value, list | tuple) else (value,)


def regularisation_in_config(model: ModelFile) -> list[str]:
    """The lecture's strategies visible in the saved model itself."""
    found = []
    for layer in model.layers:
        kind = str(layer.get("class_name"))
        config = layer.get("config") if isinstance(layer.get("config"), dict) else {}
        if kind in ("Dropout", "SpatialDropout2D", "GaussianNoise"):
            found.append("Dropout")
        elif kind in ("BatchNormalization", "LayerNormalization"):
            found.append("BatchNormalization")
        elif kind.startswith("Random"):
            found.append("Augmentation")
        if any(config.get(k) for k in ("kernel_regularizer", "bias_regularizer")):
            found.append("Regularizer")
    return sorted(set(found))


def compile_settings(model: ModelFile) -> dict[str, Any]:
    """Loss and metrics as names, whatever spelling the notebook used."""
    config = model.compile_config or {}
    metrics = config.get("metrics") or []
    if isinstance(metrics, dict | str):
        metrics = [metrics]
    return {
        "compiled": bool(config.get("loss") or config.get("optimizer")),
        "loss": _object_name(config.get("loss")),
        "metrics": [_object_name(m) for m in metrics if m is not None],
        "optimizer": _object_name(config.get("optimizer")),
    }


def _object_name(value: Any) -> str | None:
    if isinstance(value, dict):
        config = value.get("config")
        if isinstance(config, str):  # one of Keras' own functions, saved by name
            return config
        name = config.get("name") if isinstance(config, dict) else None
        return str(name or value.get("class_name"))
    if isinstance(value, list) and len(value) == 1:
        return _object_name(value[0])
    return None if value is None else str(value)


def models_facts(
    models: list[tuple[Path, bool]], evaluation: Evaluation | None, sandbox: Sandbox | None
) -> list[dict[str, Any]]:
    """Everything rules may know about each model file (and, where asked, its accuracy on
    ``evaluation``), as JSON-able data; one measuring process for all of them.

    A refused file gives ``{"refused": reason}``; a file that does not load gives
    ``"loads": False`` and Keras' error. Nothing here raises for a student's file.
    """
    facts: list[dict[str, Any]] = []
    to_measure: list[tuple[int, Path, bool]] = []
    for path, evaluate in models:
        try:
            model = inspect_model_file(path)
        except SubmissionError as error:
            reason = error.message.params.get("reason", text(error.message, "en"))
            facts.append({"refused": str(reason)})
            continue
        facts.append(
            {
                "model_class": model.model_class,
                "layers": layer_signatures(model),
                "layer_classes": [str(layer.get("class_name")) for layer in model.layers],
                "compile": compile_settings(model),
                "regularisation": regularisation_in_config(model),
            }
        )
        to_measure.append((len(facts) - 1, path, evaluate and evaluation is not None))
    if to_measure:
        measured = _measure([(p, e) for _, p, e in to_measure], evaluation, sandbox)
        for (index, _, _), more in zip(to_measure, measured, strict=True):
            facts[index] |= more
    return facts


def _measure(
    models: list[tuple[Path, bool]], evaluation: Evaluation | None, sandbox: Sandbox | None
) -> list[dict[str, Any]]:
    """Loads and evaluates in a child process under OS limits (and in the sandbox if given)."""
    with tempfile.TemporaryDirectory(prefix="measure-") as scratch:
        root = Path(scratch)
        (root / "home").mkdir()
        jobs = []
        for index, (path, evaluate) in enumerate(models):
            copy = root / f"model-{index}.keras"
            copy.write_bytes(path.read_bytes())
            jobs.append({"model": str(copy), "evaluate": evaluate})
        (root / "jobs.json").write_text(json.dumps(jobs), encoding="utf-8")
        if evaluation is not None and any(evaluate for _, evaluate in models):
            np.save(root / "x.npy", evaluation.x, allow_pickle=False)
            np.save(root / "y.npy", evaluation.y, allow_pickle=False)
            if evaluation.check_x is not None and evaluation.check_y is not None:
                np.save(root / "check_x.npy", evaluation.check_x, allow_pickle=False)
                np.save(root / "check_y.npy", evaluation.check_y, allow_pickle=False)
        arguments = [str(root / "jobs.json"), str(root / "facts.json")]
        command = [sys.executable, "-m", "grader.kernel_side.evaluate_model", *arguments]
        if sandbox is not None:
            command = wrap(command, sandbox, root, root)
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(root / "home"),
            "TF_CPP_MIN_LOG_LEVEL": "3",
        }
        try:
            completed = subprocess.run(
                launcher_command(EVALUATION_MEMORY_MB, EVALUATION_TIMEOUT_S) + command,
                cwd=root,
                env=environment,
                capture_output=True,
                timeout=EVALUATION_TIMEOUT_S,
                check=False,
            )
            problem = ""
        except subprocess.TimeoutExpired:
            problem = f"loading and evaluating took over {EVALUATION_TIMEOUT_S} s"
        else:
            tail = completed.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["?"]
            problem = f"the evaluation process ended: {tail[0][:300]}"
        facts_file = root / "facts.json"
        done: list[dict[str, Any]] = []
        if facts_file.is_file():
            done = [dict(f) for f in json.loads(facts_file.read_text(encoding="utf-8"))]
        return done + [{"loads": False, "error": problem}] * (len(models) - len(done))
