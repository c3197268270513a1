"""Runs inside the kernel before the first student cell: the grader's guard.

Its source is executed in a private namespace with a private copy of the builtins, so what it
captured here (Keras' own model classes and saving function, the profiler, the harvest's code)
stays as it was when no student code had run yet. Its root is an audit hook (PEP 578), which
Python code cannot remove; the hook refuses new audit hooks and the garbage collector's object
listings (the ways to reach the guard's objects), notes attempts to switch the profiler off, and
answers the harvest cell (``sys.audit("grader.harvest", folder)``) by running the harvest with
the captured references. Nothing here is trusted for its own sake: it signs each manifest with a
key the grader made (so a manifest forged by notebook code is noticed), and what it reports is
judged outside, by the rules and by the sandboxed measuring process.

Only the standard library and numpy here. ``CONFIG`` (key, harvest source, whether Keras is
needed) is bound by the setup cell.
"""

import sys
from typing import Any

CONFIG: dict[str, Any] = {}
VETOED = ("sys.addaudithook", "gc.get_objects", "gc.get_referrers", "gc.get_referents")
NOTED = {
    "exec": "code run with exec/eval",
    "compile": "code compiled at run time",
    "sys._getframe": "frames inspected",
    "object.__getattr__": "frames inspected",
    "ctypes.call_function": "C functions called through ctypes",
    "ctypes.string_at": "memory read through ctypes",
    "ctypes.cdata": "memory read through ctypes",
    "subprocess.Popen": "a process started",
    "os.system": "a process started",
    "os.fork": "a process forked",
    "os.posix_spawn": "a process started",
    "code.__new__": "a code object built",
    "function.__new__": "a function built from a code object",
    "marshal.loads": "code unmarshalled",
}
SAVING_MODULES = ("json", "zipfile", "io", "h5py")
# what the author of a layer of their own writes (Keras' guide "Making new layers and models via
# subclassing"); any other name that Keras' classes define is Keras' machinery, which the grader
# relies on (``__call__``, ``count_params``, ``weights``, ``save_own_variables``, ...)
LAYER_AUTHOR = frozenset(
    ("__init__", "build", "call", "compute_output_shape", "get_config", "from_config")
)
CLASS_RECORD = frozenset(  # what Python itself puts into every class's namespace
    (
        "__module__",
        "__qualname__",
        "__doc__",
        "__dict__",
        "__weakref__",
        "__annotations__",
        "__firstlineno__",
        "__static_attributes__",
        "__orig_bases__",
        "__parameters__",
    )
)
SETTINGS = ("filters", "units", "kernel_size", "pool_size", "strides", "padding", "activation")
BUILT_FROM = ("Conv1D", "Conv2D", "Conv3D", "Dense")  # kernel (..., in, out): filters/units last
TAMPER = "tamper: "  # a note that the observer itself was switched off or replaced


def _keras_capture(np: Any) -> Any:
    """Keras' model classes, saving function and forward call, taken now, and a snapshot of
    every callable in Keras' modules and classes, to notice what notebook code replaces."""
    import keras
    from keras.src.layers.layer import Layer
    from keras.src.losses.loss import Loss
    from keras.src.metrics.metric import Metric
    from keras.src.models.functional import Functional
    from keras.src.models.model import Model
    from keras.src.models.sequential import Sequential
    from keras.src.saving import saving_api
    from keras.src.saving.serialization_lib import SerializableDict, serialize_keras_object
    from keras.src.trainers.trainer import Trainer

    modules = {
        name: module
        for name, module in list(sys.modules.items())
        if module is not None and (name.startswith("keras") or name in SAVING_MODULES)
    }
    snapshot, classes = {}, set()
    for name, module in modules.items():
        for attr, value in list(vars(module).items()):
            if isinstance(value, type) and value.__module__.startswith("keras"):
                classes.add(value)
            if callable(value):
                snapshot[(name, attr)] = value
    class_snapshot = {
        cls: {k: v for k, v in vars(cls).items() if callable(v) or isinstance(v, property)}
        for cls in classes
    }
    return {
        "models": (Sequential, Functional),
        "classes": frozenset(classes),
        "save": saving_api.save_model,
        "record": SerializableDict,
        "made_by_compile": (Loss, Metric),
        "compiled": _parameters(Trainer.compile),
        "call": Layer.__call__,
        "layer": Layer,
        "model": Model,
        "sublayers": Layer._flatten_layers,
        "serialize": serialize_keras_object,
        "modules": modules,
        "snapshot": snapshot,
        "class_snapshot": class_snapshot,
        "root": keras.__file__.rsplit("/", 2)[0],
    }


