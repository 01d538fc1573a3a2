#!/usr/bin/env python3
"""Page latency of `glyphlab annotate` under scripted sessions on loopback.

Imports Oracle-MNIST's test set (real scans, Apache-2.0) from ../shared (or takes --dataset, e.g.
a page import such as the PMJT sample, whose glyphs are shown on their pages), starts
`glyphlab annotate` on a pipeline spec over its first GLYPHS glyphs, and runs one scripted
person (answers from the dataset's labels: type, confirm or correct, timed as the page would;
with --dataset it accepts the suggestion or types the first candidate) and OBSERVERS other
tabs that poll the state and fetch glyph images (and the current query's page image). Each tab runs in its own process
over one keep-alive connection, as a browser tab does, so the client's own interpreter lock
does not add to the latencies. Every request's latency is measured on the client; prints
p50/p95/p99 per endpoint as JSON, with the load average and the server's CPU time.

Usage: Benchmarks/annotate_latency.py [--glyphlab .build/release/glyphlab] [--answers 300] [--think-ms 0]
       [--refit background|after-batch] [--glyphs 2000] [--observers 3] [--dataset FILE.h5]
"""
import argparse, gzip, http.client, json, multiprocessing, os, subprocess, tempfile, time, urllib.parse

CLASSES = "big,sun,moon,cattle,next,field,not,arrow,time,wood".split(",")


