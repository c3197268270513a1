"""Real Keras models for the tests: LeNet-5 and its typical wrong variants, tiny Fashion-MNIST
CNNs trained for seconds on the shipped images. Built and saved by Keras itself, to real files."""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np
from keras import layers

from grader.intake.datasets import load_images, model_inputs

ROOT = Path(__file__).resolve().parents[1]


def lenet(
    pool: type = layers.AveragePooling2D,
    activation: str = "tanh",
    first_padding: str = "valid",
    without_f6: bool = False,
    extra_dense: bool = False,
    flatten: bool = True,
) -> keras.Model:
    stack: list[keras.layers.Layer] = [
        keras.Input(shape=(32, 32, 1)),
        layers.Conv2D(6, 5, activation=activation, padding=first_padding),
        pool(2, strides=2),
        layers.Conv2D(16, 5, activation=activation),
        layers.AveragePooling2D(2, strides=2),
        layers.Conv2D(120, 5, activation=activation),
        *([layers.Flatten()] if flatten else []),
    ]
    if not without_f6:
        stack.append(layers.Dense(84, activation=activation))
    if extra_dense:
        stack.append(layers.Dense(42, activation=activation))
    stack.append(layers.Dense(10, activation="softmax"))
    model = keras.Sequential(stack)
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    return model


def lenet_with_lambda() -> keras.Model:
    model = keras.Sequential(
        [
            keras.Input(shape=(32, 32, 1)),
            layers.Lambda(lambda x: x * 2.0),
            layers.Conv2D(6, 5, activation="tanh"),
            layers.Flatten(),
            layers.Dense(10, activation="softmax"),
        ]
    )
    return model


class LyingLeNet(keras.Model):
    """A subclassed model that reports LeNet-5's parameter count whatever it holds."""

    def __init__(self) -> None:
        super().__init__()
        self.flatten = layers.Flatten()
        self.out = layers.Dense(10, activation="softmax")

    def call(self, inputs):  # type: ignore[no-untyped-def]
        return self.out(self.flatten(inputs))

    def count_params(self) -> int:
        return 61706


def lying_lenet() -> keras.Model:
    model = LyingLeNet()
    model(np.zeros((1, 32, 32, 1), dtype="float32"))
    return model


def mnist_training_digits(n: int = 11000) -> tuple[np.ndarray, np.ndarray]:
    with np.load(ROOT / "exercises" / "mnist_ziffern.npz") as data:
        x = data["x_train"][:n].astype("float32") / 255.0
        y = data["y_train"][:n]
    return np.pad(x, ((0, 0), (2, 2), (2, 2)))[..., np.newaxis], y


def fashion(split: str) -> tuple[np.ndarray, np.ndarray]:
    return model_inputs(load_images(ROOT / "data" / "fashion-mnist", split))


def tiny_fashion_cnn(dropout: bool = True) -> keras.Model:
    stack = [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(8, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(16, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
    ]
    if dropout:
        stack.append(layers.Dropout(0.3))
    stack += [layers.Dense(32, activation="relu"), layers.Dense(10, activation="softmax")]
    model = keras.Sequential(stack)
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    return model
