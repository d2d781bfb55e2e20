#include "runner/proc_table.h"

#include <algorithm>
#include <cstdlib>

#include "base/strings.h"

namespace sg::runner {
namespace {

constexpr uint64_t kPfKthread = 0x00200000;

bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<ProcessInfo> ParseProcStat(const std::string& line) {
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so
  // split at the last ')'.
  size_t open = line.find('(');
  size_t close = line.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) {
    return std::nullopt;
  }
  ProcessInfo p;
  p.pid = std::atoi(line.substr(0, open).c_str());
  p.comm = line.substr(open + 1, close - open - 1);
  std::vector<std::string> f;
  for (auto& w : Split(std::string_view(line).substr(close + 1), ' ')) {
    if (!w.empty()) f.push_back(std::move(w));
  }
  // f[0] is field 3 (state); field N is f[N - 3].
  if (f.size() < 20 || p.pid <= 0) return std::nullopt;
  p.ppid = std::atoi(f[1].c_str());
  uint64_t flags = std::strtoull(f[6].c_str(), nullptr, 10);
  p.start_ticks = std::strtoull(f[19].c_str(), nullptr, 10);
  p.kernel_thread = (flags & kPfKthread) != 0 || p.pid == 2 || p.ppid == 2;
  return p;
}

std::vector<ProcessInfo> ReadProcessTable(const SystemView& sys) {
  std::vector<ProcessInfo> out;
  auto names = sys.ListDir("/proc");
  if (!names.ok()) return out;
  for (const auto& n : *names) {
    if (!AllDigits(n)) continue;
    std::string dir = "/proc/" + n;
    auto stat = sys.ReadFile(dir + "/stat");
    if (!stat.ok()) continue;
    auto p = ParseProcStat(*stat);
    if (!p) continue;
    if (auto st = sys.Stat(dir)) p->uid = st->uid;
    out.push_back(std::move(*p));
  }
  std::sort(
      out.begin(), out.end(),
      [](const ProcessInfo& a, const ProcessInfo& b) { return a.pid < b.pid; });
  return out;
}

int SelfPid(const SystemView& sys) {
  auto link = sys.ReadLink("/proc/self");
  if (!link.ok()) return 0;
  return std::atoi(link->c_str());
}

std::optional<std::vector<std::pair<std::string, std::string>>>
ReadProcessEnviron(const SystemView& sys, int pid) {
  auto data = sys.ReadFile("/proc/" + std::to_string(pid) + "/environ");
  if (!data.ok()) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& kv : Split(*data, '\0')) {
    if (kv.empty()) continue;
    size_t eq = kv.find('=');
    if (eq == std::string::npos) continue;
    out.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return out;
}

}  // namespace sg::runner
