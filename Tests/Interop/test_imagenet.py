"""`tfrec convert` of an ImageNet-style folder (issue 14), checked with the real TensorFlow.

The folder is generated (imagenet_like.py, seeded): class folders of JPEGs with a synsets file
whose order is not the sorted order, Pascal VOC boxes (some reaching outside the image), a flat
validation folder with both label-file forms, and the content seen in real copies of ImageNet:
grayscale, progressive, CMYK, YCCK, a PNG and a GIF named .JPEG, large and small images, and
files that are not images at all (truncated, empty, gzip). The records must be what
build_imagenet_data.py writes: TensorFlow reads and decodes every one, the labels, texts and
boxes (relative, clamped as process_bounding_boxes.py does) match, plain JPEGs keep their
bytes, and the legacy ResNet input pipeline's parser reads them.
"""
import collections
import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf
from PIL import Image

from conftest import run
from imagenet_like import adobe_transform, corrupt_scan, jpeg_components, make_imagenet_like, turbojpeg_decode_fails

SEED = 14
BOX_KEYS = ["image/object/bbox/xmin", "image/object/bbox/ymin", "image/object/bbox/xmax", "image/object/bbox/ymax"]
IMAGENET_SPEC = {
    "image/encoded": tf.io.FixedLenFeature([], tf.string),
    "image/format": tf.io.FixedLenFeature([], tf.string),
    "image/height": tf.io.FixedLenFeature([], tf.int64),
    "image/width": tf.io.FixedLenFeature([], tf.int64),
    "image/colorspace": tf.io.FixedLenFeature([], tf.string),
    "image/channels": tf.io.FixedLenFeature([], tf.int64),
    "image/filename": tf.io.FixedLenFeature([], tf.string),
    "image/class/label": tf.io.FixedLenFeature([], tf.int64),
    "image/class/synset": tf.io.FixedLenFeature([], tf.string),
    "image/class/text": tf.io.FixedLenFeature([], tf.string),
    **{key: tf.io.VarLenFeature(tf.float32) for key in BOX_KEYS},
    "image/object/bbox/label": tf.io.VarLenFeature(tf.int64),
}
SIMPLE_SPEC = {
    "image": tf.io.FixedLenFeature([], tf.string),
    "label": tf.io.FixedLenFeature([], tf.int64),
    "height": tf.io.FixedLenFeature([], tf.int64),
    "width": tf.io.FixedLenFeature([], tf.int64),
    "filename": tf.io.FixedLenFeature([], tf.string),
}

# Mean absolute difference (levels of 255) allowed between tfrec's output and TensorFlow's own
# decode of the source, measured on this generator's images by running the spec'd pipeline
# with Pillow (libjpeg-turbo: TensorFlow's CMYK formula or a plain decode, then JPEG at quality
# 95): CMYK/YCCK/PNG at most 3.0, GIF (dithered palette) at most 4.9.
CONVERTED_MAD = {"cmyk": 3.5, "ycck": 3.5, "png": 3.5, "gif": 5.5}
# Resizing: tfrec's output against tf.image.resize(decoded source, size, antialias=True). The
# spec'd pipeline modelled with Pillow (scaled IDCT decode, box filter, JPEG at quality 90)
# measured 1.8-5.0 per image; over this test's images (seeds 14, 1, 2) at most 4.9 and on average
# 3.7-3.8 (--max-side) and 4.1-4.2 (--short-side). TensorFlow's own resize, JPEG'd at quality 90,
# measured 1.3-4.1. A nearest-neighbour resize measured 3.6-7.8 (6.1 on average), the right
# filter one pixel off 2.9-6.2 (5.4 on average): the bound on the average tells those apart.
RESIZED_MAD_EACH, RESIZED_MAD_MEAN = 5.5, 4.5


# ---------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def imagenet(tmp_path_factory):
    """4 classes x 6 JPEGs, the variety of kinds, 3 bad files in train/; 8 validation images."""
    return make_imagenet_like(tmp_path_factory.mktemp("imagenet") / "data", classes=4, per_class=6, val_per_class=2,
                              special=True, seed=SEED)


