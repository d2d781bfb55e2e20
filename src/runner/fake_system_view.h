// FakeSystemView: an in-memory root for probe tests. Files, directories,
// symlinks and sockets live in maps; parent directories are created
// implicitly. Not thread-safe.
#ifndef STEPGUARD_RUNNER_FAKE_SYSTEM_VIEW_H_
#define STEPGUARD_RUNNER_FAKE_SYSTEM_VIEW_H_

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "runner/system_view.h"

namespace sg::runner {

// A process to plant in the fake /proc.
struct FakeProcess {
  int pid = 0;
  int ppid = 0;
  std::string comm;
  uint32_t uid = 0;
  uint64_t start_ticks = 100;
  bool kernel_thread = false;
  std::vector<std::pair<std::string, std::string>> environ;
  bool environ_readable = true;
  std::string cgroup = "0::/";
  std::string exe;
};

class FakeSystemView : public SystemView {
 public:
  FakeSystemView();

  // Building the fake root.
  // Paths under /proc/self/ land under /proc/<pid>/ (call SetSelf first).
  void AddFile(const std::string& path, std::string content,
               uint32_t mode = 0644, uint32_t uid = 0);
  void AddDir(const std::string& path, uint32_t mode = 0755, uint32_t uid = 0);
  void AddSymlink(const std::string& path, std::string target);
  void AddSocket(const std::string& path, bool accepting);
  void RemovePath(const std::string& path);
  void SetWritable(const std::string& path, bool writable);
  void SetEnv(const std::string& name, std::string value);
  void UnsetEnv(const std::string& name);
  void ClearEnv() { env_.clear(); }
  void SetIdentity(Identity id) { identity_ = std::move(id); }
  void SetLandlockAbi(int abi) { landlock_abi_ = abi; }
  void SetSudo(SudoOutcome s) { sudo_ = s; }
  void SetGitConfig(const std::string& workdir,
                    std::vector<GitConfigEntry> entries);
  void AddTcpListener(const std::string& host, uint16_t port);
  // Writes /proc/PID/{stat,environ,cgroup,exe} for `p`.
  void AddProcess(const FakeProcess& p);
  // Points /proc/self at `pid`.
  void SetSelf(int pid);

  int sudo_calls() const { return sudo_calls_; }

  // SystemView.
  Result<std::string> ReadFile(const std::string& path) const override;
  Result<std::vector<std::string>> ListDir(
      const std::string& path) const override;
  std::optional<FileInfo> Stat(const std::string& path) const override;
  Result<std::string> ReadLink(const std::string& path) const override;
  bool IsWritable(const std::string& path) const override;
  const std::vector<std::pair<std::string, std::string>>& Environment()
      const override {
    return env_;
  }
  Identity GetIdentity() const override { return identity_; }
  int LandlockAbi() const override { return landlock_abi_; }
  bool CanConnectUnix(const std::string& path) const override;
  Status ProbeTcp(const std::string& host, uint16_t port,
                  int timeout_ms) const override;
  SudoOutcome RunSudoNonInteractive() const override;
  Result<std::vector<GitConfigEntry>> GitConfig(
      const std::string& workdir) const override;

 private:
  struct Node {
    FileType type = FileType::kRegular;
    std::string content;  // file content or symlink target
    FileInfo info;
    bool readable = true;
    bool accepting = false;  // sockets
  };
  void EnsureParents(const std::string& path);
  // Maps "/proc/self/..." onto "/proc/<self pid>/..." once SetSelf ran.
  std::string Canonical(const std::string& path) const;
  const Node* Resolve(const std::string& path) const;

  std::map<std::string, Node> nodes_;
  std::set<std::string> writable_;
  std::vector<std::pair<std::string, std::string>> env_;
  Identity identity_;
  int landlock_abi_ = 0;
  SudoOutcome sudo_ = SudoOutcome::kNotInstalled;
  mutable int sudo_calls_ = 0;
  std::map<std::string, std::vector<GitConfigEntry>> git_config_;
  std::set<std::pair<std::string, uint16_t>> tcp_;
};

}  // namespace sg::runner

#endif  // STEPGUARD_RUNNER_FAKE_SYSTEM_VIEW_H_