def _parameters(function: Any) -> frozenset[str]:
    """The names of a function's parameters after ``self``, under its decorators."""
    for _ in range(10):
        function = getattr(function, "__wrapped__", function)
    code = function.__code__
    return frozenset(code.co_varnames[1 : code.co_argcount])


class _AfterLoading:
    """A module's own loader, with a call once the module is loaded (then put back in place)."""

    def __init__(self, loader: Any, done: Any) -> None:
        self.loader, self.done = loader, done

    def create_module(self, spec: Any) -> Any:
        return self.loader.create_module(spec)

    def exec_module(self, module: Any) -> None:
        self.loader.exec_module(module)
        module.__loader__ = self.loader
        if getattr(module, "__spec__", None) is not None:
            module.__spec__.loader = self.loader
        self.done()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.loader, name)


class _Watcher:
    """A meta-path finder that lets the banned libraries load as they would, and tells the guard
    each time one has: their functions are then taken while the notebook has had no chance to
    rename or replace them (a later ``tf.nn.conv2d = None`` hides nothing)."""

    def __init__(self, names: Any, done: Any) -> None:
        self.names, self.done, self.busy = frozenset(names), done, False

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname not in self.names or self.busy:
            return None
        self.busy = True
        try:
            for finder in list(sys.meta_path):
                if finder is self or not hasattr(finder, "find_spec"):
                    continue
                spec = finder.find_spec(fullname, path, target)
                if spec is not None:
                    if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                        spec.loader = _AfterLoading(spec.loader, self.done)  # type: ignore[assignment]
                    return spec
        finally:
            self.busy = False
        return None


