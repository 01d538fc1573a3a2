import GlyphLabConfig
import Testing

@Suite("Config nodes: quoted scalars are strings")
struct QuotedScalarTests {
  @Test func aQuotedNumberIsNotAcceptedWhereANumberIsExpected() throws {
    let root = try ConfigNode.parse(
      """
      count: "3"
      ratio: '0.5'
      flag: "true"
      plain: 3
      """, file: "quoted.yaml")
    let keys = try root.mapping(allowed: ["count", "ratio", "flag", "plain"])
    #expect(try keys["plain"]?.int() == 3)
    #expect(
      throws: ConfigError(
        file: "quoted.yaml", line: 1, key: "count",
        message: "expected an integer, got the quoted string '3'; write the value without quotes")
    ) { try keys["count"]?.int() }
    #expect(
      throws: ConfigError(
        file: "quoted.yaml", line: 2, key: "ratio",
        message: "expected a number, got the quoted string '0.5'; write the value without quotes")
    ) { try keys["ratio"]?.double() }
    #expect(
      throws: ConfigError(
        file: "quoted.yaml", line: 3, key: "flag",
        message: "expected true or false, got the quoted string 'true'; write the value without quotes")
    ) { try keys["flag"]?.bool() }
    // Where a string is expected, the quoted text is fine.
    #expect(try keys["count"]?.string() == "3")
  }

  @Test func aQuotedNumberInAnOverrideIsRefusedToo() throws {
    let root = try ConfigNode.parse("size: 48\n", file: "spec.yaml").applying(["size='3'"])
    let size = try #require(try root.mapping(allowed: ["size"])["size"])
    let error = #expect(throws: ConfigError.self) { try size.int() }
    #expect(error?.file == ConfigNode.commandLine)
    #expect(error?.message.hasPrefix("expected an integer, got the quoted string '3'") == true)
  }
}
