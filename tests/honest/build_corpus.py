"""Builds the honest-notebook corpus: 03_lenet5 solved the ways real public Keras code builds,
compiles, trains and saves a model, and 04's data split written the ways public code splits
Fashion-MNIST; each a right answer that must earn every point with no flag.

Each 03 case is the reference notebook with its answer cells of ``architecture``, ``compiled``
and ``trained`` written in one style (each 04 case: its ``data_split`` cell), and ``source.json`` naming where the style was seen (a public
repository and file, or the Keras documentation) and what in it the guard must let through.
``python tests/honest/build_corpus.py`` rewrites ``tests/honest/cases/``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).parent / "cases"
KERAS_DOCS = "https://keras.io/api/"

ADD_INPUT_SHAPE = """from keras.layers import Dense, Conv2D, Flatten, AveragePooling2D
from keras import Sequential

model = Sequential()
model.add(Conv2D(6, kernel_size=(5, 5), padding='valid', activation='tanh', input_shape=(32, 32, 1)))
model.add(AveragePooling2D(pool_size=(2, 2), strides=2, padding='valid'))
model.add(Conv2D(16, kernel_size=(5, 5), padding='valid', activation='tanh'))
model.add(AveragePooling2D(pool_size=(2, 2), strides=2, padding='valid'))
model.add(Conv2D(120, kernel_size=(5, 5), padding='valid', activation='tanh'))
model.add(Flatten())
model.add(Dense(84, activation='tanh'))
model.add(Dense(10, activation='softmax'))
model.summary()"""
ACTIVATION_FUNCTIONS = """from keras import activations
from keras.models import Sequential


def make_lenet5():
    model = Sequential()
    model.add(keras.Input(shape=(32, 32, 1)))
    model.add(layers.Conv2D(filters=6, kernel_size=(5, 5), strides=(1, 1), activation=activations.tanh))
    model.add(layers.AveragePooling2D(pool_size=(2, 2), strides=(2, 2)))
    model.add(layers.Conv2D(filters=16, kernel_size=(5, 5), strides=(1, 1), activation=activations.tanh))
    model.add(layers.AveragePooling2D(pool_size=(2, 2), strides=(2, 2)))
    model.add(layers.Conv2D(filters=120, kernel_size=(5, 5), strides=(1, 1), activation=activations.tanh))
    model.add(layers.Flatten())
    model.add(layers.Dense(units=84, activation=activations.tanh))
    model.add(layers.Dense(units=10, activation=activations.softmax))
    return model


model = make_lenet5()"""
FUNCTIONAL = """from keras.models import Model
from keras.activations import tanh, softmax
from keras.layers import Input, Conv2D, AveragePooling2D, Dense, Flatten

input_layer = Input(shape=(32, 32, 1))
conv_1 = Conv2D(filters=6, kernel_size=(5, 5), activation=tanh)(input_layer)
first_pool = AveragePooling2D(pool_size=(2, 2))(conv_1)
conv_2 = Conv2D(filters=16, kernel_size=(5, 5), activation=tanh)(first_pool)
second_pool = AveragePooling2D(pool_size=(2, 2))(conv_2)
conv_3 = Conv2D(filters=120, kernel_size=(5, 5), activation=tanh)(second_pool)
flatten = Flatten()(conv_3)
fc_1 = Dense(units=84, activation=tanh)(flatten)
output_layer = Dense(units=10, activation=softmax)(fc_1)
model = Model(inputs=input_layer, outputs=output_layer)"""
STANDALONE_ACTIVATIONS = """model = keras.Sequential(name="lenet5")
model.add(keras.Input(shape=(32, 32, 1)))
for filters in (6, 16):
    model.add(layers.Conv2D(filters, 5))
    model.add(layers.Activation("tanh"))
    model.add(layers.AveragePooling2D(2, strides=2))
