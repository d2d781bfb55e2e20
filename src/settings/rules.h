// The catalogue of rules this module reports (token checks and the online
// workflow audits), for `stepguard rules` and policy validation.
#ifndef STEPGUARD_SETTINGS_RULES_H_
#define STEPGUARD_SETTINGS_RULES_H_

#include <string_view>
#include <vector>

#include "finding/finding.h"

namespace sg::settings {

struct SettingsRule {
  std::string_view id;
  Area area;
  Severity severity;  // the usual severity of its findings
  std::string_view description;
};

const std::vector<SettingsRule>& SettingsRules();

}  // namespace sg::settings

#endif  // STEPGUARD_SETTINGS_RULES_H_
