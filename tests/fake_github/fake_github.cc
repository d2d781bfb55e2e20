#include "tests/fake_github/fake_github.h"

#include <httplib.h>
#include <sys/socket.h>

#include <cstdio>
#include <ctime>
#include <deque>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace sg::fake {
namespace {

using json = nlohmann::json;

constexpr const char* kDocsUrl = "https://docs.github.com/rest";
constexpr const char* kRateDocsUrl =
    "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api";

std::string ErrorBody(const std::string& message,
                      const std::string& docs = kDocsUrl) {
  return json{{"message", message}, {"documentation_url", docs}}.dump();
}

std::string ReasonFor(int status) {
  switch (status) {
    case 500:
      return "Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    case 404:
      return "Not Found";
    default:
      return "Error";
  }
}

uint64_t Fnv(const std::string& s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string EtagFor(const std::string& body) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "W/\"%016llx\"",
                static_cast<unsigned long long>(Fnv(body)));
  return buf;
}

std::string ReplaceAll(std::string s, const std::string& from,
                       const std::string& to) {
  if (from.empty()) return s;
  size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
  }
  return s;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(c));
  return s;
}

constexpr const char* kBase = "{base}";

}  // namespace

struct FakeGitHub::State {
  httplib::Server server;
  mutable std::mutex mu;
  std::map<std::string, std::map<std::string, FakeResponse>> routes;
  std::map<std::string, FakeTokenInfo> tokens;
  bool require_auth = false;
  std::chrono::milliseconds latency{0};
  std::deque<std::pair<Fault, int>> faults;
  long limit = 5000;
  long remaining = 5000;
  long long reset = 0;
  std::vector<LoggedRequest> log;
  uint64_t request_id = 0;
  std::atomic<bool> stopping{false};
  std::atomic<int> in_flight{0};
  std::atomic<int> max_in_flight{0};
  std::string base;
};

FakeGitHub::FakeGitHub() : FakeGitHub(Options()) {}

FakeGitHub::FakeGitHub(Options options)
    : options_(options), state_(std::make_unique<State>()) {
  state_->latency = options.latency;
  state_->limit = options.rate_limit;
  state_->remaining = options.rate_limit;
  state_->reset = static_cast<long long>(std::time(nullptr)) + 3600;
}

FakeGitHub::~FakeGitHub() { Stop(); }

std::string FakeGitHub::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

void FakeGitHub::Stop() {
  state_->stopping = true;
  state_->server.stop();
  if (thread_.joinable()) thread_.join();
}

