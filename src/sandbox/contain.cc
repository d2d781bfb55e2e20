#include "sandbox/contain.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox/caps.h"
#include "sandbox/channel.h"
#include "sandbox/net.h"
#include "sandbox/rlimits.h"
#include "sandbox/seccomp.h"
#include "sandbox/user.h"

extern char** environ;

namespace sg::sandbox {
namespace {

// Wipes the inherited environment strings in place: /proc/<pid>/environ of
// this process reads that memory, and it holds the supervisor's secrets.
void ScrubInheritedEnvironment() {
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    explicit_bzero(*e, strlen(*e));
  }
}

class Steps {
 public:
  explicit Steps(ChildSpec& s) : s_(s) {}

  // Reports the outcome of one layer. A failure of a required layer stops
  // the child; an optional one is reported unavailable and skipped.
  void Report(Layer layer, const Status& st, const std::string& applied = "") {
    std::string name(LayerName(layer));
    if (st.ok()) {
      Queue("L" + name + " applied " + applied);
      return;
    }
    bool required = (s_.config->required & Bit(layer)) != 0;
    // A mount namespace that failed half-way never runs a task, required
    // or not; a missing one (no namespace at all) follows `required`.
    bool half_built =
        layer == Layer::kMountNs && st.code() != StatusCode::kUnavailable;
    if (required || half_built) Fail(layer, st.message());
    Queue("L" + name + " unavailable " + st.message());
  }
  [[noreturn]] void Fail(Layer layer, const std::string& msg) {
    Flush();
    (void)SendMessage(s_.channel,
                      "E" + std::string(LayerName(layer)) + " " + msg);
    _exit(125);
  }
  // Layer reports travel in one batch ("B", records separated by '\n')
  // with the final "R": one supervisor wake-up instead of one per layer.
  void Queue(std::string record) {
    for (char& ch : record) {
      if (ch == '\n') ch = ' ';
    }
    if (batch_.size() + record.size() + 1 > kMaxBatch) Flush();
    if (!batch_.empty()) batch_ += '\n';
    batch_ += record;
  }
  void Flush() {
    if (!batch_.empty()) (void)SendMessage(s_.channel, "B" + batch_);
    batch_.clear();
  }
  // Setup is over: the pending reports and "ready" in one message.
  void Ready() {
    if (batch_.size() + 1 > kMaxBatch) Flush();
    (void)SendMessage(s_.channel, "R" + batch_);
    batch_.clear();
  }
  bool Has(int ns) const { return (s_.namespaces & ns) != 0; }
  bool Enabled(Layer l) const { return (s_.config->enabled & Bit(l)) != 0; }
  void Disabled(Layer l) {
    if (s_.config->required & Bit(l)) Fail(l, "disabled by policy");
    Queue("L" + std::string(LayerName(l)) + " disabled by policy");
  }
  void Missing(Layer l, const char* why) {
    Report(l, Status::Unavailable(why));
  }

