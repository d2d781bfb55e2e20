// The table of known coding agents: GitHub Actions that run an agent, and
// agent CLIs invoked from `run:` scripts, with their prompt inputs and the
// switches that turn their safety off. The four agent-* audits read only this
// table, so supporting a new agent is a data change here.
//
// Sources (each entry also names its own):
// - anthropics/claude-code-action action.yml and docs/security.md
//   (write-access check, allowed_non_write_users, allowed_bots, claude_args);
// - openai/codex-action action.yml (prompt, prompt-file, sandbox,
//   safety-strategy, allow-users, codex-args);
// - google-github-actions/run-gemini-cli action.yml (prompt, settings);
// - Claude Code CLI reference (--dangerously-skip-permissions,
//   --permission-mode bypassPermissions), Codex CLI reference
//   (--dangerously-bypass-approvals-and-sandbox / --yolo, --sandbox
//   danger-full-access, --ask-for-approval never), Gemini CLI reference
//   (--yolo / -y, --approval-mode yolo), aider options (--yes-always),
//   GitHub Copilot CLI (--allow-all-tools, --allow-all-paths, --yolo).
#ifndef STEPGUARD_AUDIT_AGENTS_H_
#define STEPGUARD_AUDIT_AGENTS_H_

#include <string>
#include <string_view>
#include <vector>

#include "model/workflow.h"

namespace sg::audit {

struct AgentCli;

// A `with:` input whose value switches a safety off.
struct UnsafeInput {
  enum class Match {
    kEquals,    // value equals `value` (case-insensitive, trimmed)
    kListStar,  // a comma/newline separated list containing `*`
    kContains,  // value contains `value` (case-insensitive; also matched
                // with all whitespace removed, for JSON settings)
    kRegex,     // value matches the ECMAScript regex `value` (icase)
  };
  std::string_view input;
  Match match = Match::kEquals;
  std::string_view value;
  std::string_view why;
  bool widens_trigger = false;  // lets actors without write access start it
};

struct AgentAction {
  std::string_view uses;  // owner/repo[/path], matched case-insensitively
  std::string_view name;
  std::vector<std::string_view> prompt_inputs;  // text that becomes the prompt
  std::vector<std::string_view> prompt_file_inputs;  // paths of prompt files
  std::vector<std::string_view> args_inputs;         // extra CLI arguments
  const AgentCli* args_cli = nullptr;  // whose flags args_inputs take
  std::vector<UnsafeInput> unsafe;
  // The action itself refuses to run for actors without write access to the
  // repository (unless an UnsafeInput with widens_trigger says otherwise).
  bool checks_actor_write_access = false;
  std::string_view source;
  // The model gets no tools (it only returns text) unless this input is
  // "true"; empty = it always has tools.
  std::string_view tools_input;
  bool always_tools = true;
};

// True when the agent in `step` can act (run commands, call APIs) rather
// than only return text.
bool AgentHasTools(const AgentAction& a, const model::Step& step);

// A command-line switch that turns an agent's safety off. `flag` matches a
// whole argument, or `--flag=value`; when `value` is set, the next argument
// (or the `=` part) must equal it.
struct UnsafeFlag {
  std::string_view flag;
  std::string_view value;
  std::string_view why;
};

struct AgentCli {
  std::string_view name;
  std::vector<std::string_view> commands;  // executables and npm packages
  std::vector<UnsafeFlag> unsafe;
  std::string_view source;
};

// The known agent action `uses` refers to (any ref), or nullptr.
const AgentAction* FindAgentAction(std::string_view uses);
const std::vector<AgentAction>& AgentActions();
const std::vector<AgentCli>& AgentClis();

// An agent CLI invocation found in a shell script.
struct AgentInvocation {
  const AgentCli* cli = nullptr;
  size_t begin = 0;       // offset of the command word in the script
  size_t end = 0;         // end of the command word
  size_t line_begin = 0;  // the logical command line (continuations joined)
  size_t line_end = 0;
  bool under_stepguard = false;  // run as `stepguard exec ... -- <agent>`
  // Run inside gh-aw's Agent Workflow Firewall (`awf ... -- <agent>`): a
  // container with a network allowlist, not stepguard's full sandbox.
  bool under_firewall = false;
};

// Finds agent CLI invocations in a `run:` script: the agent executable (or
// its npm package through npx/bunx/pnpm dlx) in command position, also behind
// wrappers (sudo, env, timeout, `stepguard exec --`, gh-aw's `awf --`) and
// inside `bash -c '...'`.
// `npm install -g @openai/codex` is not an invocation.
std::vector<AgentInvocation> FindAgentInvocations(std::string_view script);

struct FlagHit {
  size_t offset = 0;  // in the scanned text
  size_t length = 0;
  const UnsafeFlag* flag = nullptr;
};

// Unsafe switches of `cli` in `text` (a command line or an args input).
std::vector<FlagHit> FindUnsafeFlags(const AgentCli& cli,
                                     std::string_view text);

// An agent step: a known agent action, or a `run:` with agent invocations.
struct AgentStep {
  const AgentAction* action = nullptr;
  std::vector<AgentInvocation> invocations;
  bool is_agent() const { return action != nullptr || !invocations.empty(); }
};
AgentStep ClassifyAgentStep(const model::Step& step);

// True when `with:` input `u` of `step` holds an unsafe value.
bool InputIsUnsafe(const model::Step& step, const UnsafeInput& u,
                   const model::KeyValue** kv);

// Triggers of `wf` that someone without write access can cause (issues,
// comments, pull_request_target, workflow_run, discussions, ...), leaving out
// events whose listed activity types are all maintainer-only (labeled,
// assigned, ...).
std::vector<const model::Trigger*> OutsiderTriggers(const model::Workflow& wf);

// True when an `if:` condition restricts who can run the job or step: it
// compares the author association, the actor, the sender, a label name, or
// whether the pull request comes from this repository.
bool IfGatesActor(std::string_view condition);

// True when step `s` looks up the actor's permission or membership (a
// permission-check action, or an API call in `run:` or a github-script).
bool StepChecksPermission(const model::Step& s);

// True when `job` (or the step at `step_index` and before it, or a job it
// needs) checks who triggered the run: an actor-gating `if:`, or a step that
// queries the actor's repository permission.
bool JobGatesActor(const model::Workflow& wf, const model::Job& job,
                   int step_index);

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_AGENTS_H_
