#include "sandbox/kernel_audit.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

#include "sandbox/landlock.h"

namespace sg::sandbox {
namespace {

// Record types (newer than some distributions' <linux/audit.h>).
constexpr int kAuditGet = 1000;        // AUDIT_GET
constexpr int kAuditSyscall = 1300;    // AUDIT_SYSCALL
constexpr int kAuditEoe = 1320;        // AUDIT_EOE: end of an event
constexpr int kLandlockAccess = 1423;  // AUDIT_LANDLOCK_ACCESS
constexpr int kLandlockDomain = 1424;  // AUDIT_LANDLOCK_DOMAIN
constexpr unsigned kGroupReadLog = 1;  // AUDIT_NLGRP_READLOG
constexpr int kLandlockAuditAbi = 7;

Status Errno(const std::string& what) {
  return Status::Unavailable(what + ": " + strerror(errno));
}

// "key=value key2=\"quoted\" ..." -> value of `key` ("" if absent). Values
// the kernel considered unsafe are hex-encoded without quotes; `hex` asks
// to decode those.
std::string Field(const std::string& text, const std::string& key,
                  bool hex = false) {
  size_t at = 0;
  while ((at = text.find(key + "=", at)) != std::string::npos) {
    if (at == 0 || text[at - 1] == ' ') break;
    at += key.size();
  }
  if (at == std::string::npos) return "";
  size_t v = at + key.size() + 1;
  if (v < text.size() && text[v] == '"') {
    size_t end = text.find('"', v + 1);
    return text.substr(
        v + 1, end == std::string::npos ? std::string::npos : end - v - 1);
  }
  size_t end = text.find(' ', v);
  std::string raw = text.substr(v, end == std::string::npos ? end : end - v);
  if (!hex || raw.size() % 2 != 0 || raw == "(null)") return raw;
  std::string out;
  for (size_t i = 0; i + 1 < raw.size(); i += 2) {
    char* stop = nullptr;
    std::string byte = raw.substr(i, 2);
    long b = strtol(byte.c_str(), &stop, 16);
    if (stop == nullptr || *stop != '\0') return raw;
    out.push_back(static_cast<char>(b));
  }
  return out;
}

// "audit(1795931867.234:5): body" -> serial 5 and the body.
bool SplitHeader(const std::string& text, uint64_t* serial, std::string* body) {
  if (text.rfind("audit(", 0) != 0) return false;
  size_t colon = text.find(':');
  size_t close = text.find("): ");
  if (colon == std::string::npos || close == std::string::npos ||
      colon > close) {
    return false;
  }
  *serial = strtoull(text.c_str() + colon + 1, nullptr, 10);
  *body = text.substr(close + 3);
  return true;
}

}  // namespace

bool ParseLandlockAccess(const std::string& text, uint64_t* domain,
                         LandlockDenial* out) {
  std::string d = Field(text, "domain");
  std::string blockers = Field(text, "blockers");
  if (d.empty() || blockers.empty()) return false;
  char* end = nullptr;
  *domain = strtoull(d.c_str(), &end, 16);
  if (end == nullptr || *end != '\0') return false;
  out->blockers = blockers;
  out->path = Field(text, "path", /*hex=*/true);
  size_t b = text.find("blockers=");
  size_t obj = text.find(' ', b);
  out->object = obj == std::string::npos ? "" : text.substr(obj + 1);
  return true;
}

Status LandlockAuditAvailable() {
  int abi = LandlockAbiVersion();
  if (abi < kLandlockAuditAbi) {
    return Status::Unavailable("Landlock ABI " + std::to_string(abi) +
                               " has no audit support (needs ABI 7, Linux "
                               "6.15+)");
  }
  if (geteuid() != 0) {
    return Status::Unavailable(
        "reading kernel audit records needs root (CAP_AUDIT_READ)");
  }
  Fd s(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT));
  if (!s) {
    if (errno == EPROTONOSUPPORT) {
      return Status::Unavailable("kernel built without audit support");
    }
    return Errno("audit socket");
  }
  struct {
    struct nlmsghdr h;
  } req = {};
  req.h.nlmsg_len = sizeof(req);
  req.h.nlmsg_type = kAuditGet;
  req.h.nlmsg_flags = NLM_F_REQUEST;
  req.h.nlmsg_seq = 1;
  struct sockaddr_nl kernel = {};
  kernel.nl_family = AF_NETLINK;
  if (sendto(s.get(), &req, sizeof(req), 0,
             reinterpret_cast<sockaddr*>(&kernel), sizeof(kernel)) < 0) {
    return Errno("audit status query");
  }
  char buf[8192];
  for (int tries = 0; tries < 4; ++tries) {
    struct pollfd p = {s.get(), POLLIN, 0};
    if (poll(&p, 1, 500) <= 0) return Status::Unavailable("no audit status");
    ssize_t n = recv(s.get(), buf, sizeof(buf), 0);
    if (n < static_cast<ssize_t>(sizeof(nlmsghdr))) return Errno("audit recv");
    auto* h = reinterpret_cast<nlmsghdr*>(buf);
    if (h->nlmsg_type == NLMSG_ERROR) {
      auto* e = static_cast<nlmsgerr*>(NLMSG_DATA(h));
      if (e->error == 0) continue;  // an ack; the status follows
      errno = -e->error;
      return Errno("audit status query");
    }
    if (h->nlmsg_type != kAuditGet) continue;
    struct audit_status st = {};
    memcpy(&st, NLMSG_DATA(h),
           std::min(sizeof(st), static_cast<size_t>(n) - NLMSG_HDRLEN));
    if (st.enabled == 0) {
      return Status::Unavailable(
          "kernel audit is disabled (enable it with auditd or `auditctl -e "
          "1`; stepguard does not change it)");
    }
    return Status::Ok();
  }
  return Status::Unavailable("no audit status reply");
}

