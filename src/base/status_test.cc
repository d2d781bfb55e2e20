#include "base/status.h"

#include <gtest/gtest.h>

#include "base/file.h"

namespace sg {
namespace {

Result<int> Half(int x) {
  if (x % 2) return Status::InvalidInput("odd");
  return x / 2;
}

TEST(StatusTest, ResultCarriesValueOrError) {
  auto r = Half(4);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 2);
  auto e = Half(3);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(e.status().WithContext("x").message(), "x: odd");
}

TEST(FileTest, MissingFileIsNotFound) {
  auto r = ReadFile("/nonexistent/stepguard");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

TEST(FileTest, SizeCapIsEnforced) {
  auto r = ReadFile("/proc/self/exe", 10);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace sg
