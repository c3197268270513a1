"""What the grader knows about a Keras model, as typed values: the rules read nothing else.

Two sources, both outside the student's kernel: the file's ``config.json`` read as data
(``grader.intake.model_file``: one ``LayerSignature`` per layer, the ``CompileSettings``, the
regularisation visible in the architecture), and the sandboxed measuring process
(``Measurement``: does it load, its parameters counted from the weights, its input and output
shapes, the accuracy the grader measured). Each is built from JSON here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grader.boundary import plain_text
from grader.intake.model_file import ModelFile
from grader.text.messages import Message

ACTIVATION_LAYERS = {"Activation": None, "ReLU": "relu", "Softmax": "softmax"}
Setting = str | int | float | tuple[Any, ...] | None


@dataclass(frozen=True)
class LayerSignature:
    """A layer's type and the settings that define its shape and behaviour; two layers with the
    same signature do the same thing (weights aside)."""

    type: str
    filters: Setting = None
    units: Setting = None
    kernel_size: Setting = None
    pool_size: Setting = None
    strides: Setting = None
    padding: Setting = None
    activation: Setting = None  # None: the layer type has none; "linear": it has none set
    custom: bool = False  # a layer of the student's own class: equal to no layer of Keras'

    def settings(self) -> dict[str, Setting]:
        """The settings this layer type has (in the order a student reads them)."""
        return {
            name: value
            for name in ("filters", "units", "kernel_size", "pool_size", "strides", "padding")
            if (value := getattr(self, name)) is not None
        } | ({"activation": self.activation} if self.activation is not None else {})

    def describe(self) -> str:
        """As a student would write it: ``Conv2D(6, 5x5, tanh)``; a layer of the student's own
        by its class name alone."""
        if self.custom:
            return f"{self.type}(...)"
        parts = [str(v) for v in (self.filters, self.units) if v is not None]
        parts += [_shown(v) for v in (self.kernel_size, self.pool_size) if v is not None]
        if self.strides not in (None, (1, 1)) and self.pool_size is None:
            parts.append("strides=" + _shown(self.strides))
        if self.padding == "same":
            parts.append('padding="same"')
        if self.activation not in (None, "linear"):
            parts.append(str(self.activation))
        return f"{self.type}({', '.join(parts)})"


def _shown(value: Setting) -> str:
    return "x".join(str(v) for v in value) if isinstance(value, tuple) else str(value)


@dataclass(frozen=True)
class CompileSettings:
    """Loss and metrics as names, whatever spelling the notebook used."""

    compiled: bool = False
    loss: str | None = None
    metrics: tuple[str, ...] = ()
    from_logits: bool = False  # the loss expects scores, not probabilities


@dataclass(frozen=True)
class Misclassified:
    """A test image the model got wrong: its position in the evaluation images, its true and its
    predicted class, and its pixels as 8-bit grey values (what the student's page shows)."""

    index: int
    true: int
    predicted: int
    pixels: tuple[tuple[int, ...], ...]


MAX_CLASSES = 1000  # a confusion matrix larger than this is not a classifier's


@dataclass(frozen=True)
class Measurement:
    """What the measuring process found: nothing here is the model's own word."""

    loads: bool
    error: str = ""
    params: int = 0
    input_shape: tuple[int | None, ...] = ()
    output_shape: tuple[int | None, ...] = ()
    accuracy: float | None = None  # on the evaluation images, where a check asked for it
    evaluated: int = 0
    check_accuracy: float | None = None  # on the private check images, where there are some
    checked: int = 0
    evaluation_error: str = ""
    probe_outputs: tuple[tuple[float, ...], ...] | None = None  # on the grader's probe images
    # per class on the evaluation images: rows the true class, columns the predicted one
    confusion: tuple[tuple[int, ...], ...] | None = None
    misclassified: tuple[Misclassified, ...] = ()

    @classmethod
    def from_json(cls, data: Any) -> Measurement:
        if not isinstance(data, dict) or not data.get("loads"):
            error = data.get("error", "?") if isinstance(data, dict) else "no result"
            return cls(loads=False, error=plain_text(str(error), 500))
        return cls(
            loads=True,
            params=int(data["params"]),
            input_shape=_shape(data.get("input_shape")),
            output_shape=_shape(data.get("output_shape")),
            accuracy=_optional_float(data.get("accuracy")),
            evaluated=int(data.get("evaluated", 0)),
            check_accuracy=_optional_float(data.get("check_accuracy")),
            checked=int(data.get("checked", 0)),
            evaluation_error=plain_text(str(data.get("evaluation_error", "")), 500),
            probe_outputs=_probe(data.get("probe_outputs")),
            confusion=_confusion(data.get("confusion")),
            misclassified=_gallery(data.get("misclassified")),
        )


def _confusion(value: Any) -> tuple[tuple[int, ...], ...] | None:
    """A square table of counts, or None for anything else the measuring process wrote."""
    if not isinstance(value, list) or not 0 < len(value) <= MAX_CLASSES:
        return None
    rows = tuple(tuple(_count(v) for v in row) for row in value if isinstance(row, list))
    if len(rows) != len(value) or any(len(row) != len(rows) or -1 in row for row in rows):
        return None
    return rows


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else -1


def _gallery(value: Any) -> tuple[Misclassified, ...]:
    """The misclassified images that are well formed (28x28-like grids of 0..255)."""
    if not isinstance(value, list):
        return ()
    found = []
    for item in value[:32]:
        if not isinstance(item, dict) or not isinstance(item.get("pixels"), list):
            continue
        pixels = tuple(
            tuple(_count(v) for v in row) for row in item["pixels"][:64] if isinstance(row, list)
        )
        numbers = [item.get(k) for k in ("index", "true", "predicted")]
        if (
            not pixels
            or any(len(row) != len(pixels[0]) or len(row) > 64 for row in pixels)
            or any(v < 0 or v > 255 for row in pixels for v in row)
            or any(_count(n) < 0 for n in numbers)
        ):
            continue
        found.append(
            Misclassified(int(item["index"]), int(item["true"]), int(item["predicted"]), pixels)
        )
    return tuple(found)


def _probe(value: Any) -> tuple[tuple[float, ...], ...] | None:
    """One row of floats per probe image, whatever the rank of the model's output (a model
    without ``Flatten`` answers each image with a (1, 1, 10) map)."""
    if not isinstance(value, list):
        return None
    return tuple(tuple(_flat(row)) for row in value)


def _flat(value: Any) -> list[float]:
    if not isinstance(value, list):
        return [float(value)]
    return [v for item in value for v in _flat(item)]


def _shape(value: Any) -> tuple[int | None, ...]:
    return tuple(None if v is None else int(v) for v in value) if isinstance(value, list) else ()


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True)
class ModelFacts:
    """A model file's facts; ``refused`` says why a file was not even loaded."""

    layers: tuple[LayerSignature, ...] = ()
    compile: CompileSettings = CompileSettings()
    regularisation: tuple[str, ...] = ()
    measured: Measurement = Measurement(loads=False, error="not measured")
    refused: str | Message | None = None
    untrusted: str | None = None  # "why:what": the file does not compute what the kernel's did
    custom: tuple[str, ...] = ()  # the student's own layer classes: the file is never loaded


