"""The sandbox passes in exactly the device nodes a job was given: a retraining job's GPUs (as
``CUDA_VISIBLE_DEVICES`` names them, with the driver's control nodes), nothing for any other."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from grader.execute.sandbox import Sandbox, bwrap_path, gpu_devices, wrap


@pytest.fixture
def dev(tmp_path: Path) -> Path:
    """A /dev of a machine with three NVIDIA GPUs (plain files stand in for the nodes)."""
    for name in ("nvidia0", "nvidia1", "nvidia2", "nvidiactl", "nvidia-uvm", "null"):
        (tmp_path / name).touch()
    return tmp_path


def _names(devices: tuple[Path, ...]) -> list[str]:
    return [device.name for device in devices]


def test_the_gpus_named_by_cuda_visible_devices_and_the_control_nodes(dev: Path) -> None:
    assert _names(gpu_devices(dev, "1")) == ["nvidia1", "nvidiactl", "nvidia-uvm"]
    assert _names(gpu_devices(dev, "2,0")) == ["nvidia0", "nvidia2", "nvidiactl", "nvidia-uvm"]


def test_every_gpu_when_none_is_named_and_none_when_the_list_is_empty(dev: Path) -> None:
    assert _names(gpu_devices(dev, None))[:3] == ["nvidia0", "nvidia1", "nvidia2"]
    assert gpu_devices(dev, "") == ()
    assert gpu_devices(dev, "-1") == ()  # CUDA's way to hide every GPU


def test_a_gpu_named_by_its_uuid_passes_them_all(dev: Path) -> None:
    assert len(gpu_devices(dev, "GPU-8f3c2a")) == 5


def test_no_nvidia_gpu_no_device(tmp_path: Path) -> None:
    (tmp_path / "null").touch()
    assert gpu_devices(tmp_path, "0") == ()


def _listing(sandbox: Sandbox, scratch: Path) -> str:
    listing = "import os; print(sorted(os.listdir('/dev')))"
    command = wrap(["python3", "-c", listing], sandbox, scratch, scratch)
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=True).stdout


@pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap is not installed")
def test_a_passed_device_exists_inside_the_sandbox_and_only_then(tmp_path: Path) -> None:
    """A real bubblewrap run. A character device of this machine that a sandbox's own /dev
    lacks stands in for a GPU node: inside with it passed, absent without."""
    bare = _listing(Sandbox(), tmp_path)
    stand_in = next(
        (
            Path(f"/dev/{name}")
            for name in ("vga_arbiter", "hwrng", "loop-control", "fuse", "kmsg", "tty0")
            if Path(f"/dev/{name}").is_char_device() and f"'{name}'" not in bare
        ),
        None,
    )
    if stand_in is None:
        pytest.skip("no character device here that a sandbox lacks")
    assert f"'{stand_in.name}'" in _listing(Sandbox(devices=(stand_in,)), tmp_path)
