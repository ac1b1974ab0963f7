"""The TensorFlow baseline of `tfrec verify`: read every record of the shards in a directory
with tf.data.TFRecordDataset (which checks both CRCs of every record) and parse each with
tf.io.parse_single_example, the way a training input pipeline would.

Usage: tf_read_parse.py DIRECTORY
Prints the records parsed and the seconds spent after the imports, as
`records N after_imports S`; time the whole process from outside.
"""
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402

start = time.perf_counter()
directory = sys.argv[1]
files = sorted(
    os.path.join(directory, name)
    for name in os.listdir(directory)
    if ".tfrec" in name and not name.startswith(".") and not name.endswith(".idx")
)
features = {
    "image": tf.io.FixedLenFeature([], tf.string),
    "label": tf.io.FixedLenFeature([], tf.int64),
}
dataset = tf.data.TFRecordDataset(files).map(lambda x: tf.io.parse_single_example(x, features))
records = 0
for _ in dataset:
    records += 1
print(f"records {records} after_imports {time.perf_counter() - start:.3f}")