 private:
  static constexpr size_t kMaxBatch = 3500;  // < the receiver's 4 KiB buffer
  ChildSpec& s_;
  std::string batch_;
};

bool WaitForGo(int channel) {
  Result<Message> m = ReceiveMessage(channel);
  return m.ok() && m->text == "G";
}

Status ApplyNetwork(ChildSpec& s, bool has_netns) {
  if (has_netns) SG_RETURN_IF_ERROR(BringUpLoopback());
  if (!s.config->allow_net) return Status::Ok();
  Result<Listener> l = CreateLoopbackListener();
  if (!l.ok()) return l.status();
  std::string port = std::to_string(l->port);
  std::string url = "http://127.0.0.1:" + port;
  const std::string placeholder = kProxyPortPlaceholder;
  for (std::string& e : s.env) {
    for (size_t at = e.find(placeholder); at != std::string::npos;
         at = e.find(placeholder, at + port.size())) {
      e.replace(at, placeholder.size(), port);
    }
  }
  // A variable the caller set (e.g. NO_PROXY for credential injection)
  // is kept: a duplicate would be resolved differently by each libc.
  auto has = [&s](const std::string& name) {
    for (const std::string& e : s.env) {
      if (e.compare(0, name.size() + 1, name + "=") == 0) return true;
    }
    return false;
  };
  for (const char* v : {"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy",
                        "https_proxy", "all_proxy"}) {
    if (!has(v)) s.env.push_back(std::string(v) + "=" + url);
  }
  if (!has("NO_PROXY")) s.env.push_back("NO_PROXY=");
  if (!has("no_proxy")) s.env.push_back("no_proxy=");
  s.landlock.allowed_tcp_port = l->port;
  return SendMessage(s.channel, "P" + std::to_string(l->port), l->fd.get());
}

std::string ResolveInPath(const std::string& cmd,
                          const std::vector<std::string>& env) {
  if (cmd.find('/') != std::string::npos) return cmd;
  std::string path_var = "/usr/local/bin:/usr/bin:/bin";
  for (const std::string& e : env) {
    if (e.rfind("PATH=", 0) == 0) path_var = e.substr(5);
  }
  size_t start = 0;
  while (start <= path_var.size()) {
    size_t end = path_var.find(':', start);
    if (end == std::string::npos) end = path_var.size();
    std::string dir = path_var.substr(start, end - start);
    std::string candidate = (dir.empty() ? "." : dir) + "/" + cmd;
    struct stat st;
    if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    start = end + 1;
  }
  return "";
}

// Everything the task's execve needs, prepared by init before vfork: the
// vfork child shares init's memory until execve and must not allocate.
struct TaskExec {
  std::string path;  // argv[0] resolved in the task's PATH ("" if not found)
  std::vector<char*> argv, envp;
};

TaskExec PrepareTaskExec(const ChildSpec& s) {
  TaskExec t;
  for (const std::string& e : s.env)
    t.envp.push_back(const_cast<char*>(e.c_str()));
  t.envp.push_back(nullptr);
  for (const std::string& a : s.config->argv)
    t.argv.push_back(const_cast<char*>(a.c_str()));
  t.argv.push_back(nullptr);
  // Resolve argv[0] in the task's PATH here, so exactly one execve is
  // attempted (and logged) rather than one per PATH entry.
  t.path = ResolveInPath(s.config->argv[0], s.env);
  return t;
}

// Runs in the vfork child: only async-signal-safe calls, no allocation.
[[noreturn]] void ExecTask(const ChildSpec& s, const TaskExec& t,
                           const sigset_t& old_mask) {
  setsid();
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  sigprocmask(SIG_SETMASK, &old_mask, nullptr);
  int err = ENOENT;
  if (!t.path.empty()) {
    execve(t.path.c_str(), t.argv.data(), t.envp.data());
    err = errno;
  }
  char msg[16];
  int n = snprintf(msg, sizeof(msg), "F%d", err);
  (void)SendMessage(s.channel, std::string_view(msg, static_cast<size_t>(n)));
  _exit(err == ENOENT ? 127 : 126);
}

// PID 1 of the sandbox: start the task, forward signals, reap, report.
[[noreturn]] void RunInit(const ChildSpec& s, const sigset_t& old_mask) {
  sigset_t set;
  sigemptyset(&set);
  for (int sig :
       {SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2}) {
    sigaddset(&set, sig);
  }
  sigprocmask(SIG_BLOCK, &set, nullptr);
  TaskExec exec = PrepareTaskExec(s);
  // vfork: the task borrows init's memory until its execve instead of
  // copying init's page tables and faulting its pages in again (fork).
  pid_t task = vfork();
  if (task < 0) {
    (void)SendMessage(s.channel, "F" + std::to_string(errno));
    _exit(126);
  }
  if (task == 0) ExecTask(s, exec, old_mask);
  (void)SendMessage(s.channel, "S" + std::to_string(task));
  for (;;) {
    siginfo_t info;
    int sig = sigwaitinfo(&set, &info);
    if (sig < 0) continue;
    if (sig != SIGCHLD) {
      kill(-task, sig);  // the task leads its own session/process group
      kill(task, sig);
      continue;
    }
    int status;
    pid_t p;
    while ((p = waitpid(-1, &status, WNOHANG)) > 0) {
      if (p == task) {
        (void)SendMessage(s.channel, "X" + std::to_string(status));
        _exit(0);  // the kernel now kills everything left in the namespace
      }
    }
  }
}

}  // namespace

