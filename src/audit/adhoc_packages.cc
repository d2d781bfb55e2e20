#include "audit/adhoc_packages.h"

#include <algorithm>

#include "base/strings.h"

namespace sg::audit {

std::vector<ShellCommand> SplitShellCommands(std::string_view s) {
  std::vector<ShellCommand> out;
  ShellCommand cmd;
  std::string word;
  size_t word_begin = std::string_view::npos;
  size_t word_end = 0;
  auto end_word = [&] {
    if (word_begin == std::string_view::npos) return;
    if (cmd.words.empty()) cmd.begin = word_begin;
    cmd.words.push_back(word);
    cmd.end = word_end;
    word.clear();
    word_begin = std::string_view::npos;
  };
  auto end_command = [&] {
    end_word();
    if (!cmd.words.empty()) out.push_back(std::move(cmd));
    cmd = ShellCommand{};
  };
  auto start = [&](size_t i) {
    if (word_begin == std::string_view::npos) word_begin = i;
  };
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '\\') {
      if (i + 1 < s.size() && s[i + 1] == '\n') {  // line continuation
        i += 2;
        continue;
      }
      start(i);
      if (i + 1 < s.size()) word += s[i + 1];
      i += 2;
      word_end = std::min(i, s.size());
      continue;
    }
    if (c == '\'' || c == '"') {
      start(i);
      size_t j = i + 1;
      while (j < s.size() && s[j] != c) {
        if (c == '"' && s[j] == '\\' && j + 1 < s.size()) ++j;
        word += s[j];
        ++j;
      }
      i = std::min(j + 1, s.size());
      word_end = i;
      continue;
    }
    if (c == '#' && word_begin == std::string_view::npos) {
      while (i < s.size() && s[i] != '\n') ++i;
      continue;
    }
    if (c == '$' && i + 2 < s.size() && s[i + 1] == '{' && s[i + 2] == '{') {
      const size_t close = s.find("}}", i + 3);
      const size_t stop =
          close == std::string_view::npos ? s.size() : close + 2;
      start(i);
      word.append(s.substr(i, stop - i));
      i = stop;
      word_end = i;
      continue;
    }
    if (c == '$' && i + 1 < s.size() && s[i + 1] == '(') {
      end_command();
      i += 2;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      end_word();
      ++i;
      continue;
    }
    if (c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')' ||
        c == '`') {
      end_command();
      ++i;
      continue;
    }
    start(i);
    word += c;
    ++i;
    word_end = i;
  }
  end_command();
  return out;
}

namespace {

bool IsFlag(const std::string& w) { return !w.empty() && w[0] == '-'; }

bool IsAssignment(const std::string& w) {
  const size_t eq = w.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  for (size_t i = 0; i < eq; ++i) {
    const char c = w[i];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'))
      return false;
  }
  return !std::isdigit(static_cast<unsigned char>(w[0]));
}

// True when some word after the first `pred` match is not a flag.
template <typename Pred>
bool PackageAfter(const std::vector<std::string>& args, Pred pred) {
  auto it = std::find_if(args.begin(), args.end(), pred);
  if (it == args.end()) return false;
  return std::any_of(it + 1, args.end(),
                     [](const std::string& a) { return !IsFlag(a); });
}

}  // namespace

