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
