#include "git/libgit2_api.h"

#include <gtest/gtest.h>

namespace sg::git {
namespace {

TEST(LibGit2ApiTest, LoadsByItsSonameAndResolvesEveryFunction) {
  Result<const LibGit2Api*> api = LibGit2();
  ASSERT_TRUE(api.ok()) << api.status().message();
#define SG_LIBGIT2_CHECK(name) EXPECT_NE((*api)->name, nullptr) << "git_" #name;
  SG_LIBGIT2_FUNCTIONS(SG_LIBGIT2_CHECK)
#undef SG_LIBGIT2_CHECK
  // The table really is libgit2: init/shutdown count references.
  EXPECT_EQ((*api)->libgit2_init(), 1);
  EXPECT_EQ((*api)->libgit2_init(), 2);
  EXPECT_EQ((*api)->libgit2_shutdown(), 1);
  EXPECT_EQ((*api)->libgit2_shutdown(), 0);
}

TEST(LibGit2ApiTest, SameTableOnEveryCall) {
  Result<const LibGit2Api*> a = LibGit2();
  Result<const LibGit2Api*> b = LibGit2();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
}

TEST(LibGit2ApiTest, MissingLibraryIsAClearErrorNotACrash) {
  Result<LibGit2Api> api = LoadLibGit2Api("libgit2-stepguard-missing.so.1");
  ASSERT_FALSE(api.ok());
  EXPECT_EQ(api.status().code(), StatusCode::kNotFound);
  EXPECT_NE(api.status().message().find("libgit2-stepguard-missing.so.1"),
            std::string::npos);
  EXPECT_NE(api.status().message().find("libgit2 runtime package"),
            std::string::npos);
}

TEST(LibGit2ApiTest, LibraryWithoutTheSymbolsIsRejected) {
  Result<LibGit2Api> api = LoadLibGit2Api("libc.so.6");
  ASSERT_FALSE(api.ok());
  EXPECT_NE(api.status().message().find("git_libgit2_init"), std::string::npos);
}

TEST(LibGit2ApiTest, SonameIsVersioned) {
  std::string so = Libgit2Soname();
  EXPECT_EQ(so.rfind("libgit2.so.", 0), 0u) << so;
}

}  // namespace
}  // namespace sg::git