bool FakeGitHub::Start() {
  State* st = state_.get();
  int threads = options_.threads;
  st->server.new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads));
  };
  st->server.set_keep_alive_timeout(1);
  st->server.set_keep_alive_max_count(1000);
  // Without it Nagle and delayed ACKs add ~40 ms to every small answer.
  st->server.set_tcp_nodelay(true);
  st->server.set_socket_options([this](int sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listen_fd_ = sock;
  });

  auto handler = [st](const httplib::Request& req, httplib::Response& res) {
    LoggedRequest logged;
    logged.method = req.method;
    logged.target = req.target;
    logged.path = req.path;
    for (const auto& [k, v] : req.headers) logged.headers[Lower(k)] = v;

    struct InFlight {
      State* st;
      explicit InFlight(State* s) : st(s) {
        int now = ++st->in_flight;
        int seen = st->max_in_flight.load();
        while (now > seen &&
               !st->max_in_flight.compare_exchange_weak(seen, now)) {
        }
      }
      ~InFlight() { --st->in_flight; }
    } in_flight(st);

    std::chrono::milliseconds latency;
    {
      std::lock_guard<std::mutex> lock(st->mu);
      latency = st->latency;
    }
    if (latency.count() > 0) std::this_thread::sleep_for(latency);

    std::lock_guard<std::mutex> lock(st->mu);
    auto finish = [&](int status) {
      logged.status = status;
      st->log.push_back(logged);
    };
    ++st->request_id;
    char rid[48];
    std::snprintf(rid, sizeof rid, "FAKE:%04llX:%06llX",
                  static_cast<unsigned long long>(st->request_id % 65536),
                  static_cast<unsigned long long>(st->request_id));
    res.set_header("x-github-request-id", rid);
    res.set_header("x-github-media-type", "github.v3; format=json");
    res.set_header("x-github-api-version-selected", "2022-11-28");
    res.set_header("access-control-expose-headers",
                   "ETag, Link, Location, Retry-After, X-GitHub-OTP, "
                   "X-RateLimit-Limit, X-RateLimit-Remaining, "
                   "X-RateLimit-Used, X-RateLimit-Resource, "
                   "X-RateLimit-Reset, X-OAuth-Scopes, "
                   "X-Accepted-OAuth-Scopes, X-Poll-Interval, "
                   "X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, "
                   "Deprecation, Sunset");
    auto rate_headers = [&](long remaining) {
      res.set_header("x-ratelimit-limit", std::to_string(st->limit));
      res.set_header("x-ratelimit-remaining", std::to_string(remaining));
      res.set_header("x-ratelimit-used", std::to_string(st->limit - remaining));
      res.set_header("x-ratelimit-reset", std::to_string(st->reset));
      res.set_header("x-ratelimit-resource", "core");
    };

    // Authentication, as GitHub does it: an unknown token is a 401 even on
    // public resources.
    const FakeTokenInfo* who = nullptr;
    std::string auth = req.get_header_value("Authorization");
    if (!auth.empty()) {
      std::string secret;
      if (auth.rfind("Bearer ", 0) == 0) secret = auth.substr(7);
      if (auth.rfind("token ", 0) == 0) secret = auth.substr(6);
      auto it = st->tokens.find(secret);
      if (it == st->tokens.end()) {
        rate_headers(st->remaining);
        res.status = 401;
        res.set_content(ErrorBody("Bad credentials"),
                        "application/json; charset=utf-8");
        return finish(401);
      }
      who = &it->second;
    } else if (st->require_auth) {
      rate_headers(st->remaining);
      res.status = 401;
      res.set_content(ErrorBody("Requires authentication"),
                      "application/json; charset=utf-8");
      return finish(401);
    }
    if (who != nullptr) {
      if (who->oauth_scopes) {
        res.set_header("x-oauth-scopes", *who->oauth_scopes);
        res.set_header("x-accepted-oauth-scopes", "");
      }
      if (who->expiration) {
        res.set_header("github-authentication-token-expiration",
                       *who->expiration);
      }
    }

    // Route lookup: exact target, then path only.
    const FakeResponse* route = nullptr;
    auto mit = st->routes.find(req.method);
    if (mit != st->routes.end()) {
      auto rit = mit->second.find(req.target);
      if (rit == mit->second.end()) rit = mit->second.find(req.path);
      if (rit != mit->second.end()) route = &rit->second;
    }

    // Scripted faults, in order.
    for (auto it = st->faults.begin(); it != st->faults.end(); ++it) {
      Fault& f = it->first;
      if (!f.path.empty() && f.path != req.path) continue;
      Fault fault = f;
      if (--it->second <= 0) st->faults.erase(it);
      switch (fault.kind) {
        case FaultKind::kStatus:
          rate_headers(st->remaining);
          res.status = fault.status;
          res.set_content(ErrorBody(ReasonFor(fault.status)),
                          "application/json; charset=utf-8");
          if (fault.retry_after) {
            res.set_header("retry-after", std::to_string(*fault.retry_after));
          }
          return finish(fault.status);
        case FaultKind::kPrimaryLimit:
          rate_headers(0);
          res.status = fault.status == 429 ? 429 : 403;
          res.set_content(
              ErrorBody("API rate limit exceeded for user ID 1. If you reach "
                        "out to GitHub Support for help, please include the "
                        "request ID " +
                            std::string(rid) + ".",
                        kRateDocsUrl),
              "application/json; charset=utf-8");
          return finish(res.status);
        case FaultKind::kSecondaryLimit:
          rate_headers(st->remaining);
          res.status = fault.status == 429 ? 429 : 403;
          if (fault.retry_after) {
            res.set_header("retry-after", std::to_string(*fault.retry_after));
          }
          res.set_content(
              ErrorBody("You have exceeded a secondary rate limit. Please "
                        "wait a few minutes before you try again. If you "
                        "reach out to GitHub Support for help, please "
                        "include the request ID " +
                            std::string(rid) + ".",
                        "https://docs.github.com/free-pro-team@latest/rest/"
                        "overview/rate-limits-for-the-rest-api#about-"
                        "secondary-rate-limits"),
              "application/json; charset=utf-8");
          return finish(res.status);
        case FaultKind::kTruncatedBody: {
          rate_headers(st->remaining);
          std::string body = route ? route->body : std::string(200, ' ');
          auto half =
              std::make_shared<std::string>(body.substr(0, body.size() / 2));
          res.status = 200;
          res.set_content_provider(
              body.size() + 16, "application/json; charset=utf-8",
              [half](size_t offset, size_t, httplib::DataSink& sink) {
                if (offset == 0) sink.write(half->data(), half->size());
                return false;  // drop the connection mid-body
              });
          return finish(200);
        }
        case FaultKind::kInvalidJson:
          rate_headers(st->remaining);
          res.status = 200;
          res.set_content("{\"id\": 1, \"name\": \"hello-world\", \"owner\": {",
                          "application/json; charset=utf-8");
          return finish(200);
        case FaultKind::kSlowBody: {
          rate_headers(st->remaining);
          auto body = std::make_shared<std::string>(route ? route->body
                                                          : std::string("{}"));
          auto delay = fault.delay;
          res.status = 200;
          State* s = st;
          res.set_content_provider(
              body->size(), "application/json; charset=utf-8",
              [body, delay, s](size_t offset, size_t, httplib::DataSink& sink) {
                if (s->stopping) return false;
                std::this_thread::sleep_for(delay);
                return sink.write(body->data() + offset, 1);
              });
          return finish(200);
        }
      }
    }

    if (route == nullptr) {
      rate_headers(st->remaining);
      res.status = 404;
      res.set_content(ErrorBody("Not Found"),
                      "application/json; charset=utf-8");
      return finish(404);
    }

    // A real exhausted primary limit, not only a scripted one.
    if (st->remaining <= 0) {
      rate_headers(0);
      res.status = 403;
      res.set_content(
          ErrorBody("API rate limit exceeded for user ID 1.", kRateDocsUrl),
          "application/json; charset=utf-8");
      return finish(403);
    }

    std::string body = ReplaceAll(route->body, kBase, st->base);
    std::string etag;
    for (const auto& [k, v] : route->headers) {
      if (Lower(k) == "etag") etag = v;
    }
    if (etag.empty() && route->etag && route->status == 200) {
      etag = EtagFor(body);
    }
    if (!etag.empty()) {
      res.set_header("etag", etag);
      std::string inm = req.get_header_value("If-None-Match");
      if (!inm.empty() && inm == etag) {
        // Conditional hit: GitHub does not count it against the limit.
        rate_headers(st->remaining);
        res.status = 304;
        return finish(304);
      }
    }
    --st->remaining;
    rate_headers(st->remaining);
    std::string content_type = "application/json; charset=utf-8";
    for (const auto& [k, v] : route->headers) {
      std::string key = Lower(k);
      if (key == "etag" || key.rfind("x-ratelimit-", 0) == 0) continue;
      if (key == "content-type") {
        content_type = v;
        continue;
      }
      res.set_header(key.c_str(), ReplaceAll(v, kBase, st->base));
    }
    res.status = route->status;
    if (!body.empty()) res.set_content(body, content_type.c_str());
    return finish(route->status);
  };

  st->server.Get(".*", handler);
  st->server.Post(".*", handler);
  st->server.Put(".*", handler);
  st->server.Patch(".*", handler);
  st->server.Delete(".*", handler);

  port_ = st->server.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) return false;
  // The library listens with a backlog of 5: a burst of concurrent
  // connects then loses SYNs and waits for the 1 s retransmit. Listening
  // again on the same socket raises the backlog.
  if (listen_fd_ >= 0) ::listen(listen_fd_, 1024);
  {
    std::lock_guard<std::mutex> lock(st->mu);
    st->base = base_url();
  }
  thread_ = std::thread([st] { st->server.listen_after_bind(); });
  // stop() is a no-op until the accept loop runs: wait for it so that a
  // quick Stop() cannot leave the loop blocked in accept() forever.
  while (!st->server.is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

void FakeGitHub::Route(const std::string& method, const std::string& target,
                       FakeResponse response) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->routes[method][target] = std::move(response);
}

