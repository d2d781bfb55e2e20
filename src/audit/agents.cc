#include "audit/agents.h"

#include <cctype>
#include <regex>

#include "audit/util.h"
#include "base/strings.h"

namespace sg::audit {

namespace {

const AgentCli kClaude{
    "Claude Code",
    {"claude", "@anthropic-ai/claude-code"},
    {
        {"--dangerously-skip-permissions", "", "skips every permission prompt"},
        {"--permission-mode", "bypassPermissions",
         "bypasses every permission check"},
        {"--allow-dangerously-skip-permissions", "",
         "allows skipping every permission prompt"},
        // Tool rules: `Bash` or `Bash(*)` allows every command, while
        // `Bash(npm test:*)` allows one command prefix.
        {"--allowedTools", "any:bash", "lets the agent run any shell command"},
        {"--allowedTools", "any:bash(*)",
         "lets the agent run any shell command"},
        {"--allowed-tools", "any:bash", "lets the agent run any shell command"},
        {"--allowed-tools", "any:bash(*)",
         "lets the agent run any shell command"},
    },
    "https://docs.anthropic.com/en/docs/claude-code/cli-reference"};

const AgentCli kCodex{
    "Codex CLI",
    {"codex", "@openai/codex"},
    {
        {"--dangerously-bypass-approvals-and-sandbox", "",
         "runs every command without a sandbox or approval"},
        {"--yolo", "", "runs every command without a sandbox or approval"},
        {"--sandbox", "danger-full-access", "turns the sandbox off"},
        {"-s", "danger-full-access", "turns the sandbox off"},
        {"-c", "sandbox_mode=danger-full-access", "turns the sandbox off"},
        {"--config", "sandbox_mode=danger-full-access",
         "turns the sandbox off"},
    },
    "https://developers.openai.com/codex/cli/reference"};

const AgentCli kGemini{
    "Gemini CLI",
    {"gemini", "@google/gemini-cli"},
    {
        {"--yolo", "", "approves every tool call automatically"},
        {"-y", "", "approves every tool call automatically"},
        {"--approval-mode", "yolo", "approves every tool call automatically"},
    },
    "https://github.com/google-gemini/gemini-cli/blob/main/docs/cli/"
    "configuration.md"};

const AgentCli kAider{
    "aider",
    {"aider", "aider-chat"},
    {
        {"--yes-always", "",
         "answers yes to every confirmation, including shell commands"},
        {"--yes", "",
         "answers yes to every confirmation, including shell commands"},
    },
    "https://aider.chat/docs/config/options.html"};

const AgentCli kCopilot{
    "GitHub Copilot CLI",
    {"copilot", "@github/copilot"},
    {
        {"--allow-all-tools", "", "approves every tool call automatically"},
        {"--allow-all", "", "approves every tool, path and URL automatically"},
        {"--yolo", "", "approves every tool, path and URL automatically"},
        {"--allow-all-paths", "", "lets the agent touch any path"},
    },
    "https://docs.github.com/en/copilot/how-tos/use-copilot-agents/"
    "use-copilot-cli"};

const AgentCli kCursor{
    "Cursor CLI",
    {"cursor-agent"},
    {
        {"--force", "", "runs every command without confirmation"},
        {"-f", "", "runs every command without confirmation"},
    },
    "https://docs.cursor.com/en/cli/reference/parameters"};

using M = UnsafeInput::Match;

}  // namespace

const std::vector<AgentCli>& AgentClis() {
  static const std::vector<AgentCli> kClis = {kClaude, kCodex,   kGemini,
                                              kAider,  kCopilot, kCursor};
  return kClis;
}

const std::vector<AgentAction>& AgentActions() {
  const auto cli = [](std::string_view name) -> const AgentCli* {
    for (const auto& c : AgentClis())
      if (c.name == name) return &c;
    return nullptr;
  };
  static const std::vector<AgentAction> kActions = {
      {"anthropics/claude-code-action",
       "Claude Code Action",
       {"prompt", "direct_prompt", "override_prompt", "custom_instructions",
        "append_system_prompt", "system_prompt"},
       {"prompt_file"},
       {"claude_args"},
       cli("Claude Code"),
       {
           {"allowed_non_write_users", M::kListStar, "",
            "lets any GitHub user, not only those with write access, start the "
            "agent",
            true},
           {"allowed_bots", M::kListStar, "",
            "lets any bot account start the agent", true},
           {"settings", M::kContains, "bypasspermissions",
            "bypasses every permission check"},
       },
       /*checks_actor_write_access=*/true,
       "https://github.com/anthropics/claude-code-action/blob/main/docs/"
       "security.md"},
      {"anthropics/claude-code-base-action",
       "Claude Code Base Action",
       {"prompt", "append_system_prompt", "system_prompt"},
       {"prompt_file"},
       {"claude_args"},
       cli("Claude Code"),
       {
           {"settings", M::kContains, "bypasspermissions",
            "bypasses every permission check"},
       },
       false,
       "https://github.com/anthropics/claude-code-base-action/blob/main/"
       "action.yml"},
      {"openai/codex-action",
       "Codex Action",
       {"prompt"},
       {"prompt-file"},
       {"codex-args"},
       cli("Codex CLI"),
       {
           {"safety-strategy", M::kEquals, "unsafe",
            "runs the agent as a user with sudo, able to read the API key from "
            "memory"},
           {"sandbox", M::kEquals, "danger-full-access",
            "turns the agent's sandbox off"},
           {"allow-users", M::kListStar, "",
            "lets any GitHub user, not only those with write access, start the "
            "agent",
            true},
       },
       true,
       "https://github.com/openai/codex-action/blob/main/action.yml"},
      {"google-github-actions/run-gemini-cli",
       "Run Gemini CLI",
       {"prompt"},
       {},
       {},
       cli("Gemini CLI"),
       {
           {"settings", M::kContains, "yolo",
            "approves every tool call automatically"},
           {"settings", M::kContains, "\"sandbox\":false",
            "turns the agent's sandbox off"},
           // `tools.core` allow-lists tools; the bare shell tool (no command
           // prefix in parentheses) lets the agent run any command.
           {"settings", M::kRegex,
            R"re("core"\s*:\s*\[[^\]]*"run_shell_command")re",
            "lets the agent run any shell command"},
       },
       false,
       "https://github.com/google-github-actions/run-gemini-cli/blob/main/"
       "action.yml"},
      {"actions/ai-inference",
       "AI Inference",
       {"prompt", "system-prompt"},
       {"prompt-file", "system-prompt-file"},
       {},
       nullptr,
       {},
       false,
       "https://github.com/actions/ai-inference/blob/main/action.yml",
       "enable-github-mcp",
       /*always_tools=*/false},
  };
  return kActions;
}

const AgentAction* FindAgentAction(std::string_view uses) {
  UsesRef ref = ParseUses(uses);
  if (ref.kind != UsesRef::Kind::kRepository) return nullptr;
  std::string full = ToLower(ref.slug());
  if (!ref.subpath.empty()) full += "/" + ToLower(ref.subpath);
  for (const auto& a : AgentActions())
    if (full == a.uses) return &a;
  return nullptr;
}

namespace {

struct Token {
  size_t offset = 0;
  size_t length = 0;
  std::string text;  // with quotes removed
  bool op = false;   // a command separator: | || && ; ( ) $( ` newline
};

// A small shell tokenizer: enough to find command words and flags. It knows
// quotes, backslash-newline continuations and comments, not expansions.
std::vector<Token> Tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '\\' && i + 1 < s.size() && s[i + 1] == '\n') {
      i += 2;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    if (c == '#' && (out.empty() || out.back().op || i == 0 ||
                     s[i - 1] == ' ' || s[i - 1] == '\t')) {
      while (i < s.size() && s[i] != '\n') ++i;
      continue;
    }
    if (c == '\n' || c == ';' || c == '|' || c == '&' || c == '(' || c == ')' ||
        c == '`' || c == '{' || c == '}') {
      size_t n = 1;
      if ((c == '|' || c == '&') && i + 1 < s.size() && s[i + 1] == c) n = 2;
      out.push_back({i, n, std::string(s.substr(i, n)), true});
      i += n;
      continue;
    }
    if (c == '$' && i + 1 < s.size() && s[i + 1] == '(') {
      out.push_back({i, 2, "$(", true});
      i += 2;
      continue;
    }
    Token t;
    t.offset = i;
    while (i < s.size()) {
      c = s[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';' ||
          c == '|' || c == '&' || c == ')' || c == '`')
        break;
      if (c == '(' && !t.text.empty() && t.text.back() == '$') break;
      if (c == '\\' && i + 1 < s.size()) {
        if (s[i + 1] != '\n') t.text += s[i + 1];
        i += 2;
        continue;
      }
      if (c == '\'' || c == '"') {
        const char q = c;
        ++i;
        while (i < s.size() && s[i] != q) {
          if (q == '"' && s[i] == '\\' && i + 1 < s.size()) ++i;
          t.text += s[i++];
        }
        if (i < s.size()) ++i;
        continue;
      }
      t.text += c;
      ++i;
    }
    if (!t.text.empty() && t.text.back() == '$' && i < s.size() &&
        s[i] == '(') {
      t.text.pop_back();
    }
    t.length = i - t.offset;
    if (t.length > 0)
      out.push_back(std::move(t));
    else
      ++i;
  }
  return out;
}

