#include "base/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/fd.h"

namespace sg {

Result<std::string> ReadFile(const std::string& path, size_t max_bytes) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return Status::NotFound(path + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0)
    return Status::NotFound(path + ": " + std::strerror(errno));
  if (S_ISDIR(st.st_mode))
    return Status::InvalidInput(path + ": is a directory");
  if (S_ISREG(st.st_mode) && static_cast<size_t>(st.st_size) > max_bytes)
    return Status::InvalidInput(
        path + ": file is " + std::to_string(st.st_size) +
        " bytes, larger than the limit of " + std::to_string(max_bytes));
  std::string out;
  char buf[65536];
  while (true) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::NotFound(path + ": " + std::strerror(errno));
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > max_bytes)
      return Status::InvalidInput(path + ": larger than the limit of " +
                                  std::to_string(max_bytes) + " bytes");
  }
  return out;
}

Status WriteFile(const std::string& path, const std::string& data) {
  int raw = path == "-"
                ? STDOUT_FILENO
                : ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                         0644);
  if (raw < 0) return Status::NotFound(path + ": " + std::strerror(errno));
  Fd owned(path == "-" ? -1 : raw);
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(raw, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::Internal(path + ": write: " + std::strerror(errno));
    }
    off += static_cast<size_t>(n);
  }
  return Status::Ok();
}

}  // namespace sg
