#include "sandbox/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <optional>

#include "base/file.h"
#include "sandbox/cgroup.h"
#include "sandbox/channel.h"
#include "sandbox/contain.h"
#include "sandbox/landlock.h"
#include "sandbox/output_filter.h"
#include "sandbox/user.h"

namespace sg::sandbox {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kNamespaceFlags =
    CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS;

int NamespaceFlagsFor(const Config& c) {
  int flags = 0;
  if (c.enabled & Bit(Layer::kMountNs)) flags |= CLONE_NEWNS;
  if (c.enabled & Bit(Layer::kPidNs)) flags |= CLONE_NEWPID;
  if (c.enabled & Bit(Layer::kNetNs)) flags |= CLONE_NEWNET;
  if (c.enabled & Bit(Layer::kIpcNs)) flags |= CLONE_NEWIPC;
  if (c.enabled & Bit(Layer::kUtsNs)) flags |= CLONE_NEWUTS;
  return flags;
}

pid_t RawClone(int flags) {
  return static_cast<pid_t>(
      syscall(SYS_clone, flags | SIGCHLD, nullptr, nullptr, nullptr, nullptr));
}

// The namespace sets to try, best first: a user namespace (privileges for
// the setup stay inside it), then, as root, plain namespaces, then none.
std::vector<int> CloneAttempts(const Config& c, bool root) {
  int ns = NamespaceFlagsFor(c);
  std::vector<int> out;
  if (c.enabled & Bit(Layer::kUserNs)) out.push_back(ns | CLONE_NEWUSER);
  if (root) out.push_back(ns);
  out.push_back(0);
  return out;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string Errno(const char* what) {
  return std::string(what) + ": " + strerror(errno);
}

void WriteAll(int fd, const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = write(fd, data.data() + off, data.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      struct pollfd p = {fd, POLLOUT, 0};
      poll(&p, 1, 100);
      continue;
    }
    if (n <= 0) return;  // EPIPE etc.: the reader is gone; drop output
    off += static_cast<size_t>(n);
  }
}

struct Stream {
  Fd fd;
  int out_fd;
  OutputFilter filter;
  uint64_t bytes = 0;
};

class Supervisor {
 public:
  Supervisor(const Config& c, AuditLog* log)
      : c_(c), log_(log ? log : &null_log_) {}
  RunResult Run();

 private:
  void SetLayer(Layer l, LayerState st, const std::string& detail);
  bool HandleMessage(Message m);
  void Refuse(const std::string& why);
  void Loop();
  size_t ReadStream(Stream& s);  // bytes read
  void OnLandlockDenial(const LandlockDenial& d);
  int64_t RemainingMs() const;

