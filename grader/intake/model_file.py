"""Inspecting a handed-in Keras model file as data, before anything loads it.

Keras' ``safe_mode`` has been bypassed several times (CVE-2024-3660, CVE-2025-1550, -8747, -9906,
-9905, GHSA-hqp4-2352-xf5r), so a student's model file is read here as a zip archive and JSON,
never with Keras: only ``.keras`` archives; only the members Keras writes, with safe names and
bounded sizes (no zip-slip, no zip bomb); a Keras 3 ``metadata.json``; and a ``config.json`` in
which every serialized object comes from Keras itself and every layer is on an allow-list.
``Lambda``, ``TFSMLayer``, custom (registered) classes, serialized functions and anything that
switches safe mode off are refused with a message saying why. Only a file that passes may later be
loaded, with safe mode on and inside the sandbox. The one exception: a file the guard saved in the
kernel from a model with layers of the student's own classes, which it vouched for by name; such
a layer is read as a layer of its own type (its settings are the student's, not interpreted) and
the file is never loaded.
"""

from __future__ import annotations

import json
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from grader.errors import SubmissionError
from grader.text.messages import Message, msg

MODEL_SUFFIX = ".keras"  # a handed-in file read as a model (Keras 3's zip format)
MEMBERS = frozenset({"metadata.json", "config.json", "model.weights.h5"})
MAX_MEMBERS = 64
MAX_MEMBER_BYTES = 100 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed; weights compress little, a zip bomb enormously
MAX_CONFIG_BYTES = 5 * 1024 * 1024
LAYERS = frozenset(
    {
        "InputLayer",
        "Conv2D",
        "SeparableConv2D",
        "DepthwiseConv2D",
        "MaxPooling2D",
        "AveragePooling2D",
        "GlobalAveragePooling2D",
        "GlobalMaxPooling2D",
        "Flatten",
        "Reshape",
        "Dense",
        "Dropout",
        "SpatialDropout2D",
        "GaussianNoise",
        "BatchNormalization",
        "LayerNormalization",
        "Activation",
        "ReLU",
        "LeakyReLU",
        "Softmax",
        "ZeroPadding2D",
        "Rescaling",
        "Normalization",
        "RandomFlip",
        "RandomRotation",
        "RandomTranslation",
        "RandomZoom",
        "RandomContrast",
        "Add",
        "Concatenate",
    }
)
MODELS = frozenset({"Sequential", "Functional", "Model"})
# Keras' own functions, as `compile(loss=keras.losses.sparse_categorical_crossentropy)` or
# `activation=keras.activations.relu` save them: {"module": "builtins", "class_name": "function",
# "config": NAME}; Keras looks NAME up in its own modules only. Any other name is refused.
LOSSES_AND_METRICS = frozenset(
    {
        "sparse_categorical_crossentropy",
        "categorical_crossentropy",
        "binary_crossentropy",
        "mean_squared_error",
        "mean_absolute_error",
        "huber",
        "hinge",
        "kl_divergence",
        "accuracy",
        "sparse_categorical_accuracy",
        "categorical_accuracy",
        "binary_accuracy",
        "sparse_top_k_categorical_accuracy",
        "top_k_categorical_accuracy",
    }
)
ACTIVATIONS = frozenset(
    {
        "relu",
        "tanh",
        "sigmoid",
        "softmax",
        "linear",
        "elu",
        "selu",
        "gelu",
        "silu",
        "swish",
        "leaky_relu",
        "softplus",
        "softsign",
        "hard_sigmoid",
        "exponential",
        "relu6",
        "log_softmax",
        "mish",
        "celu",
        "hard_silu",
        "hard_swish",
        "log_sigmoid",
    }
)
KERAS_FUNCTIONS = LOSSES_AND_METRICS | ACTIVATIONS
REFUSED = {
    "Lambda": "a Lambda layer runs arbitrary code; use Keras' own layers",
    "TFSMLayer": "a TFSMLayer loads an external SavedModel",
    "__lambda__": "a serialized Python function",
    "function": "a serialized Python function",
}


@dataclass(frozen=True)
class ModelFile:
    """What the grader knows about a model file without loading it."""

    keras_version: str
    model_class: str
    layers: tuple[dict[str, Any], ...]
    compile_config: dict[str, Any] | None
    custom: frozenset[str] = frozenset()  # class names of the student's own layers (guard's list)

    def is_custom(self, layer: dict[str, Any]) -> bool:
        """A layer of the student's own class: vouched for by the guard, and not from Keras."""
        return _own_layer(layer, self.custom)


def is_model_file(name: str) -> bool:
    """Whether a handed-in file of this name is read as a model file (and measured)."""
    return name.endswith(MODEL_SUFFIX)


def _refuse(path: Path, reason: str | Message) -> SubmissionError:
    return SubmissionError(msg("model.refused", path=str(path), reason=reason))


