#include "github/api.h"

#include <ctime>
#include <nlohmann/json.hpp>

#include "base/strings.h"

namespace sg::github {
namespace {

using json = nlohmann::json;

std::optional<json> ParseJson(const std::string& body) {
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  // Howard Hinnant's days_from_civil: no timezone database needed.
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

}  // namespace

std::vector<std::string> ParseOAuthScopes(std::string_view header) {
  std::vector<std::string> out;
  for (const std::string& part : Split(header, ',')) {
    std::string_view s = Trim(part);
    if (!s.empty()) out.emplace_back(s);
  }
  return out;
}

std::optional<int64_t> ParseTokenExpiration(std::string_view value) {
  std::string v(Trim(value));
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char tz[16] = {0};
  int n = std::sscanf(v.c_str(), "%4d-%2d-%2d %2d:%2d:%2d %15s", &y, &mo, &d,
                      &h, &mi, &s, tz);
  if (n < 6 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
      s > 60) {
    return std::nullopt;
  }
  int64_t epoch =
      DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) *
          86400 +
      h * 3600 + mi * 60 + s;
  std::string zone = n == 7 ? tz : "UTC";
  if (zone == "UTC" || zone == "GMT" || zone == "Z") return epoch;
  if ((zone[0] == '+' || zone[0] == '-') && zone.size() == 5) {
    int hh = std::atoi(zone.substr(1, 2).c_str());
    int mm = std::atoi(zone.substr(3, 2).c_str());
    int64_t offset = hh * 3600 + mm * 60;
    // Local time = UTC + offset, so UTC = local - offset.
    return zone[0] == '+' ? epoch - offset : epoch + offset;
  }
  return std::nullopt;
}

Status StatusForAnswer(const Client& client, const std::string& what,
                       const ApiResponse& r) {
  std::string msg = what + ": " + client.DescribeError(r);
  if (auto accepted = r.headers.Get("x-accepted-github-permissions")) {
    msg += " (needs " + *accepted + ")";
  } else if (auto scopes = r.headers.Get("x-accepted-oauth-scopes");
             scopes && !scopes->empty()) {
    msg += " (needs OAuth scope " + *scopes + ")";
  }
  msg = client.Scrub(msg);
  if (r.status == 404) return Status::NotFound(msg);
  if (r.status == 401 || r.status == 403) return Status::Permission(msg);
  return Status::Unavailable(msg);
}

Result<TokenIntrospection> IntrospectToken(Client& client) {
  bool installation = client.token().kind() == TokenKind::kInstallation;
  std::string path =
      installation ? "/installation/repositories?per_page=1" : "/user";
  Result<ApiResponse> r = client.Get(path);
  if (!r.ok()) return r.status();
  TokenIntrospection out;
  out.http_status = r->status;
  if (r->status == 401) {
    out.rejection = client.DescribeError(*r);
    return out;
  }
  out.accepted = true;
  if (auto scopes = r->headers.Get("x-oauth-scopes")) {
    out.oauth_scopes = ParseOAuthScopes(*scopes);
  }
  if (auto exp = r->headers.Get("github-authentication-token-expiration")) {
    out.expiration_raw = *exp;
    out.expires_at = ParseTokenExpiration(*exp);
  }
  if (r->status >= 200 && r->status < 300) {
    if (auto j = ParseJson(r->body); j && j->is_object()) {
      if (installation && (*j)["total_count"].is_number_integer()) {
        out.installation_repositories = (*j)["total_count"].get<int64_t>();
      }
      if (!installation && (*j)["login"].is_string()) {
        out.login = (*j)["login"].get<std::string>();
      }
    } else {
      return Status::Unavailable("GET " + path + ": invalid JSON from GitHub");
    }
  }
  return out;
}

Result<std::string> GetDefaultWorkflowPermissions(Client& client,
                                                  const std::string& owner,
                                                  const std::string& repo) {
  std::string path = repo.empty() ? "/orgs/" + EncodePathSegment(owner) +
                                        "/actions/permissions/workflow"
                                  : "/repos/" + EncodePathSegment(owner) + "/" +
                                        EncodePathSegment(repo) +
                                        "/actions/permissions/workflow";
  Result<ApiResponse> r = client.Get(path);
  if (!r.ok()) return r.status();
  if (r->status != 200) return StatusForAnswer(client, "GET " + path, *r);
  auto j = ParseJson(r->body);
  if (!j || !j->is_object() ||
      !(*j)["default_workflow_permissions"].is_string()) {
    return Status::Unavailable("GET " + path +
                               ": unexpected answer (invalid JSON)");
  }
  std::string level = (*j)["default_workflow_permissions"].get<std::string>();
  if (level != "read" && level != "write") {
    return Status::Unavailable("GET " + path + ": unknown level '" + level +
                               "'");
  }
  return level;
}

Result<std::string> GetFileContent(Client& client, const std::string& owner,
                                   const std::string& repo,
                                   const std::string& path,
                                   const std::string& ref) {
  std::string url = "/repos/" + EncodePathSegment(owner) + "/" +
                    EncodePathSegment(repo) + "/contents/" +
                    EncodePathSegment(path, /*keep_slash=*/true);
  if (!ref.empty()) url += "?ref=" + EncodePathSegment(ref);
  Result<ApiResponse> r = client.Get(url);
  if (!r.ok()) return r.status();
  if (r->status != 200) return StatusForAnswer(client, "GET " + url, *r);
  auto j = ParseJson(r->body);
  if (!j || !j->is_object() || !(*j)["content"].is_string() ||
      j->value("encoding", "") != "base64") {
    return Status::Unavailable("GET " + url + ": not a file (invalid JSON)");
  }
  auto decoded = DecodeBase64((*j)["content"].get<std::string>());
  if (!decoded) return Status::Unavailable("GET " + url + ": bad base64");
  return *decoded;
}

std::optional<std::string> DecodeBase64(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '\n' || c == '\r' || c == ' ') continue;
    if (c == '=') break;
    int v = value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

std::string EncodePathSegment(std::string_view s, bool keep_slash) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace sg::github
