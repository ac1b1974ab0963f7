"""Arrays written by NumPy (np.save) and IDX files written by hand convert to shards that
TensorFlow's own reader (TFRecordDataset + parse_single_example) reads back exactly."""
import glob
import gzip
import os
import struct

import numpy as np
import pytest
import tensorflow as tf

from conftest import run

ROWS = 300


def pixels(shape, seed=1):
    """MNIST-like values: mostly 0, the rest 0...255."""
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 256, size=shape)
    return np.where(rng.random(shape) < 0.6, 0, values)


def labels(seed=2):
    return np.random.default_rng(seed).integers(0, 10, size=ROWS).astype(np.int64)


def read_back(directory, dtype):
    """Labels and images as TensorFlow reads them; images decoded with decode_raw."""
    files = sorted(glob.glob(os.path.join(directory, "*.tfrec")))
    spec = {"image": tf.io.FixedLenFeature([], tf.string), "label": tf.io.FixedLenFeature([], tf.int64)}
    ds = tf.data.TFRecordDataset(files).map(lambda x: tf.io.parse_single_example(x, spec))
    ys, xs = [], []
    for ex in ds:
        ys.append(int(ex["label"].numpy()))
        xs.append(tf.io.decode_raw(ex["image"], dtype).numpy())
    return np.array(ys), np.array(xs)


def shards(directory):
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.suffix == ".tfrec"}


SHAPES = {"2d": (ROWS, 784), "3d": (ROWS, 28, 28), "4d": (ROWS, 14, 14, 3)}
# The default encoding follows the dtype: int64 bytes for integers (as the reference
# workflow), float32 bytes of the values as they are for float32.
DTYPES = {"uint8": (np.uint8, tf.int64), "int64": (np.int64, tf.int64), "float32": (np.float32, tf.float32),
          "int64-big-endian": (np.dtype(">i8"), tf.int64)}


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("dtype", sorted(DTYPES))
@pytest.mark.parametrize("dims", sorted(SHAPES))
def test_every_dtype_order_and_shape(tfrec, tmp_path, dims, dtype, order):
    numpy_dtype, tf_dtype = DTYPES[dtype]
    images = pixels(SHAPES[dims]).astype(numpy_dtype)
    if dtype == "float32":
        images = images / np.float32(255) - np.float32(0.25)
    images = np.asfortranarray(images) if order == "F" else np.ascontiguousarray(images)
    y = labels()
    np.save(tmp_path / "x.npy", images)
    np.save(tmp_path / "y.npy", y)
    out = tmp_path / "out"
    run(tfrec, "convert", "--images", tmp_path / "x.npy", "--labels", tmp_path / "y.npy", "-o", out, "--progress", "never")
    got_labels, got_images = read_back(str(out), tf_dtype)
    np.testing.assert_array_equal(got_labels, y)
    np.testing.assert_array_equal(got_images, images.reshape(ROWS, -1))
    assert got_images.dtype == (np.float32 if dtype == "float32" else np.int64)


def test_csv_and_npy_of_the_same_data_give_identical_shards(tfrec, tmp_path):
    images = pixels((ROWS, 784)).astype(np.uint8)
    y = labels()
    np.savetxt(tmp_path / "data.csv", np.column_stack([y, images]), fmt="%d", delimiter=",")
    np.save(tmp_path / "x.npy", images.reshape(ROWS, 28, 28))
    np.save(tmp_path / "y.npy", y)
    np.save(tmp_path / "data.npy", np.column_stack([y, images]).astype(np.int64))
    for encoding in ["int64-bytes", "uint8", "int64-list", "png", "float32"]:
        extra = ["--normalize", "scale"] if encoding == "float32" else []
        run(tfrec, "convert", tmp_path / "data.csv", "-o", tmp_path / f"csv-{encoding}", "--encoding", encoding,
            "--records-per-shard", 100, *extra)
        run(tfrec, "convert", "--images", tmp_path / "x.npy", "--labels", tmp_path / "y.npy", "-o",
            tmp_path / f"npy-{encoding}", "--encoding", encoding, "--records-per-shard", 100, *extra)
        run(tfrec, "convert", tmp_path / "data.npy", "-o", tmp_path / f"col-{encoding}", "--encoding", encoding,
            "--records-per-shard", 100, *extra)
        expected = shards(tmp_path / f"csv-{encoding}")
        assert len(expected) == 3
        assert shards(tmp_path / f"npy-{encoding}") == expected, encoding
        assert shards(tmp_path / f"col-{encoding}") == expected, encoding


@pytest.mark.parametrize("version", [(1, 0), (2, 0), (3, 0)])
def test_every_npy_format_version(tfrec, tmp_path, version):
    images = pixels((ROWS, 28, 28)).astype(np.uint8)
    with open(tmp_path / "x.npy", "wb") as f:
        np.lib.format.write_array(f, images, version=version)
    np.save(tmp_path / "y.npy", labels().astype(np.int32))
    run(tfrec, "convert", tmp_path / "x.npy", "--labels", tmp_path / "y.npy", "-o", tmp_path / "out", "--encoding", "uint8")
    got_labels, got_images = read_back(str(tmp_path / "out"), tf.uint8)
    np.testing.assert_array_equal(got_labels, labels())
    np.testing.assert_array_equal(got_images, images.reshape(ROWS, -1))


