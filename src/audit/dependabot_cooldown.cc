#include "audit/dependabot_cooldown.h"

#include <cstdlib>
#include <string>

#include "base/strings.h"

namespace sg::audit {

const RuleInfo& DependabotCooldown::info() const {
  static const RuleInfo kInfo{
      "dependabot-cooldown", Severity::kMedium,
      "Dependabot proposes releases without a cooldown"};
  return kInfo;
}

namespace {

// A non-negative integer scalar, or -1.
long IntValue(const yaml::Node* n) {
  if (!n || !n->IsScalar() || n->value.empty()) return -1;
  char* end = nullptr;
  long v = std::strtol(n->value.c_str(), &end, 10);
  return *end == '\0' && v >= 0 ? v : -1;
}

}  // namespace

void DependabotCooldown::CheckDependabot(const model::Dependabot& d,
                                         AuditContext& ctx) {
  long threshold = 7;
  if (const yaml::Node* config = ctx.RuleConfig(info().id);
      config && config->IsMap()) {
    if (long days = IntValue(config->Get("days")); days > 0) threshold = days;
  }
  const std::string days_text = std::to_string(threshold);
  for (size_t i = 0; i < d.updates.size(); ++i) {
    const model::DependabotUpdate& u = d.updates[i];
    const std::string route = "updates[" + std::to_string(i) + "]";
    const std::string eco = u.ecosystem.value.empty()
                                ? "this ecosystem"
                                : "`" + u.ecosystem.value + "`";
    const std::string fix =
        "Add `cooldown: {default-days: " + days_text +
        "}` so new releases wait until they have had time to be vetted "
        "(security updates are not delayed).";
    if (!u.cooldown) {
      const yaml::Node* at =
          u.node ? u.node->GetKey("package-ecosystem") : nullptr;
      ctx.Report(ctx.New(info())
                     .Severity(Severity::kMedium)
                     .Confidence(Confidence::kHigh)
                     .Message("updates for " + eco +
                              " have no cooldown: Dependabot proposes "
                              "a release the day it is published")
                     .At(ctx.At(at ? at : u.node, route))
                     .Remediation(fix)
                     .Build());
      continue;
    }
    const yaml::Node* dd =
        u.cooldown->IsMap() ? u.cooldown->Get("default-days") : nullptr;
    if (!dd) {
      const yaml::Node* key = u.node->GetKey("cooldown");
      ctx.Report(ctx.New(info())
                     .Severity(Severity::kMedium)
                     .Confidence(Confidence::kHigh)
                     .Message("the cooldown for " + eco +
                              " sets no `default-days`, which "
                              "defaults to 0 (no cooldown)")
                     .At(ctx.At(key ? key : u.cooldown, route + ".cooldown"))
                     .Remediation(fix)
                     .Build());
      continue;
    }
    const long days = IntValue(dd);
    if (days >= 0 && days < threshold) {
      ctx.Report(ctx.New(info())
                     .Severity(Severity::kLow)
                     .Confidence(Confidence::kMedium)
                     .Message("the cooldown for " + eco + " is " +
                              std::to_string(days) + " day" +
                              (days == 1 ? "" : "s") + ", less than " +
                              days_text)
                     .At(ctx.At(dd, route + ".cooldown.default-days"))
                     .Remediation(fix)
                     .Build());
    }
  }
}

}  // namespace sg::audit
