// Sandbox support: which kernel isolation layers `stepguard exec` can build
// here. Facts and conditions only; the absence of a feature is not a finding
// unless the policy requires it.
#include <cstdlib>

#include "base/strings.h"
#include "runner/probes.h"

namespace sg::runner {
namespace {

std::optional<bool> SysctlBool(const SystemView& sys, const std::string& name) {
  auto v = sys.Sysctl(name);
  if (!v || v->empty()) return std::nullopt;
  return *v != "0";
}

std::vector<std::string> Words(std::string_view text, char sep) {
  std::vector<std::string> out;
  for (const auto& w : Split(text, sep)) {
    std::string_view t = Trim(w);
    if (!t.empty()) out.emplace_back(t);
  }
  return out;
}

void ProbeUserNamespaces(const ProbeInput& in, RunnerFacts::Sandbox* s) {
  if (auto max = in.sys.Sysctl("user.max_user_namespaces");
      max && !max->empty()) {
    s->max_user_namespaces = std::strtol(max->c_str(), nullptr, 10);
  }
  s->unprivileged_userns_clone =
      SysctlBool(in.sys, "kernel.unprivileged_userns_clone");
  s->apparmor_restrict_unprivileged_userns =
      SysctlBool(in.sys, "kernel.apparmor_restrict_unprivileged_userns");
  if (!s->max_user_namespaces) {
    // No /proc/sys/user: either no user namespace support or no /proc.
    s->user_namespaces = in.sys.Exists("/proc/sys") ? Tri::kNo : Tri::kUnknown;
    return;
  }
  bool usable = *s->max_user_namespaces > 0 &&
                s->unprivileged_userns_clone.value_or(true) &&
                !s->apparmor_restrict_unprivileged_userns.value_or(false);
  s->user_namespaces = ToTri(usable);
}

void ProbeSeccomp(const ProbeInput& in, RunnerFacts::Sandbox* s,
                  std::string_view status) {
  auto actions = in.sys.ReadFile("/proc/sys/kernel/seccomp/actions_avail");
  if (actions.ok()) {
    s->seccomp_actions = Words(*actions, ' ');
    s->seccomp = !s->seccomp_actions.empty();
    for (const auto& a : s->seccomp_actions) {
      if (a == "user_notif") s->seccomp_user_notif = true;
    }
  }
  if (auto mode = StatusField(status, "Seccomp")) {
    s->seccomp_mode = std::atoi(mode->c_str());
    // Older kernels without actions_avail still support filter mode when
    // the Seccomp field exists.
    if (!actions.ok()) s->seccomp = true;
  }
}

void ProbeCgroup(const ProbeInput& in, RunnerFacts::Sandbox* s) {
  auto mounts = in.sys.ReadFile("/proc/self/mounts");
  if (!mounts.ok()) return;
  for (const auto& line : Split(*mounts, '\n')) {
    auto f = Split(line, ' ');
    if (f.size() >= 3 && f[2] == "cgroup2") {
      s->cgroup_v2 = true;
      s->cgroup_v2_mount = f[1];
      break;
    }
  }
  if (!s->cgroup_v2) return;
  auto cg = in.sys.ReadFile("/proc/self/cgroup");
  if (!cg.ok()) return;
  for (const auto& line : Split(*cg, '\n')) {
    if (StartsWith(line, "0::")) {
      s->cgroup_path = std::string(Trim(std::string_view(line).substr(3)));
    }
  }
  if (s->cgroup_path.empty()) return;
  std::string dir = s->cgroup_v2_mount;
  if (s->cgroup_path != "/") dir = JoinPath(dir, s->cgroup_path.substr(1));
  if (auto c = in.sys.ReadFile(JoinPath(dir, "cgroup.controllers")); c.ok()) {
    s->cgroup_controllers = Words(*c, ' ');
  }
  // Delegation needs a child directory (mkdir in `dir`) that we can move
  // processes into: the directory and its cgroup.procs must be writable.
  s->cgroup_delegable = in.sys.IsWritable(dir) &&
                        in.sys.IsWritable(JoinPath(dir, "cgroup.procs"));
}

}  // namespace

void ProbeSandboxSupport(const ProbeInput& in, RunnerReport* out) {
  RunnerFacts::Sandbox& s = out->facts.sandbox;
  auto status = in.sys.ReadFile("/proc/self/status");
  std::string st = status.ok() ? *status : "";

  ProbeUserNamespaces(in, &s);
  if (auto lsm = in.sys.ReadFile("/sys/kernel/security/lsm"); lsm.ok()) {
    s.lsms = Words(*lsm, ',');
  }
  s.landlock_abi = in.sys.LandlockAbi();
  ProbeSeccomp(in, &s, st);
  ProbeCgroup(in, &s);
  s.no_new_privs = StatusField(st, "NoNewPrivs").value_or("0") == "1";

  out->SetCondition("user-namespaces", s.user_namespaces);
  out->SetCondition("userns-restricted",
                    s.apparmor_restrict_unprivileged_userns
                        ? ToTri(*s.apparmor_restrict_unprivileged_userns)
                        : Tri::kNo);
  out->SetCondition("landlock", ToTri(s.landlock_abi >= 1));
  out->SetCondition("seccomp", status.ok() ? ToTri(s.seccomp) : Tri::kUnknown);
  out->SetCondition("seccomp-user-notif",
                    status.ok() ? ToTri(s.seccomp_user_notif) : Tri::kUnknown);
  out->SetCondition("cgroup-v2", ToTri(s.cgroup_v2));
  out->SetCondition("cgroup-delegation", ToTri(s.cgroup_delegable));
  out->SetCondition("no-new-privs",
                    status.ok() ? ToTri(s.no_new_privs) : Tri::kUnknown);
}

}  // namespace sg::runner
