"""A seeded generator of an ImageNet-like folder, and the ground truth of every file in it.

Used by test_imagenet.py and by scripts/lib/bench_imagenet.py. The layout is ILSVRC2012's:

    root/train/<synset>/<synset>_<n>.JPEG       class folders
    root/val/ILSVRC2012_val_%08d.JPEG           flat
    root/val_labels.txt                         one synset a line, in sorted file-name order
                                                (imagenet_2012_validation_synset_labels.txt)
    root/LOC_val_solution.csv                   ImageId,PredictionString ("synset xmin ymin xmax ymax ...")
    root/synsets.txt                            "n01440764 tench, Tinca tinca" (LOC_synset_mapping.txt);
                                                its line order is the label order, and it is *not* the
                                                sorted order, so that a converter numbering sorted folder
                                                names instead is caught
    root/bboxes/<synset>/<stem>.xml             Pascal VOC boxes of some train images (pixels; some
    root/bboxes/val/<stem>.xml                  reach outside the image, to exercise clamping)

Content: textured JPEGs (gradients, shapes and noise; ~50-120 KB at quality 90 for 500x375),
mostly 500x375 and 375x500, and, as asked for by `variety`, large ones (up to 2500 px a side),
small ones (256 px or less), grayscale, progressive, CMYK (Pillow: Adobe marker, transform 0),
YCCK (TurboJPEG's tjCompress2 of TJPF_CMYK pixels: Adobe marker, transform 2), and a PNG and a GIF
named .JPEG. With special=True also files that must fail: a truncated JPEG (no EOI), an empty
file and a gzip file, all named .JPEG.

Everything depends on the seed only (each file has its own generator seeded with (seed, index)),
so the files are the same for any number of workers.
"""
from __future__ import annotations

import ctypes
import gzip
import io
import os
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path

import numpy as np
from PIL import Image

TURBOJPEG = "/usr/lib/x86_64-linux-gnu/libturbojpeg.so.0"

# A few real ILSVRC2012 classes (LOC_synset_mapping.txt), then synthetic ones.
KNOWN_SYNSETS = [
    ("n01440764", "tench, Tinca tinca"),
    ("n01443537", "goldfish, Carassius auratus"),
    ("n01484850", "great white shark, white shark, man-eater, man-eating shark, Carcharodon carcharias"),
    ("n01491361", "tiger shark, Galeocerdo cuvieri"),
    ("n01494475", "hammerhead, hammerhead shark"),
    ("n01496331", "electric ray, crampfish, numbfish, torpedo"),
    ("n01498041", "stingray"),
    ("n01514668", "cock"),
    ("n01514859", "hen"),
    ("n01518878", "ostrich, Struthio camelus"),
]

# Kinds of file. "jpeg": plain baseline RGB.
GOOD_KINDS = ("jpeg", "large", "small", "gray", "progressive", "cmyk", "ycck", "png", "gif")
BAD_KINDS = ("truncated", "empty", "gzip")
# What a converter must do with each good kind: keep the bytes, convert CMYK/YCCK to RGB, or
# re-encode another format as JPEG.
ACTIONS = {"jpeg": "pass", "large": "pass", "small": "pass", "gray": "pass", "progressive": "pass",
           "cmyk": "color", "ycck": "color", "png": "reencode", "gif": "reencode"}
DEFAULT_VARIETY = {"large": 2, "small": 2, "gray": 1, "progressive": 1, "cmyk": 1, "ycck": 1, "png": 1, "gif": 1}


@dataclass
class ImageTruth:
    """What one generated file is and what a converter must make of it."""
    path: Path
    split: str                 # "train" or "validation"
    synset: str
    text: str
    label: int                 # 1-based, line number in synsets.txt
    kind: str                  # one of GOOD_KINDS or BAD_KINDS
    width: int | None          # of the source image; None for files that are not images
    height: int | None
    boxes_px: list = field(default_factory=list)   # [(xmin, ymin, xmax, ymax)] as written to the XML
    boxes: list = field(default_factory=list)      # relative, clamped as process_bounding_boxes.py does

    @property
    def name(self):
        return self.path.name

    @property
    def fails(self):
        return self.kind in BAD_KINDS

    @property
    def action(self):
        return ACTIONS.get(self.kind)