  const Config& c_;
  AuditLog null_log_;
  AuditLog* log_;
  RunResult r_;
  std::map<Layer, LayerReport> layers_;
  Fd chan_;
  pid_t init_ = -1;
  Fd pidfd_;
  std::optional<SeccompNotifier> notifier_;
  std::optional<LandlockAuditReader> landlock_audit_;
  SecretSet secrets_;
  std::vector<Stream> streams_;
  bool ready_ = false;
  bool failed_ = false;
  bool task_done_ = false;
  int task_status_ = 0;
  bool init_exited_ = false;
  int init_status_ = 0;
  struct rusage usage_ = {};
  Clock::time_point start_;
  Clock::time_point deadline_;
};

void Supervisor::SetLayer(Layer l, LayerState st, const std::string& detail) {
  layers_[l] = LayerReport{l, st, detail};
  log_->Write("layer", {Str("layer", std::string(LayerName(l))),
                        Str("state", std::string(LayerStateName(st))),
                        Str("detail", detail)});
}

void Supervisor::Refuse(const std::string& why) {
  if (!r_.refused) {
    r_.refused = true;
    r_.refusal = why;
    r_.exit_code = 125;  // also for the early returns before a child exists
    log_->Write("refused", {Str("reason", why)});
  }
}

// Returns false when the message ends the setup phase.
bool Supervisor::HandleMessage(Message m) {
  if (m.text.empty()) return true;
  char type = m.text[0];
  std::string body = m.text.substr(1);
  switch (type) {
    case 'L': {
      size_t a = body.find(' ');
      size_t b = body.find(' ', a + 1);
      std::string name = body.substr(0, a);
      std::string state =
          a == std::string::npos ? "" : body.substr(a + 1, b - a - 1);
      std::string detail = b == std::string::npos ? "" : body.substr(b + 1);
      for (Layer l : AllLayerList()) {
        if (LayerName(l) != name) continue;
        SetLayer(l,
                 state == "applied"    ? LayerState::kApplied
                 : state == "disabled" ? LayerState::kDisabled
                                       : LayerState::kUnavailable,
                 detail);
      }
      return true;
    }
    case 'E': {
      size_t a = body.find(' ');
      std::string name = body.substr(0, a);
      std::string msg = a == std::string::npos ? "" : body.substr(a + 1);
      for (Layer l : AllLayerList()) {
        if (LayerName(l) == name) SetLayer(l, LayerState::kUnavailable, msg);
      }
      Refuse(name + ": " + msg);
      failed_ = true;
      return false;
    }
    case 'P':
      r_.proxy_port = atoi(body.c_str());
      log_->Write("proxy-listener",
                  {Str("address", "127.0.0.1"), Num("port", r_.proxy_port)});
      if (c_.on_proxy_listener && m.fd) {
        c_.on_proxy_listener(std::move(m.fd), r_.proxy_port);
      }
      return true;
    case 'N':
      if (m.fd) notifier_.emplace(std::move(m.fd));
      return true;
    case 'B':  // a batch of 'L' records, one per line
      for (const std::string& rec : SplitLines(body)) {
        HandleMessage(Message{rec, Fd()});
      }
      return true;
    case 'R':  // setup done, with the last batch of 'L' records
      for (const std::string& rec : SplitLines(body)) {
        HandleMessage(Message{rec, Fd()});
      }
      ready_ = true;
      return false;
    case 'S':
      r_.started = true;
      log_->Write("process", {Str("kind", "task"),
                              Num("pid_in_sandbox", atoi(body.c_str())),
                              Raw("argv", JsonStringArray(c_.argv))});
      return true;
    case 'F':
      r_.started = true;
      r_.exec_errno = atoi(body.c_str());
      log_->Write("exec-failed",
                  {Str("error", strerror(r_.exec_errno)),
                   Str("command", c_.argv.empty() ? "" : c_.argv[0])});
      return true;
    case 'X':
      task_done_ = true;
      task_status_ = atoi(body.c_str());
      return true;
    default:
      return true;
  }
}

void Supervisor::OnLandlockDenial(const LandlockDenial& d) {
  r_.landlock_denials.push_back(d);
  std::vector<AuditField> f = {Str("layer", "landlock"),
                               Str("blockers", d.blockers)};
  if (!d.path.empty()) f.push_back(Str("path", d.path));
  f.push_back(Str("object", d.object));
  if (d.pid > 0) f.push_back(Num("pid", d.pid));
  log_->Write("denied", f);
}

int64_t Supervisor::RemainingMs() const {
  if (c_.limits.timeout_ms <= 0) return -1;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                  deadline_ - Clock::now())
                  .count();
  return left < 0 ? 0 : left;
}

size_t Supervisor::ReadStream(Stream& s) {
  char buf[65536];
  ssize_t n = read(s.fd.get(), buf, sizeof(buf));
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return 0;
  if (n <= 0) {
    WriteAll(s.out_fd, s.filter.Finish());
    s.fd.Reset();
    return 0;
  }
  s.bytes += static_cast<uint64_t>(n);
  if (c_.limits.output_bytes > 0 && s.bytes > c_.limits.output_bytes) {
    r_.output_truncated = true;  // keep draining so the task never blocks
    return static_cast<size_t>(n);
  }
  WriteAll(s.out_fd,
           s.filter.Write(std::string_view(buf, static_cast<size_t>(n))));
  return static_cast<size_t>(n);
}

