/// A learnable tensor with its accumulated gradient, named like a PyTorch `state_dict` key
/// (`"0.weight"`, `"4.running_mean"`).
///
/// A class, so a layer and an optimiser share the same storage. A layer names its own
/// tensors (`"weight"`, `"bias"`); a container (``Sequential``, ``Residual``) prefixes the
/// names of the layers it is built from, so each layer belongs to one container.
/// Buffers (state that is not learnt, e.g. batch-norm running statistics) are also
/// `Parameter`s, listed by ``Layer/buffers`` and never by ``Layer/parameters``.
public final class Parameter {
  /// The full dotted name, e.g. `"4.weight"`.
  public internal(set) var name: String
  /// The current value.
  public var value: Tensor
  /// The gradient accumulated by backward passes since the last ``zeroGradient()``.
  public var gradient: Tensor
  /// Whether optimisers update it (PyTorch's `requires_grad`). Frozen parameters still
  /// receive gradients; optimisers skip them.
  public var isTrainable: Bool

  /// A parameter named `name` with initial `value` and a zero gradient.
  public init(name: String, value: Tensor, isTrainable: Bool = true) {
    self.name = name
    self.value = value
    self.gradient = Tensor(shape: value.shape)
    self.isTrainable = isTrainable
  }

  /// Sets the gradient to zero.
  public func zeroGradient() {
    gradient.values.withUnsafeMutableBufferPointer { g in
      for i in g.indices { g[i] = 0 }
    }
  }

  /// Adds `name` before the current name (`"weight"` → `"3.weight"`).
  func prefixName(_ prefix: String) { name = prefix + "." + name }
}
