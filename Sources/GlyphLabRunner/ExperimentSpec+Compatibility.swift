import Foundation
import GlyphLabRunLog

extension ExperimentSpec {
  /// Whether a log written from the spec whose resolved form (``resolvedJSON``) was
  /// `stored` holds this experiment, although the hashes differ: the same experiment,
  /// seeds, target, sweep, ablation and parameter values, except for parameters added to
  /// the schema since, which this spec leaves at their neutral default
  /// (``ParameterDefinition/neutralDefault``: what runs did before the key existed).
  /// So adding a parameter does not strand the logs written before it (`--resume`).
  public func isCompatible(withResolved stored: String) -> Bool {
    func object(_ text: String) -> [String: Any]? {
      (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }
    guard let old = object(stored), let new = object(resolvedJSON),
      let oldParameters = old["parameters"] as? [String: Any], let newParameters = new["parameters"] as? [String: Any],
      let neutral = object(CanonicalJSON.object(kind.schema.neutralDefaults))
    else { return false }
    func same(_ a: Any?, _ b: Any?) -> Bool {
      guard let a, let b,
        let x = try? JSONSerialization.data(withJSONObject: [a], options: [.sortedKeys]),
        let y = try? JSONSerialization.data(withJSONObject: [b], options: [.sortedKeys])
      else { return false }
      return x == y
    }
    for key in Set(old.keys).union(new.keys) where key != "parameters" {
      guard same(old[key], new[key]) else { return false }
    }
    for key in Set(oldParameters.keys).union(newParameters.keys) {
      if let value = oldParameters[key] {
        guard same(value, newParameters[key]) else { return false }
      } else {
        // Added since the log was written: only at its neutral default.
        guard same(newParameters[key], neutral[key]) else { return false }
      }
    }
    return true
  }
}
