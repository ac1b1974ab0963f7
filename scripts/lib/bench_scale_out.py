"""scripts/bench's scale-out figures: one conversion as 1 process x 2 threads against a plan's
2 tasks x 1 thread run through a real Dask cluster on this machine (two worker processes over
TCP; the cluster starts once, before the timed rounds, as it would already run on a site).

Usage: bench_scale_out.py TFREC INPUT OUTPUT_DIR ROUNDS [CONVERT OPTIONS...]

Rounds alternate (single, tasks, single, tasks, ...), each into a fresh output directory. Two
figures for the tasks: "tasks", from handing both tasks to Dask until both are done (the
conversion itself, as the single process does it), and "job", the whole job: plan + both tasks +
finalize, three steps that each start a process. Prints one line per figure, as
"name<TAB>best<TAB>median" in seconds, and the plan step's throughput.
"""
import os
import shutil
import statistics
import subprocess
import sys
import time

import cloudpickle
from distributed import Client, LocalCluster

cloudpickle.register_pickle_by_value(sys.modules[__name__])


def run_task(tfrec, plan, index, count):
    result = subprocess.run([tfrec, "convert", "--plan", plan, "--task-index", str(index), "--task-count", str(count),
                             "--threads", "1", "--progress", "never"], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    return index


def main():
    tfrec, source, output, rounds, *options = sys.argv[1:]
    source = os.path.abspath(source)
    single_times, task_times, job_times, plan_times = [], [], [], []

    def fresh():
        shutil.rmtree(output, ignore_errors=True)

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, protocol="tcp", host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        client.gather(client.map(lambda i: i, range(2), pure=False))  # workers up and connected
        for _ in range(int(rounds)):
            fresh()
            start = time.perf_counter()
            subprocess.run([tfrec, "convert", source, "-o", output, "--threads", "2", "--progress", "never", *options],
                           check=True, capture_output=True)
            single_times.append(time.perf_counter() - start)
            fresh()
            start = time.perf_counter()
            subprocess.run([tfrec, "plan", source, "-o", output, *options], check=True, capture_output=True)
            planned = time.perf_counter()
            plan = os.path.join(output, "plan.json")
            client.gather(client.map(run_task, [tfrec] * 2, [plan] * 2, range(2), [2] * 2, pure=False))
            converted = time.perf_counter()
            subprocess.run([tfrec, "finalize", output], check=True, capture_output=True)
            job_times.append(time.perf_counter() - start)
            task_times.append(converted - planned)
            plan_times.append(planned - start)
    fresh()
    for name, times in (("single", single_times), ("tasks", task_times), ("job", job_times), ("plan", plan_times)):
        print(f"{name}\t{min(times):.4f}\t{statistics.median(times):.4f}")
    size = os.path.getsize(source)
    print(f"plan_gbps\t{size / min(plan_times) / 1e9:.2f}\t{size / statistics.median(plan_times) / 1e9:.2f}")


if __name__ == "__main__":
    main()
