"""Scale-out through real engines: a plan's tasks run on a real Dask cluster (worker processes
talking over TCP on localhost) and under GNU parallel, and the shards they write equal, byte for
byte, those of `tfrec convert` on one machine; the finalized manifest equals its manifest apart
from "command". One task is killed mid-shard and retried by Dask; one task runs twice at once.
TensorFlow reads the result."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import cloudpickle
import numpy as np
import pytest
import tensorflow as tf
from distributed import Client, LocalCluster

from conftest import run

# Workers unpickle the task functions; this module is not importable there.
cloudpickle.register_pickle_by_value(sys.modules[__name__])

TASK_COUNTS = [1, 2, 3, 5]


@pytest.fixture(scope="module")
def client():
    """A local Dask cluster of three single-threaded worker processes over TCP."""
    with LocalCluster(n_workers=3, threads_per_worker=1, processes=True, protocol="tcp", host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        yield client


@pytest.fixture(scope="module")
def inputs(tfrec, tmp_path_factory):
    """Every input kind: two CSV files, .npy arrays written by NumPy, an image folder."""
    root = tmp_path_factory.mktemp("scale-out-inputs")
    run(tfrec, "synth", "-o", root / "a.csv", "--rows", 2500, "--seed", 3)
    run(tfrec, "synth", "-o", root / "b.csv", "--rows", 1201, "--seed", 4)
    rng = np.random.default_rng(5)
    np.save(root / "x.npy", rng.integers(0, 256, size=(1500, 28, 28), dtype=np.uint8))
    np.save(root / "y.npy", rng.integers(0, 10, size=1500).astype(np.int64))
    run(tfrec, "images", root / "b.csv", "-o", root / "imgs", "--seed", 5, "--threads", 1)
    return root


KINDS = {
    "csv": ["a.csv", "b.csv", "--records-per-shard", "500"],
    "csv-shuffle": ["a.csv", "b.csv", "--shuffle", "--seed", "11", "--shards", "7", "--encoding", "uint8"],
    "arrays": ["--images", "x.npy", "--labels", "y.npy", "--records-per-shard", "400", "--encoding", "png"],
    "image-folder": ["imgs", "--records-per-shard", "300"],
}


def run_task(tfrec, plan, index, count):
    """One Dask task: one tfrec process that writes its share of the plan."""
    result = subprocess.run([tfrec, "convert", "--plan", plan, "--task-index", str(index), "--task-count", str(count),
                             "--threads", "1", "--progress", "never"], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"task {index} of {count} exited {result.returncode}: {result.stderr}")
    return index


def run_task_killed_once(tfrec, plan, index, count, marker):
    """The first attempt is killed (SIGKILL) while it writes a shard; Dask retries the task."""
    if not os.path.exists(marker):
        Path(marker).write_text("attempt 1\n")
        out = os.path.dirname(plan)
        process = subprocess.Popen([tfrec, "convert", "--plan", plan, "--task-index", str(index), "--task-count",
                                    str(count), "--threads", "1", "--progress", "never"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            if any(name.startswith(".tfrec-tmp-") for name in os.listdir(out)):
                process.send_signal(signal.SIGSTOP)
                temporaries = [name for name in os.listdir(out) if name.startswith(".tfrec-tmp-")]
                process.kill()
                process.wait()
                Path(marker).write_text("attempt 1 killed while writing " + " ".join(temporaries) + "\n")
                raise RuntimeError("killed mid-shard")
        process.wait()
        raise RuntimeError(f"the first attempt ended (exit {process.returncode}) before it was caught mid-shard")
    return run_task(tfrec, plan, index, count)


def shard_files(directory):
    return {p.name: p.read_bytes() for p in Path(directory).iterdir() if p.name.endswith(".tfrec")}


def manifest_without_command(directory):
    manifest = json.loads((Path(directory) / "manifest.json").read_text())
    assert manifest.pop("command")[1] == "convert"
    return manifest


def one_machine(tfrec, inputs, arguments, out):
    subprocess.run([tfrec, "convert", *arguments, "-o", str(out), "--progress", "never"], cwd=inputs, check=True,
                   capture_output=True)
    return out


def plan(tfrec, inputs, arguments, out):
    result = subprocess.run([tfrec, "plan", *arguments, "-o", str(out)], cwd=inputs, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return str(Path(out) / "plan.json")


def assert_same_as_one_machine(tfrec, inputs, arguments, planned, tmp_path):
    local = one_machine(tfrec, inputs, arguments, tmp_path / "one-machine")
    expected = shard_files(local)
    got = shard_files(planned)
    assert sorted(got) == sorted(expected)
    for name in expected:
        assert got[name] == expected[name], name
    assert manifest_without_command(planned) == manifest_without_command(local)
    for side in ["labels.txt"]:
        assert (Path(planned) / side).exists() == (Path(local) / side).exists()
    leftovers = [p.name for p in Path(planned).iterdir() if p.name.startswith(".tfrec")]
    assert leftovers == [], leftovers


@pytest.mark.parametrize("count", TASK_COUNTS)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_dask_tasks_write_the_bytes_of_one_machine(tfrec, client, inputs, tmp_path, kind, count):
    arguments = KINDS[kind]
    out = tmp_path / "planned"
    plan_path = plan(tfrec, inputs, arguments, out)
    futures = client.map(run_task, [tfrec] * count, [plan_path] * count, range(count), [count] * count, retries=2,
                         pure=False)
    assert sorted(client.gather(futures)) == list(range(count))
    run(tfrec, "finalize", out)
    assert_same_as_one_machine(tfrec, inputs, arguments, out, tmp_path)


def test_a_task_killed_mid_shard_is_retried_by_dask(tfrec, client, inputs, tmp_path):
    # JPEG shards of 400 records take long enough to be caught half written.
    arguments = ["a.csv", "b.csv", "--encoding", "jpeg", "--records-per-shard", "400"]
    out = tmp_path / "planned"
    plan_path = plan(tfrec, inputs, arguments, out)
    marker = tmp_path / "attempts"
    killed = client.submit(run_task_killed_once, tfrec, plan_path, 1, 3, str(marker), retries=2, pure=False)
    others = client.map(run_task, [tfrec] * 2, [plan_path] * 2, [0, 2], [3, 3], retries=2, pure=False)
    assert killed.result() == 1
    client.gather(others)
    assert "killed while writing .tfrec-tmp-" in marker.read_text()
    run(tfrec, "finalize", out)
    assert_same_as_one_machine(tfrec, inputs, arguments, out, tmp_path)


def test_the_same_task_twice_at_once_both_succeed(tfrec, client, inputs, tmp_path):
    arguments = ["a.csv", "b.csv", "--records-per-shard", "300", "--encoding", "png"]
    out = tmp_path / "planned"
    plan_path = plan(tfrec, inputs, arguments, out)
    # Two attempts of task 0, as a scheduler that starts a second pod for an index would.
    twins = [client.submit(run_task, tfrec, plan_path, 0, 2, pure=False, key=f"task-0-attempt-{n}") for n in (1, 2)]
    assert [twin.result() for twin in twins] == [0, 0]
    client.submit(run_task, tfrec, plan_path, 1, 2, pure=False).result()
    run(tfrec, "finalize", out)
    assert_same_as_one_machine(tfrec, inputs, arguments, out, tmp_path)


@pytest.mark.parametrize("index_from", ["arguments", "PARALLEL_SEQ"])
def test_gnu_parallel_runs_the_tasks(tfrec, inputs, tmp_path, index_from):
    arguments = KINDS["csv-shuffle"]
    out = tmp_path / "planned"
    plan_path = plan(tfrec, inputs, arguments, out)
    task = [tfrec, "convert", "--plan", plan_path, "--threads", "1", "--progress", "never", "--task-count", "4"]
    if index_from == "arguments":
        command = ["parallel", "--will-cite", "--retries", "2", *task, "--task-index", "{}", ":::", "0", "1", "2", "3"]
    else:
        # -N0: four jobs that take no argument; each reads its index from PARALLEL_SEQ (1...4).
        command = ["parallel", "--will-cite", "-N0", "--retries", "2", *task, "--task-index", "auto", ":::", "a", "b", "c", "d"]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    run(tfrec, "finalize", out)
    assert_same_as_one_machine(tfrec, inputs, arguments, out, tmp_path)
    # TensorFlow reads what the tasks wrote.
    files = sorted(str(p) for p in out.iterdir() if p.name.endswith(".tfrec"))
    spec = {"image": tf.io.FixedLenFeature([], tf.string), "label": tf.io.FixedLenFeature([], tf.int64)}
    records = sum(1 for _ in tf.data.TFRecordDataset(files).map(lambda x: tf.io.parse_single_example(x, spec)))
    assert records == 3701
