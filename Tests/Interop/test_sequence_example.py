"""tfrec inspects and dumps tf.train.SequenceExample records written by TensorFlow itself.

`inspect` must name the kind of each file and describe the feature lists; `dump --format
jsonl` must give back exactly the values TensorFlow stored (int64 exactly, floats bit for bit
as float32, bytes byte for byte); csv and npy, which have no place for steps, exit 2.
"""
import json

import numpy as np
import pytest
import tensorflow as tf

from conftest import run

CLIPS = 5


def int64_feature(values):
    return tf.train.Feature(int64_list=tf.train.Int64List(value=values))


def float_feature(values):
    return tf.train.Feature(float_list=tf.train.FloatList(value=values))


def bytes_feature(values):
    return tf.train.Feature(bytes_list=tf.train.BytesList(value=values))


def clip(i):
    """Clip i: context of each kind, and i + 1 steps of int64, float and bytes lists."""
    steps = i + 1
    context = {
        "clip_id": int64_feature([i, -(2**63) + i, 2**63 - 1 - i]),
        "speed": float_feature([0.1 * (i + 1), -1e-38, 3.4e38]),
        "title": bytes_feature([f"clip «{i}» \"quoted\"\n".encode(), bytes([0xFF, 0x00, i])]),
    }
    lists = {
        "tokens": tf.train.FeatureList(feature=[int64_feature([t, -1000 * t, t * t]) for t in range(steps)]),
        "pose": tf.train.FeatureList(feature=[
            float_feature([t / 3, -0.0, 1 / 7, float("nan"), float("inf"), -float("inf"), 1e-45])
            for t in range(steps)]),
        "words": tf.train.FeatureList(feature=[bytes_feature([f"w{t}".encode(), "é".encode() * t])
                                               for t in range(steps)]),
        # A list whose steps vary in length: 0, 1, 2, ... values.
        "ragged": tf.train.FeatureList(feature=[int64_feature(list(range(t))) for t in range(steps)]),
    }
    return tf.train.SequenceExample(context=tf.train.Features(feature=context),
                                    feature_lists=tf.train.FeatureLists(feature_list=lists))


def write(path, messages):
    with tf.io.TFRecordWriter(str(path)) as writer:
        for message in messages:
            writer.write(message.SerializeToString())
    return path


def stored(path):
    """The records of a file as TensorFlow reads them back."""
    return [tf.train.SequenceExample.FromString(record.numpy()) for record in tf.data.TFRecordDataset(str(path))]


def as_python(feature):
    """A Feature's values as Python lists; floats as float32 arrays (compared by bits)."""
    kind = feature.WhichOneof("kind")
    if kind == "int64_list":
        return list(feature.int64_list.value)
    if kind == "float_list":
        return np.array(feature.float_list.value, dtype=np.float32)
    if kind == "bytes_list":
        return list(feature.bytes_list.value)
    return []


def from_json(values, like):
    """JSON values in the form as_python gives: floats to float32, bytes from str or [0..255]."""
    if isinstance(like, np.ndarray):
        return np.array(values, dtype=np.float32)
    if like and isinstance(like[0], bytes):
        return [v.encode("utf-8") if isinstance(v, str) else bytes(v) for v in values]
    return values


def same(a, b):
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and a.tobytes() == b.tobytes()
    return a == b and all(type(x) is type(y) for x, y in zip(a, b))


def check_dump_matches(lines, messages):
    assert len(lines) == len(messages)
    for line, message in zip(lines, messages):
        record = json.loads(line)
        assert set(record) == {"context", "feature_lists"}
        assert set(record["context"]) == set(message.context.feature)
        for key, feature in message.context.feature.items():
            want = as_python(feature)
            assert same(from_json(record["context"][key], want), want), (key, record["context"][key], want)
        assert set(record["feature_lists"]) == set(message.feature_lists.feature_list)
        for name, feature_list in message.feature_lists.feature_list.items():
            steps = record["feature_lists"][name]
            assert len(steps) == len(feature_list.feature), name
            for step, feature in zip(steps, feature_list.feature):
                want = as_python(feature)
                assert same(from_json(step, want), want), (name, step, want)


def table_rows(text, title):
    """The rows of the table under `title` in tfrec inspect's output, split on whitespace."""
    lines = text.splitlines()
    start = lines.index(title) + 2
    rows = []
    for line in lines[start:]:
        if not line.startswith("  "):
            break
        rows.append(line.split())
    return {row[0]: row[1:] for row in rows}


@pytest.fixture
def clips_file(tmp_path):
    return write(tmp_path / "clips.tfrecord", [clip(i) for i in range(CLIPS)])


