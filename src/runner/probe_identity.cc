// Identity and privilege probes: who runs here, on what, and how easily the
// task could become root.
#include <algorithm>
#include <array>
#include <cstdlib>

#include "base/strings.h"
#include "runner/probes.h"

namespace sg::runner {
namespace {

// Field `index` (0-based) of the colon-separated /etc/passwd or /etc/group
// line whose field 2 equals `id`.
std::optional<std::vector<std::string>> FindDbLine(const SystemView& sys,
                                                   const std::string& file,
                                                   uint32_t id) {
  auto text = sys.ReadFile(file);
  if (!text.ok()) return std::nullopt;
  for (const auto& line : Split(*text, '\n')) {
    auto fields = Split(line, ':');
    if (fields.size() < 3) continue;
    if (fields[2] == std::to_string(id)) return fields;
  }
  return std::nullopt;
}

std::string GroupName(const SystemView& sys, uint32_t gid) {
  auto fields = FindDbLine(sys, "/etc/group", gid);
  return fields ? (*fields)[0] : std::to_string(gid);
}

std::string OsReleaseValue(std::string_view text, std::string_view key) {
  for (const auto& line : Split(text, '\n')) {
    std::string_view l = line;
    if (l.size() > key.size() && l.substr(0, key.size()) == key &&
        l[key.size()] == '=') {
      std::string_view v = Trim(l.substr(key.size() + 1));
      if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'')) {
        v = v.substr(1, v.size() - 2);
      }
      return std::string(v);
    }
  }
  return "";
}

// The runner writes `.runner` (JSON) into its root directory at
// registration; `"ephemeral": true` is there when registered with
// --ephemeral. RUNNER_TEMP is <root>/_work/_temp by default.
void DecideEphemeral(const ProbeInput& in, RunnerFacts::Runner* r) {
  if (r->environment == "github-hosted") {
    r->ephemeral = Tri::kYes;
    r->ephemeral_evidence = "GitHub-hosted runners serve a single job";
    return;
  }
  // Candidate runner roots: where Runner.Worker's binary lives
  // (<root>/bin/Runner.Worker), then two and one levels above RUNNER_TEMP
  // (a custom --work folder breaks only the latter guesses).
  std::vector<std::string> roots;
  for (const auto& p : in.processes) {
    if (p.comm != "Runner.Worker") continue;
    auto exe = in.sys.ReadLink("/proc/" + std::to_string(p.pid) + "/exe");
    if (exe.ok()) roots.push_back(DirName(DirName(*exe)));
  }
  if (auto temp = in.sys.GetEnv("RUNNER_TEMP"); temp && !temp->empty()) {
    std::string work = DirName(*temp);
    roots.push_back(DirName(work));
    roots.push_back(work);
  }
  if (roots.empty()) {
    r->ephemeral_evidence =
        "no Runner.Worker process and RUNNER_TEMP is not set";
    return;
  }
  for (const std::string& dir : roots) {
    std::string path = JoinPath(dir, ".runner");
    auto text = in.sys.ReadFile(path);
    if (!text.ok()) continue;
    std::string compact;
    for (char c : *text) {
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') compact += c;
    }
    bool eph = compact.find("\"ephemeral\":true") != std::string::npos ||
               compact.find("\"Ephemeral\":true") != std::string::npos;
    r->ephemeral = ToTri(eph);
    r->ephemeral_evidence =
        path + (eph ? " says ephemeral" : " has no \"ephemeral\": true");
    return;
  }
  r->ephemeral_evidence = "no .runner registration file found";
}

constexpr std::array<std::string_view, 41> kCapNames = {"chown",
                                                        "dac_override",
                                                        "dac_read_search",
                                                        "fowner",
                                                        "fsetid",
                                                        "kill",
                                                        "setgid",
                                                        "setuid",
                                                        "setpcap",
                                                        "linux_immutable",
                                                        "net_bind_service",
                                                        "net_broadcast",
                                                        "net_admin",
                                                        "net_raw",
                                                        "ipc_lock",
                                                        "ipc_owner",
                                                        "sys_module",
                                                        "sys_rawio",
                                                        "sys_chroot",
                                                        "sys_ptrace",
                                                        "sys_pacct",
                                                        "sys_admin",
                                                        "sys_boot",
                                                        "sys_nice",
                                                        "sys_resource",
                                                        "sys_time",
                                                        "sys_tty_config",
                                                        "mknod",
                                                        "lease",
                                                        "audit_write",
                                                        "audit_control",
                                                        "setfcap",
                                                        "mac_override",
                                                        "mac_admin",
                                                        "syslog",
                                                        "wake_alarm",
                                                        "block_suspend",
                                                        "audit_read",
                                                        "perfmon",
                                                        "bpf",
                                                        "checkpoint_restore"};

