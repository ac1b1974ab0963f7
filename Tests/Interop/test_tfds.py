"""`tfrec convert --naming tfds`, loaded with the real tensorflow-datasets package.

The shards and the dataset_info.json / features.json tfrec writes beside them must load with
`tfds.builder_from_directory(out).as_dataset(split=...)` and give back the images and labels
of the input, which numpy wrote here; the metadata must be the JSON that
`tfds.folder_dataset.write_metadata` writes for the same shards and features.
"""
import json
import shutil

import numpy as np
import pytest
import tensorflow_datasets as tfds
from PIL import Image

from conftest import run

ROWS = 700
SIDE = 28
CLASSES = 10


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    """A CSV of smooth 28x28 images (JPEG keeps them close) with labels 0..9, and its values."""
    rng = np.random.default_rng(15)
    y, x = np.mgrid[0:SIDE, 0:SIDE]
    a, b, c = rng.uniform(0.02, 0.15, (3, ROWS, 1, 1))
    images = (127.5 + 120 * np.sin(a * x + b * y + 6 * c)).astype(np.uint8)
    labels = rng.integers(0, CLASSES, ROWS)
    labels[17] = CLASSES - 1  # the largest label is there: ClassLabel(num_classes=10)
    path = tmp_path_factory.mktemp("tfds") / "digits.csv"
    np.savetxt(path, np.column_stack([labels, images.reshape(ROWS, -1)]), fmt="%d", delimiter=",")
    return path, images, labels


def convert(tfrec, csv, out, encoding):
    run(tfrec, "convert", csv, "-o", out, "--encoding", encoding, "--naming", "tfds", "--name", "digits",
        "--split", "test", "--records-per-shard", 300, "--threads", 2, "--progress", "never")


def load(out, split):
    """Every example of `split`, in shard order (one file at a time, not interleaved)."""
    builder = tfds.builder_from_directory(str(out))
    read = tfds.ReadConfig(interleave_cycle_length=1)
    examples = list(tfds.as_numpy(builder.as_dataset(split=split, shuffle_files=False, read_config=read)))
    return builder, examples


def psnr(a, b):
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float("inf") if mse == 0 else 10 * np.log10(255.0 ** 2 / mse)


# The TFDS features of each encoding, as a user of write_metadata would declare them.
FEATURES = {
    "png": tfds.features.Image(shape=(SIDE, SIDE, 1), dtype=np.uint8, encoding_format="png"),
    "jpeg": tfds.features.Image(shape=(SIDE, SIDE, 1), dtype=np.uint8, encoding_format="jpeg"),
    "uint8": tfds.features.Tensor(shape=(SIDE, SIDE, 1), dtype=np.uint8, encoding="bytes"),
    "int64-bytes": tfds.features.Tensor(shape=(SIDE, SIDE, 1), dtype=np.int64, encoding="bytes"),
}


@pytest.mark.parametrize("encoding", ["png", "jpeg", "uint8", "int64-bytes"])
def test_builder_from_directory_gives_back_the_csv(tfrec, dataset, tmp_path, encoding):
    csv, images, labels = dataset
    out = tmp_path / "out"
    convert(tfrec, csv, out, encoding)

    builder, examples = load(out, "test")
    assert builder.info.name == "digits"
    assert builder.info.splits["test"].num_examples == ROWS
    assert builder.info.splits["test"].shard_lengths == [300, 300, 100]
    assert builder.info.features["label"].num_classes == CLASSES
    assert len(examples) == ROWS
    got_labels = np.array([e["label"] for e in examples])
    np.testing.assert_array_equal(got_labels, labels)
    got = np.stack([e["image"] for e in examples])
    assert got.shape == (ROWS, SIDE, SIDE, 1)
    if encoding == "jpeg":
        assert got.dtype == np.uint8
        assert min(psnr(g[..., 0], i) for g, i in zip(got, images)) > 35
    else:
        assert got.dtype == (np.int64 if encoding == "int64-bytes" else np.uint8)
        np.testing.assert_array_equal(got[..., 0], images)

    # as_supervised: (image, label) pairs, from dataset_info.json's supervised keys.
    first = next(iter(tfds.as_numpy(builder.as_dataset(split="test[:1]", as_supervised=True))))
    assert first[1] == labels[0]


@pytest.mark.parametrize("encoding", ["png", "jpeg", "uint8", "int64-bytes"])
def test_metadata_is_what_write_metadata_writes(tfrec, dataset, tmp_path, encoding):
    csv, _, _ = dataset
    out = tmp_path / "out"
    convert(tfrec, csv, out, encoding)

    theirs = tmp_path / "theirs"
    theirs.mkdir()
    for shard in out.glob("digits-test.tfrecord-*"):
        shutil.copy(shard, theirs)
    tfds.folder_dataset.write_metadata(
        data_dir=theirs,
        features=tfds.features.FeaturesDict({"image": FEATURES[encoding],
                                             "label": tfds.features.ClassLabel(num_classes=CLASSES)}),
        supervised_keys=("image", "label"), check_data=False)
    for name in ["dataset_info.json", "features.json"]:
        assert json.loads((out / name).read_text()) == json.loads((theirs / name).read_text()), name


def test_class_directories_become_class_names(tfrec, tmp_path):
    rng = np.random.default_rng(3)
    folder = tmp_path / "pets"
    expected = []
    for label, name in enumerate(["cat", "dog", "red fox"]):
        (folder / name).mkdir(parents=True)
        for i in range(4):
            pixels = rng.integers(0, 256, (8, 6, 3), dtype=np.uint8)
            Image.fromarray(pixels).save(folder / name / f"{i}.png")
            expected.append((label, pixels))
    out = tmp_path / "out"
    run(tfrec, "convert", folder, "-o", out, "--label-from", "dir", "--naming", "tfds", "--name", "pets",
        "--records-per-shard", 5, "--progress", "never")

    builder, examples = load(out, "train")
    assert builder.info.features["label"].names == ["cat", "dog", "red fox"]
    assert [e["label"] for e in examples] == [label for label, _ in expected]
    for example, (_, pixels) in zip(examples, expected):
        np.testing.assert_array_equal(example["image"], pixels)
    assert (out / "label.labels.txt").read_text() == "cat\ndog\nred fox\n"


def test_negative_labels_are_an_int64_tensor(tfrec, tmp_path):
    np.save(tmp_path / "x.npy", np.stack([np.zeros((2, 2), np.uint8), np.full((2, 2), 9, np.uint8)]))
    np.save(tmp_path / "y.npy", np.array([-1, 3]))
    out = tmp_path / "out"
    run(tfrec, "convert", "--images", tmp_path / "x.npy", "--labels", tmp_path / "y.npy", "-o", out,
        "--encoding", "uint8", "--naming", "tfds", "--name", "signed", "--progress", "never")
    builder, examples = load(out, "train")
    assert type(builder.info.features["label"]) is tfds.features.Tensor
    assert [int(e["label"]) for e in examples] == [-1, 3]
    np.testing.assert_array_equal(examples[1]["image"], np.full((2, 2, 1), 9, np.uint8))


def test_compressed_shards_get_no_metadata(tfrec, dataset, tmp_path):
    csv, _, _ = dataset
    out = tmp_path / "out"
    result = run(tfrec, "convert", csv, "-o", out, "--naming", "tfds", "--name", "digits", "--compression", "gzip",
                 "--progress", "never")
    assert not (out / "dataset_info.json").exists()
    assert "TFDS reads uncompressed shards only" in result.stderr