void Supervisor::Loop() {
  sigset_t sigs;
  sigemptyset(&sigs);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&sigs, sig);
  Fd sigfd(signalfd(-1, &sigs, SFD_CLOEXEC | SFD_NONBLOCK));
  bool idle_flush_pending = false;
  Clock::time_point init_exit_time;
  // After a small read the streams rest for a millisecond, so a task that
  // writes in small pieces (stdio's 4 KiB) is read in large ones instead of
  // waking the supervisor per write (a ~5% CPU cost on output-heavy tasks).
  // The channel, notifications and signals are never held back.
  constexpr auto kStreamRest = std::chrono::milliseconds(1);
  constexpr size_t kSmallRead = 16 * 1024;
  Clock::time_point streams_rest_until;
  for (;;) {
    bool streams_open = false;
    for (const Stream& s : streams_) streams_open |= s.fd.valid();
    if (init_exited_ && !streams_open) break;
    if (init_exited_ &&
        Clock::now() - init_exit_time > std::chrono::seconds(2)) {
      break;  // without a PID namespace a leftover process may hold the pipes
    }
    std::vector<struct pollfd> pfds;
    std::vector<int> kinds;  // 0..n-1 stream, 100 chan, 101 notify, 102 pidfd,
                             // 103 signal, 104 kernel audit
    bool streams_resting = !init_exited_ && Clock::now() < streams_rest_until;
    for (size_t i = 0; i < streams_.size() && !streams_resting; ++i) {
      if (streams_[i].fd) {
        pfds.push_back({streams_[i].fd.get(), POLLIN, 0});
        kinds.push_back(static_cast<int>(i));
      }
    }
    if (chan_) {
      pfds.push_back({chan_.get(), POLLIN, 0});
      kinds.push_back(100);
    }
    if (notifier_) {
      pfds.push_back({notifier_->fd(), POLLIN, 0});
      kinds.push_back(101);
    }
    if (pidfd_ && !init_exited_) {
      pfds.push_back({pidfd_.get(), POLLIN, 0});
      kinds.push_back(102);
    }
    if (sigfd) {
      pfds.push_back({sigfd.get(), POLLIN, 0});
      kinds.push_back(103);
    }
    if (landlock_audit_) {
      pfds.push_back({landlock_audit_->fd(), POLLIN, 0});
      kinds.push_back(104);
    }
    int timeout = init_exited_ ? 100 : static_cast<int>(RemainingMs());
    if (idle_flush_pending && (timeout < 0 || timeout > 50)) timeout = 50;
    if (streams_resting && (timeout < 0 || timeout > 1)) timeout = 1;
    int n = poll(pfds.data(), pfds.size(), timeout);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0 && streams_resting) continue;  // the rest is over: read again
    if (n == 0) {
      if (idle_flush_pending) {
        for (Stream& s : streams_) WriteAll(s.out_fd, s.filter.Flush());
        idle_flush_pending = false;
      }
      if (!init_exited_ && c_.limits.timeout_ms > 0 && RemainingMs() == 0 &&
          !r_.timed_out) {
        r_.timed_out = true;
        log_->Write("timeout", {Num("limit_ms", c_.limits.timeout_ms)});
        kill(init_, SIGKILL);  // PID 1 gone: the kernel kills the namespace
      }
      continue;
    }
    for (size_t i = 0; i < pfds.size(); ++i) {
      if (!pfds[i].revents) continue;
      int k = kinds[i];
      if (k < 100) {
        size_t got = ReadStream(streams_[static_cast<size_t>(k)]);
        idle_flush_pending = true;
        if (got > 0 && got < kSmallRead) {
          streams_rest_until = Clock::now() + kStreamRest;
        }
      } else if (k == 100) {
        Result<Message> m = ReceiveMessage(chan_.get());
        if (!m.ok())
          chan_.Reset();
        else
          HandleMessage(std::move(m.value()));
      } else if (k == 101) {
        if (!(pfds[i].revents & POLLIN)) {
          // POLLHUP: every filtered process is gone; no more notifications.
          notifier_.reset();
        } else if (!notifier_->HandleOne(
                       [&](const DeniedSyscall& d) {
                         r_.denials.push_back(d);
                         log_->Write("denied", {Str("layer", "seccomp"),
                                                Str("syscall", d.syscall),
                                                Num("pid", d.pid)});
                       },
                       [&](const ExecEvent& e) {
                         log_->Write("process",
                                     {Str("kind", "exec"), Num("pid", e.pid),
                                      Str("path", e.path)});
                         ++r_.processes_started;
                       })) {
          notifier_.reset();
        }
      } else if (k == 102) {
        int st;
        if (wait4(init_, &st, WNOHANG, &usage_) == init_) {
          init_exited_ = true;
          init_status_ = st;
          init_exit_time = Clock::now();
        }
      } else if (k == 104) {
        landlock_audit_->Drain(
            init_, [this](const LandlockDenial& d) { OnLandlockDenial(d); });
      } else if (k == 103) {
        struct signalfd_siginfo si;
        if (read(sigfd.get(), &si, sizeof(si)) == sizeof(si)) {
          log_->Write("signal", {Num("signal", si.ssi_signo)});
          kill(init_, static_cast<int>(si.ssi_signo));
        }
      }
    }
  }
  // Drain the channel: the exit status may still be queued.
  while (chan_) {
    struct pollfd p = {chan_.get(), POLLIN, 0};
    if (poll(&p, 1, 0) <= 0) break;
    Result<Message> m = ReceiveMessage(chan_.get());
    if (!m.ok()) break;
    HandleMessage(std::move(m.value()));
  }
  for (Stream& s : streams_) WriteAll(s.out_fd, s.filter.Finish());
  // Records of the last denials may still be in the kernel's audit queue.
  if (landlock_audit_) {
    landlock_audit_->Finish(
        init_, std::chrono::milliseconds(500),
        [this](const LandlockDenial& d) { OnLandlockDenial(d); });
  }
}

