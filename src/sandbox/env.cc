#include "sandbox/env.h"

#include <algorithm>

#include "base/strings.h"

extern char** environ;

namespace sg::sandbox {
namespace {
constexpr size_t kMinRedactedEnvValue = 8;
}  // namespace

const std::vector<std::string>& RunnerFileCommandVariables() {
  static const std::vector<std::string> kVars = {
      "GITHUB_ENV", "GITHUB_PATH", "GITHUB_OUTPUT", "GITHUB_STATE",
      "GITHUB_STEP_SUMMARY"};
  return kVars;
}

bool LooksSecretName(std::string_view name) {
  std::string upper;
  for (char c : name) upper += static_cast<char>(std::toupper(c));
  static const char* kParts[] = {
      "TOKEN",   "SECRET",     "PASSWORD",      "PASSWD",     "APIKEY",
      "API_KEY", "ACCESS_KEY", "PRIVATE_KEY",   "CREDENTIAL", "COOKIE",
      "SIGNING", "PASSPHRASE", "AUTHORIZATION", "CLIENT_KEY"};
  for (const char* p : kParts) {
    if (upper.find(p) != std::string::npos) return true;
  }
  return EndsWith(upper, "_KEY") || EndsWith(upper, "_PAT") ||
         EndsWith(upper, "_AUTH") || EndsWith(upper, "_PASS") ||
         EndsWith(upper, "_PW");
}

bool LooksSecretValue(std::string_view value) {
  static const char* kPrefixes[] = {
      "ghp_",  "gho_",  "ghs_", "ghu_",   "ghr_", "github_pat_", "sk-",
      "xoxb-", "xoxp-", "AKIA", "glpat-", "npm_", "pypi-"};
  for (const char* p : kPrefixes) {
    if (StartsWith(value, p) && value.size() >= 16) return true;
  }
  return false;
}

ScrubbedEnv ScrubEnvironment(const std::map<std::string, std::string>& from,
                             const std::vector<std::string>& pass) {
  ScrubbedEnv out;
  const auto& file_cmds = RunnerFileCommandVariables();
  for (const auto& [name, value] : from) {
    bool sensitive =
        LooksSecretName(name) || LooksSecretValue(value) ||
        StartsWith(name, "ACTIONS_") ||
        std::find(file_cmds.begin(), file_cmds.end(), name) != file_cmds.end();
    bool exact = std::find(pass.begin(), pass.end(), name) != pass.end();
    bool by_glob = false;
    for (const std::string& p : pass) {
      if (p.find_first_of("*?") != std::string::npos && GlobMatch(p, name)) {
        by_glob = true;
      }
    }
    bool passed = exact || (by_glob && !sensitive);
    if (passed) {
      out.env[name] = value;
    } else {
      out.dropped.push_back(name);
    }
    // Short values ("true", "user") would garble the log if masked.
    if ((LooksSecretName(name) || LooksSecretValue(value)) &&
        value.size() >= kMinRedactedEnvValue) {
      out.secret_values.push_back(value);
    }
  }
  return out;
}

std::map<std::string, std::string> CurrentEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view kv(*e);
    size_t eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return env;
}

}  // namespace sg::sandbox
