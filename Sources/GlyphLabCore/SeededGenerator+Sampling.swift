import Foundation

extension SeededGenerator {
  /// A uniform integer in `0..<bound` (Lemire's multiply-shift with rejection, unbiased).
  public mutating func uniformInt(below bound: Int) -> Int {
    precondition(bound > 0, "uniformInt(below:) needs a positive bound")
    let b = UInt64(bound)
    var product = next().multipliedFullWidth(by: b)
    if product.low < b {
      let threshold = (0 &- b) % b
      while product.low < threshold { product = next().multipliedFullWidth(by: b) }
    }
    return Int(product.high)
  }

  /// A uniform `Double` in [0, 1) with 53 random bits.
  public mutating func uniformDouble() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A uniform `Float` in [0, 1) with 24 random bits.
  public mutating func uniformFloat() -> Float {
    Float(next() >> 40) * 0x1.0p-24
  }

  /// A standard normal draw (Box–Muller, one value per call).
  public mutating func normal() -> Double {
    var u = uniformDouble()
    while u <= .leastNormalMagnitude { u = uniformDouble() }
    let v = uniformDouble()
    return (-2 * _log(u)).squareRoot() * _cos(2 * .pi * v)
  }

  /// Shuffles `array` in place (Fisher–Yates with ``uniformInt(below:)``).
  public mutating func shuffle<T>(_ array: inout [T]) {
    guard array.count > 1 else { return }
    for i in stride(from: array.count - 1, to: 0, by: -1) {
      array.swapAt(i, uniformInt(below: i + 1))
    }
  }

  /// `count` distinct integers from `0..<population`, in draw order (partial Fisher–Yates).
  public mutating func sample(_ count: Int, from population: Int) -> [Int] {
    precondition(count >= 0 && count <= population, "cannot sample \(count) of \(population)")
    if count * 4 < population {
      var chosen = Set<Int>()
      var out = [Int]()
      out.reserveCapacity(count)
      while out.count < count {
        let x = uniformInt(below: population)
        if chosen.insert(x).inserted { out.append(x) }
      }
      return out
    }
    var pool = Array(0..<population)
    for i in 0..<count { pool.swapAt(i, i + uniformInt(below: population - i)) }
    return Array(pool[0..<count])
  }
}

@inline(__always) private func _log(_ x: Double) -> Double { Foundation.log(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Foundation.cos(x) }
