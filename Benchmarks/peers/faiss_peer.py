#!/usr/bin/env python3
"""faiss-cpu peer of `glyphlab bench kmeans|knn`: same HDF5 file, same JSON line.

kmeans: faiss.Kmeans (Lloyd, IndexFlatL2 assignment) for exactly --iterations iterations from
the first k points (init_centroids), no subsampling; the time is `train`. The inertia is
computed afterwards (untimed) from the final centroids, as GlyphLab and scikit-learn report it.
knn: IndexFlatL2 over the first --references rows, `search` of the rest with k neighbours
(timed); the checksum is the sum of the returned squared distances.

faiss's wheel bundles its own OpenBLAS (0.3.15), which does not recognise recent CPUs and
falls back to generic kernels unless OPENBLAS_CORETYPE is set (e.g. SkylakeX); the JSON line
reports the kernel set it actually ran with (threadpoolctl).
"""

import numpy as np
from threadpoolctl import threadpool_limits

import faiss
import peer_common as common


def main():
    args = common.parse_args(__doc__)
    faiss.omp_set_num_threads(args.threads)
    with threadpool_limits(limits=args.threads):
        libraries = common.blas_libraries()
        core = common.core_of(libraries, "openblas") if not any(
            "faiss" in lib["library"] or "openblaso" in lib["library"] for lib in libraries
        ) else next(
            (lib["core"] for lib in libraries if lib["api"] == "openblas" and "openblaso" in lib["library"]),
            common.core_of(libraries, "openblas"),
        )
        if args.benchmark == "kmeans":
            x, init = common.kmeans_inputs(args)
            n, d = x.shape

            def run():
                km = faiss.Kmeans(
                    d, args.k, niter=args.iterations, seed=args.seed, verbose=False,
                    max_points_per_centroid=n, min_points_per_centroid=1,
                )
                km.train(x, init_centroids=init)
                return km

            times, km = common.measure(run, args.repeat)
            index = faiss.IndexFlatL2(d)
            index.add(km.centroids)
            distances, _ = index.search(x, 1)
            print(common.result_line(
                "kmeans", "faiss", {"points": n, "dim": d, "k": args.k, "iterations": args.iterations},
                times, core, args.threads, libraries,
                flops=2.0 * n * args.k * d * args.iterations,
                iterations=args.iterations, inertia=float(distances.sum(dtype=np.float64)),
            ))
        else:
            queries, base = common.knn_inputs(args)
            index = faiss.IndexFlatL2(base.shape[1])
            index.add(base)
            times, (distances, _) = common.measure(lambda: index.search(queries, args.k), args.repeat)
            print(common.result_line(
                "knn", "faiss",
                {"queries": queries.shape[0], "references": base.shape[0], "dim": base.shape[1], "k": args.k},
                times, core, args.threads, libraries,
                flops=2.0 * queries.shape[0] * base.shape[0] * base.shape[1], items=queries.shape[0],
                checksum=float(distances.sum(dtype=np.float64)),
            ))


if __name__ == "__main__":
    main()
