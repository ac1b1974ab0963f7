"""TensorFlow's own reader (TFRecordDataset + parse_single_example) reads what tfrec writes."""
import glob
import os
import sys

import numpy as np
import pandas as pd
import pytest
import tensorflow as tf

from conftest import run


def read_with_tensorflow(directory, image_spec, decode):
    """The reading code of the reference workflow's users."""
    files = sorted(glob.glob(os.path.join(directory, "*.tfrec")))
    spec = {"image": image_spec, "label": tf.io.FixedLenFeature([], tf.int64)}
    ds = tf.data.TFRecordDataset(files).map(lambda x: tf.io.parse_single_example(x, spec))
    labels, images = [], []
    for ex in ds:
        labels.append(int(ex["label"].numpy()))
        images.append(decode(ex["image"].numpy()))
    return np.array(labels), np.array(images)


ENCODINGS = {
    "int64-bytes": (tf.io.FixedLenFeature([], tf.string), lambda b: np.frombuffer(b, dtype=np.int64)),
    "uint8": (tf.io.FixedLenFeature([], tf.string), lambda b: np.frombuffer(b, dtype=np.uint8)),
    "int64-list": (tf.io.FixedLenFeature([784], tf.int64), lambda v: v),
}


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_tensorflow_reads_every_shard_and_value(tfrec, synth_csv, tmp_path, encoding):
    out = tmp_path / "out"
    run(tfrec, "convert", synth_csv, "-o", out, "--encoding", encoding, "--progress", "never")
    assert sorted(os.listdir(out)) == ["file_00-3000.tfrec", "file_01-3000.tfrec", "file_02-500.tfrec", "manifest.json"]

    expected = pd.read_csv(synth_csv, header=None).to_numpy()
    image_spec, decode = ENCODINGS[encoding]
    labels, images = read_with_tensorflow(str(out), image_spec, decode)
    np.testing.assert_array_equal(labels, expected[:, 0])
    np.testing.assert_array_equal(images, expected[:, 1:])


def test_default_output_holds_the_same_examples_as_the_reference(tfrec, reference_pipeline, synth_csv, tmp_path):
    """Our default records carry the same Examples as the reference workflow's (map entries
    may be ordered differently on the wire): TensorFlow
    parses both to identical tensors, record for record."""
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    run(tfrec, "convert", synth_csv, "-o", ours, "--progress", "never")
    run(sys.executable, reference_pipeline, synth_csv, theirs, "--mode", "raw")
    assert sorted(p for p in os.listdir(ours) if p.endswith(".tfrec")) == sorted(os.listdir(theirs))
    spec = ENCODINGS["int64-bytes"]
    a = read_with_tensorflow(str(ours), *spec)
    b = read_with_tensorflow(str(theirs), *spec)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])


def test_edge_case_csv_reads_back(tfrec, tmp_path):
    """CRLF, a BOM, a header and no final newline: accepted, and the values come out right."""
    csv = tmp_path / "edge.csv"
    rows = [[3] + [0] * 783 + [255], [9] + list(range(255)) + [7] * 529]
    text = "label," + ",".join(f"p{i}" for i in range(784)) + "\r\n"
    text += "\r\n".join(",".join(str(v) for v in r) for r in rows)
    csv.write_bytes(b"\xef\xbb\xbf" + text.encode())
    out = tmp_path / "out"
    run(tfrec, "convert", csv, "-o", out, "--progress", "never")
    labels, images = read_with_tensorflow(str(out), *ENCODINGS["int64-bytes"])
    np.testing.assert_array_equal(labels, [3, 9])
    np.testing.assert_array_equal(images, np.array(rows)[:, 1:])


