// Online-audit benchmark: a workflow with N distinct action references
// (default 40: half tag refs, a quarter of those annotated tags, half SHA
// pins with a "# vX.Y.Z" comment) audited by the five online audits
// (settings::RunOnlineAudits, what `lint` runs online) against the fake
// GitHub API with a fixed latency per request (default 50 ms).
//
// Runs: one single request (the latency floor), cold (empty caches), warm
// (a later run within the TTL: result cache), revalidate (TTL expired:
// ETag conditional requests -> 304), and cold with concurrency 1.
// Prints wall time and the requests the fake saw for each.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "github/action_lookups.h"
#include "github/client.h"
#include "model/repo.h"
#include "policy/policy.h"
#include "settings/online_audits.h"
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
  int refs_n = 40, latency_ms = 50, concurrency = 64, repeat = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--refs") refs_n = std::atoi(argv[i + 1]);
    if (a == "--latency-ms") latency_ms = std::atoi(argv[i + 1]);
    if (a == "--concurrency") concurrency = std::atoi(argv[i + 1]);
    if (a == "--repeat") repeat = std::max(1, std::atoi(argv[i + 1]));
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
  std::string workflow =
      "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n";
  for (int i = 0; i < refs_n; ++i) {
    ActionRef r;
    r.owner = "owner" + std::to_string(i);
    r.repo = "action" + std::to_string(i);
    std::string tag =
        "v" + std::to_string(i % 5 + 1) + ".0." + std::to_string(i);
    std::string base = "/repos/" + r.owner + "/" + r.repo + "/";
    bool pinned = i % 2 == 1;
    // Tags (a quarter annotated: one more request to peel).
    bool annotated = !pinned && i % 4 == 0;
    gh.RouteJson(base + "git/ref/tags/" + tag,
                 R"({"ref":"refs/tags/)" + tag + R"(","object":{"sha":")" +
                     Sha(i, annotated ? 't' : 'a') + R"(","type":")" +
                     (annotated ? "tag" : "commit") + R"("}})");
    if (annotated) {
      gh.RouteJson(
          base + "git/tags/" + Sha(i, 't'),
          R"({"object":{"sha":")" + Sha(i, 'a') + R"(","type":"commit"}})");
    }
    if (i % 10 == 2) {  // a few names are also branches (ref-confusion)
      gh.RouteJson(base + "git/ref/heads/" + tag,
                   R"({"ref":"refs/heads/)" + tag + R"(","object":{"sha":")" +
                       Sha(i, 'b') + R"(","type":"commit"}})");
    }
    gh.RoutePaginated(
        base + "branches",
        {R"({"name":"main","commit":{"sha":")" + Sha(i, 'c') + "\"}}"}, 100);
    gh.RoutePaginated(base + "tags",
                      {R"({"name":")" + tag + R"(","commit":{"sha":")" +
                       Sha(i, 'a') + "\"}}"},
                      100);
    r.ref = pinned ? Sha(i, 'a') : tag;
    workflow += "      - uses: " + r.Repo() + "@" + r.ref +
                (pinned ? " # " + tag : std::string()) + "\n";
    refs.push_back(r);
  }
  // One advisory query for every repository (sorted, as the client sends).
  std::vector<std::string> names;
  for (const auto& r : refs) names.push_back(r.Repo());
  std::sort(names.begin(), names.end());
  std::string affects;
  for (const auto& n : names) affects += (affects.empty() ? "" : ",") + n;
  gh.RouteJson(
      "/advisories?ecosystem=actions&affects=" + affects + "&per_page=100",
      R"([{"ghsa_id":"GHSA-bench-0001","severity":"high",)"
      R"("summary":"bench","vulnerabilities":[{"package":)"
      R"({"ecosystem":"actions","name":")" +
          names[0] +
          R"("},"vulnerable_version_range":"< 9","first_patched_version":"9.0.0"}]}])");
  sg::Diagnostics diags;
  sg::model::Repository repo;
  if (repo.AddFile(".github/workflows/ci.yml", workflow, &diags) == nullptr) {
    std::fprintf(stderr, "workflow did not parse\n");
    return 3;
  }
  sg::policy::Policy policy = sg::policy::DefaultPolicy();
  size_t expected_findings = 0;

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
    sg::FindingSet findings;
    auto t0 = Clock::now();
    sg::settings::RunOnlineAudits(repo, policy, lookups, &findings);
    Measure m;
    m.ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    m.ok = findings.not_assessed().empty() && !findings.findings().empty();
    if (expected_findings == 0) expected_findings = findings.findings().size();
    m.ok = m.ok && findings.findings().size() == expected_findings;
    for (const auto& r : gh.requests()) {
      ++m.requests;
      m.not_modified += r.status == 304;
    }
    return m;
  };

  // Latency floor: one request on a fresh connection (median of 5).
  Measure single;
  {
    std::vector<double> samples;
    for (int k = 0; k < 5; ++k) {
      ClientOptions o = options(1);
      o.cache_dir.clear();
      Client client(o, Token(kToken));
      auto t0 = Clock::now();
      auto r = client.Get("/rate_limit");
      samples.push_back(
          std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      single.ok = r.ok();
    }
    std::sort(samples.begin(), samples.end());
    single.ms = samples[2];
    single.requests = 1;
  }
  auto now = std::chrono::system_clock::now();
  // Cold runs repeat (fresh caches each time): the median is reported,
  // the machine may be shared.
  std::vector<Measure> colds;
  for (int k = 0; k < repeat; ++k) {
    std::filesystem::remove_all(dir);
    colds.push_back(run(concurrency, now));
  }
  std::sort(colds.begin(), colds.end(),
            [](const Measure& a, const Measure& b) { return a.ms < b.ms; });
  Measure cold = colds[colds.size() / 2];
  Measure cold_min = colds.front();
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
  row("cold (empty caches), median", cold);
  row("cold (empty caches), best", cold_min);
  row("warm (within TTL: result cache)", warm);
  row("revalidate (TTL expired: ETags)", reval);
  row("cold, concurrency 1", serial);
  std::printf(
      "findings per run: %zu (ref-confusion, known-vulnerable-actions)\n",
      expected_findings);
  std::printf(
      "cold / single-request latency = %.2fx (target < 4x); "
      "cold / configured latency = %.2fx\n",
      cold.ms / single.ms, cold.ms / latency_ms);
  bool ok = single.ok && cold.ok && warm.ok && reval.ok && serial.ok &&
            warm.requests == 0;
  return ok ? 0 : 1;
}