def convert(tfrec, folder, out, *options, expect=0):
    result = run(tfrec, "convert", folder, "-o", out, "--progress", "never", *options, check=False)
    assert result.returncode == expect, f"exit {result.returncode}, expected {expect}\n{result.stderr}"
    return result


def imagenet_options(data, *extra):
    return ["--schema", "imagenet", "--labels-file", data.labels_file, "--bboxes", data.bboxes, *extra]


def shard_files(out, split="train"):
    """The shards of `split` in `out`, checked to be named {split}-{shard:05}-of-{shards:05}."""
    names = sorted(n for n in os.listdir(out) if n.startswith(f"{split}-")) if Path(out).is_dir() else []
    if names:
        total = len(names)
        assert names == [f"{split}-{i:05d}-of-{total:05d}" for i in range(total)], names
    return [Path(out) / n for n in names]


def any_shards(out):
    """The shards in `out` whatever their naming (--schema simple keeps the default names)."""
    side_files = (".json", ".txt", ".tsv", ".idx")
    paths = sorted(p for p in Path(out).iterdir() if p.is_file() and not p.name.endswith(side_files))
    assert paths, os.listdir(out)
    return paths


def read_records(paths, spec):
    """Every record of the shards, parsed with tf.io.parse_single_example; sparse values as lists."""
    dataset = tf.data.TFRecordDataset([str(p) for p in paths]).map(lambda r: tf.io.parse_single_example(r, spec))
    records = []
    for parsed in dataset:
        record = {}
        for key, value in parsed.items():
            if isinstance(value, tf.SparseTensor):
                record[key] = value.values.numpy().tolist()
            else:
                value = value.numpy()
                record[key] = value.decode() if isinstance(value, bytes) and key not in ("image/encoded", "image") \
                    else value
        records.append(record)
    return records


def feature_keys(paths):
    keys = set()
    for raw in tf.data.TFRecordDataset([str(p) for p in paths]):
        keys.add(frozenset(tf.train.Example.FromString(raw.numpy()).features.feature.keys()))
    return keys


def decode(data):
    """TensorFlow's decode of any image file, RGB, as float64."""
    return tf.io.decode_image(data, channels=3, expand_animations=False).numpy().astype(np.float64)


def mad(a, b):
    return float(np.abs(np.asarray(a, np.float64) - np.asarray(b, np.float64)).mean())