RunResult Supervisor::Run() {
  start_ = Clock::now();
  deadline_ = start_ + std::chrono::milliseconds(c_.limits.timeout_ms);
  bool root = geteuid() == 0;
  r_.uid = c_.user.uid.value_or(getuid());
  r_.gid = c_.user.gid.value_or(getgid());
  for (const std::string& v : c_.secret_values) secrets_.Add(v);
  // Nothing may read this process's memory (it holds the secrets).
  prctl(PR_SET_DUMPABLE, 0);

  if (c_.argv.empty()) {
    Refuse("no command given");
    return r_;
  }
  if (!root && r_.uid != getuid()) {
    Refuse(
        "--user needs root (an unprivileged caller runs the task as itself)");
    return r_;
  }

  // Protected files: snapshot now, restore after.
  ProtectedSnapshot snapshot =
      ProtectedSnapshot::Take(c_.writable, c_.protected_globs);

  ChildSpec spec;
  spec.config = &c_;
  spec.caller_is_root = root;
  spec.uid = r_.uid;
  spec.gid = r_.gid;
  spec.mounts.writable = c_.writable;
  if (!snapshot.complete()) {
    Refuse(
        "protected paths: a pattern matches more than can be examined "
        "before the run; narrow --protect");
    return r_;
  }
  for (const std::string& w : c_.writable) {
    Result<std::vector<std::string>> paths =
        ExpandProtectedPaths(w, c_.protected_globs);
    if (!paths.ok()) {
      Refuse("protected paths: " + paths.status().message());
      return r_;
    }
    for (std::string& p : *paths) {
      spec.mounts.protected_paths.push_back(std::move(p));
    }
  }
  spec.mounts.hidden = c_.hidden;
  spec.mounts.cwd = c_.cwd;
  spec.landlock.writable = c_.writable;
  if (c_.enabled & Bit(Layer::kSeccomp)) spec.seccomp = CompileNotifyFilter();
  for (const auto& [k, v] : c_.env) spec.env.push_back(k + "=" + v);

  // Subscribed before the clone, so no denial of the task is missed.
  if (c_.enabled & Bit(Layer::kLandlock)) {
    Result<LandlockAuditReader> reader = LandlockAuditReader::Open();
    r_.landlock_audit =
        reader.ok() ? "denials logged via kernel audit"
                    : "denials not observable: " + reader.status().message();
    log_->Write("landlock-audit", {Bool("available", reader.ok()),
                                   Str("detail", r_.landlock_audit)});
    if (reader.ok()) landlock_audit_.emplace(std::move(reader.value()));
  }

  Fd child_chan;
  if (Status s = MakeChannel(&chan_, &child_chan); !s.ok()) {
    Refuse(s.message());
    return r_;
  }
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
    Refuse(Errno("pipe2"));
    return r_;
  }
  streams_.push_back(
      Stream{Fd(out_pipe[0]), STDOUT_FILENO, OutputFilter(&secrets_)});
  streams_.push_back(
      Stream{Fd(err_pipe[0]), STDERR_FILENO, OutputFilter(&secrets_)});
  Fd out_w(out_pipe[1]), err_w(err_pipe[1]);
  // Room for what the task writes while the streams rest (see Loop); a
  // smaller pipe only means the task waits for the supervisor sooner.
  for (int w : {out_w.get(), err_w.get()}) fcntl(w, F_SETPIPE_SZ, 1 << 20);
  spec.channel = child_chan.get();
  spec.stdout_w = out_w.get();
  spec.stderr_w = err_w.get();
  spec.close_fds = {chan_.get(), streams_[0].fd.get(), streams_[1].fd.get()};
  if (landlock_audit_) spec.close_fds.push_back(landlock_audit_->fd());

  std::optional<CgroupLeaf> cgroup;
  if (c_.enabled & Bit(Layer::kCgroup)) {
    Result<CgroupLeaf> cg =
        CgroupLeaf::Create(c_.limits.memory_bytes, c_.limits.pids,
                           (c_.required & Bit(Layer::kCgroup)) != 0);
    if (cg.ok()) {
      cgroup.emplace(std::move(cg.value()));
      spec.await_cgroup = true;
    } else
      SetLayer(Layer::kCgroup, LayerState::kUnavailable, cg.status().message());
  } else {
    SetLayer(Layer::kCgroup, LayerState::kDisabled, "disabled by policy");
  }

  // Signals are handled through a signalfd here and sigwaitinfo in init.
  sigset_t sigs, old;
  sigemptyset(&sigs);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&sigs, sig);
  sigprocmask(SIG_BLOCK, &sigs, &old);
  spec.task_mask = old;
  signal(SIGPIPE, SIG_IGN);

  std::string clone_errors;
  for (int flags : CloneAttempts(c_, root)) {
    spec.namespaces = flags;
    pid_t pid = RawClone(flags);
    if (pid == 0) ContainAndRun(spec);
    if (pid > 0) {
      init_ = pid;
      break;
    }
    clone_errors += (clone_errors.empty() ? "" : "; ") +
                    Errno(flags & CLONE_NEWUSER ? "clone(user+namespaces)"
                          : flags               ? "clone(namespaces)"
                                                : "fork");
  }
  child_chan.Reset();
  out_w.Reset();
  err_w.Reset();
  if (init_ < 0) {
    Refuse(clone_errors);
    sigprocmask(SIG_SETMASK, &old, nullptr);
    return r_;
  }
  pidfd_.Reset(static_cast<int>(syscall(SYS_pidfd_open, init_, 0)));
  if (spec.namespaces & CLONE_NEWUSER) {
    SetLayer(Layer::kUserNs, LayerState::kApplied,
             "uid " + std::to_string(r_.uid) + " mapped to itself");
  } else {
    SetLayer(Layer::kUserNs, LayerState::kUnavailable,
             clone_errors.empty() ? "not attempted" : clone_errors);
  }
  if (!(spec.namespaces & kNamespaceFlags) && !clone_errors.empty()) {
    log_->Write("namespaces-unavailable", {Str("reason", clone_errors)});
  }

  // The child announces "M" once its /proc files are writable by us.
  Status setup = Status::Ok();
  Result<Message> hello = ReceiveMessage(chan_.get());
  if (!hello.ok() || hello->text != "M") {
    setup = Status::Internal("sandbox child did not start");
  }
  if (setup.ok() && (spec.namespaces & CLONE_NEWUSER)) {
    setup = WriteIdMaps(init_, r_.uid, r_.gid, root);
  }
  // Judged now: the user namespace, and a cgroup leaf that could not even
  // be made. After "G" the child builds the rest, enforcing `required`
  // itself; the cgroup move is judged just below.
  if (setup.ok()) {
    std::vector<LayerReport> own;
    for (Layer l : {Layer::kUserNs, Layer::kCgroup}) {
      if (layers_.count(l)) own.push_back(layers_[l]);
    }
    std::string missing = MissingRequired(own, c_.required);
    if (!missing.empty()) Refuse("required layer unavailable: " + missing);
  }
  if (setup.ok() && !r_.refused) setup = SendMessage(chan_.get(), "G");
  if (!setup.ok()) Refuse("user namespace: " + setup.message());
  // Moving a process between cgroups waits for an RCU grace period
  // (milliseconds): done while the child builds its layers. The child waits
  // for the verdict before it starts the task, and refuses if the cgroup is
  // required and the move failed.
  if (cgroup && setup.ok() && !r_.refused) {
    Status s = cgroup->AddProcess(init_);
    if (s.ok()) {
      SetLayer(Layer::kCgroup, LayerState::kApplied, cgroup->detail());
      (void)SendMessage(chan_.get(), "C");
    } else {
      SetLayer(Layer::kCgroup, LayerState::kUnavailable, s.message());
      cgroup.reset();
      (void)SendMessage(chan_.get(), "c" + s.message());
    }
  }

  // Setup phase: collect layer reports until the child is ready.
  while (!r_.refused) {
    Result<Message> m = ReceiveMessage(chan_.get());
    if (!m.ok()) {
      Refuse("sandbox setup ended unexpectedly");
      break;
    }
    if (!HandleMessage(std::move(m.value()))) break;
  }
  for (Layer l : AllLayerList()) {
    if (!layers_.count(l)) {
      SetLayer(l, LayerState::kUnavailable,
               r_.refused ? "not built (the run was refused)" : "not reported");
    }
  }
  for (Layer l : AllLayerList()) r_.layers.push_back(layers_[l]);
  if (!r_.refused) {
    // Defensive: the child refuses a missing required layer before "R", so
    // this only catches a layer it never reported (a bug); the task may
    // have started and is killed with the namespace.
    std::string missing = MissingRequired(r_.layers, c_.required);
    if (!missing.empty()) Refuse("required layer unavailable: " + missing);
  }
  if (r_.refused) {
    kill(init_, SIGKILL);
    waitpid(init_, nullptr, 0);
    r_.exit_code = 125;
    sigprocmask(SIG_SETMASK, &old, nullptr);
    log_->Write("exit", {Num("exit_code", 125), Bool("started", false)});
    return r_;
  }
  Loop();
  sigprocmask(SIG_SETMASK, &old, nullptr);

  r_.elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      Clock::now() - start_)
                      .count();
  r_.user_cpu_ms =
      usage_.ru_utime.tv_sec * 1000 + usage_.ru_utime.tv_usec / 1000;
  r_.sys_cpu_ms =
      usage_.ru_stime.tv_sec * 1000 + usage_.ru_stime.tv_usec / 1000;
  struct rusage ch = {};
  getrusage(RUSAGE_CHILDREN, &ch);
  r_.max_rss_kb = ch.ru_maxrss;
  if (cgroup) r_.cgroup_memory_peak = cgroup->MemoryPeak();
  for (const Stream& s : streams_) {
    r_.commands_neutralised += s.filter.commands_neutralised();
    r_.redactions += s.filter.redactions();
  }

  if (r_.timed_out) {
    r_.exit_code = 124;
  } else if (r_.exec_errno != 0) {
    r_.exit_code = r_.exec_errno == ENOENT ? 127 : 126;
  } else if (task_done_) {
    if (WIFEXITED(task_status_)) {
      r_.exit_code = WEXITSTATUS(task_status_);
    } else if (WIFSIGNALED(task_status_)) {
      r_.term_signal = WTERMSIG(task_status_);
      r_.exit_code = 128 + r_.term_signal;
    }
  } else if (WIFSIGNALED(init_status_)) {
    r_.term_signal = WTERMSIG(init_status_);
    r_.exit_code = 128 + r_.term_signal;
  } else {
    r_.exit_code = 125;
    Refuse("sandbox init ended without a task status");
  }

  r_.protected_violations = snapshot.RestoreChanges();
  for (const ProtectedViolation& v : r_.protected_violations) {
    log_->Write("protected-restored",
                {Str("path", v.path), Str("action", v.action)});
  }
  log_->Write(
      "exit",
      {Num("exit_code", r_.exit_code), Bool("timed_out", r_.timed_out),
       Num("signal", r_.term_signal), Num("elapsed_ms", r_.elapsed_ms),
       Num("user_cpu_ms", r_.user_cpu_ms), Num("sys_cpu_ms", r_.sys_cpu_ms),
       Num("max_rss_kb", r_.max_rss_kb),
       Num("processes_started", r_.processes_started),
       Num("denied_syscalls", static_cast<int64_t>(r_.denials.size())),
       Num("workflow_commands_neutralised",
           static_cast<int64_t>(r_.commands_neutralised)),
       Num("redactions", static_cast<int64_t>(r_.redactions)),
       Bool("output_truncated", r_.output_truncated)});
  return r_;
}

}  // namespace

