#include "egress/config.h"

#include "base/strings.h"

namespace sg::egress {

Result<InjectedSecret> ParseInjectSecretFlag(std::string_view flag) {
  size_t eq = flag.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == flag.size()) {
    return Status::InvalidInput(
        "--inject-secret expects NAME=https://host[/path], got '" +
        std::string(flag) + "'");
  }
  InjectedSecret s;
  s.name = std::string(flag.substr(0, eq));
  s.origin = std::string(flag.substr(eq + 1));
  return s;
}

Status ApplyInjectAs(std::string_view as, InjectedSecret* secret) {
  if (as.empty() || as == "bearer") {
    secret->header = "Authorization";
    secret->bearer = true;
    return Status::Ok();
  }
  if (StartsWith(as, "header:") && as.size() > 7) {
    secret->header = std::string(as.substr(7));
    secret->bearer = false;
    return Status::Ok();
  }
  return Status::InvalidInput(
      "secret 'as' must be bearer or header:<Name>, got '" + std::string(as) +
      "'");
}

}  // namespace sg::egress
