#include "github/curl_api.h"

#include <gtest/gtest.h>

namespace sg::curl {
namespace {

TEST(CurlApiTest, LoadsByItsSonameAndResolvesEveryFunction) {
  Result<const Api*> api = Curl();
  ASSERT_TRUE(api.ok()) << api.status().message();
#define SG_CURL_CHECK(name) EXPECT_NE((*api)->name, nullptr) << "curl_" #name;
  SG_CURL_FUNCTIONS(SG_CURL_CHECK)
#undef SG_CURL_CHECK
  // The table really is libcurl: a handle round-trips through it.
  CURL* h = (*api)->easy_init();
  ASSERT_NE(h, nullptr);
  EXPECT_EQ((*api)->easy_setopt(h, CURLOPT_URL, "http://127.0.0.1:1/"),
            CURLE_OK);
  (*api)->easy_cleanup(h);
  EXPECT_STREQ((*api)->easy_strerror(CURLE_OK), "No error");
}

TEST(CurlApiTest, SameTableOnEveryCall) {
  Result<const Api*> a = Curl();
  Result<const Api*> b = Curl();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
}

TEST(CurlApiTest, MissingLibraryIsAClearErrorNotACrash) {
  Result<Api> api = LoadApi("libcurl-stepguard-missing.so.4");
  ASSERT_FALSE(api.ok());
  EXPECT_EQ(api.status().code(), StatusCode::kNotFound);
  EXPECT_NE(api.status().message().find("libcurl-stepguard-missing.so.4"),
            std::string::npos);
  EXPECT_NE(api.status().message().find("libcurl4"), std::string::npos);
}

TEST(CurlApiTest, LibraryWithoutTheSymbolsIsRejected) {
  // libc is loadable but is not libcurl: the first symbol is missing.
  Result<Api> api = LoadApi("libc.so.6");
  ASSERT_FALSE(api.ok());
  EXPECT_NE(api.status().message().find("curl_global_init"), std::string::npos);
}

TEST(CurlApiTest, SonameIsVersioned) {
  std::string so = LibcurlSoname();
  EXPECT_EQ(so.rfind("libcurl.so.", 0), 0u) << so;
}

}  // namespace
}  // namespace sg::curl
