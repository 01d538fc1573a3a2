import Foundation
import GlyphLabRunLog
import GlyphLabRunner
import GlyphLabTestSupport
import Testing

@Suite("Scripts/slurm-sweep.sh")
struct SlurmSweepScriptTests {
  /// A stand-in for Slurm's `sbatch`: runs the job script from standard input at once, each
  /// array task in turn with SLURM_ARRAY_TASK_ID set, and prints a job id.
  static let fakeSbatch = """
    #!/usr/bin/env bash
    script=$(cat)
    range=$(grep -o '^#SBATCH --array=[0-9]*-[0-9]*' <<<"$script" | sed 's/.*=//')
    if [[ -n $range ]]; then
      for ((i = ${range%-*}; i <= ${range#*-}; i++)); do
        SLURM_ARRAY_TASK_ID=$i SLURM_CPUS_PER_TASK=1 bash -c "$script" >>"$FAKE_SLURM_LOG" 2>&1 || true
      done
    else
      bash -c "$script" >>"$FAKE_SLURM_LOG" 2>&1
    fi
    echo 4242
    """

  @Test func theArrayJobRunsEveryShardAndTheMergeJobCombinesThem() throws {
    let glyphlab = try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
    let setup = try ExperimentRunnerTests.Setup("slurm")
    let bin = setup.directory.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    let sbatch = try RunnerFixtures.write(Self.fakeSbatch, to: "bin/sbatch", in: setup.directory)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sbatch)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [
      TestPaths.repository.appendingPathComponent("Scripts/slurm-sweep.sh").path, setup.specPath, "3", "seeds=[1]",
    ]
    process.currentDirectoryURL = setup.directory
    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] = bin.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
    environment["GLYPHLAB"] = glyphlab.path
    environment["FAKE_SLURM_LOG"] = setup.directory.appendingPathComponent("slurm.log").path
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(text)")
    #expect(text.contains("submitted array job 4242 (3 shards) and merge job 4242"))

    let merged = setup.directory.appendingPathComponent("Reports/spec.h5").path
    let reader = try RunLogReader(path: merged)
    let spec = try setup.spec(["seeds=[1]"])
    #expect(reader.header.specHash == spec.specHash)
    #expect(try reader.entries().map(\.id) == spec.runs.map(\.id))
    #expect(try reader.entries().allSatisfy { $0.status == .complete })
    #expect(!reader.header.finishedAt.isEmpty)
    let shardLogs = try FileManager.default.contentsOfDirectory(
      atPath: setup.directory.appendingPathComponent("Reports/shards/spec").path)
    #expect(shardLogs.sorted() == ["shard-0-of-3.h5", "shard-1-of-3.h5", "shard-2-of-3.h5"])

    var whole = RunnerOptions()
    whole.logPath = setup.directory.appendingPathComponent("whole.h5").path
    _ = try ExperimentRunner(spec: spec, options: whole).run()
    #expect(try RunnerFixtures.recordings(merged) == RunnerFixtures.recordings(whole.logPath!))
  }

  @Test func aBadSpecIsRejectedBeforeAnythingIsSubmitted() throws {
    let glyphlab = try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
    let setup = try ExperimentRunnerTests.Setup("slurm-bad")
    let output = try ProcessRunner.run(
      URL(fileURLWithPath: "/bin/bash"),
      [TestPaths.repository.appendingPathComponent("Scripts/slurm-sweep.sh").path, setup.specPath, "2", "seeds=x"],
      environment: ["GLYPHLAB": glyphlab.path, "PATH": "/nonexistent:/usr/bin:/bin"])
    #expect(output.status != 0)
    #expect(output.stderr.contains("<command line>: seeds: expected a list of seeds"))
  }
}
