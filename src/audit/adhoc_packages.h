// adhoc-packages: `run:` scripts that install packages by name outside any
// lock file: `gem install rake`, `npm install -g lodash`, `npm exec pkg`,
// `npx -y pkg`. Each run resolves the name afresh, so a newly published
// (or hijacked) version runs with the job's token and secrets. Bash-family
// shells only (the default `run:` shell is assumed to be bash). Same meaning
// as zizmor's audit of this id.
#ifndef STEPGUARD_AUDIT_ADHOC_PACKAGES_H_
#define STEPGUARD_AUDIT_ADHOC_PACKAGES_H_

#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"

namespace sg::audit {

// One simple command of a shell script: its words (quotes removed) and the
// byte range [begin, end) it covers in the script.
struct ShellCommand {
  std::vector<std::string> words;
  size_t begin = 0;
  size_t end = 0;
};

// Splits a POSIX-shell script into simple commands, on newlines, `;`, `&`,
// `|`, parentheses, backquotes and `$(`. Handles quotes, backslash escapes,
// line continuations, comments and `${{ }}` expressions. Not a full parser:
// here-document bodies are read as commands.
std::vector<ShellCommand> SplitShellCommands(std::string_view script);

// True when `words` (program first) install a package by name outside a
// lock file.
bool IsAdhocInstall(const std::vector<std::string>& words);

class AdhocPackages : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckStep(const StepSite& site, AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_ADHOC_PACKAGES_H_
