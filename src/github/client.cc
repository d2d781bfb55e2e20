#include "github/client.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "base/strings.h"

namespace sg::github {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using json = nlohmann::json;

std::optional<long long> ParseInteger(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  std::string_view v = Trim(*s);
  if (v.empty()) return std::nullopt;
  long long out = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return std::nullopt;
    out = out * 10 + (c - '0');
    if (out > (1LL << 50)) return std::nullopt;
  }
  return out;
}

// The "message" field of a GitHub JSON error body, if any.
std::string JsonMessage(const std::string& body) {
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_object() && j.contains("message") && j["message"].is_string()) {
    return j["message"].get<std::string>();
  }
  return "";
}

std::string FormatUtc(long long epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool IsRedirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 ||
         status == 308;
}

// What a 403/429 answer means for rate limiting.
enum class Limit { kNone, kPrimary, kSecondary };

Limit ClassifyLimit(const HttpResponse& r) {
  if (r.status != 403 && r.status != 429) return Limit::kNone;
  auto remaining = ParseInteger(r.headers.Get("x-ratelimit-remaining"));
  std::string message = ToLower(JsonMessage(r.body));
  if (message.find("secondary rate limit") != std::string::npos ||
      r.headers.Has("retry-after")) {
    return Limit::kSecondary;
  }
  if (remaining && *remaining == 0) return Limit::kPrimary;
  if (message.find("rate limit") != std::string::npos) return Limit::kPrimary;
  return Limit::kNone;
}

std::string SerializeCacheEntry(const HttpResponse& r) {
  json j;
  j["status"] = r.status;
  j["body"] = r.body;
  json h = json::object();
  for (const char* name : {"etag", "last-modified", "link", "content-type"}) {
    if (auto v = r.headers.Get(name)) h[name] = *v;
  }
  j["headers"] = h;
  return j.dump();
}

std::optional<HttpResponse> ParseCacheEntry(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  if (!j.is_object() || !j["body"].is_string() || !j["headers"].is_object()) {
    return std::nullopt;
  }
  HttpResponse r;
  r.status = j.value("status", 200L);
  r.body = j["body"].get<std::string>();
  for (auto& [k, v] : j["headers"].items()) {
    if (v.is_string()) r.headers.Add(k, v.get<std::string>());
  }
  if (!r.headers.Has("etag") && !r.headers.Has("last-modified")) {
    return std::nullopt;
  }
  return r;
}

std::optional<std::string> FirstSet(const EnvLookup& env,
                                    std::initializer_list<const char*> names) {
  for (const char* n : names) {
    auto v = env(n);
    if (v && !v->empty()) return v;
  }
  return std::nullopt;
}

}  // namespace

EnvLookup ProcessEnv() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

ClientOptions ClientOptionsFromEnv(const EnvLookup& env) {
  ClientOptions o;
  if (auto url = FirstSet(env, {"GITHUB_API_URL"})) {
    std::string u = *url;
    while (!u.empty() && u.back() == '/') u.pop_back();
    o.base_url = u;
  }
  bool https = StartsWith(ToLower(o.base_url), "https://");
  // libcurl honours only the lower-case http_proxy (httpoxy); we match it.
  o.transport.proxy =
      https ? FirstSet(env,
                       {"HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"})
            : FirstSet(env, {"http_proxy", "ALL_PROXY", "all_proxy"});
  if (auto np = FirstSet(env, {"NO_PROXY", "no_proxy"})) {
    o.transport.no_proxy = *np;
  }
  if (auto dir = FirstSet(env, {"STEPGUARD_CACHE_DIR"})) {
    o.cache_dir = *dir;
  } else if (auto xdg = FirstSet(env, {"XDG_CACHE_HOME"})) {
    o.cache_dir = *xdg + "/stepguard/github";
  } else if (auto home = FirstSet(env, {"HOME"})) {
    o.cache_dir = *home + "/.cache/stepguard/github";
  }
  return o;
}

struct Client::Slot {
  const ApiCall* call = nullptr;
  std::string method;
  std::string url;
  int attempts = 0;
  int redirects = 0;
  int secondary_hits = 0;
  bool done = false;
  std::optional<HttpResponse> cached;
  std::string cache_key;
  std::optional<Result<ApiResponse>> result;
  milliseconds wait{0};
  bool wait_is_rate_limit = false;
};

