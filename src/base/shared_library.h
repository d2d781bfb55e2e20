// A shared library loaded at run time with dlopen(3), for the third-party
// libraries that only some commands need (libcurl, libgit2): linking them
// would make every start-up map and initialise them and their dependencies.
//
// Each wrapping module keeps one table of typed function pointers filled by
// Resolve() and loaded once (see github/curl_api.h, git/libgit2_api.h). The
// library is never unloaded while its pointers may be in use: a successful
// load is kept for the life of the process (Release()).
#ifndef STEPGUARD_BASE_SHARED_LIBRARY_H_
#define STEPGUARD_BASE_SHARED_LIBRARY_H_

#include <dlfcn.h>

#include <string>
#include <utility>

#include "base/status.h"

namespace sg {

class SharedLibrary {
 public:
  // Opens `soname` (RTLD_NOW | RTLD_LOCAL). NotFound names the library, the
  // loader's reason and `hint` (e.g. which package provides it).
  static Result<SharedLibrary> Open(const std::string& soname,
                                    const std::string& hint) {
    void* h = dlopen(soname.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (h == nullptr) {
      const char* why = dlerror();
      return Status::NotFound("cannot load " + soname + " (" +
                              (why ? why : "unknown error") + "); " + hint);
    }
    return SharedLibrary(h, soname);
  }

  SharedLibrary(SharedLibrary&& o) noexcept
      : handle_(std::exchange(o.handle_, nullptr)), name_(std::move(o.name_)) {}
  SharedLibrary& operator=(SharedLibrary&& o) noexcept {
    std::swap(handle_, o.handle_);
    std::swap(name_, o.name_);
    return *this;
  }
  SharedLibrary(const SharedLibrary&) = delete;
  SharedLibrary& operator=(const SharedLibrary&) = delete;
  ~SharedLibrary() {
    if (handle_ != nullptr) dlclose(handle_);
  }

  // Sets *fn to the function named `symbol`; NotFound names it (a library
  // older than the headers the program was built against).
  template <typename Fn>
  Status Resolve(const char* symbol, Fn* fn) const {
    void* p = dlsym(handle_, symbol);
    if (p == nullptr) {
      return Status::NotFound(name_ + " has no symbol " + symbol +
                              " (older than the build's headers?)");
    }
    *fn = reinterpret_cast<Fn>(p);
    return Status::Ok();
  }

  // Keeps the library loaded for the rest of the process (the resolved
  // pointers stay valid); this object no longer owns it.
  void Release() { handle_ = nullptr; }

 private:
  SharedLibrary(void* h, std::string name)
      : handle_(h), name_(std::move(name)) {}
  void* handle_;
  std::string name_;
};

}  // namespace sg

#endif  // STEPGUARD_BASE_SHARED_LIBRARY_H_
