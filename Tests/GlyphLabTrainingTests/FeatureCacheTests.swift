import Foundation
import GlyphLabTestSupport
import Testing

/// The on-disk feature cache of encoder embeddings as a user meets it: `glyphlab features`
/// whole and in shards, `glyphlab run` reading the cache, and a cache that no longer belongs
/// to its dataset.
@Suite struct FeatureCacheTests {
  func glyphlab() throws -> URL {
    try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
  }

  func python(_ script: String, _ arguments: [String]) throws -> String {
    let result = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", script] + arguments)
    try #require(result.status == 0, "\(result.stderr)")
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  @Test func shardsMergeToTheWholeCacheAndRunsReadIt() throws {
    let directory = try TestPaths.temporaryDirectory("feature-cache")
    // Training makes a missing output folder, as `make run` needs in a new clone (no Encoders/).
    let (_, corpus, encoder) = try TinyGlyphs.novelEditions(
      in: directory, glyphlab: try glyphlab(), epochs: 1, encoderName: "models/new/encoder.h5")
    let specPath = directory.appendingPathComponent("pipeline.yaml").path
    let log = directory.appendingPathComponent("cached.h5").path
    try """
    experiment: feature-cache
    kind: pipeline
    target: 1.0
    seeds: [1]
    parameters:
      dataset: {path: \(corpus)}
      features: {kind: encoder, weights: \(encoder), pca: 0, batch_size: 8}
      classifier: {name: knn, k: 1, metric: cosine, whitening: false}
      pipeline: {budget: unlimited, batch_size: 4, verify_clusters: false}
    log: \(log)
    """.write(toFile: specPath, atomically: true, encoding: .utf8)

    // The whole cache, in the dataset's folder.
    let whole = try ProcessRunner.run(try glyphlab(), ["features", specPath])
    try #require(whole.status == 0, "\(whole.stderr)")
    let cacheFolder = directory.appendingPathComponent(".features").path
    let names = try FileManager.default.contentsOfDirectory(atPath: cacheFolder).filter { $0.hasSuffix(".h5") }
    try #require(names.count == 1, "\(names)")
    let cache = cacheFolder + "/" + names[0]
    #expect(whole.stdout.contains("rows 0..<\(TinyGlyphs.characters.count * 2 * 3)"), "\(whole.stdout)")
    let again = try ProcessRunner.run(try glyphlab(), ["features", specPath])
    #expect(again.status == 0 && again.stdout.contains("already"), "\(again.stdout)")
    let copy = directory.appendingPathComponent("whole-copy.h5").path
    try FileManager.default.copyItem(atPath: cache, toPath: copy)

    // Three shards (rows 0..<8, 8..<24 and 24..<36: boundaries at multiples of the batch),
    // merged, hold the same values bit for bit.
    for index in 0..<3 {
      let shard = try ProcessRunner.run(try glyphlab(), ["features", specPath, "--shard", "\(index)/3"])
      try #require(shard.status == 0, "\(shard.stderr)")
    }
    let merged = try ProcessRunner.run(try glyphlab(), ["features", specPath, "--merge"])
    try #require(merged.status == 0, "\(merged.stderr)")
    #expect(merged.stdout.contains("merged 3 shards"), "\(merged.stdout)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: cacheFolder).filter { $0.contains("shard") }.isEmpty)
    let same = try python(
      """
      import h5py, numpy, sys
      a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
      print(a["features"].shape == b["features"].shape and numpy.array_equal(a["features"][:], b["features"][:]),
            a.attrs["dataset_sha256"] == b.attrs["dataset_sha256"], a.attrs["format"], a.attrs["row_end"])
      """, [cache, copy])
    #expect(same == "True True glyphlab-feature-cache \(TinyGlyphs.characters.count * 6)", "\(same)")

    // A run reads the cache, and gives the numbers of a run that computes the features.
    let run = try ProcessRunner.run(try glyphlab(), ["run", specPath, "--jobs", "1"])
    try #require(run.status == 0, "\(run.stderr)")
    let uncachedLog = directory.appendingPathComponent("uncached.h5").path
    let uncached = try ProcessRunner.run(
      try glyphlab(), ["run", specPath, "features.cache=off", "--out", uncachedLog, "--jobs", "1"])
    try #require(uncached.status == 0, "\(uncached.stderr)")
    let read = """
      import h5py, sys
      f = h5py.File(sys.argv[1], "r")
      run = f["runs"][list(f["runs"])[0]]
      print(run.attrs["features_cache"].split(" ")[0], list(run["curve"]["accuracy"][:]), run.attrs["total_labels"])
      """
    // The log fingerprints the weights as an input of the runs, beside the dataset.
    let inputs = try python("import h5py, sys; print(h5py.File(sys.argv[1], 'r').attrs['inputs'])", [log])
    #expect(inputs.contains(encoder) && inputs.contains(corpus), "\(inputs)")
    let cachedFields = try python(read, [log])
    let uncachedFields = try python(read, [uncachedLog])
    #expect(cachedFields.hasPrefix("read "), "\(cachedFields)")
    #expect(uncachedFields.hasPrefix("none "), "\(uncachedFields)")
    #expect(cachedFields.dropFirst(5) == uncachedFields.dropFirst(5))

    // Fine-tuning the embedding layer trains on the trunk's outputs, cached beside the
    // embeddings: the second run reads them, and both match a run that caches nothing.
    let tune = ["adapt.method=fine-tune-embedding", "adapt.every=1", "adapt.epochs=1", "--jobs", "1"]
    var tuned: [String] = []
    for (name, extra) in [("tuned-a", [String]()), ("tuned-b", []), ("tuned-off", ["features.cache=off"])] {
      let out = directory.appendingPathComponent("\(name).h5").path
      let result = try ProcessRunner.run(try glyphlab(), ["run", specPath, "--out", out] + tune + extra)
      try #require(result.status == 0, "\(result.stderr)")
      tuned.append(String(try python(read, [out]).drop { $0 != " " }))
    }
    #expect(tuned[0] == tuned[1] && tuned[1] == tuned[2], "\(tuned)")
    let trunkCaches = try FileManager.default.contentsOfDirectory(atPath: cacheFolder).filter { $0.hasSuffix(".h5") }
    #expect(trunkCaches.count == 2, "embeddings and trunk: \(trunkCaches)")
    // A run that finds neither cache computes both in one forward pass (trunk, then the
    // embedding layer on it): the same values, bit for bit, as each computed on its own.
    let twin = directory.appendingPathComponent("twin.h5").path
    try FileManager.default.copyItem(atPath: corpus, toPath: twin)
    // `glyphlab features` does the same for a spec that fine-tunes the embedding layer.
    let triplet = directory.appendingPathComponent("triplet.h5").path
    try FileManager.default.copyItem(atPath: corpus, toPath: triplet)
    let pairedByCommand = try ProcessRunner.run(
      try glyphlab(), ["features", specPath, "dataset.path=\(triplet)", "adapt.method=fine-tune-embedding"])
    #expect(pairedByCommand.status == 0, "\(pairedByCommand.stderr)")
    #expect(pairedByCommand.stdout.split(separator: "\n").count == 2, "\(pairedByCommand.stdout)")
    let twinLog = directory.appendingPathComponent("tuned-twin.h5").path
    let paired = try ProcessRunner.run(
      try glyphlab(), ["run", specPath, "dataset.path=\(twin)", "--out", twinLog] + tune)
    try #require(paired.status == 0, "\(paired.stderr)")
    let twinRead = try python(read, [twinLog])
    #expect(twinRead.hasPrefix("computed ") && twinRead.drop { $0 != " " } == tuned[2], "\(twinRead)")
    let pairFiles = try FileManager.default.contentsOfDirectory(atPath: cacheFolder).filter {
      $0.hasPrefix("twin-") && $0.hasSuffix(".h5")
    }
    #expect(pairFiles.count == 2, "\(pairFiles)")
    let equal = try python(
      """
      import h5py, numpy, sys, glob, os
      folder = sys.argv[1]
      def load(stem):
          out = {}
          for path in glob.glob(os.path.join(folder, stem + "-*.h5")):
              f = h5py.File(path, "r")
              out["trunk" if f.attrs["features"].endswith("|trunk") else "embedding"] = f["features"][:]
          return out
      a, b, c = load("corpus"), load("twin"), load("triplet")
      print(sorted(a) == sorted(b) == sorted(c) == ["embedding", "trunk"]
            and all(numpy.array_equal(a[k], b[k]) and numpy.array_equal(a[k], c[k]) for k in a))
      """, [cacheFolder])
    #expect(equal == "True", "\(equal)")

    // `glyphlab features` knows both caches of a spec that fine-tunes the embedding layer.
    let both = try ProcessRunner.run(try glyphlab(), ["features", specPath, "adapt.method=fine-tune-embedding"])
    #expect(both.status == 0 && both.stdout.components(separatedBy: "already").count == 3, "\(both.stdout)")

    // The dataset is rebuilt with other glyphs: an explicit cache file is refused by name, and
    // the automatic one is computed again.
    try FileManager.default.removeItem(atPath: corpus)
    try TinyGlyphs.write(to: corpus, copies: 2, fontNames: ["Test Edition A Regular", "Test Edition B Regular"])
    let stale = try ProcessRunner.run(try glyphlab(), ["features", specPath, "features.cache=\(copy)"])
    #expect(stale.status != 0, "\(stale.stdout)")
    #expect(stale.stderr.contains(copy) && stale.stderr.contains("fingerprint"), "\(stale.stderr)")
    let staleRun = try ProcessRunner.run(
      try glyphlab(),
      ["run", specPath, "features.cache=\(copy)", "--out", directory.appendingPathComponent("stale.h5").path])
    #expect(staleRun.status != 0 && staleRun.stderr.contains("fingerprint"), "\(staleRun.stderr)")
    let recomputed = try ProcessRunner.run(try glyphlab(), ["features", specPath])
    #expect(recomputed.status == 0 && recomputed.stdout.contains("rows 0..<\(TinyGlyphs.characters.count * 4)"))

    // Not a cache at all.
    let notCache = directory.appendingPathComponent("not-a-cache.h5").path
    try "hello".write(toFile: notCache, atomically: true, encoding: .utf8)
    let wrong = try ProcessRunner.run(try glyphlab(), ["features", specPath, "features.cache=\(notCache)"])
    #expect(wrong.status != 0 && wrong.stderr.contains(notCache), "\(wrong.stderr)")
  }
}
