#include "sandbox/settings.h"

#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include <algorithm>

#include "base/strings.h"
#include "sandbox/env.h"
#include "sandbox/user.h"

namespace sg::sandbox {
namespace {

std::string RealPath(const std::string& p) {
  char buf[PATH_MAX];
  if (realpath(p.c_str(), buf) == nullptr) return "";
  return buf;
}

void AddUnique(std::vector<std::string>* v, const std::string& s) {
  if (!s.empty() && std::find(v->begin(), v->end(), s) == v->end())
    v->push_back(s);
}

std::string Get(const std::map<std::string, std::string>& env,
                const std::string& k) {
  auto it = env.find(k);
  return it == env.end() ? "" : it->second;
}

// The task's group when stepguard picks it (not --user): never the root
// group, whose members can read root-group files such as /etc/sudoers and
// write root-group directories. A root-group workspace (or SUDO_GID 0)
// gives the user's own primary group instead, else nogroup.
gid_t NonRootGroup(uid_t uid, gid_t gid) {
  if (gid != 0) return gid;
  struct passwd* pw = getpwuid(uid);
  return pw != nullptr && pw->pw_gid != 0 ? pw->pw_gid : 65534;
}

}  // namespace

Settings DefaultSettings() {
  Settings s;
  s.writable = {"."};
  s.hidden = {"~/.ssh", "~/.aws", "~/.config/gcloud", "~/.azure", "~/.docker",
              "~/.npmrc", "~/.pypirc", "~/.netrc", "~/.git-credentials",
              "~/.config/gh", "~/.kube", "~/.gnupg", "$RUNNER_TEMP",
              // Daemon sockets: a read-only mount does not stop connect(2).
              "/run/docker.sock", "/var/run/docker.sock", "/run/containerd",
              "/run/podman", "/run/user", "/run/dbus", "/run/systemd/private",
              "/run/snapd.socket"};
  s.protected_globs = {".git/hooks/**",         ".git/config",
                       ".git/config.worktree",  ".git/modules/*/hooks/**",
                       ".git/modules/*/config", ".github/workflows/**",
                       ".github/actions/**",    ".github/stepguard.yml"};
  s.env_pass = {"PATH",
                "HOME",
                "LANG",
                "LC_*",
                "TERM",
                "TZ",
                "USER",
                "CI",
                "GITHUB_ACTIONS",
                "GITHUB_REPOSITORY",
                "GITHUB_REPOSITORY_OWNER",
                "GITHUB_SHA",
                "GITHUB_REF",
                "GITHUB_REF_NAME",
                "GITHUB_BASE_REF",
                "GITHUB_HEAD_REF",
                "GITHUB_WORKSPACE",
                "GITHUB_EVENT_NAME",
                "GITHUB_RUN_ID",
                "GITHUB_RUN_NUMBER",
                "GITHUB_RUN_ATTEMPT",
                "GITHUB_JOB",
                "GITHUB_SERVER_URL",
                "GITHUB_API_URL",
                "GITHUB_GRAPHQL_URL",
                "RUNNER_OS",
                "RUNNER_ARCH"};
  return s;
}

Status ApplyPolicyValues(const PolicyValues& p, Settings* s) {
  if (p.writable) s->writable = *p.writable;
  if (p.hidden) s->hidden = *p.hidden;
  if (p.protected_globs) s->protected_globs = *p.protected_globs;
  if (p.env_pass) s->env_pass = *p.env_pass;
  if (p.network_allow) s->allow_net = !p.network_allow->empty();
  if (p.timeout) {
    Result<int64_t> t = ParseDurationMs(*p.timeout);
    if (!t.ok()) return t.status().WithContext("sandbox.limits.timeout");
    s->timeout_ms = *t;
  }
  if (p.memory) {
    Result<uint64_t> m = ParseSize(*p.memory);
    if (!m.ok()) return m.status().WithContext("sandbox.limits.memory");
    s->memory_bytes = *m;
  }
  if (p.output) {
    Result<uint64_t> o = ParseSize(*p.output);
    if (!o.ok()) return o.status().WithContext("sandbox.limits.output");
    s->output_bytes = *o;
  }
  if (p.pids) s->pids = *p.pids;
  if (p.user) s->user = *p.user;
  if (p.require) {
    Result<LayerSet> r = ParseLayerList(Join(*p.require, ","));
    if (!r.ok()) return r.status().WithContext("sandbox.require");
    s->required = *r;
  }
  return Status::Ok();
}

Host Host::Current() {
  Host h;
  h.env = CurrentEnvironment();
  char buf[PATH_MAX];
  if (getcwd(buf, sizeof(buf)) != nullptr) h.cwd = buf;
  h.euid = geteuid();
  h.uid = getuid();
  h.gid = getgid();
  struct sysinfo si;
  if (sysinfo(&si) == 0)
    h.total_ram = static_cast<uint64_t>(si.totalram) * si.mem_unit;
  return h;
}

std::string ExpandPath(const std::string& path, const Host& host,
                       const std::string& home) {
  std::string p = path;
  if (p == "~" || StartsWith(p, "~/")) {
    if (home.empty()) return "";
    p = home + p.substr(1);
  }
  std::string out;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] != '$') {
      out += p[i];
      continue;
    }
    size_t j = i + 1;
    std::string name;
    if (j < p.size() && p[j] == '{') {
      size_t close = p.find('}', j);
      if (close == std::string::npos) return "";
      name = p.substr(j + 1, close - j - 1);
      i = close;
    } else {
      while (j < p.size() &&
             (isalnum(static_cast<unsigned char>(p[j])) || p[j] == '_'))
        name += p[j++];
      i = j - 1;
    }
    std::string v = Get(host.env, name);
    if (v.empty()) return "";
    out += v;
  }
  if (!out.empty() && out[0] != '/') out = host.cwd + "/" + out;
  return out;
}

