import GlyphLabRunLog

extension MarkdownReport {
  func provenanceSection() -> String {
    let notRecorded = "not recorded"
    var text = "## Provenance\n\n"
    var spec = snapshot.specPath.map(Markdown.code) ?? "path \(notRecorded)"
    if let hash = snapshot.specHash { spec += ", hash \(Markdown.code(hash))" }
    text += "- **Spec:** \(spec)\n"
    let overrides = snapshot.overrides.isEmpty ? "none" : snapshot.overrides.map(Markdown.code).joined(separator: ", ")
    text += "- **Overrides:** \(overrides)\n"
    var commit = snapshot.gitCommit.map(Markdown.code) ?? notRecorded
    switch snapshot.gitDirty {
    case true?:
      commit += ", **dirty work tree**: there were uncommitted changes, so the commit alone does not reproduce the run"
    case false?: commit += ", clean work tree"
    case nil: commit += ", work tree state \(notRecorded)"
    }
    text += "- **Commit:** \(commit)\n"
    text += "- **GlyphLab:** \(snapshot.glyphlabVersion.map(Markdown.text) ?? notRecorded)\n"
    let core = snapshot.blasCore.map { "OpenBLAS core \(Markdown.code($0))" } ?? "OpenBLAS core \(notRecorded)"
    let threads = snapshot.blasThreads.map { "\($0) thread\($0 == 1 ? "" : "s")" } ?? "threads \(notRecorded)"
    text += "- **BLAS:** \(core), \(threads)\n"
    text += "- **Host:** \(snapshot.host.map(Markdown.code) ?? notRecorded)\n"
    let started = snapshot.startedAt.map(Markdown.text) ?? notRecorded
    let finished = snapshot.finishedAt.map(Markdown.text) ?? notRecorded
    text += "- **Started / finished:** \(started) / \(finished)\n"
    if snapshot.inputs.isEmpty {
      text += "- **Inputs:** \(notRecorded)\n"
    } else {
      text += "- **Inputs** (as the log's first session read them):\n"
      for input in snapshot.inputs {
        let datasets =
          input.datasets.isEmpty ? "" : " over \(input.datasets.map(Markdown.code).joined(separator: ", "))"
        text +=
          "  - \(Markdown.code(input.path)): \(input.size) bytes, modified \(Markdown.text(input.modified)), "
          + "SHA-256 \(Markdown.code(input.sha256))\(datasets)\n"
      }
    }
    text += "- **Run log:** format `\(RunLogLayout.format)` version \(Markdown.text(snapshot.version))\n"
    var resolved: String?
    for attribute in snapshot.otherAttributes {
      if attribute.key == "spec_resolved", let members = try? JSONValue.parseObject(attribute.value.text) {
        resolved = JSONValue.object(members).yaml
        continue
      }
      text += "- \(Markdown.code(attribute.key)): \(Markdown.code(attribute.value.text))\n"
    }
    if let resolved {
      text += "\nThe resolved spec (`spec_resolved`: what decides the runs, defaults filled in), as YAML:\n\n"
      text += Markdown.codeBlock(resolved, language: "yaml")
    }
    text += "\nTo reproduce the run:\n\n"
    text += Markdown.codeBlock(snapshot.command ?? "# the log records no command", language: "sh")
    let path = snapshot.specPath ?? ""
    let language = path.hasSuffix(".yaml") || path.hasSuffix(".yml") ? "yaml" : ""
    text += "\nThe spec, as the run read it:\n\n" + Markdown.codeBlock(snapshot.spec, language: language)
    return text
  }
}