bool IsAssignment(const std::string& w) {
  size_t eq = w.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  for (size_t i = 0; i < eq; ++i) {
    char c = w[i];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'))
      return false;
  }
  return true;
}

// `@scope/pkg@1.2` -> `@scope/pkg`; `/usr/bin/codex` -> `codex`.
std::string CommandName(std::string w) {
  if (!w.empty() && w[0] == '@') {
    size_t at = w.find('@', 1);
    if (at != std::string::npos) w.resize(at);
    return ToLower(w);
  }
  if (size_t at = w.find('@'); at != std::string::npos && at > 0) w.resize(at);
  if (size_t slash = w.rfind('/'); slash != std::string::npos)
    w = w.substr(slash + 1);
  return ToLower(w);
}

const AgentCli* CliNamed(const std::string& name) {
  for (const auto& c : AgentClis())
    for (auto cmd : c.commands)
      if (name == cmd) return &c;
  return nullptr;
}

// True when some agent command name occurs in `script`, ignoring case: a
// command word can only name an agent CLI if its lower-cased text contains
// the name, so scripts without one (nearly all) are never tokenised.
bool MentionsAgentCli(std::string_view script) {
  std::string lower(script);
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  for (const auto& c : AgentClis())
    for (std::string_view cmd : c.commands)
      if (lower.find(cmd) != std::string::npos) return true;
  return false;
}

