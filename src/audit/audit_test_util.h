#ifndef STEPGUARD_AUDIT_AUDIT_TEST_UTIL_H_
#define STEPGUARD_AUDIT_AUDIT_TEST_UTIL_H_

#include <string>
#include <vector>

#include "finding/finding.h"

namespace sg::audit::testing {

struct FileSpec {
  std::string path;
  std::string text;
};

// Lints in-memory files with the embedded default policy (or `policy_text`)
// and every registered audit; returns only findings of `rule` (all if empty).
std::vector<Finding> Lint(const std::vector<FileSpec>& files,
                          const std::string& rule = "",
                          const std::string& policy_text = "",
                          const std::string& persona = "");
std::vector<Finding> LintWorkflow(const std::string& text,
                                  const std::string& rule,
                                  const std::string& persona = "");

}  // namespace sg::audit::testing

#endif  // STEPGUARD_AUDIT_AUDIT_TEST_UTIL_H_
