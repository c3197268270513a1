"""What every executor shares: the job queue with its retries, the cluster's address, and the
ways a cluster fails. The pool (``executors``) and Dask (``cluster``) both build on it."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from grader.batch.jobs import Job, JobOutcome
from grader.errors import EnvironmentProblem, GraderError

MAX_ATTEMPTS = 2  # a worker may die this often on one job before the job is given up


class Executor(Protocol):
    def grade(self, jobs: Iterable[Job]) -> Iterator[tuple[Job, JobOutcome]]:
        """Every job's outcome, in the order they finish; jobs are taken from ``jobs`` only as
        workers come free."""
        ...


class ClusterProblem(GraderError):
    """The cluster cannot take the batch (unreachable, no worker with a needed resource)."""


class ClusterLost(EnvironmentProblem):
    """The scheduler went away mid-batch: every grade recorded so far is kept."""


@dataclass(frozen=True)
class Cluster:
    """Where the jobs go instead of the pool: the address of a running Dask scheduler, or a
    local cluster of ``local_workers`` worker processes started for this batch."""

    scheduler: str | None = None
    local_workers: int = 0

    @classmethod
    def parse(cls, text: str) -> Cluster:
        """``local:N``, as ``--cluster`` takes it."""
        kind, _, count = text.partition(":")
        if kind != "local" or not count.isdigit() or int(count) < 1:
            raise ValueError(f"expected local:N with N >= 1 worker processes, got {text!r}")
        return cls(local_workers=int(count))

    def __str__(self) -> str:
        return self.scheduler or f"local:{self.local_workers}"


class JobQueue:
    """Jobs still to send: those to run again first, then the next of the batch. Jobs are
    packed (their files read) only when a worker is about to be free, so a course of large
    model files is never in memory at once."""

    def __init__(self, jobs: Iterable[Job]) -> None:
        self._jobs = iter(jobs)
        self._again: deque[Job] = deque()

    def next(self) -> Job | None:
        return self._again.popleft() if self._again else next(self._jobs, None)

    def again(self, job: Job) -> None:
        self._again.append(job)
