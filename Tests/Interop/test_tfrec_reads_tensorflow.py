"""tfrec reads and verifies shards written by TensorFlow's own tf.io.TFRecordWriter."""
import os
import sys

import numpy as np
import pandas as pd

from conftest import run


def test_verify_and_inspect_accept_tensorflow_shards(tfrec, reference_pipeline, synth_csv, tmp_path):
    theirs = tmp_path / "theirs"
    run(sys.executable, reference_pipeline, synth_csv, theirs, "--mode", "raw")
    verify = run(tfrec, "verify", theirs)
    assert "total (3 files)" in verify.stdout and verify.stdout.rstrip().endswith("ok"), verify.stdout
    assert " 6500 " in verify.stdout

    inspect = run(tfrec, "inspect", theirs)
    labels = pd.read_csv(synth_csv, header=None).to_numpy()[:, 0]
    for label, count in zip(*np.unique(labels, return_counts=True)):
        assert f"\n  {label}\t{count}\t" in inspect.stdout, inspect.stdout
    assert "image    bytes" in inspect.stdout and "6272" in inspect.stdout


def test_dump_of_tensorflow_shards_gives_back_the_csv(tfrec, reference_pipeline, synth_csv, tmp_path):
    """Our reader decodes every value TensorFlow wrote: dumping the reference workflow's
    shards back to CSV reproduces the input byte for byte."""
    theirs = tmp_path / "theirs"
    run(sys.executable, reference_pipeline, synth_csv, theirs, "--mode", "raw")
    dumped = tmp_path / "dump.csv"
    run(tfrec, "dump", theirs, "-o", dumped, "--format", "csv")
    assert dumped.read_bytes() == synth_csv.read_bytes()


def test_verify_names_the_corrupt_record(tfrec, reference_pipeline, synth_csv, tmp_path):
    theirs = tmp_path / "theirs"
    run(sys.executable, reference_pipeline, synth_csv, theirs, "--mode", "raw")
    shard = theirs / "file_01-3000.tfrec"
    data = bytearray(shard.read_bytes())
    record_size = len(data) // 3000
    data[5 * record_size + 100] ^= 0x01
    shard.write_bytes(bytes(data))
    result = run(tfrec, "verify", theirs, check=False)
    assert result.returncode == 1
    assert f"file_01-3000.tfrec: record 5 at byte offset {5 * record_size}: data CRC mismatch" in result.stderr, result.stderr


def test_dump_npy_loads_in_numpy(tfrec, synth_csv, tmp_path):
    """tfrec dump --format npy: numpy loads images (N, 28, 28, 1) and labels equal to the CSV."""
    out = tmp_path / "out"
    run(tfrec, "convert", synth_csv, "-o", out, "--encoding", "uint8", "--progress", "never")
    run(tfrec, "dump", out, "-o", tmp_path / "x.npy", "--format", "npy")
    images = np.load(tmp_path / "x.npy")
    labels = np.load(tmp_path / "x.labels.npy")
    expected = pd.read_csv(synth_csv, header=None).to_numpy()
    assert images.dtype == np.uint8 and images.shape == (len(expected), 28, 28, 1)
    np.testing.assert_array_equal(images.reshape(len(expected), 784), expected[:, 1:])
    np.testing.assert_array_equal(labels, expected[:, 0])