void FakeGitHub::RouteJson(const std::string& target, std::string json_body,
                           int status) {
  FakeResponse r;
  r.status = status;
  r.body = std::move(json_body);
  Route("GET", target, std::move(r));
}

void FakeGitHub::RoutePaginated(const std::string& path,
                                const std::vector<std::string>& items,
                                int per_page) {
  int pages = std::max<int>(
      1, static_cast<int>((items.size() + per_page - 1) / per_page));
  auto page_url = [&](int n) {
    return std::string(kBase) + path + "?page=" + std::to_string(n) +
           "&per_page=" + std::to_string(per_page);
  };
  for (int p = 1; p <= pages; ++p) {
    std::string body = "[";
    for (int i = (p - 1) * per_page;
         i < std::min<int>(p * per_page, static_cast<int>(items.size())); ++i) {
      if (body.size() > 1) body += ",";
      body += items[i];
    }
    body += "]";
    std::vector<std::string> links;
    if (p > 1) links.push_back("<" + page_url(p - 1) + ">; rel=\"prev\"");
    if (p < pages) {
      links.push_back("<" + page_url(p + 1) + ">; rel=\"next\"");
      links.push_back("<" + page_url(pages) + ">; rel=\"last\"");
    }
    if (p > 1) links.push_back("<" + page_url(1) + ">; rel=\"first\"");
    FakeResponse r;
    r.body = body;
    if (!links.empty()) {
      std::string link;
      for (const auto& l : links) link += (link.empty() ? "" : ", ") + l;
      r.headers.emplace_back("link", link);
    }
    std::string target = path + "?page=" + std::to_string(p) +
                         "&per_page=" + std::to_string(per_page);
    Route("GET", target, r);
    if (p == 1) {
      Route("GET", path, r);
      Route("GET", path + "?per_page=" + std::to_string(per_page), r);
    }
  }
}