def _own_layer(node: dict[str, Any], custom: frozenset[str]) -> bool:
    module = node.get("module")
    keras = isinstance(module, str) and (module == "keras" or module.startswith("keras."))
    return not keras and str(node.get("class_name")) in custom


def inspect_model_file(path: Path, custom: frozenset[str] = frozenset()) -> ModelFile:
    """Checks a ``.keras`` file as data; raises SubmissionError with the reason if refused.
    ``custom``: the class names of layers of the student's own that the guard vouched for
    (a file it saved in the kernel, never loaded); a handed-in file has none."""
    if path.suffix != ".keras":
        raise _refuse(
            path, "only .keras files are accepted; save with model.save('fashion_cnn.keras')"
        )
    try:
        info = path.lstat()
    except OSError as error:
        raise _refuse(path, f"cannot be read ({error.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(path, "not a regular file (a link or folder is not accepted)")
    if info.st_size > MAX_TOTAL_BYTES:
        raise _refuse(path, f"{info.st_size} bytes; a model file may have {MAX_TOTAL_BYTES}")
    if not zipfile.is_zipfile(path):
        raise _refuse(path, "not a .keras archive (a .keras file is a zip archive)")
    with zipfile.ZipFile(path) as archive:
        _check_members(path, archive.infolist())
        metadata = _json_member(path, archive, "metadata.json")
        config = _json_member(path, archive, "config.json")
    version = str(metadata.get("keras_version", "")) if isinstance(metadata, dict) else ""
    if not version.startswith("3."):
        raise _refuse(path, f"saved with Keras {version or '?'}; the grader reads Keras 3 files")
    _check_activations(path, config, custom)
    _check_objects(path, config, custom=custom)
    return _summary(path, config, version, custom)


def _check_activations(path: Path, config: Any, custom: frozenset[str]) -> None:
    """An activation that is a function from outside Keras (``activation=tf.nn.softmax`` saves
    as the function ``softmax_v2``) is refused by safe mode; the reason names the layer and
    the fix, instead of the generic "a serialized Python function"."""
    inner = config.get("config", {}) if isinstance(config, dict) else {}
    layers = inner.get("layers", []) if isinstance(inner, dict) else []
    number = 0
    for layer in layers if isinstance(layers, list) else []:
        if not isinstance(layer, dict) or layer.get("class_name") == "InputLayer":
            continue
        if _own_layer(layer, custom):
            number += 1
            continue
        number += 1
        raw = layer.get("config")
        settings: dict[str, Any] = raw if isinstance(raw, dict) else {}
        activation = settings.get("activation")
        if isinstance(activation, dict) and not _is_keras_function(activation):
            function = str(activation.get("config", "?"))[:60]
            keras_name = function.removesuffix("_v2")
            reason = msg(
                "model.foreign_activation",
                index=number,
                type=str(layer.get("class_name")),
                name=str(settings.get("name", "?"))[:60],
                function=function,
                fix=keras_name if keras_name in ACTIVATIONS else "relu",
            )
            raise _refuse(path, reason)


def _check_members(path: Path, members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise _refuse(path, f"{len(members)} files in the archive; a model has a handful")
    total = 0
    for member in members:
        name = PurePosixPath(member.filename)
        if name.is_absolute() or ".." in name.parts or "\\" in member.filename:
            raise _refuse(path, f"unsafe path in the archive: {member.filename!r}")
        if member.filename not in MEMBERS and name.parts[0] != "assets":
            raise _refuse(path, f"unexpected file in the archive: {member.filename!r}")
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MAX_MEMBER_BYTES or ratio > MAX_RATIO:
            raise _refuse(
                path, f"{member.filename} is too large when unpacked ({member.file_size} bytes)"
            )
        total += member.file_size
    if total > MAX_TOTAL_BYTES:
        raise _refuse(path, f"the archive unpacks to {total} bytes")
    if not {"config.json", "metadata.json"} <= {m.filename for m in members}:
        raise _refuse(
            path, "config.json or metadata.json is missing; was it saved with model.save()?"
        )


def _json_member(path: Path, archive: zipfile.ZipFile, name: str) -> Any:
    if archive.getinfo(name).file_size > MAX_CONFIG_BYTES:
        raise _refuse(path, f"{name} is too large")
    try:
        return json.loads(archive.read(name).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise _refuse(path, f"{name} is not valid JSON ({error})") from None


def _check_objects(
    path: Path, node: Any, in_layers: bool = False, custom: frozenset[str] = frozenset()
) -> None:
    """Every serialized object must be Keras' own; every layer must be on the allow-list, but
    for the student's own layers the guard vouched for (whose contents are never read)."""
    if isinstance(node, list):
        for item in node:
            _check_objects(path, item, in_layers, custom)
        return
    if isinstance(node, str) and "unsafe_deserialization" in node:
        raise _refuse(path, "the file tries to switch Keras' safe mode off")
    if not isinstance(node, dict):
        return
    if node.get("safe_mode") is False:
        raise _refuse(path, "the file tries to switch Keras' safe mode off")
    if in_layers and _own_layer(node, custom):
        return
    if "class_name" in node:
        _check_object(path, node, in_layers)
    for key, value in node.items():
        _check_objects(path, value, key == "layers", custom)


def _is_keras_function(node: dict[str, Any]) -> bool:
    return (
        node.get("class_name") == "function"
        and node.get("module") == "builtins"
        and node.get("registered_name") in (None, "function")
        and node.get("config") in KERAS_FUNCTIONS
    )


def _check_object(path: Path, node: dict[str, Any], is_layer: bool) -> None:
    if not is_layer and _is_keras_function(node):
        return
    class_name, module = str(node.get("class_name")), node.get("module")
    if class_name in REFUSED:
        raise _refuse(path, f"{class_name}: {REFUSED[class_name]}")
    keras = isinstance(module, str) and (module == "keras" or module.startswith("keras."))
    if is_layer and not keras and class_name not in LAYERS | MODELS | {"None"}:
        # a layer class of the student's own (ESC-03): loading it would run their code here
        raise _refuse(path, msg("model.custom_layer_file", layer=class_name[:60]))
    if module is not None and not (module == "keras" or str(module).startswith("keras.")):
        raise _refuse(path, f"{class_name} comes from module {module!r}, not from Keras")
    registered = node.get("registered_name")
    if registered not in (None, class_name) and ">" in str(registered):
        raise _refuse(path, f"custom class {registered!r}: only Keras' own layers are accepted")
    if is_layer and class_name not in LAYERS | MODELS:
        raise _refuse(path, f"layer {class_name} is not on the list of accepted layers")


def _summary(path: Path, config: Any, version: str, custom: frozenset[str]) -> ModelFile:
    if not isinstance(config, dict) or config.get("class_name") not in MODELS:
        found = config.get("class_name") if isinstance(config, dict) else type(config).__name__
        raise _refuse(
            path,
            f"the model is a {found}, a subclassed model: its architecture cannot be read from "
            "the saved file; build it as keras.Sequential or with the functional API",
        )
    inner = config.get("config", {})
    layers = tuple(layer for layer in inner.get("layers", []) if isinstance(layer, dict))
    if config["class_name"] != "Sequential":
        layers = in_call_order(layers)
    compile_config = config.get("compile_config")
    compile_settings = compile_config if isinstance(compile_config, dict) else None
    return ModelFile(version, str(config["class_name"]), layers, compile_settings, custom)


def in_call_order(layers: tuple[dict[str, Any], ...]) -> tuple[dict[str, Any], ...]:
    """A functional model's layers once per call, in the order data flows through them.

    The config lists each layer once, however often it is called: a pooling layer shared as
    LeNet-5's S2 and S4 (the Keras guide's "shared layers", the same network) would count as one
    layer. Each call is an inbound node that names the calls it reads (``keras_history``: layer,
    node); the calls are emitted as soon as what they read was, earliest listed first, so an
    unshared model keeps its listed order. A file whose nodes name unknown calls or form a cycle
    (never Keras' own) keeps the rest in listed order: the file is data, never trusted to be
    well formed."""
    calls: list[tuple[tuple[str, int], dict[str, Any], set[tuple[str, int]]]] = []
    for layer in layers:
        name = str(layer.get("name", layer.get("config", {}).get("name", "")))
        nodes = layer.get("inbound_nodes")
        nodes = nodes if isinstance(nodes, list) and nodes else [None]
        for index, node in enumerate(nodes):
            calls.append(((name, index), layer, set(_histories(node))))
    known = {call for call, _, _ in calls}
    done: set[tuple[str, int]] = set()
    ordered: list[dict[str, Any]] = []
    pending = list(calls)
    while pending:
        ready = next((i for i, (_, _, reads) in enumerate(pending) if reads & known <= done), 0)
        call, layer, _ = pending.pop(ready)
        done.add(call)
        ordered.append(layer)
    return tuple(ordered)


def _histories(node: Any, depth: int = 0) -> list[tuple[str, int]]:
    """Every (layer, node) a serialized call reads, found wherever its arguments hold them."""
    if depth > 20:
        return []
    if isinstance(node, dict):
        history = node.get("keras_history")
        found = []
        if isinstance(history, list) and len(history) >= 2 and isinstance(history[1], int):
            found.append((str(history[0]), history[1]))
        for value in node.values():
            found += _histories(value, depth + 1)
        return found
    if isinstance(node, list):
        return [pair for value in node for pair in _histories(value, depth + 1)]
    return []
