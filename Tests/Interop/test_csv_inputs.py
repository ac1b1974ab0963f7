"""Several CSV inputs and --shuffle, read back by TensorFlow: the rows come out in the files'
order, or (shuffled) as the same multiset of rows in another order."""
import json
import os

import numpy as np
import pandas as pd

from conftest import run
from test_tensorflow_reads_tfrec import ENCODINGS, read_with_tensorflow


def split(csv, directory, sizes):
    """Writes the rows of `csv` into part files of the given row counts; returns their paths."""
    rows = pd.read_csv(csv, header=None)
    paths, start = [], 0
    for i, size in enumerate(sizes):
        path = directory / f"part-{i}.csv"
        rows.iloc[start:start + size].to_csv(path, header=False, index=False)
        paths.append(path)
        start += size
    assert start == len(rows)
    return paths


def examples(directory):
    """(label, pixels) of every record, in shard order, as TensorFlow parses them."""
    labels, images = read_with_tensorflow(str(directory), *ENCODINGS["int64-bytes"])
    return np.column_stack([labels, images])


def sorted_rows(table):
    return table[np.lexsort(table.T[::-1])]


def test_several_inputs_give_the_rows_in_order(tfrec, synth_csv, tmp_path):
    parts = split(synth_csv, tmp_path, [2000, 1, 3499, 1000])
    out = tmp_path / "out"
    run(tfrec, "convert", *parts, "-o", out, "--progress", "never")
    expected = pd.read_csv(synth_csv, header=None).to_numpy()
    np.testing.assert_array_equal(examples(out), expected)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["sources"] == [str(p) for p in parts]
    assert manifest["source"] == str(parts[0])


def test_tensorflow_reads_the_shuffled_rows(tfrec, synth_csv, tmp_path):
    """--shuffle across several inputs given as a pattern: every row exactly once, order
    changed, the same order for the same seed; records spread over all shards."""
    split(synth_csv, tmp_path, [1500, 5000])
    pattern = str(tmp_path / "part-*.csv")
    shuffled, again, plain = tmp_path / "shuffled", tmp_path / "again", tmp_path / "plain"
    run(tfrec, "convert", pattern, "-o", shuffled, "--shuffle", "--seed", "11", "--progress", "never")
    run(tfrec, "convert", pattern, "-o", again, "--shuffle", "--seed", "11", "--threads", "1", "--progress", "never")
    run(tfrec, "convert", pattern, "-o", plain, "--progress", "never")
    expected = pd.read_csv(synth_csv, header=None).to_numpy()
    got = examples(shuffled)
    assert got.shape == expected.shape
    assert not np.array_equal(got, expected)
    np.testing.assert_array_equal(sorted_rows(got), sorted_rows(expected))
    np.testing.assert_array_equal(examples(plain), expected)
    for name in sorted(os.listdir(shuffled)):
        if name.endswith(".tfrec"):
            assert (shuffled / name).read_bytes() == (again / name).read_bytes()
    # Both input files feed the first shard (3000 records): the shuffle is global, not per file.
    index = {tuple(r): i for i, r in enumerate(expected)}
    positions = [index[tuple(r)] for r in got[:3000]]
    assert min(positions) < 1500 <= max(positions)
    assert json.loads((shuffled / "manifest.json").read_text())["shuffleSeed"] == 11
