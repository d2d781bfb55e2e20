#include "policy/policy.h"

namespace sg::policy {

std::string_view DefaultPolicyText() {
  static constexpr std::string_view kText =
      R"(# stepguard policy (https://github.com/stepguard/stepguard/blob/main/docs/policy.md)
# This is the embedded default: strict where the risk is established, quiet
# where it is taste. Commit it as .github/stepguard.yml and adjust.
version: 1

# Fail the check when an unsuppressed finding is at or above this severity:
# none | low | medium | high.
fail-on: high

workflows:
  # Audits to show: regular (default), pedantic (adds style-level audits) or
  # auditor (everything, including low-confidence findings).
  persona: regular
  rules:
    # Every action and reusable workflow must be pinned to a full commit SHA:
    # tags and branches are mutable (the tj-actions compromise moved every tag).
    unpinned-uses:
      config:
        policies:
          "*": hash-pin
  # Findings to ignore, each with a reason:
  # ignore:
  #   - {rule: dangerous-triggers, path: .github/workflows/label.yml, reason: "labeler only"}
  ignore: []

token:
  max-permissions:
    default: {}
  forbidden-scopes:
    - delete_repo
    - admin:org
    - admin:enterprise
    - admin:org_hook
    - admin:repo_hook
    - admin:public_key
    - admin:gpg_key
    - site_admin
    - workflow
  max-lifetime-days: 90

runner:
  require: []
  forbid: []

sandbox:
  network:
    allow: []
  filesystem:
    writable: ["."]
    hidden:
      - ~/.ssh
      - ~/.aws
      - ~/.config/gcloud
      - ~/.azure
      - ~/.docker
      - ~/.npmrc
      - ~/.pypirc
      - ~/.netrc
      - ~/.git-credentials
      - $RUNNER_TEMP
    protected:
      - .git/hooks/**
      - .git/config
      - .git/config.worktree
      - .git/modules/*/hooks/**
      - .git/modules/*/config
      - .github/workflows/**
      - .github/actions/**
      - .github/stepguard.yml
  env:
    pass: [PATH, HOME, LANG, "LC_*", TERM, TZ, USER, CI]
  limits:
    timeout: 60m
    pids: 4096

report:
  summary: true
  pr-comment: on-findings
  check-run: false
)";
  return kText;
}

Policy DefaultPolicy() {
  Diagnostics diags;
  LoadOptions options;
  options.overlay_on_default = false;
  auto p = ParsePolicy("embedded default", std::string(DefaultPolicyText()),
                       &diags, options);
  // The embedded text is tested; a failure here is a build defect.
  if (!p.ok()) return Policy{};
  Policy out = std::move(p).value();
  out.source = "embedded default";
  return out;
}

}  // namespace sg::policy
