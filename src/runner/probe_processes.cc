// Processes left behind by earlier steps or jobs (docs/runner.md explains
// the method). The current step is the subtree under the step shell: the
// child of Runner.Worker on our parent chain (outside a runner: our parent).
// Everything else that is not a kernel thread, not one of our ancestors and
// not allowed by policy is judged by, in order:
//   1. its environment: RUNNER_TRACKING_ID equal to ours means an earlier
//      step of this job started it; GITHUB_RUN_ID without our tracking id
//      means it escaped the runner's end-of-job cleanup (this run or another);
//   2. its position: a descendant of Runner.Worker outside the current step;
//   3. its cgroup and start time: started after Runner.Worker in the same
//      cgroup (systemd keeps a service's orphans in its cgroup), which
//      catches processes whose environment was scrubbed (e.g. via sudo).
#include <algorithm>
#include <map>
#include <set>

#include "base/strings.h"
#include "runner/probes.h"
#include "runner/proc_table.h"

namespace sg::runner {
namespace {

std::string EnvValue(
    const std::vector<std::pair<std::string, std::string>>& env,
    std::string_view name) {
  for (const auto& [k, v] : env) {
    if (k == name) return v;
  }
  return "";
}

std::string CgroupOf(const SystemView& sys, int pid) {
  auto r = sys.ReadFile("/proc/" + std::to_string(pid) + "/cgroup");
  return r.ok() ? std::string(Trim(*r)) : "";
}

}  // namespace

void ProbeLeftoverProcesses(const ProbeInput& in, RunnerReport* out) {
  RunnerFacts::Processes& facts = out->facts.processes;
  const std::vector<ProcessInfo>& procs = in.processes;
  facts.total = static_cast<int>(procs.size());
  int self = SelfPid(in.sys);
  if (procs.empty() || self == 0) {
    out->findings.AddNotAssessed({"runner-leftover-process",
                                  "the process table (/proc) is not readable",
                                  "runner"});
    out->SetCondition("leftover-processes", Tri::kUnknown);
    return;
  }
  std::map<int, const ProcessInfo*> by_pid;
  std::multimap<int, int> children;
  for (const auto& p : procs) {
    by_pid[p.pid] = &p;
    children.emplace(p.ppid, p.pid);
  }

  // Our parent chain, nearest first.
  std::vector<int> chain;
  std::set<int> ancestors;
  for (int pid = self; pid > 0 && ancestors.insert(pid).second;) {
    chain.push_back(pid);
    auto it = by_pid.find(pid);
    if (it == by_pid.end()) break;
    pid = it->second->ppid;
  }
  const ProcessInfo* anchor = nullptr;
  int step_root = self;
  for (size_t i = 0; i < chain.size(); ++i) {
    auto it = by_pid.find(chain[i]);
    if (it != by_pid.end() && it->second->comm == "Runner.Worker") {
      anchor = it->second;
      step_root = i > 0 ? chain[i - 1] : self;
      break;
    }
  }
  if (anchor == nullptr && chain.size() > 1 && chain[1] != 1) {
    step_root = chain[1];
  }
  if (anchor != nullptr) {
    facts.job_anchor =
        "Runner.Worker (pid " + std::to_string(anchor->pid) + ")";
  }

  auto subtree = [&](int root) {
    std::set<int> seen{root};
    std::vector<int> todo{root};
    while (!todo.empty()) {
      int pid = todo.back();
      todo.pop_back();
      auto [b, e] = children.equal_range(pid);
      for (auto it = b; it != e; ++it) {
        if (seen.insert(it->second).second) todo.push_back(it->second);
      }
    }
    return seen;
  };
  std::set<int> current_step = subtree(step_root);
  std::set<int> job_tree = anchor ? subtree(anchor->pid) : std::set<int>{};

  std::string our_tracking = in.sys.GetEnv("RUNNER_TRACKING_ID").value_or("");
  std::string our_run = in.sys.GetEnv("GITHUB_RUN_ID").value_or("");
  std::string anchor_cgroup = anchor ? CgroupOf(in.sys, anchor->pid) : "";

  for (const auto& p : procs) {
    if (p.kernel_thread || p.pid == 1 || ancestors.count(p.pid) ||
        current_step.count(p.pid)) {
      continue;
    }
    if (MatchesAnyGlob(p.comm, in.policy.allowed_processes)) continue;

    std::string why;
    Confidence conf = Confidence::kHigh;
    auto env = ReadProcessEnviron(in.sys, p.pid);
    if (!env) ++facts.unreadable;
    std::string tracking = env ? EnvValue(*env, "RUNNER_TRACKING_ID") : "";
    std::string run = env ? EnvValue(*env, "GITHUB_RUN_ID") : "";
    if (!our_tracking.empty() && tracking == our_tracking) {
      why = "started by an earlier step of this job";
    } else if (!run.empty() && !our_run.empty()) {
      // Outside a workflow run (a laptop, a test) GITHUB_RUN_ID elsewhere
      // says nothing about us.
      why = run == our_run
                ? "started in this workflow run with the runner's tracking id "
                  "removed, so the end-of-job cleanup will not stop it"
                : "started by another workflow run and survived the end of "
                  "its job";
    } else if (job_tree.count(p.pid)) {
      why = "a child of Runner.Worker outside the current step";
    } else if (anchor != nullptr && p.start_ticks >= anchor->start_ticks &&
               !anchor_cgroup.empty() &&
               CgroupOf(in.sys, p.pid) == anchor_cgroup) {
      why = "started during this job in the runner's cgroup";
      conf = Confidence::kMedium;
    }
    if (why.empty()) continue;
    ++facts.leftover;
    out->AddFinding("runner-leftover-process",
                    "Process " + std::to_string(p.pid) + " (" + p.comm +
                        ", uid " + std::to_string(p.uid) +
                        ") is still "
                        "running: " +
                        why + ".",
                    p.comm, conf);
  }
  if (anchor != nullptr && facts.unreadable > 0) {
    out->findings.AddNotAssessed(
        {"runner-leftover-process",
         std::to_string(facts.unreadable) +
             " processes of other users could not be inspected (environment "
             "unreadable without root); judged by cgroup and start time only",
         "runner"});
  }
  out->SetConditionFromFindings("leftover-processes");
}

}  // namespace sg::runner
