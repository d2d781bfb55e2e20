// Credentials in reach of whatever runs next: secret-looking variables, the
// runner's own tokens, credential files in $HOME and checkout credentials
// persisted in git configuration. Only names, paths and config keys are
// recorded; values are inspected and dropped.
#include <algorithm>

#include "base/strings.h"
#include "runner/probes.h"
#include "runner/secret_patterns.h"

namespace sg::runner {
namespace {

struct CredentialFile {
  std::string_view home_relative;
  std::string_view what;
  // Substrings (case-insensitive) of which one must appear for the file to
  // count; empty: any non-empty file counts.
  std::vector<std::string_view> markers;
};

const std::vector<CredentialFile>& CredentialFiles() {
  static const std::vector<CredentialFile> kFiles = {
      {".aws/credentials", "AWS credentials", {}},
      {".aws/sso/cache", "AWS SSO token cache", {}},
      {".config/gcloud/application_default_credentials.json",
       "Google Cloud application default credentials",
       {}},
      {".config/gcloud/credentials.db", "gcloud credential store", {}},
      {".config/gcloud/legacy_credentials", "gcloud legacy credentials", {}},
      {".azure/msal_token_cache.json", "Azure CLI token cache", {}},
      {".azure/msal_token_cache.bin", "Azure CLI token cache", {}},
      {".azure/accessTokens.json", "Azure CLI access tokens", {}},
      {".docker/config.json",
       "Docker registry credentials",
       {"\"auth\"", "identitytoken"}},
      {".npmrc", "npm registry token", {"_auth", "_password"}},
      {".pypirc", "PyPI credentials", {"password"}},
      {".netrc", "netrc login", {"password"}},
      {".git-credentials", "stored git credentials", {}},
      {".kube/config",
       "Kubernetes credentials",
       {"token:", "client-key-data", "password"}},
      {".config/gh/hosts.yml", "GitHub CLI token", {"oauth_token"}},
  };
  return kFiles;
}

bool HasMarker(std::string_view content,
               const std::vector<std::string_view>& markers) {
  if (markers.empty()) return !Trim(content).empty();
  std::string lower = ToLower(content);
  return std::any_of(markers.begin(), markers.end(), [&](std::string_view m) {
    return lower.find(ToLower(m)) != std::string::npos;
  });
}

// A directory counts when it holds at least one entry.
bool CredentialPresent(const SystemView& sys, const std::string& path,
                       const std::vector<std::string_view>& markers) {
  auto st = sys.Stat(path);
  if (!st) return false;
  if (st->type == FileType::kDirectory) {
    auto names = sys.ListDir(path);
    return names.ok() && !names->empty();
  }
  if (st->type != FileType::kRegular) return false;
  auto content = sys.ReadFile(path);
  // Present but unreadable to us: the task cannot read it either.
  return content.ok() && HasMarker(*content, markers);
}

void ProbeSecretEnv(const ProbeInput& in, RunnerReport* out) {
  for (const auto& [name, value] : in.sys.Environment()) {
    if (StartsWith(name, "ACTIONS_ID_TOKEN_REQUEST_") ||
        name == "ACTIONS_RUNTIME_TOKEN" || value.empty() ||
        MatchesAnyGlob(name, in.policy.ignore_env)) {
      continue;
    }
    std::string kind = SecretValueKind(value);
    bool by_name = IsSecretLikeName(name, in.policy.secret_env_patterns);
    if (!by_name && kind.empty()) continue;
    std::string why =
        by_name && !kind.empty()
            ? "its name looks secret and its value looks like a " + kind
        : by_name ? "its name looks secret"
                  : "its value looks like a " + kind;
    out->AddFinding("runner-secret-env",
                    "Environment variable " + name + " is in reach (" + why +
                        "); the value is not shown.",
                    name,
                    kind.empty() ? Confidence::kMedium : Confidence::kHigh);
  }
  out->SetConditionFromFindings("secrets-in-env");
}

void ProbeRunnerTokens(const ProbeInput& in, RunnerReport* out) {
  std::vector<std::string> oidc;
  for (const char* n :
       {"ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"}) {
    if (auto v = in.sys.GetEnv(n); v && !v->empty()) oidc.push_back(n);
  }
  if (!oidc.empty()) {
    out->AddFinding("runner-oidc-token-request",
                    "The job can request OIDC tokens for cloud providers (" +
                        Join(oidc, ", ") +
                        " set: the job has `id-token: write`).",
                    "ACTIONS_ID_TOKEN_REQUEST");
  }
  out->SetConditionFromFindings("oidc-token-request");
  if (auto v = in.sys.GetEnv("ACTIONS_RUNTIME_TOKEN"); v && !v->empty()) {
    out->AddFinding("runner-actions-runtime-token",
                    "ACTIONS_RUNTIME_TOKEN is set: whatever runs here can "
                    "write the Actions cache and artifacts of this run.",
                    "ACTIONS_RUNTIME_TOKEN");
  }
  out->SetConditionFromFindings("actions-runtime-token");
}

void ProbeCredentialFiles(const ProbeInput& in, RunnerReport* out) {
  auto report = [&](const std::string& path, std::string_view what,
                    const std::string& shown) {
    out->AddFinding(
        "runner-credential-file",
        std::string(what) + " readable at " + shown + " (contents not shown).",
        shown);
  };
  if (!in.home.empty()) {
    for (const auto& f : CredentialFiles()) {
      std::string path = JoinPath(in.home, f.home_relative);
      if (CredentialPresent(in.sys, path, f.markers)) {
        report(path, f.what, "~/" + std::string(f.home_relative));
      }
    }
    // Any private key under ~/.ssh, whatever its name.
    std::string ssh = JoinPath(in.home, ".ssh");
    if (auto names = in.sys.ListDir(ssh); names.ok()) {
      std::sort(names->begin(), names->end());
      for (const auto& n : *names) {
        std::string path = JoinPath(ssh, n);
        if (CredentialPresent(in.sys, path, {"PRIVATE KEY"})) {
          report(path, "SSH private key", "~/.ssh/" + n);
        }
      }
    }
  }
  // Files named by well-known variables.
  for (const char* var : {"GOOGLE_APPLICATION_CREDENTIALS",
                          "AWS_SHARED_CREDENTIALS_FILE", "KUBECONFIG"}) {
    auto v = in.sys.GetEnv(var);
    if (!v || v->empty()) continue;
    if (CredentialPresent(in.sys, *v, {})) {
      report(*v, std::string("credential file named by ") + var, *v);
    }
  }
  out->SetConditionFromFindings("credential-files");
}

// Userinfo spans ("user:password" in "scheme://user:password@host/...") of
// every URL in `s`, as (offset, length).
std::vector<std::pair<size_t, size_t>> UserinfoSpans(std::string_view s) {
  std::vector<std::pair<size_t, size_t>> spans;
  for (size_t pos = s.find("://"); pos != std::string_view::npos;
       pos = s.find("://", pos + 3)) {
    size_t begin = pos + 3;
    size_t at = s.find('@', begin);
    size_t end = s.find_first_of("/ \t", begin);
    if (at != std::string_view::npos &&
        (end == std::string_view::npos || at < end)) {
      spans.emplace_back(begin, at - begin);
    }
  }
  return spans;
}

// A URL carries a credential when its userinfo has a password, or a
// username long enough to be a token (`https://<token>@github.com`).
bool UrlHasCredential(std::string_view s) {
  for (auto [off, len] : UserinfoSpans(s)) {
    std::string_view info = s.substr(off, len);
    if (info.find(':') != std::string_view::npos || info.size() >= 20)
      return true;
  }
  return false;
}

void ProbePersistedCredentials(const ProbeInput& in, RunnerReport* out) {
  bool included_header = false;
  if (in.git_config) {
    {
      for (const auto& e : *in.git_config) {
        // Config keys can hold URLs with credentials in their subsection
        // (`url.https://x-access-token:TOKEN@github.com/.insteadof`).
        const std::string key = RedactUrlCredentials(e.name);
        std::string where = e.level + " git config" +
                            (e.include_depth > 0 ? " (an included file)" : "");
        bool header =
            StartsWith(e.name, "http.") && EndsWith(e.name, ".extraheader") &&
            ToLower(e.value).find("authorization") != std::string::npos;
        if (header) {
          included_header |= e.include_depth > 0;
          out->AddFinding("runner-persisted-credentials",
                          "Checkout credentials persisted as " + key +
                              " in the " + where +
                              " of the workspace; any process can reuse the "
                              "token (value not shown).",
                          key);
        } else if (UrlHasCredential(e.name) ||
                   ((EndsWith(e.name, ".url") ||
                     EndsWith(e.name, ".insteadof") ||
                     EndsWith(e.name, ".pushurl")) &&
                    UrlHasCredential(e.value))) {
          out->AddFinding("runner-persisted-credentials",
                          "Git setting " + key + " in the " + where +
                              " embeds a password or token in a URL "
                              "(credentials not shown).",
                          key);
        }
      }
    }
  }
  // actions/checkout keeps the credential file in $RUNNER_TEMP; it is in
  // reach even when the includeIf does not apply to this workspace.
  if (auto temp = in.sys.GetEnv("RUNNER_TEMP");
      temp && !temp->empty() && !included_header) {
    if (auto names = in.sys.ListDir(*temp); names.ok()) {
      std::sort(names->begin(), names->end());
      for (const auto& n : *names) {
        if (!StartsWith(n, "git-credentials-") || !EndsWith(n, ".config"))
          continue;
        std::string path = JoinPath(*temp, n);
        if (CredentialPresent(in.sys, path, {"extraheader"})) {
          out->AddFinding("runner-persisted-credentials",
                          "Checkout credential file " + path +
                              " is readable in RUNNER_TEMP (value not shown).",
                          "RUNNER_TEMP/git-credentials-*.config");
        }
      }
    }
  }
  out->SetConditionFromFindings("persisted-credentials");
}

}  // namespace

void ProbeCredentials(const ProbeInput& in, RunnerReport* out) {
  ProbeSecretEnv(in, out);
  ProbeRunnerTokens(in, out);
  ProbeCredentialFiles(in, out);
  ProbePersistedCredentials(in, out);
  out->SetConditionFromFindings("credentials-in-reach");
}

}  // namespace sg::runner
