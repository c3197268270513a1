"""Grading on a Dask cluster: ``--cluster local:N`` starts one on this machine (worker
processes), ``--scheduler ADDRESS`` sends the jobs to a running one (Slurm through
dask-jobqueue, Kubernetes, ``dask worker`` on lab machines).

Each worker keeps one JobRunner in a worker plugin: it is made when the worker starts (again
after a restart), so references run once per worker, not once per submission. The coordinator
keeps the gradebook; results stream back and are recorded one by one. A worker that dies
mid-job has the job rerun elsewhere, up to Dask's ``distributed.scheduler.allowed-failures``
(set to MAX_ATTEMPTS - 1 for a local cluster; a running scheduler keeps its own); then the job
comes back as KilledWorker and the submission is a GRADER_ERROR that says so. A scheduler that
goes away cancels every job still out: the batch stops with ClusterLost, the run stays open, and
``--resume`` continues it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from typing import Any

import dask
from dask.typing import Key
from distributed import Client, Future, LocalCluster, WorkerPlugin, as_completed, get_worker
from distributed.scheduler import KilledWorker

from grader.batch.jobs import CourseSetup, Job, JobOutcome, JobRunner
from grader.batch.queue import MAX_ATTEMPTS, Cluster, ClusterLost, ClusterProblem, JobQueue
from grader.text.messages import msg
from grader.text.numbers import Count

CONNECT_TIMEOUT_S = 30
LOCAL_CONFIG = {"distributed.scheduler.allowed-failures": MAX_ATTEMPTS - 1}


class GradingPlugin(WorkerPlugin):
    """A worker's JobRunner. Named after the course it grades, so two batches of different
    courses on one cluster never share one; registering the same again keeps the one there
    (and the references it has run)."""

    idempotent = True

    def __init__(self, course: CourseSetup) -> None:
        self.course = course
        self.runner: JobRunner | None = None

    @property
    def name(self) -> str:
        return "grader-" + hashlib.sha256(repr(self.course).encode()).hexdigest()[:16]

    def setup(self, worker: Any) -> None:
        self.runner = JobRunner(self.course, f"Dask worker {worker.address}")

    def teardown(self, worker: Any) -> None:
        """The worker closes: its kernel started ahead is shut down."""
        if self.runner is not None:
            self.runner.close()


def grade_on_worker(plugin: str, job: Job) -> JobOutcome:
    """The task every job runs: the worker's own JobRunner grades it."""
    grading = get_worker().plugins[plugin]
    assert isinstance(grading, GradingPlugin) and grading.runner is not None, (
        "a worker plugin is set up before the worker runs tasks"
    )
    return grading.runner.run(job)


