#include "runner/fake_system_view.h"

#include <algorithm>

namespace sg::runner {

FakeSystemView::FakeSystemView() { AddDir("/"); }

void FakeSystemView::EnsureParents(const std::string& path) {
  for (size_t pos = path.find('/', 1); pos != std::string::npos;
       pos = path.find('/', pos + 1)) {
    std::string dir = path.substr(0, pos);
    if (!nodes_.count(dir)) AddDir(dir);
  }
}

std::string FakeSystemView::Canonical(const std::string& path) const {
  if (path.rfind("/proc/self/", 0) != 0) return path;
  auto self = nodes_.find("/proc/self");
  if (self == nodes_.end()) return path;
  return "/proc/" + self->second.content + path.substr(10);
}

void FakeSystemView::AddFile(const std::string& raw_path, std::string content,
                             uint32_t mode, uint32_t uid) {
  std::string path = Canonical(raw_path);
  EnsureParents(path);
  Node n;
  n.type = FileType::kRegular;
  n.info = {FileType::kRegular, mode, uid, 0, content.size()};
  n.content = std::move(content);
  nodes_[path] = std::move(n);
}

void FakeSystemView::AddDir(const std::string& path, uint32_t mode,
                            uint32_t uid) {
  if (path != "/") EnsureParents(path);
  Node n;
  n.type = FileType::kDirectory;
  n.info = {FileType::kDirectory, mode, uid, 0, 0};
  nodes_[path] = std::move(n);
}

void FakeSystemView::AddSymlink(const std::string& raw_path,
                                std::string target) {
  std::string path = Canonical(raw_path);
  EnsureParents(path);
  Node n;
  n.type = FileType::kSymlink;
  n.content = std::move(target);
  n.info.type = FileType::kSymlink;
  nodes_[path] = std::move(n);
}

void FakeSystemView::AddSocket(const std::string& path, bool accepting) {
  EnsureParents(path);
  Node n;
  n.type = FileType::kSocket;
  n.info = {FileType::kSocket, 0660, 0, 0, 0};
  n.accepting = accepting;
  nodes_[path] = std::move(n);
}

void FakeSystemView::RemovePath(const std::string& path) { nodes_.erase(path); }

void FakeSystemView::SetWritable(const std::string& path, bool writable) {
  if (writable) {
    writable_.insert(path);
  } else {
    writable_.erase(path);
  }
}

void FakeSystemView::SetEnv(const std::string& name, std::string value) {
  for (auto& [k, v] : env_) {
    if (k == name) {
      v = std::move(value);
      return;
    }
  }
  env_.emplace_back(name, std::move(value));
}

void FakeSystemView::UnsetEnv(const std::string& name) {
  env_.erase(std::remove_if(env_.begin(), env_.end(),
                            [&](const auto& kv) { return kv.first == name; }),
             env_.end());
}

void FakeSystemView::SetGitConfig(const std::string& workdir,
                                  std::vector<GitConfigEntry> entries) {
  git_config_[workdir] = std::move(entries);
}

void FakeSystemView::AddTcpListener(const std::string& host, uint16_t port) {
  tcp_.insert({host, port});
}

void FakeSystemView::AddProcess(const FakeProcess& p) {
  std::string dir = "/proc/" + std::to_string(p.pid);
  AddDir(dir, 0555, p.uid);
  // Fields 3..22 of /proc/PID/stat; flags (field 9) carry PF_KTHREAD.
  std::string stat =
      std::to_string(p.pid) + " (" + p.comm + ") S " + std::to_string(p.ppid) +
      " " + std::to_string(p.pid) + " " + std::to_string(p.pid) + " 0 -1 " +
      (p.kernel_thread ? "2129984" : "4194560") + " 0 0 0 0 0 0 0 0 20 0 1 0 " +
      std::to_string(p.start_ticks) + " 0 0\n";
  AddFile(dir + "/stat", stat, 0444, p.uid);
  std::string env;
  for (const auto& [k, v] : p.environ) env += k + "=" + v + '\0';
  AddFile(dir + "/environ", env, 0400, p.uid);
  nodes_[dir + "/environ"].readable = p.environ_readable;
  AddFile(dir + "/cgroup", p.cgroup + "\n", 0444, p.uid);
  if (!p.exe.empty()) AddSymlink(dir + "/exe", p.exe);
}

void FakeSystemView::SetSelf(int pid) {
  nodes_.erase("/proc/self");
  AddSymlink("/proc/self", std::to_string(pid));
}

const FakeSystemView::Node* FakeSystemView::Resolve(
    const std::string& path) const {
  std::string p = path;
  // /proc/self/... is the one place probes go through a link mid-path.
  if (p.rfind("/proc/self/", 0) == 0) {
    auto self = nodes_.find("/proc/self");
    if (self != nodes_.end())
      p = "/proc/" + self->second.content + p.substr(10);
  }
  for (int hops = 0; hops < 8; ++hops) {
    auto it = nodes_.find(p);
    if (it == nodes_.end()) return nullptr;
    if (it->second.type != FileType::kSymlink) return &it->second;
    const std::string& t = it->second.content;
    p = t.size() > 0 && t[0] == '/' ? t
                                    : path.substr(0, path.rfind('/') + 1) + t;
  }
  return nullptr;
}

Result<std::string> FakeSystemView::ReadFile(const std::string& path) const {
  const Node* n = Resolve(path);
  if (n == nullptr)
    return Status::NotFound(path + ": No such file or directory");
  if (n->type == FileType::kDirectory) {
    return Status::InvalidInput(path + ": is a directory");
  }
  if (!n->readable) return Status::NotFound(path + ": Permission denied");
  return n->content;
}

Result<std::vector<std::string>> FakeSystemView::ListDir(
    const std::string& path) const {
  const Node* n = Resolve(path);
  if (n == nullptr || n->type != FileType::kDirectory) {
    return Status::NotFound(path + ": not a directory");
  }
  std::string prefix = path == "/" ? "/" : path + "/";
  std::vector<std::string> out;
  for (auto it = nodes_.lower_bound(prefix);
       it != nodes_.end() && it->first.rfind(prefix, 0) == 0; ++it) {
    std::string rest = it->first.substr(prefix.size());
    if (!rest.empty() && rest.find('/') == std::string::npos)
      out.push_back(rest);
  }
  return out;
}

std::optional<FileInfo> FakeSystemView::Stat(const std::string& path) const {
  const Node* n = Resolve(path);
  if (n == nullptr) return std::nullopt;
  return n->info;
}

Result<std::string> FakeSystemView::ReadLink(const std::string& path) const {
  auto it = nodes_.find(Canonical(path));
  if (it == nodes_.end() || it->second.type != FileType::kSymlink) {
    return Status::NotFound(path + ": not a symbolic link");
  }
  return it->second.content;
}

bool FakeSystemView::IsWritable(const std::string& path) const {
  return writable_.count(path) > 0;
}

bool FakeSystemView::CanConnectUnix(const std::string& path) const {
  const Node* n = Resolve(path);
  return n != nullptr && n->type == FileType::kSocket && n->accepting;
}

Status FakeSystemView::ProbeTcp(const std::string& host, uint16_t port,
                                int) const {
  if (tcp_.count({host, port})) return Status::Ok();
  return Status::Unavailable(host + ":" + std::to_string(port) +
                             ": Connection refused");
}

SudoOutcome FakeSystemView::RunSudoNonInteractive() const {
  ++sudo_calls_;
  return sudo_;
}

Result<std::vector<GitConfigEntry>> FakeSystemView::GitConfig(
    const std::string& workdir) const {
  auto it = git_config_.find(workdir);
  if (it == git_config_.end()) {
    return Status::NotFound(workdir + ": not a git repository");
  }
  return it->second;
}

}  // namespace sg::runner