Result<LandlockAuditReader> LandlockAuditReader::Open() {
  SG_RETURN_IF_ERROR(LandlockAuditAvailable());
  Fd s(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
              NETLINK_AUDIT));
  if (!s) return Errno("audit socket");
  struct sockaddr_nl addr = {};
  addr.nl_family = AF_NETLINK;
  addr.nl_groups = 1U << (kGroupReadLog - 1);
  if (bind(s.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    return Errno("audit multicast subscription");
  }
  // Bursts (a task hammering a denied path) must not overflow the queue.
  int size = 1 << 20;
  setsockopt(s.get(), SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
  return LandlockAuditReader(std::move(s));
}

void LandlockAuditReader::HandleRecord(int type, const std::string& text,
                                       pid_t domain_creator) {
  uint64_t serial = 0;
  std::string body;
  if (!SplitHeader(text, &serial, &body)) return;
  switch (type) {
    case kLandlockAccess: {
      Pending p{serial, 0, {}};
      if (ParseLandlockAccess(body, &p.domain, &p.denial)) {
        pending_.push_back(std::move(p));
      }
      return;
    }
    case kLandlockDomain: {
      uint64_t domain = strtoull(Field(body, "domain").c_str(), nullptr, 16);
      std::string status = Field(body, "status");
      if (status == "allocated") {
        pid_t creator = static_cast<pid_t>(atoi(Field(body, "pid").c_str()));
        (creator == domain_creator ? ours_ : foreign_).insert(domain);
      } else if (status == "deallocated") {
        deallocated_.insert(domain);
      }
      return;
    }
    // Only events that carry a Landlock denial are tracked: with audit
    // rules a busy machine sends every process's syscall records here.
    case kAuditSyscall:
      if (HasPending(serial)) {
        pid_by_serial_[serial] = atoi(Field(body, "pid").c_str());
      }
      return;
    case kAuditEoe:
      if (HasPending(serial)) complete_serials_.insert(serial);
      return;
    default:
      return;
  }
}

bool LandlockAuditReader::HasPending(uint64_t serial) const {
  for (const Pending& p : pending_) {
    if (p.serial == serial) return true;
  }
  return false;
}

void LandlockAuditReader::Emit(
    bool final, const std::function<void(const LandlockDenial&)>& denied) {
  std::vector<Pending> keep;
  std::set<uint64_t> done;
  for (Pending& p : pending_) {
    // The event's records all arrived (its EOE), and the domain's creator
    // is known (its "allocated" record comes with the first denial).
    bool known = ours_.count(p.domain) || foreign_.count(p.domain);
    if (!final && !(complete_serials_.count(p.serial) && known)) {
      keep.push_back(std::move(p));
      continue;
    }
    done.insert(p.serial);
    if (!ours_.count(p.domain)) continue;  // another sandbox, or nested
    auto pid = pid_by_serial_.find(p.serial);
    if (pid != pid_by_serial_.end()) p.denial.pid = pid->second;
    denied(p.denial);
  }
  pending_ = std::move(keep);
  for (uint64_t s : done) {
    if (HasPending(s)) continue;
    pid_by_serial_.erase(s);
    complete_serials_.erase(s);
  }
}

void LandlockAuditReader::Drain(
    pid_t domain_creator,
    const std::function<void(const LandlockDenial&)>& denied) {
  char buf[16384];
  for (;;) {
    ssize_t n = recv(fd_.get(), buf, sizeof(buf), MSG_DONTWAIT);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == ENOBUFS) continue;  // overrun: some records lost
    if (n <= 0) break;
    int len = static_cast<int>(n);  // NLMSG_OK/NLMSG_NEXT want a signed int
    for (auto* h = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(h, len);
         h = NLMSG_NEXT(h, len)) {
      const char* data = static_cast<const char*>(NLMSG_DATA(h));
      size_t size = h->nlmsg_len - NLMSG_HDRLEN;
      HandleRecord(h->nlmsg_type, std::string(data, strnlen(data, size)),
                   domain_creator);
    }
  }
  Emit(/*final=*/false, denied);
}

void LandlockAuditReader::Finish(
    pid_t domain_creator, std::chrono::milliseconds limit,
    const std::function<void(const LandlockDenial&)>& denied) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + limit;
  constexpr int kQuietMs = 20;
  for (;;) {
    Drain(domain_creator, denied);
    bool waiting_for_dealloc = false;
    for (uint64_t d : ours_) waiting_for_dealloc |= !deallocated_.count(d);
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - Clock::now())
                    .count();
    if (left <= 0) break;
    int timeout = waiting_for_dealloc ? static_cast<int>(left)
                                      : std::min<int>(kQuietMs, left);
    struct pollfd p = {fd_.get(), POLLIN, 0};
    int r = poll(&p, 1, timeout);
    if (r == 0 && !waiting_for_dealloc) break;  // quiet: nothing in flight
    if (r < 0 && errno != EINTR) break;
  }
  Emit(/*final=*/true, denied);
}

}  // namespace sg::sandbox