class DaskExecutor:
    def __init__(self, cluster: Cluster, course: CourseSetup) -> None:
        self.cluster = cluster
        self.plugin = GradingPlugin(course)
        self._local: LocalCluster | None = None
        self._client: Client | None = None
        self._checked: set[tuple[tuple[str, float], ...]] = set()  # resources some worker has

    def started(self) -> DaskExecutor:
        """Connected (a local cluster started first), every worker with its plugin."""
        try:
            self._client = self._connect()
            self._client.register_plugin(self.plugin, name=self.plugin.name)
        except BaseException:
            self.close()
            raise
        return self

    def _connect(self) -> Client:
        if self.cluster.scheduler is None:
            with dask.config.set(LOCAL_CONFIG):
                self._local = LocalCluster(
                    n_workers=self.cluster.local_workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            return Client(self._local)
        try:
            return Client(self.cluster.scheduler, timeout=CONNECT_TIMEOUT_S)
        except (OSError, ValueError) as error:  # refused, timed out, or not an address
            unreachable = msg(
                "cluster.unreachable", address=str(self.cluster.scheduler), error=str(error)
            )
            raise ClusterProblem(unreachable) from None

    def close(self) -> None:
        # a client that lost its scheduler logs the end of its reconnect attempts as errors,
        # with tracebacks: the batch has already said what happened
        loggers = [
            logging.getLogger(name)
            for name in ("distributed", *logging.root.manager.loggerDict)
            if name.startswith("distributed")
        ]
        levels = [logger.level for logger in loggers]
        for logger in loggers:
            logger.setLevel(logging.CRITICAL)
        try:
            if self._client is not None:
                self._client.close(timeout=10)
            if self._local is not None:
                self._local.close(timeout=30)
        finally:
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)
            self._client, self._local = None, None

    def grade(self, jobs: Iterable[Job]) -> Iterator[tuple[Job, JobOutcome]]:
        """As many jobs out as the cluster has worker threads, so that each worker holds only
        the job it runs: a worker that dies is charged for that one alone (a job waiting in a
        worker's queue would share its death). Jobs that ask for a resource (retraining on a
        GPU) go out as they come and wait at the scheduler for a worker that has it, so they
        never hold CPU workers back; they carry no large files (see ``job_settings``)."""
        client = self._client
        assert client is not None, "grade runs between started() and close()"
        queue = JobQueue(jobs)
        sent: dict[Key, Job] = {}
        finished = as_completed()
        plain, window, returned = 0, self._threads(client, 1), 0
        while True:
            while plain < window and (job := queue.next()) is not None:
                finished.add(self._send(client, job))
                sent[job.key] = job
                plain += not self._restricted(job)
            if not sent:
                return
            future = next(finished)
            job = sent.pop(future.key)
            if future.cancelled():
                raise ClusterLost(msg("cluster.lost", cluster=str(self.cluster), n=Count(returned)))
            returned += 1
            plain -= not self._restricted(job)
            yield job, self._outcome(future)
            window = self._threads(client, window)

    def _restricted(self, job: Job) -> bool:
        """Only a cluster of many machines routes by resources; on one, every job sees its GPU."""
        return self.cluster.scheduler is not None and bool(job.resources)

    def _send(self, client: Client, job: Job) -> Future:
        if self._restricted(job) and job.resources not in self._checked:
            self._require(client, job.resources)
            self._checked.add(job.resources)
        return client.submit(
            grade_on_worker,
            self.plugin.name,
            job,
            key=job.key,
            resources=dict(job.resources) if self._restricted(job) else None,
        )

    @staticmethod
    def _threads(client: Client, previous: int) -> int:
        """The cluster's worker threads now (it may grow or shrink), at least one."""
        try:
            if client.status == "running":
                return max(1, sum(client.nthreads().values()))
        except OSError:  # the scheduler went away: the jobs still out come back cancelled
            pass
        return previous

    def _outcome(self, future: Future) -> JobOutcome:
        error = future.exception()
        if error is None:
            outcome: JobOutcome = future.result()
        elif isinstance(error, KilledWorker):
            outcome = msg("batch.worker_died", n=error.allowed_failures + 1)
        else:
            where = f"the Dask cluster {self.cluster}"
            outcome = msg("batch.job_failed", worker=where, error=repr(error)[:300])
        future.release()
        return outcome

    def _require(self, client: Client, resources: tuple[tuple[str, float], ...]) -> None:
        """A job asking for a resource no worker has would wait for ever: say so instead."""
        needed = {name for name, _ in resources}
        try:
            workers = client.scheduler_info(n_workers=-1)["workers"].values()
        except OSError as error:
            lost = msg("cluster.gone", cluster=str(self.cluster), error=str(error))
            raise ClusterLost(lost) from None
        offered = {name for worker in workers for name in worker.get("resources", {})}
        missing = sorted(needed - offered)
        if missing and workers:
            raise ClusterProblem(
                msg(
                    "cluster.no_resource",
                    resources=", ".join(missing),
                    n=Count(len(workers)),
                    cluster=str(self.cluster),
                )
            )
