"""`tfrec images` and `tfrec preview`, checked with Pillow and TensorFlow.

Images written by `tfrec images` must open with Pillow and TensorFlow and match the CSV
(PNG exactly, JPEG at PSNR >= 40 dB), with reference-style names; `tfrec preview` must
decode records of every encoding (written here by TensorFlow itself) into a valid PNG
contact sheet whose tiles hold the right pixels and labels.
"""
import os
import re

import numpy as np
import pandas as pd
import pytest
import tensorflow as tf
from PIL import Image

from conftest import run

ROWS = 600
SIDE = 28
# ContactSheet.Style defaults.
MARGIN, GAP, LABEL_GAP = 4, 4, 2
BACKGROUND, LABEL_COLOR = (32, 32, 32), (255, 220, 80)


@pytest.fixture(scope="module")
def small_csv(synth_csv, tmp_path_factory):
    """The first ROWS rows of the session's synthetic CSV."""
    path = tmp_path_factory.mktemp("images") / "small.csv"
    with open(synth_csv) as source, open(path, "w") as target:
        for _, line in zip(range(ROWS), source):
            target.write(line)
    return path


@pytest.fixture(scope="module")
def expected(small_csv):
    return pd.read_csv(small_csv, header=None).to_numpy()


def psnr(a, b):
    mse = np.mean((np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)) ** 2)
    return float("inf") if mse == 0 else 10 * np.log10(255.0 ** 2 / mse)


def read_image(path):
    with Image.open(path) as image:
        image.load()
        return image.format, image.mode, np.asarray(image)


# ---------------------------------------------------------------- tfrec images


def test_random_names_follow_the_reference_pattern_and_hold_the_rows(tfrec, small_csv, expected, tmp_path):
    out = tmp_path / "images"
    result = run(tfrec, "images", small_csv, "-o", out, "--seed", 5)
    assert f"wrote {ROWS} JPEG images (28x28x1" in result.stderr
    names = sorted(os.listdir(out))
    assert len(names) == ROWS
    assert all(re.fullmatch(r"\d{12}_\d\.jpeg", name) for name in names), names[:5]
    assert all(100000000000 <= int(name[:12]) <= 999999999999 for name in names)

    # Every image is a 28x28 gray JPEG that matches one row carrying the label in its name,
    # and every row is matched once.
    rows = expected[:, 1:].reshape(-1, SIDE, SIDE).astype(np.float64)
    unused = set(range(ROWS))
    for name in names:
        image_format, mode, pixels = read_image(out / name)
        assert (image_format, mode, pixels.shape) == ("JPEG", "L", (SIDE, SIDE))
        label = int(name.split("_")[1].split(".")[0])
        candidates = [i for i in unused if expected[i, 0] == label]
        errors = [np.mean((rows[i] - pixels) ** 2) for i in candidates]
        best = candidates[int(np.argmin(errors))]
        assert psnr(rows[best], pixels) >= 40, name
        unused.remove(best)
    assert not unused