Client::Client(ClientOptions options, Token token, ClientEffects effects)
    : options_(std::move(options)),
      token_(std::move(token)),
      effects_(std::move(effects)),
      etag_store_(options_.cache_dir) {
  while (!options_.base_url.empty() && options_.base_url.back() == '/') {
    options_.base_url.pop_back();
  }
  base_origin_ = UrlOrigin(options_.base_url);
  if (!effects_.sleep) {
    effects_.sleep = [](milliseconds d) { std::this_thread::sleep_for(d); };
  }
  if (!effects_.now) {
    effects_.now = [] { return std::chrono::system_clock::now(); };
  }
  if (!effects_.jitter) {
    auto rng = std::make_shared<std::mt19937_64>(std::random_device{}());
    effects_.jitter = [rng] {
      return std::uniform_real_distribution<double>(0.0, 1.0)(*rng);
    };
  }
  transport_ = std::make_unique<CurlTransport>(options_.transport);
}

Client::~Client() = default;

std::string Client::UrlFor(std::string_view path) const {
  if (path.find("://") != std::string_view::npos) return std::string(path);
  std::string url = options_.base_url;
  if (!StartsWith(path, "/")) url += '/';
  url += path;
  return url;
}

void Client::NoteRateLimit(const Headers& h) {
  auto resource = h.Get("x-ratelimit-resource");
  // Search and GraphQL have their own buckets; the gate tracks "core".
  if (resource && *resource != "core") return;
  auto remaining = ParseInteger(h.Get("x-ratelimit-remaining"));
  auto reset = ParseInteger(h.Get("x-ratelimit-reset"));
  if (remaining) remaining_ = static_cast<long>(*remaining);
  if (reset) reset_epoch_ = *reset;
}

milliseconds Client::Backoff(int attempt) {
  long long base = options_.backoff_base.count();
  long long cap = options_.backoff_cap.count();
  long long d = base;
  for (int i = 1; i < attempt && d < cap; ++i) d *= 2;
  d = std::min(d, cap);
  // "Equal jitter": half fixed, half random, so retries of many concurrent
  // requests spread out but never collapse to zero.
  double j = std::clamp(effects_.jitter(), 0.0, 1.0);
  return milliseconds(d / 2 + static_cast<long long>(j * (d - d / 2)));
}

milliseconds Client::WaitBudgetLeft() const {
  milliseconds budget =
      std::chrono::duration_cast<milliseconds>(options_.rate_limit_wait_budget);
  return budget > rate_limit_waited_ ? budget - rate_limit_waited_
                                     : milliseconds(0);
}

Status Client::RateLimitStop(const std::string& what, milliseconds wait) const {
  std::string msg = what + "; waiting " +
                    std::to_string((wait.count() + 999) / 1000) +
                    " s more exceeds the rate-limit wait budget: not assessed";
  return Status::Unavailable(Scrub(msg));
}

