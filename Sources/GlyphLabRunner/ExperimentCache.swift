import GlyphLabCore

/// A process-wide cache of loaded inputs (datasets, feature matrices) shared by the runs of
/// an experiment, so a sweep of 100 runs over one dataset reads it once. Values are looked
/// up by a key that must capture everything they depend on (path, options); a value is
/// loaded once even when several workers ask at the same time. The least recently used
/// values are dropped when the total cost passes ``limitBytes``. Caching never changes
/// results, only how often inputs are read.
public final class ExperimentCache: Sendable {
  /// The cache the built-in kinds use: 4 GiB.
  public static let shared = ExperimentCache(limitBytes: 4 << 30)

  /// The most bytes kept (an entry larger than this is still returned, and kept alone).
  public let limitBytes: Int

  private final class Slot: Sendable {
    let value = Locked<(any Sendable)?>(nil)
  }

  private struct Entry {
    var slot: Slot
    var bytes: Int
    var lastUse: Int
  }

  private let entries = Locked<(table: [String: Entry], clock: Int)>(([:], 0))

  /// A cache holding at most `limitBytes`.
  public init(limitBytes: Int) { self.limitBytes = limitBytes }

  /// The value for `key`, loading it with `load` the first time; `bytes` estimates its
  /// size. A load that throws is not cached.
  public func value<T: Sendable>(for key: String, bytes: (T) -> Int, load: () throws -> T) throws -> T {
    let slot = entries.withLock { state -> Slot in
      state.clock += 1
      if var entry = state.table[key] {
        entry.lastUse = state.clock
        state.table[key] = entry
        return entry.slot
      }
      let slot = Slot()
      state.table[key] = Entry(slot: slot, bytes: 0, lastUse: state.clock)
      return slot
    }
    let (value, size): (T, Int?) = try slot.value.withLock { stored in
      if let cached = stored as? T { return (cached, nil) }
      let loaded = try load()
      stored = loaded
      return (loaded, bytes(loaded))
    }
    if let size { record(key, slot: slot, bytes: size) }
    return value
  }

  /// Drops every value.
  public func removeAll() { entries.withLock { $0.table.removeAll() } }

  private func record(_ key: String, slot: Slot, bytes: Int) {
    entries.withLock { state in
      guard state.table[key]?.slot === slot else { return }
      state.table[key]?.bytes = bytes
      var total = state.table.values.reduce(0) { $0 + $1.bytes }
      while total > limitBytes,
        let oldest = state.table.filter({ $0.key != key && $0.value.bytes > 0 }).min(by: {
          $0.value.lastUse < $1.value.lastUse
        })
      {
        total -= oldest.value.bytes
        state.table[oldest.key] = nil
      }
    }
  }
}