bool IsAdhocInstall(const std::vector<std::string>& words) {
  // Skip variable assignments and wrappers: `CI=1 sudo -E npm i -g x`.
  size_t i = 0;
  while (i < words.size()) {
    const std::string& w = words[i];
    if (IsAssignment(w)) {
      ++i;
    } else if (w == "sudo" || w == "env" || w == "time" || w == "command" ||
               w == "nohup" || w == "exec") {
      ++i;
      while (i < words.size() && IsFlag(words[i])) ++i;
    } else {
      break;
    }
  }
  if (i >= words.size()) return false;
  std::string program = words[i];
  if (const size_t slash = program.rfind('/'); slash != std::string::npos)
    program = program.substr(slash + 1);
  const std::vector<std::string> args(words.begin() + i + 1, words.end());
  if (program == "gem") {
    // `gem i` is install's alias, and RubyGems accepts any unambiguous
    // prefix of a command name (`gem in` could still be `info`).
    // The subcommand is the first word that is not a flag.
    auto sub = std::find_if(args.begin(), args.end(),
                            [](const auto& a) { return !IsFlag(a); });
    if (sub == args.end()) return false;
    static const char* kInstall[] = {"install", "i",     "ins",
                                     "inst",    "insta", "instal"};
    if (std::none_of(std::begin(kInstall), std::end(kInstall),
                     [&](const char* k) { return *sub == k; }))
      return false;
    return std::any_of(sub + 1, args.end(),
                       [](const auto& a) { return !IsFlag(a); });
  }
  if (program == "npm") {
    // The subcommand is the first word that is not a flag. Without a
    // package name, `npm install` installs from package-lock.json.
    auto sub = std::find_if(args.begin(), args.end(),
                            [](const auto& a) { return !IsFlag(a); });
    if (sub == args.end()) return false;
    static const char* kInstall[] = {"install", "i",      "in",      "ins",
                                     "inst",    "insta",  "instal",  "isnt",
                                     "isnta",   "isntal", "isntall", "add"};
    const bool install = std::any_of(std::begin(kInstall), std::end(kInstall),
                                     [&](const char* k) { return *sub == k; });
    if (install)
      return std::any_of(sub + 1, args.end(),
                         [](const auto& a) { return !IsFlag(a); });
    if (*sub == "exec" || *sub == "x") {
      return std::any_of(sub + 1, args.end(), [](const std::string& a) {
        return !IsFlag(a) || a == "-p" || a == "--package" ||
               StartsWith(a, "-p=") || StartsWith(a, "--package=");
      });
    }
    return false;
  }
  if (program == "npx") {
    // Without --yes, npx runs what the lock file installed (or asks).
    return PackageAfter(
        args, [](const std::string& a) { return a == "-y" || a == "--yes"; });
  }
  return false;
}

const RuleInfo& AdhocPackages::info() const {
  static const RuleInfo kInfo{"adhoc-packages", Severity::kLow,
                              "package installed by name outside a lock file"};
  return kInfo;
}

namespace {

const yaml::Node* DefaultShell(const yaml::Node* defaults) {
  if (!defaults || !defaults->IsMap()) return nullptr;
  const yaml::Node* run = defaults->Get("run");
  const yaml::Node* shell = run && run->IsMap() ? run->Get("shell") : nullptr;
  return shell && shell->IsScalar() ? shell : nullptr;
}

}  // namespace

void AdhocPackages::CheckStep(const StepSite& site, AuditContext& ctx) {
  const model::Step& step = *site.step;
  if (!step.run.present() || !step.run.node->IsScalar()) return;
  const yaml::Node* shell = step.shell.present() ? step.shell.node : nullptr;
  if (!shell && site.job) shell = DefaultShell(site.job->defaults);
  if (!shell && site.workflow) shell = DefaultShell(site.workflow->defaults);
  if (shell) {
    std::string_view v = Trim(shell->value);
    std::string program(v.substr(0, v.find_first_of(" \t")));
    if (const size_t slash = program.find_last_of("/\\");
        slash != std::string::npos)
      program = program.substr(slash + 1);
    if (program != "bash" && program != "sh" && program != "zsh") return;
  }
  const std::string& script = step.run.value;
  for (const ShellCommand& c : SplitShellCommands(script)) {
    if (!IsAdhocInstall(c.words)) continue;
    const std::string text = script.substr(c.begin, c.end - c.begin);
    ctx.Report(
        ctx.New(info())
            .Confidence(Confidence::kHigh)
            .Message("`" + text +
                     "` installs a package by name, outside any lock file: "
                     "each run may "
                     "get a different (or a newly hijacked) version")
            .At(ctx.AtValue(step.run.node, c.begin, c.end, site.route + ".run"))
            .Remediation(
                "Declare the package in a manifest with a lock file "
                "(package-lock.json, Gemfile.lock) and install from it "
                "(`npm ci`, `bundle install`), or at least pin an exact "
                "version.")
            .Snippet(text)
            .Build());
  }
}

}  // namespace sg::audit
