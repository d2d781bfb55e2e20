// Token: a GitHub credential that cannot be printed, streamed or formatted.
//
// The secret is reachable only by the transport that puts it into the
// Authorization header (friend CurlTransport). Everything else sees the kind
// (from the documented prefix) and a redacted description. Scrub() removes
// the secret, and anything shaped like a GitHub token, from text before the
// text can reach a log, an error message or a report.
#ifndef STEPGUARD_GITHUB_TOKEN_H_
#define STEPGUARD_GITHUB_TOKEN_H_

#include <iosfwd>
#include <string>
#include <string_view>

namespace sg::github {

// Token kinds by documented prefix
// (https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/).
enum class TokenKind {
  kNone,            // no token at all
  kClassicPat,      // ghp_: classic personal access token, OAuth scopes
  kFineGrainedPat,  // github_pat_: fine-grained PAT, per-repo permissions
  kOAuthApp,        // gho_: OAuth app user token, OAuth scopes
  kUserToServer,    // ghu_: GitHub App user-to-server token
  kInstallation,    // ghs_: GitHub App installation token (GITHUB_TOKEN too)
  kRefresh,         // ghr_: GitHub App refresh token (not an API credential)
  kUnknown,         // legacy 40-hex or foreign format
};

// Stable kebab-case name, e.g. "classic-pat".
std::string_view TokenKindName(TokenKind k);
// One-line explanation of what the kind implies for introspection.
std::string_view TokenKindImplication(TokenKind k);
TokenKind ClassifyTokenPrefix(std::string_view secret);

class Token {
 public:
  Token() = default;
  explicit Token(std::string secret);
  Token(const Token&) = default;
  Token& operator=(const Token&) = default;
  Token(Token&& other) noexcept;
  Token& operator=(Token&& other) noexcept;
  // Overwrites the secret's bytes before releasing them.
  ~Token();

  bool empty() const { return secret_.empty(); }
  TokenKind kind() const { return kind_; }
  // e.g. "classic-pat (40 chars)": never any character of the secret.
  std::string Describe() const;
  // Returns `text` with every occurrence of this secret, and every
  // substring shaped like a GitHub token, replaced by "[REDACTED]".
  std::string Scrub(std::string_view text) const;
  // A stable, non-reversible label of the secret (64-bit hash) so that
  // cached responses of one credential are never served to another.
  std::string CachePartition() const;

  // Printing is a compile error by design.
  friend std::ostream& operator<<(std::ostream&, const Token&) = delete;

 private:
  friend class CurlTransport;
  std::string_view secret() const { return secret_; }

  std::string secret_;
  TokenKind kind_ = TokenKind::kNone;
};

// Replaces substrings shaped like GitHub tokens (gh[pousr]_..., github_pat_...)
// with "[REDACTED]". Used on every error message and on anything echoed back
// from a server, token or not.
std::string ScrubTokenShapes(std::string_view text);

}  // namespace sg::github

#endif  // STEPGUARD_GITHUB_TOKEN_H_
