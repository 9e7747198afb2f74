#include "provision/origins.h"

#include <gtest/gtest.h>

namespace openclaw::provision {
namespace {

TEST(OriginsTest, OriginOfUrlLowercasesAndDropsPathAndDefaultPort) {
  EXPECT_EQ(*origin_of_url("https://Chat.Example.com/app?x=1"), "https://chat.example.com");
  EXPECT_EQ(*origin_of_url("https://chat.example.com:443/"), "https://chat.example.com");
  EXPECT_EQ(*origin_of_url("http://host:80"), "http://host");
  EXPECT_EQ(*origin_of_url("https://host:8443/ui"), "https://host:8443");
  EXPECT_EQ(*origin_of_url("http://[::1]:18789"), "http://[::1]:18789");
}

TEST(OriginsTest, RejectsWhatABrowserCouldNeverSend) {
  EXPECT_FALSE(origin_of_url("ftp://host"));
  EXPECT_FALSE(origin_of_url("host.example.com"));
  EXPECT_FALSE(origin_of_url("https://user:pw@host"));
  EXPECT_FALSE(origin_of_url("https://host:99999"));
  EXPECT_FALSE(origin_of_url("https://host:"));
  EXPECT_FALSE(origin_of_url("https:///path"));
  auto with_path = normalize_origin("https://example.com/app");
  ASSERT_FALSE(with_path);
  EXPECT_NE(with_path.error().message.find("path"), std::string::npos);
  EXPECT_EQ(*normalize_origin("HTTPS://Example.com/"), "https://example.com");
}

}  // namespace
}  // namespace openclaw::provision
