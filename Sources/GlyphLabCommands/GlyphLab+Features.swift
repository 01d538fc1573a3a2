import ArgumentParser
import Foundation
import GlyphLabRunner

extension GlyphLab {
  /// `glyphlab features SPEC [--shard i/n | --merge]`: computes the on-disk feature caches
  /// a spec's runs read, ahead of the runs.
  struct Features: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compute the on-disk feature caches (encoder embeddings) an experiment spec's runs read.",
      discussion: """
        Runs with features.kind: encoder keep the embeddings in <dataset folder>/.features/ and
        reuse them (features.cache). This computes them ahead of `glyphlab run`, streamed in
        blocks: whole, or one shard of the rows (--shard i/n, e.g. a Slurm array job), after
        which --merge joins the shards. A cache that already holds the rows is kept unless
        --overwrite.
        """)

    @Argument(help: "The spec (YAML), e.g. Experiments/headline.yaml.")
    var spec: String

    @Argument(help: "Overrides: dotted.key=value.")
    var overrides: [String] = []

    @Option(help: "Compute only shard i of n of the rows (0 <= i < n).")
    var shard: String?

    @Flag(help: "Merge the shard files (of every shard count found) into the caches.")
    var merge = false

    @OptionGroup var replacing: OverwriteOptions

    @OptionGroup var blas: BLASOptions

    func validate() throws {
      if merge && shard != nil { throw ValidationError("--merge joins shards; give it without --shard") }
    }

    func run() throws {
      blas.apply()
      let spec = try ExperimentSpec.load(path: self.spec, overrides: overrides)
      let shard = try self.shard.map { try RunShard(parsing: $0) }
      let jobs = try FeatureCacheJob.jobs(for: spec.runs)
      if jobs.isEmpty { print("\(self.spec): no run reads features cached on disk (features.kind: encoder)") }
      var done = Set<String>()
      for job in jobs where !done.contains(job.path) {
        if merge {
          let counts = job.shardCounts()
          guard counts.count == 1, let count = counts.first else {
            throw ValidationError(
              counts.isEmpty
                ? "no shard files of \(job.path) to merge (compute them with --shard i/n)"
                : "shard files of \(job.path) for several shard counts (\(counts)); delete the stale ones")
          }
          let cache = try job.merge(count: count)
          print("\(cache.path): merged \(count) shards, \(cache.rowEnd) rows × \(cache.dimension)")
          continue
        }
        if shard == nil, !replacing.policy().overwrite, let cache = try job.existing() {
          print("\(cache.path): holds rows 0..<\(cache.rowEnd) of \(job.datasetPath) already (--overwrite recomputes)")
          continue
        }
        let target = job.path(of: shard)
        if FileManager.default.fileExists(atPath: target), shard != nil, !replacing.policy().overwrite {
          throw ValidationError("\(target) exists; give --overwrite to compute it again")
        }
        let rows = job.rows(of: shard)
        if rows.isEmpty, let shard {
          print("\(job.path): shard \(shard) has no rows (\(job.rows) rows in batches; fewer shards would do)")
          continue
        }
        let progress = ProgressLine(total: rows.count, label: URL(fileURLWithPath: target).lastPathComponent)
        let clock = ContinuousClock()
        let start = clock.now
        // An encoder's embeddings and trunk outputs, both wanted, come from one forward pass.
        let partner = jobs.first { other in
          job.content == .features && other.content == .trunk && other.datasetPath == job.datasetPath
            && other.rows == job.rows && !done.contains(other.path)
            && (shard != nil || replacing.policy().overwrite || (try? other.existing()) == nil)
        }
        let caches =
          try partner.map {
            try FeatureCacheJob.computePair(features: job, trunk: $0, shard: shard) { progress.update($0) }
          }
          ?? [try job.compute(shard: shard) { progress.update($0) }]
        progress.finish()
        let seconds = (clock.now - start) / .seconds(1)
        for cache in caches {
          done.insert(cache.path == job.path(of: shard) ? job.path : (partner?.path ?? ""))
          print(
            "\(cache.path): rows \(cache.rowStart)..<\(cache.rowEnd) of \(job.datasetPath) × \(cache.dimension) "
              + "(\(cache.extractor)) in \(String(format: "%.1f", seconds)) s, "
              + "\(String(format: "%.0f", Double(rows.count) / max(seconds, 1e-9))) glyphs/s")
        }
      }
    }
  }
}