class Tab:
    """One browser tab: a keep-alive connection, every request timed."""

    def __init__(self, base, token):
        parsed = urllib.parse.urlparse(base)
        self.host, self.port = parsed.hostname, parsed.port
        self.headers = {"X-GlyphLab-Token": token, "Content-Type": "application/json"}
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        self.times = {}

    def call(self, name, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        start = time.perf_counter()
        try:
            self.connection.request("GET" if body is None else "POST", path, body=data, headers=self.headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            # A closed keep-alive connection: open another and try once more (counted as one request).
            self.connection.close()
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.connection.request("GET" if body is None else "POST", path, body=data, headers=self.headers)
            response = self.connection.getresponse()
        payload = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        self.times.setdefault(name, []).append(elapsed)
        if response.status >= 400:
            raise RuntimeError(f"{path}: {response.status} {payload[:200]!r}")
        kind = response.getheader("Content-Type", "")
        return json.loads(payload) if kind.startswith("application/json") else payload


def observer(base, token, k, glyphs, stop, results):
    tab = Tab(base, token)
    g = k
    try:
        while not stop.is_set():
            state = tab.call("GET /api/state", "/api/state")
            tab.call("GET /glyph/ID.png", f"/glyph/{g % glyphs}.png")
            if state.get("pages") and state.get("query"):
                # A tab shows the current query's glyph on its page.
                tab.call("GET /page/ID.png", f"/page/{state['query']['glyphs'][0]}.png")
            g += 7
            time.sleep(0.05)
    except (OSError, RuntimeError, http.client.HTTPException):
        pass  # the server stopped
    results.put(tab.times)


def pct(values, p):
    values = sorted(values)
    i = p / 100 * (len(values) - 1)
    lo = int(i)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (i - lo)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--glyphlab", default=".build/release/glyphlab")
    ap.add_argument("--shared", default="../shared/datasets/oracle-mnist")
    ap.add_argument("--dataset", help="a GlyphLab dataset to annotate instead of Oracle-MNIST's test set")
    ap.add_argument("--glyphs", type=int, default=2000)
    ap.add_argument("--answers", type=int, default=300)
    ap.add_argument("--observers", type=int, default=3)
    ap.add_argument("--think-ms", type=float, default=0,
                    help="the scripted person's pause before each answer (0: answer at once, the worst case)")
    ap.add_argument("--refit", choices=["after-batch", "background"], default="background",
                    help="pipeline.refit of the spec (after-batch: the person waits for each refit)")
    ap.add_argument("--features", default="{kind: hog, pca: 32}")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="annotate-latency-")
    labels = None
    if args.dataset:
        dataset = os.path.abspath(args.dataset)
    else:
        dataset = os.path.join(work, "oracle.h5")
        subprocess.run([args.glyphlab, "datasets", "import", "idx", f"{args.shared}/t10k-images-idx3-ubyte.gz",
                        f"{args.shared}/t10k-labels-idx1-ubyte.gz", "-o", dataset, "--name", "oracle-mnist-test",
                        "--license", "Apache-2.0", "--source", "Oracle-MNIST test set", "--class-names",
                        ",".join(CLASSES)], check=True, stdout=subprocess.DEVNULL)
        with gzip.open(f"{args.shared}/t10k-labels-idx1-ubyte.gz") as f:
            labels = list(f.read()[8:])
    spec = os.path.join(work, "spec.yaml")
    refit = "" if args.refit == "after-batch" else ", refit: background"
    with open(spec, "w") as f:
        f.write(f"""experiment: latency
kind: pipeline
seeds: [1]
target: 1.0
parameters:
  dataset: {{path: {dataset}, limit: {args.glyphs}}}
  features: {args.features}
  pipeline: {{batch_size: 25, max_rounds: 100{refit}}}
log: {work}/latency.h5
""")
    load_before = os.getloadavg()
    server = subprocess.Popen([args.glyphlab, "annotate", spec, "--threads", "1"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    line = server.stdout.readline()
    url = line.split("open ")[1].split()[0]
    base, token = url.split("/?token=")
    person = Tab(base, token)
    classes = person.call("GET /api/classes", "/api/classes")
    stop = multiprocessing.Event()
    results = multiprocessing.Queue()
    tabs = [multiprocessing.Process(target=observer, args=(base, token, k, args.glyphs, stop, results), daemon=True)
            for k in range(args.observers)]
    for t in tabs:
        t.start()
    state = person.call("GET /api/state", "/api/state")
    answered = 0
    last = 0
    waits = []
    while answered < args.answers and state["phase"] in ("query", "working"):
        if state["phase"] == "working" or not state.get("query"):
            after = state["query"]["id"] if state.get("query") else last
            start = time.perf_counter()
            state = person.call("GET /api/state?after (long poll)", f"/api/state?after={after}")
            waits.append((time.perf_counter() - start) * 1000)
            continue
        q = state["query"]
        last = q["id"]
        for g in q["glyphs"]:
            person.call("GET /glyph/ID.png", f"/glyph/{g}.png")
        if state.get("pages"):
            person.call("GET /page/ID.png", f"/page/{q['glyphs'][0]}.png")
        if labels is not None:
            truth = CLASSES[labels[q["glyphs"][0]]]
        elif q.get("suggestion"):
            truth = q["suggestion"]["name"]
        else:
            truth = q["candidates"][0]["name"] if q["candidates"] else classes[0]
        if args.think_ms > 0:
            time.sleep(args.think_ms / 1000)
        now = time.perf_counter() * 1000
        timing = {"shown": now, "first_input": now, "submitted": now}
        if q["kind"] == "type":
            body = {"query": q["id"], "action": "type", "label": truth, "timing": timing}
        elif q["kind"] == "grid":
            body = {"query": q["id"], "action": "grid", "label": truth, "rejected": [], "timing": timing}
        elif q["suggestion"]["name"] == truth:
            body = {"query": q["id"], "action": "confirm", "timing": timing}
        else:
            body = {"query": q["id"], "action": "correct", "label": truth, "timing": timing}
        state = person.call("POST /api/answer", "/api/answer", body)
        answered += 1
    stop.set()
    times = person.times
    for _ in tabs:
        for name, values in results.get(timeout=60).items():
            times.setdefault(name, []).extend(values)
    for t in tabs:
        t.join(timeout=10)
    load_after = os.getloadavg()
    server.send_signal(2)
    _, _, usage = os.wait4(server.pid, 0)
    server.returncode = 0

    result = {"glyphs": args.glyphs, "answers": answered, "observers": args.observers, "think_ms": args.think_ms,
              "refit": args.refit, "features": args.features, "dataset": args.dataset or "oracle-mnist test",
              "load_average": {"before": [round(x, 2) for x in load_before],
                               "after": [round(x, 2) for x in load_after]},
              "server_cpu_seconds": {"user": round(usage.ru_utime, 2), "system": round(usage.ru_stime, 2)},
              "endpoints": {
                  name: {"requests": len(v), "p50_ms": round(pct(v, 50), 2), "p95_ms": round(pct(v, 95), 2),
                         "p99_ms": round(pct(v, 99), 2), "max_ms": round(max(v), 2)}
                  for name, v in sorted(times.items())}}
    page = [x for name, v in times.items() if not name.endswith("(long poll)") for x in v]
    result["all_page_requests"] = {"requests": len(page), "p50_ms": round(pct(page, 50), 2),
                                   "p95_ms": round(pct(page, 95), 2), "p99_ms": round(pct(page, 99), 2)}
    result["round_turnarounds_ms"] = {"count": len(waits), "p50": round(pct(waits, 50), 1) if waits else None,
                                      "max": round(max(waits), 1) if waits else None}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
