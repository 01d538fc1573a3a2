import GlyphLabConfig
import Testing

@Suite("config overrides")
struct ConfigOverrideTests {
  static let text = """
    name: base
    model:
      k: 3
      init: random
    sweep:
      model.k: [1, 2]
    """

  @Test func overridesReplaceAddAndNestValues() throws {
    let root = try ConfigNode.parse(Self.text, file: "a.yaml").applying(
      ["model.k=7", "model.extra.depth=2", "sweep.model.init=[a, b]", "name=other", "list=[1, 2]"]
    ) { $0 == "sweep" }
    let top = try root.mapping(allowed: ["name", "model", "sweep", "list"])
    #expect(try top["name"]?.string() == "other")
    let model = try #require(try top["model"]?.mapping(allowed: ["k", "init", "extra"]))
    #expect(try model["k"]?.int() == 7)
    #expect(try model["init"]?.string() == "random")
    #expect(try model["extra"]?.mapping(allowed: ["depth"])["depth"]?.int() == 2)
    let sweep = try #require(try top["sweep"]?.orderedMapping(allowed: nil))
    #expect(sweep.map(\.key) == ["model.k", "model.init"])
    #expect(try sweep[1].value.strings() == ["a", "b"])
    #expect(try top["list"]?.sequence().map { try $0.int() } == [1, 2])
  }

  @Test func overriddenValuesReportTheCommandLine() throws {
    let root = try ConfigNode.parse(Self.text, file: "a.yaml").applying(["model.k=x", "model.new.deep=1"])
    let model = try #require(try root.mapping(allowed: ["name", "model", "sweep"])["model"])
    let entries = try model.mapping(allowed: ["k", "init", "new"])
    let k = try #require(entries["k"])
    #expect(k.isFromCommandLine && k.file == ConfigNode.commandLine && k.line == 0)
    #expect(
      throws: ConfigError(file: "<command line>", line: 0, key: "model.k", message: "expected an integer, got 'x'")
    ) {
      try k.int()
    }
    #expect(entries["init"]?.file == "a.yaml" && entries["init"]?.line == 4)
    // A mapping the override created is the command line's, so an unknown key in it is too.
    #expect(
      throws: ConfigError(
        file: "<command line>", line: 0, key: "model.new.deep", message: "unknown key (known keys here: shallow)")
    ) {
      try entries["new"]?.mapping(allowed: ["shallow"])
    }
    #expect(
      throws: ConfigError(
        file: "<command line>", line: 0, key: "model.new", message: "unknown key (known keys here: init, k)")
    ) {
      try model.mapping(allowed: ["k", "init"])
    }
  }

  @Test func malformedOverridesAreRejected() {
    let root = try? ConfigNode.parse(Self.text, file: "a.yaml")
    #expect(throws: ConfigError.self) { try root?.applying(["model.k"]) }
    #expect(throws: ConfigError.self) { try root?.applying(["name.sub=1"]) }
    #expect(throws: ConfigError.self) { try root?.applying(["model.k=[1, 2"]) }
  }
}
