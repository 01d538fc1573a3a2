import GlyphLabConfig
import GlyphLabRunLog

/// The complete parameters of one run: every key of the kind's schema with its value from
/// the spec, a sweep axis, an ablation component, a command-line override or the default,
/// plus the experiment's target accuracy. Kinds read them with typed getters.
public struct ResolvedParameters: Sendable, Equatable {
  /// The value of every schema key.
  public let values: [String: ParameterValue]
  /// The experiment's target accuracy (the spec's top-level `target`).
  public let target: Double
  /// Where each value was set (file, line, dotted key as written), for errors; keys left at
  /// their defaults point at the spec's `parameters:` block.
  let origins: [String: ConfigError]
  /// Keys that stay out of ``identityJSON`` while they hold these values (the schema's
  /// ``ParameterSchema/neutralDefaults``).
  let neutralDefaults: [String: ParameterValue]

  /// Creates resolved parameters; `origins` locate values for ``error(_:_:)``, and keys
  /// holding their `neutralDefaults` value stay out of ``identityJSON``.
  public init(
    values: [String: ParameterValue], target: Double, origins: [String: ConfigError] = [:],
    neutralDefaults: [String: ParameterValue] = [:]
  ) {
    self.values = values
    self.target = target
    self.origins = origins
    self.neutralDefaults = neutralDefaults
  }

  public static func == (lhs: ResolvedParameters, rhs: ResolvedParameters) -> Bool {
    lhs.values == rhs.values && lhs.target == rhs.target
  }

  /// The canonical JSON object of the values, keys sorted (logged as the run's `params`;
  /// run ids hash ``identityJSON``).
  public var canonicalJSON: String { CanonicalJSON.object(values) }

  /// The canonical JSON hashed into run ids: ``canonicalJSON`` without the keys that hold
  /// their neutral default (``ParameterDefinition/neutralDefault``).
  public var identityJSON: String {
    guard !neutralDefaults.isEmpty else { return canonicalJSON }
    return CanonicalJSON.object(values.filter { neutralDefaults[$0.key] != $0.value })
  }

  /// An error about `key` located where its value was set: "file:line: key: message".
  public func error(_ key: String, _ message: String) -> ConfigError {
    var located = origins[key] ?? ConfigError(file: "<parameters>", line: 0, key: key, message: "")
    located.message = message
    return located
  }

  private func value(_ key: String, _ type: String) throws -> ParameterValue {
    guard let value = values[key] else {
      throw ConfigError(
        file: "<parameters>", line: 0, key: key,
        message: "the kind read a \(type) parameter its schema does not declare")
    }
    return value
  }

  private func mismatch(_ key: String, _ type: String, _ value: ParameterValue) -> ConfigError {
    error(key, "the kind read it as \(type), but the schema gives \(value.canonicalJSON)")
  }

  /// The integer `key`.
  public func int(_ key: String) throws -> Int {
    let value = try value(key, "int")
    guard case .int(let v) = value else { throw mismatch(key, "int", value) }
    return v
  }

  /// The number `key`.
  public func double(_ key: String) throws -> Double {
    let value = try value(key, "number")
    guard case .double(let v) = value else { throw mismatch(key, "number", value) }
    return v
  }

  /// The boolean `key`.
  public func bool(_ key: String) throws -> Bool {
    let value = try value(key, "bool")
    guard case .bool(let v) = value else { throw mismatch(key, "bool", value) }
    return v
  }

  /// The string (or choice) `key`.
  public func string(_ key: String) throws -> String {
    let value = try value(key, "string")
    guard case .string(let v) = value else { throw mismatch(key, "string", value) }
    return v
  }

  /// The string list `key`.
  public func strings(_ key: String) throws -> [String] {
    let value = try value(key, "string list")
    guard case .strings(let v) = value else { throw mismatch(key, "string list", value) }
    return v
  }

  /// The choice `key` as the typed value whose raw value it is (the schema's `.choice` of
  /// `T`'s raw values guarantees one exists; otherwise the error lists them).
  public func choice<T: RawRepresentable & CaseIterable>(_ key: String, as type: T.Type) throws -> T
  where T.RawValue == String {
    let name = try string(key)
    guard let value = T(rawValue: name) else {
      throw error(key, NameSuggestion.unknown(name, what: "value", among: T.allCases.map(\.rawValue)))
    }
    return value
  }
}
