import GlyphLabConfig
import Testing

@Suite("Config nodes")
struct ConfigNodeTests {
  let yaml = """
    name: demo
    size: 48
    ratio: 0.5
    flag: yes
    list: [a, b]
    nested:
      depth: 3
    """

  @Test func typedValuesAndKeyPaths() throws {
    let root = try ConfigNode.parse(yaml, file: "demo.yaml")
    let keys = try root.mapping(allowed: ["name", "size", "ratio", "flag", "list", "nested"])
    #expect(try keys["name"]?.string() == "demo")
    #expect(try keys["size"]?.int(in: 1...100) == 48)
    #expect(try keys["ratio"]?.double() == 0.5)
    #expect(try keys["flag"]?.bool() == true)
    #expect(try keys["list"]?.strings() == ["a", "b"])
    let nested = try #require(keys["nested"])
    let depth = try #require(try nested.mapping(allowed: ["depth"])["depth"])
    #expect(depth.path == "nested.depth")
    #expect(depth.line == 7)
  }

  @Test func errorsNameFileLineAndKey() throws {
    let root = try ConfigNode.parse(yaml, file: "demo.yaml")
    let golden: [(String, () throws -> Void)] = [
      (
        "demo.yaml:2: size: 48 is outside 1...10",
        { _ = try root.mapping(allowed: ["name", "size", "ratio", "flag", "list", "nested"])["size"]?.int(in: 1...10) }
      ),
      (
        "demo.yaml:1: name: expected an integer, got 'demo'",
        { _ = try root.mapping(allowed: ["name", "size", "ratio", "flag", "list", "nested"])["name"]?.int() }
      ),
      (
        "demo.yaml:3: ratio: unknown key (known keys here: flag, list, name, nested, size)",
        { _ = try root.mapping(allowed: ["name", "size", "flag", "list", "nested"]) }
      ),
      (
        "demo.yaml:5: list: expected a string",
        { _ = try root.mapping(allowed: ["name", "size", "ratio", "flag", "list", "nested"])["list"]?.string() }
      ),
    ]
    for (message, body) in golden {
      #expect(throws: (any Error).self) { try body() }
      do {
        try body()
      } catch {
        #expect("\(error)" == message)
      }
    }
  }

  @Test func invalidYAMLAndMissingFile() {
    #expect(throws: ConfigError.self) { try ConfigNode.parse("a: [1, 2", file: "bad.yaml") }
    #expect(throws: ConfigError(file: "/nonexistent.yaml", line: 0, key: "", message: "cannot read the file")) {
      try ConfigNode.load(path: "/nonexistent.yaml")
    }
  }
}

@Suite("did you mean")
struct NameSuggestionTests {
  @Test func editDistanceIsLevenshtein() {
    #expect(NameSuggestion.editDistance("kitten", "sitting") == 3)
    #expect(NameSuggestion.editDistance("", "abc") == 3)
    #expect(NameSuggestion.editDistance("flaw", "lawn") == 2)
  }

  @Test func nearMissesAreSuggestedAndFarOnesAreNot() {
    let methods = ["kmeans", "minibatch-kmeans", "agglomerative-ward", "agglomerative-average", "dbscan", "leader"]
    #expect(NameSuggestion.nearest(to: "kmean", among: methods).first == "kmeans")
    #expect(NameSuggestion.nearest(to: "agglomerative_ward", among: methods) == ["agglomerative-ward"])
    #expect(NameSuggestion.nearest(to: "spectral", among: methods).isEmpty)
    #expect(NameSuggestion.clause(for: "dbscn", among: methods) == "; did you mean 'dbscan'?")
    // Dotted keys of one group compare by their last part.
    #expect(NameSuggestion.nearest(to: "clustering.k", among: ["clustering.eps", "clustering.clusters"]).isEmpty)
    #expect(
      NameSuggestion.nearest(to: "clustering.clusterz", among: ["clustering.clusters"]) == ["clustering.clusters"])
  }
}