void FindInvocations(std::string_view script, size_t base, bool in_stepguard,
                     bool in_firewall, int depth,
                     std::vector<AgentInvocation>* out);

// `bash -c 'copilot ...'`, or a whole command passed as one quoted word (as
// after `awf ... --`): the word's text is a script of its own. Its offsets map
// back to the outer script when the word is written verbatim inside quotes;
// otherwise findings point at the whole word.
void ScanWord(std::string_view script, size_t base, const Token& word,
              bool in_stepguard, bool in_firewall, int depth,
              std::vector<AgentInvocation>* out) {
  if (depth > 3) return;
  std::vector<AgentInvocation> inner;
  const bool verbatim =
      word.length == word.text.size() + 2 &&
      script.substr(word.offset + 1, word.text.size()) == word.text;
  FindInvocations(word.text, 0, in_stepguard, in_firewall, depth + 1, &inner);
  for (AgentInvocation inv : inner) {
    if (verbatim) {
      const size_t shift = base + word.offset + 1;
      inv.begin += shift;
      inv.end += shift;
      inv.line_begin += shift;
      inv.line_end += shift;
    } else {
      inv.begin = inv.line_begin = base + word.offset;
      inv.end = inv.line_end = base + word.offset + word.length;
    }
    out->push_back(inv);
  }
}

