#include "sandbox/layers.h"

#include <gtest/gtest.h>

namespace sg::sandbox {
namespace {

TEST(LayersTest, ParsesLists) {
  EXPECT_EQ(*ParseLayerList("all"), AllLayers());
  EXPECT_EQ(*ParseLayerList("none"), 0u);
  EXPECT_EQ(*ParseLayerList("mount, seccomp"),
            Bit(Layer::kMountNs) | Bit(Layer::kSeccomp));
  EXPECT_EQ(*ParseLayerList("no-new-privs"), Bit(Layer::kNoNewPrivs));
  Result<LayerSet> bad = ParseLayerList("mount,chroot");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("chroot"), std::string::npos);
}

TEST(LayersTest, DefaultRequiredLeavesOutBestEffortLayers) {
  LayerSet d = DefaultRequiredLayers();
  EXPECT_FALSE(d & Bit(Layer::kCgroup));
  EXPECT_FALSE(d & Bit(Layer::kLandlock));
  EXPECT_FALSE(d & Bit(Layer::kUserNs));
  EXPECT_TRUE(d & Bit(Layer::kSeccomp));
  EXPECT_TRUE(d & Bit(Layer::kMountNs));
  EXPECT_TRUE(d & Bit(Layer::kNetNs));
  EXPECT_TRUE(d & Bit(Layer::kUser));
}

TEST(LayersTest, NamesRoundTrip) {
  for (Layer l : AllLayerList()) {
    Result<LayerSet> s = ParseLayerList(std::string(LayerName(l)));
    ASSERT_TRUE(s.ok()) << LayerName(l);
    EXPECT_EQ(*s, Bit(l));
  }
}

}  // namespace
}  // namespace sg::sandbox
