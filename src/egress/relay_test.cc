// Tests of the tunnel relay threads over real loopback TCP connections:
//   task end  <-->  [client socket | relay | upstream socket]  <-->  server end
// in both modes (splice and user-space copy).
#include "egress/relay.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <condition_variable>
#include <future>
#include <random>
#include <thread>

#include "egress/test_util.h"

namespace sg::egress {
namespace {

using testing::ListenOn127;
using testing::RecvAll;
using testing::RecvN;
using testing::SendAll;
using testing::SetRecvTimeout;

// A connected loopback TCP pair: `near` is what the test holds, `far` what
// the relay gets.
struct TcpPair {
  Fd near, far;
};

TcpPair MakePair() {
  uint16_t port = 0;
  Fd listener = ListenOn127(&port);
  TcpPair p;
  p.near = testing::ConnectTo127(port);
  p.far = Fd(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
  if (p.far.valid()) SetRecvTimeout(p.far.get(), 10);
  return p;
}

// Collects done() results; Wait() blocks (bounded) for the n-th.
class Results {
 public:
  std::function<void(const RelayResult&)> Callback() {
    return [this](const RelayResult& r) {
      std::lock_guard<std::mutex> lock(mu_);
      results_.push_back(r);
      cv_.notify_all();
    };
  }
  std::vector<RelayResult> Wait(size_t n) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(30),
                 [&] { return results_.size() >= n; });
    return results_;
  }
  size_t size() {
    std::lock_guard<std::mutex> lock(mu_);
    return results_.size();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<RelayResult> results_;
};

// Reads until EOF (or error / the 10 s receive timeout), however much.
std::string ReadToEof(int fd) {
  std::string out;
  std::vector<char> buf(1 << 20);
  for (;;) {
    ssize_t n = ::recv(fd, buf.data(), buf.size(), 0);
    if (n <= 0) return out;
    out.append(buf.data(), static_cast<size_t>(n));
  }
}

std::string Pattern(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

class RelayTest : public ::testing::TestWithParam<bool> {
 protected:
  // Starts a relay between a new task pair and a new server pair.
  void Start(RelayRequest req = {}) {
    TcpPair task = MakePair(), server = MakePair();
    ASSERT_TRUE(task.far.valid() && server.far.valid());
    task_ = std::move(task.near);
    server_ = std::move(server.near);
    req.client = std::move(task.far);
    req.upstream = std::move(server.far);
    req.zero_copy = GetParam();
    workers_.Spawn(std::move(req), results_.Callback());
  }

  std::atomic<uint64_t> relayed_{0};
  RelayWorkers workers_{&relayed_, 0};
  Results results_;
  Fd task_, server_;
};

TEST_P(RelayTest, LargeTransfersBothWaysArriveIntactAndAreCounted) {
  Start();
  const size_t kUp = 48u << 20, kDown = 40u << 20;
  std::string up = Pattern(kUp, 1), down = Pattern(kDown, 2);
  // Both directions at once: a relay that serialised them would deadlock
  // once the socket buffers fill.
  auto send_up = std::async(std::launch::async, [&] {
    bool ok = SendAll(task_.get(), up);
    ::shutdown(task_.get(), SHUT_WR);
    return ok;
  });
  auto send_down = std::async(std::launch::async, [&] {
    bool ok = SendAll(server_.get(), down);
    ::shutdown(server_.get(), SHUT_WR);
    return ok;
  });
  auto got_up =
      std::async(std::launch::async, [&] { return ReadToEof(server_.get()); });
  std::string got_down = ReadToEof(task_.get());
  EXPECT_TRUE(send_up.get());
  EXPECT_TRUE(send_down.get());
  std::string got_up_s = got_up.get();
  EXPECT_EQ(got_up_s.size(), kUp);
  EXPECT_TRUE(got_up_s == up);
  EXPECT_EQ(got_down.size(), kDown);
  EXPECT_TRUE(got_down == down);
  auto r = results_.Wait(1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].reason, "");
  EXPECT_EQ(r[0].bytes_up, kUp);
  EXPECT_EQ(r[0].bytes_down, kDown);
  EXPECT_EQ(relayed_.load(), kUp + kDown);
  EXPECT_EQ(workers_.active(), 0);
}

TEST_P(RelayTest, HalfCloseKeepsTheOtherDirectionOpen) {
  Start();
  ASSERT_TRUE(SendAll(task_.get(), "request"));
  ::shutdown(task_.get(), SHUT_WR);
  // The server sees the request and then EOF, yet can still answer.
  EXPECT_EQ(RecvAll(server_.get()), "request");
  ASSERT_TRUE(SendAll(server_.get(), "answer after EOF"));
  EXPECT_EQ(RecvN(task_.get(), 16), "answer after EOF");
  EXPECT_EQ(results_.size(), 0u);  // still open one way
  server_.Reset();
  EXPECT_EQ(RecvAll(task_.get()), "");
  auto r = results_.Wait(1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].reason, "");
  EXPECT_EQ(r[0].bytes_up, 7u);
  EXPECT_EQ(r[0].bytes_down, 16u);
}

TEST_P(RelayTest, IdleTunnelEndsAndBothPeersSeeEof) {
  RelayRequest req;
  req.idle_timeout = std::chrono::milliseconds(200);
  Start(std::move(req));
  ASSERT_TRUE(SendAll(task_.get(), "x"));
  EXPECT_EQ(RecvN(server_.get(), 1), "x");
  EXPECT_EQ(RecvAll(server_.get()), "");  // closed by the relay
  EXPECT_EQ(RecvAll(task_.get()), "");
  auto r = results_.Wait(1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].reason, "idle-timeout");
  EXPECT_EQ(r[0].bytes_up, 1u);
}