bool IsShell(const std::string& name) {
  return name == "bash" || name == "sh" || name == "zsh" || name == "dash";
}

void FindInvocations(std::string_view script, size_t base, bool in_stepguard,
                     bool in_firewall, int depth,
                     std::vector<AgentInvocation>* out_all) {
  std::vector<AgentInvocation>& out = *out_all;
  std::vector<Token> toks = Tokenize(script);
  size_t i = 0;
  while (i < toks.size()) {
    if (toks[i].op) {
      ++i;
      continue;
    }
    // toks[i] starts a simple command.
    size_t cmd_start = i;
    bool under_stepguard = in_stepguard;
    bool under_firewall = in_firewall;
    bool scanned = false;  // the command was a `sh -c` script, scanned above
    size_t j = i;
    auto skip_options = [&] {
      while (j < toks.size() && !toks[j].op && StartsWith(toks[j].text, "-") &&
             toks[j].text != "--")
        ++j;
    };
    while (j < toks.size() && !toks[j].op) {
      const std::string& w = toks[j].text;
      const std::string name = CommandName(w);
      if (IsAssignment(w) || name == "sudo" || name == "nohup" ||
          name == "time" || name == "exec" || name == "command" ||
          name == "then" || name == "do" || name == "else" || name == "!") {
        ++j;
        if (name == "sudo") skip_options();
        continue;
      }
      if (name == "env") {
        ++j;
        skip_options();
        continue;
      }
      if (name == "timeout") {
        ++j;
        skip_options();
        if (j < toks.size() && !toks[j].op) ++j;  // the duration
        continue;
      }
      if (name == "npx" || name == "bunx") {
        ++j;
        while (j < toks.size() && !toks[j].op &&
               StartsWith(toks[j].text, "-")) {
          // `-p pkg` names the package to install, not the command.
          if (toks[j].text == "-p" || toks[j].text == "--package") ++j;
          ++j;
        }
        if (j < toks.size() && toks[j].text == "--") ++j;
        continue;
      }
      if ((name == "pnpm" || name == "yarn" || name == "npm") &&
          j + 1 < toks.size() &&
          (toks[j + 1].text == "dlx" || toks[j + 1].text == "exec")) {
        j += 2;
        skip_options();
        if (j < toks.size() && toks[j].text == "--") ++j;
        continue;
      }
      if ((name == "uvx" || name == "pipx") && j + 1 < toks.size()) {
        ++j;
        if (name == "pipx" && toks[j].text == "run") ++j;
        skip_options();
        continue;
      }
      // gh-aw's Agent Workflow Firewall: `awf [options] -- command...`.
      if (name == "awf") {
        under_firewall = true;
        ++j;
        while (j < toks.size() && !toks[j].op && toks[j].text != "--") ++j;
        if (j < toks.size() && toks[j].text == "--") ++j;
        // The command as one quoted word.
        if (j < toks.size() && !toks[j].op &&
            toks[j].text.find(' ') != std::string::npos) {
          ScanWord(script, base, toks[j], under_stepguard, under_firewall,
                   depth, &out);
          ++j;
        }
        continue;
      }
      // `bash -c 'script'`, `sh -lc "script"`.
      if (IsShell(name) && j + 2 < toks.size() && !toks[j + 1].op &&
          StartsWith(toks[j + 1].text, "-") &&
          toks[j + 1].text.find('c') != std::string::npos &&
          !StartsWith(toks[j + 1].text, "--") && !toks[j + 2].op) {
        ScanWord(script, base, toks[j + 2], under_stepguard, under_firewall,
                 depth, &out);
        j += 3;
        scanned = true;
        break;
      }
      if (name == "stepguard" && j + 1 < toks.size() &&
          toks[j + 1].text == "exec") {
        under_stepguard = true;
        // Everything up to `--` configures the sandbox.
        size_t k = j + 2;
        while (k < toks.size() && !toks[k].op && toks[k].text != "--") ++k;
        j = (k < toks.size() && toks[k].text == "--") ? k + 1 : j + 2;
        continue;
      }
      break;
    }
    if (!scanned && j < toks.size() && !toks[j].op) {
      if (const AgentCli* cli = CliNamed(CommandName(toks[j].text))) {
        AgentInvocation inv;
        inv.cli = cli;
        inv.begin = base + toks[j].offset;
        inv.end = base + toks[j].offset + toks[j].length;
        inv.line_begin = base + toks[cmd_start].offset;
        size_t k = j;
        while (k + 1 < toks.size() &&
               !(toks[k + 1].op &&
                 (toks[k + 1].text == "\n" || toks[k + 1].text == ";" ||
                  toks[k + 1].text == "&&" || toks[k + 1].text == "||")))
          ++k;
        inv.line_end = base + toks[k].offset + toks[k].length;
        inv.under_stepguard = under_stepguard;
        inv.under_firewall = under_firewall;
        out.push_back(inv);
      }
    }
    // Skip to the next separator.
    while (j < toks.size() && !toks[j].op) ++j;
    i = j;
  }
}

}  // namespace

