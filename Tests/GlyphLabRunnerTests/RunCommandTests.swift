import Foundation
import GlyphLabRunLog
import GlyphLabRunner
import GlyphLabTestSupport
import Testing

@Suite("glyphlab run, runs and merge")
struct RunCommandTests {
  func glyphlab() throws -> URL {
    try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
  }

  @Test func runListAndMergeFromTheCommandLine() throws {
    let setup = try ExperimentRunnerTests.Setup("cli")
    let run = try ProcessRunner.run(
      try glyphlab(), ["run", setup.specPath, "clustering.max_iterations=20", "--jobs", "2", "--shard", "0/2"])
    #expect(run.status == 0, "\(run.stderr)")
    // No terminal: one plain line per run.
    #expect(run.stderr.contains("[1/8] "))
    #expect(run.stderr.contains("[8/8] "))
    #expect(run.stdout.contains("fixture: 8 complete, 0 failed, 0 skipped"))
    let shard0 = setup.directory.appendingPathComponent("log.shard-0-of-2.h5").path
    let header = try RunLogReader(path: shard0).header
    #expect(header.overrides == "clustering.max_iterations=20")
    #expect(header.command.hasSuffix("run \(setup.specPath) clustering.max_iterations=20 --jobs 2 --shard 0/2"))

    let second = try ProcessRunner.run(
      try glyphlab(), ["run", setup.specPath, "clustering.max_iterations=20", "--shard", "1/2"])
    #expect(second.status == 0, "\(second.stderr)")
    let merged = setup.directory.appendingPathComponent("merged.h5").path
    let shard1 = setup.directory.appendingPathComponent("log.shard-1-of-2.h5").path
    let merge = try ProcessRunner.run(try glyphlab(), ["merge", "--out", merged, shard0, shard1])
    #expect(merge.status == 0, "\(merge.stderr)")
    #expect(merge.stdout.contains("16 complete, 0 failed, 0 running, 0 planned run(s) in no input"))

    let table = try ProcessRunner.run(try glyphlab(), ["runs", merged])
    #expect(table.status == 0)
    let lines = table.stdout.split(separator: "\n")
    #expect(
      lines.first?.hasPrefix("fixture (clustering): 16 run(s) of 16 planned — 0 running, 16 complete, 0 failed") == true
    )
    #expect(
      lines.dropFirst().first?.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        == [
          "run", "status", "seed", "sweep", "ablation", "ari", "ami", "nmi", "v_measure", "purity", "clusters_found",
          "grid_efficiency", "seconds",
        ])
    #expect(lines.count == 18)

    let json = try ProcessRunner.run(try glyphlab(), ["runs", merged, "--json"])
    #expect(json.status == 0)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(object["experiment"] as? String == "fixture")
    let runs = try #require(object["runs"] as? [[String: Any]])
    #expect(runs.count == 16)
    #expect(runs.allSatisfy { $0["status"] as? String == "complete" })
    #expect(runs.allSatisfy { (($0["metrics"] as? [String: Any])?["ari"]) is Double })
    #expect(runs.allSatisfy { (($0["params"] as? [String: Any])?["clustering.max_iterations"]) as? Int == 20 })
  }

  @Test func specErrorsStopBeforeAnythingRuns() throws {
    let setup = try ExperimentRunnerTests.Setup("cli-errors")
    let output = try ProcessRunner.run(try glyphlab(), ["run", setup.specPath, "clustering.clusterz=3"])
    #expect(output.status != 0)
    #expect(
      output.stderr.contains(
        "<command line>: parameters.clustering.clusterz: unknown key (known keys here: assignment, batch_size, clusters, eps, init"
      )
        && output.stderr.contains("did you mean 'clusters'?"))
    #expect(!FileManager.default.fileExists(atPath: setup.logPath))
    let shard = try ProcessRunner.run(try glyphlab(), ["run", setup.specPath, "--shard", "2/2"])
    #expect(shard.status != 0)
    #expect(shard.stderr.contains("--shard: 2/2 is not a shard"))
    let runs = try ProcessRunner.run(try glyphlab(), ["runs", setup.specPath])
    #expect(runs.status != 0)
    #expect(runs.stderr.contains("cannot read the run log"))
  }
}
