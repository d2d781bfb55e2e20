// The byte pump of an established tunnel. Once the proxy has checked a
// tunnel (allow rule, address, SNI) it is just two byte streams, so it is
// handed to two dedicated threads, one per direction, that move bytes with
// blocking splice(2) socket -> pipe -> socket: no copy through user space,
// no event-loop wake-ups, two system calls per chunk of up to 1 MiB, and the
// kernel wakes exactly the thread whose socket has data. Without zero-copy
// (or when no pipe can be had) a direction copies through a user-space
// buffer with blocking recv/send instead. (Measured against the event-loop
// pump: docs/egress.md "Throughput".)
//
// Contract of a relay:
// - bytes each way are counted as read from the source socket, and added to
//   a proxy-wide counter; a chunk that would go beyond the proxy's bytes
//   budget is never forwarded: the tunnel (and every other relay of the same
//   RelayWorkers) ends with reason "limit:bytes-budget";
// - EOF from one side is passed on as a half-close (shutdown SHUT_WR) and the
//   other direction keeps flowing, unless `end_on_down_eof` (one HTTP
//   exchange) ends the tunnel when the upstream is done;
// - a tunnel with no byte read in either direction for `idle_timeout` ends
//   with reason "idle-timeout";
// - an error on either side (reset, broken pipe) ends both directions;
// - `done` is called exactly once, from a relay thread, after both threads
//   have stopped moving bytes and before the sockets are closed (so what it
//   records happens before either peer sees the end of the tunnel).
#ifndef STEPGUARD_EGRESS_RELAY_H_
#define STEPGUARD_EGRESS_RELAY_H_

#include <pthread.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>

#include "base/fd.h"

namespace sg::egress {

// One direction's state, possibly carried over from the event loop (bytes
// already read into the pipe but not yet written out).
struct RelayPipe {
  Fd read_end, write_end;  // empty: the relay makes a pipe (or copies)
  size_t pending = 0;      // bytes in the pipe still to be written
  bool eof = false;        // the source already ended (half-close passed on)
};

// Makes a pipe for splice(2), grown towards the relay's chunk size as far as
// the system allows. False when no pipe can be had (descriptor limit).
bool MakeSplicePipe(RelayPipe* p);

struct RelayRequest {
  Fd client, upstream;  // connected TCP sockets (any blocking mode)
  // up: client -> upstream. Pipes are made when empty (zero-copy).
  RelayPipe up, down;
  uint64_t bytes_up = 0, bytes_down = 0;  // already counted before hand-off
  std::chrono::milliseconds idle_timeout{std::chrono::minutes(5)};
  std::chrono::steady_clock::time_point last_activity =
      std::chrono::steady_clock::now();
  // HTTP: one exchange per connection, over when the upstream has sent its
  // whole response.
  bool end_on_down_eof = false;
  // Bytes the up direction may still forward (HTTP: what is left of the
  // request body). At the limit that direction stops reading the task,
  // without a half-close, so nothing the task sends after its request (a
  // pipelined request naming another host) reaches the upstream.
  uint64_t up_limit = UINT64_MAX;
  // false: recv/send through a user-space buffer instead of splice(2).
  bool zero_copy = true;
};

struct RelayResult {
  uint64_t bytes_up = 0, bytes_down = 0;
  // "" (both sides finished or one failed), "idle-timeout",
  // "limit:bytes-budget" or "stopped".
  std::string reason;
};

// Owns the relay threads of one proxy: a pool that grows to two threads per
// open tunnel and shrinks back when they have been idle a while.
class RelayWorkers {
 public:
  // `relayed`: the proxy-wide byte counter (both directions, all tunnels);
  // `budget`: its limit, 0 for none.
  RelayWorkers(std::atomic<uint64_t>* relayed, uint64_t budget);
  ~RelayWorkers();
  RelayWorkers(const RelayWorkers&) = delete;
  RelayWorkers& operator=(const RelayWorkers&) = delete;

  // Starts relaying. `done` is always called exactly once, even when a
  // thread cannot be created (the tunnel then just ends).
  void Spawn(RelayRequest req, std::function<void(const RelayResult&)> done);
  // Ends every relay soon with `reason` (sockets shut down); relays spawned
  // later end at once. Thread-safe.
  void StopAll(const std::string& reason = "stopped");
  // Waits for every relay thread. Call after StopAll.
  void JoinAll();
  // Relays running now.
  int active() const;
  // Relay threads alive now (running a tunnel direction or parked).
  int threads() const;
  // Of those, parked ones waiting for a tunnel.
  int parked() const;

 private:
  struct Tunnel;
  struct Job {
    std::shared_ptr<Tunnel> tunnel;
    int dir;  // 0: client -> upstream, 1: upstream -> client
  };
  struct Worker {
    pthread_t thread;
    bool exited;  // returned from WorkerMain; join before forgetting it
  };
  void Dispatch(Job job);
  void WorkerMain(Job job);
  void OnTunnelClosed();
  void EndAll(const std::string& reason);
  void Reap();  // with mu_ held

  std::atomic<uint64_t>* relayed_;
  const uint64_t budget_;
  mutable std::mutex mu_;
  std::condition_variable work_cv_, closed_cv_;
  std::list<std::shared_ptr<Tunnel>> tunnels_;
  std::list<Worker> workers_;
  std::deque<Job> jobs_;
  int idle_ = 0;  // parked workers not yet given a job
  bool shutdown_ = false;
  std::string stop_reason_;  // non-empty: stopping
};

}  // namespace sg::egress

#endif  // STEPGUARD_EGRESS_RELAY_H_
