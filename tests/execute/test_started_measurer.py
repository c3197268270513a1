"""Measuring processes started before their job: each holds nothing of any submission until it
serves one, serves exactly one and is then discarded; a batch worker's spare that does not fit
or has died is never handed out, and none is left when the worker ends."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from keras_models import fashion, tiny_fashion_cnn
from leftovers import children_of_this_process

from grader.execute.measure import (
    Evaluation,
    MeasureJob,
    MeasurerSpares,
    StartedMeasurer,
    measure,
)
from grader.execute.sandbox import Sandbox, bwrap_path

pytestmark = pytest.mark.keras
KERAS_OWN = {".keras", ".keras/keras.json"}  # Keras' own settings, written when it is imported


def _images() -> Evaluation:
    x, y = fashion("test")
    return Evaluation(x[:64], y[:64], x[64:96], y[64:96])


def _sandbox() -> Sandbox | None:
    return Sandbox() if bwrap_path() is not None else None


def _models(folder: Path) -> tuple[Path, Path]:
    first, second = folder / "first.keras", folder / "second.keras"
    tiny_fashion_cnn(dropout=True).save(first)
    tiny_fashion_cnn(dropout=False).save(second)
    return first, second


def test_a_measuring_process_started_ahead_serves_one_job_as_a_fresh_one_would(
    tmp_path: Path,
) -> None:
    model, _ = _models(tmp_path)
    images, sandbox = _images(), _sandbox()
    job = MeasureJob(((model, True),), images, sandbox)
    before = set(children_of_this_process())
    with StartedMeasurer(sandbox) as child:
        assert child.alive()
        time.sleep(1)  # waiting, it has been given nothing of a submission
        assert [p.name for p in child.root.iterdir()] == ["home"]
        home = child.root / "home"  # only what importing Keras writes there
        assert {str(p.relative_to(home)) for p in home.rglob("*")} <= KERAS_OWN
        (ahead,) = child.serve(job)
        assert not child.alive()
        with pytest.raises(RuntimeError, match="one job only"):
            child.serve(job)
        root = child.root
    assert not root.exists(), "a served measuring process's folder outlived it"
    assert set(children_of_this_process()) - before == set()
    (fresh,) = measure(job)  # one started for it, as a student's check does
    assert ahead.loads and ahead.evaluated == 64 and ahead.checked == 32
    assert ahead == fresh


def test_one_discarded_unused_ends_without_reading_anything(tmp_path: Path) -> None:
    """Its standard input closed (the worker ends): it exits by itself, having read no job."""
    with StartedMeasurer(None) as child:
        (child.root / "jobs.json").write_text("not a job: never read")
        stdin = child.process.stdin
        assert stdin is not None
        stdin.close()
        assert child.process.wait(timeout=120) == 0
        assert not (child.root / "facts.json").exists()


def test_each_job_of_a_worker_is_served_by_its_own_process_started_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _models(tmp_path)
    images, sandbox = _images(), _sandbox()
    spares = MeasurerSpares()
    served: list[tuple[int, Path]] = []
    original = StartedMeasurer.serve

    def spy(self: StartedMeasurer, job: MeasureJob) -> object:
        served.append((self.process.pid, self.root))
        return original(self, job)

    monkeypatch.setattr(StartedMeasurer, "serve", spy)
    before = set(children_of_this_process())
    try:
        measure(MeasureJob(((first, True),), images, sandbox, spares=spares))
        waiting = spares.spare
        assert waiting is not None and waiting.alive(), "no next process was started"
        assert [p.name for p in waiting.root.iterdir()] == ["home"]  # nothing of the first job
        (facts,) = measure(MeasureJob(((second, True),), images, sandbox, spares=spares))
        assert facts.loads and facts.evaluated == 64
        assert served[1] == (waiting.process.pid, waiting.root), "the spare did not serve"
        assert served[0][0] != served[1][0] and served[0][1] != served[1][1]
        assert not any(root.exists() for _, root in served), "a served process's folder is kept"
        dead = spares.spare
        assert dead is not None and dead is not waiting
        os.kill(dead.process.pid, signal.SIGKILL)
        dead.process.wait()
        with spares.take(sandbox) as taken:  # a dead spare is never handed out
            assert taken is not dead and taken.alive()
        assert not dead.root.exists()
        if sandbox is not None:  # one started in another sandbox does not fit
            spares.refill(None)
            unboxed = spares.spare
            with spares.take(sandbox) as taken:
                assert taken is not unboxed and taken.sandbox is not None
            assert unboxed is not None and not unboxed.root.exists()
    finally:
        spares.close()
    assert spares.spare is None
    assert set(children_of_this_process()) - before == set(), "a measuring process outlived it"


def test_a_grading_that_will_measure_finds_one_started_and_none_outlives_the_worker() -> None:
    before = set(children_of_this_process())
    spares = MeasurerSpares()
    try:
        spares.prepare(None)
        waiting = spares.spare
        assert waiting is not None and waiting.alive()
        spares.prepare(None)  # one is waiting already: no second one
        assert spares.spare is waiting
    finally:
        spares.close()
    spares.prepare(None)  # the worker has ended: nothing is started any more
    assert spares.spare is None and not waiting.root.exists()
    assert set(children_of_this_process()) - before == set()
