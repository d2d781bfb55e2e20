#include "sandbox/protect.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <system_error>

#include "base/fd.h"
#include "base/file.h"
#include "base/strings.h"

namespace sg::sandbox {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxSnapshotFile = 4u << 20;
// The leading path components without wildcards ("a/b" for "a/b/*.yml").
std::string LiteralPrefix(const std::string& glob) {
  std::vector<std::string> parts = Split(glob, '/');
  std::vector<std::string> lit;
  for (const std::string& p : parts) {
    if (p.find_first_of("*?[") != std::string::npos) break;
    lit.push_back(p);
  }
  return Join(lit, "/");
}

// True when some path strictly below the directory `dir` (components) can
// match the glob `g` (components): each directory component must match the
// glob's component at the same depth, until a `**`, which can match
// anything below.
bool CouldMatchBelow(const std::vector<std::string>& g,
                     const std::vector<std::string>& dir) {
  for (size_t i = 0; i < dir.size(); ++i) {
    if (i >= g.size()) return false;
    if (g[i] == "**") return true;
    if (!GlobMatch(g[i], dir[i])) return false;
  }
  return g.size() > dir.size();
}

bool HasWildcard(const std::string& s) {
  return s.find_first_of("*?[") != std::string::npos;
}

bool Matches(const std::vector<std::string>& globs, const std::string& rel) {
  for (const std::string& g : globs) {
    if (GlobMatch(g, rel)) return true;
    // `dir/**` also covers `dir` itself.
    if (EndsWith(g, "/**") && g.substr(0, g.size() - 3) == rel) return true;
  }
  return false;
}

// True when no component of `path` below `root` is a symlink, so acting on
// it (as the possibly privileged supervisor) cannot be redirected outside
// the writable root by a link the task planted.
bool NoSymlinkBelow(const std::string& root, const fs::path& path) {
  std::error_code ec;
  fs::path canon = fs::weakly_canonical(path, ec);
  if (ec) return false;
  return canon.lexically_normal() == path.lexically_normal() &&
         StartsWith(canon.string() + "/", root + "/");  // root itself too
}

enum class Want { kFiles, kDirectories };

// Relative paths under root matching globs: files and symlinks, or only
// directories. Walks only below each glob's literal prefix and only into
// directories below which a glob can still match. False when the walk
// stopped after `max_entries` entries (or could not go on).
bool WalkMatches(const std::string& root, const std::vector<std::string>& globs,
                 Want want, size_t max_entries, std::vector<std::string>* out) {
  const bool dirs = want == Want::kDirectories;
  size_t seen = 0;
  bool complete = true;
  std::vector<std::vector<std::string>> split;
  for (const std::string& g : globs) split.push_back(Split(g, '/'));
  for (const std::string& g : globs) {
    std::string prefix = LiteralPrefix(g);
    fs::path start = prefix.empty() ? fs::path(root) : fs::path(root) / prefix;
    std::error_code ec;
    auto st = fs::symlink_status(start, ec);
    if (ec) continue;
    if (!prefix.empty() && !NoSymlinkBelow(root, start.parent_path())) continue;
    if (!fs::is_directory(st)) {
      std::string rel = fs::relative(start, root, ec).string();
      if (!dirs && !ec && Matches(globs, rel)) out->push_back(rel);
      continue;
    }
    if (dirs && !prefix.empty() && Matches(globs, prefix)) {
      out->push_back(prefix);
    }
    for (auto it = fs::recursive_directory_iterator(
             start, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (++seen > max_entries) {
        complete = false;
        break;
      }
      std::string rel = fs::relative(it->path(), root, ec).string();
      if (ec) {
        complete = false;
        break;
      }
      if (it->is_directory(ec) && !it->is_symlink(ec)) {
        if (dirs && Matches(globs, rel)) out->push_back(rel);
        std::vector<std::string> d = Split(rel, '/');
        bool enter = false;
        for (const auto& sg : split) enter = enter || CouldMatchBelow(sg, d);
        if (!enter) it.disable_recursion_pending();
        continue;
      }
      if (!dirs && Matches(globs, rel)) out->push_back(rel);
    }
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
  return complete;
}

}  // namespace

Result<std::vector<std::string>> ExpandProtectedPaths(
    const std::string& root, const std::vector<std::string>& globs,
    size_t max_entries) {
  std::vector<std::string> out;
  for (const std::string& g : globs) {
    std::string base = g;
    bool tree = EndsWith(base, "/**");
    if (tree) base = base.substr(0, base.size() - 3);
    if (!HasWildcard(base)) {
      std::string p = root + "/" + base;
      struct stat st;
      if (lstat(p.c_str(), &st) == 0 && !S_ISLNK(st.st_mode)) out.push_back(p);
      continue;
    }
    // `a/*/hooks/**`: bind each existing `a/X/hooks` directory, so nothing
    // can be created in it either; other patterns bind matching files.
    std::vector<std::string> rels;
    bool complete =
        tree ? WalkMatches(root, {base}, Want::kDirectories, max_entries, &rels)
             : WalkMatches(root, {g}, Want::kFiles, max_entries, &rels);
    if (!complete) {
      return Status::Unavailable("protected pattern " + g +
                                 " needs more than " +
                                 std::to_string(max_entries) + " entries of " +
                                 root + " examined; narrow it");
    }
    for (const std::string& rel : rels) out.push_back(root + "/" + rel);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

ProtectedSnapshot ProtectedSnapshot::Take(const std::vector<std::string>& roots,
                                          const std::vector<std::string>& globs,
                                          size_t max_entries) {
  ProtectedSnapshot snap;
  snap.roots_ = roots;
  snap.globs_ = globs;
  snap.max_entries_ = max_entries;
  for (const std::string& root : roots) {
    std::vector<std::string> rels;
    if (!WalkMatches(root, globs, Want::kFiles, max_entries, &rels)) {
      snap.complete_ = false;
    }
    for (const std::string& rel : rels) {
      Entry e;
      e.path = root + "/" + rel;
      struct stat st;
      if (lstat(e.path.c_str(), &st) != 0) continue;
      e.mode = st.st_mode & 07777;
      if (S_ISLNK(st.st_mode)) {
        e.symlink = true;
        std::error_code ec;
        e.content = fs::read_symlink(e.path, ec).string();
      } else if (S_ISREG(st.st_mode)) {
        Result<std::string> data = ReadFile(e.path, kMaxSnapshotFile);
        if (data.ok()) {
          e.content = std::move(data.value());
        } else {
          e.too_large = true;
        }
      } else {
        continue;
      }
      snap.files_.push_back(std::move(e));
    }
  }
  return snap;
}

std::vector<ProtectedViolation> ProtectedSnapshot::RestoreChanges() const {
  std::vector<ProtectedViolation> out;
  std::map<std::string, const Entry*> before;
  for (const Entry& e : files_) before[e.path] = &e;

  // Files that exist now but did not: remove.
  for (const std::string& root : roots_) {
    std::vector<std::string> rels;
    if (!WalkMatches(root, globs_, Want::kFiles, max_entries_, &rels)) {
      // Something under a protected pattern holds more entries than a walk
      // examines (padding to hide a file?): what lies beyond is neither
      // checked nor removed. Said, not hidden.
      out.push_back({root, "restore-incomplete"});
    }
    for (const std::string& rel : rels) {
      std::string p = root + "/" + rel;
      if (before.count(p)) continue;
      std::error_code ec;
      fs::remove(p, ec);
      out.push_back({p, ec ? "remove-failed" : "removed"});
    }
  }
  // Snapshotted files: compare and put back.
  for (const Entry& e : files_) {
    struct stat st;
    bool exists = lstat(e.path.c_str(), &st) == 0;
    bool same = false;
    if (exists && e.symlink && S_ISLNK(st.st_mode)) {
      std::error_code ec;
      same = fs::read_symlink(e.path, ec).string() == e.content;
    } else if (exists && !e.symlink && S_ISREG(st.st_mode)) {
      if (e.too_large) continue;  // cannot compare; left as is
      Result<std::string> now = ReadFile(e.path, kMaxSnapshotFile);
      same = now.ok() && now.value() == e.content &&
             (st.st_mode & 07777) == e.mode;
    }
    if (same) continue;
    std::error_code ec;
    std::string root;
    for (const std::string& r : roots_) {
      if (StartsWith(e.path, r + "/")) root = r;
    }
    if (root.empty() || !NoSymlinkBelow(root, fs::path(e.path).parent_path())) {
      out.push_back({e.path, "restore-failed"});
      continue;
    }
    if (exists) fs::remove_all(e.path, ec);
    fs::create_directories(fs::path(e.path).parent_path(), ec);
    Status s = Status::Ok();
    if (e.symlink) {
      fs::create_symlink(e.content, e.path, ec);
      if (ec) s = Status::Internal(ec.message());
    } else {
      Fd fd(open(e.path.c_str(),
                 O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC | O_NOFOLLOW,
                 e.mode));
      if (!fd || write(fd.get(), e.content.data(), e.content.size()) !=
                     static_cast<ssize_t>(e.content.size())) {
        s = Status::Internal("write failed");
      } else {
        fchmod(fd.get(), e.mode);
      }
    }
    out.push_back({e.path, !s.ok() ? "restore-failed"
                                   : (exists ? "restored" : "recreated")});
  }
  return out;
}

}  // namespace sg::sandbox