def test_inspect_reports_the_kind_and_the_feature_lists(tfrec, clips_file):
    result = run(tfrec, "inspect", clips_file)
    assert f"  {clips_file}: {CLIPS} records, kind: SequenceExample" in result.stdout.splitlines(), result.stdout
    context = table_rows(result.stdout, "context (tf.train.SequenceExample):")
    # feature -> kind, present, values/record, ...
    assert context["clip_id"][:3] == ["int64_list", str(CLIPS), "3"], result.stdout
    assert context["speed"][:3] == ["float_list", str(CLIPS), "3"], result.stdout
    assert context["title"][:3] == ["bytes", str(CLIPS), "2"], result.stdout
    lists = table_rows(result.stdout, "feature lists (tf.train.SequenceExample):")
    # feature list -> kind, present, steps, values/step, bytes/value, min, max
    assert lists["tokens"] == ["int64_list", str(CLIPS), f"1-{CLIPS}", "3", "-", str(-1000 * (CLIPS - 1)),
                               str((CLIPS - 1) ** 2)], result.stdout
    assert lists["pose"][:4] == ["float_list", str(CLIPS), f"1-{CLIPS}", "7"], result.stdout
    assert lists["words"][:5] == ["bytes", str(CLIPS), f"1-{CLIPS}", "2", f"0-{2 * (CLIPS - 1)}"], result.stdout
    assert lists["ragged"][:4] == ["int64_list", str(CLIPS), f"1-{CLIPS}", f"0-{CLIPS - 1}"], result.stdout


def test_dump_jsonl_gives_exactly_the_values_tensorflow_wrote(tfrec, clips_file):
    result = run(tfrec, "dump", clips_file, "--format", "jsonl")
    lines = result.stdout.splitlines()
    # Against what TensorFlow reads back from the file ...
    check_dump_matches(lines, stored(clips_file))
    # ... and against the values this test put in, rounded to float32 as TensorFlow stores them.
    check_dump_matches(lines, [clip(i) for i in range(CLIPS)])
    first = json.loads(lines[0])
    assert first["context"]["title"] == ["clip «0» \"quoted\"\n", [255, 0, 0]]
    assert np.float32(first["context"]["speed"][0]) == np.float32(0.1)
    assert first["feature_lists"]["tokens"] == [[0, 0, 0]]


@pytest.mark.parametrize("format", ["csv", "npy"])
def test_dump_to_csv_or_npy_is_a_usage_error(tfrec, clips_file, tmp_path, format):
    result = run(tfrec, "dump", clips_file, "--format", format, "-o", tmp_path / f"out.{format}", check=False)
    assert result.returncode == 2, result.stderr
    assert f"{clips_file}: holds tf.train.SequenceExample records" in result.stderr, result.stderr
    assert "use --format jsonl" in result.stderr, result.stderr


def test_a_file_mixing_examples_and_sequence_examples(tfrec, tmp_path):
    """Examples among SequenceExamples are SequenceExamples with context only, as TensorFlow's
    own parser reads them: the file is a SequenceExample file and dumps in one shape."""
    example = tf.train.Example(features=tf.train.Features(feature={"clip_id": int64_feature([42]),
                                                                   "speed": float_feature([0.5])}))
    path = write(tmp_path / "mixed.tfrecord", [example, clip(1), example, clip(2)])
    inspect = run(tfrec, "inspect", path)
    assert f"  {path}: 4 records, kind: SequenceExample" in inspect.stdout.splitlines(), inspect.stdout
    lists = table_rows(inspect.stdout, "feature lists (tf.train.SequenceExample):")
    assert lists["tokens"][:3] == ["int64_list", "2", "2-3"], inspect.stdout
    lines = run(tfrec, "dump", path, "--format", "jsonl").stdout.splitlines()
    check_dump_matches(lines, stored(path))
    assert json.loads(lines[0]) == {"context": {"clip_id": [42], "speed": [0.5]}, "feature_lists": {}}
    # TensorFlow's SequenceExample parser agrees that the Example record has this context.
    context, _ = tf.io.parse_single_sequence_example(
        example.SerializeToString(),
        context_features={"clip_id": tf.io.FixedLenFeature([], tf.int64),
                          "speed": tf.io.FixedLenFeature([], tf.float32)})
    assert context["clip_id"].numpy() == 42 and context["speed"].numpy() == np.float32(0.5)


def test_an_example_file_is_reported_as_example(tfrec, tmp_path):
    examples = [tf.train.Example(features=tf.train.Features(feature={
        "image": bytes_feature([bytes(range(16))]), "label": int64_feature([i % 3])})) for i in range(6)]
    path = write(tmp_path / "examples.tfrecord", examples)
    result = run(tfrec, "inspect", path)
    assert f"  {path}: 6 records, kind: Example" in result.stdout.splitlines(), result.stdout
    assert "schema (tf.train.Example):" in result.stdout and "feature lists" not in result.stdout
