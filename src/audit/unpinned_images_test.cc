#include "audit/unpinned_images.h"

#include <gtest/gtest.h>

#include "audit/audit_test_util.h"
#include "base/strings.h"

namespace sg::audit {
namespace {

const char* kWorkflow = R"(on: push
jobs:
  a:
    runs-on: ubuntu-latest
    container: node
    services:
      db:
        image: postgres:latest
      cache:
        image: redis:7
      pinned:
        image: ghcr.io/o/img:1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
      local: localhost:5000/img
    steps:
      - run: true
  b:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        image: [alpine, "alpine:3.20"]
        include:
          - image: debian@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
    container:
      image: ${{ matrix.image }}
    steps:
      - run: true
  c:
    runs-on: ubuntu-latest
    container:
      image: ${{ inputs.image }}
    steps:
      - run: true
)";

std::vector<int> Lines(const std::vector<Finding>& f) {
  std::vector<int> out;
  for (const auto& x : f) out.push_back(x.location->span.begin.line);
  return out;
}

TEST(UnpinnedImagesTest, RegularPersonaFlagsUntaggedAndLatest) {
  auto f = testing::LintWorkflow(kWorkflow, "unpinned-images");
  // container: node, postgres:latest, localhost:5000/img (no tag), matrix
  // alpine.
  EXPECT_EQ(Lines(f), (std::vector<int>{5, 8, 13, 24}));
  for (const auto& x : f) EXPECT_EQ(x.severity, Severity::kHigh);
  ASSERT_EQ(f[3].related.size(), 1u);
  EXPECT_EQ(f[3].related[0].span.begin.line, 20);
}

TEST(UnpinnedImagesTest, PedanticAddsTagsWithoutDigest) {
  auto f = testing::LintWorkflow(kWorkflow, "unpinned-images", "pedantic");
  EXPECT_EQ(Lines(f), (std::vector<int>{5, 8, 10, 13, 24, 24}));
  EXPECT_EQ(f[2].severity, Severity::kMedium);
}

TEST(UnpinnedImagesTest, OpaqueExpressionIsAuditorOnly) {
  auto f = testing::LintWorkflow(kWorkflow, "unpinned-images", "auditor");
  EXPECT_EQ(Lines(f), (std::vector<int>{5, 8, 10, 13, 24, 24, 30}));
  EXPECT_EQ(f.back().confidence, Confidence::kLow);
}

TEST(UnpinnedImagesTest, DockerActionImage) {
  auto f = testing::Lint({{"action.yml",
                           "name: x\ndescription: y\nruns:\n  using: docker\n"
                           "  image: docker://ghcr.io/o/tool\n"},
                          {"sub/action.yml",
                           "name: x\ndescription: y\nruns:\n  using: docker\n"
                           "  image: Dockerfile\n"}},
                         "unpinned-images");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->path, "action.yml");
}

TEST(UnpinnedImagesTest, ParseImage) {
  auto r = ParseImage("localhost:5000/a/b:1.2@sha256:ff");
  EXPECT_EQ(r.name, "localhost:5000/a/b");
  EXPECT_EQ(r.tag, "1.2");
  EXPECT_EQ(r.digest, "sha256:ff");
  r = ParseImage("localhost:5000/a");
  EXPECT_EQ(r.tag, "");
}

TEST(UnpinnedImagesTest, ContainerCommandImage) {
  auto img = [](std::string_view cmd) {
    std::vector<std::string> w;
    for (const std::string& x : Split(std::string(cmd), ' '))
      if (!x.empty()) w.push_back(x);
    return ContainerCommandImage(w);
  };
  EXPECT_EQ(img("docker pull ubuntu:22.04"), "ubuntu:22.04");
  EXPECT_EQ(img("docker run -d --rm -v /a:/b -e X=1 --name n nginx sh -c x"),
            "nginx");
  EXPECT_EQ(img("docker run --network=host -dit redis:7"), "redis:7");
  EXPECT_EQ(img("docker -D --tls run nginx"), "nginx");
  EXPECT_EQ(img("docker -H tcp://h:2375 pull alpine"), "alpine");
  EXPECT_EQ(img("sudo docker container create --name x node:20"), "node:20");
  EXPECT_EQ(img("podman image pull quay.io/a/b"), "quay.io/a/b");
  EXPECT_EQ(img("docker build -t app ."), "");
  EXPECT_EQ(img("docker run $IMAGE"), "");
  EXPECT_EQ(img("echo docker pull ubuntu"), "");
}

}  // namespace
}  // namespace sg::audit