std::vector<Result<ApiResponse>> Client::CallMany(
    const std::vector<ApiCall>& calls) {
  std::vector<Slot> slots(calls.size());
  for (size_t i = 0; i < calls.size(); ++i) {
    Slot& s = slots[i];
    s.call = &calls[i];
    s.method = calls[i].method;
    s.url = UrlFor(calls[i].path);
  }

  auto finish = [&](Slot& s, Result<ApiResponse> r) {
    s.result.emplace(std::move(r));
    s.done = true;
  };
  auto label = [](const Slot& s) {
    return s.method + " " + UrlPathAndQuery(s.url);
  };

  while (true) {
    std::vector<Slot*> active;
    for (Slot& s : slots) {
      if (!s.done) active.push_back(&s);
    }
    if (active.empty()) break;

    // Proactive gate: a known exhausted primary limit is waited out (or
    // reported) before spending requests that would only be refused.
    if (remaining_ && *remaining_ == 0 && reset_epoch_) {
      long long now =
          std::chrono::duration_cast<seconds>(effects_.now().time_since_epoch())
              .count();
      if (*reset_epoch_ >= now) {
        milliseconds wait((*reset_epoch_ - now + 1) * 1000);
        if (wait > WaitBudgetLeft()) {
          for (Slot* s : active) {
            finish(*s, RateLimitStop(label(*s) +
                                         ": GitHub API rate limit exhausted "
                                         "until " +
                                         FormatUtc(*reset_epoch_),
                                     wait));
          }
          break;
        }
        effects_.sleep(wait);
        rate_limit_waited_ += wait;
        stats_.waited += wait;
        ++stats_.rate_limit_waits;
      }
      remaining_.reset();
    }

    std::vector<HttpRequest> requests;
    requests.reserve(active.size());
    for (Slot* s : active) {
      HttpRequest req;
      req.method = s->method;
      req.url = s->url;
      req.body = s->method == "GET" ? "" : s->call->body;
      req.headers.Add("Accept", s->call->accept);
      req.headers.Add("X-GitHub-Api-Version", options_.api_version);
      req.headers.Add("User-Agent", options_.user_agent);
      if (!req.body.empty())
        req.headers.Add("Content-Type", "application/json");
      bool same_origin = UrlOrigin(s->url) == base_origin_;
      // The credential goes to the configured API origin only: a redirect
      // or a Link header pointing elsewhere never receives it.
      if (same_origin) req.token = &token_;
      if (s->method == "GET" && etag_store_.enabled()) {
        s->cache_key =
            "etag " + s->url + " accept=" + s->call->accept + " auth=" +
            (same_origin ? token_.CachePartition() : std::string("anonymous"));
        if (!s->cached) {
          if (auto text = etag_store_.Get(s->cache_key)) {
            s->cached = ParseCacheEntry(*text);
          }
        }
        if (s->cached) {
          if (auto etag = s->cached->headers.Get("etag")) {
            req.headers.Add("If-None-Match", *etag);
          } else if (auto lm = s->cached->headers.Get("last-modified")) {
            req.headers.Add("If-Modified-Since", *lm);
          }
        }
      }
      requests.push_back(std::move(req));
    }

    std::vector<Exchange> exchanges = transport_->Perform(requests);
    stats_.requests += exchanges.size();

    milliseconds round_wait{0};
    milliseconds round_rate_wait{0};
    for (size_t k = 0; k < active.size(); ++k) {
      Slot& s = *active[k];
      Exchange& ex = exchanges[k];
      s.wait = milliseconds(0);
      if (!ex.response) {
        ++s.attempts;
        if (ex.retryable && s.attempts < options_.max_attempts) {
          s.wait = Backoff(s.attempts);
          round_wait = std::max(round_wait, s.wait);
          ++stats_.retries;
          continue;
        }
        finish(s, Status(ex.error.WithContext(
                      ex.retryable
                          ? "after " + std::to_string(s.attempts) + " attempts"
                          : "request failed")));
        continue;
      }
      HttpResponse& r = *ex.response;
      NoteRateLimit(r.headers);

      if (r.status == 304 && s.cached) {
        ++stats_.not_modified;
        ApiResponse out;
        out.status = s.cached->status;
        // The 304 carries the current per-request headers (x-oauth-scopes,
        // token expiry, rate limit); the entry supplies what describes the
        // body (link, content-type).
        out.headers = r.headers;
        for (const auto& [k, v] : s.cached->headers.entries()) {
          if (!out.headers.Has(k)) out.headers.Add(k, v);
        }
        out.body = std::move(s.cached->body);
        out.url = s.url;
        out.from_cache = true;
        finish(s, std::move(out));
        continue;
      }

      if (IsRedirect(r.status)) {
        auto location = r.headers.Get("location");
        if (!location || ++s.redirects > options_.max_redirects) {
          finish(s, Status::Unavailable(
                        Scrub(label(s) + ": HTTP " + std::to_string(r.status) +
                              (location ? ": too many redirects"
                                        : " without a Location header"))));
          continue;
        }
        ++stats_.redirects;
        s.url = ResolveUrl(s.url, *location);
        if (r.status == 303) s.method = "GET";
        s.cached.reset();
        continue;
      }

      Limit limit = ClassifyLimit(r);
      if (limit != Limit::kNone) {
        milliseconds wait{0};
        std::string what;
        if (limit == Limit::kSecondary) {
          ++s.secondary_hits;
          auto after = ParseInteger(r.headers.Get("retry-after"));
          if (after) {
            wait = seconds(*after);
          } else {
            // No stated wait: a minute, doubling if it persists (GitHub's
            // guidance for secondary limits).
            wait = std::chrono::duration_cast<milliseconds>(
                options_.secondary_default_wait *
                (1 << (s.secondary_hits - 1)));
          }
          what = label(s) + ": GitHub secondary rate limit (HTTP " +
                 std::to_string(r.status) + ")";
          if (s.secondary_hits > options_.max_secondary_hits) {
            finish(s, RateLimitStop(what + " persists", wait));
            continue;
          }
        } else {
          long long now = std::chrono::duration_cast<seconds>(
                              effects_.now().time_since_epoch())
                              .count();
          auto reset = ParseInteger(r.headers.Get("x-ratelimit-reset"));
          long long secs = reset && *reset >= now ? *reset - now + 1 : 60;
          wait = seconds(secs);
          what = label(s) + ": GitHub API rate limit exhausted" +
                 (reset ? " until " + FormatUtc(*reset) : std::string());
          // This round's wait covers the reset; the gate must not add more.
          remaining_.reset();
        }
        if (wait > WaitBudgetLeft()) {
          finish(s, RateLimitStop(what, wait));
          continue;
        }
        s.wait = wait;
        s.wait_is_rate_limit = true;
        round_rate_wait = std::max(round_rate_wait, wait);
        continue;
      }

      if (r.status >= 500) {
        ++s.attempts;
        if (s.attempts < options_.max_attempts) {
          s.wait = Backoff(s.attempts);
          if (auto after = ParseInteger(r.headers.Get("retry-after"))) {
            s.wait = std::max(s.wait, milliseconds(seconds(*after)));
          }
          round_wait = std::max(round_wait, s.wait);
          ++stats_.retries;
          continue;
        }
        ApiResponse tmp;
        tmp.status = r.status;
        tmp.body = r.body;
        finish(s, Status::Unavailable(
                      Scrub(label(s) + ": " + DescribeError(tmp) + " after " +
                            std::to_string(s.attempts) + " attempts")));
        continue;
      }

      if (r.status == 200 && s.method == "GET" && etag_store_.enabled() &&
          (r.headers.Has("etag") || r.headers.Has("last-modified"))) {
        // A cache write failure only costs a future request.
        (void)etag_store_.Put(s.cache_key, SerializeCacheEntry(r));
      }
      ApiResponse out;
      out.status = r.status;
      out.headers = std::move(r.headers);
      out.body = std::move(r.body);
      out.url = s.url;
      finish(s, std::move(out));
    }

    milliseconds sleep = std::max(round_wait, round_rate_wait);
    if (round_rate_wait > milliseconds(0)) {
      // Re-check the budget for the round as a whole (several slots may
      // each have fit on their own).
      if (round_rate_wait > WaitBudgetLeft()) {
        for (Slot* s : active) {
          if (!s->done && s->wait_is_rate_limit) {
            finish(*s, RateLimitStop(label(*s) + ": GitHub rate limit",
                                     round_rate_wait));
          }
        }
        sleep = round_wait;
      } else {
        rate_limit_waited_ += round_rate_wait;
        ++stats_.rate_limit_waits;
      }
    }
    for (Slot* s : active) s->wait_is_rate_limit = false;
    if (sleep > milliseconds(0)) {
      bool any_left = std::any_of(slots.begin(), slots.end(),
                                  [](const Slot& s) { return !s.done; });
      if (any_left) {
        effects_.sleep(sleep);
        stats_.waited += sleep;
      }
    }
  }

  std::vector<Result<ApiResponse>> out;
  out.reserve(slots.size());
  for (Slot& s : slots) {
    if (s.result) {
      out.push_back(std::move(*s.result));
    } else {
      out.push_back(Status::Internal("request never completed"));
    }
  }
  return out;
}

