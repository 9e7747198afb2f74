#include "core/pairing/device_metadata.h"

#include <gtest/gtest.h>

namespace openclaw::pairing {
namespace {

TEST(DeviceMetadataTest, NormalisesByTrimmingAndLowercasingAsciiOnly) {
  EXPECT_EQ(normalize_device_metadata("  MacOS\t"), "macos");
  EXPECT_EQ(normalize_device_metadata("iPhone 15"), "iphone 15");
  EXPECT_EQ(normalize_device_metadata("ÄRGER"), "Ärger");  // only A-Z is folded
  EXPECT_EQ(normalize_device_metadata(std::nullopt), "");
}

TEST(DeviceMetadataTest, OnlyAPinnedNonEmptyValueCanMismatch) {
  EXPECT_TRUE(pinned_metadata_differs("linux", "macos"));
  EXPECT_TRUE(pinned_metadata_differs("linux", std::nullopt));
  EXPECT_FALSE(pinned_metadata_differs(" Linux ", "linux"));
  EXPECT_FALSE(pinned_metadata_differs(std::nullopt, "macos"));
  EXPECT_FALSE(pinned_metadata_differs("  ", "macos"));
}

}  // namespace
}  // namespace openclaw::pairing
