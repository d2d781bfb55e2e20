#include "audit/bot_conditions.h"

#include <algorithm>
#include <cmath>

#include "audit/if_conditions.h"
#include "base/strings.h"
#include "model/expr/eval.h"
#include "model/expr/number.h"

namespace sg::audit {

const RuleInfo& BotConditions::info() const {
  static const RuleInfo kInfo{
      "bot-conditions", Severity::kHigh,
      "job or step gated on a spoofable bot actor check"};
  return kInfo;
}

namespace {

// Events whose actor an outsider can influence (by commenting, opening a
// pull request, or asking a bot to act on their branch). zizmor's list, plus
// workflow_run: its actor is the triggering run's, which a fork's pull
// request (updated by a bot at the attacker's request) controls.
constexpr std::string_view kRelevantEvents[] = {"issue_comment",
                                                "discussion_comment",
                                                "pull_request_review",
                                                "pull_request_review_comment",
                                                "issues",
                                                "discussion",
                                                "pull_request",
                                                "pull_request_target",
                                                "workflow_run",
                                                "release",
                                                "create",
                                                "delete",
                                                "push",
                                                "milestone",
                                                "label",
                                                "project",
                                                "fork",
                                                "watch",
                                                "public"};

// Contexts naming the actor of the current event (spoofable as above).
constexpr std::string_view kActorNameContexts[] = {
    "github.actor", "github.triggering_actor",
    "github.event.pull_request.sender.login", "github.event.sender.login"};
constexpr std::string_view kActorIdContexts[] = {
    "github.actor_id", "github.event.pull_request.sender.id",
    "github.event.sender.id"};

// Account and integration ids of well-known bots (ids have no `[bot]`
// suffix to recognise them by). Integration ids are included because users
// confuse the two. Source: api.github.com/users/<login> for each account.
constexpr std::string_view kBotIds[] = {
    "29110",     // dependabot (GitHub App id)
    "49699333",  // dependabot[bot]
    "27856297",  // dependabot-preview[bot]
    "29139614",  // renovate[bot]
    "41898282",  // github-actions[bot]
};

bool IsIn(std::string_view s, const auto& list) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

// The text a literal compares as (GitHub compares numbers and strings
// loosely; ids are written both ways).
std::optional<std::string> LiteralText(const expr::Node& n) {
  if (n.kind == expr::NodeKind::kString) return n.text;
  if (n.kind == expr::NodeKind::kNumber && std::isfinite(n.number))
    return expr::FormatNumber(n.number);
  return std::nullopt;
}

bool IsBotLiteral(const std::string& ctx_path, const std::string& literal) {
  if (IsIn(ctx_path, kActorNameContexts))
    return EndsWith(ToLower(literal), "[bot]");
  if (IsIn(ctx_path, kActorIdContexts)) return IsIn(literal, kBotIds);
  return false;
}

// `ctx == 'x[bot]'` (either order), or `contains(<constant list>, ctx)`
// whose list names a bot.
bool IsBotCheck(const expr::Node& n) {
  if (n.kind == expr::NodeKind::kCompare && n.op == expr::CompareOp::kEq) {
    for (int i = 0; i < 2; ++i) {
      auto path = ContextPath(n.child(i));
      auto lit = LiteralText(n.child(1 - i));
      if (path && lit && IsBotLiteral(*path, *lit)) return true;
    }
    return false;
  }
  if (n.kind == expr::NodeKind::kCall && ToLower(n.text) == "contains" &&
      n.children.size() == 2) {
    auto path = ContextPath(n.child(1));
    if (!path) return false;
    auto haystack = expr::FoldConstant(n.child(0));
    if (!haystack || !haystack->is_array()) return false;
    for (const expr::Value& v : haystack->array()) {
      if (v.is_primitive() && IsBotLiteral(*path, v.ToString())) return true;
    }
  }
  return false;
}

// `github.event.pull_request.user.login == 'x[bot]'` and the like: who
// authored the pull request, issue, comment or review, which the event's
// actor cannot change.
bool IsAuthorBotCheck(const expr::Node& n) {
  if (n.kind != expr::NodeKind::kCompare || n.op != expr::CompareOp::kEq)
    return false;
  for (int i = 0; i < 2; ++i) {
    auto path = ContextPath(n.child(i));
    auto lit = LiteralText(n.child(1 - i));
    if (!path || !lit || !EndsWith(ToLower(*lit), "[bot]")) continue;
    for (std::string_view author :
         {"github.event.pull_request.user.login",
          "github.event.issue.user.login", "github.event.comment.user.login",
          "github.event.review.user.login"})
      if (*path == author) return true;
  }
  return false;
}

struct Walked {
  const expr::Node* check = nullptr;  // first bot check found
  bool dominating = false;            // it alone decides the condition
};

// A bot check "dominates" when its truth alone makes the condition true:
// `bot || x` does, `bot && x`, `!bot` or `f(bot)` do not.
Walked Walk(const expr::Node& n, bool dominating) {
  if (IsBotCheck(n)) return {&n, dominating};
  switch (n.kind) {
    case expr::NodeKind::kAnd:
      // `actor == 'bot[bot]' && pull_request.user.login == 'bot[bot]'`: the
      // author check already decides, the actor check adds nothing.
      for (const auto& c : n.children)
        if (IsAuthorBotCheck(*c)) return {};
      for (const auto& c : n.children) {
        Walked cw = Walk(*c, false);
        if (cw.check) return cw;
      }
      return {};
    case expr::NodeKind::kOr: {
      Walked w;
      for (const auto& c : n.children) {
        Walked cw = Walk(*c, dominating);
        if (cw.check && !w.check) w = cw;
      }
      return w;
    }
    case expr::NodeKind::kCompare:
      if (n.op == expr::CompareOp::kEq) {
        Walked l = Walk(n.child(0), dominating);
        return l.check ? l : Walk(n.child(1), dominating);
      }
      [[fallthrough]];
    default: {
      for (const auto& c : n.children) {
        Walked cw = Walk(*c, false);
        if (cw.check) return cw;
      }
      return {};
    }
  }
}

}  // namespace

void BotConditions::CheckJob(const model::Workflow& wf, const model::Job& job,
                             AuditContext& ctx) {
  std::string event;
  for (const model::Trigger& t : wf.on.events) {
    if (IsIn(t.event, kRelevantEvents)) {
      event = t.event;
      break;
    }
  }
  if (event.empty()) return;
  for (const ConditionSite& site : JobConditions(job)) {
    for (const ConditionExpr& e : ConditionExpressions(*site.cond)) {
      Walked w = Walk(*e.root, true);
      if (!w.check) continue;
      const size_t begin = e.offset + w.check->offset;
      const std::string check(e.text.substr(w.check->offset, w.check->length));
      ctx.Report(
          ctx.New(info())
              .Confidence(w.dominating ? Confidence::kHigh
                                       : Confidence::kMedium)
              .Message("`" + check +
                       "` trusts the actor of the event, which an outsider can "
                       "make a bot be (for example by asking the bot to rebase "
                       "or recreate a "
                       "pull request), so this " +
                       (site.job_level ? "job" : "step") +
                       " can run for untrusted changes")
              .At(ctx.AtValue(site.cond->node, begin, begin + w.check->length,
                              site.route))
              .Remediation("Check who authored the change rather than who "
                           "triggered the event: "
                           "`github.event.pull_request.user.login == "
                           "'dependabot[bot]'` (and, for "
                           "Dependabot, use dependabot/fetch-metadata), or run "
                           "the job on "
                           "`pull_request` without secrets.")
              .Snippet(check)
              .Build());
    }
  }
}

}  // namespace sg::audit