void ContainAndRun(ChildSpec& s) {
  ScrubInheritedEnvironment();
  for (int fd : s.close_fds) Fd(fd).Reset();
  if (dup2(s.stdout_w, STDOUT_FILENO) < 0 ||
      dup2(s.stderr_w, STDERR_FILENO) < 0)
    _exit(125);
  Fd(s.stdout_w).Reset();
  Fd(s.stderr_w).Reset();
  // The supervisor blocked the signals it forwards; the task starts with
  // the mask stepguard itself was started with.
  const sigset_t old_mask = s.task_mask;
  // An unprivileged supervisor must be able to write our /proc maps.
  prctl(PR_SET_DUMPABLE, 1);
  if (!SendMessage(s.channel, "M").ok() || !WaitForGo(s.channel)) _exit(125);
  // Nothing in this process may be read through /proc by the task.
  prctl(PR_SET_DUMPABLE, 0);

  Steps step(s);
  const Config& c = *s.config;
  if (s.caller_is_root && (s.namespaces & CLONE_NEWUSER)) {
    // Only the task's ids are mapped, so as (unmapped) root this process
    // could not even create a file. Become the task user now: inside a
    // namespace whose root is unmapped, the capabilities are kept.
    Status early = SwitchToUser(s.uid, s.gid, true);
    if (!early.ok()) step.Fail(Layer::kUser, early.message());
  }
  // Order of operations (DESIGN.md "Sandbox"; nsjail's containProc).
  if (s.namespaces & CLONE_NEWNS)
    step.Report(Layer::kMountNs, ApplyMountNamespace(s.mounts));
  else
    step.Missing(Layer::kMountNs, "no mount namespace");
  if (s.namespaces & CLONE_NEWPID)
    step.Report(Layer::kPidNs,
                getpid() == 1 ? Status::Ok() : Status::Internal("not PID 1"),
                "stepguard is init and reaper");
  else
    step.Missing(Layer::kPidNs, "no PID namespace");
  Status net = ApplyNetwork(s, (s.namespaces & CLONE_NEWNET) != 0);
  if (s.namespaces & CLONE_NEWNET)
    step.Report(Layer::kNetNs, net,
                c.allow_net ? "loopback + proxy listener" : "loopback only");
  else if (!net.ok())
    step.Fail(Layer::kNetNs, net.message());
  else
    step.Missing(Layer::kNetNs, "no network namespace");
  if (s.namespaces & CLONE_NEWIPC)
    step.Report(Layer::kIpcNs, Status::Ok());
  else
    step.Missing(Layer::kIpcNs, "no IPC namespace");
  if (s.namespaces & CLONE_NEWUTS) {
    step.Report(Layer::kUtsNs,
                sethostname(c.hostname.data(), c.hostname.size()) == 0
                    ? Status::Ok()
                    : Status::Permission(std::string("sethostname: ") +
                                         strerror(errno)));
  } else {
    step.Missing(Layer::kUtsNs, "no UTS namespace");
  }
  if (step.Enabled(Layer::kRlimits))
    step.Report(Layer::kRlimits, ApplyRlimits(c.limits));
  else
    step.Disabled(Layer::kRlimits);
  // no_new_privs first: Landlock needs it (or CAP_SYS_ADMIN) to apply.
  step.Report(Layer::kNoNewPrivs, SetNoNewPrivs());
  if (step.Enabled(Layer::kLandlock)) {
    s.landlock.restrict_tcp = (s.namespaces & CLONE_NEWNET) == 0;
    s.landlock.sole_confinement = (s.namespaces & CLONE_NEWNS) == 0;
    Result<std::string> ll = ApplyLandlock(s.landlock);
    step.Report(Layer::kLandlock, ll.status(), ll.ok() ? *ll : "");
  } else {
    step.Disabled(Layer::kLandlock);
  }
  Status bset = DropBoundingSet();
  if (!bset.ok() && !s.caller_is_root && !(s.namespaces & CLONE_NEWUSER))
    bset = Status::Ok();  // nothing to drop
  Status user = SwitchToUser(s.uid, s.gid, s.caller_is_root);
  if (user.ok() && s.uid == 0) user = Status::Permission("target user is root");
  step.Report(Layer::kUser, user,
              "uid " + std::to_string(s.uid) + " gid " + std::to_string(s.gid));
  Status caps = bset.ok() ? DropAllCapabilities() : bset;
  step.Report(Layer::kCaps, caps);
  // Seccomp last: after it, none of the calls above would be allowed.
  if (step.Enabled(Layer::kSeccomp)) {
    Result<SeccompResult> sc =
        InstallSeccompFilter(/*want_notify=*/true, s.seccomp);
    if (sc.ok() && sc->notify_fd)
      (void)SendMessage(s.channel, "N", sc->notify_fd.get());
    step.Report(Layer::kSeccomp, sc.status(), sc.ok() ? sc->detail : "");
  } else {
    step.Disabled(Layer::kSeccomp);
  }
  // Credential changes clear the parent-death signal, so set it now: if
  // the supervisor dies, init dies and the kernel empties the namespace.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (s.await_cgroup) {
    Result<Message> m = ReceiveMessage(s.channel);
    if (!m.ok()) _exit(125);
    if (m->text != "C" && (c.required & Bit(Layer::kCgroup))) {
      step.Fail(Layer::kCgroup, m->text.empty() ? "" : m->text.substr(1));
    }
  }
  // Every required layer is in place (Report/Disabled refused otherwise,
  // and the supervisor judged its own layers): start the task.
  step.Ready();
  RunInit(s, old_mask);
}

}  // namespace sg::sandbox
