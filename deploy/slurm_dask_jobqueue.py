"""Grading a course on a Slurm cluster through dask-jobqueue: an example to adapt to your
cluster (partitions, accounts, modules), not tested here (no Slurm on the grader's CI).

Run it on the login node, from the course repository on the shared filesystem, in the venv the
compute nodes see too (the same path on every node):

    pip install 'cnn-notebook-grader[instructor,cluster]' dask-jobqueue
    python deploy/slurm_dask_jobqueue.py SUBMISSIONS --out reports/ --cpu-jobs 10 --gpu-jobs 1 \\
        [-- any further `grader grade` options, e.g. --retrain --lang en]

This process is the coordinator: it runs the Dask scheduler (inside SLURMCluster) and
`grader grade --scheduler`, which keeps the SQLite gradebook in --out. It asks Slurm for
--cpu-jobs CPU jobs of WORKERS_PER_JOB single-threaded workers each, and --gpu-jobs jobs on the
GPU partition whose workers offer the resource GPU=1 (what `--retrain` jobs ask for). If this
process dies (the login session ends), the batch stops like any killed run: start this script
again with `-- --resume` and it continues, nothing graded twice. Run it in tmux or screen.

What the workers need (README, "Grading on a cluster"): the course folder at the same path as
here (reference/, exercises/, data/: the shared filesystem), the same grader version (this
venv), bubblewrap on the compute nodes (else they refuse sandboxed jobs with that reason), and a
local TMPDIR for the job folders. Submissions travel with the jobs as bytes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from dask_jobqueue import SLURMCluster
from dask_jobqueue.slurm import SLURMJob

COURSE = Path.cwd()
VENV_ACTIVATE = Path(sys.prefix) / "bin" / "activate"
WORKERS_PER_JOB = 8  # one job per worker at a time: each runs two kernels (student, reference)
COMMON = {
    "account": "dl-course",  # your Slurm account
    "walltime": "04:00:00",
    # per worker: two kernels of the largest `memory_mb` of the course's specs (8 GB for 04)
    "memory": f"{WORKERS_PER_JOB * 18}GB",
    "cores": WORKERS_PER_JOB,
    "processes": WORKERS_PER_JOB,
    "local_directory": "$TMPDIR",  # node-local scratch: Dask's files and the job folders
    "job_script_prologue": [f"source {VENV_ACTIVATE}", f"cd {COURSE}", "export TMPDIR"],
}
CPU = {**COMMON, "queue": "cpu"}
GPU = {
    **COMMON,
    "queue": "gpu",
    "processes": 1,  # one worker, one thread: one retraining at a time per GPU
    "cores": 1,
    "job_cpu": 8,  # the kernel trains with the node's cores
    "memory": "40GB",
    "job_extra_directives": ["--gres=gpu:1"],
    "worker_extra_args": ["--resources", "GPU=1"],
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("submissions", type=Path)
    parser.add_argument("--out", type=Path, default=Path("reports"))
    parser.add_argument("--cpu-jobs", type=int, default=10)
    parser.add_argument("--gpu-jobs", type=int, default=0)
    parser.add_argument("grade_options", nargs=argparse.REMAINDER)
    options = parser.parse_args()
    extra = [o for o in options.grade_options if o != "--"]
    with SLURMCluster(**CPU, scheduler_options={"dashboard_address": ":8787"}) as cluster:
        cluster.scale(jobs=options.cpu_jobs)
        gpu_jobs = [_submit_gpu_job(cluster.scheduler_address, i) for i in range(options.gpu_jobs)]
        try:
            command = [
                sys.executable, "-m", "grader", "grade", str(options.submissions),
                "--out", str(options.out), "--course", str(COURSE),
                "--scheduler", cluster.scheduler_address, *extra,
            ]  # fmt: skip
            return subprocess.run(command, check=False).returncode
        finally:
            if gpu_jobs:
                subprocess.run(["scancel", *gpu_jobs], check=False)


def _submit_gpu_job(scheduler: str, index: int) -> str:
    """GPU workers join the CPU cluster's scheduler: dask-jobqueue makes the job script, Slurm
    runs it (SLURMCluster has one kind of job; a second cluster would bring its own scheduler)."""
    script = SLURMJob(scheduler=scheduler, name=f"gpu-{index}", **GPU).job_script()
    with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as handle:
        handle.write(script)
    submitted = subprocess.run(
        ["sbatch", "--parsable", handle.name], capture_output=True, text=True, check=True
    )
    return submitted.stdout.strip().split(";")[0]


if __name__ == "__main__":
    sys.exit(main())
