#include "runner/system_view.h"

#include <algorithm>

#include "base/strings.h"

namespace sg::runner {

std::optional<std::string> SystemView::GetEnv(const std::string& name) const {
  for (const auto& [k, v] : Environment()) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::optional<std::string> SystemView::Sysctl(const std::string& name) const {
  std::string path = name;
  std::replace(path.begin(), path.end(), '.', '/');
  auto r = ReadFile("/proc/sys/" + path);
  if (!r.ok()) return std::nullopt;
  return std::string(Trim(*r));
}

}  // namespace sg::runner
