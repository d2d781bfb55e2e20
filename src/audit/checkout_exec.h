// Helpers shared by untrusted-checkout and artifact-poisoning: which steps
// execute code from the workspace (build tools, package managers, scripts,
// local actions).
#ifndef STEPGUARD_AUDIT_CHECKOUT_EXEC_H_
#define STEPGUARD_AUDIT_CHECKOUT_EXEC_H_

#include <string>
#include <string_view>

#include "model/workflow.h"

namespace sg::audit {

// When `step` runs code that files in the workspace control, a short
// description of how ("`npm install` runs package.json scripts"), else "".
// Sources: the lists of "pwn request" gadgets in GitHub Security Lab's
// "Preventing pwn requests" and poutine's untrusted_checkout_exec build
// tool list.
std::string ExecutesWorkspaceCode(const model::Step& step);

// Byte offset of the first workspace-executing command in a script, with
// its length; npos when none.
size_t FindExecCommand(std::string_view script, size_t* length,
                       std::string* why);

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_CHECKOUT_EXEC_H_