def write_idx(path, array, gz):
    """IDX as the MNIST files are: 00 00 <type> <ndims>, big-endian dimensions, the data."""
    code = {np.dtype(np.uint8): 0x08, np.dtype(np.int32): 0x0C}[array.dtype]
    data = struct.pack(">BBBB", 0, 0, code, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    data += array.astype(array.dtype.newbyteorder(">")).tobytes()
    (gzip.open if gz else open)(path, "wb").write(data)


@pytest.mark.parametrize("gz", [False, True])
def test_idx_files_as_mnist_ships_them(tfrec, tmp_path, gz):
    suffix = ".gz" if gz else ""
    images = pixels((ROWS, 28, 28)).astype(np.uint8)
    y = labels().astype(np.uint8)
    write_idx(tmp_path / f"train-images-idx3-ubyte{suffix}", images, gz)
    write_idx(tmp_path / f"train-labels-idx1-ubyte{suffix}", y, gz)
    run(tfrec, "convert", tmp_path / f"train-images-idx3-ubyte{suffix}", "--labels",
        tmp_path / f"train-labels-idx1-ubyte{suffix}", "-o", tmp_path / "out")
    got_labels, got_images = read_back(str(tmp_path / "out"), tf.int64)
    np.testing.assert_array_equal(got_labels, y)
    np.testing.assert_array_equal(got_images, images.reshape(ROWS, -1))


def test_several_files_in_order(tfrec, tmp_path):
    images = pixels((ROWS, 28, 28)).astype(np.uint8)
    y = labels()
    arguments = []
    for i, part in enumerate(np.split(np.arange(ROWS), [100, 250])):
        np.save(tmp_path / f"x{i}.npy", images[part])
        write_idx(tmp_path / f"y{i}-idx1-ubyte", y[part].astype(np.int32), gz=False)
        arguments += ["--images", tmp_path / f"x{i}.npy", "--labels", tmp_path / f"y{i}-idx1-ubyte"]
    run(tfrec, "convert", *arguments, "-o", tmp_path / "out", "--encoding", "uint8")
    got_labels, got_images = read_back(str(tmp_path / "out"), tf.uint8)
    np.testing.assert_array_equal(got_labels, y)
    np.testing.assert_array_equal(got_images, images.reshape(ROWS, -1))


def test_shuffle_is_a_reproducible_permutation(tfrec, tmp_path):
    images = pixels((ROWS, 28, 28)).astype(np.uint8)
    y = labels()
    np.save(tmp_path / "x.npy", images)
    np.save(tmp_path / "y.npy", y)
    base = ["convert", tmp_path / "x.npy", "--labels", tmp_path / "y.npy", "--encoding", "uint8", "--progress", "never"]
    run(tfrec, *base, "-o", tmp_path / "plain")
    run(tfrec, *base, "-o", tmp_path / "a", "--shuffle", "--seed", 5)
    run(tfrec, *base, "-o", tmp_path / "b", "--shuffle", "--seed", 5, "--threads", 1)
    run(tfrec, *base, "-o", tmp_path / "c", "--shuffle", "--seed", 6)
    assert shards(tmp_path / "a") == shards(tmp_path / "b")
    assert shards(tmp_path / "a") != shards(tmp_path / "c")
    plain = read_back(str(tmp_path / "plain"), tf.uint8)
    for name in "ac":
        ys, xs = read_back(str(tmp_path / name), tf.uint8)
        assert not np.array_equal(ys, plain[0]) or not np.array_equal(xs, plain[1])
        # The same (label, image) pairs, each once: the multiset is unchanged.
        ours = sorted((int(label), image.tobytes()) for label, image in zip(ys, xs))
        theirs = sorted((int(label), image.tobytes()) for label, image in zip(*plain))
        assert ours == theirs


def test_bad_arrays_exit_one_with_the_file_named(tfrec, tmp_path):
    np.save(tmp_path / "x.npy", pixels((10, 28, 28)).astype(np.uint8))
    np.save(tmp_path / "y.npy", labels()[:9])
    data = (tmp_path / "x.npy").read_bytes()
    (tmp_path / "short.npy").write_bytes(data[:-1])
    np.save(tmp_path / "c.npy", np.zeros((10, 4), dtype=np.complex64))
    cases = [
        ([tmp_path / "x.npy", "--labels", tmp_path / "y.npy"], "y.npy: 9 labels for the 10 images of"),
        ([tmp_path / "short.npy", "--label-column", "none"], "short.npy: data truncated: shape (10, 28, 28) of uint8"),
        ([tmp_path / "c.npy"], "c.npy: unsupported dtype '<c8' (complex64)"),
    ]
    for arguments, message in cases:
        result = run(tfrec, "convert", *arguments, "-o", tmp_path / "out", check=False)
        assert result.returncode == 1, result.stderr
        assert message in result.stderr, result.stderr
        assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