std::vector<AgentInvocation> FindAgentInvocations(std::string_view script) {
  std::vector<AgentInvocation> out;
  if (!MentionsAgentCli(script)) return out;
  FindInvocations(script, 0, false, false, 0, &out);
  return out;
}

std::vector<FlagHit> FindUnsafeFlags(const AgentCli& cli,
                                     std::string_view text) {
  std::vector<FlagHit> out;
  std::vector<Token> toks = Tokenize(text);
  for (size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].op) continue;
    const std::string& w = toks[i].text;
    for (const UnsafeFlag& f : cli.unsafe) {
      const bool exact = w == f.flag;
      const bool joined = StartsWith(w, std::string(f.flag) + "=");
      if (!exact && !joined) continue;
      if (f.value.empty()) {
        if (joined) continue;
        out.push_back({toks[i].offset, toks[i].length, &f});
        break;
      }
      std::string value;
      size_t end = toks[i].offset + toks[i].length;
      if (joined) {
        value = w.substr(f.flag.size() + 1);
      } else if (i + 1 < toks.size() && !toks[i + 1].op) {
        value = toks[i + 1].text;
        end = toks[i + 1].offset + toks[i + 1].length;
      }
      // `any:X`: the value is a list (commas or spaces) and one item is X.
      std::string_view want = f.value;
      const bool any = StartsWith(want, "any:");
      if (any) want.remove_prefix(4);
      std::string norm;
      for (char c : value) {
        if (c == '"' || c == '\'') continue;
        if (c == ' ') {
          if (any) norm += ',';
          continue;
        }
        norm += c;
      }
      bool hit = ToLower(norm) == ToLower(std::string(want));
      if (any) {
        for (const auto& item : Split(ToLower(norm), ','))
          hit = hit || Trim(item) == want;
      }
      if (hit) {
        out.push_back({toks[i].offset, end - toks[i].offset, &f});
        break;
      }
    }
  }
  return out;
}

bool AgentHasTools(const AgentAction& a, const model::Step& step) {
  if (a.always_tools) return true;
  if (a.tools_input.empty()) return false;
  for (const auto& w : step.with)
    if (ToLower(w.key.value) == a.tools_input)
      return ToLower(Trim(w.value.value)) != "false" &&
             !Trim(w.value.value).empty();
  return false;
}

AgentStep ClassifyAgentStep(const model::Step& step) {
  AgentStep a;
  if (step.uses.present()) a.action = FindAgentAction(step.uses.value);
  if (step.run.present() && step.run.node && step.run.node->IsScalar())
    a.invocations = FindAgentInvocations(step.run.node->value);
  return a;
}

}  // namespace sg::audit

