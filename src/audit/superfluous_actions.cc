#include "audit/superfluous_actions.h"

#include "audit/util.h"
#include "base/strings.h"

namespace sg::audit {

namespace {

struct Superfluous {
  std::string_view slug;  // owner/repo, lower-case
  const char* instead;
  Persona persona;  // lowest persona that is shown this entry
};

// Actions whose whole job is a single command of a tool preinstalled on
// GitHub's runner images (gh, docker, rustup/cargo; see the images'
// software lists at github.com/actions/runner-images).
constexpr Superfluous kSuperfluous[] = {
    {"addnab/docker-run-action",
     "`docker run` in a run step, or a container job", Persona::kRegular},
    {"dtolnay/rust-toolchain", "`rustup` and `cargo` in a run step",
     Persona::kRegular},
    {"elgohr/github-release-action", "`gh release create` in a run step",
     Persona::kRegular},
    {"ncipollo/release-action", "`gh release create` in a run step",
     Persona::kRegular},
    {"peter-evans/create-or-update-comment",
     "`gh pr comment` or `gh issue comment` in a run step", Persona::kRegular},
    // Creating a pull request with git and gh takes several commands.
    {"peter-evans/create-pull-request",
     "`git` and `gh pr create` in a run step", Persona::kPedantic},
    {"softprops/action-gh-release", "`gh release create` in a run step",
     Persona::kRegular},
};

}  // namespace

const RuleInfo& SuperfluousActions::info() const {
  static const RuleInfo kInfo{"superfluous-actions", Severity::kLow,
                              "action duplicates a tool already on the runner"};
  return kInfo;
}

void SuperfluousActions::CheckStep(const StepSite& site, AuditContext& ctx) {
  const model::Step& step = *site.step;
  if (!step.uses.present() || step.uses.value.find("${{") != std::string::npos)
    return;
  UsesRef r = ParseUses(step.uses.value);
  if (r.kind != UsesRef::Kind::kRepository) return;
  const std::string slug = ToLower(r.slug());
  for (const Superfluous& s : kSuperfluous) {
    if (slug != s.slug || s.persona > ctx.persona()) continue;
    ctx.Report(ctx.New(info())
                   .Confidence(Confidence::kHigh)
                   .Message("`" + r.slug() +
                            "` runs third-party code with the job's token for "
                            "something the "
                            "runner already does")
                   .At(ctx.AtValue(step.uses.node, 0, r.slug().size(),
                                   site.route + ".uses"))
                   .Remediation(std::string("Use ") + s.instead + ".")
                   .Snippet(step.uses.value)
                   .Build());
  }
}

}  // namespace sg::audit
