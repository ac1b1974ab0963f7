"""scripts/bench's ImageNet-style figures: `tfrec convert --schema imagenet` of a generated folder
against its I/O floor and against what build_imagenet_data.py does per image.

Usage:
  bench_imagenet.py generate ROOT [--images N] [--seed S] [--workers W]
      An ImageNet-like folder (Tests/Interop/imagenet_like.py) of at least N (5000) train
      images, no bad files, a few CMYK, one PNG, a few large, grayscale and progressive.
  bench_imagenet.py baseline TRAIN_DIR OUT --labels-file FILE [--threads T] [--shards S] [--resize N]
      The baseline: build_imagenet_data.py's per-image work (see `baseline` below) with one
      Python thread per core. Prints "after_imports WALL CPU images N" (seconds after its imports).
  bench_imagenet.py check OUT IMAGES
      Reads every record of OUT's train-* shards with TensorFlow and the imagenet feature spec,
      decodes every 25th image and compares its shape with image/height and image/width.
  bench_imagenet.py run TFREC ROOT OUT ROUNDS [--modes M,M,...] [--threads T]
      Rounds alternate the modes (tar script script_resize tfrec tfrec_full tfrec_max_side),
      each into a fresh OUT; the first round's output of every mode is checked (`check`). Prints
      "mode<TAB>best wall<TAB>median wall<TAB>best cpu<TAB>median cpu" in seconds, CPU being
      user+sys of the process and its children (os.wait4), then for the scripts the same figures
      from after their imports as "<mode>_after_imports", and "images<TAB>N".
"""
import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "Tests" / "Interop"))

MODES = ("tar", "script", "script_resize", "tfrec", "tfrec_full", "tfrec_max_side")
BENCH_VARIETY = {"cmyk": 4, "png": 1, "large": 4, "gray": 2, "progressive": 2}


