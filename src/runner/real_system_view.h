// The SystemView of the machine stepguard runs on.
#ifndef STEPGUARD_RUNNER_REAL_SYSTEM_VIEW_H_
#define STEPGUARD_RUNNER_REAL_SYSTEM_VIEW_H_

#include <string>
#include <utility>
#include <vector>

#include "runner/system_view.h"

namespace sg::runner {

// Reads the live system. The environment is captured once at construction
// (from `environ`), so probes see one consistent snapshot. Not copyable;
// const methods are safe to call from one thread at a time.
class RealSystemView : public SystemView {
 public:
  RealSystemView();

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
  Identity GetIdentity() const override;
  int LandlockAbi() const override;
  bool CanConnectUnix(const std::string& path) const override;
  Status ProbeTcp(const std::string& host, uint16_t port,
                  int timeout_ms) const override;
  SudoOutcome RunSudoNonInteractive() const override;
  Result<std::vector<GitConfigEntry>> GitConfig(
      const std::string& workdir) const override;

 private:
  std::vector<std::pair<std::string, std::string>> env_;
};

}  // namespace sg::runner

#endif  // STEPGUARD_RUNNER_REAL_SYSTEM_VIEW_H_