def architecture(model: ModelFile) -> ModelFacts:
    """The facts the file's config states (not yet measured)."""
    return ModelFacts(
        layers=layer_signatures(model),
        compile=compile_settings(model),
        regularisation=regularisation_in_config(model),
    )


def _config(layer: dict[str, Any]) -> dict[str, Any]:
    config = layer.get("config")
    return config if isinstance(config, dict) else {}


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return _object_name(value) or "?"
    return value


def layer_signatures(model: ModelFile) -> tuple[LayerSignature, ...]:
    """One signature per layer. The input layer does not count; a standalone activation layer
    right after a layer without an activation of its own is folded into that layer, so
    ``Conv2D(6, 5)`` followed by ``Activation("tanh")`` reads as
    ``Conv2D(6, 5, activation="tanh")``."""
    signatures: list[LayerSignature] = []
    for layer in model.layers:
        kind, config = str(layer.get("class_name")), _config(layer)
        if model.is_custom(layer):
            signatures.append(LayerSignature(type=kind[:60], custom=True))
            continue
        if kind == "InputLayer":
            continue
        if kind in ACTIVATION_LAYERS:
            activation = ACTIVATION_LAYERS[kind] or _plain(config.get("activation"))
            previous = signatures[-1] if signatures else None
            if previous is not None and previous.activation == "linear":
                signatures[-1] = LayerSignature(**(_fields(previous) | {"activation": activation}))
                continue
        settings = {key: _plain(config[key]) for key in _SETTINGS if key in config}
        if "activation" in settings and settings["activation"] is None:
            settings["activation"] = "linear"  # what Keras does with activation=None
        signatures.append(LayerSignature(type=kind, **settings))
    return tuple(signatures)


_SETTINGS = ("filters", "units", "kernel_size", "pool_size", "strides", "padding", "activation")


def _fields(signature: LayerSignature) -> dict[str, Any]:
    return {"type": signature.type, **{key: getattr(signature, key) for key in _SETTINGS}}


def regularisation_in_config(model: ModelFile) -> tuple[str, ...]:
    """The lecture's strategies visible in the saved model itself."""
    found = set()
    for layer in model.layers:
        if model.is_custom(layer):
            continue
        kind, config = str(layer.get("class_name")), _config(layer)
        if kind in ("Dropout", "SpatialDropout2D", "GaussianNoise"):
            found.add("Dropout")
        elif kind in ("BatchNormalization", "LayerNormalization"):
            found.add("BatchNormalization")
        elif kind.startswith("Random"):
            found.add("Augmentation")
        if any(config.get(k) for k in ("kernel_regularizer", "bias_regularizer")):
            found.add("Regularizer")
    return tuple(sorted(found))


def compile_settings(model: ModelFile) -> CompileSettings:
    config = model.compile_config or {}
    metrics = config.get("metrics") or []
    if not isinstance(metrics, list):  # one metric, or whatever a hand-edited file holds
        metrics = [metrics]
    names = (_object_name(m) for m in metrics if m is not None)
    return CompileSettings(
        compiled=bool(config.get("loss") or config.get("optimizer")),
        loss=_object_name(config.get("loss")),
        metrics=tuple(name for name in names if name is not None),
        from_logits=_from_logits(config.get("loss")),
    )


def _from_logits(loss: Any) -> bool:
    """Whether a loss object was configured with ``from_logits=True`` (a name never is)."""
    if isinstance(loss, list) and len(loss) == 1:
        return _from_logits(loss[0])
    config = loss.get("config") if isinstance(loss, dict) else None
    return isinstance(config, dict) and config.get("from_logits") is True


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
