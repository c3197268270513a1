"""Where jobs run: the process pool of this machine (the default), or a Dask cluster.

An executor takes jobs and hands back, for each, its outcome as soon as it is known: the result
JSON, or the Message saying why none came back (a worker that died on it too often, a job the
worker refused). The batch turns every outcome into a gradebook row the same way, whichever
executor ran it. A worker that dies mid-job has the job run again, a bounded number of times:
here, by starting a fresh pool; on a cluster, by Dask's own ``allowed-failures``.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing, contextmanager

from grader.batch.jobs import (
    CourseSetup,
    Job,
    JobKey,
    JobOutcome,
    run_in_pool_worker,
    start_pool_worker,
)
from grader.batch.queue import MAX_ATTEMPTS, Cluster, Executor, JobQueue
from grader.text.messages import msg


@contextmanager
def open_executor(cluster: Cluster | None, workers: int, course: CourseSetup) -> Iterator[Executor]:
    """The executor of one batch, its workers started; stopped when the batch ends."""
    if cluster is None:
        with closing(ProcessPool(workers, course)) as pool:
            yield pool
        return
    from grader.batch.cluster import DaskExecutor  # Dask is imported only for a batch that uses it

    with closing(DaskExecutor(cluster, course).started()) as executor:
        yield executor


class ProcessPool:
    """Worker processes of this machine, each with its own JobRunner. A worker that dies breaks
    the whole pool: the jobs in flight are run again in a fresh one, each at most MAX_ATTEMPTS
    times in all. One job per worker is in flight, so no job waits in the pool's queue to be
    charged a death it had no part in (the other workers' jobs still are: a pool breaks whole)."""

    def __init__(self, workers: int, course: CourseSetup) -> None:
        self.workers = max(1, workers)
        self.course = course
        self._pool: ProcessPoolExecutor | None = None

    def close(self) -> None:
        """Jobs not started are dropped; those running are waited for."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: a grader that has imported TensorFlow has threads a fork would
            # copy mid-lock; fresh workers cost a second each
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=start_pool_worker,
                initargs=(self.course,),
            )
        return self._pool

    def grade(self, jobs: Iterable[Job]) -> Iterator[tuple[Job, JobOutcome]]:
        queue = JobQueue(jobs)
        attempts: Counter[JobKey] = Counter()
        in_flight: dict[Future[JobOutcome], Job] = {}
        while True:
            while len(in_flight) < self.workers and (job := queue.next()) is not None:
                in_flight[self._started().submit(run_in_pool_worker, job)] = job
            if not in_flight:
                return
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            if any(isinstance(f.exception(), BrokenProcessPool) for f in done):
                wait(in_flight)  # every job of a broken pool fails: collect them all, then
                done = set(in_flight)  # run them again in a fresh one
                self.close()
            for future in done:
                job = in_flight.pop(future)
                if not isinstance(future.exception(), BrokenProcessPool):
                    yield job, future.result()
                    continue
                attempts[job.key] += 1
                if attempts[job.key] < MAX_ATTEMPTS:
                    queue.again(job)
                else:
                    yield job, msg("batch.worker_died", n=attempts[job.key])
