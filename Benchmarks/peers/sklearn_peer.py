#!/usr/bin/env python3
"""scikit-learn peer of `glyphlab bench kmeans|knn`: same HDF5 file, same JSON line.

kmeans: KMeans(algorithm="lloyd", n_init=1, tol=0, max_iter=--iterations) from the first k
points; the time is `fit` (which, like GlyphLab, centres the data and ends with an E-step).
knn: NearestNeighbors(algorithm="brute") over the first --references rows, `kneighbors` of the
rest (timed: fit + kneighbors); the checksum is the sum of the squared returned distances.

scikit-learn's Cython loops run on OpenMP threads and call the BLAS bundled with SciPy; the
JSON line reports that OpenBLAS's kernel set (threadpoolctl).
"""

import numpy as np
from threadpoolctl import threadpool_limits

import peer_common as common
from sklearn.cluster import KMeans
from sklearn.neighbors import NearestNeighbors


def main():
    args = common.parse_args(__doc__)
    with threadpool_limits(limits=args.threads):
        libraries = common.blas_libraries()
        core = common.core_of(libraries, "scipy_openblas-") if any(
            "scipy_openblas-" in lib["library"] for lib in libraries
        ) else common.core_of(libraries, "openblas")
        if args.benchmark == "kmeans":
            x, init = common.kmeans_inputs(args)
            n, d = x.shape

            def run():
                km = KMeans(
                    n_clusters=args.k, init=init, n_init=1, max_iter=args.iterations, tol=0,
                    algorithm="lloyd", random_state=args.seed,
                )
                return km.fit(x)

            times, km = common.measure(run, args.repeat)
            print(common.result_line(
                "kmeans", "sklearn", {"points": n, "dim": d, "k": args.k, "iterations": args.iterations},
                times, core, args.threads, libraries,
                flops=2.0 * n * args.k * d * km.n_iter_,
                iterations=int(km.n_iter_), inertia=float(km.inertia_),
            ))
        else:
            queries, base = common.knn_inputs(args)

            def run():
                model = NearestNeighbors(n_neighbors=args.k, algorithm="brute", n_jobs=args.threads)
                return model.fit(base).kneighbors(queries)

            times, (distances, _) = common.measure(run, args.repeat)
            d64 = distances.astype(np.float64)
            print(common.result_line(
                "knn", "sklearn",
                {"queries": queries.shape[0], "references": base.shape[0], "dim": base.shape[1], "k": args.k},
                times, core, args.threads, libraries,
                flops=2.0 * queries.shape[0] * base.shape[0] * base.shape[1], items=queries.shape[0],
                checksum=float((d64 * d64).sum()),
            ))


if __name__ == "__main__":
    main()
