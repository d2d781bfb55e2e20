#include "egress/relay.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <cerrno>
#include <utility>
#include <vector>

namespace sg::egress {

namespace {

using Clock = std::chrono::steady_clock;

// Largest chunk moved per splice(2); the pipe is grown to this size when
// the system allows (fs.pipe-max-size, pipe-user-pages-soft).
constexpr size_t kChunkBytes = 1 << 20;
// Buffer of the copying mode (no zero-copy, or no pipe to be had).
constexpr size_t kCopyBytes = 256 * 1024;
// Relay threads only run the loop below: a small stack is plenty.
constexpr size_t kStackBytes = 256 * 1024;

void SetTimeout(int fd, int option, std::chrono::milliseconds t) {
  if (t.count() <= 0) t = std::chrono::milliseconds(1);
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(t.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((t.count() % 1000) * 1000);
  setsockopt(fd, SOL_SOCKET, option, &tv, sizeof(tv));
}

void SetBlocking(int fd) {
  int flags = fcntl(fd, F_GETFL);
  if (flags >= 0 && (flags & O_NONBLOCK)) {
    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  }
}

}  // namespace

// As large as the system lets this process have (one page at worst: splice
// still works, in smaller steps).
bool MakeSplicePipe(RelayPipe* p) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  p->read_end.Reset(fds[0]);
  p->write_end.Reset(fds[1]);
  for (size_t size = kChunkBytes; size >= 64 * 1024; size /= 4) {
    if (fcntl(fds[1], F_SETPIPE_SZ, static_cast<int>(size)) >= 0) break;
  }
  return true;
}

struct RelayWorkers::Tunnel {
  RelayWorkers* owner = nullptr;
  Fd client, upstream;
  RelayPipe pipes[2];  // [0] up, [1] down
  std::atomic<uint64_t> bytes[2];
  std::atomic<Clock::rep> last_activity;
  std::chrono::milliseconds idle_timeout{0};
  bool end_on_down_eof = false;
  bool copy[2] = {false, false};  // per direction: recv/send, no pipe
  std::function<void(const RelayResult&)> done;

  std::mutex mu;  // guards the fields below and closing the sockets
  std::string reason;
  bool ending = false;
  bool closed = false;
  int running = 2;
  bool finished = false;  // both threads past their last use of the tunnel
  pthread_t threads[2]{};
  int started = 0;

  int from(int dir) const { return dir == 0 ? client.get() : upstream.get(); }
  int to(int dir) const { return dir == 0 ? upstream.get() : client.get(); }

  // First call wins (its reason is reported); wakes both threads out of
  // any blocking call. `quiet`: the task's socket is only shut for reading,
  // which wakes a reader without sending the task a FIN, so the task sees
  // the end only when the socket closes, after done() (used where the
  // tunnel ends normally; the up thread can only block reading the task or
  // writing the upstream, and both are woken).
  void End(const std::string& why, bool quiet = false) {
    std::lock_guard<std::mutex> lock(mu);
    if (ending || closed) return;
    ending = true;
    reason = why;
    ::shutdown(client.get(), quiet ? SHUT_RD : SHUT_RDWR);
    ::shutdown(upstream.get(), SHUT_RDWR);
  }

  bool Ending() {
    std::lock_guard<std::mutex> lock(mu);
    return ending;
  }

  // Time left before the tunnel counts as idle (<= 0: it is idle now).
  std::chrono::milliseconds IdleLeft() const {
    auto last = Clock::time_point(Clock::duration(last_activity.load()));
    return std::chrono::duration_cast<std::chrono::milliseconds>(
        last + idle_timeout - Clock::now());
  }

  // Returns true when the timeout that just fired means the tunnel is idle
  // (and ends it); otherwise re-arms `option` on `fd` with the time left.
  bool OnTimeout(int fd, int option) {
    std::chrono::milliseconds left = IdleLeft();
    if (left.count() <= 0) {
      End("idle-timeout");
      return true;
    }
    SetTimeout(fd, option, left);
    return false;
  }