Result<Config> ResolveConfig(const Settings& s, const Host& host,
                             std::vector<std::string> argv) {
  Config c;
  c.argv = std::move(argv);
  c.cwd = RealPath(host.cwd);
  c.allow_net = s.allow_net;
  c.limits.timeout_ms = s.timeout_ms;
  c.limits.memory_bytes = s.memory_bytes ? s.memory_bytes : host.total_ram / 2;
  c.limits.pids = s.pids;
  c.limits.output_bytes = s.output_bytes;
  c.protected_globs = s.protected_globs;
  if (s.required) c.required = *s.required;

  // The task user.
  std::string invoking_home = Get(host.env, "HOME");
  std::string task_home;
  if (host.euid == 0) {
    if (!s.user.empty()) {
      Result<UserIds> ids = LookupUser(s.user);
      if (!ids.ok()) return ids.status();
      c.user.uid = ids->uid;
      c.user.gid = ids->gid;
      task_home = ids->home;
    } else if (!Get(host.env, "SUDO_UID").empty() &&
               Get(host.env, "SUDO_UID") != "0") {
      c.user.uid = static_cast<uid_t>(
          strtoul(Get(host.env, "SUDO_UID").c_str(), nullptr, 10));
      c.user.gid = NonRootGroup(
          *c.user.uid, static_cast<gid_t>(strtoul(
                           Get(host.env, "SUDO_GID").c_str(), nullptr, 10)));
      if (struct passwd* pw = getpwuid(*c.user.uid)) task_home = pw->pw_dir;
    } else {
      // The owner of the first writable root, so the task can write it;
      // nobody when that is root.
      std::string first = s.writable.empty()
                              ? ""
                              : ExpandPath(s.writable[0], host, invoking_home);
      struct stat st;
      if (!first.empty() && stat(first.c_str(), &st) == 0 && st.st_uid != 0) {
        c.user.uid = st.st_uid;
        c.user.gid = NonRootGroup(st.st_uid, st.st_gid);
      } else {
        c.user.uid = 65534;
        c.user.gid = 65534;
      }
      if (struct passwd* pw = getpwuid(*c.user.uid)) task_home = pw->pw_dir;
    }
  } else {
    if (!s.user.empty()) {
      Result<UserIds> ids = LookupUser(s.user);
      if (!ids.ok()) return ids.status();
      if (ids->uid != host.uid) {
        return Status::InvalidInput(
            "--user needs root (run stepguard through sudo)");
      }
    }
    c.user.uid = host.uid;
    c.user.gid = host.gid;
  }

  for (const std::string& w : s.writable) {
    std::string p = ExpandPath(w, host, invoking_home);
    if (p.empty()) continue;
    std::string real = RealPath(p);
    if (real.empty())
      return Status::NotFound("writable path " + p + " does not exist");
    AddUnique(&c.writable, real);
  }

  // Hidden: expand `~` for both the invoking user's and the task user's home.
  std::vector<std::string> hidden = s.hidden;
  bool passes_file_cmd = false;
  for (const std::string& v : RunnerFileCommandVariables()) {
    bool named =
        std::find(s.env_pass.begin(), s.env_pass.end(), v) != s.env_pass.end();
    passes_file_cmd |= named;
    if (!named && !Get(host.env, v).empty()) hidden.push_back(Get(host.env, v));
  }
  if (passes_file_cmd) {
    // The policy hands a file command to the task: do not hide its folder.
    hidden.erase(std::remove(hidden.begin(), hidden.end(), "$RUNNER_TEMP"),
                 hidden.end());
  }
  for (const std::string& h : hidden) {
    for (const std::string& home : {invoking_home, task_home}) {
      struct stat st;
      if (!home.empty() && stat(home.c_str(), &st) != 0) continue;
      std::string p = ExpandPath(h, host, home);
      if (p.empty()) continue;
      std::string real = RealPath(p);
      AddUnique(&c.hidden, real.empty() ? p : real);
      if (!real.empty() && real != p) AddUnique(&c.hidden, p);
    }
  }

  ScrubbedEnv env = ScrubEnvironment(host.env, s.env_pass);
  c.env = std::move(env.env);
  c.secret_values = std::move(env.secret_values);
  if (host.euid == 0 && *c.user.uid != host.uid && !task_home.empty()) {
    // The task's own home, not root's.
    if (c.env.count("HOME")) c.env["HOME"] = task_home;
    if (struct passwd* pw = getpwuid(*c.user.uid)) {
      if (c.env.count("USER")) c.env["USER"] = pw->pw_name;
    }
  }
  return c;
}

