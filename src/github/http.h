// Plain HTTP exchange types shared by the transport and the client.
#ifndef STEPGUARD_GITHUB_HTTP_H_
#define STEPGUARD_GITHUB_HTTP_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sg::github {

class Token;

// Response or request headers; names are stored lower-cased, order kept.
class Headers {
 public:
  void Add(std::string_view name, std::string_view value);
  // Replaces every header named `name`.
  void Set(std::string_view name, std::string_view value);
  void Remove(std::string_view name);
  // First value of `name` (case-insensitive), if present.
  std::optional<std::string> Get(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  const std::vector<std::pair<std::string, std::string>>& entries() const {
    return entries_;
  }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // absolute
  Headers headers;  // never carries the Authorization header
  std::string body;
  // When set, the transport adds "Authorization: Bearer <secret>". The
  // secret therefore never sits in `headers`, which may be logged.
  const Token* token = nullptr;
};

struct HttpResponse {
  long status = 0;
  Headers headers;
  std::string body;
};

// Parses an RFC 8288 Link header into rel -> URL
// (`<https://...&page=2>; rel="next", <...>; rel="last"`).
std::map<std::string, std::string> ParseLinkHeader(std::string_view value);

// "scheme://host[:port]" of an absolute URL, lower-cased; empty if invalid.
std::string UrlOrigin(std::string_view url);

// Resolves `location` (absolute, or absolute-path) against `base_url`.
std::string ResolveUrl(std::string_view base_url, std::string_view location);

// Path plus query of an absolute URL ("/repos/a/b?x=1"), for messages.
std::string UrlPathAndQuery(std::string_view url);

}  // namespace sg::github

#endif  // STEPGUARD_GITHUB_HTTP_H_
