import GlyphLabRunLog
import GlyphLabRunner
import Testing

@Suite("grid and ablation expansion, run ids")
struct RunExpansionTests {
  static let text = """
    experiment: grid
    kind: clustering
    seeds: [5, 6]
    parameters:
      dataset: {path: d.h5}
    sweep:
      clustering.clusters: [2, 3, 4]
      features.downsample: [1, 2]
    ablation:
      components:
        raw: {features.normalize: false}
        random_init: {clustering.init: random, clustering.restarts: 3}
    """

  @Test func theGridIsTheCartesianProductTimesVariantsTimesSeeds() throws {
    let spec = try ExperimentSpec.parse(Self.text, file: "grid.yaml")
    #expect(spec.runs.count == 3 * 2 * 3 * 2)
    #expect(spec.runs.map(\.index) == Array(0..<36))
    // Order: grid point (last axis fastest), then variant (base first), then seed.
    let first = spec.runs.prefix(7).map { run in
      "\(run.sweep.map { "\($0.key)=\($0.value)" }.joined(separator: ",")) \(run.ablation) \(run.seed)"
    }
    #expect(
      first == [
        "clustering.clusters=2,features.downsample=1 base 5", "clustering.clusters=2,features.downsample=1 base 6",
        "clustering.clusters=2,features.downsample=1 raw 5", "clustering.clusters=2,features.downsample=1 raw 6",
        "clustering.clusters=2,features.downsample=1 random_init 5",
        "clustering.clusters=2,features.downsample=1 random_init 6",
        "clustering.clusters=2,features.downsample=2 base 5",
      ])
    let raw = spec.runs[2].parameters
    #expect(raw.values["features.normalize"] == .bool(false))
    #expect(raw.values["clustering.init"] == .string("k-means++"))
    let random = spec.runs[4].parameters
    #expect(random.values["clustering.init"] == .string("random"))
    #expect(random.values["clustering.restarts"] == .int(3))
    #expect(random.values["features.normalize"] == .bool(true))
    #expect(Set(spec.runs.map(\.id)).count == 36)
    #expect(spec.runs[0].sweepJSON == #"{"clustering.clusters":2,"features.downsample":1}"#)
  }

  @Test func idsAreTheSHA256OfTheCanonicalIdentity() throws {
    let spec = try ExperimentSpec.parse(Self.text, file: "grid.yaml")
    let run = spec.runs[0]
    let params =
      #"{"clustering.batch_size":1024,"clustering.clusters":2,"clustering.eps":0.0,"clustering.init":"k-means++","#
      + #""clustering.max_iterations":300,"clustering.memory_limit_mb":2048,"clustering.method":"kmeans","#
      + #""clustering.min_samples":5,"clustering.restarts":0,"clustering.threshold":0.0,"#
      + #""clustering.tolerance":0.0001,"costs.cluster_base":2.0,"costs.cluster_per_glyph":0.25,"#
      + #""costs.mark_wrong":1.0,"costs.type":4.0,"dataset.limit":0,"dataset.path":"d.h5","#
      + #""features.batch_size":256,"features.downsample":1,"features.fit_sample":20000,"features.hog_block":2,"features.hog_cell":6,"#
      + #""features.hog_orientations":9,"features.init_seed":1,"features.initialization":"pretrained","#
      + #""features.kind":"pixels","features.name":"","features.normalize":true,"#
      + #""features.pca":0,"features.protocol":"novel-editions","features.weights":"","#
      + #""features.whiten":false,"grids.max_size":16}"#
    // Every parameter is logged; a neutral default (features.cache: auto, the k-means
    // assignment keys) stays out of the id.
    #expect(
      run.parameters.canonicalJSON
        == params.replacingOccurrences(
          of: #""features.batch_size":256,"#, with: #""features.batch_size":256,"features.cache":"auto","#
        ).replacingOccurrences(
          of: #"{"clustering.batch_size":1024,"#,
          with: #"{"clustering.assignment":"exact","clustering.batch_size":1024,"#
        ).replacingOccurrences(
          of: #""clustering.init":"k-means++","#, with: #""clustering.init":"k-means++","clustering.lists":0,"#
        ).replacingOccurrences(
          of: #""clustering.min_samples":5,"#, with: #""clustering.min_samples":5,"clustering.probes":8,"#))
    let identity = #"{"kind":"clustering","params":"# + params + #","seed":5,"target":0.975}"#
    #expect(run.identity == identity)
    #expect(run.id == String(SHA256.hex(identity).prefix(16)))
    #expect(run.id.count == 16 && run.id.allSatisfy(\.isHexDigit))
  }

  @Test func idsAreStableAndIgnoreWhatDoesNotChangeARun() throws {
    let a = try ExperimentSpec.parse(Self.text, file: "grid.yaml")
    let b = try ExperimentSpec.parse(
      "# a comment\n" + Self.text + "\ndescription: other words\nlog: elsewhere.h5", file: "other.yaml")
    #expect(a.runs.map(\.id) == b.runs.map(\.id))
    #expect(a.specHash == b.specHash)
    // Spelling a default out, or writing 2 for 2.0, changes nothing either.
    let c = try ExperimentSpec.parse(Self.text, file: "grid.yaml", overrides: ["clustering.tolerance=1e-4"])
    #expect(c.runs.map(\.id) == a.runs.map(\.id))
    let d = try ExperimentSpec.parse(Self.text, file: "grid.yaml", overrides: ["clustering.max_iterations=301"])
    #expect(Set(d.runs.map(\.id)).isDisjoint(with: a.runs.map(\.id)))
    #expect(d.specHash != a.specHash)
    let e = try ExperimentSpec.parse(Self.text, file: "grid.yaml", overrides: ["target=0.9"])
    #expect(Set(e.runs.map(\.id)).isDisjoint(with: a.runs.map(\.id)))
  }

  @Test func shardsPartitionTheRunsDeterministically() throws {
    let spec = try ExperimentSpec.parse(Self.text, file: "grid.yaml")
    for count in [1, 2, 5, 36, 40] {
      let shards = try (0..<count).map { try RunShard(index: $0, count: count).select(spec.runs) }
      #expect(shards.flatMap { $0 }.map(\.id).sorted() == spec.runs.map(\.id).sorted())
      #expect(shards.map(\.count).max()! - shards.map(\.count).min()! <= 1)
    }
    // A shard is a lazy view: its runs are the whole plan's at its positions, and it names
    // only the configurations it has runs of.
    let all = Array(spec.runs)
    let shard = try RunShard(index: 3, count: 7).select(spec.runs)
    #expect(shard.map(\.index) == Array(stride(from: 3, to: all.count, by: 7)))
    #expect(shard.map(\.id) == shard.map { all[$0.index].id })
    let used = Set(shard.map(\.parameters.canonicalJSON))
    #expect(
      shard.configurationParameters.map(\.canonicalJSON)
        == all.map(\.parameters.canonicalJSON).reduce(into: []) {
          if used.contains($1) && $0.last != $1 { $0.append($1) }
        })
    #expect(try RunShard(index: 0, count: all.count + 5).select(spec.runs).count == 1)
    #expect(try RunShard(index: all.count + 2, count: all.count + 5).select(spec.runs).isEmpty)
    #expect(try RunShard(parsing: "3/8") == RunShard(index: 3, count: 8))
    for bad in ["8/8", "-1/2", "1", "a/b", "1/0"] {
      #expect(throws: (any Error).self) { try RunShard(parsing: bad) }
    }
  }

  @Test func aComponentCanRunASubsetOfTheSeeds() throws {
    let text = Self.text.replacingOccurrences(of: "seeds: [5, 6]", with: "seeds: [5, 6, 7]")
      .replacingOccurrences(
        of: "raw: {features.normalize: false}", with: "raw: {features.normalize: false, seeds: [7, 5]}")
    let spec = try ExperimentSpec.parse(text, file: "grid.yaml")
    // Per grid point: base 3 seeds, raw 2, random_init 3.
    #expect(spec.runs.count == 6 * (3 + 2 + 3))
    #expect(spec.runs.map(\.index) == Array(0..<48))
    #expect(
      spec.runs.prefix(9).map { "\($0.ablation) \($0.seed)" } == [
        "base 5", "base 6", "base 7", "raw 7", "raw 5", "random_init 5", "random_init 6", "random_init 7", "base 5",
      ])
    // The same runs as the spec without the component's seeds, less raw's seed-6 runs.
    let full = try ExperimentSpec.parse(
      Self.text.replacingOccurrences(of: "seeds: [5, 6]", with: "seeds: [5, 6, 7]"), file: "grid.yaml")
    #expect(
      Set(spec.runs.map(\.id))
        == Set(full.runs.filter { !($0.ablation == "raw" && $0.seed == 6) }.map(\.id)))
    #expect(spec.specHash != full.specHash)
    #expect(spec.ablation.map(\.seeds) == [[7, 5], nil])
    // Shards still cover every run once.
    let shards = try (0..<5).map { try RunShard(index: $0, count: 5).select(spec.runs) }
    #expect(shards.flatMap { $0 }.map(\.id).sorted() == spec.runs.map(\.id).sorted())
    // A seed the experiment does not run is an error that names the key.
    let stray = text.replacingOccurrences(of: "seeds: [7, 5]", with: "seeds: [8]")
    #expect {
      try ExperimentSpec.parse(stray, file: "grid.yaml")
    } throws: { error in
      "\(error)".contains("ablation.components.raw.seeds") && "\(error)".contains("seed 8 is not one of")
    }
    let repeated = text.replacingOccurrences(of: "seeds: [7, 5]", with: "seeds: [5, 5]")
    #expect(throws: (any Error).self) { try ExperimentSpec.parse(repeated, file: "grid.yaml") }
  }

  @Test func sha256MatchesTheFIPSExamples() {
    #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(
      SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(
      SHA256.hex(String(repeating: "a", count: 1_000_000))
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }
}
