import GlyphLabCore
import Testing

@testable import GlyphLabTraining

@Suite struct EpochPlanTests {
  func set(count: Int, classes: Int, chunk: Int) throws -> TrainingSet {
    let images = try GlyphImages(count: count, height: 2, width: 2, pixels: [UInt8](repeating: 0, count: count * 4))
    // Every seventh image unlabelled.
    let labels = (0..<count).map { $0 % 7 == 6 ? Int32(-1) : Int32($0 % classes) }
    let memory = try TrainingSet(images: images, labels: labels, classCount: classes)
    return try TrainingSet(chunked: memory, chunkSize: chunk)
  }

  @Test func batchesCoverEveryLabelledImageOncePerEpoch() throws {
    let s = try set(count: 100, classes: 5, chunk: 8)
    let g = SeededGenerator(seed: 4)
    let a = EpochPlan.batches(of: s, epoch: 0, batchSize: 16, windowChunks: 3, generator: g)
    let rows = a.batches.flatMap { $0 }
    #expect(rows.sorted() == (0..<100).filter { $0 % 7 != 6 })
    #expect(a.batches.dropLast().allSatisfy { $0.count == 16 })
    // Windows of 3 chunks: each run of 3 chunks' rows stays together.
    let windowOf = rows.map { a.chunkWindow[$0 / 8] }
    #expect(windowOf == windowOf.sorted())
    // Same seed and epoch → same plan; another epoch → another order.
    #expect(EpochPlan.batches(of: s, epoch: 0, batchSize: 16, windowChunks: 3, generator: g).batches == a.batches)
    #expect(EpochPlan.batches(of: s, epoch: 1, batchSize: 16, windowChunks: 3, generator: g).batches != a.batches)
  }

  @Test func episodesHaveWaysTimesPerClassRowsOfDistinctClasses() throws {
    let s = try set(count: 200, classes: 6, chunk: 32)
    let plan = EpochPlan.episodes(
      of: s, epoch: 0, ways: 3, perClass: 4, windowChunks: 100, generator: SeededGenerator(seed: 1))
    #expect(!plan.batches.isEmpty)
    var used = Set<Int>()
    for episode in plan.batches {
      #expect(episode.count == 12)
      let classes = episode.map { s.labels[$0] }
      for k in 0..<3 { #expect(Set(classes[(k * 4)..<(k * 4 + 4)]).count == 1) }
      #expect(Set(classes).count == 3)
      for row in episode { #expect(used.insert(row).inserted) }
    }
  }
}
