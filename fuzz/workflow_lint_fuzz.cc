// Fuzzes the path a pull request controls: workflow YAML text ->
// model::Repository::AddFile (yaml + typed model) -> every audit with the
// default policy, as `stepguard lint` runs them on one file
// (audit/audit_test_util.cc does the same in the audit tests).
// Run with -timeout and -rss_limit_mb: YAML bombs show up as timeouts/OOMs.
#include <cstddef>
#include <cstdint>
#include <string>

#include "audit/engine.h"
#include "audit/registry.h"
#include "base/diagnostic.h"
#include "model/repo.h"
#include "policy/policy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Built once: the policy and audit list are read-only inputs here.
  static const sg::policy::Policy* policy =
      new sg::policy::Policy(sg::policy::DefaultPolicy());
  static const auto* audits = new auto(sg::audit::AllAudits());

  sg::model::Repository repo;
  sg::Diagnostics diags;
  repo.AddFile(".github/workflows/fuzz.yml",
               std::string(reinterpret_cast<const char*>(data), size), &diags);
  sg::audit::EngineOptions options;
  options.jobs = 1;  // one fuzzer process, one thread
  sg::FindingSet findings =
      sg::audit::RunAudits(repo, *policy, *audits, options);
  (void)findings;
  return 0;
}