Result<int64_t> ParseDurationMs(const std::string& text) {
  std::string t(Trim(text));
  if (t.empty()) return Status::InvalidInput("empty duration");
  int64_t total = 0;
  size_t i = 0;
  while (i < t.size()) {
    size_t j = i;
    while (j < t.size() && isdigit(static_cast<unsigned char>(t[j]))) ++j;
    if (j == i) return Status::InvalidInput("bad duration '" + t + "'");
    int64_t n = std::stoll(t.substr(i, j - i));
    size_t k = j;
    while (k < t.size() && isalpha(static_cast<unsigned char>(t[k]))) ++k;
    std::string unit = t.substr(j, k - j);
    int64_t mult;
    if (unit.empty() || unit == "s")
      mult = 1000;
    else if (unit == "ms")
      mult = 1;
    else if (unit == "m" || unit == "min")
      mult = 60000;
    else if (unit == "h")
      mult = 3600000;
    else
      return Status::InvalidInput("bad duration unit '" + unit + "' in '" + t +
                                  "'");
    total += n * mult;
    i = k;
  }
  return total;
}

Result<uint64_t> ParseSize(const std::string& text) {
  std::string t(Trim(text));
  size_t j = 0;
  while (j < t.size() && isdigit(static_cast<unsigned char>(t[j]))) ++j;
  if (j == 0) return Status::InvalidInput("bad size '" + t + "'");
  uint64_t n = std::stoull(t.substr(0, j));
  std::string unit = ToLower(Trim(t.substr(j)));
  uint64_t mult;
  if (unit.empty() || unit == "b")
    mult = 1;
  else if (unit == "k" || unit == "kb" || unit == "kib")
    mult = 1ULL << 10;
  else if (unit == "m" || unit == "mb" || unit == "mib")
    mult = 1ULL << 20;
  else if (unit == "g" || unit == "gb" || unit == "gib")
    mult = 1ULL << 30;
  else if (unit == "t" || unit == "tb" || unit == "tib")
    mult = 1ULL << 40;
  else
    return Status::InvalidInput("bad size unit '" + unit + "' in '" + t + "'");
  return n * mult;
}

}  // namespace sg::sandbox
