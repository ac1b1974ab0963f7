"""GZIP/ZLIB shards and .idx index files, against TensorFlow's readers and writers and the
PyTorch `tfrecord` package (its reader with an index, and its tfrecord2idx).

The `tfrecord` package registers its own copy of TensorFlow's example.proto, which clashes
with TensorFlow's in one process ("duplicate symbol 'tensorflow.BytesList'"), so it runs
in a child Python process, as it would in a PyTorch job without TensorFlow."""
import pickle
import shutil

import numpy as np
import pandas as pd
import pytest
import tensorflow as tf

from conftest import PYTHON, run

FEATURES = {"image": tf.io.FixedLenFeature([], tf.string), "label": tf.io.FixedLenFeature([], tf.int64)}


def csv_values(path):
    return pd.read_csv(path, header=None).to_numpy()


def shards(directory):
    return sorted(str(p) for p in directory.glob("*.tfrec"))


@pytest.mark.parametrize("compression", ["gzip", "zlib"])
def test_tensorflow_reads_our_compressed_shards(tfrec, synth_csv, tmp_path, compression):
    out = tmp_path / "out"
    run(tfrec, "convert", synth_csv, "-o", out, "--compression", compression, "--progress", "never")
    files = shards(out)
    assert len(files) == 3
    images, labels = [], []
    for raw in tf.data.TFRecordDataset(files, compression_type=compression.upper()):
        example = tf.io.parse_single_example(raw, FEATURES)
        images.append(np.frombuffer(example["image"].numpy(), dtype=np.int64))
        labels.append(int(example["label"]))
    expected = csv_values(synth_csv)
    np.testing.assert_array_equal(np.array(labels), expected[:, 0])
    np.testing.assert_array_equal(np.stack(images), expected[:, 1:])
    # The files really are compressed: read as plain records, TensorFlow rejects them.
    with pytest.raises(tf.errors.DataLossError):
        list(tf.data.TFRecordDataset(files[:1]))


@pytest.mark.parametrize("compression", ["GZIP", "ZLIB"])
def test_we_read_tensorflow_compressed_shards(tfrec, synth_csv, tmp_path, compression):
    values = csv_values(synth_csv)
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    options = tf.io.TFRecordOptions(compression_type=compression)
    for part, rows in enumerate(np.array_split(values, 2)):
        with tf.io.TFRecordWriter(str(theirs / f"part-{part}.tfrec"), options=options) as writer:
            for row in rows:
                example = tf.train.Example(features=tf.train.Features(feature={
                    "image": tf.train.Feature(bytes_list=tf.train.BytesList(value=[row[1:].astype(np.int64).tobytes()])),
                    "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[int(row[0])])),
                }))
                writer.write(example.SerializeToString())
    verify = run(tfrec, "verify", theirs)
    assert "total (2 files)" in verify.stdout and verify.stdout.rstrip().endswith("ok"), verify.stdout
    for mode in ["auto", compression.lower()]:
        dumped = tmp_path / f"dump-{mode}.csv"
        run(tfrec, "dump", theirs, "-o", dumped, "--compression", mode)
        assert dumped.read_bytes() == synth_csv.read_bytes()


# Reads one shard with the tfrecord package and its index: the raw records of a 3-way split
# by the index (as PyTorch workers split it), and the parsed examples of tfrecord_loader.
READ_WITH_TFRECORD = """
import pickle, sys
from tfrecord.reader import tfrecord_iterator, tfrecord_loader
shard, index, result = sys.argv[1:]
split = []
for part in range(3):
    split += [bytes(r) for r in tfrecord_iterator(shard, index, shard=(part, 3))]
loaded = [(int(e["label"][0]), bytes(e["image"]))
          for e in tfrecord_loader(shard, index, {"image": "byte", "label": "int"}, shard=(0, 1))]
with open(result, "wb") as f:
    pickle.dump((split, loaded), f)
"""


def test_tfrecord_package_reads_our_shards_with_our_index(tfrec, synth_csv, tmp_path):
    out = tmp_path / "out"
    run(tfrec, "convert", synth_csv, "-o", out, "--index", "--progress", "never")
    expected = csv_values(synth_csv)
    first = 0
    for shard in shards(out):
        records = [bytes(r.numpy()) for r in tf.data.TFRecordDataset(shard)]
        result = tmp_path / "result.pickle"
        run(PYTHON, "-c", READ_WITH_TFRECORD, shard, shard + ".idx", result)
        split, loaded = pickle.loads(result.read_bytes())
        assert split == records
        assert len(loaded) == len(records)
        labels = np.array([label for label, _ in loaded])
        images = np.stack([np.frombuffer(image, dtype=np.int64) for _, image in loaded])
        np.testing.assert_array_equal(labels, expected[first:first + len(loaded), 0])
        np.testing.assert_array_equal(images, expected[first:first + len(loaded), 1:])
        first += len(loaded)
    assert first == len(expected)


def test_our_index_equals_tfrecord2idx(tfrec, synth_csv, tmp_path):
    out = tmp_path / "out"
    run(tfrec, "convert", synth_csv, "-o", out, "--index", "--records-per-shard", "2500", "--progress", "never")
    rebuilt = tmp_path / "rebuilt"
    rebuilt.mkdir()
    for shard in shards(out):
        reference = tmp_path / "reference.idx"
        run(PYTHON, "-m", "tfrecord.tools.tfrecord2idx", shard, reference)
        assert reference.read_bytes().count(b"\n") == int(shard.rsplit("-", 1)[1].split(".")[0])
        assert open(shard + ".idx", "rb").read() == reference.read_bytes(), shard
        # tfrec index on a copy of the shard writes the same bytes.
        copy = rebuilt / shard.rsplit("/", 1)[1]
        shutil.copy(shard, copy)
        run(tfrec, "index", copy)
        assert (rebuilt / (copy.name + ".idx")).read_bytes() == reference.read_bytes()