Result<ApiResponse> Client::Call(const ApiCall& call) {
  auto results = CallMany({call});
  return std::move(results.front());
}

Result<ApiResponse> Client::Get(std::string_view path,
                                std::string_view accept) {
  ApiCall c;
  c.path = std::string(path);
  c.accept = std::string(accept);
  return Call(c);
}

Result<std::vector<ApiResponse>> Client::GetAllPages(std::string_view path) {
  std::vector<ApiResponse> pages;
  std::string next = UrlFor(path);
  for (int i = 0; i < options_.max_pages && !next.empty(); ++i) {
    Result<ApiResponse> r = Get(next);
    if (!r.ok()) return r.status();
    if (r->status < 200 || r->status >= 300) {
      return Status::Unavailable(
          Scrub("GET " + UrlPathAndQuery(next) + ": " + DescribeError(*r)));
    }
    next.clear();
    if (auto link = r->headers.Get("link")) {
      auto rels = ParseLinkHeader(*link);
      auto it = rels.find("next");
      if (it != rels.end()) {
        std::string candidate = ResolveUrl(r->url, it->second);
        // A Link pointing at another origin is not followed at all.
        if (UrlOrigin(candidate) != base_origin_) {
          return Status::Unavailable(
              "pagination Link points outside the API origin; refusing");
        }
        next = candidate;
      }
    }
    pages.push_back(std::move(r.value()));
  }
  if (!next.empty()) {
    return Status::Unavailable(
        Scrub("GET " + UrlPathAndQuery(path) + ": more than " +
              std::to_string(options_.max_pages) + " pages"));
  }
  return pages;
}

std::string Client::DescribeError(const ApiResponse& r) const {
  std::string msg = "HTTP " + std::to_string(r.status);
  std::string m = JsonMessage(r.body);
  if (!m.empty()) {
    if (m.size() > 200) m = m.substr(0, 200) + "...";
    msg += ": " + m;
  }
  return Scrub(msg);
}

}  // namespace sg::github