TEST_P(RelayTest, TrafficInOneDirectionKeepsTheTunnelAlive) {
  // The idle limit is per tunnel, not per direction: the silent direction's
  // read timing out must not end a tunnel that is busy the other way.
  RelayRequest req;
  // (Margins: only a scheduling stall of 2 s could fail this.)
  req.idle_timeout = std::chrono::milliseconds(2000);
  Start(std::move(req));
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  size_t sent = 0;
  while (std::chrono::steady_clock::now() < until) {
    ASSERT_TRUE(SendAll(task_.get(), "tick"));
    sent += 4;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(RecvN(server_.get(), sent).size(), sent);
  EXPECT_EQ(results_.size(), 0u);
  // Then silence: it ends by the idle limit.
  auto r = results_.Wait(1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].reason, "idle-timeout");
  EXPECT_EQ(r[0].bytes_up, sent);
}

TEST_P(RelayTest, BytesCarriedOverInAPipeGoFirst) {
  RelayRequest req;
  ASSERT_TRUE(MakeSplicePipe(&req.down));
  ASSERT_EQ(::write(req.down.write_end.get(), "early-", 6), 6);
  req.down.pending = 6;
  req.bytes_down = 6;  // counted when they were read
  Start(std::move(req));
  ASSERT_TRUE(SendAll(server_.get(), "late"));
  server_.Reset();
  EXPECT_EQ(RecvAll(task_.get()), "early-late");
  task_.Reset();
  auto r = results_.Wait(1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].bytes_down, 10u);
}

TEST_P(RelayTest, EndOnDownstreamEofEndsAnHttpExchange) {
  RelayRequest req;
  req.end_on_down_eof = true;
  Start(std::move(req));
  ASSERT_TRUE(SendAll(task_.get(), "GET / HTTP/1.1\r\n\r\n"));
  EXPECT_EQ(RecvN(server_.get(), 18), "GET / HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(SendAll(server_.get(), "HTTP/1.1 200 OK\r\n\r\nbody"));
  server_.Reset();
  // The task never closes its side, yet the exchange is over.
  EXPECT_EQ(RecvAll(task_.get()), "HTTP/1.1 200 OK\r\n\r\nbody");
  auto r = results_.Wait(1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].reason, "");
}

TEST_P(RelayTest, StopAllEndsEveryTunnel) {
  Start();
  Fd task1 = std::move(task_), server1 = std::move(server_);
  Start();
  ASSERT_TRUE(SendAll(task1.get(), "a"));
  EXPECT_EQ(RecvN(server1.get(), 1), "a");
  workers_.StopAll();
  EXPECT_EQ(RecvAll(task1.get()), "");
  EXPECT_EQ(RecvAll(server_.get()), "");
  workers_.JoinAll();
  auto r = results_.Wait(2);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].reason, "stopped");
  EXPECT_EQ(r[1].reason, "stopped");
  // A relay spawned after StopAll ends at once.
  Start();
  EXPECT_EQ(RecvAll(task_.get()), "");
  workers_.JoinAll();
  EXPECT_EQ(results_.Wait(3).size(), 3u);
}