class Guard:
    def __init__(self, config: Any) -> None:
        import functools
        import hashlib
        import os

        import numpy as np

        self.key = bytes.fromhex(config["key"])
        self.np, self.os, self.blake2b = np, os, hashlib.blake2b
        self.audit, self.setprofile, self.getprofile = sys.audit, sys.setprofile, sys.getprofile
        self.modules = sys.modules
        self.profiler = functools.partial(sys.audit, "grader.guard.profile")  # immutable
        self.notes: list[str] = []
        self.session: list[str] = []
        self.observing = False
        self.own_switch = False
        self.busy = False
        self.seen_code: set[Any] = set()
        self.seen_c: dict[int, Any] = {}
        self.keras: Any = _keras_capture(np) if config.get("keras") else None
        self.harvest = {"__builtins__": config["builtins"], "__name__": "grader_harvest"}
        exec(config["harvest"], self.harvest)
        self.harvest["_observe"] = self.observe
        self.harvest["_save_model"] = self.save_model
        self.observed: dict[str, Any] = {}
        self.banned = tuple(config.get("banned", ()))
        self.captured: dict[Any, str] = {}
        prefixes = {".".join(n.split(".")[:i]) for n in self.banned for i in range(1, 4)}
        self.watcher = _Watcher(prefixes, self.capture)
        sys.meta_path.insert(0, self.watcher)
        self.capture()

    def capture(self) -> None:
        """The banned functions of every library loaded so far, kept for every observation."""
        self.captured.update(self._resolve(self.banned))
        self.request: dict[str, Any] = {}

    # -- the audit hook ------------------------------------------------------------------------
    def hook(self, event: Any, args: Any) -> Any:
        if event == "grader.guard.profile":
            if self.observing:
                frame, kind, arg = args
                if kind == "call":
                    self.busy = True  # reading f_code is itself an audited event
                    try:  # a call's time limit (SIGALRM) may strike right here
                        self.seen_code.add(frame.f_code)
                    finally:
                        self.busy = False
                elif kind == "c_call":
                    self.seen_c[id(arg)] = arg
            return
        if event in VETOED:
            self.session.append(event + " refused")
            raise RuntimeError(f"{event} is not available while grading")
        if event == "open" and self._process_memory(args[0]):
            self.session.append("process memory opened")
            raise PermissionError("reading process memory is not available while grading")
        if event in ("sys.setprofile", "sys.settrace") and not self.own_switch:
            if self.observing:
                self.notes.append(TAMPER + event + " called")
            else:  # a debugger, or code getting ready: uncertain, not proof
                self.session.append(event + " called by the notebook")
        elif self.observing and event in NOTED:
            self.notes.append(NOTED[event])

    def _process_memory(self, path: Any) -> bool:
        """/proc/<pid>/mem: reading it would show the guard's key."""
        try:
            name = self.os.fsdecode(path)
        except (TypeError, ValueError):
            return False
        return name.startswith("/proc/") and name.rstrip("/").endswith("/mem")

    # -- observing a by-hand function ----------------------------------------------------------
    def observe(self, function: Any, run: Any) -> Any:
        """Runs ``run()`` (the grader's call of ``function``) under the profiler when the request
        names ``function``; what it reached is kept for the manifest."""
        banned = self.request.get("observe", {}).get(function)
        if banned is None:
            return run()
        before = self._resolve(banned)
        self.seen_code, self.seen_c, self.notes = set(), {}, []
        self.own_switch, self.observing = True, True
        self.setprofile(self.profiler)
        self.own_switch = False
        try:
            return run()
        finally:
            still = self.getprofile() is self.profiler
            self.own_switch = True
            self.setprofile(None)
            self.observing, self.own_switch = False, False
            if not still:
                self.notes.append(TAMPER + "the grader's profiler was replaced")
            self._record(function, banned, before)

    def _record(self, function: Any, banned: Any, before: Any) -> Any:
        targets = {**self.captured, **before, **self._resolve(banned)}
        if self.watcher not in sys.meta_path:
            self.notes.append("the grader's import watcher was removed")
        found = {targets[c] for c in self.seen_code if c in targets}
        found |= {targets[i] for i, f in self.seen_c.items() if i in targets}
        found |= self._by_name(banned)
        entry = self.observed.setdefault(function, {"calls": 0, "banned": [], "notes": []})
        entry["calls"] += 1
        entry["banned"] = sorted(set(entry["banned"]) | found)
        entry["notes"] = sorted(set(entry["notes"]) | set(self.notes))

    def _resolve(self, banned: Any) -> Any:
        """Banned name -> the code objects (or C functions, by id) it stands for, as the loaded
        modules have them now; a namespace (tensorflow.nn) stands for all its members."""
        targets: dict[Any, str] = {}
        for name in banned:
            obj = self._lookup(name)
            if obj is None:
                continue
            members = [obj]
            if type(obj) is type(sys):
                members = [v for v in list(vars(obj).values()) if callable(v)]
            for member in members:
                self._targets(member, name, targets)
        return targets

    def _lookup(self, name: Any) -> Any:
        """What a banned name stands for among the modules loaded now, or None. Of a module,
        only what it holds counts: its ``__getattr__`` would import a lazily loaded submodule
        (``scipy.signal`` once Keras has loaded ``scipy``: 50 MB and a third of a second in
        every such kernel), and what is not loaded cannot have been called."""
        parts = name.split(".")
        for cut in range(len(parts), 0, -1):
            module = self.modules.get(".".join(parts[:cut]))
            if module is None:
                continue
            obj = module
            try:
                for part in parts[cut:]:
                    obj = vars(obj)[part] if isinstance(obj, type(sys)) else getattr(obj, part)
            except Exception:
                return None
            return obj
        return None

    def _targets(self, obj: Any, name: Any, targets: Any) -> Any:
        functions = [obj]
        if isinstance(obj, type):
            functions = [v for v in vars(obj).values() if callable(v)]
        for function in functions:
            for _ in range(10):
                inner = getattr(function, "__wrapped__", None)
                if inner is None or inner is function:
                    break
                function = inner
            code = getattr(function, "__code__", None)
            if code is not None:
                targets[code] = name
            elif callable(function):
                targets[id(function)] = name

    def _by_name(self, banned: Any) -> Any:
        """Banned functions recognised by where their code lives and what it is called, however
        they were reached or renamed (``scipy.signal.correlate2d`` is any ``correlate2d`` defined
        in scipy/signal/)."""
        found = set()
        for name in banned:
            parts = name.split(".")
            if len(parts) < 2:
                continue
            folder, leaf = "/" + "/".join(parts[:-1][:2]) + "/", parts[-1]
            for code in self.seen_code:
                if code.co_name == leaf and folder in code.co_filename:
                    found.add(name)
            for function in self.seen_c.values():
                module = getattr(function, "__module__", None) or ""
                if getattr(function, "__name__", None) == leaf and module.startswith(parts[0]):
                    found.add(name)
        return found

    # -- exporting a Keras model ---------------------------------------------------------------
    def save_model(self, model: Any, path_stem: Any) -> Any:
        """A model leaves the kernel only if it is exactly one of Keras' own model classes, made
        of Keras' own layers or of layers of the student's own that override none of Keras'
        machinery, with nothing of its saving path replaced; saved with the captured function.
        Beside a model of Keras' own layers: its predictions on the grader's probe images, which
        the file must reproduce outside. A model with a layer of the student's own is never run
        outside (that would run the student's class there); its file is read back here instead
        and must state exactly the kernel's layers and settings."""
        keras = self.keras
        if keras is None:
            return {"status": "untrusted", "detail": "guard:Keras was not captured"}
        kind = type(model)
        if kind not in keras["models"]:
            return {"status": "untrusted", "detail": "class:" + kind.__qualname__}
        layers = self._layers(model)
        custom = [layer for layer in layers if type(layer) not in keras["classes"]]
        inner = [s for c in custom for s in keras["sublayers"](c, include_self=False)]
        for layer in (*custom, *inner):
            if type(layer) in keras["classes"]:
                continue  # Keras' own, held by a layer of the student's own
            problem = self._own_layer(type(layer))
            if problem is not None:
                return {"status": "untrusted", "detail": problem}
        objects = [model, *layers, *inner]
        problem = self._tampered(objects)
        if problem is not None:
            return {"status": "untrusted", "detail": problem}
        shape = self._shape_problem(model)
        if shape is not None:
            return {"status": "unsupported", "detail": shape}
        name = self.os.path.basename(path_stem)
        if custom:
            return self._save_own(model, path_stem, objects, [*custom, *inner])
        try:
            self._save_as_trained(model, path_stem + ".keras")
            probe = self._probe(model, self.os.path.dirname(path_stem))
        except Exception as error:
            return self._raised(error)
        self.np.save(path_stem + ".probe.npy", probe, allow_pickle=False)
        return {"status": "ok", "file": name + ".keras", "probe": name + ".probe.npy"}

    def _raised(self, error: Any) -> Any:
        """A save or probe that raised, as the answer says it: the error's type and text."""
        return {"status": "raised", "detail": f"{type(error).__name__}: {error}"[:300]}

    def _save_as_trained(self, model: Any, path: Any) -> None:
        """Saves with the captured function. ``compile(loss=keras.losses.SparseCategorical
        Crossentropy)``, the class itself, is an honest style: Keras' compile trains with that
        class's instance made with its defaults (``keras.losses.get``), but Keras' save cannot
        write a class (``get_config() missing 'self'``). So the file records what the training
        used: while saving, compile's record holds each of Keras' own loss and metric classes as
        that instance; the record is put back afterwards, and nothing else is touched."""
        keras = self.keras
        record = vars(model).get("_compile_config")
        config = vars(record).get("config") if type(record) is keras["record"] else None
        if type(config) is not dict or not self._holds_class(config):
            keras["save"](model, path)
            return
        model._compile_config = keras["record"](**self._as_instances(config))
        try:
            keras["save"](model, path)
        finally:
            model._compile_config = record

    def _made_by_compile(self, value: Any) -> bool:
        return (
            (
                type(value) is type
                or type(value) is type(self.keras["layer"])  # Keras' classes' metaclass
            )
            and value in self.keras["classes"]
            and issubclass(value, self.keras["made_by_compile"])
        )

    def _holds_class(self, value: Any) -> bool:
        if type(value) in (list, tuple):
            return any(self._holds_class(v) for v in value)
        if type(value) is dict:
            return any(self._holds_class(v) for v in value.values())
        return self._made_by_compile(value)

    def _as_instances(self, value: Any) -> Any:
        if type(value) in (list, tuple):
            return type(value)(self._as_instances(v) for v in value)
        if type(value) is dict:
            return {k: self._as_instances(v) for k, v in value.items()}
        return value() if self._made_by_compile(value) else value

    def _own_layer(self, kind: Any) -> Any:
        """Why a layer class that is not Keras' own cannot be vouched for, or None: a model
        class used as a layer is refused (the spec's subclassed model); a layer class of the
        student's own may define only what a layer author writes and names of its own."""
        keras = self.keras
        if issubclass(kind, keras["model"]) or not issubclass(kind, keras["layer"]):
            return "layer:" + kind.__qualname__
        base = next(cls for cls in kind.__mro__ if cls in keras["classes"])
        machinery = {name for cls in base.__mro__ for name in vars(cls)}
        for cls in kind.__mro__:
            if cls in base.__mro__:
                continue
            if cls in keras["classes"] or type(cls) is not type(keras["layer"]):
                return "layer:" + kind.__qualname__
            for attr in vars(cls):
                own = attr not in machinery and not attr.startswith("__")
                if not own and attr not in LAYER_AUTHOR | CLASS_RECORD:
                    return f"override:{kind.__qualname__}.{attr}"
        return None

    def _shape_problem(self, model: Any) -> Any:
        """Why the grader cannot ask this model for one answer per image, as "shape:...", or
        None: never built, or not one input and one output of known size."""
        if not model.built or not hasattr(model, "inputs"):
            return "shape:unbuilt"
        inputs, outputs = model.inputs or [], model.outputs or []
        if len(inputs) != 1:
            return f"shape:inputs:{len(inputs)}"
        if len(outputs) != 1:
            return f"shape:outputs:{len(outputs)}"
        shape = tuple(inputs[0].shape)[1:]
        if any(size is None for size in shape):
            return "shape:open:" + repr(shape)
        return None

    def _save_own(self, model: Any, path_stem: Any, objects: Any, own: Any) -> Any:
        """Saves a model holding layers of the student's own. Their ``get_config`` runs while
        Keras saves, so afterwards nothing may have been replaced, and the file's layer list
        must name each of the kernel's layers as its own class, with the settings Keras' own
        layers give now (a setting changed and put back while saving would differ here)."""
        keras = self.keras
        path = path_stem + ".keras"
        try:
            self._save_as_trained(model, path)
            problem = self._tampered(objects) or self._unfaithful(model, path)
        except Exception as error:
            return self._raised(error)
        if problem is not None:
            return {"status": "untrusted", "detail": problem}
        names = sorted({type(x).__name__ for x in own if type(x) not in keras["classes"]})
        return {"status": "ok", "file": self.os.path.basename(path), "custom": names}

    def _unfaithful(self, model: Any, path: Any) -> Any:
        keras = self.keras
        with keras["modules"]["zipfile"].ZipFile(path) as archive:
            config = keras["modules"]["json"].loads(archive.read("config.json"))
        entries = [
            e
            for e in config["config"]["layers"]
            if not (e.get("class_name") == "InputLayer" and self._keras_module(e))
        ]
        functional = type(model) is keras["models"][1]  # its config lists operations too
        layers = [
            layer
            for layer in (model.operations if functional else model.layers)
            if not (type(layer).__name__ == "InputLayer" and type(layer) in keras["classes"])
        ]
        if len(entries) != len(layers):
            return "saved:layers"
        for number, (entry, layer) in enumerate(zip(entries, layers, strict=True), start=1):
            kind = type(layer)
            ours = kind in keras["classes"]
            if entry.get("class_name") != kind.__name__ or self._keras_module(entry) != ours:
                return f"saved:{number}"
            if ours and not self._same_settings(entry.get("config"), layer):
                return f"saved:{number}"
        return None

    def _keras_module(self, entry: Any) -> bool:
        module = entry.get("module")
        return isinstance(module, str) and (module == "keras" or module.startswith("keras."))

    def _same_settings(self, saved: Any, layer: Any) -> bool:
        """The settings the grader reads, as the file states them and as Keras serializes the
        layer now; for a layer whose weights' shape its settings fix, those agree as well."""
        now = self.keras["serialize"](layer).get("config", {})
        for key in SETTINGS:
            if self._plain(saved.get(key)) != self._plain(now.get(key)):
                return False
        kernel = getattr(layer, "kernel", None) if type(layer).__name__ in BUILT_FROM else None
        if kernel is None:
            return True
        shape = tuple(kernel.shape)
        size = tuple(getattr(layer, "kernel_size", ()))
        width = getattr(layer, "filters", None) or getattr(layer, "units", None)
        return shape[-1] == width and shape[: len(size)] == size

    def _plain(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return [self._plain(v) for v in value]
        if isinstance(value, dict):
            return {k: self._plain(v) for k, v in value.items()}
        return value

    def _layers(self, model: Any) -> Any:
        found, todo = [], list(model.layers)
        while todo:
            layer = todo.pop()
            found.append(layer)
            if type(layer) in self.keras["models"]:
                todo.extend(layer.layers)
        return found

    def _tampered(self, objects: Any) -> Any:
        keras = self.keras
        for obj in objects:
            kind = type(obj)
            for attr, value in list(vars(obj).items()):
                if self._shadows(obj, attr, value):
                    return f"instance:{kind.__qualname__}.{attr}"
            for cls in kind.__mro__:
                before = keras["class_snapshot"].get(cls, {})
                for attr, value in before.items():
                    if vars(cls).get(attr) is not value:
                        return f"patched:{cls.__qualname__}.{attr}"
        for (module_name, attr), value in keras["snapshot"].items():
            module = keras["modules"][module_name]
            if self.modules.get(module_name) is not module:
                return f"patched:sys.modules[{module_name!r}]"
            if vars(module).get(attr) is not value:
                return f"patched:{module_name}.{attr}"
        return None

    def _shadows(self, obj: Any, attr: Any, value: Any) -> bool:
        """Whether an instance attribute replaces one of the class's methods (the way to make a
        model describe or save itself otherwise than its class would). Not so: a function whose
        code is Keras' own (the ``build`` wrapper Keras puts on every layer), and what Keras'
        ``compile`` stored under the name it was given (``model.loss`` after
        ``compile(loss=SparseCategoricalCrossentropy())``), when it is the very object the compile
        record holds under one of ``compile``'s own parameter names: saving reads the record, never
        the attribute, and no other name (``get_config``) can be slipped into it."""
        if not callable(value) or not callable(getattr(type(obj), attr, None)):
            return False
        code = getattr(getattr(value, "__func__", value), "__code__", None)
        if code is not None and code.co_filename.startswith(self.keras["root"]):
            return False
        record = vars(obj).get("_compile_config")
        if attr not in self.keras["compiled"] or type(record) is not self.keras["record"]:
            return True
        config = vars(record).get("config")
        return type(config) is not dict or config.get(attr) is not value

    def _probe(self, model: Any, folder: Any) -> Any:
        np = self.np
        pool = np.load(self.os.path.join(folder, "probe.npy"), allow_pickle=False)
        shape = tuple(model.input_shape[1:])
        x = np.resize(pool, (len(pool), *shape)).astype("float32")
        return np.asarray(self.keras["call"](model, x, training=False), dtype="float32")

    # -- the harvest ---------------------------------------------------------------------------
    def run_harvest(self, folder: Any, namespace: Any) -> Any:
        import json

        path = self.os.path.join(folder, "request.json")
        with open(path, encoding="utf-8") as handle:
            self.request = json.load(handle)
        self.observed = {}
        self.harvest["run"](folder, namespace)
        manifest_path = self.os.path.join(folder, "manifest.json")
        with open(manifest_path, encoding="utf-8") as handle:
            manifest = json.load(handle)
        manifest["observed"] = self.observed
        manifest["guard"] = sorted(set(self.session))
        data = json.dumps(manifest).encode("utf-8")
        with open(manifest_path, "wb") as handle:
            handle.write(data)
        mac = self.blake2b(folder.encode("utf-8") + b"\0" + data, key=self.key).hexdigest()
        with open(manifest_path + ".mac", "w", encoding="utf-8") as handle:
            handle.write(mac)


def install(config: Any, namespace: Any) -> Any:
    """Installs the guard; the only reference the notebook could follow is the audit hook's,
    which Python offers no way to list."""
    import linecache

    guard = Guard(config)
    namespace_ref = namespace
    for name, entry in list(linecache.cache.items()):  # the setup cell's source holds the key
        if config["key"] in "".join(entry[2] if len(entry) > 2 else ()):
            del linecache.cache[name]

    always = frozenset(("grader.harvest", "grader.guard.profile", "open", *VETOED))
    always |= {"sys.setprofile", "sys.settrace"}

    def hook(event: Any, args: Any) -> Any:
        """Called for every audited event of the kernel (importing TensorFlow makes hundreds of
        thousands): one set lookup for all that do not concern the guard."""
        if guard.busy and event != "grader.harvest":
            return
        if event in always:
            if event == "grader.harvest":
                guard.run_harvest(str(args[0]), namespace_ref)
            else:
                guard.hook(event, args)
        elif guard.observing and event in NOTED:
            guard.notes.append(NOTED[event])

    # the harvest runs inside the hook: the profiler must still see the calls it makes
    hook.__cantrace__ = True  # type: ignore[attr-defined]
    sys.addaudithook(hook)
