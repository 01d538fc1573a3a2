import GlyphLabHDF5

/// Reads one object's attributes for ``RunLogReader``, turning every failure into a
/// ``RunLogError`` that names the file, the object and the key.
struct AttributeReader {
  let holder: any HDF5AttributeHolder
  let file: String
  let object: String

  /// The attribute as a number or text, whichever it holds (arrays read as text).
  func value(_ key: String) throws -> AttributeValue {
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

  /// A list of strings (an empty or absent attribute gives []).
  func strings(_ key: String) throws -> [String] {
    guard holder.hasAttribute(key) else { return [] }
    guard let count = try? holder.attributeCount(key) else {
      throw RunLogError.wrongType(file: file, object: object, key: key, expected: "a list of strings")
    }
    guard count > 0 else { return [] }
    guard let values = try? holder.stringsAttribute(key) else {
      throw RunLogError.wrongType(file: file, object: object, key: key, expected: "a list of strings")
    }
    return values
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

  /// An unsigned 64-bit attribute stored as int64 (a seed): its bit pattern.
  func optionalBits(_ key: String) throws -> UInt64? {
    guard let number = try optionalNumber(key) else { return nil }
    if let values: [Int64] = try? holder.numericAttribute(key), values.count == 1 {
      return UInt64(bitPattern: values[0])
    }
    guard let value = Int64(exactly: number) else {
      throw RunLogError.wrongType(file: file, object: object, key: key, expected: "an integer")
    }
    return UInt64(bitPattern: value)
  }
}
