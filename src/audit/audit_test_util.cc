#include "audit/audit_test_util.h"

#include <gtest/gtest.h>

#include "audit/engine.h"
#include "audit/registry.h"
#include "model/repo.h"
#include "policy/policy.h"

namespace sg::audit::testing {

std::vector<Finding> Lint(const std::vector<FileSpec>& files,
                          const std::string& rule,
                          const std::string& policy_text,
                          const std::string& persona) {
  model::Repository repo;
  Diagnostics diags;
  for (const auto& f : files) repo.AddFile(f.path, f.text, &diags);
  for (const auto& d : diags.items()) ADD_FAILURE() << d.ToString();
  policy::Policy policy = policy::DefaultPolicy();
  if (!policy_text.empty()) {
    Diagnostics pd;
    auto p = policy::ParsePolicy("policy.yml", policy_text, &pd);
    EXPECT_TRUE(p.ok());
    if (p.ok()) policy = std::move(p).value();
  }
  EngineOptions opts;
  if (!persona.empty()) opts.persona = ParsePersona(persona);
  FindingSet set = RunAudits(repo, policy, AllAudits(), opts);
  std::vector<Finding> out;
  for (auto& f : set.findings())
    if (rule.empty() || f.rule == rule) out.push_back(f);
  return out;
}

std::vector<Finding> LintWorkflow(const std::string& text,
                                  const std::string& rule,
                                  const std::string& persona) {
  return Lint({{".github/workflows/t.yml", text}}, rule, "", persona);
}

}  // namespace sg::audit::testing
