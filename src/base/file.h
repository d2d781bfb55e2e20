// Whole-file reads with a size cap, as Result.
#ifndef STEPGUARD_BASE_FILE_H_
#define STEPGUARD_BASE_FILE_H_

#include <cstddef>
#include <string>

#include "base/status.h"

namespace sg {

// Reads `path` whole. NotFound when missing or unreadable (message includes
// strerror), InvalidInput when larger than `max_bytes` or a directory.
Result<std::string> ReadFile(const std::string& path,
                             size_t max_bytes = 16u << 20);

// Writes `data` to `path` (truncating). "-" means stdout.
Status WriteFile(const std::string& path, const std::string& data);

}  // namespace sg

#endif  // STEPGUARD_BASE_FILE_H_
