import GlyphLabHDF5

/// Reads one object's attributes for ``RunLogSnapshot``, turning every failure into a
/// ``RunLogError`` that names the file, the object and the key.
struct AttributeReader {
  /// A stored attribute's value.
  enum Value {
    case number(Double)
    case text(String)
  }

  let holder: any HDF5AttributeHolder
  let file: String
  let object: String

  /// The attribute as a number or text, whichever it holds (arrays read as text).
  func value(_ key: String) throws -> Value {
    if let numbers: [Double] = try? holder.numericAttribute(key) {
      if numbers.count == 1 { return .number(numbers[0]) }
      return .text("[" + numbers.map { "\($0)" }.joined(separator: ", ") + "]")
    }
    if let strings = try? holder.stringsAttribute(key) {
      return .text(strings.count == 1 ? strings[0] : "[" + strings.joined(separator: ", ") + "]")
    }
    throw RunLogError.wrongType(file: file, object: object, key: key, expected: "a number or text")
  }

  func requiredString(_ key: String) throws -> String {
    guard let value = try optionalString(key) else {
      throw RunLogError.missingAttribute(file: file, object: object, key: key)
    }
    return value
  }

  func optionalString(_ key: String) throws -> String? {
    guard holder.hasAttribute(key) else { return nil }
    guard let value = try? holder.stringAttribute(key) else {
      throw RunLogError.wrongType(file: file, object: object, key: key, expected: "text")
    }
    return value
  }

  func optionalNumber(_ key: String) throws -> Double? {
    guard holder.hasAttribute(key) else { return nil }
    guard let values: [Double] = try? holder.numericAttribute(key), values.count == 1 else {
      throw RunLogError.wrongType(file: file, object: object, key: key, expected: "a single number")
    }
    return values[0]
  }

  /// An integer attribute; a float attribute must hold a whole number.
  func optionalInteger(_ key: String) throws -> Int? {
    guard let number = try optionalNumber(key) else { return nil }
    if let values: [Int64] = try? holder.numericAttribute(key), values.count == 1, Double(values[0]) == number {
      return Int(values[0])
    }
    guard let value = Int(exactly: number) else {
      throw RunLogError.wrongType(file: file, object: object, key: key, expected: "an integer")
    }
    return value
  }

  func requiredJSONObject(_ key: String) throws -> [ParameterMember] {
    let text = try requiredString(key)
    do {
      return try ParameterValue.parseObject(text)
    } catch {
      let detail: String
      switch error {
      case DecodingError.dataCorrupted(let context), DecodingError.typeMismatch(_, let context):
        detail = context.debugDescription
      default: detail = "not valid JSON"
      }
      throw RunLogError.invalidJSON(file: file, object: object, key: key, detail: detail)
    }
  }

  /// Every attribute not in `known`, as text, sorted by name.
  func otherAttributes(excluding known: Set<String>) throws -> [ParameterMember] {
    let names = try RunLogSnapshot.hdf5 { try holder.attributeNames() }
    return try names.filter { !known.contains($0) }.sorted().map { name in
      switch try value(name) {
      case .number(let number): return ParameterMember(key: name, value: .number(number))
      case .text(let text): return ParameterMember(key: name, value: .string(text))
      }
    }
  }
}
