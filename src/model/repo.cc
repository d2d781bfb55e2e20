#include "model/repo.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "base/file.h"
#include "base/parallel.h"
#include "base/strings.h"

namespace fs = std::filesystem;

namespace sg::model {
namespace {

bool IsYaml(const fs::path& p) {
  auto ext = p.extension().string();
  return ext == ".yml" || ext == ".yaml";
}

bool SkipDir(const std::string& name) {
  return name == ".git" || name == "node_modules" || name == "vendor" ||
         name == "target";
}

// Every YAML file below `dir`, sorted, without following symlinked folders.
std::vector<fs::path> WalkYaml(const fs::path& dir, bool only_actions) {
  std::vector<fs::path> out;
  std::error_code ec;
  fs::recursive_directory_iterator it(
      dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const auto& entry = *it;
    std::string name = entry.path().filename().string();
    if (entry.is_directory(ec)) {
      if (SkipDir(name) || it.depth() > 12) it.disable_recursion_pending();
      continue;
    }
    if (!entry.is_regular_file(ec) || !IsYaml(entry.path())) continue;
    if (only_actions && name != "action.yml" && name != "action.yaml") continue;
    out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Lexical: the walk yields paths below `base`, so no filesystem calls (and
// no symlink resolution) are needed.
std::string Relative(const fs::path& p, const fs::path& base) {
  auto rel = p.lexically_relative(base);
  return rel.empty() ? p.string() : rel.generic_string();
}

}  // namespace

Result<std::unique_ptr<Repository>> Repository::Load(
    const std::vector<std::string>& paths, Diagnostics* diags,
    const LoadOptions& options) {
  auto repo = std::make_unique<Repository>();
  repo->options_ = options;
  // Discovery first, in argument order, then every file is read and parsed
  // (in parallel: files are independent) and added in that same order, so
  // the output does not depend on the number of threads.
  std::vector<PendingFile> pending;
  for (const std::string& arg : paths) {
    std::error_code ec;
    fs::path p(arg);
    auto st = fs::status(p, ec);
    if (ec || !fs::exists(st))
      return Status::NotFound(arg + ": no such file or directory");
    if (fs::is_directory(st)) {
      if (fs::is_directory(p / ".github", ec)) {
        // A repository root: the places GitHub reads.
        if (repo->root_.empty()) repo->root_ = p.string();
        std::vector<fs::path> found;
        for (const char* sub : {".github/workflows"}) {
          if (!fs::is_directory(p / sub, ec)) continue;
          for (const auto& e : fs::directory_iterator(p / sub, ec)) {
            if (e.is_regular_file(ec) && IsYaml(e.path()))
              found.push_back(e.path());
          }
        }
        for (const char* dep :
             {".github/dependabot.yml", ".github/dependabot.yaml"}) {
          if (fs::is_regular_file(p / dep, ec)) found.push_back(p / dep);
        }
        for (auto& a : WalkYaml(p, /*only_actions=*/true)) found.push_back(a);
        std::sort(found.begin(), found.end());
        found.erase(std::unique(found.begin(), found.end()), found.end());
        for (const auto& f : found)
          pending.push_back({f.string(), Relative(f, p)});
      } else {
        for (const auto& f : WalkYaml(p, false))
          pending.push_back(
              {f.string(), (p / Relative(f, p)).generic_string()});
      }
    } else {
      pending.push_back({p.string(), p.generic_string()});
    }
  }
  repo->LoadAll(pending, diags);
  repo->LoadReferencedActions(diags);
  return repo;
}

Repository::Loaded Repository::LoadOne(const PendingFile& f,
                                       const LoadOptions& options) {
  Loaded out;
  auto text = ReadFile(f.disk_path, options.max_file_bytes);
  if (!text.ok()) {
    const std::string& m = text.status().message();
    const size_t colon = m.find(": ");
    out.diags.Error(f.display, {},
                    m.substr(colon == std::string::npos ? 0 : colon + 2));
    return out;
  }
  out.file =
      ParseSource(f.display, std::move(text).value(), &out.diags, options);
  if (out.file) out.file->disk_path = f.disk_path;
  return out;
}

void Repository::LoadAll(const std::vector<PendingFile>& pending,
                         Diagnostics* diags) {
  std::vector<Loaded> loaded(pending.size());
  ParallelFor(pending.size(), WorkerCount(pending.size(), options_.jobs),
              [&](size_t i) { loaded[i] = LoadOne(pending[i], options_); });
  for (Loaded& l : loaded) {
    ++files_seen_;
    diags->Append(l.diags);
    if (l.file) files_.push_back(std::move(l.file));
  }
}

void Repository::LoadFromDisk(const std::string& disk_path,
                              const std::string& display, Diagnostics* diags,
                              const LoadOptions& options) {
  Loaded l = LoadOne({disk_path, display}, options);
  ++files_seen_;
  diags->Append(l.diags);
  if (l.file) files_.push_back(std::move(l.file));
}

std::unique_ptr<SourceFile> Repository::ParseSource(
    std::string path, std::string text, Diagnostics* diags,
    const LoadOptions& options) {
  auto doc = yaml::Document::Parse(path, std::move(text), diags, options.parse);
  if (!doc.ok()) return nullptr;  // reported in diags; nothing to audit
  auto file = std::make_unique<SourceFile>();
  file->path = path;
  file->disk_path = path;
  file->doc = std::move(doc).value();
  file->kind = ClassifyFile(path, file->doc->root());
  const size_t first_diag = diags->items().size();
  switch (file->kind) {
    case FileKind::kWorkflow:
      file->workflow = BuildWorkflow(*file->doc, diags);
      break;
    case FileKind::kAction:
      file->action = BuildAction(*file->doc, diags);
      break;
    case FileKind::kDependabot:
      file->dependabot = BuildDependabot(*file->doc, diags);
      break;
    case FileKind::kUnknown:
      break;
  }
  for (size_t i = first_diag; i < diags->items().size(); ++i)
    file->diagnostics.push_back(diags->items()[i]);
  return file;
}

SourceFile* Repository::AddFile(std::string path, std::string text,
                                Diagnostics* diags,
                                const LoadOptions& options) {
  ++files_seen_;
  auto file = ParseSource(std::move(path), std::move(text), diags, options);
  if (!file) return nullptr;
  files_.push_back(std::move(file));
  return files_.back().get();
}

const SourceFile* Repository::FindByPath(const std::string& display) const {
  for (const auto& f : files_) {
    if (f->path == display) return f.get();
  }
  return nullptr;
}

namespace {
std::string LocalRel(std::string_view uses) {
  std::string rel(uses.substr(2));
  while (!rel.empty() && rel.back() == '/') rel.pop_back();
  return rel;
}
}  // namespace

const SourceFile* Repository::ResolveLocalAction(std::string_view uses) const {
  if (!StartsWith(uses, "./")) return nullptr;
  std::string rel = LocalRel(uses);
  for (const char* name : {"action.yml", "action.yaml"}) {
    const SourceFile* f = FindByPath(rel.empty() ? name : rel + "/" + name);
    if (f && f->action) return f;
  }
  return nullptr;
}

void Repository::LoadReferencedActions(Diagnostics* diags) {
  if (root_.empty()) return;
  // Index-based: loading appends to files_.
  for (size_t i = 0; i < files_.size(); ++i) {
    std::vector<std::string> uses;
    const SourceFile& f = *files_[i];
    auto collect = [&](const std::vector<Step>& steps) {
      for (const auto& s : steps)
        if (StartsWith(s.uses.value, "./")) uses.push_back(s.uses.value);
    };
    if (f.workflow)
      for (const auto& j : f.workflow->jobs) collect(j.steps);
    if (f.action) collect(f.action->steps);
    for (const auto& u : uses) {
      if (ResolveLocalAction(u)) continue;
      std::string rel = LocalRel(u);
      for (const char* name : {"action.yml", "action.yaml"}) {
        std::string display = rel.empty() ? name : rel + "/" + name;
        std::error_code ec;
        fs::path disk = fs::path(root_) / display;
        if (fs::is_regular_file(disk, ec) && !FindByPath(display)) {
          LoadFromDisk(disk.string(), display, diags, options_);
          break;
        }
      }
    }
  }
}

const SourceFile* Repository::ResolveLocalWorkflow(
    std::string_view uses) const {
  if (!StartsWith(uses, "./")) return nullptr;
  std::string rel(uses.substr(2));
  if (size_t at = rel.find('@'); at != std::string::npos) rel.resize(at);
  const SourceFile* f = FindByPath(rel);
  return f && f->workflow ? f : nullptr;
}

}  // namespace sg::model