void FakeGitHub::Redirect(const std::string& from, const std::string& to,
                          int status) {
  FakeResponse r;
  r.status = status;
  r.etag = false;
  r.headers.emplace_back("location", to);
  r.body = json{{"message", "Moved Permanently"},
                {"url", to},
                {"documentation_url", kDocsUrl}}
               .dump();
  Route("GET", from, std::move(r));
}

bool FakeGitHub::LoadOctokitFixture(const std::string& file,
                                    std::string* error) {
  std::ifstream in(file);
  if (!in) {
    if (error) *error = "cannot open " + file;
    return false;
  }
  json j = json::parse(in, nullptr, false);
  if (!j.is_array()) {
    if (error) *error = file + ": not a JSON array";
    return false;
  }
  for (const json& ex : j) {
    if (!ex.is_object() || !ex.contains("path")) continue;
    FakeResponse r;
    r.status = ex.value("status", 200);
    const json& body = ex["response"];
    r.body = body.is_string() ? body.get<std::string>() : body.dump();
    r.body = ReplaceAll(r.body, "https://api.github.com", kBase);
    if (ex.contains("headers") && ex["headers"].is_object()) {
      for (auto& [k, v] : ex["headers"].items()) {
        std::string key = Lower(k);
        // Transport-level and rate headers are the fake's own business.
        if (key == "content-length" || key == "connection" ||
            key == "transfer-encoding" || key.rfind("x-ratelimit-", 0) == 0 ||
            key == "x-oauth-scopes" || key == "x-github-request-id") {
          continue;
        }
        std::string value = v.is_string() ? v.get<std::string>() : v.dump();
        r.headers.emplace_back(
            key, ReplaceAll(value, "https://api.github.com", kBase));
      }
    }
    // octokit normalises every ETag to zeros; let the fake compute real ones.
    std::erase_if(r.headers, [](const auto& h) { return h.first == "etag"; });
    std::string method = ex.value("method", "get");
    for (char& c : method) c = static_cast<char>(std::toupper(c));
    Route(method, ex["path"].get<std::string>(), std::move(r));
  }
  return true;
}

