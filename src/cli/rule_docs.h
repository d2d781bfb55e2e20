// docs/rules/<id>.md, embedded at build time (see CMakeLists.txt), so
// `stepguard policy explain ID` works without the source tree.
#ifndef STEPGUARD_CLI_RULE_DOCS_H_
#define STEPGUARD_CLI_RULE_DOCS_H_

#include <string_view>
#include <vector>

namespace sg::cli {

// The markdown for rule `id`, or empty when there is none.
std::string_view RuleDoc(std::string_view id);
// Ids that have a doc.
std::vector<std::string_view> DocumentedRules();

}  // namespace sg::cli

#endif  // STEPGUARD_CLI_RULE_DOCS_H_
