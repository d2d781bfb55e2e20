// DiskStore: a small key -> value store, one file per key under a directory
// (created 0700; files 0600, replaced atomically with rename). Used for the
// ETag cache and for cached lookup results. Not a database: callers keep
// values small (API responses).
#ifndef STEPGUARD_GITHUB_DISK_STORE_H_
#define STEPGUARD_GITHUB_DISK_STORE_H_

#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace sg::github {

class DiskStore {
 public:
  // `dir` empty disables the store (Get misses, Put succeeds silently).
  explicit DiskStore(std::string dir) : dir_(std::move(dir)) {}

  bool enabled() const { return !dir_.empty(); }
  const std::string& dir() const { return dir_; }

  // The value stored under `key`, or nullopt (missing, unreadable, or a
  // hash collision with a different key).
  std::optional<std::string> Get(std::string_view key) const;
  // Stores `value` under `key`, creating the directory when needed.
  Status Put(std::string_view key, std::string_view value) const;

 private:
  std::string PathFor(std::string_view key) const;
  std::string dir_;
};

}  // namespace sg::github

#endif  // STEPGUARD_GITHUB_DISK_STORE_H_
