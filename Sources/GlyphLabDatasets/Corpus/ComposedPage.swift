/// A composed corpus page: its pixels, every character's box (main text and glosses) and the
/// regions drawn without ground truth (illustrations, seals).
struct ComposedPage {
  /// A rectangle on the page, in pixels.
  struct Rect: Equatable {
    var x: Int
    var y: Int
    var w: Int
    var h: Int

    func intersects(_ o: Rect) -> Bool { x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h }
  }

  /// One character: its ink's bounding box, class and whether it is a side gloss.
  struct Box {
    var rect: Rect
    var label: Int32
    var isGloss: Bool
  }

  var pixels: [UInt8]
  var boxes: [Box]
  /// Illustration regions: the cells of the characters they replace.
  var illustrations: [Rect] = []
  /// Seals: their squares.
  var seals: [Rect] = []
}
