// libcurl through a small typed shim, loaded with dlopen on first use.
//
// Why: linking libcurl made every stepguard start-up (`--version`, `exec`)
// map ~40 shared libraries (gnutls, krb5, ldap, ssh2, ...) and run their
// constructors, several milliseconds before main. Only the GitHub client
// (github/) and credential injection (egress/inject.cc) use libcurl, so they
// ask for it here, and a command that never talks HTTP pays nothing.
//
// The build uses libcurl's headers (dev package); at run time the library
// is opened by its SONAME (runtime package). Call sites use the table
// (`api->easy_setopt(h, CURLOPT_URL, url)`): the member types are the
// header's own declarations, so a mismatch does not compile.
#ifndef STEPGUARD_GITHUB_CURL_API_H_
#define STEPGUARD_GITHUB_CURL_API_H_

#include <curl/curl.h>

#include <string>

#include "base/status.h"

namespace sg::curl {

// Every libcurl function stepguard calls. Add one here to use it.
#define SG_CURL_FUNCTIONS(X) \
  X(global_init)             \
  X(easy_init)               \
  X(easy_cleanup)            \
  X(easy_setopt)             \
  X(easy_getinfo)            \
  X(easy_perform)            \
  X(easy_strerror)           \
  X(slist_append)            \
  X(slist_free_all)          \
  X(multi_init)              \
  X(multi_cleanup)           \
  X(multi_setopt)            \
  X(multi_add_handle)        \
  X(multi_remove_handle)     \
  X(multi_perform)           \
  X(multi_info_read)         \
  X(multi_poll)

struct Api {
#define SG_CURL_MEMBER(name) decltype(&::curl_##name) name = nullptr;
  SG_CURL_FUNCTIONS(SG_CURL_MEMBER)
#undef SG_CURL_MEMBER
};

// The SONAME the build's headers belong to (e.g. "libcurl.so.4").
const char* LibcurlSoname();

// libcurl loaded and initialised (curl_global_init(CURL_GLOBAL_DEFAULT))
// exactly once per process; later calls return the same table or the same
// error. Thread-safe. The error names the library, the loader's reason and
// the package that provides it; it never aborts the program.
Result<const Api*> Curl();

// Loads `soname` and resolves the table without caching or initialising
// (for tests: a missing library or symbol gives the error Curl() would).
// On success the library stays loaded for the life of the process.
Result<Api> LoadApi(const std::string& soname);

}  // namespace sg::curl

#endif  // STEPGUARD_GITHUB_CURL_API_H_
