import Testing

@testable import GlyphLabReports

@Suite("Ordering configurations")
struct ConfigurationOrderTests {
  @Test("String values order their numbers by value: manual/2 before manual/10")
  func budgetsInNumericOrder() {
    let budgets = ["manual/30", "manual/10", "unlimited", "manual/2", "manual/2.5", "manual/100"]
    let sorted = budgets.map(JSONValue.string).sorted().map(\.text)
    #expect(sorted == ["manual/2", "manual/2.5", "manual/10", "manual/30", "manual/100", "unlimited"])
  }

  @Test("Text without numbers, and equal numbers, keep the plain order")
  func plainTextOrder() {
    #expect(JSONValue.naturallyBefore("hog", "pixels"))
    #expect(!JSONValue.naturallyBefore("pixels", "hog"))
    #expect(JSONValue.naturallyBefore("a", "a1"))
    #expect(JSONValue.naturallyBefore("a01", "a1"))
    #expect(!JSONValue.naturallyBefore("a1", "a1"))
    #expect(JSONValue.naturallyBefore("glyphs 9 of 10", "glyphs 10 of 10"))
  }

  @Test("Configurations sort by their swept budget's value")
  func configurationsByBudget() {
    let keys = ["manual/10", "manual/2", "manual/30"].map {
      ConfigurationKey(sweep: [JSONMember(key: "pipeline.budget", value: .string($0))], ablation: "")
    }
    #expect(
      keys.sorted().map(\.sweepLabel) == [
        "pipeline.budget=manual/2", "pipeline.budget=manual/10", "pipeline.budget=manual/30",
      ])
  }
}