TEST_P(RelayTest, ThreadsAreReusedForLaterTunnels) {
  for (int i = 0; i < 5; ++i) {
    Start();
    ASSERT_TRUE(SendAll(task_.get(), "hello"));
    EXPECT_EQ(RecvN(server_.get(), 5), "hello");
    task_.Reset();
    server_.Reset();
    ASSERT_EQ(results_.Wait(i + 1).size(), static_cast<size_t>(i + 1));
    // Both workers are parked again before the next tunnel (bounded wait).
    for (int k = 0; k < 5000 && workers_.parked() < 2; ++k) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    EXPECT_EQ(workers_.parked(), 2);
  }
  // One tunnel at a time needs two threads, however many tunnels ran.
  EXPECT_EQ(workers_.threads(), 2);
}

TEST_P(RelayTest, ManyTunnelsAtOnce) {
  constexpr int kTunnels = 200;
  // Six descriptors per tunnel in this one process (both test ends, both
  // relay sockets, two pipes).
  rlimit rl{};
  getrlimit(RLIMIT_NOFILE, &rl);
  if (rl.rlim_cur < 4096 && rl.rlim_max > rl.rlim_cur) {
    rl.rlim_cur = std::min<rlim_t>(rl.rlim_max, 4096);
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  std::vector<Fd> tasks, servers;
  for (int i = 0; i < kTunnels; ++i) {
    Start();
    tasks.push_back(std::move(task_));
    servers.push_back(std::move(server_));
  }
  for (int i = 0; i < kTunnels; ++i) {
    ASSERT_TRUE(SendAll(tasks[i].get(), "up " + std::to_string(i)));
    ASSERT_TRUE(SendAll(servers[i].get(), "down " + std::to_string(i)));
  }
  for (int i = 0; i < kTunnels; ++i) {
    std::string up = "up " + std::to_string(i);
    std::string down = "down " + std::to_string(i);
    EXPECT_EQ(RecvN(servers[i].get(), up.size()), up);
    EXPECT_EQ(RecvN(tasks[i].get(), down.size()), down);
  }
  EXPECT_EQ(workers_.active(), kTunnels);
  tasks.clear();
  servers.clear();
  EXPECT_EQ(results_.Wait(kTunnels).size(), static_cast<size_t>(kTunnels));
  for (int i = 0; i < 1000 && workers_.active() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(workers_.active(), 0);
}

INSTANTIATE_TEST_SUITE_P(SpliceAndCopy, RelayTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "Splice" : "Copy";
                         });

TEST(RelayBudgetTest, BudgetIsNeverExceededAndEndsEveryTunnel) {
  std::atomic<uint64_t> relayed{0};
  constexpr uint64_t kBudget = 100000;
  RelayWorkers workers(&relayed, kBudget);
  Results results;
  TcpPair idle_task = MakePair(), idle_server = MakePair();
  TcpPair task = MakePair(), server = MakePair();
  RelayRequest idle_req;
  idle_req.client = std::move(idle_task.far);
  idle_req.upstream = std::move(idle_server.far);
  workers.Spawn(std::move(idle_req), results.Callback());
  RelayRequest req;
  req.client = std::move(task.far);
  req.upstream = std::move(server.far);
  workers.Spawn(std::move(req), results.Callback());

  auto sender = std::async(std::launch::async, [&] {
    return SendAll(task.near.get(), std::string(1 << 20, 'b'));
  });
  std::string got = ReadToEof(server.near.get());
  sender.get();
  // Exactly the budget goes through, not a byte more.
  EXPECT_EQ(got.size(), kBudget);
  // The idle tunnel is ended too: the budget is for the whole run.
  EXPECT_EQ(RecvAll(idle_task.near.get()), "");
  auto r = results.Wait(2);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].reason, "limit:bytes-budget");
  EXPECT_EQ(r[1].reason, "limit:bytes-budget");
  EXPECT_EQ(r[0].bytes_up + r[1].bytes_up, kBudget);
}

}  // namespace
}  // namespace sg::egress
