"""Several CSV inputs and --shuffle, read back by TensorFlow: the rows come out in the files'
order, or (shuffled) as the same multiset of rows in another order."""
import json
import os
import sys

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


def test_one_wide_row_stays_within_its_memory_bound(tfrec, tmp_path):
    """One row of 4 million values (an 11 MB CSV line, a 32 MB record): peak memory at most
    4x the line plus its record, plus 128 MB (issue 12's bound; it took 2 GB before), and
    TensorFlow reads back every value."""
    values = 4_000_000
    rng = np.random.default_rng(12)
    pixels = rng.integers(0, 256, size=values, dtype=np.int64)
    csv = tmp_path / "wide.csv"
    csv.write_text("label," + ",".join(["p"] * values) + "\n7," + ",".join(map(str, pixels)) + "\n")
    out = tmp_path / "out"
    # The peak resident set of tfrec alone: a process's peak includes that of the process it
    # was exec'd from, here pytest with TensorFlow loaded (~900 MB), so a fresh interpreter
    # starts tfrec and reports wait4's figure (KiB on Linux).
    measure = ("import os, subprocess, sys\n"
               "child = subprocess.Popen(sys.argv[1:], stderr=subprocess.PIPE)\n"
               "_, status, usage = os.wait4(child.pid, 0)\n"
               "sys.stderr.write(child.stderr.read().decode())\n"
               "print(usage.ru_maxrss)\n"
               "sys.exit(os.waitstatus_to_exitcode(status))\n")
    result = run(sys.executable, "-c", measure, tfrec, "convert", csv, "-o", out, "--progress", "never")
    peak = int(result.stdout.split()[-1]) * 1024
    line = csv.stat().st_size
    record = sum(path.stat().st_size for path in out.glob("*.tfrec"))
    assert record > 8 * values
    bound = 4 * (line + record) + (128 << 20)
    assert peak <= bound, f"peak {peak >> 20} MiB, bound {bound >> 20} MiB"
    labels, images = read_with_tensorflow(str(out), *ENCODINGS["int64-bytes"])
    assert labels.tolist() == [7]
    np.testing.assert_array_equal(images[0], pixels)
