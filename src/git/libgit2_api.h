// libgit2 through a small typed shim, loaded with dlopen on first use.
//
// Why: linking libgit2 made every stepguard start-up map it and its
// dependencies (mbedtls, ssh2, http-parser, pcre2, ...). Only this module
// uses libgit2, and only for `exec` in a repository and the runner's
// credential probe, so those calls load it here and other commands pay
// nothing. The build uses libgit2's headers (dev package); at run time the
// library is opened by its SONAME (runtime package, e.g. libgit2-1.5).
// Members have the header's own types, so a mismatch does not compile.
#ifndef STEPGUARD_GIT_LIBGIT2_API_H_
#define STEPGUARD_GIT_LIBGIT2_API_H_

#include <git2.h>

#include <string>

#include "base/status.h"

namespace sg::git {

// Every libgit2 function stepguard calls. Add one here to use it.
#define SG_LIBGIT2_FUNCTIONS(X) \
  X(libgit2_init)               \
  X(libgit2_shutdown)           \
  X(libgit2_opts)               \
  X(error_last)                 \
  X(repository_open_ext)        \
  X(repository_free)            \
  X(repository_is_bare)         \
  X(repository_config_snapshot) \
  X(config_free)                \
  X(config_iterator_new)        \
  X(config_iterator_free)       \
  X(config_next)                \
  X(status_list_new)            \
  X(status_list_free)           \
  X(status_list_entrycount)     \
  X(status_byindex)

struct LibGit2Api {
#define SG_LIBGIT2_MEMBER(name) decltype(&::git_##name) name = nullptr;
  SG_LIBGIT2_FUNCTIONS(SG_LIBGIT2_MEMBER)
#undef SG_LIBGIT2_MEMBER
};

// The SONAME the build's headers belong to (e.g. "libgit2.so.1.5").
const char* Libgit2Soname();

// libgit2 loaded once per process (not initialised: callers pair
// libgit2_init/libgit2_shutdown as libgit2 requires); later calls return
// the same table or the same error. Thread-safe. The error names the
// library, the loader's reason and the package that provides it.
Result<const LibGit2Api*> LibGit2();

// Loads `soname` and resolves the table without caching (for tests). On
// success the library stays loaded for the life of the process.
Result<LibGit2Api> LoadLibGit2Api(const std::string& soname);

}  // namespace sg::git

#endif  // STEPGUARD_GIT_LIBGIT2_API_H_
