// Network posture, reported rather than probed: proxy variables, an active
// egress monitor (harden-runner), and — only when asked with
// --probe-network — TCP reachability of named endpoints.
#include "base/strings.h"
#include "runner/probes.h"
#include "runner/proc_table.h"

namespace sg::runner {
namespace {

// harden-runner installs its agent here and runs it for the whole job.
constexpr std::string_view kHardenRunnerAgent = "/home/agent/agent";

bool HardenRunnerActive(const SystemView& sys,
                        const std::vector<ProcessInfo>& procs) {
  if (sys.Exists(std::string(kHardenRunnerAgent) + ".status")) return true;
  for (const auto& p : procs) {
    if (p.kernel_thread || p.comm != "agent") continue;
    auto exe = sys.ReadLink("/proc/" + std::to_string(p.pid) + "/exe");
    if (exe.ok() && *exe == kHardenRunnerAgent) return true;
  }
  return false;
}

}  // namespace

void ProbeNetwork(const ProbeInput& in, RunnerReport* out) {
  RunnerFacts::Network& n = out->facts.network;
  for (const char* var : {"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
                          "http_proxy", "https_proxy", "all_proxy"}) {
    // Proxy URLs may carry credentials: names only.
    if (auto v = in.sys.GetEnv(var); v && !v->empty())
      n.proxy_variables.push_back(var);
  }
  if (!n.proxy_variables.empty()) {
    out->AddFinding("runner-proxy-configured",
                    "A proxy is configured through " +
                        Join(n.proxy_variables, ", ") + " (values not shown).",
                    "proxy");
  }
  out->SetConditionFromFindings("proxy");

  if (HardenRunnerActive(in.sys, in.processes)) n.monitor = "harden-runner";
  out->SetCondition("network-monitor", ToTri(!n.monitor.empty()));

  for (const auto& [host, port] : in.options.probe_network) {
    RunnerFacts::Network::Reachability r;
    r.endpoint = host + ":" + std::to_string(port);
    Status s = in.sys.ProbeTcp(host, port, in.options.probe_network_timeout_ms);
    r.reachable = s.ok();
    if (!s.ok()) r.error = s.message();
    n.reachability.push_back(std::move(r));
  }
}

}  // namespace sg::runner
