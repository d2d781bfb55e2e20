#include "github/token.h"

#include <string.h>

#include <cctype>
#include <utility>

#include "base/strings.h"

namespace sg::github {
namespace {

constexpr std::string_view kRedacted = "[REDACTED]";

void Wipe(std::string& s) {
  if (!s.empty()) explicit_bzero(s.data(), s.size());
  s.clear();
}

bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Length of a token-shaped run starting at `pos`, or 0.
size_t TokenShapeAt(std::string_view text, size_t pos) {
  static constexpr std::string_view kPrefixes[] = {
      "github_pat_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_"};
  if (pos > 0 && IsTokenChar(text[pos - 1])) return 0;
  for (std::string_view p : kPrefixes) {
    if (text.substr(pos, p.size()) != p) continue;
    size_t end = pos + p.size();
    while (end < text.size() && IsTokenChar(text[end])) ++end;
    // Real tokens carry 36+ characters after the prefix; 16 is a safe floor
    // that still leaves ordinary words such as "ghs_docs" alone.
    if (end - pos - p.size() >= 16) return end - pos;
  }
  return 0;
}

}  // namespace

std::string_view TokenKindName(TokenKind k) {
  switch (k) {
    case TokenKind::kNone:
      return "none";
    case TokenKind::kClassicPat:
      return "classic-pat";
    case TokenKind::kFineGrainedPat:
      return "fine-grained-pat";
    case TokenKind::kOAuthApp:
      return "oauth-app";
    case TokenKind::kUserToServer:
      return "github-app-user";
    case TokenKind::kInstallation:
      return "github-app-installation";
    case TokenKind::kRefresh:
      return "github-app-refresh";
    case TokenKind::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::string_view TokenKindImplication(TokenKind k) {
  switch (k) {
    case TokenKind::kNone:
      return "no token: only public data can be read";
    case TokenKind::kClassicPat:
      return "classic personal access token: acts as the user on every "
             "repository the user can reach, limited only by OAuth scopes";
    case TokenKind::kFineGrainedPat:
      return "fine-grained personal access token: limited to selected "
             "repositories and permissions, which the API does not disclose";
    case TokenKind::kOAuthApp:
      return "OAuth app token: acts as the user, limited by OAuth scopes";
    case TokenKind::kUserToServer:
      return "GitHub App user token: the intersection of the app's and the "
             "user's permissions";
    case TokenKind::kInstallation:
      return "GitHub App installation token (GITHUB_TOKEN is one): "
             "permissions fixed at creation, expires within an hour";
    case TokenKind::kRefresh:
      return "GitHub App refresh token: not an API credential, exchanges for "
             "user tokens for months; must not be present in a job";
    case TokenKind::kUnknown:
      return "unrecognised format (legacy 40-hex token or not a GitHub token)";
  }
  return "";
}

TokenKind ClassifyTokenPrefix(std::string_view s) {
  if (s.empty()) return TokenKind::kNone;
  if (s.rfind("github_pat_", 0) == 0) return TokenKind::kFineGrainedPat;
  if (s.rfind("ghp_", 0) == 0) return TokenKind::kClassicPat;
  if (s.rfind("gho_", 0) == 0) return TokenKind::kOAuthApp;
  if (s.rfind("ghu_", 0) == 0) return TokenKind::kUserToServer;
  if (s.rfind("ghs_", 0) == 0) return TokenKind::kInstallation;
  if (s.rfind("ghr_", 0) == 0) return TokenKind::kRefresh;
  return TokenKind::kUnknown;
}

Token::Token(std::string secret)
    : secret_(std::move(secret)), kind_(ClassifyTokenPrefix(secret_)) {}

Token::Token(Token&& other) noexcept
    : secret_(other.secret_), kind_(other.kind_) {
  Wipe(other.secret_);
  other.kind_ = TokenKind::kNone;
}

Token& Token::operator=(Token&& other) noexcept {
  if (this != &other) {
    Wipe(secret_);
    secret_ = other.secret_;
    kind_ = other.kind_;
    Wipe(other.secret_);
    other.kind_ = TokenKind::kNone;
  }
  return *this;
}

Token::~Token() { Wipe(secret_); }

std::string Token::Describe() const {
  if (empty()) return "none";
  return std::string(TokenKindName(kind_)) + " (" +
         std::to_string(secret_.size()) + " chars)";
}

std::string Token::Scrub(std::string_view text) const {
  std::string out;
  if (secret_.size() >= 4) {
    out.reserve(text.size());
    size_t pos = 0;
    while (true) {
      size_t hit = text.find(secret_, pos);
      if (hit == std::string_view::npos) break;
      out.append(text.substr(pos, hit - pos));
      out.append(kRedacted);
      pos = hit + secret_.size();
    }
    out.append(text.substr(pos));
  } else {
    out.assign(text);
  }
  return ScrubTokenShapes(out);
}

std::string Token::CachePartition() const {
  if (empty()) return "anonymous";
  // Salted so the label cannot be matched against other FNV uses.
  return Hex64(Fnv1a64(secret_, 0x73746570677561ULL));
}

std::string ScrubTokenShapes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t n = TokenShapeAt(text, i);
    if (n > 0) {
      out.append(kRedacted);
      i += n;
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

}  // namespace sg::github
