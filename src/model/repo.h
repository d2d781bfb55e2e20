// A set of loaded YAML files from one repository (or loose files), so audits
// can follow values across files (local composite actions, reusable
// workflows).
#ifndef STEPGUARD_MODEL_REPO_H_
#define STEPGUARD_MODEL_REPO_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "model/workflow.h"
#include "model/yaml.h"

namespace sg::model {

struct SourceFile {
  std::string path;  // as displayed: relative to the repository root when known
  std::string disk_path;  // as opened
  FileKind kind = FileKind::kUnknown;
  std::unique_ptr<yaml::Document> doc;
  std::optional<Workflow> workflow;
  std::optional<Action> action;
  std::optional<Dependabot> dependabot;
  // Problems found while building the typed model (wrong types, ...), with
  // positions; the `syntax` audit reports them as findings.
  std::vector<Diagnostic> diagnostics;
};

struct LoadOptions {
  size_t max_file_bytes = 4u
                          << 20;  // GitHub itself rejects far smaller workflows
  yaml::ParseOptions parse;
  // Threads that read and parse files; 0 picks one per usable CPU (at most
  // 16, and fewer for small inputs). Results never depend on it.
  size_t jobs = 0;
};

class Repository {
 public:
  // Discovers and loads files. Each PATH may be a repository root (has
  // .github/), any folder (every *.yml / *.yaml below it), or a file. Files
  // that cannot be read or parsed are reported in `diags` and skipped.
  // Returns NotFound when a PATH does not exist.
  static Result<std::unique_ptr<Repository>> Load(
      const std::vector<std::string>& paths, Diagnostics* diags,
      const LoadOptions& options = {});
  // Loads one in-memory file (tests, stdin).
  // Returns the file, or nullptr when it could not be parsed (see diags).
  SourceFile* AddFile(std::string path, std::string text, Diagnostics* diags,
                      const LoadOptions& options = {});

  const std::vector<std::unique_ptr<SourceFile>>& files() const {
    return files_;
  }
  size_t files_seen() const { return files_seen_; }

  // Resolves `uses: ./dir` (relative to the repository root) to a loaded
  // action. Load() already loaded every local action that a loaded file
  // references. nullptr when not found.
  const SourceFile* ResolveLocalAction(std::string_view uses) const;
  // Resolves `uses: ./.github/workflows/x.yml` to a loaded workflow.
  const SourceFile* ResolveLocalWorkflow(std::string_view uses) const;

  const std::string& root() const { return root_; }

 private:
  struct PendingFile {
    std::string disk_path;
    std::string display;
  };
  struct Loaded {
    std::unique_ptr<SourceFile> file;  // null when unreadable or unparsable
    Diagnostics diags;
  };
  // Reads and parses one file. Touches no shared state (runs on a worker).
  static Loaded LoadOne(const PendingFile& f, const LoadOptions& options);
  static std::unique_ptr<SourceFile> ParseSource(std::string path,
                                                 std::string text,
                                                 Diagnostics* diags,
                                                 const LoadOptions& options);
  void LoadAll(const std::vector<PendingFile>& pending, Diagnostics* diags);
  void LoadFromDisk(const std::string& disk_path, const std::string& display,
                    Diagnostics* diags, const LoadOptions& options);
  const SourceFile* FindByPath(const std::string& display) const;
  void LoadReferencedActions(Diagnostics* diags);

  std::string root_;  // repository root on disk, when one was given
  std::vector<std::unique_ptr<SourceFile>> files_;
  size_t files_seen_ = 0;
  LoadOptions options_;
};

}  // namespace sg::model

#endif  // STEPGUARD_MODEL_REPO_H_
