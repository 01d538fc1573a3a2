import CFreeType
import Foundation

/// One face in a font file, as FreeType reads it.
public struct FontFace: Sendable, Equatable, Codable {
  /// The font file.
  public var path: String
  /// The face index within a collection (.ttc/.otc).
  public var faceIndex: Int
  /// Family and style names, e.g. "Noto Serif CJK JP", "Bold".
  public var family: String
  public var style: String
  /// How many of ``FontCatalog/cjkProbe`` characters the face has glyphs for.
  public var cjkCoverage: Int

  public init(path: String, faceIndex: Int, family: String, style: String, cjkCoverage: Int) {
    self.path = path
    self.faceIndex = faceIndex
    self.family = family
    self.style = style
    self.cjkCoverage = cjkCoverage
  }

  /// Whether the face covers the CJK probe set.
  public var isCJK: Bool { cjkCoverage >= FontCatalog.cjkProbe.count / 2 }
}

/// Finds the fonts installed on the machine with FreeType, and which of them are CJK.
public enum FontCatalog {
  /// The directories searched by default.
  public static let defaultDirectories = [
    "/usr/share/fonts", "/usr/local/share/fonts",
    NSHomeDirectory() + "/.local/share/fonts",
  ]

  /// Characters a CJK font for old books should have: common, rare and variant forms.
  public static let cjkProbe: [Unicode.Scalar] = ["一", "之", "郷", "鄉", "書", "龍", "學", "國"]

  /// FreeType's version string.
  public static var freetypeVersion: String {
    var library: FT_Library?
    guard FT_Init_FreeType(&library) == 0, let library else { return "unknown" }
    defer { FT_Done_FreeType(library) }
    var major: FT_Int = 0
    var minor: FT_Int = 0
    var patch: FT_Int = 0
    FT_Library_Version(library, &major, &minor, &patch)
    return "\(major).\(minor).\(patch)"
  }

  /// Every face in the font files (.ttf, .otf, .ttc, .otc) under `directories`, sorted by
  /// path and face index.
  public static func scan(directories: [String] = defaultDirectories) -> [FontFace] {
    var library: FT_Library?
    guard FT_Init_FreeType(&library) == 0, let library else { return [] }
    defer { FT_Done_FreeType(library) }
    var faces: [FontFace] = []
    for file in fontFiles(in: directories) {
      var index = 0
      var total = 1
      while index < total {
        var face: FT_Face?
        guard FT_New_Face(library, file, FT_Long(index), &face) == 0, let face else { break }
        total = Int(face.pointee.num_faces)
        let family = face.pointee.family_name.map { String(cString: $0) } ?? ""
        let style = face.pointee.style_name.map { String(cString: $0) } ?? ""
        let coverage = cjkProbe.filter { FT_Get_Char_Index(face, FT_ULong($0.value)) != 0 }.count
        faces.append(FontFace(path: file, faceIndex: index, family: family, style: style, cjkCoverage: coverage))
        FT_Done_Face(face)
        index += 1
      }
    }
    return faces
  }

  /// The CJK faces under `directories`.
  public static func cjkFaces(directories: [String] = defaultDirectories) -> [FontFace] {
    scan(directories: directories).filter(\.isCJK)
  }

  static func fontFiles(in directories: [String]) -> [String] {
    let extensions: Set<String> = ["ttf", "otf", "ttc", "otc"]
    // Several paths can name one file (Debian links fonts-japanese-mincho.ttf to IPAmj
    // Mincho, for example); each real file is listed once, under its resolved path.
    var files = Set<String>()
    for directory in directories {
      guard let walker = FileManager.default.enumerator(atPath: directory) else { continue }
      while let relative = walker.nextObject() as? String {
        let ext = (relative as NSString).pathExtension.lowercased()
        guard extensions.contains(ext) else { continue }
        let path = (directory as NSString).appendingPathComponent(relative)
        files.insert((path as NSString).resolvingSymlinksInPath)
      }
    }
    return files.sorted()
  }
}
