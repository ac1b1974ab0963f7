"""TensorFlow reads what `tfrec salvage` recovers from a damaged shard, completely."""
import numpy as np
import pandas as pd
import pytest
import tensorflow as tf

from conftest import run

DAMAGED = [10, 100, 200, 300, 499]


def damage(path):
    """Damages five of the shard's 500 equal-sized records: a data byte, a length byte, 37
    bytes inserted into data, 50 bytes of data deleted, the last record cut short."""
    data = bytearray(path.read_bytes())
    size = len(data) // 500
    assert size * 500 == len(data)
    data[10 * size + 40] ^= 0x5A
    data[100 * size + 3] ^= 0x01
    data[200 * size + 60 : 200 * size + 60] = bytes(range(37))
    start = 300 * size + 37  # record 300, shifted by the insertion
    del data[start + 100 : start + 150]
    del data[-3:]
    path.write_bytes(bytes(data))


def test_tensorflow_reads_the_salvaged_file_completely(tfrec, tmp_path):
    csv = tmp_path / "in.csv"
    run(tfrec, "synth", "-o", csv, "--rows", 500, "--seed", 11)
    run(tfrec, "convert", csv, "-o", tmp_path / "out", "--records-per-shard", 500, "--progress", "never")
    shard = tmp_path / "out" / "file_00-500.tfrec"
    damage(shard)

    # TensorFlow stops at the first damaged record.
    with pytest.raises(tf.errors.DataLossError):
        for _ in tf.data.TFRecordDataset(str(shard)):
            pass

    good = tmp_path / "good.tfrec"
    result = run(tfrec, "salvage", shard, "-o", good, check=False)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 6
    assert [line.split(": ")[2].split(" at ")[0] for line in lines[:5]] == [f"record {i}" for i in DAMAGED]
    assert "data CRC mismatch" in lines[0] and "length CRC mismatch" in lines[1] and "truncated record" in lines[4]
    assert lines[5].startswith("tfrec: kept 495 records (")

    spec = {"image": tf.io.FixedLenFeature([], tf.string), "label": tf.io.FixedLenFeature([], tf.int64)}
    labels, images = [], []
    for ex in tf.data.TFRecordDataset(str(good)).map(lambda x: tf.io.parse_single_example(x, spec)):
        labels.append(int(ex["label"].numpy()))
        images.append(np.frombuffer(ex["image"].numpy(), dtype=np.int64))
    expected = np.delete(pd.read_csv(csv, header=None).to_numpy(), DAMAGED, axis=0)
    np.testing.assert_array_equal(np.array(labels), expected[:, 0])
    np.testing.assert_array_equal(np.array(images), expected[:, 1:])

    verify = run(tfrec, "verify", good)
    assert "total (1 file)" in verify.stdout and verify.stdout.rstrip().endswith("ok")