model.add(layers.Conv2D(120, 5))
model.add(layers.Activation("tanh"))
model.add(layers.Flatten())
model.add(layers.Dense(84))
model.add(layers.Activation("tanh"))
model.add(layers.Dense(10))
model.add(layers.Softmax())"""
REFERENCE_ARCHITECTURE = None  # the reference's own cell

STRING_COMPILE = (
    'model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])'
)
LOSS_OBJECT = """model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    loss=keras.losses.SparseCategoricalCrossentropy(),
    metrics=[keras.metrics.SparseCategoricalAccuracy()],
)"""
LOSS_FUNCTIONS = """model.compile(optimizer=keras.optimizers.RMSprop(),
              loss=keras.losses.sparse_categorical_crossentropy,
              metrics=[keras.metrics.sparse_categorical_accuracy])"""
LOSS_CLASS_IMPORTED = """from keras.losses import SparseCategoricalCrossentropy
from keras.optimizers import Adam

loss_fn = SparseCategoricalCrossentropy(from_logits=False)
model.compile(optimizer=Adam(0.001), loss=loss_fn, metrics=["acc"])"""
COMPILED_TWICE = """model.compile(loss="sparse_categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
model.summary()
model.compile(loss=keras.losses.SparseCategoricalCrossentropy(), optimizer="adam", metrics=["accuracy"])"""

FIT = """history = model.fit(pad_to_32(X_train), y_train, epochs=3, batch_size=32,
                    validation_data=(pad_to_32(X_valid), y_valid), verbose=2)"""
FIT_CALLBACKS = """callbacks = [
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True),
    keras.callbacks.ModelCheckpoint("best_lenet.keras", save_best_only=True),
    keras.callbacks.CSVLogger("training.log"),
    keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=1),
]
history = model.fit(pad_to_32(X_train), y_train, epochs=3, batch_size=32, validation_split=0.1,
                    callbacks=callbacks, verbose=2)"""
FIT_SCHEDULER = """def scheduler(epoch, lr):
    return lr if epoch < 2 else lr * 0.5


history = model.fit(pad_to_32(X_train), y_train, epochs=3, batch_size=32,
                    validation_data=(pad_to_32(X_valid), y_valid),
                    callbacks=[keras.callbacks.LearningRateScheduler(scheduler, verbose=1)],
                    class_weight={digit: 1.0 for digit in range(10)}, verbose=2)"""
FIT_TF_DATA = """import tensorflow as tf

train_ds = tf.data.Dataset.from_tensor_slices((pad_to_32(X_train), y_train)).shuffle(1000).batch(32)
valid_ds = tf.data.Dataset.from_tensor_slices((pad_to_32(X_valid), y_valid)).batch(256)
history = model.fit(train_ds, validation_data=valid_ds, epochs=3, verbose=2)"""
FIT_TWICE = """history = model.fit(pad_to_32(X_train), y_train, epochs=2, batch_size=32, verbose=2)
history = model.fit(pad_to_32(X_train), y_train, epochs=1, batch_size=32,
                    validation_data=(pad_to_32(X_valid), y_valid), verbose=2)
test_loss, test_acc = model.evaluate(pad_to_32(X_valid), y_valid, verbose=0)
predictions = model.predict(pad_to_32(X_valid[:10]), verbose=0)"""
FIT_SAVE_LOAD = (
    FIT
    + """
model.save("lenet5.keras")
model = keras.models.load_model("lenet5.keras")"""
)
FIT_GENERATOR = """def batches(x, y, size=32):
    while True:
        for start in range(0, len(x) - size + 1, size):
            yield x[start:start + size], y[start:start + size]