std::vector<std::string> CapNames(const std::optional<std::string>& hex) {
  std::vector<std::string> out;
  if (!hex) return out;
  uint64_t bits = std::strtoull(hex->c_str(), nullptr, 16);
  for (size_t i = 0; i < 64; ++i) {
    if ((bits >> i) & 1u) {
      out.push_back(i < kCapNames.size() ? "cap_" + std::string(kCapNames[i])
                                         : "cap_" + std::to_string(i));
    }
  }
  return out;
}

// Candidate container-daemon sockets, most common first.
std::vector<std::string> ContainerSocketPaths(const SystemView& sys,
                                              uint32_t uid) {
  std::vector<std::string> paths;
  if (auto host = sys.GetEnv("DOCKER_HOST");
      host && StartsWith(*host, "unix://")) {
    paths.push_back(host->substr(7));
  }
  paths.push_back("/run/docker.sock");
  // /var/run is a link to /run on every modern distribution; only look at
  // it separately when it is not, so one socket is not reported twice.
  auto var_run = sys.ReadLink("/var/run");
  if (!var_run.ok() || (*var_run != "/run" && *var_run != "../run")) {
    paths.push_back("/var/run/docker.sock");
  }
  paths.push_back("/run/containerd/containerd.sock");
  paths.push_back("/run/podman/podman.sock");
  std::string user_run = "/run/user/" + std::to_string(uid);
  paths.push_back(user_run + "/docker.sock");
  paths.push_back(user_run + "/podman/podman.sock");
  if (auto xdg = sys.GetEnv("XDG_RUNTIME_DIR"); xdg && !xdg->empty()) {
    paths.push_back(JoinPath(*xdg, "docker.sock"));
  }
  std::vector<std::string> unique;
  for (auto& p : paths) {
    if (std::find(unique.begin(), unique.end(), p) == unique.end()) {
      unique.push_back(std::move(p));
    }
  }
  return unique;
}

}  // namespace

void ProbeRunnerIdentity(const ProbeInput& in, RunnerReport* out) {
  RunnerFacts::Runner& r = out->facts.runner;
  auto actions = in.sys.GetEnv("GITHUB_ACTIONS");
  auto env = in.sys.GetEnv("RUNNER_ENVIRONMENT");
  bool in_actions = actions && *actions == "true";
  if (env && (*env == "github-hosted" || *env == "self-hosted")) {
    r.environment = *env;
  } else {
    r.environment = in_actions ? "unknown" : "local";
  }
  r.os = in.sys.GetEnv("RUNNER_OS").value_or("");
  r.arch = in.sys.GetEnv("RUNNER_ARCH").value_or("");

  Tri hosted = r.environment == "github-hosted" ? Tri::kYes
               : r.environment == "self-hosted" ? Tri::kNo
               : r.environment == "local"       ? Tri::kNo
                                                : Tri::kUnknown;
  out->SetCondition("github-hosted", hosted);
  out->SetCondition("self-hosted", r.environment == "self-hosted" ? Tri::kYes
                                   : hosted == Tri::kUnknown ? Tri::kUnknown
                                                             : Tri::kNo);
  DecideEphemeral(in, &r);
  out->SetCondition("ephemeral",
                    r.environment == "local" ? Tri::kNo : r.ephemeral);
  if (r.environment == "self-hosted") {
    std::string kind = r.ephemeral == Tri::kYes  ? "ephemeral"
                       : r.ephemeral == Tri::kNo ? "persistent"
                                                 : "possibly persistent";
    out->AddFinding(
        "runner-self-hosted",
        "The job runs on a self-hosted runner (" + kind + ": " +
            r.ephemeral_evidence +
            "); files, processes and credentials can outlive the "
            "job.",
        "self-hosted",
        r.ephemeral == Tri::kYes ? Confidence::kMedium : Confidence::kHigh);
  }

  RunnerFacts::Kernel& k = out->facts.kernel;
  if (auto os = in.sys.ReadFile("/etc/os-release"); os.ok()) {
    k.os_name = OsReleaseValue(*os, "PRETTY_NAME");
  }
  k.release = in.sys.Sysctl("kernel.osrelease").value_or("");
  k.version = in.sys.Sysctl("kernel.version").value_or("");

  RunnerFacts::Identity& id = out->facts.identity;
  Identity ids = in.sys.GetIdentity();
  id.uid = ids.uid;
  id.euid = ids.euid;
  id.gid = ids.egid;
  id.root = ids.euid == 0;
  auto pw = FindDbLine(in.sys, "/etc/passwd", ids.euid);
  id.user = pw ? (*pw)[0] : in.sys.GetEnv("USER").value_or("");
  std::vector<uint32_t> gids = ids.groups;
  if (std::find(gids.begin(), gids.end(), ids.egid) == gids.end()) {
    gids.insert(gids.begin(), ids.egid);
  }
  for (uint32_t g : gids) {
    std::string name = GroupName(in.sys, g);
    if (name == "docker") id.docker_group = true;
    id.groups.push_back(std::move(name));
  }
  out->SetCondition("root", ToTri(id.root));
  out->SetCondition("docker-group", ToTri(id.docker_group));
}