def scaled(width, height, target, by_short_side=False):
    """The spec'd size: round(w * N / max(w, h)) etc. (at least 1); None when no resize is due."""
    side = min(width, height) if by_short_side else max(width, height)
    if side <= target:
        return None
    return tuple(max(1, (2 * v * target + side) // (2 * side)) for v in (width, height))


def error_names(out):
    lines = (Path(out) / "errors.tsv").read_text().splitlines()
    assert all(len(line.split("\t")) == 2 and line.split("\t")[1] for line in lines), lines
    return sorted(Path(line.split("\t")[0]).name for line in lines)


def check_boxes(record, truth):
    boxes = list(zip(*(record[k] for k in BOX_KEYS)))
    assert len(boxes) == len(truth.boxes), truth.name
    for got, want in zip(boxes, truth.boxes):
        np.testing.assert_allclose(got, np.float32(want), atol=1e-6, err_msg=truth.name)
        assert all(0.0 <= v <= 1.0 for v in got)
    assert record["image/object/bbox/label"] == [truth.label] * len(truth.boxes), truth.name


def check_imagenet_record(record, truth):
    assert record["image/format"] == "JPEG" and record["image/colorspace"] == "RGB"
    assert record["image/channels"] == 3
    assert record["image/filename"] == truth.name
    assert record["image/class/label"] == truth.label, truth.name
    assert record["image/class/synset"] == truth.synset
    assert record["image/class/text"] == truth.text
    data = record["image/encoded"]
    assert data[:2] == b"\xff\xd8", truth.name
    decoded = tf.io.decode_jpeg(data, channels=3)
    assert tuple(decoded.shape) == (record["image/height"], record["image/width"], 3), truth.name
    check_boxes(record, truth)
    return decoded


# ---------------------------------------------------------------- the generator itself (no tfrec)


def test_the_generated_files_are_what_they_claim(imagenet, tmp_path):
    kinds = collections.Counter(f.kind for f in imagenet.files)
    assert kinds["cmyk"] and kinds["ycck"] and kinds["png"] and kinds["gif"] and kinds["gray"] and kinds["progressive"]
    assert sorted(f.kind for f in imagenet.bad()) == ["empty", "gzip", "truncated"]
    assert imagenet.synsets != sorted(imagenet.synsets)
    for f in imagenet.files:
        data = f.path.read_bytes()
        if f.fails:
            with pytest.raises(Exception):
                decode(data)
            continue
        with Image.open(f.path) as image:
            image.load()
            assert image.size == (f.width, f.height)
            expected_format = {"png": "PNG", "gif": "GIF"}.get(f.kind, "JPEG")
            assert image.format == expected_format, f.name
        assert decode(data).shape == (f.height, f.width, 3)
        if f.kind in ("cmyk", "ycck"):
            # Adobe APP14 transform: 0 (CMYK as is) from Pillow, 2 (YCCK) from tjCompress2.
            assert jpeg_components(data) == 4 and adobe_transform(data) == {"cmyk": 0, "ycck": 2}[f.kind]
        elif f.action == "pass":
            assert jpeg_components(data) == (1 if f.kind == "gray" else 3)
    # Val labels: one synset a line in sorted file-name order; the CSV names the same synsets.
    val = sorted(imagenet.good("validation"), key=lambda f: f.name)
    assert imagenet.val_labels.read_text().split() == [f.synset for f in val]
    rows = imagenet.val_solution.read_text().splitlines()
    assert rows[0] == "ImageId,PredictionString"
    assert [r.split(",")[1].split()[0] for r in rows[1:]] == [f.synset for f in val]
    # A corrupt scan: header and EOI intact, TurboJPEG's full decode objects.
    plain = next(f for f in imagenet.good() if f.kind == "jpeg").path.read_bytes()
    bad = corrupt_scan(plain)
    assert bad[:2] == b"\xff\xd8" and bad.endswith(b"\xff\xd9") and len(bad) == len(plain)
    assert not turbojpeg_decode_fails(plain) and turbojpeg_decode_fails(bad)


# ---------------------------------------------------------------- --schema imagenet, train


@pytest.fixture(scope="module")
def train_out(tfrec, imagenet, tmp_path_factory):
    out = tmp_path_factory.mktemp("train") / "out"
    result = convert(tfrec, imagenet.train, out, *imagenet_options(imagenet, "--on-error", "skip", "--shards", 4),
                     expect=4)
    return out, result


def test_skip_exits_4_and_lists_exactly_the_bad_files(imagenet, train_out):
    out, _ = train_out
    assert error_names(out) == sorted(f.name for f in imagenet.bad())


def test_tensorflow_reads_every_record_and_it_matches_the_ground_truth(imagenet, train_out):
    out, _ = train_out
    shards = shard_files(out)
    assert len(shards) == 4
    assert feature_keys(shards) == {frozenset(IMAGENET_SPEC)}
    records = read_records(shards, IMAGENET_SPEC)
    truth = imagenet.by_name()
    assert sorted(r["image/filename"] for r in records) == sorted(f.name for f in imagenet.good())
    for record in records:
        f = truth[record["image/filename"]]
        decoded = check_imagenet_record(record, f)
        assert (record["image/width"], record["image/height"]) == (f.width, f.height)
        source = f.path.read_bytes()
        if f.action == "pass":
            assert record["image/encoded"] == source, f.name
        else:
            # CMYK/YCCK converted with TensorFlow's formula, PNG/GIF re-encoded: real 3-component JPEGs.
            assert jpeg_components(record["image/encoded"]) == 3, f.name
            assert adobe_transform(record["image/encoded"]) in (None, 1), f.name
            difference = mad(decoded, decode(source))
            assert difference <= CONVERTED_MAD[f.kind], (f.name, difference)


def test_the_legacy_resnet_parser_reads_every_record(imagenet, train_out):
    out, _ = train_out
    # The feature map of parse_example_proto in tensorflow/models
    # official/legacy/image_classification/resnet/imagenet_preprocessing.py (dense encoded, label
    # with default -1 and text; the four box coordinates as sparse float32), and the boxes arranged
    # as it does, [1, boxes, (ymin, xmin, ymax, xmax)], then fed to the crop it trains with.
    legacy_map = {
        "image/encoded": tf.io.FixedLenFeature([], dtype=tf.string, default_value=""),
        "image/class/label": tf.io.FixedLenFeature([], dtype=tf.int64, default_value=-1),
        "image/class/text": tf.io.FixedLenFeature([], dtype=tf.string, default_value=""),
        **{key: tf.io.VarLenFeature(dtype=tf.float32) for key in BOX_KEYS},
    }

    def parse(serialized):
        features = tf.io.parse_single_example(serialized=serialized, features=legacy_map)
        coordinates = [tf.expand_dims(features[f"image/object/bbox/{c}"].values, 0)
                       for c in ("ymin", "xmin", "ymax", "xmax")]
        bbox = tf.transpose(tf.expand_dims(tf.concat(coordinates, 0), 0), perm=[0, 2, 1])
        label = tf.cast(features["image/class/label"], tf.int32)
        return features["image/encoded"], label, features["image/class/text"], bbox

    truth = imagenet.by_name()
    by_text = collections.defaultdict(set)
    for f in imagenet.good():
        by_text[(f.label, f.text)].add(f.name)
    seen = 0
    for raw in tf.data.TFRecordDataset([str(p) for p in shard_files(out)]):
        image, label, text, bbox = parse(raw)
        assert 1 <= int(label) <= len(imagenet.synsets) and (int(label), text.numpy().decode()) in by_text
        assert bbox.shape[0] == 1 and bbox.shape[2] == 4
        # The script's sample_distorted_bounding_box, stateless here so that the test is repeatable.
        begin, size, _ = tf.image.stateless_sample_distorted_bounding_box(
            tf.image.extract_jpeg_shape(image), bounding_boxes=bbox, seed=[SEED, seen], min_object_covered=0.1,
            aspect_ratio_range=[0.75, 1.33], area_range=[0.05, 1.0], max_attempts=100,
            use_image_if_no_bounding_boxes=True)
        window = tf.stack([begin[0], begin[1], size[0], size[1]])
        cropped = tf.image.decode_and_crop_jpeg(image, window, channels=3)
        assert cropped.shape[0] > 0 and cropped.shape[1] > 0 and cropped.shape[2] == 3
        seen += 1
    assert seen == len(imagenet.good()) and len(truth) > seen


def test_labels_txt_and_manifest(imagenet, train_out):
    out, _ = train_out
    lines = (out / "labels.txt").read_text().splitlines()
    assert lines == [f"{i + 1}\t{s}\t{imagenet.texts[s]}" for i, s in enumerate(imagenet.synsets)]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["schema"] == "imagenet"
    assert manifest["labelOffset"] == 1
    # Every class of the map is counted, those without records as 0.
    counts = collections.Counter(f.synset for f in imagenet.good())
    assert manifest["classCounts"] == {s: counts.get(s, 0) for s in imagenet.synsets}


def test_on_error_fail_exits_1_naming_the_file_and_writes_no_shards(tfrec, imagenet, tmp_path):
    out = tmp_path / "out"
    result = convert(tfrec, imagenet.train, out, *imagenet_options(imagenet, "--shards", 4), expect=1)
    assert any(f.name in result.stderr for f in imagenet.bad()), result.stderr
    # Nothing written: no shards, no manifest.
    assert shard_files(out) == [] and not (out / "manifest.json").exists()
    # The default is fail too.
    convert(tfrec, imagenet.train, tmp_path / "default", *imagenet_options(imagenet), expect=1)
    assert shard_files(tmp_path / "default") == []


def test_any_thread_count_writes_the_same_bytes(tfrec, imagenet, tmp_path):
    outputs = []
    for threads in (1, 2):
        out = tmp_path / f"threads{threads}"
        convert(tfrec, imagenet.train, out,
                *imagenet_options(imagenet, "--on-error", "skip", "--shards", 4, "--threads", threads), expect=4)
        outputs.append(out)
    first, second = outputs
    names = [p.name for p in shard_files(first)]
    assert names == [p.name for p in shard_files(second)] and len(names) == 4
    for name in names + ["labels.txt", "errors.tsv"]:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


# ---------------------------------------------------------------- validation


def check_validation(imagenet, out, shards):
    paths = shard_files(out, "validation")
    assert len(paths) == shards
    records = read_records(paths, IMAGENET_SPEC)
    truth = imagenet.by_name()
    assert sorted(r["image/filename"] for r in records) == sorted(f.name for f in imagenet.good("validation"))
    for record in records:
        f = truth[record["image/filename"]]
        check_imagenet_record(record, f)
        assert record["image/encoded"] == f.path.read_bytes()
    return paths


def test_flat_validation_folder_with_either_label_file(tfrec, imagenet, tmp_path):
    per_line, csv = tmp_path / "per_line", tmp_path / "csv"
    convert(tfrec, imagenet.val, per_line,
            *imagenet_options(imagenet, "--split", "validation", "--val-labels", imagenet.val_labels, "--shards", 2))
    first = check_validation(imagenet, per_line, 2)
    assert not (per_line / "errors.tsv").exists() or (per_line / "errors.tsv").read_text() == ""
    convert(tfrec, imagenet.val, csv,
            *imagenet_options(imagenet, "--split", "validation", "--val-labels", imagenet.val_solution, "--shards", 2))
    second = check_validation(imagenet, csv, 2)
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_a_validation_synset_not_in_the_label_map_is_an_error(tfrec, imagenet, tmp_path):
    lines = imagenet.val_labels.read_text().splitlines()
    lines[3] = "n09999999"
    labels = tmp_path / "val_labels.txt"
    labels.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out"
    result = convert(tfrec, imagenet.val, out,
                     *imagenet_options(imagenet, "--split", "validation", "--val-labels", labels), expect=1)
    assert "n09999999" in result.stderr, result.stderr
    assert shard_files(out, "validation") == []


def test_splits_write_both_sets_and_one_manifest(tfrec, imagenet, tmp_path):
    out = tmp_path / "out"
    result = run(tfrec, "convert", "--splits", f"train={imagenet.train},validation={imagenet.val}", "-o", out,
                 "--progress", "never", *imagenet_options(imagenet, "--val-labels", imagenet.val_labels,
                                                          "--on-error", "skip"), check=False)
    assert result.returncode == 4, result.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    splits = manifest["splits"]
    assert set(splits) == {"train", "validation"}
    for split, files in (("train", imagenet.good()), ("validation", imagenet.good("validation"))):
        paths = shard_files(out, split)
        assert paths and splits[split]["shards"] == [p.name for p in paths]
        assert splits[split]["records"] == len(files)
        counts = collections.Counter(f.synset for f in files)
        assert splits[split]["classCounts"] == {s: counts.get(s, 0) for s in imagenet.synsets}
        records = read_records(paths, IMAGENET_SPEC)
        assert sorted(r["image/filename"] for r in records) == sorted(f.name for f in files)
    assert (out / "labels.txt").read_text().splitlines() == \
        [f"{i + 1}\t{s}\t{imagenet.texts[s]}" for i, s in enumerate(imagenet.synsets)]
    assert error_names(out) == sorted(f.name for f in imagenet.bad())
    assert [n for n in os.listdir(out) if n.startswith("manifest")] == ["manifest.json"]


# ---------------------------------------------------------------- resizing


@pytest.mark.parametrize("option", ["--max-side", "--short-side"])
def test_resize_shrinks_to_the_spec_size_and_keeps_small_images(tfrec, imagenet, tmp_path, option):
    out = tmp_path / "out"
    convert(tfrec, imagenet.train, out, *imagenet_options(imagenet, "--on-error", "skip", option, 256), expect=4)
    truth = imagenet.by_name()
    records = read_records(shard_files(out), IMAGENET_SPEC)
    assert len(records) == len(imagenet.good())
    differences, kept = [], 0
    for record in records:
        f = truth[record["image/filename"]]
        decoded = check_imagenet_record(record, f)
        size = scaled(f.width, f.height, 256, by_short_side=option == "--short-side")
        if size is None:
            assert (record["image/width"], record["image/height"]) == (f.width, f.height)
            if f.action == "pass":
                assert record["image/encoded"] == f.path.read_bytes(), f.name
                kept += 1
            continue
        assert (record["image/width"], record["image/height"]) == size, (f.name, f.width, f.height)
        side = max(size) if option == "--max-side" else min(size)
        assert side == 256
        reference = tf.image.resize(decode(f.path.read_bytes()), (size[1], size[0]), antialias=True)
        differences.append((mad(decoded, reference), f.name))
    assert kept >= 2
    worst = max(differences)
    average = sum(d for d, _ in differences) / len(differences)
    assert worst[0] <= RESIZED_MAD_EACH, worst
    assert average <= RESIZED_MAD_MEAN, (average, sorted(differences)[-5:])


# ---------------------------------------------------------------- --verify-images


def test_verify_full_flags_a_corrupt_scan_that_header_passes(tfrec, imagenet, tmp_path):
    """Garbled entropy-coded data between an intact header and EOI: TurboJPEG's full decode
    reports it (as a warning: tjDecompress2 returns -1, TJERR_WARNING), TensorFlow and Pillow
    would not, so `full` must count TurboJPEG's warnings as corrupt data."""
    folder = tmp_path / "folder"
    plain = [f for f in imagenet.good() if f.kind == "jpeg"][:3]
    for f in plain[:2]:
        (folder / "a").mkdir(parents=True, exist_ok=True)
        shutil.copy(f.path, folder / "a" / f.name)
    (folder / "b").mkdir()
    corrupt = folder / "b" / "corrupt.JPEG"
    corrupt.write_bytes(corrupt_scan(plain[2].path.read_bytes(), seed=SEED))

    header = tmp_path / "header"
    convert(tfrec, folder, header, "--schema", "simple", "--label-from", "dir", "--verify-images", "header")
    records = read_records(any_shards(header), SIMPLE_SPEC)
    by_name = {r["filename"]: r for r in records}
    assert set(by_name) == {plain[0].name, plain[1].name, "corrupt.JPEG"}
    assert by_name["corrupt.JPEG"]["image"] == corrupt.read_bytes()

    full = tmp_path / "full"
    convert(tfrec, folder, full, "--schema", "simple", "--label-from", "dir", "--verify-images", "full",
            "--on-error", "skip", expect=4)
    assert error_names(full) == ["corrupt.JPEG"]
    result = convert(tfrec, folder, tmp_path / "fail", "--schema", "simple", "--label-from", "dir",
                     "--verify-images", "full", expect=1)
    assert "corrupt.JPEG" in result.stderr


# ---------------------------------------------------------------- --schema simple


def test_simple_schema_numbers_labels_as_tfds_image_folder(tfrec, imagenet, tmp_path):
    import tensorflow_datasets as tfds

    out = tmp_path / "out"
    convert(tfrec, imagenet.train, out, "--schema", "simple", "--label-from", "dir", "--on-error", "skip", expect=4)
    paths = any_shards(out)
    assert feature_keys(paths) == {frozenset(SIMPLE_SPEC)}
    # tfds.ImageFolder numbers the class folders of <root>/<split>/ 0-based in sorted order.
    tfds_root = tmp_path / "tfds"
    tfds_root.mkdir()
    (tfds_root / "train").symlink_to(imagenet.train)
    names = tfds.ImageFolder(str(tfds_root)).info.features["label"].names
    assert names == sorted(imagenet.synsets)
    truth = imagenet.by_name()
    records = read_records(paths, SIMPLE_SPEC)
    assert sorted(r["filename"] for r in records) == sorted(f.name for f in imagenet.good())
    for record in records:
        f = truth[record["filename"]]
        assert record["label"] == names.index(f.synset), f.name
        decoded = tf.io.decode_jpeg(record["image"], channels=3)
        assert tuple(decoded.shape) == (record["height"], record["width"], 3)
        assert (record["width"], record["height"]) == (f.width, f.height)
        if f.action == "pass":
            assert record["image"] == f.path.read_bytes()
