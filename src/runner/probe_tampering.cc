// Tampering left by earlier steps of the job (its own supply chain):
// variables that change how later programs start, PATH hijacks, a global
// preload, git hooks in the workspace and re-enabled unsafe workflow
// commands. Leftover processes live in probe_processes.cc.
#include <algorithm>

#include "base/strings.h"
#include "runner/probes.h"

namespace sg::runner {
namespace {

// Variables that make later programs load or run something else. Each is
// reported by name only; values can carry secrets.
const std::vector<std::string_view>& ExecutionVariables() {
  static const std::vector<std::string_view> kVars = {
      "LD_PRELOAD",        "LD_AUDIT",
      "BASH_ENV",          "ENV",
      "PROMPT_COMMAND",    "NODE_OPTIONS",
      "PYTHONSTARTUP",     "PYTHONHOME",
      "PERL5OPT",          "RUBYOPT",
      "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS",
      "JDK_JAVA_OPTIONS",  "DOTNET_STARTUP_HOOKS",
      "GIT_SSH_COMMAND",   "GIT_SSH",
      "GIT_EXEC_PATH",     "GIT_ASKPASS",
      "GIT_TEMPLATE_DIR",  "GIT_PROXY_COMMAND",
      "GCONV_PATH",
  };
  return kVars;
}

// Search-path variables: set by setup actions for legitimate reasons (tool
// caches), so only entries in writable temporary places count.
const std::vector<std::string_view>& SearchPathVariables() {
  static const std::vector<std::string_view> kVars = {
      "LD_LIBRARY_PATH", "PYTHONPATH", "NODE_PATH", "PERL5LIB", "RUBYLIB",
  };
  return kVars;
}

const std::vector<std::string_view>& SystemDirs() {
  static const std::vector<std::string_view> kDirs = {
      "/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
      "/usr/bin",        "/sbin",          "/bin",
  };
  return kDirs;
}

bool UnderDir(std::string_view path, std::string_view dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.remove_suffix(1);
  return path == dir || (StartsWith(path, dir) && path.size() > dir.size() &&
                         path[dir.size()] == '/');
}

// Why a search-path entry is one an earlier step or another user could have
// planted files into, or empty when it is not.
std::string WritableTempReason(const ProbeInput& in, const std::string& entry) {
  if (entry.empty() || entry[0] != '/') return "a relative entry";
  for (std::string_view t : {"/tmp", "/var/tmp", "/dev/shm"}) {
    if (UnderDir(entry, t)) return "under " + std::string(t);
  }
  if (auto temp = in.sys.GetEnv("RUNNER_TEMP");
      temp && !temp->empty() && UnderDir(entry, *temp)) {
    return "under RUNNER_TEMP";
  }
  if (auto st = in.sys.Stat(entry);
      st && st->type == FileType::kDirectory && (st->mode & 0002) != 0) {
    return "world-writable";
  }
  return "";
}

void ProbeExecutionVariables(const ProbeInput& in, RunnerReport* out) {
  for (const auto& [name, value] : in.sys.Environment()) {
    if (MatchesAnyGlob(name, in.policy.ignore_env)) continue;
    bool exec_var =
        std::find(ExecutionVariables().begin(), ExecutionVariables().end(),
                  name) != ExecutionVariables().end();
    bool git_config = StartsWith(name, "GIT_CONFIG_");
    // Exported shell functions run inside every later bash.
    bool bash_func = StartsWith(name, "BASH_FUNC_");
    if ((exec_var || git_config || bash_func) && !value.empty()) {
      out->AddFinding("runner-tampering-env",
                      name +
                          " is set: it changes what later programs load "
                          "or run (value not shown).",
                      name);
      continue;
    }
    bool search_var =
        std::find(SearchPathVariables().begin(), SearchPathVariables().end(),
                  name) != SearchPathVariables().end();
    if (!search_var) continue;
    for (const auto& entry : Split(value, ':')) {
      std::string why = WritableTempReason(in, entry);
      if (why.empty()) continue;
      out->AddFinding("runner-tampering-env",
                      name + " has an entry " + why +
                          ", where any earlier step can plant code.",
                      name);
      break;
    }
  }
  out->SetConditionFromFindings("tampering-env");
}

void ProbePath(const ProbeInput& in, RunnerReport* out) {
  auto path = in.sys.GetEnv("PATH");
  if (!path) return;
  for (const auto& entry : Split(*path, ':')) {
    std::string norm = entry;
    while (norm.size() > 1 && norm.back() == '/') norm.pop_back();
    if (std::find(SystemDirs().begin(), SystemDirs().end(), norm) !=
        SystemDirs().end()) {
      break;  // Entries after the first system directory cannot shadow it.
    }
    std::string why = WritableTempReason(in, entry);
    if (why.empty()) continue;
    std::string shown =
        entry.empty() ? "(empty: the current directory)" : entry;
    out->AddFinding("runner-path-hijack",
                    "PATH entry " + shown + " (" + why +
                        ") comes before the system directories, so a file "
                        "planted there shadows system commands.",
                    shown);
  }
  out->SetConditionFromFindings("path-hijack");
}

void ProbeLdSoPreload(const ProbeInput& in, RunnerReport* out) {
  auto text = in.sys.ReadFile("/etc/ld.so.preload");
  if (text.ok()) {
    std::vector<std::string> libs;
    for (const auto& line : Split(*text, '\n')) {
      std::string_view t = Trim(line);
      if (!t.empty() && t[0] != '#') libs.emplace_back(t);
    }
    if (!libs.empty()) {
      out->AddFinding("runner-ld-so-preload",
                      "/etc/ld.so.preload loads " + Join(libs, ", ") +
                          " into every dynamically linked program.",
                      "/etc/ld.so.preload");
    }
  }
  out->SetConditionFromFindings("ld-so-preload");
}

void ProbeGitHooks(const ProbeInput& in, RunnerReport* out) {
  if (!in.workspace.empty()) {
    std::string hooks = JoinPath(in.workspace, ".git/hooks");
    if (auto names = in.sys.ListDir(hooks); names.ok()) {
      std::sort(names->begin(), names->end());
      for (const auto& n : *names) {
        if (EndsWith(n, ".sample")) continue;
        auto st = in.sys.Stat(JoinPath(hooks, n));
        if (!st || st->type != FileType::kRegular || (st->mode & 0111) == 0) {
          continue;
        }
        out->AddFinding("runner-git-hooks",
                        "Executable git hook .git/hooks/" + n +
                            " in the workspace runs on the next git command.",
                        ".git/hooks/" + n);
      }
    }
    if (in.git_config) {
      for (const auto& e : *in.git_config) {
        if (e.name == "core.hookspath" || e.name == "core.fsmonitor" ||
            e.name == "core.sshcommand") {
          if (e.name == "core.fsmonitor" &&
              (e.value == "false" || e.value == "true")) {
            continue;  // The built-in monitor runs no user command.
          }
          out->AddFinding("runner-git-hooks",
                          RedactUrlCredentials(e.name) + " is set in the " +
                              e.level +
                              " git config; git runs the command or hooks it "
                              "names.",
                          e.name);
        }
      }
    }
  }
  out->SetConditionFromFindings("git-hooks");
}

void ProbeUnsecureCommands(const ProbeInput& in, RunnerReport* out) {
  auto v = in.sys.GetEnv("ACTIONS_ALLOW_UNSECURE_COMMANDS");
  if (v && ToLower(Trim(*v)) == "true") {
    out->AddFinding("runner-unsecure-commands",
                    "ACTIONS_ALLOW_UNSECURE_COMMANDS=true: any program that "
                    "prints `::set-env` or `::add-path` changes later steps.",
                    "ACTIONS_ALLOW_UNSECURE_COMMANDS");
  }
  out->SetConditionFromFindings("unsecure-commands");
}

}  // namespace

void ProbeTampering(const ProbeInput& in, RunnerReport* out) {
  ProbeExecutionVariables(in, out);
  ProbePath(in, out);
  ProbeLdSoPreload(in, out);
  ProbeGitHooks(in, out);
  ProbeUnsecureCommands(in, out);
}

}  // namespace sg::runner
