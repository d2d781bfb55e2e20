#include "runner/real_system_view.h"

#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "base/fd.h"
#include "base/file.h"
#include "git/config_reader.h"

extern char** environ;

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#endif
#ifndef LANDLOCK_CREATE_RULESET_VERSION
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0)
#endif

namespace sg::runner {
namespace {

// Larger than any file a probe needs (/proc/PID/environ,
// ~/.docker/config.json).
constexpr size_t kMaxProbeFile = 4u << 20;

struct DirClose {
  void operator()(DIR* d) const { ::closedir(d); }
};
struct AddrInfoFree {
  void operator()(addrinfo* a) const { ::freeaddrinfo(a); }
};

FileType TypeOf(mode_t m) {
  if (S_ISREG(m)) return FileType::kRegular;
  if (S_ISDIR(m)) return FileType::kDirectory;
  if (S_ISLNK(m)) return FileType::kSymlink;
  if (S_ISSOCK(m)) return FileType::kSocket;
  return FileType::kOther;
}

// Connects `fd` to `addr` within `timeout_ms`; returns 0 or an errno value.
int ConnectWithTimeout(int fd, const sockaddr* addr, socklen_t len,
                       int timeout_ms) {
  int flags = ::fcntl(fd, F_GETFL);
  ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  if (::connect(fd, addr, len) == 0) return 0;
  if (errno != EINPROGRESS) return errno;
  pollfd p{fd, POLLOUT, 0};
  int n = ::poll(&p, 1, timeout_ms);
  if (n == 0) return ETIMEDOUT;
  if (n < 0) return errno;
  int err = 0;
  socklen_t elen = sizeof err;
  ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen);
  return err;
}

}  // namespace

RealSystemView::RealSystemView() {
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string kv = *e;
    size_t eq = kv.find('=');
    if (eq == std::string::npos) {
      env_.emplace_back(kv, "");
    } else {
      env_.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    }
  }
}

Result<std::string> RealSystemView::ReadFile(const std::string& path) const {
  return sg::ReadFile(path, kMaxProbeFile);
}

Result<std::vector<std::string>> RealSystemView::ListDir(
    const std::string& path) const {
  std::unique_ptr<DIR, DirClose> dir(::opendir(path.c_str()));
  if (!dir) return Status::NotFound(path + ": " + std::strerror(errno));
  std::vector<std::string> out;
  while (dirent* d = ::readdir(dir.get())) {
    std::string name = d->d_name;
    if (name == "." || name == "..") continue;
    out.push_back(std::move(name));
  }
  return out;
}

std::optional<FileInfo> RealSystemView::Stat(const std::string& path) const {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  FileInfo fi;
  fi.type = TypeOf(st.st_mode);
  fi.mode = st.st_mode & 07777;
  fi.uid = st.st_uid;
  fi.gid = st.st_gid;
  fi.size = static_cast<uint64_t>(st.st_size);
  return fi;
}

Result<std::string> RealSystemView::ReadLink(const std::string& path) const {
  char buf[4096];
  ssize_t n = ::readlink(path.c_str(), buf, sizeof buf);
  if (n < 0) return Status::NotFound(path + ": " + std::strerror(errno));
  return std::string(buf, static_cast<size_t>(n));
}

bool RealSystemView::IsWritable(const std::string& path) const {
  return ::faccessat(AT_FDCWD, path.c_str(), W_OK, AT_EACCESS) == 0;
}

Identity RealSystemView::GetIdentity() const {
  Identity id;
  id.uid = ::getuid();
  id.euid = ::geteuid();
  id.gid = ::getgid();
  id.egid = ::getegid();
  int n = ::getgroups(0, nullptr);
  if (n > 0) {
    std::vector<gid_t> groups(static_cast<size_t>(n));
    n = ::getgroups(n, groups.data());
    for (int i = 0; i < n; ++i)
      id.groups.push_back(groups[static_cast<size_t>(i)]);
  }
  return id;
}

int RealSystemView::LandlockAbi() const {
  long abi = ::syscall(SYS_landlock_create_ruleset, nullptr, 0,
                       LANDLOCK_CREATE_RULESET_VERSION);
  return abi > 0 ? static_cast<int>(abi) : 0;
}

bool RealSystemView::CanConnectUnix(const std::string& path) const {
  sockaddr_un addr{};
  if (path.size() >= sizeof addr.sun_path) return false;
  Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) return false;
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.data(), path.size());
  // A local socket answers at once or never; a short timeout keeps a wedged
  // daemon from stalling the whole report.
  return ConnectWithTimeout(fd.get(), reinterpret_cast<sockaddr*>(&addr),
                            sizeof addr, 200) == 0;
}

Status RealSystemView::ProbeTcp(const std::string& host, uint16_t port,
                                int timeout_ms) const {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* raw = nullptr;
  std::string service = std::to_string(port);
  int gai = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &raw);
  if (gai != 0) {
    return Status::Unavailable("cannot resolve " + host + ": " +
                               ::gai_strerror(gai));
  }
  std::unique_ptr<addrinfo, AddrInfoFree> list(raw);
  int last_err = ECONNREFUSED;
  for (addrinfo* a = list.get(); a != nullptr; a = a->ai_next) {
    Fd fd(
        ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol));
    if (!fd) {
      last_err = errno;
      continue;
    }
    last_err =
        ConnectWithTimeout(fd.get(), a->ai_addr, a->ai_addrlen, timeout_ms);
    if (last_err == 0) return Status::Ok();
  }
  return Status::Unavailable(host + ":" + service + ": " +
                             std::strerror(last_err));
}

SudoOutcome RealSystemView::RunSudoNonInteractive() const {
  const char* sudo = nullptr;
  for (const char* p : {"/usr/bin/sudo", "/bin/sudo", "/usr/local/bin/sudo"}) {
    if (::access(p, X_OK) == 0) {
      sudo = p;
      break;
    }
  }
  if (sudo == nullptr) return SudoOutcome::kNotInstalled;

  pid_t pid = ::fork();
  if (pid < 0) return SudoOutcome::kError;
  if (pid == 0) {
    // New session: no controlling terminal, so sudo cannot prompt anyone.
    ::setsid();
    int devnull = ::open("/dev/null", O_RDWR);
    if (devnull >= 0) {
      ::dup2(devnull, 0);
      ::dup2(devnull, 1);
      ::dup2(devnull, 2);
    }
    char* const argv[] = {const_cast<char*>("sudo"), const_cast<char*>("-n"),
                          const_cast<char*>("true"), nullptr};
    ::execve(sudo, argv, environ);
    ::_exit(127);
  }
  // sudo -n answers in milliseconds; give it 3 s before giving up.
  for (int waited_ms = 0; waited_ms < 3000; waited_ms += 5) {
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        return SudoOutcome::kPasswordless;
      }
      if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        return SudoOutcome::kError;
      }
      return SudoOutcome::kNeedsPassword;
    }
    if (r < 0 && errno != EINTR) return SudoOutcome::kError;
    timespec ts{0, 5'000'000};
    ::nanosleep(&ts, nullptr);
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return SudoOutcome::kError;
}

Result<std::vector<GitConfigEntry>> RealSystemView::GitConfig(
    const std::string& workdir) const {
  auto entries = git::ReadRepositoryConfig(workdir);
  if (!entries.ok()) return entries.status();
  std::vector<GitConfigEntry> out;
  out.reserve(entries->size());
  for (auto& e : *entries) {
    out.push_back({std::move(e.name), std::move(e.value), std::move(e.level),
                   e.include_depth});
  }
  return out;
}

}  // namespace sg::runner
