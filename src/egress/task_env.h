// The environment variables a sandboxed task gets so that proxy-aware tools
// use the egress proxy and API clients use credential injection.
#ifndef STEPGUARD_EGRESS_TASK_ENV_H_
#define STEPGUARD_EGRESS_TASK_ENV_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "egress/config.h"

namespace sg::egress {

// The dummy value the task sees in place of each injected secret.
inline constexpr char kDummySecret[] = "stepguard-injected-placeholder";

// "OPENAI_API_KEY" -> "OPENAI_BASE_URL" (the SDK convention); other names
// get "_BASE_URL" appended ("MY_TOKEN" -> "MY_TOKEN_BASE_URL").
std::string BaseUrlVariable(const std::string& secret_name);

// Base URL the task uses for `secret`: http://127.0.0.1:PORT/stepguard-inject/
// NAME followed by the origin's own path ("https://api.x.com/v1" keeps no
// path here: the origin path is re-added when forwarding).
std::string InjectBaseUrl(uint16_t port, const InjectedSecret& secret);

// HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY (and lower-case forms)
// pointing at 127.0.0.1:`port`; for each injected secret, NAME set to
// kDummySecret and its base-URL variable. The caller must also make sure
// the real secret variables are not passed through otherwise.
std::vector<std::pair<std::string, std::string>> TaskEnvironment(
    const Config& config, uint16_t port);

}  // namespace sg::egress

#endif  // STEPGUARD_EGRESS_TASK_ENV_H_
