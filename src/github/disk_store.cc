#include "github/disk_store.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fd.h"
#include "base/file.h"
#include "base/strings.h"

namespace sg::github {
namespace {

Status MakeDirs(const std::string& dir) {
  std::string path;
  for (const std::string& part : Split(dir, '/')) {
    path += part;
    path += '/';
    if (part.empty()) continue;
    if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
      return Status::Unavailable("cannot create cache directory " + path +
                                 ": " + strerror(errno));
    }
  }
  return Status::Ok();
}

}  // namespace

std::string DiskStore::PathFor(std::string_view key) const {
  return dir_ + "/" + Hex64(Fnv1a64(key)) + ".entry";
}

std::optional<std::string> DiskStore::Get(std::string_view key) const {
  if (!enabled()) return std::nullopt;
  Result<std::string> data = ReadFile(PathFor(key), 64u << 20);
  if (!data.ok()) return std::nullopt;
  // First line is the full key: guards against FNV collisions.
  std::string_view text = *data;
  size_t nl = text.find('\n');
  if (nl == std::string_view::npos || text.substr(0, nl) != key) {
    return std::nullopt;
  }
  return std::string(text.substr(nl + 1));
}

Status DiskStore::Put(std::string_view key, std::string_view value) const {
  if (!enabled()) return Status::Ok();
  if (key.find('\n') != std::string_view::npos) {
    return Status::Internal("cache key contains a newline");
  }
  SG_RETURN_IF_ERROR(MakeDirs(dir_));
  std::string final_path = PathFor(key);
  std::string tmp = final_path + ".tmp." + std::to_string(::getpid());
  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (!fd) {
    return Status::Unavailable("cannot write cache entry " + tmp + ": " +
                               strerror(errno));
  }
  std::string data(key);
  data += '\n';
  data.append(value);
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd.get(), data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::unlink(tmp.c_str());
      return Status::Unavailable("cannot write cache entry: " +
                                 std::string(strerror(errno)));
    }
    off += static_cast<size_t>(n);
  }
  fd.Reset();
  if (::rename(tmp.c_str(), final_path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Status::Unavailable("cannot replace cache entry: " +
                               std::string(strerror(errno)));
  }
  return Status::Ok();
}

}  // namespace sg::github
