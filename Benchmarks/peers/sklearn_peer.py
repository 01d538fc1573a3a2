#!/usr/bin/env python3
"""scikit-learn peer of `glyphlab bench kmeans|knn`: same HDF5 file, same JSON line.

kmeans: KMeans(algorithm="lloyd", n_init=1, tol=0, max_iter=--iterations) from the first k
points; the time is `fit` (which, like GlyphLab, centres the data and ends with an E-step).
knn: NearestNeighbors(algorithm="brute") over the first --references rows, `kneighbors` of the
rest (timed: fit + kneighbors); the checksum is the sum of the squared returned distances.

cluster (on labelled points from `glyphlab bench make-data --from DATASET`): the clustering
kind's methods that scikit-learn has, timed as one `fit`: agglomerative-ward / -average =
AgglomerativeClustering(n_clusters=k, linkage=...), dbscan = DBSCAN(eps, min_samples),
minibatch-kmeans = MiniBatchKMeans(n_clusters=k, batch_size, n_init=1, random_state=seed);
scored by adjusted_rand_score against the labels (DBSCAN's noise −1 is one more cluster).
fewshot: the few-shot classifiers scikit-learn has, fit on GlyphLab's support split and
predicting the queries, timed as one call: knn = KNeighborsClassifier(n_neighbors=k,
algorithm="brute"), logistic-regression = LogisticRegression(C=1, solver="lbfgs",
max_iter=100, tol=1e-4), label-propagation = LabelSpreading(kernel="knn", n_neighbors=5,
alpha=0.9, max_iter=1000) over support and queries together (transductive, like GlyphLab's;
its graph weights are 0/1 where GlyphLab's are Gaussian, and it iterates where GlyphLab solves
by conjugate gradients, so the two agree in task, not digit for digit); scored by accuracy.

scikit-learn's Cython loops run on OpenMP threads and call the BLAS bundled with SciPy; the
JSON line reports that OpenBLAS's kernel set (threadpoolctl).
"""

import time

import numpy as np
from threadpoolctl import threadpool_limits

import peer_common as common
from sklearn.cluster import DBSCAN, AgglomerativeClustering, KMeans, MiniBatchKMeans, kmeans_plusplus
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import adjusted_rand_score, pairwise_distances_argmin_min
from sklearn.neighbors import KNeighborsClassifier, NearestNeighbors
from sklearn.semi_supervised import LabelSpreading


def cluster(args, core, libraries):
    x = common.load_rows(args.file, args.dataset, args.points)
    truth = common.load_labels(args.file, args.labels, x.shape[0])
    k = args.k if args.k > 0 else len(set(truth[truth >= 0].tolist()))
    shape = {"points": x.shape[0], "dim": x.shape[1]}
    if args.method in ("agglomerative-ward", "agglomerative-average"):
        linkage = args.method.split("-")[1]
        make = lambda: AgglomerativeClustering(n_clusters=k, linkage=linkage)
        shape["k"] = k
    elif args.method == "dbscan":
        make = lambda: DBSCAN(eps=args.eps, min_samples=args.min_samples, n_jobs=args.threads)
        shape["min_samples"] = args.min_samples
    elif args.method == "minibatch-kmeans":
        make = lambda: MiniBatchKMeans(n_clusters=k, batch_size=args.batch_size, n_init=1, random_state=args.seed)
        shape.update(k=k, batch_size=args.batch_size)
    else:
        raise SystemExit(f"unknown --method {args.method}: agglomerative-ward, agglomerative-average, dbscan "
                         "or minibatch-kmeans")
    cpu = time.process_time()
    times, model = common.measure(lambda: make().fit(x), args.repeat)
    cpu = (time.process_time() - cpu) / (max(1, args.repeat) + 1)
    labels = model.labels_
    print(common.result_line(
        f"cluster-{args.method}", "sklearn", shape, times, core, args.threads, libraries, flops=0,
        items=x.shape[0], inertia=getattr(model, "inertia_", None),
        extra={"score": float(adjusted_rand_score(truth, labels)), "score_name": "ARI",
               "clusters_found": int(len(set(labels[labels >= 0].tolist()))),
               "noise_points": int((labels < 0).sum()), "cpu_seconds_per_repetition": cpu},
    ))


def fewshot(args, core, libraries):
    x = common.load_rows(args.file, args.dataset)
    support, support_labels, queries, query_labels = common.labelled_split(
        x, common.load_labels(args.file, args.labels), args.shots, args.queries)
    shape = {"support": support.shape[0], "queries": queries.shape[0], "dim": support.shape[1],
             "classes": len(set(support_labels.tolist()))}
    if args.method == "knn":
        shape["k"] = args.k

        def run():
            return KNeighborsClassifier(n_neighbors=args.k, algorithm="brute", n_jobs=args.threads).fit(
                support, support_labels).predict(queries)
    elif args.method == "logistic-regression":
        def run():
            return LogisticRegression(C=1.0, solver="lbfgs", max_iter=100, tol=1e-4).fit(
                support, support_labels).predict(queries)
    elif args.method == "label-propagation":
        def run():
            both = np.concatenate([support, queries])
            y = np.concatenate([support_labels, np.full(queries.shape[0], -1, dtype=np.int32)])
            model = LabelSpreading(kernel="knn", n_neighbors=5, alpha=0.9, max_iter=1000, n_jobs=args.threads)
            return model.fit(both, y).transduction_[support.shape[0]:]
    else:
        raise SystemExit(f"unknown --method {args.method}: knn, logistic-regression or label-propagation")
    cpu = time.process_time()
    times, predicted = common.measure(run, args.repeat)
    cpu = (time.process_time() - cpu) / (max(1, args.repeat) + 1)
    print(common.result_line(
        f"fewshot-{args.method}", "sklearn", shape, times, core, args.threads, libraries, flops=0,
        items=queries.shape[0],
        extra={"score": float((predicted == query_labels).mean()), "score_name": "accuracy",
               "cpu_seconds_per_repetition": cpu},
    ))


def main():
    args = common.parse_args(__doc__)
    with threadpool_limits(limits=args.threads):
        libraries = common.blas_libraries()
        core = common.core_of(libraries, "scipy_openblas-") if any(
            "scipy_openblas-" in lib["library"] for lib in libraries
        ) else common.core_of(libraries, "openblas")
        if args.benchmark == "cluster":
            cluster(args, core, libraries)
        elif args.benchmark == "fewshot":
            fewshot(args, core, libraries)
        elif args.benchmark == "kmeans-init":
            x = common.load_rows(args.file, args.dataset, args.points)
            n, d = x.shape

            def run():
                # Greedy k-means++ with 2 + ln k local trials, as GlyphLab's; it centres
                # nothing itself (KMeans.fit centres first), so centre here as GlyphLab does.
                centred = x - x.mean(axis=0)
                return kmeans_plusplus(centred, n_clusters=args.k, random_state=args.seed)[0] + x.mean(axis=0)

            times, centres = common.measure(run, args.repeat)
            potential = float(pairwise_distances_argmin_min(x, centres, metric="sqeuclidean")[1].astype(np.float64).sum())
            print(common.result_line(
                "kmeans-init", "sklearn", {"points": n, "dim": d, "k": args.k}, times, core, args.threads,
                libraries, flops=0, inertia=potential,
            ))
        elif args.benchmark == "kmeans":
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