std::string MissingRequired(const std::vector<LayerReport>& layers,
                            LayerSet required) {
  std::string out;
  for (const LayerReport& l : layers) {
    if (!(required & Bit(l.layer)) || l.state == LayerState::kApplied) continue;
    if (!out.empty()) out += "; ";
    out += std::string(LayerName(l.layer)) + " (" + l.detail + ")";
  }
  return out;
}

RunResult RunSandboxed(const Config& config, AuditLog* log) {
  Supervisor s(config, log);
  return s.Run();
}

std::vector<LayerReport> ExplainPlan(const Config& c) {
  bool root = geteuid() == 0;
  std::vector<LayerReport> out;
  int chosen = -1;
  std::string errors;
  for (int flags : CloneAttempts(c, root)) {
    pid_t pid = RawClone(flags);
    if (pid == 0) _exit(0);
    if (pid > 0) {
      waitpid(pid, nullptr, 0);
      chosen = flags;
      break;
    }
    errors += (errors.empty() ? "" : "; ") + Errno("clone");
  }
  if (chosen < 0) chosen = 0;
  auto add = [&](Layer l, bool ok, const std::string& detail) {
    LayerState st = !(c.enabled & Bit(l)) ? LayerState::kDisabled
                    : ok                  ? LayerState::kApplied
                                          : LayerState::kUnavailable;
    out.push_back(
        {l, st, st == LayerState::kDisabled ? "disabled by policy" : detail});
  };
  uid_t uid = c.user.uid.value_or(getuid());
  add(Layer::kUserNs, chosen & CLONE_NEWUSER,
      chosen & CLONE_NEWUSER
          ? "uid " + std::to_string(uid) + " mapped to itself"
          : errors);
  add(Layer::kUser, uid != 0 && (root || uid == getuid()),
      uid == 0 ? "target user is root" : "uid " + std::to_string(uid));
  add(Layer::kMountNs, chosen & CLONE_NEWNS,
      chosen & CLONE_NEWNS
          ? "read-only root, " + std::to_string(c.writable.size()) +
                " writable, " + std::to_string(c.hidden.size()) + " hidden"
          : "no mount namespace");
  add(Layer::kPidNs, chosen & CLONE_NEWPID,
      chosen & CLONE_NEWPID ? "stepguard is init and reaper"
                            : "no PID namespace");
  add(Layer::kNetNs, chosen & CLONE_NEWNET,
      chosen & CLONE_NEWNET
          ? (c.allow_net ? "loopback + proxy listener" : "loopback only")
          : "no network namespace");
  add(Layer::kIpcNs, chosen & CLONE_NEWIPC,
      chosen & CLONE_NEWIPC ? "" : "no IPC namespace");
  add(Layer::kUtsNs, chosen & CLONE_NEWUTS,
      chosen & CLONE_NEWUTS ? "" : "no UTS namespace");
  add(Layer::kRlimits, true, "");
  {
    Result<CgroupLeaf> cg =
        CgroupLeaf::Create(c.limits.memory_bytes, c.limits.pids,
                           (c.required & Bit(Layer::kCgroup)) != 0);
    add(Layer::kCgroup, cg.ok(),
        !cg.ok() ? cg.status().message()
        : cg->dirs().size() == 1
            ? "memory.max, pids.max"
            : "cgroup v1: memory.limit_in_bytes, pids.max");
  }
  int abi = LandlockAbiVersion();
  Status audit = LandlockAuditAvailable();
  add(Layer::kLandlock, abi > 0,
      abi > 0 ? "ABI " + std::to_string(abi) + "; " +
                    (audit.ok() ? std::string("denials logged via kernel audit")
                                : "denials not observable: " + audit.message())
              : "Landlock not supported by this kernel");
  add(Layer::kNoNewPrivs, true, "");
  add(Layer::kCaps, true, "");
  Result<std::string> avail =
      ReadFile("/proc/sys/kernel/seccomp/actions_avail");
  bool seccomp_ok = avail.ok() && avail->find("errno") != std::string::npos;
  add(Layer::kSeccomp, seccomp_ok,
      !seccomp_ok ? "seccomp filters not supported"
      : avail->find("user_notif") != std::string::npos
          ? "deny-list with user notification (denials logged)"
          : "deny-list (EPERM)");
  return out;
}

}  // namespace sg::sandbox