  // Writes everything in the pipe to `to`. False: the tunnel is ending.
  bool Flush(int dir) {
    RelayPipe& p = pipes[dir];
    while (p.pending > 0) {
      ssize_t n = splice(p.read_end.get(), nullptr, to(dir), nullptr, p.pending,
                         SPLICE_F_MOVE);
      if (n > 0) {
        p.pending -= static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EAGAIN) {  // SO_SNDTIMEO: the peer reads nothing
        if (OnTimeout(to(dir), SO_SNDTIMEO)) return false;
        continue;
      }
      End("");  // the receiving side is gone
      return false;
    }
    return true;
  }

  // Sends all of `data` (copying mode). False: the tunnel is ending.
  bool SendAll(int dir, const char* data, size_t n) {
    while (n > 0) {
      ssize_t w = ::send(to(dir), data, n, MSG_NOSIGNAL);
      if (w > 0) {
        data += w;
        n -= static_cast<size_t>(w);
        continue;
      }
      if (w < 0 && errno == EINTR) continue;
      if (w < 0 && errno == EAGAIN) {
        if (OnTimeout(to(dir), SO_SNDTIMEO)) return false;
        continue;
      }
      End("");
      return false;
    }
    return true;
  }

  void Pump(int dir) {
    RelayPipe& p = pipes[dir];
    std::vector<char> buf;
    if (copy[dir]) buf.resize(kCopyBytes);
    for (;;) {
      if (!Flush(dir)) return;
      if (p.eof) {
        if (dir == 1 && end_on_down_eof) {
          End("", /*quiet=*/true);  // the exchange is over
        } else {
          ::shutdown(to(dir), SHUT_WR);  // pass the half-close on
        }
        return;
      }
      if (Ending()) return;
      size_t want = kChunkBytes;
      if (owner->budget_ != 0) {
        // Read at most one byte past what the budget has left: that byte
        // is what ends the run.
        uint64_t used = owner->relayed_->load();
        uint64_t left = used >= owner->budget_ ? 0 : owner->budget_ - used;
        if (left + 1 < want) want = static_cast<size_t>(left + 1);
      }
      ssize_t n = copy[dir] ? ::recv(from(dir), buf.data(),
                                     std::min(want, buf.size()), 0)
                            : splice(from(dir), nullptr, p.write_end.get(),
                                     nullptr, want, SPLICE_F_MOVE);
      if (n > 0) {
        last_activity.store(Clock::now().time_since_epoch().count());
        size_t forward = static_cast<size_t>(n);
        uint64_t before = owner->relayed_->fetch_add(forward);
        bool over = owner->budget_ != 0 && before + forward > owner->budget_;
        if (over) {
          // Forward exactly what the budget had left (the counter is
          // shared: concurrent readers are ordered by fetch_add, so what
          // all of them forward stays within the budget), then end.
          forward = before >= owner->budget_
                        ? 0
                        : static_cast<size_t>(owner->budget_ - before);
        }
        bytes[dir] += forward;
        if (copy[dir]) {
          if (!SendAll(dir, buf.data(), forward)) return;
        } else {
          p.pending = forward;
          if (!Flush(dir)) return;
        }
        if (over) {
          owner->EndAll("limit:bytes-budget");
          return;
        }
        continue;
      }
      if (n == 0) {
        p.eof = true;
        continue;
      }
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {  // SO_RCVTIMEO
        if (OnTimeout(from(dir), SO_RCVTIMEO)) return;
        continue;
      }
      End("");  // reset or another error on the sending side
      return;
    }
  }