@dataclass
class ImageNetLike:
    root: Path
    synsets: list              # in label order (synsets.txt line order)
    texts: dict                # synset -> text
    files: list                # ImageTruth, train then validation, in generation order

    @property
    def train(self):
        return self.root / "train"

    @property
    def val(self):
        return self.root / "val"

    @property
    def labels_file(self):
        return self.root / "synsets.txt"

    @property
    def val_labels(self):
        return self.root / "val_labels.txt"

    @property
    def val_solution(self):
        return self.root / "LOC_val_solution.csv"

    @property
    def bboxes(self):
        return self.root / "bboxes"

    def by_name(self):
        return {f.name: f for f in self.files}

    def good(self, split="train"):
        return [f for f in self.files if f.split == split and not f.fails]

    def bad(self, split="train"):
        return [f for f in self.files if f.split == split and f.fails]


def synset_list(classes):
    """(synset, text) of `classes` classes: the known ones first, then synthetic ones."""
    pairs = list(KNOWN_SYNSETS[:classes])
    for i in range(len(pairs), classes):
        pairs.append((f"n{2000000 + 7919 * i:08d}", f"synthetic class {i}, class number {i}"))
    return pairs


_GRAIN_TILE = 512
_grain_bank = None


def grain(rng, height, width):
    """Unit Gaussian noise of (height, width): a window at a seeded offset into a fixed bank (a
    512x512 tile repeated), much faster than drawing every value."""
    global _grain_bank
    if _grain_bank is None:
        tile = np.random.default_rng(12345).standard_normal((_GRAIN_TILE, _GRAIN_TILE), dtype=np.float32)
        _grain_bank = np.tile(tile, (6, 6))
    oy, ox = (int(v) for v in rng.integers(0, _GRAIN_TILE, 2))
    if height + oy <= _grain_bank.shape[0] and width + ox <= _grain_bank.shape[1]:
        return _grain_bank[oy:oy + height, ox:ox + width]
    reps = (-(-(height + oy) // _grain_bank.shape[0]), -(-(width + ox) // _grain_bank.shape[1]))
    return np.tile(_grain_bank, reps)[oy:oy + height, ox:ox + width]


def textured_rgb(rng, height, width):
    """Gradients, a few shapes and noise: ~50-120 KB at quality 90 for 500x375 (~10 ms)."""
    y = np.linspace(0, 1, height, dtype=np.float32)[:, None, None]
    x = np.linspace(0, 1, width, dtype=np.float32)[None, :, None]
    a, b, c = (rng.uniform(-1, 1, 3).astype(np.float32) * s for s in (60, 120, 120))
    image = (128 + a) + b * x + c * y  # (height, width, 3)
    for _ in range(int(rng.integers(3, 7))):
        color = rng.uniform(0, 255, 3).astype(np.float32)
        cy, cx = rng.uniform(0, height), rng.uniform(0, width)
        r = rng.uniform(0.05, 0.3) * min(height, width)
        rx = r if rng.random() < 0.5 else r * rng.uniform(0.5, 2)
        y0, y1 = int(max(0, cy - r)), int(min(height, cy + r + 1))
        x0, x1 = int(max(0, cx - rx)), int(min(width, cx + rx + 1))
        if y0 >= y1 or x0 >= x1:
            continue
        yy = np.arange(y0, y1, dtype=np.float32)[:, None] - cy
        xx = np.arange(x0, x1, dtype=np.float32)[None, :] - cx
        mask = (yy * yy + xx * xx < r * r) if rx == r else (np.abs(yy) < r) & (np.abs(xx) < rx)
        region = image[y0:y1, x0:x1]
        region[...] = np.where(mask[:, :, None], 0.35 * region + 0.65 * color, region)
    # Smooth blotches (noise on a grid of ~64 cells along the long side, bilinearly upsampled, so
    # that a large image looks like an enlarged small one) and fine grain, mostly in luminance as
    # in photographs.
    cell = max(height, width) / 64
    grid = (max(2, round(width / cell)), max(2, round(height / cell)))
    for channel in range(3):
        coarse = rng.standard_normal(grid[::-1], dtype=np.float32) * 22
        image[:, :, channel] += np.asarray(Image.fromarray(coarse, "F").resize((width, height), Image.BILINEAR))
    image += 7 * grain(rng, height, width)[:, :, None]
    for channel in range(3):
        image[:, :, channel] += 2 * grain(rng, height, width)
    return np.clip(image, 0, 255).astype(np.uint8)


def rgb_to_inverted_cmyk(rgb):
    """CMYK as Adobe stores it (inverted: 255 = no ink) such that TensorFlow's decode_jpeg of an
    Adobe-marked CMYK/YCCK file (r = c * k / 255) gives back about `rgb`."""
    rgb = rgb.astype(np.float32)
    k = rgb.max(axis=-1, keepdims=True)
    cmy = np.where(k > 0, rgb * 255 / np.maximum(k, 1), 0)
    return np.clip(np.round(np.concatenate([cmy, k], axis=-1)), 0, 255).astype(np.uint8)


def ycck_jpeg(rgb, quality=90):
    """A YCCK JPEG of `rgb`: tjCompress2 of TJPF_CMYK pixels writes YCCK (Adobe transform 2)."""
    tj = ctypes.CDLL(TURBOJPEG)
    tj.tjInitCompress.restype = ctypes.c_void_p
    tj.tjCompress2.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                               ctypes.c_int, ctypes.POINTER(ctypes.POINTER(ctypes.c_ubyte)),
                               ctypes.POINTER(ctypes.c_ulong), ctypes.c_int, ctypes.c_int, ctypes.c_int]
    tj.tjFree.argtypes = [ctypes.c_void_p]
    tj.tjDestroy.argtypes = [ctypes.c_void_p]
    cmyk = np.ascontiguousarray(rgb_to_inverted_cmyk(rgb))
    height, width = cmyk.shape[:2]
    handle = tj.tjInitCompress()
    buffer, size = ctypes.POINTER(ctypes.c_ubyte)(), ctypes.c_ulong(0)
    TJPF_CMYK, TJSAMP_420 = 11, 2
    try:
        rc = tj.tjCompress2(handle, cmyk.ctypes.data, width, width * 4, height, TJPF_CMYK, ctypes.byref(buffer),
                            ctypes.byref(size), TJSAMP_420, quality, 0)
        assert rc == 0, "tjCompress2 failed"
        return ctypes.string_at(buffer, size.value)
    finally:
        if buffer:
            tj.tjFree(buffer)
        tj.tjDestroy(handle)


def adobe_transform(data):
    """The transform byte of a JPEG's Adobe APP14 marker (0 none/CMYK, 1 YCbCr, 2 YCCK), or None."""
    i = 2
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker, length = data[i + 1], int.from_bytes(data[i + 2:i + 4], "big")
        if marker == 0xEE and data[i + 4:i + 9] == b"Adobe":
            return data[i + 4 + 11]
        if marker == 0xDA:
            return None
        i += 2 + length
    return None


def jpeg_components(data):
    """The component count of a JPEG's SOF marker, or None."""
    i = 2
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker, length = data[i + 1], int.from_bytes(data[i + 2:i + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return data[i + 9]
        if marker == 0xDA:
            return None
        i += 2 + length
    return None


def encode(kind, rgb, quality=90):
    """The bytes of a file of `kind` holding `rgb`."""
    out = io.BytesIO()
    if kind in ("jpeg", "large", "small", "truncated"):
        Image.fromarray(rgb).save(out, "JPEG", quality=quality)
    elif kind == "gray":
        Image.fromarray(rgb).convert("L").save(out, "JPEG", quality=quality)
    elif kind == "progressive":
        Image.fromarray(rgb).save(out, "JPEG", quality=quality, progressive=True)
    elif kind == "cmyk":
        # Pillow's CMYK mode is ink (255 = full); it writes inverted values and an Adobe marker.
        Image.fromarray(255 - rgb_to_inverted_cmyk(rgb), "CMYK").save(out, "JPEG", quality=quality)
    elif kind == "ycck":
        return ycck_jpeg(rgb, quality)
    elif kind == "png":
        Image.fromarray(rgb).save(out, "PNG", compress_level=1)
    elif kind == "gif":
        Image.fromarray(rgb).quantize(64).save(out, "GIF")
    elif kind == "empty":
        return b""
    elif kind == "gzip":
        return gzip.compress(b"not an image, " * 500, mtime=0)
    else:
        raise ValueError(kind)
    data = out.getvalue()
    if kind == "truncated":
        data = data[:len(data) * 2 // 3]
    return data


def corrupt_scan(data, seed=0):
    """A copy of a baseline JPEG whose header and EOI are intact but whose entropy-coded data is
    garbled in the middle, such that TurboJPEG's full decode reports an error or warning.

    Bytes in the middle of the scan are replaced by seeded random bytes (0xFF avoided so that no
    marker appears); the first variant TurboJPEG rejects is returned. libjpeg-turbo reports such
    damage as a warning, not a fatal error ("Corrupt JPEG data: N extraneous bytes before marker
    0xd9"): tjDecompress2 returns -1 with tjGetErrorCode() == TJERR_WARNING, while TensorFlow's
    decode_jpeg and Pillow decode the file without complaint.
    """
    scan = data.index(b"\xff\xda")
    start = scan + 2 + int.from_bytes(data[scan + 2:scan + 4], "big")
    end = len(data) - 2
    assert data[end:] == b"\xff\xd9"
    rng = np.random.default_rng(seed)
    for attempt in range(50):
        middle = (start + end) // 2 + attempt * 97 % max(1, (end - start) // 3)
        junk = rng.integers(0, 255, 256, dtype=np.uint8).tobytes()
        bad = data[:middle] + junk + data[middle + 256:]
        if turbojpeg_decode_fails(bad):
            return bad
    raise AssertionError("no corruption that TurboJPEG notices")


def turbojpeg_decode_fails(data):
    """True when TurboJPEG reads the header but tjDecompress2 reports an error or a warning."""
    tj = ctypes.CDLL(TURBOJPEG)
    tj.tjInitDecompress.restype = ctypes.c_void_p
    tj.tjDestroy.argtypes = [ctypes.c_void_p]
    tj.tjDecompressHeader3.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_ulong] + [
        ctypes.POINTER(ctypes.c_int)] * 4
    tj.tjDecompress2.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_int,
                                 ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int]
    handle = tj.tjInitDecompress()
    try:
        w, h, sub, cs = (ctypes.c_int() for _ in range(4))
        if tj.tjDecompressHeader3(handle, data, len(data), *(ctypes.byref(v) for v in (w, h, sub, cs))) != 0:
            return False
        # TJPF_RGB (0); CMYK and YCCK files only decode to TJPF_CMYK (11).
        four = jpeg_components(data) == 4
        pixels = np.empty((h.value, w.value, 4 if four else 3), np.uint8)
        return tj.tjDecompress2(handle, data, len(data), pixels.ctypes.data, w.value, 0, h.value,
                                11 if four else 0, 0) != 0
    finally:
        tj.tjDestroy(handle)


def clamp_box(box, width, height):
    """process_bounding_boxes.py's ProcessXMLAnnotation: relative to the XML's size, ordered, clamped to [0, 1],
    then written with '%.4f' into the CSV that build_imagenet_data.py reads back."""
    xmin, ymin, xmax, ymax = box
    x0, x1 = sorted((xmin / width, xmax / width))
    y0, y1 = sorted((ymin / height, ymax / height))
    return tuple(float("%.4f" % min(max(v, 0.0), 1.0)) for v in (x0, y0, x1, y1))


def voc_xml(stem, synset, width, height, boxes):
    objects = "".join(
        f"\t<object>\n\t\t<name>{synset}</name>\n\t\t<pose>Unspecified</pose>\n\t\t<truncated>0</truncated>\n"
        f"\t\t<difficult>0</difficult>\n\t\t<bndbox>\n\t\t\t<xmin>{x0}</xmin>\n\t\t\t<ymin>{y0}</ymin>\n"
        f"\t\t\t<xmax>{x1}</xmax>\n\t\t\t<ymax>{y1}</ymax>\n\t\t</bndbox>\n\t</object>\n"
        for x0, y0, x1, y1 in boxes)
    return (f"<annotation>\n\t<folder>{synset}</folder>\n\t<filename>{stem}</filename>\n"
            f"\t<source>\n\t\t<database>ImageNet database</database>\n\t</source>\n"
            f"\t<size>\n\t\t<width>{width}</width>\n\t\t<height>{height}</height>\n\t\t<depth>3</depth>\n\t</size>\n"
            f"\t<segmented>0</segmented>\n{objects}</annotation>\n")


def random_boxes(rng, width, height, outside):
    """1-2 boxes in pixels; with `outside`, the first reaches a few pixels past two edges."""
    boxes = []
    for i in range(int(rng.integers(1, 3))):
        x0 = int(rng.integers(0, width // 2))
        y0 = int(rng.integers(0, height // 2))
        x1 = int(rng.integers(x0 + 10, width))
        y1 = int(rng.integers(y0 + 10, height))
        if outside and i == 0:
            x0, y1 = -int(rng.integers(1, 8)), height + int(rng.integers(1, 8))
        boxes.append((x0, y0, x1, y1))
    return boxes


def size_of(kind, rng, large_side):
    if kind == "large":
        long_side = int(rng.integers(large_side * 3 // 4, large_side + 1))
        short_side = int(long_side * rng.uniform(0.55, 0.8))
    elif kind == "small":
        long_side = int(rng.integers(120, 257))
        short_side = int(long_side * rng.uniform(0.6, 0.9))
    else:
        long_side, short_side = 500, 375
    return (long_side, short_side) if rng.random() < 0.6 else (short_side, long_side)


def _write_one(job):
    """Writes one file; returns (index, width, height, boxes_px)."""
    index, seed, path, kind, synset, box_dir, outside, large_side = job
    rng = np.random.default_rng([seed, index])
    width = height = None
    boxes = []
    if kind in BAD_KINDS and kind != "truncated":
        data = encode(kind, None)
    else:
        width, height = size_of(kind, rng, large_side)
        data = encode(kind, textured_rgb(rng, height, width))
        if box_dir is not None and kind not in BAD_KINDS:
            boxes = random_boxes(rng, width, height, outside)
            stem = Path(path).stem
            Path(box_dir).mkdir(parents=True, exist_ok=True)
            (Path(box_dir) / f"{stem}.xml").write_text(voc_xml(stem, synset, width, height, boxes))
    Path(path).write_bytes(data)
    if kind == "truncated":
        width = height = None
    return index, width, height, boxes


def make_imagenet_like(root, classes=4, per_class=6, val_per_class=2, special=True, seed=0, variety=None,
                       large_side=2500, boxes_every=2, workers=1):
    """Writes an ImageNet-like folder under `root` and returns its ImageNetLike ground truth.

    - Parameters:
      - classes, per_class: class folders under train/ and plain JPEGs in each.
      - val_per_class: flat validation images per class (plain JPEGs, every one with boxes).
      - special: add the files that must fail (truncated, empty, gzip), one each, in train/.
      - variety: {kind: count} of extra train files of the other kinds (DEFAULT_VARIETY when None;
        {} for none), spread over the classes.
      - boxes_every: train images with index % boxes_every == 0 get a Pascal VOC file.
      - workers: processes that write the files (the output does not depend on it).
    """
    root = Path(root)
    pairs = synset_list(classes)
    texts = dict(pairs)
    sorted_synsets = [s for s, _ in pairs]
    # Label order: a fixed permutation of the sorted names (reversed halves), never the sorted order
    # when there are 2 classes or more.
    half = (classes + 1) // 2
    order = sorted_synsets[half:][::-1] + sorted_synsets[:half]
    label_of = {s: i + 1 for i, s in enumerate(order)}
    (root / "train").mkdir(parents=True, exist_ok=True)
    (root / "val").mkdir(parents=True, exist_ok=True)
    (root / "synsets.txt").write_text("".join(f"{s} {texts[s]}\n" for s in order))

    variety = DEFAULT_VARIETY if variety is None else variety
    extra = [kind for kind in GOOD_KINDS if kind != "jpeg" for _ in range(variety.get(kind, 0))]
    if special:
        extra += list(BAD_KINDS)
    plan = []  # (split, synset, kind, path, box_dir)
    counters = {s: 0 for s in sorted_synsets}
    for c, synset in enumerate(sorted_synsets):
        for _ in range(per_class):
            plan.append(("train", synset, "jpeg"))
    for j, kind in enumerate(extra):
        plan.append(("train", sorted_synsets[j % classes], kind))
    jobs, files = [], []
    for index, (split, synset, kind) in enumerate(plan):
        counters[synset] += 1
        path = root / "train" / synset / f"{synset}_{counters[synset]}.JPEG"
        path.parent.mkdir(exist_ok=True)
        with_boxes = index % boxes_every == 0 and kind not in BAD_KINDS
        box_dir = str(root / "bboxes" / synset) if with_boxes else None
        jobs.append((index, seed, str(path), kind, synset, box_dir, index % (2 * boxes_every) == 0, large_side))
        files.append(ImageTruth(path, split, synset, texts[synset], label_of[synset], kind, None, None))
    # Validation: flat, numbered 1.., synsets interleaved so that sorted order is not class order.
    val_count = val_per_class * classes
    for v in range(val_count):
        synset = sorted_synsets[(v * 3 + 1) % classes] if classes > 1 else sorted_synsets[0]
        path = root / "val" / f"ILSVRC2012_val_{v + 1:08d}.JPEG"
        index = len(jobs)
        jobs.append((index, seed, str(path), "jpeg", synset, str(root / "bboxes" / "val"), v % 2 == 0, large_side))
        files.append(ImageTruth(path, "validation", synset, texts[synset], label_of[synset], "jpeg", None, None))

    if workers > 1:
        with Pool(workers) as pool:
            results = pool.map(_write_one, jobs, chunksize=16)
    else:
        results = [_write_one(job) for job in jobs]
    for index, width, height, boxes in results:
        truth = files[index]
        truth.width, truth.height, truth.boxes_px = width, height, boxes
        truth.boxes = [clamp_box(b, width, height) for b in boxes]

    val = sorted((f for f in files if f.split == "validation"), key=lambda f: f.name)
    (root / "val_labels.txt").write_text("".join(f"{f.synset}\n" for f in val))
    with open(root / "LOC_val_solution.csv", "w") as csv:
        csv.write("ImageId,PredictionString\n")
        for f in val:
            boxes = f.boxes_px or [(0, 0, f.width - 1, f.height - 1)]
            csv.write(f"{f.path.stem}," + " ".join(f"{f.synset} {x0} {y0} {x1} {y1}" for x0, y0, x1, y1 in boxes)
                      + " \n")
    return ImageNetLike(root, order, texts, files)


if __name__ == "__main__":
    import argparse
    import json

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root")
    parser.add_argument("--classes", type=int, default=4)
    parser.add_argument("--per-class", type=int, default=6)
    parser.add_argument("--val-per-class", type=int, default=2)
    parser.add_argument("--no-special", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--variety", default=None, help='JSON, e.g. {"cmyk": 4, "png": 1}')
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    args = parser.parse_args()
    made = make_imagenet_like(args.root, args.classes, args.per_class, args.val_per_class, not args.no_special,
                              args.seed, None if args.variety is None else json.loads(args.variety),
                              workers=args.workers)
    print(f"{len(made.files)} files, {len(made.good())} good train, {len(made.bad())} bad, "
          f"{len(made.good('validation'))} validation")
