/// One `key: value` member of a JSON object from a run log.
public struct JSONMember: Sendable, Hashable {
  /// The member's key (a dotted parameter name such as `pipeline.strategy`).
  public var key: String
  /// Its value.
  public var value: JSONValue

  /// Creates a member.
  public init(key: String, value: JSONValue) {
    self.key = key
    self.value = value
  }
}