def test_the_same_seed_gives_the_same_files(tfrec, small_csv, tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    run(tfrec, "images", small_csv, "-o", a, "--seed", 11, "--threads", 1)
    run(tfrec, "images", small_csv, "-o", b, "--seed", 11, "--threads", 2, "--chunk-size", 4096)
    run(tfrec, "images", small_csv, "-o", c, "--seed", 12)
    assert sorted(os.listdir(a)) == sorted(os.listdir(b))
    for name in os.listdir(a):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    assert set(os.listdir(a)).isdisjoint(os.listdir(c))


def test_seeded_names_are_pinned(tfrec, tmp_path):
    """The names for a seed never change between versions (SeededGenerator, multiply-high)."""
    csv = tmp_path / "one.csv"
    csv.write_text("5," + ",".join(["0"] * 784) + "\n" + "3," + ",".join(["255"] * 784) + "\n")
    run(tfrec, "images", csv, "-o", tmp_path / "out", "--seed", 1)
    names = sorted(os.listdir(tmp_path / "out"))
    assert len(names) == 2 and "732629649842_5.jpeg" in names, names


def test_index_named_jpegs_match_the_csv_in_pillow_and_tensorflow(tfrec, small_csv, expected, tmp_path):
    out = tmp_path / "jpeg"
    run(tfrec, "images", small_csv, "-o", out, "--naming", "index")
    names = sorted(os.listdir(out))
    assert names == [f"{i + 1:06d}_{label}.jpeg" for i, label in enumerate(expected[:, 0])]
    worst = float("inf")
    for i, name in enumerate(names):
        row = expected[i, 1:].reshape(SIDE, SIDE)
        _, _, pillow = read_image(out / name)
        decoded = tf.io.decode_jpeg((out / name).read_bytes(), dct_method="INTEGER_ACCURATE").numpy()
        assert decoded.shape == (SIDE, SIDE, 1)
        # Both decoders are libjpeg-turbo with the accurate IDCT (TensorFlow defaults to the fast one).
        assert np.abs(decoded[:, :, 0].astype(int) - pillow.astype(int)).max() <= 1
        worst = min(worst, psnr(row, pillow))
    assert worst >= 40, worst


@pytest.mark.parametrize("compression", ["fast", "standard"])
def test_pngs_are_lossless_in_pillow_and_tensorflow(tfrec, small_csv, expected, tmp_path, compression):
    out = tmp_path / "png"
    run(tfrec, "images", small_csv, "-o", out, "--format", "png", "--naming", "index", "--png-compression", compression)
    names = sorted(os.listdir(out))
    assert names == [f"{i + 1:06d}_{label}.png" for i, label in enumerate(expected[:, 0])]
    for i, name in enumerate(names):
        row = expected[i, 1:].reshape(SIDE, SIDE)
        image_format, mode, pillow = read_image(out / name)
        assert (image_format, mode) == ("PNG", "L")
        np.testing.assert_array_equal(pillow, row)
        decoded = tf.io.decode_png((out / name).read_bytes()).numpy()
        np.testing.assert_array_equal(decoded[:, :, 0], row)


def test_rgb_rows_need_a_shape_and_round_trip(tfrec, tmp_path):
    height, width = 12, 10
    y, x = np.mgrid[0:height, 0:width]
    images = []
    for k in range(20):
        rgb = np.stack([(x * 25 + k) % 256, (y * 20 + 3 * k) % 256, np.full_like(x, 128 + k)], axis=-1)
        images.append(rgb.astype(np.uint8))
    csv = tmp_path / "rgb.csv"
    with open(csv, "w") as f:
        for k, image in enumerate(images):
            f.write(",".join(map(str, [k % 10] + image.reshape(-1).tolist())) + "\n")

    refused = run(tfrec, "images", csv, "-o", tmp_path / "none", check=False)
    assert refused.returncode == 2
    assert "--shape" in refused.stderr

    png, jpeg = tmp_path / "png", tmp_path / "jpeg"
    run(tfrec, "images", csv, "-o", png, "--shape", f"{height}x{width}x3", "--format", "png", "--naming", "index")
    run(tfrec, "images", csv, "-o", jpeg, "--shape", f"{height}x{width}x3", "--naming", "index", "--subsampling", "4:4:4")
    for k, image in enumerate(images):
        _, mode, pixels = read_image(png / f"{k + 1:06d}_{k % 10}.png")
        assert mode == "RGB"
        np.testing.assert_array_equal(pixels, image)
        decoded = tf.io.decode_jpeg((jpeg / f"{k + 1:06d}_{k % 10}.jpeg").read_bytes()).numpy()
        assert decoded.shape == (height, width, 3)
        assert psnr(decoded, image) >= 35


def test_existing_files_are_never_overwritten(tfrec, small_csv, tmp_path):
    first = tmp_path / "first"
    run(tfrec, "images", small_csv, "-o", first, "--seed", 21)
    taken = sorted(os.listdir(first))[:25]
    out = tmp_path / "out"
    out.mkdir()
    for name in taken:
        (out / name).write_bytes(b"keep me")
    run(tfrec, "images", small_csv, "-o", out, "--seed", 21)
    names = os.listdir(out)
    assert len(names) == ROWS + len(taken)
    for name in taken:
        assert (out / name).read_bytes() == b"keep me"


def test_bad_input_exits_1_and_leaves_no_images(tfrec, small_csv, tmp_path):
    lines = small_csv.read_text().splitlines(keepends=True)
    fields = lines[449].split(",")
    fields[31] = "x"
    bad = tmp_path / "bad.csv"
    bad.write_text("".join(lines[:449]) + ",".join(fields) + "".join(lines[450:]))
    out = tmp_path / "out"
    result = run(tfrec, "images", bad, "-o", out, "--seed", 1, "--chunk-size", 8192, check=False)
    assert result.returncode == 1
    assert re.search(r"bad\.csv:450:\d+: expected a digit", result.stderr), result.stderr
    assert os.listdir(out) == []

    missing = run(tfrec, "images", tmp_path / "missing.csv", "-o", out, check=False)
    assert missing.returncode == 1
    file_as_output = run(tfrec, "images", small_csv, "-o", small_csv, check=False)
    assert file_as_output.returncode == 1


def test_usage_errors_exit_2(tfrec, small_csv, tmp_path):
    out = tmp_path / "out"
    for options in (["--quality", "0"], ["--quality", "101"], ["--shape", "28x28x3"], ["--shape", "28x28x2"],
                    ["--format", "gif"], ["--naming", "sequential"], ["--threads", "0"]):
        result = run(tfrec, "images", small_csv, "-o", out, *options, check=False)
        assert result.returncode == 2, (options, result.stderr)
    # Index names that exist already: refused, the old file kept, nothing new left behind.
    out.mkdir(exist_ok=True)
    third_label = small_csv.read_text().splitlines()[2].split(",")[0]
    existing = out / f"000003_{third_label}.jpeg"
    existing.write_bytes(b"old")
    result = run(tfrec, "images", small_csv, "-o", out, "--naming", "index", check=False)
    assert result.returncode == 2, result.stderr
    assert "already exists" in result.stderr
    assert os.listdir(out) == [existing.name]
    assert existing.read_bytes() == b"old"


# ---------------------------------------------------------------- tfrec preview


def sheet_geometry(columns, rows, scale, side=SIDE):
    label_scale = max(1, (2 * scale + 2) // 3)
    tile = side * scale
    cell_height = tile + LABEL_GAP + 7 * label_scale
    width = 2 * MARGIN + columns * tile + (columns - 1) * GAP
    height = 2 * MARGIN + rows * cell_height + (rows - 1) * GAP
    return width, height, tile, cell_height, label_scale


def check_tiles(sheet, images, labels, columns, scale, exact=True, side=SIDE):
    """Tile pixels are the images, upscaled; each label area holds label-coloured pixels."""
    _, _, tile, cell_height, label_scale = sheet_geometry(columns, 1, scale, side)
    for index, image in enumerate(images):
        x0 = MARGIN + (index % columns) * (tile + GAP)
        y0 = MARGIN + (index // columns) * (cell_height + GAP)
        region = sheet[y0:y0 + tile, x0:x0 + tile]
        expected_tile = np.repeat(np.repeat(image, scale, axis=0), scale, axis=1)
        for channel in range(3):
            if exact:
                np.testing.assert_array_equal(region[:, :, channel], expected_tile)
            else:
                assert np.abs(region[:, :, channel].astype(int) - expected_tile.astype(int)).max() <= 1
        label_area = sheet[y0 + tile + LABEL_GAP:y0 + tile + LABEL_GAP + 7 * label_scale, x0:x0 + tile]
        inked = np.all(label_area == LABEL_COLOR, axis=-1).sum()
        assert inked >= 10 * label_scale ** 2, (index, labels[index], inked)


def test_preview_writes_a_contact_sheet_png(tfrec, small_csv, expected, tmp_path):
    shards = tmp_path / "shards"
    run(tfrec, "convert", small_csv, "-o", shards, "--records-per-shard", 7, "--progress", "never")
    sheet_path = tmp_path / "sheet.png"
    result = run(tfrec, "preview", shards, "-o", sheet_path, "--count", 10, "--grid", "5x2", "--scale", 3)
    assert "decoded as int64-bytes" in result.stderr and "from manifest.json" in result.stderr
    assert "not the float64 default" in result.stderr
    image_format, mode, sheet = read_image(sheet_path)
    assert (image_format, mode) == ("PNG", "RGB")
    width, height, *_ = sheet_geometry(5, 2, 3)
    assert sheet.shape == (height, width, 3)
    assert tuple(sheet[0, 0]) == BACKGROUND
    images = expected[:10, 1:].reshape(-1, SIDE, SIDE)
    check_tiles(sheet, images, expected[:10, 0], columns=5, scale=3)

    # Defaults: 64 images on an 8x8 grid at scale 2.
    default_path = tmp_path / "default.png"
    run(tfrec, "preview", shards, "-o", default_path)
    _, _, sheet = read_image(default_path)
    width, height, *_ = sheet_geometry(8, 8, 2)
    assert sheet.shape == (height, width, 3)
    check_tiles(sheet, expected[:64, 1:].reshape(-1, SIDE, SIDE), expected[:64, 0], columns=8, scale=2)


def bytes_feature(value):
    return tf.train.Feature(bytes_list=tf.train.BytesList(value=[value]))


def encode_feature(pixels, encoding):
    image = np.uint8(pixels).reshape(SIDE, SIDE, 1)
    if encoding == "int64-bytes":
        return bytes_feature(np.int64(pixels).tobytes())
    if encoding == "uint8":
        return bytes_feature(image.tobytes())
    if encoding == "float32":
        return bytes_feature((image.astype(np.float32) / 255).tobytes())
    if encoding == "jpeg":
        return bytes_feature(tf.io.encode_jpeg(image).numpy())
    if encoding == "png":
        return bytes_feature(tf.io.encode_png(image).numpy())
    if encoding == "int64-list":
        return tf.train.Feature(int64_list=tf.train.Int64List(value=np.int64(pixels).tolist()))
    if encoding == "float-list":
        return tf.train.Feature(float_list=tf.train.FloatList(value=(image.reshape(-1) / 255).tolist()))
    raise ValueError(encoding)


@pytest.mark.parametrize("encoding", ["int64-bytes", "uint8", "float32", "jpeg", "png", "int64-list", "float-list"])
def test_preview_decodes_every_encoding_written_by_tensorflow(tfrec, expected, tmp_path, encoding):
    """No manifest: the encoding is inferred from the first record, and the note says so."""
    path = tmp_path / "data.tfrec"
    with tf.io.TFRecordWriter(str(path)) as writer:
        for row in expected[:8]:
            example = tf.train.Example(features=tf.train.Features(feature={
                "pixels": encode_feature(row[1:], encoding),
                "digit": tf.train.Feature(int64_list=tf.train.Int64List(value=[int(row[0])])),
            }))
            writer.write(example.SerializeToString())
    sheet_path = tmp_path / "sheet.png"
    result = run(tfrec, "preview", path, "-o", sheet_path, "--grid", "4x2", "--scale", 1,
                 "--image-key", "pixels", "--label-key", "digit")
    note = [line for line in result.stderr.splitlines() if "decoded as" in line]
    assert len(note) == 1 and f"decoded as {encoding} " in note[0] and "inferred" in note[0], result.stderr
    _, _, sheet = read_image(sheet_path)
    width, height, *_ = sheet_geometry(4, 2, 1)
    assert sheet.shape == (height, width, 3)
    images = expected[:8, 1:].reshape(-1, SIDE, SIDE)
    if encoding == "jpeg":
        images = [tf.io.decode_jpeg(encode_feature(row[1:], "jpeg").bytes_list.value[0],
                                  dct_method="INTEGER_ACCURATE").numpy()[:, :, 0]
                  for row in expected[:8]]
    check_tiles(sheet, images, expected[:8, 0], columns=4, scale=1, exact=encoding != "jpeg")

    # A declared encoding that does not fit the feature is an error, not garbage.
    wrong = "int64-list" if encoding != "int64-list" else "uint8"
    bad = run(tfrec, "preview", path, "-o", tmp_path / "bad.png", "--encoding", wrong, "--image-key", "pixels",
              check=False)
    assert bad.returncode == 1, bad.stderr


def test_preview_in_the_terminal(tfrec, small_csv, tmp_path):
    shards = tmp_path / "shards"
    run(tfrec, "convert", small_csv, "-o", shards, "--progress", "never")
    plain = run(tfrec, "preview", shards, "--terminal", "--count", 3, "--grid", "3x1")
    lines = plain.stdout.split("\n")
    assert len(lines) == SIDE // 2 + 1 + 1  # image lines, label line, final newline
    assert "\x1b" not in plain.stdout and "█" in plain.stdout
    assert len(lines[0]) == 3 * SIDE + 2 * 2
    labels = small_csv.read_text().splitlines()
    assert lines[SIDE // 2].split() == [line.split(",")[0] for line in labels[:3]]
    color = run(tfrec, "preview", shards, "--terminal", "--count", 2, "--color", "24bit")
    assert "\x1b[38;2;" in color.stdout and "▀" in color.stdout
    palette = run(tfrec, "preview", shards, "--terminal", "--count", 2, "--color", "256")
    assert "\x1b[38;5;" in palette.stdout
    assert not (tmp_path / "preview.png").exists()


def test_preview_errors(tfrec, small_csv, tmp_path):
    shards = tmp_path / "shards"
    run(tfrec, "convert", small_csv, "-o", shards, "--progress", "never")
    missing_key = run(tfrec, "preview", shards, "-o", tmp_path / "x.png", "--image-key", "nope", check=False)
    assert missing_key.returncode == 1 and "no feature 'nope'" in missing_key.stderr
    bad_shape = run(tfrec, "preview", shards, "-o", tmp_path / "x.png", "--shape", "20x20x1", check=False)
    assert bad_shape.returncode == 1 and "shape 20x20x1 holds 400 values, but the image holds 784" in bad_shape.stderr
    for options in (["--count", "0"], ["--grid", "0x3"], ["--scale", "0"], ["--encoding", "float64"]):
        result = run(tfrec, "preview", shards, "-o", tmp_path / "x.png", *options, check=False)
        assert result.returncode == 2, (options, result.stderr)
    nothing = run(tfrec, "preview", tmp_path / "nothing", check=False)
    assert nothing.returncode == 1


def rgb_csv(path, count=12, height=12, width=10):
    y, x = np.mgrid[0:height, 0:width]
    images = [np.stack([(x * 25 + k) % 256, (y * 20 + 3 * k) % 256, np.full_like(x, 128 + k)], axis=-1).astype(np.uint8)
              for k in range(count)]
    with open(path, "w") as f:
        for k, image in enumerate(images):
            f.write(",".join(map(str, [k % 10] + image.reshape(-1).tolist())) + "\n")
    return images


@pytest.mark.parametrize("options", [
    ["--encoding", "float32", "--normalize", "standardize", "--mean", "100,110,120", "--std", "50,60,70",
     "--layout", "chw"],
    ["--encoding", "float-list", "--normalize", "scale"],
    ["--encoding", "png"],
    ["--encoding", "uint8"],
], ids=["float32-standardize-chw", "float-list-scale", "png", "uint8"])
def test_preview_reads_what_convert_writes_for_rgb(tfrec, tmp_path, options):
    """The manifest's encoding, shape, layout and normalization are used: tiles show the
    original RGB pixels."""
    images = rgb_csv(tmp_path / "rgb.csv")
    shards = tmp_path / "shards"
    run(tfrec, "convert", tmp_path / "rgb.csv", "-o", shards, "--shape", "12x10x3", "--progress", "never", *options)
    sheet_path = tmp_path / "sheet.png"
    result = run(tfrec, "preview", shards, "-o", sheet_path, "--grid", "4x3", "--scale", 2)
    assert "from manifest.json" in result.stderr and "12x10x3" in result.stderr, result.stderr
    assert "clamped" not in result.stderr
    _, _, sheet = read_image(sheet_path)
    tile_w, tile_h, label_scale = 10 * 2, 12 * 2, 2
    cell_height = tile_h + LABEL_GAP + 7 * label_scale
    assert sheet.shape == (2 * MARGIN + 3 * cell_height + 2 * GAP, 2 * MARGIN + 4 * tile_w + 3 * GAP, 3)
    for index, image in enumerate(images):
        x0 = MARGIN + (index % 4) * (tile_w + GAP)
        y0 = MARGIN + (index // 4) * (cell_height + GAP)
        expected_tile = np.repeat(np.repeat(image, 2, axis=0), 2, axis=1)
        region = sheet[y0:y0 + tile_h, x0:x0 + tile_w]
        assert np.abs(region.astype(int) - expected_tile.astype(int)).max() <= 1, index
