"""Shared helpers for the faiss and scikit-learn peers of `glyphlab bench kmeans|knn`.

Each peer reads the same float32 HDF5 dataset as GlyphLab (written once by
`glyphlab bench make-data`), times the same computation the same way (one warm-up, then
`--repeat` timed runs, best and median reported) and prints one JSON line with GlyphLab's keys.
"""

import argparse
import json
import os
import resource
import time

import h5py
import numpy as np
from threadpoolctl import threadpool_info


def parse_args(description):
    parser = argparse.ArgumentParser(description=description)
    sub = parser.add_subparsers(dest="benchmark", required=True)
    for name in ("kmeans", "kmeans-init", "knn"):
        p = sub.add_parser(name)
        p.add_argument("--file", required=True, help="HDF5 file from `glyphlab bench make-data`")
        p.add_argument("--dataset", default="/features")
        p.add_argument("--threads", type=int, default=2)
        p.add_argument("--repeat", type=int, default=3)
        p.add_argument("--seed", type=int, default=42)
        if name in ("kmeans", "kmeans-init"):
            p.add_argument("--points", type=int, default=None)
            p.add_argument("-k", type=int, default=1024)
            p.add_argument("--iterations", type=int, default=10)
        else:
            p.add_argument("--queries", type=int, default=None)
            p.add_argument("--references", type=int, default=10_000)
            p.add_argument("-k", type=int, default=10)
    # The estimator benchmarks (scikit-learn peer only), on labelled points from
    # `glyphlab bench make-data --from DATASET`.
    for name in ("cluster", "fewshot"):
        p = sub.add_parser(name)
        p.add_argument("--file", required=True, help="HDF5 file with float32 points and int32 /labels")
        p.add_argument("--dataset", default="/features")
        p.add_argument("--labels", default="/labels")
        p.add_argument("--method", required=True)
        p.add_argument("--threads", type=int, default=2)
        p.add_argument("--repeat", type=int, default=3)
        p.add_argument("--seed", type=int, default=42)
        if name == "cluster":
            p.add_argument("--points", type=int, default=None)
            p.add_argument("-k", type=int, default=0, help="clusters (0 = the number of classes)")
            p.add_argument("--eps", type=float, default=0.5)
            p.add_argument("--min-samples", type=int, default=5)
            p.add_argument("--batch-size", type=int, default=1024)
        else:
            p.add_argument("--shots", type=int, default=100)
            p.add_argument("--queries", type=int, default=None)
            p.add_argument("-k", type=int, default=1)
    return parser.parse_args()


def load_labels(path, dataset, count=None):
    """The first `count` labels (all if None) as int32."""
    with h5py.File(path, "r") as f:
        if dataset not in f:
            raise SystemExit(f"{path} has no {dataset} (write it with `glyphlab bench make-data --from DATASET`)")
        data = f[dataset]
        if data.dtype != np.int32 or data.ndim != 1:
            raise SystemExit(f"{path}:{dataset} is {data.dtype} {data.shape}; int32 1-D expected")
        labels = data[:count] if count is not None else data[:]
    return np.asarray(labels, dtype=np.int32)


def labelled_split(points, labels, shots, queries=None):
    """GlyphLab's LabelledSplit: the first `shots` rows of every class in row order are the
    support, the first `queries` of the other rows (all if None) the queries."""
    taken = {}
    support, rest = [], []
    for row, label in enumerate(labels.tolist()):
        if label < 0:
            continue
        if taken.get(label, 0) < shots:
            taken[label] = taken.get(label, 0) + 1
            support.append(row)
        elif queries is None or len(rest) < queries:
            rest.append(row)
    short = [c for c, n in taken.items() if n < shots]
    if short:
        raise SystemExit(f"class {min(short)} has only {taken[min(short)]} rows, fewer than --shots {shots}")
    if not rest:
        raise SystemExit(f"no rows are left for queries after {shots} per class")
    return (np.ascontiguousarray(points[support]), labels[support],
            np.ascontiguousarray(points[rest]), labels[rest])


def load_rows(path, dataset, count=None):
    """The first `count` rows (all if None) as a C-contiguous float32 array."""
    with h5py.File(path, "r") as f:
        data = f[dataset]
        if data.dtype != np.float32 or data.ndim != 2:
            raise SystemExit(f"{path}:{dataset} is {data.dtype} {data.shape}; float32 2-D expected")
        if count is not None and count > data.shape[0]:
            raise SystemExit(f"{path}:{dataset} has {data.shape[0]} rows, fewer than {count}")
        rows = data[:count] if count is not None else data[:]
    return np.ascontiguousarray(rows, dtype=np.float32)


def kmeans_inputs(args):
    x = load_rows(args.file, args.dataset, args.points)
    return x, np.ascontiguousarray(x[: args.k])


def knn_inputs(args):
    wanted = None if args.queries is None else args.references + args.queries
    rows = load_rows(args.file, args.dataset, wanted)
    return np.ascontiguousarray(rows[args.references :]), np.ascontiguousarray(rows[: args.references])


def measure(body, repetitions):
    """One warm-up call, then `repetitions` timed calls; (sorted times, last result)."""
    result = body()
    times = []
    for _ in range(max(1, repetitions)):
        start = time.perf_counter()
        result = body()
        times.append(time.perf_counter() - start)
    return sorted(times), result


def blas_libraries():
    """What threadpoolctl sees loaded: each BLAS / OpenMP library, its kernel set and threads."""
    out = []
    for lib in threadpool_info():
        out.append(
            {
                "api": lib.get("internal_api"),
                "library": os.path.basename(lib.get("filepath") or ""),
                "version": lib.get("version"),
                "core": lib.get("architecture"),
                "threads": lib.get("num_threads"),
            }
        )
    return out


def core_of(libraries, needle):
    """The OpenBLAS kernel set of the first library whose file name contains `needle`."""
    for lib in libraries:
        if lib["api"] == "openblas" and needle in lib["library"]:
            return lib["core"] or "unknown"
    return "unknown"


def result_line(
    benchmark, implementation, shape, times, blas_core, threads, libraries, flops,
    items=None, checksum=None, iterations=None, inertia=None, extra=None,
):
    best = times[0]
    line = {
        "benchmark": benchmark,
        "implementation": implementation,
        "shape": shape,
        "seconds": best,
        "median_seconds": times[len(times) // 2],
        "repetitions": len(times),
        "gflops": flops / best / 1e9 if best > 0 else 0,
        "blas_core": blas_core,
        "threads": threads,
        "blas_libraries": libraries,
        "peak_memory_mi_b": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    if items is not None:
        line["items_per_second"] = items / best if best > 0 else 0
    if checksum is not None:
        line["checksum"] = checksum
    if iterations is not None:
        line["iterations"] = iterations
        line["seconds_per_iteration"] = best / max(1, iterations)
    if inertia is not None:
        line["inertia"] = inertia
    line.update(extra or {})
    return json.dumps(line, sort_keys=True)
