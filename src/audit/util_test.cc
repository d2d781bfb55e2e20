#include "audit/util.h"

#include <gtest/gtest.h>

namespace sg::audit {
namespace {

TEST(UsesTest, Parse) {
  auto r = ParseUses("actions/checkout@v4");
  EXPECT_EQ(r.kind, UsesRef::Kind::kRepository);
  EXPECT_EQ(r.slug(), "actions/checkout");
  EXPECT_EQ(r.ref, "v4");
  r = ParseUses("github/codeql-action/init@abc");
  EXPECT_EQ(r.subpath, "init");
  EXPECT_EQ(ParseUses("./x").kind, UsesRef::Kind::kLocal);
  EXPECT_EQ(ParseUses("docker://a:b").image, "a:b");
  EXPECT_EQ(ParseUses("nonsense").kind, UsesRef::Kind::kInvalid);
  EXPECT_EQ(ParseUses("$/.github/workflows/x.yml").kind,
            UsesRef::Kind::kInvalid);
  EXPECT_EQ(ParseUses("owner/repo name@v1").kind, UsesRef::Kind::kInvalid);
  EXPECT_EQ(ParseUses("my-org/my_repo.js@v1").kind, UsesRef::Kind::kRepository);
  EXPECT_FALSE(ParseUses("a/b").has_ref);
  EXPECT_TRUE(IsAction("Actions/GitHub-Script@v7", "actions/github-script"));
  EXPECT_TRUE(IsFullSha("1d0ff469b7ec7b3cb9d8673fde0c81c44821de2a"));
  EXPECT_FALSE(IsFullSha("1d0ff46"));
  EXPECT_FALSE(IsFullSha("1D0FF469B7EC7B3CB9D8673FDE0C81C44821DE2A"));
}

}  // namespace
}  // namespace sg::audit
