"""NumPy .npz archives written by NumPy itself (np.savez stores, np.savez_compressed deflates)
convert to the same shards, byte for byte, as the CSV of the same values; so does a CSV read
from standard input, plain or gzip-compressed."""
import gzip
import subprocess
import zipfile

import numpy as np
import pytest
import tensorflow as tf

from conftest import run
from test_npy_idx import ROWS, labels, pixels, read_back, shards

TRAIN = 200  # rows 0..199 are x_train, the rest x_test


def write_csv(path, images, y):
    np.savetxt(path, np.column_stack([y.astype(np.int64), images.reshape(len(images), -1).astype(np.int64)]),
               fmt="%d", delimiter=",")


def convert(tfrec, *args):
    run(tfrec, "convert", *args, "--records-per-shard", 64, "--progress", "never")


SAVERS = {"savez": np.savez, "savez_compressed": np.savez_compressed}
# What the images hold: uint8 as Keras ships MNIST, a Fortran-order copy, big-endian dtypes.
IMAGES = {
    "uint8": lambda a: a.astype(np.uint8),
    "fortran-order": lambda a: np.asfortranarray(a.astype(np.uint8)),
    "big-endian": lambda a: a.astype(">i8"),
    "fortran-big-endian": lambda a: np.asfortranarray(a.astype(">i4")),
}
LABELS = {"uint8": lambda y: y, "fortran-order": lambda y: y, "big-endian": lambda y: y.astype(">i8"),
          "fortran-big-endian": lambda y: y.astype(">i4")}


@pytest.mark.parametrize("images_kind", sorted(IMAGES))
@pytest.mark.parametrize("saver", sorted(SAVERS))
def test_npz_gives_the_shards_of_the_csv(tfrec, tmp_path, saver, images_kind):
    x = IMAGES[images_kind](pixels((ROWS, 28, 28)))
    y = LABELS[images_kind](labels())
    assert x.flags.f_contiguous == images_kind.startswith("fortran")
    # Several members, as keras.datasets.mnist: x_train, y_train, x_test, y_test.
    SAVERS[saver](tmp_path / "mnist.npz", x_train=x[:TRAIN], y_train=y[:TRAIN], x_test=x[TRAIN:], y_test=y[TRAIN:])
    members = zipfile.ZipFile(tmp_path / "mnist.npz").infolist()
    assert {m.compress_type for m in members} == {zipfile.ZIP_DEFLATED if saver == "savez_compressed" else zipfile.ZIP_STORED}
    write_csv(tmp_path / "train.csv", x[:TRAIN], y[:TRAIN])
    write_csv(tmp_path / "test.csv", x[TRAIN:], y[TRAIN:])

    convert(tfrec, tmp_path / "train.csv", "-o", tmp_path / "csv-train")
    convert(tfrec, tmp_path / "mnist.npz", "-o", tmp_path / "npz-train")
    assert shards(tmp_path / "npz-train") == shards(tmp_path / "csv-train")
    assert len(shards(tmp_path / "npz-train")) == 4

    convert(tfrec, tmp_path / "test.csv", "-o", tmp_path / "csv-test")
    convert(tfrec, "--images", f"{tmp_path / 'mnist.npz'}:x_test", "--labels", f"{tmp_path / 'mnist.npz'}:y_test",
            "-o", tmp_path / "npz-test")
    assert shards(tmp_path / "npz-test") == shards(tmp_path / "csv-test")

    # Shuffled: the same permutation of the same records.
    convert(tfrec, tmp_path / "train.csv", "-o", tmp_path / "csv-shuffled", "--shuffle", "--seed", 5)
    convert(tfrec, tmp_path / "mnist.npz", "-o", tmp_path / "npz-shuffled", "--shuffle", "--seed", 5)
    assert shards(tmp_path / "npz-shuffled") == shards(tmp_path / "csv-shuffled")

    got_labels, got_images = read_back(str(tmp_path / "npz-train"), tf.int64)
    np.testing.assert_array_equal(got_labels, y[:TRAIN].astype(np.int64))
    np.testing.assert_array_equal(got_images, x[:TRAIN].reshape(TRAIN, -1).astype(np.int64))


def test_only_images_and_labels_are_taken_without_keras_names(tfrec, tmp_path):
    x = pixels((ROWS, 784)).astype(np.uint8)
    y = labels()
    np.savez_compressed(tmp_path / "data.npz", pixels=x, digits=y)
    write_csv(tmp_path / "data.csv", x, y)
    convert(tfrec, tmp_path / "data.csv", "-o", tmp_path / "csv")
    convert(tfrec, tmp_path / "data.npz", "-o", tmp_path / "npz")
    assert shards(tmp_path / "npz") == shards(tmp_path / "csv")

    np.savez(tmp_path / "two.npz", a=x, b=x, c=y)
    result = run(tfrec, "convert", tmp_path / "two.npz", "-o", tmp_path / "out", check=False)
    assert result.returncode == 2
    assert "which arrays to convert is not clear: 2 members hold images" in result.stderr
    assert "Members: a (300, 784) uint8, b (300, 784) uint8, c (300,) int64" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_zip64_members(tfrec, tmp_path, compression):
    """Members over 4 GiB need zip64 headers; a test suite cannot write 4 GiB, so zip64 headers
    are forced on small members (zipfile's force_zip64), as NumPy's own savez passes for
    large arrays."""
    x = pixels((ROWS, 28, 28)).astype(np.uint8)
    y = labels()
    with zipfile.ZipFile(tmp_path / "big.npz", "w", compression=compression) as archive:
        for name, array in [("x_train", x), ("y_train", y)]:
            with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, array)
    with open(tmp_path / "big.npz", "rb") as f:
        data = f.read()
    # The zip64 extra field (header id 0x0001) is in the local headers.
    assert data.count(b"\x01\x00\x10\x00") >= 2 or data.count(b"\x01\x00\x08\x00") >= 2
    write_csv(tmp_path / "data.csv", x, y)
    convert(tfrec, tmp_path / "data.csv", "-o", tmp_path / "csv")
    convert(tfrec, tmp_path / "big.npz", "-o", tmp_path / "npz")
    assert shards(tmp_path / "npz") == shards(tmp_path / "csv")


@pytest.mark.parametrize("compressed", [False, True])
def test_standard_input_gives_the_shards_of_the_file(tfrec, tmp_path, compressed):
    x = pixels((ROWS, 784)).astype(np.uint8)
    write_csv(tmp_path / "data.csv", x, labels())
    convert(tfrec, tmp_path / "data.csv", "-o", tmp_path / "file")
    data = (tmp_path / "data.csv").read_bytes()
    stdin = gzip.compress(data) if compressed else data
    result = subprocess.run([tfrec, "convert", "-", "-o", str(tmp_path / "stdin"), "--records-per-shard", "64"],
                            input=stdin, capture_output=True)
    assert result.returncode == 0, result.stderr
    assert shards(tmp_path / "stdin") == shards(tmp_path / "file")