def generate(args):
    from imagenet_like import make_imagenet_like

    classes = 10
    extras = sum(BENCH_VARIETY.values())
    per_class = -(-(args.images - extras) // classes)
    made = make_imagenet_like(args.root, classes=classes, per_class=per_class, val_per_class=0, special=False,
                              seed=args.seed, variety=BENCH_VARIETY, boxes_every=10 ** 9, workers=args.workers)
    good = made.good()
    size = sum(f.path.stat().st_size for f in good)
    print(f"images\t{len(good)}\nbytes\t{size}")


# ---------------------------------------------------------------- the baseline


def baseline(args):
    """build_imagenet_data.py's work per image, in TensorFlow 2 (eager ops in place of its
    ImageCoder's session; same ops and qualities):

    - PNG -> decode_png, encode_jpeg quality 100; CMYK -> decode_jpeg(channels=0), encode_jpeg
      format 'rgb' quality 100 (the script finds both by a hard-coded list of names; here by content);
    - decode_jpeg(channels=3) of every image for its height and width, 3 channels checked;
    - with --resize N (not in the script: what one adds to store smaller images), when the longer
      side exceeds N, tf.image.resize(antialias=True) to round(side * N / longer side) and
      encode_jpeg quality 90;
    - a tf.train.Example of the imagenet keys (empty box lists, as for images without boxes),
      tf.io.TFRecordWriter; file names shuffled with seed 12345; one Python thread per core, each
      writing its range of the images to shards/threads shards.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf

    start, usage = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
    order, texts = [], {}
    for line in open(args.labels_file):
        synset, _, text = line.strip().partition(" ")
        order.append(synset)
        texts[synset] = text.strip() or synset
    label_of = {s: i + 1 for i, s in enumerate(order)}
    files = []
    for synset in sorted(os.listdir(args.train)):
        for name in sorted(os.listdir(os.path.join(args.train, synset))):
            files.append((os.path.join(args.train, synset, name), synset))
    random.Random(12345).shuffle(files)
    threads = args.threads or os.cpu_count()
    shards = args.shards or 2 * threads
    assert shards % threads == 0, "shards must be a multiple of threads, as in build_imagenet_data.py"
    os.makedirs(args.out, exist_ok=True)

    def components(data):
        i = 2
        while i + 9 < len(data) and data[i] == 0xFF:
            marker = data[i + 1]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                return data[i + 9]
            i += 2 + int.from_bytes(data[i + 2:i + 4], "big")
        return None

    def feature(kind, value):
        if kind == "bytes":
            return tf.train.Feature(bytes_list=tf.train.BytesList(value=value))
        if kind == "int":
            return tf.train.Feature(int64_list=tf.train.Int64List(value=value))
        return tf.train.Feature(float_list=tf.train.FloatList(value=value))

    def process(path):
        with open(path, "rb") as f:
            data = f.read()
        if data[:8] == b"\x89PNG\r\n\x1a\n":
            data = tf.io.encode_jpeg(tf.io.decode_png(data, channels=3), format="rgb", quality=100).numpy()
        elif components(data) == 4:
            data = tf.io.encode_jpeg(tf.io.decode_jpeg(data, channels=0), format="rgb", quality=100).numpy()
        image = tf.io.decode_jpeg(data, channels=3)
        height, width, channels = image.shape
        assert channels == 3
        if args.resize and max(height, width) > args.resize:
            longer = max(height, width)
            height, width = (max(1, (2 * v * args.resize + longer) // (2 * longer)) for v in (height, width))
            resized = tf.image.resize(image, (height, width), antialias=True)
            pixels = tf.cast(tf.clip_by_value(tf.round(resized), 0, 255), tf.uint8)
            data = tf.io.encode_jpeg(pixels, quality=90).numpy()
        return data, height, width

    def work(thread):
        per_thread = shards // threads
        lo, hi = len(files) * thread // threads, len(files) * (thread + 1) // threads
        for k in range(per_thread):
            shard = thread * per_thread + k
            name = os.path.join(args.out, f"train-{shard:05d}-of-{shards:05d}")
            a, b = lo + (hi - lo) * k // per_thread, lo + (hi - lo) * (k + 1) // per_thread
            with tf.io.TFRecordWriter(name) as writer:
                for path, synset in files[a:b]:
                    data, height, width = process(path)
                    label = label_of[synset]
                    example = tf.train.Example(features=tf.train.Features(feature={
                        "image/height": feature("int", [height]),
                        "image/width": feature("int", [width]),
                        "image/colorspace": feature("bytes", [b"RGB"]),
                        "image/channels": feature("int", [3]),
                        "image/class/label": feature("int", [label]),
                        "image/class/synset": feature("bytes", [synset.encode()]),
                        "image/class/text": feature("bytes", [texts[synset].encode()]),
                        "image/object/bbox/xmin": feature("float", []),
                        "image/object/bbox/xmax": feature("float", []),
                        "image/object/bbox/ymin": feature("float", []),
                        "image/object/bbox/ymax": feature("float", []),
                        "image/object/bbox/label": feature("int", []),
                        "image/format": feature("bytes", [b"JPEG"]),
                        "image/filename": feature("bytes", [os.path.basename(path).encode()]),
                        "image/encoded": feature("bytes", [data]),
                    }))
                    writer.write(example.SerializeToString())

    workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    end = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (end.ru_utime - usage.ru_utime) + (end.ru_stime - usage.ru_stime)
    print(f"after_imports {time.perf_counter() - start:.4f} {cpu:.4f} images {len(files)}")


# ---------------------------------------------------------------- checks and the timed rounds


def check(args):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf

    paths = sorted(str(p) for p in Path(args.out).iterdir() if p.name.startswith("train-"))
    assert paths, f"no train-* shards in {args.out}"
    spec = {
        "image/encoded": tf.io.FixedLenFeature([], tf.string),
        "image/height": tf.io.FixedLenFeature([], tf.int64),
        "image/width": tf.io.FixedLenFeature([], tf.int64),
        "image/class/label": tf.io.FixedLenFeature([], tf.int64),
        "image/class/synset": tf.io.FixedLenFeature([], tf.string),
        "image/format": tf.io.FixedLenFeature([], tf.string),
    }
    count = 0
    for record in tf.data.TFRecordDataset(paths).map(lambda r: tf.io.parse_single_example(r, spec)):
        assert record["image/format"].numpy() == b"JPEG" and record["image/class/label"].numpy() >= 1
        if count % 25 == 0:
            shape = tf.io.decode_jpeg(record["image/encoded"], channels=3).shape
            assert shape == (record["image/height"].numpy(), record["image/width"].numpy(), 3), shape
        count += 1
    assert count == args.images, (count, args.images)
    print(f"records\t{count}")


def timed(command, shell=False):
    """Runs a command; returns (wall, cpu of it and its children, stdout). Its stderr goes to a
    temporary file, so that neither pipe can fill while the other is read."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, shell=shell, stdout=subprocess.PIPE, stderr=err,
                                   executable="/bin/bash" if shell else None)
        out = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.stdout.close()
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            err.seek(0)
            raise SystemExit(f"failed ({code}): {command}\n{err.read().decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, out.decode()


def run(args):
    root, out = Path(args.root), Path(args.out)
    train, labels = root / "train", root / "synsets.txt"
    images = sum(1 for d in train.iterdir() for _ in d.iterdir())
    threads = args.threads or os.cpu_count()
    shards = 2 * threads
    python = [sys.executable, str(Path(__file__).resolve())]
    tfrec = [args.tfrec, "convert", str(train), "-o", str(out), "--schema", "imagenet", "--labels-file", str(labels),
             "--shards", str(shards), "--threads", str(threads), "--progress", "never"]
    commands = {
        "tar": (f"tar cf - {train} | wc -c", True),
        "script": (python + ["baseline", str(train), str(out), "--labels-file", str(labels), "--threads", str(threads),
                             "--shards", str(shards)], False),
        "script_resize": (python + ["baseline", str(train), str(out), "--labels-file", str(labels), "--threads",
                                    str(threads), "--shards", str(shards), "--resize", "256"], False),
        "tfrec": (tfrec, False),
        "tfrec_full": (tfrec + ["--verify-images", "full"], False),
        "tfrec_max_side": (tfrec + ["--max-side", "256"], False),
    }
    modes = args.modes.split(",")
    samples = {m: [] for m in modes}
    after = {m: [] for m in modes if m.startswith("script")}
    for round_index in range(args.rounds):
        for mode in modes:
            shutil.rmtree(out, ignore_errors=True)
            os.sync()
            command, shell = commands[mode]
            wall, cpu, stdout = timed(command, shell)
            samples[mode].append((wall, cpu))
            if mode in after:
                fields = stdout.split()
                after[mode].append((float(fields[1]), float(fields[2])))
            if round_index == 0 and mode != "tar":
                timed(python + ["check", str(out), str(images)])
    shutil.rmtree(out, ignore_errors=True)

    def line(name, values):
        walls, cpus = [v[0] for v in values], [v[1] for v in values]
        figures = (min(walls), statistics.median(walls), min(cpus), statistics.median(cpus))
        print(name + "".join(f"\t{v:.4f}" for v in figures))

    for mode in modes:
        line(mode, samples[mode])
    for mode, values in after.items():
        line(f"{mode}_after_imports", values)
    print(f"images\t{images}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("generate")
    p.add_argument("root")
    p.add_argument("--images", type=int, default=5000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--workers", type=int, default=os.cpu_count())
    p.set_defaults(func=generate)
    p = sub.add_parser("baseline")
    p.add_argument("train")
    p.add_argument("out")
    p.add_argument("--labels-file", required=True)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--shards", type=int, default=0)
    p.add_argument("--resize", type=int, default=0)
    p.set_defaults(func=baseline)
    p = sub.add_parser("check")
    p.add_argument("out")
    p.add_argument("images", type=int)
    p.set_defaults(func=check)
    p = sub.add_parser("run")
    p.add_argument("tfrec")
    p.add_argument("root")
    p.add_argument("out")
    p.add_argument("rounds", type=int)
    p.add_argument("--modes", default=",".join(MODES))
    p.add_argument("--threads", type=int, default=0)
    p.set_defaults(func=run)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