void ProbePrivilege(const ProbeInput& in, RunnerReport* out) {
  RunnerFacts::Identity& id = out->facts.identity;

  // Root needs no sudo: leave the fact unknown ("not probed") and let the
  // `root` condition speak for it.
  if (!id.root) {
    SudoOutcome sudo = in.sys.RunSudoNonInteractive();
    id.sudo_installed = sudo != SudoOutcome::kNotInstalled;
    id.passwordless_sudo = sudo == SudoOutcome::kPasswordless ? Tri::kYes
                           : sudo == SudoOutcome::kError      ? Tri::kUnknown
                                                              : Tri::kNo;
    if (sudo == SudoOutcome::kPasswordless) {
      out->AddFinding("runner-passwordless-sudo",
                      "User '" + id.user +
                          "' can run any command as root through sudo without "
                          "a password (`sudo -n true` succeeded).",
                      "sudo");
    }
  } else {
    id.sudo_installed =
        in.sys.Exists("/usr/bin/sudo") || in.sys.Exists("/bin/sudo");
  }
  out->SetCondition("passwordless-sudo", id.passwordless_sudo);

  for (const auto& path : ContainerSocketPaths(in.sys, id.euid)) {
    auto st = in.sys.Stat(path);
    if (!st || st->type != FileType::kSocket) continue;
    if (!in.sys.CanConnectUnix(path)) continue;
    id.container_sockets.push_back(path);
    out->AddFinding(
        "runner-docker-socket",
        "The container daemon socket " + path +
            " accepts connections from this user" +
            (id.docker_group ? " (member of the docker group)" : "") +
            "; whoever can talk to it can start a privileged "
            "container and control the host.",
        path);
  }
  out->SetConditionFromFindings("docker-socket");
  out->SetConditionFromFindings("docker-socket-for-agent");

  auto status = in.sys.ReadFile("/proc/self/status");
  std::string st = status.ok() ? *status : "";
  id.cap_effective = CapNames(StatusField(st, "CapEff"));
  id.cap_permitted = CapNames(StatusField(st, "CapPrm"));
  id.cap_bounding = CapNames(StatusField(st, "CapBnd"));
  id.cap_ambient = CapNames(StatusField(st, "CapAmb"));
  if (!id.root && !id.cap_effective.empty()) {
    out->AddFinding("runner-effective-capabilities",
                    "Non-root user '" + id.user +
                        "' holds effective capabilities: " +
                        Join(id.cap_effective, ", ") + ".",
                    Join(id.cap_effective, ","));
  }
  out->SetConditionFromFindings("effective-capabilities");
}

}  // namespace sg::runner
