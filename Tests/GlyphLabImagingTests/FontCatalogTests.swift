import GlyphLabImaging
import Testing

@Suite("Font catalog")
struct FontCatalogTests {
  @Test func findsCJKFacesWhenInstalled() {
    let faces = FontCatalog.cjkFaces()
    // `make setup` installs the CJK fonts; on a machine without them the list is empty.
    for face in faces {
      #expect(face.cjkCoverage >= FontCatalog.cjkProbe.count / 2)
      #expect(!face.family.isEmpty)
    }
    #expect(Set(faces.map { "\($0.path)#\($0.faceIndex)" }).count == faces.count, "no duplicates")
  }

  @Test func missingDirectoryGivesNoFaces() {
    #expect(FontCatalog.scan(directories: ["/nonexistent-font-dir"]).isEmpty)
  }

  @Test func versionIsReported() {
    #expect(FontCatalog.freetypeVersion.split(separator: ".").count == 3)
  }
}