namespace sg::audit {

bool InputIsUnsafe(const model::Step& step, const UnsafeInput& u,
                   const model::KeyValue** out) {
  const model::KeyValue* kv = nullptr;
  for (const auto& w : step.with)
    if (ToLower(w.key.value) == u.input) kv = &w;
  if (!kv || !kv->value_node || !kv->value_node->IsScalar()) return false;
  const std::string v = ToLower(Trim(kv->value.value));
  bool hit = false;
  switch (u.match) {
    case UnsafeInput::Match::kEquals:
      hit = v == u.value;
      break;
    case UnsafeInput::Match::kContains: {
      std::string packed;
      for (char c : v)
        if (!std::isspace(static_cast<unsigned char>(c))) packed += c;
      hit = v.find(u.value) != std::string::npos ||
            packed.find(u.value) != std::string::npos;
      break;
    }
    case UnsafeInput::Match::kRegex:
      // Only agent steps' settings get here: compiling per call is fine.
      hit = std::regex_search(
          v, std::regex(std::string(u.value),
                        std::regex::ECMAScript | std::regex::icase));
      break;
    case UnsafeInput::Match::kListStar: {
      std::string norm = v;
      for (char& c : norm)
        if (c == '\n') c = ',';
      for (const auto& item : Split(norm, ','))
        if (Trim(item) == "*" || Trim(item) == "\"*\"" || Trim(item) == "'*'")
          hit = true;
      break;
    }
  }
  if (hit && out) *out = kv;
  return hit;
}

namespace {

// Events an outsider (no write access) can cause on a public repository
// while the run gets the base repository's token and secrets. Source: GitHub
// Docs "Events that trigger workflows" (which events run in the base
// repository's context) and GitHub Security Lab's "Preventing pwn requests".
constexpr std::string_view kOutsiderEvents[] = {
    "issues",
    "issue_comment",
    "pull_request_target",
    "pull_request_review",
    "pull_request_review_comment",
    "discussion",
    "discussion_comment",
    "workflow_run",
    "fork",
    "watch",
};

// Activity types only users with triage access or more can cause.
constexpr std::string_view kMaintainerTypes[] = {
    "labeled",
    "unlabeled",
    "assigned",
    "unassigned",
    "milestoned",
    "demilestoned",
    "pinned",
    "unpinned",
    "locked",
    "unlocked",
    "transferred",
    "review_requested",
    "review_request_removed",
    "category_changed",
    "answered",
    "unanswered",
    "enqueued",
    "dequeued",
};

}  // namespace

std::vector<const model::Trigger*> OutsiderTriggers(const model::Workflow& wf) {
  std::vector<const model::Trigger*> out;
  for (const model::Trigger& t : wf.on.events) {
    bool outsider = false;
    for (auto e : kOutsiderEvents) outsider = outsider || t.event == e;
    if (!outsider) continue;
    if (!t.types.empty()) {
      bool any = false;
      for (const auto& type : t.types) {
        bool maintainer = false;
        for (auto m : kMaintainerTypes) maintainer = maintainer || type == m;
        any = any || !maintainer;
      }
      if (!any) continue;
    }
    out.push_back(&t);
  }
  return out;
}

bool IfGatesActor(std::string_view condition) {
  const std::string c = ToLower(condition);
  for (std::string_view needle :
       {"author_association", "github.actor", "github.triggering_actor",
        "sender.login", "user.login", "head.repo.full_name", "head.repo.fork",
        "label.name", "head.repo.owner.login"}) {
    for (size_t at = c.find(needle); at != std::string::npos;
         at = c.find(needle, at + 1)) {
      // Only an allow-list restricts who runs it: `actor == 'x'`,
      // contains(list, actor); `actor != 'bot'` lets everyone else in.
      size_t after = at + needle.size();
      while (after < c.size() &&
             (std::isalnum(static_cast<unsigned char>(c[after])) ||
              c[after] == '_' || c[after] == '.'))
        ++after;
      while (after < c.size() && c[after] == ' ') ++after;
      size_t before = at;  // start of the access chain
      while (before > 0 &&
             (std::isalnum(static_cast<unsigned char>(c[before - 1])) ||
              c[before - 1] == '_' || c[before - 1] == '.'))
        --before;
      if (needle == "head.repo.fork" && before >= 1 && c[before - 1] == '!')
        return true;
      while (before > 0 && c[before - 1] == ' ') --before;
      if (c.compare(after, 2, "==") == 0 ||
          (before >= 2 && c.compare(before - 2, 2, "==") == 0))
        return true;
      // The call that encloses the reference.
      size_t open = std::string::npos;
      int depth = 0;
      for (size_t k = at; k-- > 0;) {
        if (c[k] == ')') ++depth;
        if (c[k] == '(' && depth-- == 0) {
          open = k;
          break;
        }
      }
      if (open != std::string::npos) {
        const size_t from = open >= 10 ? open - 10 : 0;
        const std::string fn = c.substr(from, open - from);
        if (fn.find("contains") != std::string::npos ||
            fn.find("startswith") != std::string::npos)
          return true;
      }
    }
  }
  return false;
}

// Actions and API calls that look up the actor's permission on the repository.
bool StepChecksPermission(const model::Step& s) {
  const std::string uses = ToLower(s.uses.value);
  for (std::string_view a : {"actions-cool/check-user-permission",
                             "prince-chrismc/check-actor-permissions-action",
                             "lannonbr/repo-permission-check-action",
                             "sushichop/action-repository-permission",
                             "skjnldsv/check-actor-permission",
                             "tspascoal/get-user-teams-membership"})
    if (uses.find(a) != std::string::npos) return true;
  auto mentions = [](std::string_view text) {
    const std::string t = ToLower(text);
    return t.find("getcollaboratorpermissionlevel") != std::string::npos ||
           (t.find("collaborators/") != std::string::npos &&
            t.find("permission") != std::string::npos) ||
           t.find("checkmembershipforuser") != std::string::npos ||
           t.find("author_association") != std::string::npos;
  };
  if (s.run.present() && mentions(s.run.value)) return true;
  if (const model::KeyValue* script = s.With("script");
      script && mentions(script->value.value))
    return true;
  // A compiled GitHub agentic workflow (gh-aw) checks the actor's role in its
  // `pre_activation` job (check_membership.cjs, roles from
  // GH_AW_REQUIRED_ROLES) and skips the agent unless it passes; `roles: all`
  // compiles to a check that admits everyone.
  const model::KeyValue* script = s.With("script");
  if (script && ToLower(script->value.value).find("check_membership") !=
                    std::string::npos) {
    for (const model::KeyValue& e : s.env)
      if (e.key.value == "GH_AW_REQUIRED_ROLES")
        return ToLower(e.value.value).find("all") == std::string::npos &&
               !Trim(e.value.value).empty();
  }
  return false;
}

namespace {

bool JobGatesActorImpl(const model::Workflow& wf, const model::Job& job,
                       int step_index, int depth) {
  if (job.if_cond.present() && IfGatesActor(job.if_cond.value)) return true;
  for (const model::Step& s : job.steps) {
    if (s.index > step_index) break;
    if (s.if_cond.present() && IfGatesActor(s.if_cond.value)) return true;
    if (s.index < step_index && StepChecksPermission(s)) return true;
  }
  if (depth > 4) return false;
  for (const model::Str& need : job.needs) {
    const model::Job* j = wf.FindJob(need.value);
    if (j && j != &job && JobGatesActorImpl(wf, *j, 1 << 30, depth + 1))
      return true;
  }
  return false;
}

}  // namespace

bool JobGatesActor(const model::Workflow& wf, const model::Job& job,
                   int step_index) {
  return JobGatesActorImpl(wf, job, step_index, 0);
}

}  // namespace sg::audit