steps = len(X_train) // 32
history = model.fit(batches(pad_to_32(X_train), y_train), steps_per_epoch=steps, epochs=3,
                    validation_data=(pad_to_32(X_valid), y_valid), verbose=2)"""

ML_MASTERY = (
    "https://github.com/ubiratantavares/machine_learning_mastery/blob/HEAD/"
    "ebooks/2023_deep_learning_with_pytorch/code/chapter_01/06_fit.py"
)
CASES_03 = {
    # id: (source, what it shows, architecture, compiled, trained)
    "add-input-shape": (ML_MASTERY, "Sequential().add with input_shape=, padding spelled out",
                        ADD_INPUT_SHAPE, STRING_COMPILE, FIT),
    "activation-functions": (
        "public course code (make_lenet5, activations.tanh), code corpus",
        "activations as functions, the model built in a function", ACTIVATION_FUNCTIONS,
        LOSS_FUNCTIONS, FIT),
    "functional-api": (
        "https://github.com/EverLookNeverSee/LeNet-5 (functional LeNet-5, keras.activations)",
        "a functional model, loss as an object", FUNCTIONAL, LOSS_OBJECT, FIT),
    "loss-object": (KERAS_DOCS + "losses/probabilistic_losses/",
                    "compile(loss=SparseCategoricalCrossentropy()): the issue's refused case",
                    REFERENCE_ARCHITECTURE, LOSS_OBJECT, FIT),
    "loss-class-imported": (KERAS_DOCS + "losses/", "loss object in a variable, metric 'acc'",
                            REFERENCE_ARCHITECTURE, LOSS_CLASS_IMPORTED, FIT),
    "standalone-activations": (KERAS_DOCS + "layers/activation_layers/",
                               "Activation and Softmax layers after each layer",
                               STANDALONE_ACTIVATIONS, LOSS_OBJECT, FIT),
    "compiled-twice": (KERAS_DOCS + "models/model_training_apis/",
                       "compiled twice, summary between", REFERENCE_ARCHITECTURE, COMPILED_TWICE,
                       FIT),
    "callbacks": (KERAS_DOCS + "callbacks/",
                  "EarlyStopping, ModelCheckpoint, CSVLogger, ReduceLROnPlateau, validation_split",
                  REFERENCE_ARCHITECTURE, LOSS_OBJECT, FIT_CALLBACKS),
    "lr-scheduler-class-weight": (KERAS_DOCS + "callbacks/learning_rate_scheduler/",
                                  "LearningRateScheduler, class_weight", REFERENCE_ARCHITECTURE,
                                  STRING_COMPILE, FIT_SCHEDULER),
    "tf-data": ("https://www.tensorflow.org/guide/data", "fit on tf.data datasets",
                FUNCTIONAL, LOSS_OBJECT, FIT_TF_DATA),
    "trained-twice": (KERAS_DOCS + "models/model_training_apis/",
                      "two fit calls, evaluate and predict after", REFERENCE_ARCHITECTURE,
                      LOSS_FUNCTIONS, FIT_TWICE),
    "saved-and-loaded": (KERAS_DOCS + "models/model_saving_apis/model_saving_and_loading/",
                         "model saved and loaded back before grading", ADD_INPUT_SHAPE,
                         LOSS_OBJECT, FIT_SAVE_LOAD),
    "generator": (KERAS_DOCS + "models/model_training_apis/", "fit on a Python generator",
                  REFERENCE_ARCHITECTURE, LOSS_CLASS_IMPORTED, FIT_GENERATOR),
}  # fmt: skip


GERON = """X_valid, X_train = X_train_full[:5000] / 255., X_train_full[5000:] / 255.
y_valid, y_train = y_train_full[:5000], y_train_full[5000:]
X_test = X_test / 255.
X_train = X_train[..., np.newaxis]
X_valid = X_valid[..., np.newaxis]
X_test = X_test[..., np.newaxis]"""
PERMUTATION = """rng = np.random.default_rng(42)
order = rng.permutation(len(X_train_full))
n_valid = int(0.15 * len(order))
images = np.expand_dims(X_train_full.astype("float32") / 255.0, axis=-1)
X_valid, y_valid = images[order[:n_valid]], y_train_full[order[:n_valid]]
X_train, y_train = images[order[n_valid:]], y_train_full[order[n_valid:]]
X_test = np.expand_dims(X_test.astype("float32") / 255.0, axis=-1)"""
RESHAPE = """X_train_full = X_train_full.reshape(-1, 28, 28, 1) / 255.0
X_test = X_test.reshape(-1, 28, 28, 1) / 255.0
split = 5000
X_train, y_train = X_train_full[split:], y_train_full[split:]
X_valid, y_valid = X_train_full[:split], y_train_full[:split]"""
NORMALISED_MAX = """X_train_full = X_train_full.astype("float32")
X_train_full /= X_train_full.max()
X_test = (X_test.astype("float32") / 255.0)[:, :, :, None]
X_train, X_valid = X_train_full[1000:, :, :, None], X_train_full[:1000, :, :, None]
y_train, y_valid = y_train_full[1000:], y_train_full[:1000]"""
STRATIFIED = """valid_index = np.concatenate(
    [np.flatnonzero(y_train_full == label)[:100] for label in range(10)]
)
train_mask = np.ones(len(y_train_full), dtype=bool)
train_mask[valid_index] = False
scaled = X_train_full[..., np.newaxis].astype(np.float32) / 255
X_train, y_train = scaled[train_mask], y_train_full[train_mask]
X_valid, y_valid = scaled[valid_index], y_train_full[valid_index]
X_test = X_test[..., np.newaxis].astype(np.float32) / 255"""
HANDSON = "https://github.com/ageron/handson-ml3/blob/main/14_deep_computer_vision_with_cnns.ipynb"
CASES_04 = {
    # id: (source, what it shows, data_split); the handed-in model and history are the reference's
    "geron-slices": (HANDSON, "the book's split: first 5,000 as validation, /255., [..., np.newaxis]", GERON),
    "permutation": ("https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.permutation.html",
                    "a shuffled split with np.random.default_rng, np.expand_dims", PERMUTATION),
    "reshape-float64": ("https://www.tensorflow.org/tutorials/keras/classification",
                        "reshape(-1, 28, 28, 1) and float64 pixels", RESHAPE),
    "scaled-by-max": (KERAS_DOCS + "datasets/fashion_mnist/", "pixels divided by their maximum, [:, :, :, None]",
                      NORMALISED_MAX),
    "stratified-by-hand": ("https://scikit-learn.org/stable/modules/cross_validation.html#stratification",
                           "100 validation images per class, chosen with a boolean mask", STRATIFIED),
}  # fmt: skip


def notebook(reference: dict, answers: dict[str, str | None]) -> dict:
    """The reference with the given tasks' answer cells replaced."""
    built = json.loads(json.dumps(reference))
    for cell in built["cells"]:
        task = cell.get("metadata", {}).get("grader", {}).get("task")
        if answers.get(task) is not None:
            cell["source"] = answers[task]
            cell["outputs"], cell["execution_count"] = [], None
    return built


