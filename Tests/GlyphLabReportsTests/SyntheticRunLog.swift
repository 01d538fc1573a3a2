import Foundation
import GlyphLabCore
import GlyphLabHDF5

/// A small synthetic run log written directly with GlyphLabHDF5, following the layout of
/// `docs/run-log.md` exactly (root attributes, `/runs/<run-id>/` with attributes, `curve/*`
/// appendable datasets). It is synthetic: made-up numbers, not the output of a run.
struct SyntheticRunLog {
  var experiment = "synthetic"
  var kind = "pipeline"
  var version = "1.0"
  var target: Double? = 0.975
  var gitDirty = 1
  var runs: [SyntheticRun] = []
  /// Shared per-glyph data (`/datasets/<key>`).
  var datasets: [SyntheticDataset] = []
  /// Root attributes to leave out (to test missing ones).
  var omittedRootAttributes: Set<String> = []

  static let spec = """
    experiment: synthetic
    kind: pipeline
    seeds: [1, 2, 3, 4, 5]
    target: 0.975
    sweep:
      pipeline.strategy: [random, typicality, hybrid]
    ablation:
      at: {pipeline.strategy: hybrid}
      components: [no-pca, no-verify]
    """

  /// Writes the log to `path` atomically.
  func write(to path: String) throws {
    try HDF5File.writeAtomically(to: path) { file in
      var strings: [(String, String)] = [
        ("format", "glyphlab-run-log"), ("version", version), ("experiment", experiment), ("kind", kind),
        ("spec", Self.spec), ("spec_path", "Experiments/synthetic.yaml"), ("spec_hash", "5f1d3c0a9b7e2468"),
        ("overrides", "rounds=6\nglyphs=2000"),
        ("command", "glyphlab run Experiments/synthetic.yaml --set rounds=6 --set glyphs=2000"),
        ("git_commit", "0123456789abcdef0123456789abcdef01234567"), ("glyphlab_version", "0.1.0"),
        ("blas_core", "Haswell"), ("host", "synthetic-host"), ("started_at", "2026-01-02T03:04:05Z"),
        ("finished_at", "2026-01-02T03:09:17Z"),
      ]
      strings.removeAll { omittedRootAttributes.contains($0.0) }
      for (key, value) in strings { try file.setAttribute(key, value) }
      if !omittedRootAttributes.contains("git_dirty") { try file.setAttribute("git_dirty", gitDirty) }
      if !omittedRootAttributes.contains("blas_threads") { try file.setAttribute("blas_threads", 2) }
      if let target { try file.setAttribute("target", target) }
      let runsGroup = try file.createGroup("runs")
      for run in runs { try Self.write(run, in: runsGroup) }
      if !datasets.isEmpty {
        let root = try file.createGroup("datasets")
        for dataset in datasets {
          let group = try root.createGroup(dataset.key)
          try group.setAttribute("path", "Datasets/synthetic.h5")
          try group.setAttribute("glyphs", dataset.truth.count)
          try group.createDataset("labels", of: Int32.self, shape: [dataset.truth.count]).write(dataset.truth)
          try group.createStringDataset("class_names", values: dataset.classNames)
          let groups = try group.createGroup("groups")
          for item in dataset.groups {
            let values = try groups.createDataset(item.name, of: Int32.self, shape: [item.values.count])
            try values.write(item.values)
            try values.setAttribute("values", item.names)
          }
        }
      }
    }
  }

  private static func write(_ run: SyntheticRun, in runs: HDF5Group) throws {
    let group = try runs.createGroup(run.id)
    try group.setAttribute("params", run.paramsJSON)
    try group.setAttribute("seed", run.seed)
    try group.setAttribute("status", run.status)
    if let error = run.error { try group.setAttribute("error", error) }
    try group.setAttribute("sweep", run.sweepJSON)
    try group.setAttribute("ablation", run.ablation)
    for parameter in run.parameters {
      if let number = Double(parameter.json) {
        try group.setAttribute("p.\(parameter.key)", number)
      } else {
        try group.setAttribute("p.\(parameter.key)", parameter.json.trimmingCharacters(in: ["\""]))
      }
    }
    for (key, value) in run.scalars { try group.setAttribute(key, value) }
    for (key, value) in run.integers { try group.setAttribute(key, value) }
    if let stop = run.stopReason { try group.setAttribute("stop_reason", stop) }
    for (name, values) in run.curves {
      let dataset = try group.createDataset(
        "curve/\(name)", of: Double.self, shape: [0], maxShape: [nil], chunks: [64])
      try dataset.append(values)
    }
    for (name, values) in run.integerCurves {
      let dataset = try group.createDataset(
        "curve/\(name)", of: Int64.self, shape: [0], maxShape: [nil], chunks: [64])
      try dataset.append(values.map(Int64.init))
    }
    if let p = run.predictions {
      let predictions = try group.createGroup("predictions")
      try predictions.createDataset("labels", of: Int32.self, shape: [p.labels.count]).write(p.labels)
      try predictions.createDataset("touched", of: UInt8.self, shape: [p.touched.count]).write(p.touched)
      try predictions.createDataset("settled_round", of: Int32.self, shape: [p.settledRound.count])
        .write(p.settledRound)
      try predictions.setAttribute("dataset", p.dataset)
      if !p.errorIndices.isEmpty {
        let errors = try predictions.createGroup("errors")
        let k = p.errorIndices.count
        try errors.createDataset("indices", of: Int64.self, shape: [k]).write(p.errorIndices.map(Int64.init))
        try errors.createDataset("exemplars", of: Int64.self, shape: [k]).write(p.exemplars.map(Int64.init))
        let shape = [k, p.imageSide, p.imageSide]
        try errors.createDataset("images", of: UInt8.self, shape: shape).write(p.images)
        try errors.createDataset("exemplar_images", of: UInt8.self, shape: shape).write(p.exemplarImages)
      }
    }
    for (name, values) in run.episodes {
      let dataset = try group.createDataset("episodes/\(name)", of: Double.self, shape: [values.count])
      try dataset.write(values)
    }
  }
}
