// Online-lookup benchmark: N distinct action references (default 40)
// resolved against the fake GitHub API with a fixed latency per request
// (default 50 ms), the way `lint` with online audits needs them: every ref
// as tag and branch (ref-confusion; annotated tags peeled) plus one
// advisory query for all repositories (known-vulnerable-actions).
//
// Runs: one single request (the latency floor), cold (empty caches), warm
// (a later run within the TTL: result cache), revalidate (TTL expired:
// ETag conditional requests -> 304), and cold with concurrency 1.
// Prints wall time and the requests the fake saw for each.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "github/action_lookups.h"
#include "github/client.h"
#include "tests/fake_github/fake_github.h"

namespace {

using sg::github::ActionLookups;
using sg::github::ActionRef;
using sg::github::Client;
using sg::github::ClientOptions;
using sg::github::Token;
using Clock = std::chrono::steady_clock;

constexpr char kToken[] = "ghp_BENCHbenchBENCHbenchBENCHbench0123456";

std::string Sha(int i, char salt) {
  char buf[41];
  std::snprintf(buf, sizeof buf, "%c%039d", salt, i);
  return buf;
}

struct Measure {
  double ms = 0;
  size_t requests = 0;
  size_t not_modified = 0;
  bool ok = true;
};

}  // namespace

int main(int argc, char** argv) {
  int refs_n = 40, latency_ms = 50, concurrency = 64;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--refs") refs_n = std::atoi(argv[i + 1]);
    if (a == "--latency-ms") latency_ms = std::atoi(argv[i + 1]);
    if (a == "--concurrency") concurrency = std::atoi(argv[i + 1]);
  }
  sg::fake::FakeGitHub::Options fo;
  fo.threads = 160;
  fo.latency = std::chrono::milliseconds(latency_ms);
  sg::fake::FakeGitHub gh(fo);
  if (!gh.Start()) {
    std::fprintf(stderr, "cannot start the fake\n");
    return 3;
  }
  gh.AddToken(kToken, {});
  gh.RouteJson("/rate_limit", R"({"resources":{}})");

  std::vector<ActionRef> refs;
  std::string affects;
  std::string advisories = "[";
  for (int i = 0; i < refs_n; ++i) {
    ActionRef r;
    r.owner = "owner" + std::to_string(i);
    r.repo = "action" + std::to_string(i);
    r.ref = "v" + std::to_string(i % 5 + 1);
    std::string base = "/repos/" + r.owner + "/" + r.repo + "/git/";
    // A quarter of the tags are annotated (one more request to peel).
    bool annotated = i % 4 == 0;
    gh.RouteJson(base + "ref/tags/" + r.ref,
                 R"({"ref":"refs/tags/)" + r.ref + R"(","object":{"sha":")" +
                     Sha(i, annotated ? 't' : 'a') + R"(","type":")" +
                     (annotated ? "tag" : "commit") + R"("}})");
    if (annotated) {
      gh.RouteJson(
          base + "tags/" + Sha(i, 't'),
          R"({"object":{"sha":")" + Sha(i, 'a') + R"(","type":"commit"}})");
    }
    if (i % 10 == 3) {  // a few names are also branches (ref-confusion)
      gh.RouteJson(base + "ref/heads/" + r.ref,
                   R"({"ref":"refs/heads/)" + r.ref + R"(","object":{"sha":")" +
                       Sha(i, 'b') + R"(","type":"commit"}})");
    }
    refs.push_back(r);
  }
  // One advisory query for every repository (sorted, as the client sends).
  std::vector<std::string> names;
  for (const auto& r : refs) names.push_back(r.Repo());
  std::sort(names.begin(), names.end());
  for (const auto& n : names) affects += (affects.empty() ? "" : ",") + n;
  advisories +=
      R"({"ghsa_id":"GHSA-bench-0001","severity":"high",)"
      R"("summary":"bench","vulnerabilities":[{"package":)"
      R"({"ecosystem":"actions","name":")" +
      names[0] +
      R"("},"vulnerable_version_range":"< 2","first_patched_version":"2.0.0"}]}])";
  gh.RouteJson(
      "/advisories?ecosystem=actions&affects=" + affects + "&per_page=100",
      advisories);

  std::string dir = "/tmp/stepguard-github-bench-" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);

  auto options = [&](int conc) {
    ClientOptions o;
    o.base_url = gh.base_url();
    o.cache_dir = dir + "/http";
    o.transport.max_concurrency = static_cast<size_t>(conc);
    return o;
  };
  auto run = [&](int conc, std::chrono::system_clock::time_point now) {
    gh.ClearLog();
    Client client(options(conc), Token(kToken));
    ActionLookups lookups(client, dir, {}, [now] { return now; });
    auto t0 = Clock::now();
    auto batch = lookups.LookupActions(refs);
    Measure m;
    m.ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    for (const auto& r : batch.refs) m.ok = m.ok && r.ok();
    m.ok = m.ok && batch.advisories.ok();
    for (const auto& r : gh.requests()) {
      ++m.requests;
      m.not_modified += r.status == 304;
    }
    return m;
  };

  // Latency floor: one request on a fresh connection.
  Measure single;
  {
    gh.ClearLog();
    ClientOptions o = options(1);
    o.cache_dir.clear();
    Client client(o, Token(kToken));
    auto t0 = Clock::now();
    auto r = client.Get("/rate_limit");
    single.ms =
        std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    single.requests = gh.request_count();
    single.ok = r.ok();
  }
  auto now = std::chrono::system_clock::now();
  Measure cold = run(concurrency, now);
  Measure warm = run(concurrency, now + std::chrono::minutes(5));
  Measure reval = run(concurrency, now + std::chrono::hours(7));
  std::filesystem::remove_all(dir);
  Measure serial = run(1, now);
  std::filesystem::remove_all(dir);

  std::printf("refs=%d latency=%dms concurrency=%d\n", refs_n, latency_ms,
              concurrency);
  std::printf("%-34s %10s %9s %6s %s\n", "run", "wall_ms", "requests", "304s",
              "ok");
  auto row = [](const char* name, const Measure& m) {
    std::printf("%-34s %10.1f %9zu %6zu %s\n", name, m.ms, m.requests,
                m.not_modified, m.ok ? "yes" : "NO");
  };
  row("single request (floor)", single);
  row("cold (empty caches)", cold);
  row("warm (within TTL: result cache)", warm);
  row("revalidate (TTL expired: ETags)", reval);
  row("cold, concurrency 1", serial);
  std::printf("cold / single-request latency = %.2fx (target < 4x)\n",
              cold.ms / single.ms);
  bool ok = single.ok && cold.ok && warm.ok && reval.ok && serial.ok &&
            warm.requests == 0;
  return ok ? 0 : 1;
}
