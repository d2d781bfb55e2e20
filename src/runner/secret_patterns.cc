#include "runner/secret_patterns.h"

#include <cctype>

#include "base/strings.h"
#include "runner/probes.h"

namespace sg::runner {
namespace {

const std::vector<std::string>& NameGlobs() {
  static const std::vector<std::string> kGlobs = {
      "*token*",       "*secret*",      "*password*",    "*passwd*",
      "*api_key*",     "*apikey*",      "*access_key*",  "*private_key*",
      "*credential*",  "*_pat",         "*_key",         "*_auth",
      "*signing_key*", "*session_key*", "*webhook_url*",
  };
  return kGlobs;
}

// Names that point at a secret rather than holding one.
const std::vector<std::string>& PointerGlobs() {
  static const std::vector<std::string> kGlobs = {
      "*_file", "*_path",     "*_dir",  "*_url",  "*_id",       "*_name",
      "*_type", "*_endpoint", "*_host", "*_user", "*_username",
  };
  return kGlobs;
}

template <typename Pred>
bool AllOf(std::string_view s, Pred pred) {
  for (char c : s) {
    if (!pred(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

bool IsSecretLikeName(std::string_view name,
                      const std::vector<std::string>& extra_globs) {
  if (MatchesAnyGlob(name, extra_globs)) return true;
  std::string lower = ToLower(name);
  // A Slack/Discord webhook URL is itself the secret.
  if (GlobMatch("*webhook_url*", lower, true)) return true;
  if (MatchesAnyGlob(name, PointerGlobs())) return false;
  return MatchesAnyGlob(name, NameGlobs());
}

std::string SecretValueKind(std::string_view v) {
  v = Trim(v);
  auto prefixed = [&](std::string_view p, size_t min_rest) {
    return v.size() >= p.size() + min_rest && v.substr(0, p.size()) == p;
  };
  for (std::string_view p : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}) {
    if (prefixed(p, 30)) return "GitHub token";
  }
  if (prefixed("github_pat_", 30)) return "GitHub fine-grained token";
  if ((prefixed("AKIA", 16) || prefixed("ASIA", 16)) && v.size() == 20 &&
      AllOf(v, [](int c) { return std::isupper(c) || std::isdigit(c); })) {
    return "AWS access key id";
  }
  if (prefixed("xoxb-", 10) || prefixed("xoxp-", 10) || prefixed("xapp-", 10)) {
    return "Slack token";
  }
  if (prefixed("sk-ant-", 20)) return "Anthropic API key";
  if (prefixed("sk-", 20)) return "OpenAI-style API key";
  if (prefixed("glpat-", 16)) return "GitLab token";
  if (prefixed("npm_", 30)) return "npm token";
  if (prefixed("AIza", 30)) return "Google API key";
  if (v.find("-----BEGIN") != std::string_view::npos &&
      v.find("PRIVATE KEY") != std::string_view::npos) {
    return "private key";
  }
  if (prefixed("eyJ", 20)) {
    size_t dots = 0;
    for (char c : v) dots += c == '.';
    if (dots == 2) return "JSON web token";
  }
  return "";
}

}  // namespace sg::runner
