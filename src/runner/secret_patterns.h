// Recognising secrets by variable name and by the shape of a value, without
// ever returning the value itself.
#ifndef STEPGUARD_RUNNER_SECRET_PATTERNS_H_
#define STEPGUARD_RUNNER_SECRET_PATTERNS_H_

#include <string>
#include <string_view>
#include <vector>

namespace sg::runner {

// True when the variable name looks like it holds a secret (built-in globs
// such as *TOKEN*, *SECRET*, *PASSWORD*, *_KEY, plus `extra_globs`), and is
// not an obvious pointer to one (*_FILE, *_PATH, *_URL, *_ID, ...).
bool IsSecretLikeName(std::string_view name,
                      const std::vector<std::string>& extra_globs);

// The kind of well-known credential the value looks like ("GitHub token",
// "AWS access key id", "private key", ...), or empty. Only the kind is
// returned, never any part of the value.
std::string SecretValueKind(std::string_view value);

}  // namespace sg::runner

#endif  // STEPGUARD_RUNNER_SECRET_PATTERNS_H_