@pytest.mark.parametrize("encoding", ["png", "jpeg"])
def test_tensorflow_decodes_image_encodings(tfrec, synth_csv, tmp_path, encoding):
    """--encoding png stores lossless PNGs (pixels exact); jpeg at quality 95 has PSNR >= 40 dB."""
    out = tmp_path / "out"
    run(tfrec, "convert", synth_csv, "-o", out, "--encoding", encoding, "--progress", "never")
    decode = tf.io.decode_png if encoding == "png" else tf.io.decode_jpeg
    labels, images = read_with_tensorflow(
        str(out), tf.io.FixedLenFeature([], tf.string), lambda b: decode(b, channels=1).numpy().reshape(784))
    expected = pd.read_csv(synth_csv, header=None).to_numpy()
    np.testing.assert_array_equal(labels, expected[:, 0])
    if encoding == "png":
        np.testing.assert_array_equal(images, expected[:, 1:])
    else:
        mse = np.mean((images.astype(np.float64) - expected[:, 1:].astype(np.float64)) ** 2)
        psnr = 10 * np.log10(255.0**2 / mse)
        assert psnr >= 40, f"JPEG PSNR {psnr:.1f} dB"


def test_image_folder_round_trip(tfrec, synth_csv, tmp_path):
    """CSV → tfrec images (PNG) → folder → tfrec convert → TensorFlow reads labels and pixels."""
    images, out = tmp_path / "images", tmp_path / "out"
    run(tfrec, "images", synth_csv, "-o", images, "--format", "png", "--naming", "index")
    run(tfrec, "convert", images, "-o", out, "--encoding", "uint8", "--progress", "never")
    labels, pixels = read_with_tensorflow(str(out), *ENCODINGS["uint8"])
    expected = pd.read_csv(synth_csv, header=None).to_numpy()
    np.testing.assert_array_equal(labels, expected[:, 0])
    np.testing.assert_array_equal(pixels, expected[:, 1:])

    # Stored as they are: the PNG files' own bytes.
    kept = tmp_path / "kept"
    run(tfrec, "convert", images, "-o", kept, "--progress", "never")
    files = sorted(os.listdir(images))
    ds = tf.data.TFRecordDataset(sorted(glob.glob(str(kept / "*.tfrec")))).map(
        lambda x: tf.io.parse_single_example(x, {"image": tf.io.FixedLenFeature([], tf.string)}))
    for name, ex in zip(files[:50], ds.take(50)):
        assert ex["image"].numpy() == (images / name).read_bytes()


@pytest.mark.parametrize("engine", ["scalar", "simd", "opencl"])
@pytest.mark.parametrize("encoding", ["float32", "float-list"])
def test_tensorflow_reads_normalized_floats_exactly(tfrec, synth_csv, tmp_path, encoding, engine):
    """float32 bytes (decode_raw) and FloatList carry exactly x/255 and the standardized
    values, computed in float32 as documented, by every engine (opencl runs on PoCL here)."""
    expected_pixels = pd.read_csv(synth_csv, header=None).to_numpy()[:, 1:].astype(np.float32)
    cases = {
        "scale": ([], expected_pixels / np.float32(255)),
        "standardize": (["--mean", "33.3", "--std", "78.6"],
                        (expected_pixels - np.float32(33.3)) * (np.float32(1) / np.float32(78.6))),
    }
    if encoding == "float32":
        spec = tf.io.FixedLenFeature([], tf.string)
        decode = lambda b: np.frombuffer(b, dtype="<f4")  # what tf.io.decode_raw(b, tf.float32) gives
    else:
        spec, decode = tf.io.FixedLenFeature([784], tf.float32), (lambda v: v)
    for normalize, (extra, expected) in cases.items():
        out = tmp_path / f"{normalize}"
        run(tfrec, "convert", synth_csv, "-o", out, "--encoding", encoding, "--normalize", normalize, *extra,
            "--engine", engine, "--progress", "never")
        _, values = read_with_tensorflow(str(out), spec, decode)
        assert values.dtype == np.float32
        np.testing.assert_array_equal(values, expected.astype(np.float32))
    if encoding == "float32":
        # And through TensorFlow's own decode_raw, for one record.
        ds = tf.data.TFRecordDataset(sorted(glob.glob(str(tmp_path / "scale" / "*.tfrec")))).map(
            lambda x: tf.io.decode_raw(tf.io.parse_single_example(x, {"image": spec})["image"], tf.float32))
        first = next(iter(ds)).numpy()
        np.testing.assert_array_equal(first, expected_pixels[0] / np.float32(255))
