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
// A worker with nothing to do waits this long for a new tunnel, and then
// exits unless it is one of the last kKeepParked.
constexpr auto kParkTime = std::chrono::seconds(10);
constexpr int kKeepParked = 8;

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
  uint64_t up_left = UINT64_MAX;  // RelayRequest::up_limit, used by dir 0
  bool copy[2] = {false, false};  // per direction: recv/send, no pipe
  std::function<void(const RelayResult&)> done;

  std::mutex mu;  // guards the fields below and closing the sockets
  std::string reason;
  bool ending = false;
  bool closed = false;
  int running = 2;
  bool finished = false;  // both threads past their last use of the tunnel

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
      if (dir == 0 && up_left == 0) return;  // the request is complete
      size_t want = kChunkBytes;
      if (dir == 0 && up_left < want) want = static_cast<size_t>(up_left);
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
        if (dir == 0 && up_left != UINT64_MAX) up_left -= forward;
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
    {
      std::lock_guard<std::mutex> lock(mu);
      closed = true;
      if (up_left == 0) {
        // The up direction stopped at the end of the request: what the
        // task sent after it was never read. Closing over unread bytes
        // sends a reset, which can destroy the response still in flight to
        // the task, so discard them (bounded) first.
        char sink[16384];
        for (int i = 0; i < 64; ++i) {
          if (::recv(client.get(), sink, sizeof(sink), MSG_DONTWAIT) <= 0)
            break;
        }
      }
      client.Reset();
      upstream.Reset();
      for (RelayPipe& p : pipes) {
        p.read_end.Reset();
        p.write_end.Reset();
      }
    }
    owner->OnTunnelClosed();
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
  t->up_left = req.up_limit;
  t->done = std::move(done);
  for (int fd : {t->client.get(), t->upstream.get()}) {
    SetBlocking(fd);
    SetTimeout(fd, SO_RCVTIMEO, t->idle_timeout);
    SetTimeout(fd, SO_SNDTIMEO, t->idle_timeout);
  }

  {
    std::lock_guard<std::mutex> lock(mu_);
    Reap();
    tunnels_.push_back(t);
    if (!stop_reason_.empty()) t->End(stop_reason_);
  }
  for (int dir = 0; dir < 2; ++dir) Dispatch(Job{t, dir});
}

// Gives the job to a parked worker, or to a new one. A pool rather than
// two fresh threads per tunnel: thread creation would sit on the path of
// every new connection.
void RelayWorkers::Dispatch(Job job) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (idle_ > 0) {
      --idle_;  // reserved: the woken worker takes the job
      jobs_.push_back(std::move(job));
      work_cv_.notify_one();
      return;
    }
    // Created under the lock, so the worker is listed before it can look
    // itself up (it takes the lock only after its first job).
    auto* arg = new std::pair<RelayWorkers*, Job>(this, job);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, kStackBytes);
    pthread_t thread;
    int rc = pthread_create(
        &thread, &attr,
        [](void* raw) -> void* {
          std::unique_ptr<std::pair<RelayWorkers*, Job>> a(
              static_cast<std::pair<RelayWorkers*, Job>*>(raw));
          a->first->WorkerMain(std::move(a->second));
          return nullptr;
        },
        arg);
    pthread_attr_destroy(&attr);
    if (rc == 0) {
      workers_.push_back(Worker{thread, false});
      return;
    }
    delete arg;
  }
  // No thread: this direction never runs. It counts as done, and the other
  // one (if running) is told to end.
  job.tunnel->End("");
  job.tunnel->ThreadDone();
}

void RelayWorkers::WorkerMain(Job job) {
  for (;;) {
    job.tunnel->Pump(job.dir);
    job.tunnel->ThreadDone();
    job.tunnel.reset();
    std::unique_lock<std::mutex> lock(mu_);
    ++idle_;
    for (;;) {
      if (!jobs_.empty()) {
        job = std::move(jobs_.front());
        jobs_.pop_front();
        break;
      }
      bool timed_out = !work_cv_.wait_for(
          lock, kParkTime, [&] { return !jobs_.empty() || shutdown_; });
      if (!jobs_.empty()) continue;
      if (shutdown_ || (timed_out && idle_ > kKeepParked)) {
        --idle_;
        pthread_t self = pthread_self();
        for (Worker& w : workers_) {
          if (pthread_equal(w.thread, self)) w.exited = true;
        }
        return;
      }
    }
  }
}

void RelayWorkers::OnTunnelClosed() {
  std::lock_guard<std::mutex> lock(mu_);
  closed_cv_.notify_all();
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
    bool closed;
    {
      std::lock_guard<std::mutex> lock((*it)->mu);
      closed = (*it)->closed;
    }
    // (Erasing may destroy the tunnel and its mutex: not under its lock.)
    it = closed ? tunnels_.erase(it) : std::next(it);
  }
  for (auto it = workers_.begin(); it != workers_.end();) {
    if (it->exited) {
      pthread_join(it->thread, nullptr);  // returning now
      it = workers_.erase(it);
    } else {
      ++it;
    }
  }
}

void RelayWorkers::JoinAll() {
  std::list<Worker> all;
  {
    std::unique_lock<std::mutex> lock(mu_);
    closed_cv_.wait(lock, [&] {
      Reap();
      return tunnels_.empty();
    });
    shutdown_ = true;
    work_cv_.notify_all();
    all.swap(workers_);
  }
  for (Worker& w : all) pthread_join(w.thread, nullptr);
  std::lock_guard<std::mutex> lock(mu_);
  shutdown_ = false;
}

int RelayWorkers::parked() const {
  std::lock_guard<std::mutex> lock(mu_);
  return idle_;
}

int RelayWorkers::threads() const {
  std::lock_guard<std::mutex> lock(mu_);
  int n = 0;
  for (const Worker& w : workers_) n += w.exited ? 0 : 1;
  return n;
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
