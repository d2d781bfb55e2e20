// Process exit codes (DESIGN.md "Commands"). Errors travel as values and
// become exit codes only here, at the top.
#ifndef STEPGUARD_CLI_EXIT_CODES_H_
#define STEPGUARD_CLI_EXIT_CODES_H_

#include "base/status.h"

namespace sg::cli {

inline constexpr int kExitPass = 0;
inline constexpr int kExitViolation = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;
// `exec` follows timeout(1)/env(1).
inline constexpr int kExitTimedOut = 124;
inline constexpr int kExitRefused = 125;
inline constexpr int kExitNotExecutable = 126;
inline constexpr int kExitNotFound = 127;

inline int ExitCodeFor(const Status& s) {
  switch (s.code()) {
    case StatusCode::kOk:
      return kExitPass;
    case StatusCode::kInvalidInput:
    case StatusCode::kNotFound:
      return kExitUsage;
    default:
      return kExitInternal;
  }
}

}  // namespace sg::cli

#endif  // STEPGUARD_CLI_EXIT_CODES_H_