  // Run by each thread when its direction is over; the last one closes the
  // sockets and reports.
  // done() runs before the sockets are closed, so whatever it records (the
  // audit line) happens before either peer can see the tunnel end.
  void ThreadDone() {
    RelayResult result;
    {
      std::lock_guard<std::mutex> lock(mu);
      if (--running > 0) return;
      result.reason = reason;
    }
    result.bytes_up = bytes[0].load();
    result.bytes_down = bytes[1].load();
    if (done) done(result);
    std::lock_guard<std::mutex> lock(mu);
    closed = true;
    client.Reset();
    upstream.Reset();
    for (RelayPipe& p : pipes) {
      p.read_end.Reset();
      p.write_end.Reset();
    }
  }
};

RelayWorkers::RelayWorkers(std::atomic<uint64_t>* relayed, uint64_t budget)
    : relayed_(relayed), budget_(budget) {}

RelayWorkers::~RelayWorkers() {
  StopAll();
  JoinAll();
}

void RelayWorkers::Spawn(RelayRequest req,
                         std::function<void(const RelayResult&)> done) {
  auto t = std::make_shared<Tunnel>();
  t->owner = this;
  for (int dir = 0; dir < 2; ++dir) {
    RelayPipe& src = dir == 0 ? req.up : req.down;
    // A pipe carried over is drained first in either mode.
    t->copy[dir] = !req.zero_copy ||
                   (!src.read_end.valid() && !MakeSplicePipe(&t->pipes[dir]));
  }
  t->client = std::move(req.client);
  t->upstream = std::move(req.upstream);
  for (int dir = 0; dir < 2; ++dir) {
    RelayPipe& src = dir == 0 ? req.up : req.down;
    RelayPipe& dst = t->pipes[dir];
    if (src.read_end.valid()) {
      dst.read_end = std::move(src.read_end);
      dst.write_end = std::move(src.write_end);
    }
    dst.pending = src.pending;
    dst.eof = src.eof;
  }
  t->bytes[0] = req.bytes_up;
  t->bytes[1] = req.bytes_down;
  t->last_activity = req.last_activity.time_since_epoch().count();
  t->idle_timeout = req.idle_timeout;
  t->end_on_down_eof = req.end_on_down_eof;
  t->done = std::move(done);
  for (int fd : {t->client.get(), t->upstream.get()}) {
    SetBlocking(fd);
    SetTimeout(fd, SO_RCVTIMEO, t->idle_timeout);
    SetTimeout(fd, SO_SNDTIMEO, t->idle_timeout);
  }

  std::lock_guard<std::mutex> lock(mu_);
  Reap();
  tunnels_.push_back(t);
  if (!stop_reason_.empty()) t->End(stop_reason_);
  struct ThreadArg {
    std::shared_ptr<Tunnel>* tunnel;
    int dir;
  };
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, kStackBytes);
  for (int dir = 0; dir < 2; ++dir) {
    auto* arg = new ThreadArg{new std::shared_ptr<Tunnel>(t), dir};
    int rc = pthread_create(
        &t->threads[dir], &attr,
        [](void* raw) -> void* {
          std::unique_ptr<ThreadArg> a(static_cast<ThreadArg*>(raw));
          std::unique_ptr<std::shared_ptr<Tunnel>> tunnel(a->tunnel);
          (**tunnel).Pump(a->dir);
          (**tunnel).ThreadDone();
          return nullptr;
        },
        arg);
    if (rc != 0) {
      delete arg->tunnel;
      delete arg;
      // The direction that never ran counts as done; the other one (if
      // any) is told to end, and reports.
      t->End("");
      t->ThreadDone();
      if (dir == 0) t->ThreadDone();
      break;
    }
    t->started++;
  }
  pthread_attr_destroy(&attr);
}

void RelayWorkers::EndAll(const std::string& reason) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& t : tunnels_) t->End(reason);
}

void RelayWorkers::StopAll(const std::string& reason) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stop_reason_.empty()) stop_reason_ = reason;
  for (auto& t : tunnels_) t->End(reason);
}

void RelayWorkers::Reap() {
  for (auto it = tunnels_.begin(); it != tunnels_.end();) {
    bool over;
    {
      std::lock_guard<std::mutex> lock((*it)->mu);
      over = (*it)->closed;
    }
    if (over) {
      for (int i = 0; i < (*it)->started; ++i) {
        pthread_join((*it)->threads[i], nullptr);
      }
      it = tunnels_.erase(it);
    } else {
      ++it;
    }
  }
}

void RelayWorkers::JoinAll() {
  std::list<std::shared_ptr<Tunnel>> all;
  {
    std::lock_guard<std::mutex> lock(mu_);
    all.swap(tunnels_);
  }
  for (auto& t : all) {
    for (int i = 0; i < t->started; ++i) pthread_join(t->threads[i], nullptr);
  }
}

int RelayWorkers::active() const {
  std::lock_guard<std::mutex> lock(mu_);
  int n = 0;
  for (auto& t : tunnels_) {
    std::lock_guard<std::mutex> tl(t->mu);
    n += t->closed ? 0 : 1;
  }
  return n;
}

}  // namespace sg::egress
