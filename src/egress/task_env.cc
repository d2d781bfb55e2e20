#include "egress/task_env.h"

#include "base/strings.h"

namespace sg::egress {

std::string BaseUrlVariable(const std::string& secret_name) {
  constexpr std::string_view kKey = "_API_KEY";
  if (EndsWith(secret_name, kKey) && secret_name.size() > kKey.size()) {
    return secret_name.substr(0, secret_name.size() - kKey.size()) +
           "_BASE_URL";
  }
  return secret_name + "_BASE_URL";
}

std::string InjectBaseUrl(uint16_t port, const InjectedSecret& secret) {
  return "http://127.0.0.1:" + std::to_string(port) +
         std::string(kInjectPathPrefix) + secret.name;
}

std::vector<std::pair<std::string, std::string>> TaskEnvironment(
    const Config& config, uint16_t port) {
  std::string proxy = "http://127.0.0.1:" + std::to_string(port);
  // Loopback stays direct: inside the task's namespace only the proxy
  // listens there, and credential-injection URLs point at it.
  std::string no_proxy = "localhost,127.0.0.1,::1";
  std::vector<std::pair<std::string, std::string>> env;
  for (const char* name : {"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"}) {
    env.emplace_back(name, proxy);
    env.emplace_back(ToLower(name), proxy);
  }
  env.emplace_back("NO_PROXY", no_proxy);
  env.emplace_back("no_proxy", no_proxy);
  for (const InjectedSecret& s : config.secrets) {
    env.emplace_back(s.name, kDummySecret);
    env.emplace_back(BaseUrlVariable(s.name), InjectBaseUrl(port, s));
  }
  return env;
}

}  // namespace sg::egress
