#!/usr/bin/env python3
"""Side-by-side table of the JSON lines written by Benchmarks/run.sh.

For each kernel setting and benchmark: each implementation's BLAS core, its best time (per
Lloyd iteration for k-means, per call for kNN), the ratio of that time to GlyphLab's (above 1:
GlyphLab is faster), and the inertia or checksum relative to GlyphLab's (results agree when it
is ~0).
"""

import json
import sys
from collections import OrderedDict


def main(path):
    rows = [json.loads(line) for line in open(path) if line.strip()]
    # With several rounds, keep each implementation's fastest line (the least disturbed run).
    best = OrderedDict()
    rounds = {}
    for row in rows:
        key = (row.get("setting", "?"), row["benchmark"], row["implementation"])
        rounds[key] = rounds.get(key, 0) + 1
        if key not in best or row["seconds"] < best[key]["seconds"]:
            best[key] = row
    groups = OrderedDict()
    for (setting, benchmark, _), row in best.items():
        groups.setdefault((setting, benchmark), []).append(row)
    def is_estimator(benchmark):
        return benchmark.startswith("cluster-") or benchmark.startswith("fewshot-")

    kernel_groups = [k for k in groups if not k[1].startswith("encoder_") and k[1] != "gemm"
                     and not is_estimator(k[1])]
    estimator_groups = [(k, m) for k, m in groups.items() if is_estimator(k[1])]
    header = f"{'setting':<12} {'benchmark':<14} {'implementation':<9} {'core':<18} {'threads':>7} " \
             f"{'time (s)':>10} {'median':>10} {'peer/glyphlab':>13} {'result':>16} {'rel. diff':>10}"
    if kernel_groups:
        print(header)
        print("-" * len(header))
    encoder_groups = [(k, m) for k, m in groups.items() if k[1].startswith("encoder_")]
    for (setting, benchmark), members in groups.items():
        if benchmark.startswith("encoder_") or benchmark == "gemm" or is_estimator(benchmark):
            continue

        def timing(row):
            if benchmark in ("kmeans", "kmeans-uniform"):
                per = row.get("seconds_per_iteration") or row["seconds"]
                median = row["median_seconds"] / max(1, row.get("iterations") or 1)
                return per, median
            return row["seconds"], row["median_seconds"]

        def outcome(row):
            return row.get("inertia") if benchmark in ("kmeans", "kmeans-uniform", "kmeans-init") else row.get("checksum")

        base = next((r for r in members if r["implementation"] == "glyphlab"), None)
        for row in members:
            best, median = timing(row)
            ratio = best / timing(base)[0] if base else float("nan")
            value = outcome(row)
            reference = outcome(base) if base else None
            diff = (value - reference) / reference if value is not None and reference else float("nan")
            core = str(row.get('blas_core')) + (f"+{row['kernels']}" if row.get('kernels') else "")
            print(f"{setting:<12} {benchmark:<14} {row['implementation']:<9} {core:<18} "
                  f"{row.get('threads', 0):>7} {best:>10.4f} {median:>10.4f} {ratio:>13.2f} "
                  f"{value if value is not None else float('nan'):>16.6g} {diff:>10.2e}")
    if estimator_groups:
        if kernel_groups:
            print()
        header = f"{'benchmark':<30} {'implementation':<9} {'core':<11} {'threads':>7} {'time (s)':>10} " \
                 f"{'median':>10} {'peer/glyphlab':>13} {'CPU s':>9} {'(CPU)':>6} {'score':>9} {'value':>8} {'clusters':>8} " \
                 f"{'shape'}"
        print(header)
        print("-" * len(header))
        for (setting, benchmark), members in estimator_groups:
            base = next((r for r in members if r["implementation"] == "glyphlab"), None)
            for row in members:
                ratio = row["seconds"] / base["seconds"] if base and base["seconds"] > 0 else float("nan")
                clusters = row.get("clusters_found")
                cpu = row.get("cpu_seconds_per_repetition") or float("nan")
                base_cpu = (base or {}).get("cpu_seconds_per_repetition") or float("nan")
                shape = ",".join(f"{k}={v}" for k, v in sorted(row.get("shape", {}).items()))
                print(f"{benchmark:<30} {row['implementation']:<9} {str(row.get('blas_core')):<11} "
                      f"{row.get('threads', 0):>7} {row['seconds']:>10.4f} {row['median_seconds']:>10.4f} "
                      f"{ratio:>13.2f} {cpu:>9.3f} {cpu / base_cpu:>6.2f} {str(row.get('score_name')):>9} {row.get('score', float('nan')):>8.4f} "
                      f"{'' if clusters is None else clusters:>8} {shape}")
        print("Estimators: time = one whole fit (clustering) or fit + predict (few-shot); score = ARI against")
        print("the labels (clustering) or query accuracy (few-shot); CPU s = process CPU time per call (all threads,")
        print("warm-up included) and (CPU) its peer/glyphlab ratio. peer/glyphlab > 1 means GlyphLab is faster.")
    if encoder_groups:
        print()
        gemm = {k[0]: m[0] for k, m in groups.items() if k[1] == "gemm"}
        header = f"{'setting':<11} {'benchmark':<17} {'implementation':<17} {'threads':>7} {'images/s':>9} " \
                 f"{'GFLOP/s':>8} {'of SGEMM':>8} {'peak MiB':>9} {'glyphlab/peer':>13} {'img/CPU-s':>9} {'ratio':>6}"
        print(header)
        print("-" * len(header))
        for (setting, benchmark), members in encoder_groups:
            base = next((r for r in members if r["implementation"] == "glyphlab"), None)
            sgemm = gemm.get(setting, {}).get("gflops")
            for row in members:
                ips = row.get("items_per_second") or 0
                ratio = (base.get("items_per_second") or 0) / ips if base and ips else float("nan")
                share = row["gflops"] / sgemm if sgemm else float("nan")
                def per_cpu(r):
                    cpu = r.get("cpu_seconds_per_repetition")
                    return r["shape"]["batch"] / cpu if cpu else float("nan")
                cpu_ratio = per_cpu(base) / per_cpu(row) if base else float("nan")
                print(f"{setting:<11} {benchmark:<17} {row['implementation']:<17} {row.get('threads', 0):>7} "
                      f"{ips:>9.1f} {row['gflops']:>8.1f} {share:>8.1%} {row.get('peak_memory_mi_b', 0):>9.0f} "
                      f"{ratio:>13.2f} {per_cpu(row):>9.1f} {cpu_ratio:>6.2f}")
        if gemm:
            rates = ", ".join(f"{s}: {r['gflops']:.1f}" for s, r in gemm.items())
            print(f"SGEMM 2048³ GFLOP/s in the same run ({rates}). glyphlab/peer > 1 means GlyphLab is faster.")
        print("img/CPU-s: images per second of process CPU time (all threads); its ratio compares the")
        print("implementations' work, which a busy machine's time-slicing distorts less than wall time.")
    if kernel_groups:
        print()
        print("k-means time = seconds per Lloyd iteration (whole run / iterations, best of the repetitions);")
        print("kNN time = seconds per search of all queries. peer/glyphlab > 1 means GlyphLab is faster.")
    print(f"Best of {max(rounds.values())} round(s) per implementation, each the best of its repetitions.")


if __name__ == "__main__":
    main(sys.argv[1])
