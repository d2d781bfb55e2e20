#include "audit/typosquat_uses.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "audit/util.h"
#include "base/strings.h"

namespace sg::audit {

namespace {

// Widely used actions, lower-case. Source: the most-referenced actions in
// public workflows and GitHub Marketplace "most used" listings (2025),
// plus the actions of ecosystems' official setup tooling. Being listed here
// is no endorsement; it means a look-alike name is suspicious. Keep sorted.
constexpr std::string_view kPopular[] = {
    "actions/attest-build-provenance",
    "actions/cache",
    "actions/checkout",
    "actions/configure-pages",
    "actions/create-github-app-token",
    "actions/dependency-review-action",
    "actions/deploy-pages",
    "actions/download-artifact",
    "actions/github-script",
    "actions/labeler",
    "actions/setup-dotnet",
    "actions/setup-go",
    "actions/setup-java",
    "actions/setup-node",
    "actions/setup-python",
    "actions/stale",
    "actions/upload-artifact",
    "actions/upload-pages-artifact",
    "amannn/action-semantic-pull-request",
    "appleboy/ssh-action",
    "astral-sh/setup-uv",
    "aws-actions/amazon-ecr-login",
    "aws-actions/configure-aws-credentials",
    "azure/login",
    "azure/setup-helm",
    "azure/setup-kubectl",
    "azure/webapps-deploy",
    "cachix/install-nix-action",
    "changesets/action",
    "codecov/codecov-action",
    "conda-incubator/setup-miniconda",
    "crazy-max/ghaction-import-gpg",
    "cypress-io/github-action",
    "dependabot/fetch-metadata",
    "docker/build-push-action",
    "docker/login-action",
    "docker/metadata-action",
    "docker/setup-buildx-action",
    "docker/setup-qemu-action",
    "dorny/paths-filter",
    "dtolnay/rust-toolchain",
    "easingthemes/ssh-deploy",
    "enricomi/publish-unit-test-result-action",
    "github/codeql-action",
    "golangci/golangci-lint-action",
    "google-github-actions/auth",
    "google-github-actions/setup-gcloud",
    "googleapis/release-please-action",
    "goreleaser/goreleaser-action",
    "gradle/actions",
    "hashicorp/setup-terraform",
    "helm/kind-action",
    "jamesives/github-pages-deploy-action",
    "mikepenz/action-junit-report",
    "nick-fields/retry",
    "ossf/scorecard-action",
    "oven-sh/setup-bun",
    "peaceiris/actions-gh-pages",
    "peter-evans/create-or-update-comment",
    "peter-evans/create-pull-request",
    "pnpm/action-setup",
    "pre-commit/action",
    "pypa/gh-action-pypi-publish",
    "release-drafter/release-drafter",
    "ruby/setup-ruby",
    "shivammathur/setup-php",
    "sigstore/cosign-installer",
    "slackapi/slack-github-action",
    "softprops/action-gh-release",
    "step-security/harden-runner",
    "stefanzweifel/git-auto-commit-action",
    "subosito/flutter-action",
    "swatinem/rust-cache",
    "taiki-e/install-action",
    "tj-actions/changed-files",
};

// Keys next to each other on a QWERTY keyboard, and look-alike characters.
bool Adjacent(char a, char b) {
  static const char* kRows[] = {"1234567890-", "qwertyuiop", "asdfghjkl",
                                "zxcvbnm"};
  auto pos = [](char c, int* row, int* col) {
    for (int r = 0; r < 4; ++r)
      if (const char* p = std::strchr(kRows[r], c); p && c) {
        *row = r;
        *col = static_cast<int>(p - kRows[r]);
        return true;
      }
    return false;
  };
  static const char* kLookAlike[] = {"l1", "li", "o0", "-_", "-.", "_."};
  for (const char* pair : kLookAlike)
    if ((a == pair[0] && b == pair[1]) || (a == pair[1] && b == pair[0]))
      return true;
  int ra, ca, rb, cb;
  if (!pos(a, &ra, &ca) || !pos(b, &rb, &cb)) return false;
  return std::abs(ra - rb) <= 1 && std::abs(ca - cb) <= 1 && a != b;
}

// One typing slip turns `p` into `c`: a character left out, doubled,
// swapped with its neighbour, replaced by an adjacent or look-alike one, or
// `m`/`w` written as `rn`/`vv`.
bool OneSlip(std::string_view c, std::string_view p) {
  if (c == p) return false;
  size_t i = 0;
  while (i < c.size() && i < p.size() && c[i] == p[i]) ++i;
  if (c.size() + 1 == p.size())
    return c.substr(i) == p.substr(i + 1);  // omitted
  if (c.size() == p.size() + 1) {
    if (c.substr(i + 1) != p.substr(i)) {
      // `rn` for `m`, `vv` for `w`.
      return i < p.size() && c.substr(i + 2) == p.substr(i + 1) &&
             ((p[i] == 'm' && c.substr(i, 2) == "rn") ||
              (p[i] == 'w' && c.substr(i, 2) == "vv"));
    }
    return (i > 0 && c[i] == c[i - 1]) ||
           (i + 1 < c.size() && c[i] == c[i + 1]);  // doubled
  }
  if (c.size() != p.size()) return false;
  if (i + 1 < c.size() && c[i] == p[i + 1] && c[i + 1] == p[i] &&
      c.substr(i + 2) == p.substr(i + 2))
    return true;  // swapped neighbours
  return Adjacent(c[i], p[i]) && c.substr(i + 1) == p.substr(i + 1);
}

std::vector<std::string> Words(std::string_view slug) {
  std::vector<std::string> words;
  std::string cur;
  for (char ch : slug) {
    if (ch == '-' || ch == '_' || ch == '/') {
      words.push_back(cur);
      cur.clear();
    } else {
      cur += ch;
    }
  }
  words.push_back(cur);
  std::sort(words.begin(), words.end());
  return words;
}

std::string_view Owner(std::string_view slug) {
  return slug.substr(0, slug.find('/'));
}

}  // namespace

std::optional<std::string> TyposquatOf(std::string_view slug) {
  for (std::string_view p : kPopular)
    if (p == slug) return std::nullopt;
  for (std::string_view p : kPopular) {
    // A popular owner's other repositories are its own, not squats.
    if (Owner(p) == Owner(slug)) continue;
    if (OneSlip(slug, p) ||
        (slug.size() == p.size() && Words(slug) == Words(p)))
      return std::string(p);
  }
  return std::nullopt;
}

const RuleInfo& TyposquatUses::info() const {
  static const RuleInfo kInfo{"typosquat-uses", Severity::kHigh,
                              "`uses:` names a look-alike of a popular action"};
  return kInfo;
}

namespace {

void Check(const model::Str& uses, const std::string& route,
           const RuleInfo& rule, AuditContext& ctx) {
  if (!uses.node || uses.value.find("${{") != std::string::npos) return;
  UsesRef r = ParseUses(uses.value);
  if (r.kind != UsesRef::Kind::kRepository) return;
  auto popular = TyposquatOf(ToLower(r.slug()));
  if (!popular) return;
  ctx.Report(
      ctx.New(rule)
          .Confidence(Confidence::kLow)
          .Message(
              "`" + r.slug() + "` is one typo away from the popular `" +
              *popular +
              "` but belongs to another owner; typosquatted actions run the "
              "attacker's code with the job's token")
          .At(ctx.AtValue(uses.node, 0, r.slug().size(), route))
          .Remediation("Check that `" + r.slug() +
                       "` is the action you meant; if not, use `" + *popular +
                       "` pinned to a commit SHA.")
          .Snippet(uses.value)
          .Build());
}

}  // namespace

void TyposquatUses::CheckUsesRef(const model::Str& uses,
                                 const std::string& route, AuditContext& ctx) {
  Check(uses, route, info(), ctx);
}

}  // namespace sg::audit