def _write(folder: Path, assignment: str, built: dict, source: str, what: str) -> None:
    folder.mkdir(parents=True)
    text = json.dumps(built, indent=1, ensure_ascii=False)
    (folder / f"{assignment}.ipynb").write_text(text + "\n", encoding="utf-8")
    about = {"assignment": assignment, "source": source, "shows": what}
    (folder / "source.json").write_text(json.dumps(about, indent=1) + "\n", encoding="utf-8")


def build() -> None:
    """Every case's notebook and source; 04's handed-in files are copied in by the test (the
    reference's model and history: the cases differ in their code only)."""
    shutil.rmtree(CASES, ignore_errors=True)
    lenet = json.loads((ROOT / "reference" / "03_lenet5.ipynb").read_text(encoding="utf-8"))
    for case, (source, what, architecture, compiled, trained) in CASES_03.items():
        answers = {"architecture": architecture, "compiled": compiled, "trained": trained}
        _write(CASES / f"03-{case}", "03_lenet5", notebook(lenet, answers), source, what)
    fashion = "04_fashion_mnist_cnn"
    reference = json.loads((ROOT / "reference" / f"{fashion}.ipynb").read_text(encoding="utf-8"))
    for case, (source, what, split) in CASES_04.items():
        built = notebook(reference, {"data_split": split})
        _write(CASES / f"04-{case}", fashion, built, source, what)


if __name__ == "__main__":
    build()