void FakeGitHub::AddToken(const std::string& token, FakeTokenInfo info) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->tokens[token] = std::move(info);
}

void FakeGitHub::RequireAuth(bool require) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->require_auth = require;
}

void FakeGitHub::SetLatency(std::chrono::milliseconds latency) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->latency = latency;
}

void FakeGitHub::InjectFault(Fault fault, int count) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->faults.emplace_back(std::move(fault), count);
}

void FakeGitHub::SetRateLimit(long remaining, long long reset_epoch) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->remaining = remaining;
  state_->reset = reset_epoch;
}

std::vector<LoggedRequest> FakeGitHub::requests() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->log;
}

size_t FakeGitHub::request_count() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->log.size();
}

long FakeGitHub::rate_remaining() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->remaining;
}

int FakeGitHub::max_in_flight() const { return state_->max_in_flight.load(); }

void FakeGitHub::ClearLog() {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->log.clear();
}

// --- RecordingProxy ---

struct RecordingProxy::State {
  httplib::Server server;
  mutable std::mutex mu;
  std::vector<std::string> targets;
};

RecordingProxy::RecordingProxy() : state_(std::make_unique<State>()) {}

RecordingProxy::~RecordingProxy() {
  state_->server.stop();
  if (thread_.joinable()) thread_.join();
}

std::string RecordingProxy::url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

bool RecordingProxy::Start() {
  State* st = state_.get();
  st->server.set_keep_alive_timeout(1);
  st->server.Get(
      ".*", [st](const httplib::Request& req, httplib::Response& res) {
        {
          std::lock_guard<std::mutex> lock(st->mu);
          st->targets.push_back(req.target);
        }
        // Absolute-form target: http://127.0.0.1:PORT/path?query. Only
        // loopback upstreams are forwarded.
        const std::string prefix = "http://127.0.0.1:";
        if (req.target.rfind(prefix, 0) != 0) {
          res.status = 403;
          return;
        }
        size_t slash = req.target.find('/', prefix.size());
        int port = std::stoi(req.target.substr(prefix.size(), slash));
        std::string rest =
            slash == std::string::npos ? "/" : req.target.substr(slash);
        httplib::Client upstream("127.0.0.1", port);
        httplib::Headers headers;
        for (const auto& [k, v] : req.headers) {
          std::string key = Lower(k);
          if (key == "host" || key == "proxy-connection" ||
              key == "accept-encoding") {
            continue;
          }
          headers.emplace(k, v);
        }
        auto r = upstream.Get(rest.c_str(), headers);
        if (!r) {
          res.status = 502;
          return;
        }
        res.status = r->status;
        for (const auto& [k, v] : r->headers) {
          std::string key = Lower(k);
          if (key == "content-length" || key == "connection" ||
              key == "transfer-encoding" || key == "keep-alive") {
            continue;
          }
          res.set_header(k.c_str(), v);
        }
        res.body = r->body;
      });
  port_ = st->server.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) return false;
  thread_ = std::thread([st] { st->server.listen_after_bind(); });
  while (!st->server.is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

std::vector<std::string> RecordingProxy::targets() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->targets;
}

}  // namespace sg::fake
