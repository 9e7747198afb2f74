#include "core/config/merge_patch.h"

#include <gtest/gtest.h>

namespace openclaw::config {
namespace {

using nlohmann::json;

TEST(MergePatch, MergesObjectsReplacesScalarsAndDeletesWithNull) {
  const json base = {{"gateway", {{"port", 1}, {"mode", "local"}, {"auth", {{"token", "t"}}}}},
                     {"keep", true}};
  const json patch = {{"gateway", {{"port", 2}, {"auth", nullptr}, {"bind", "lan"}}}};
  const json expected = {{"gateway", {{"port", 2}, {"mode", "local"}, {"bind", "lan"}}},
                         {"keep", true}};
  EXPECT_EQ(apply_merge_patch(base, patch), expected);
}

TEST(MergePatch, ArraysReplaceUnlessEveryEntryHasAnId) {
  EXPECT_EQ(apply_merge_patch({{"list", {1, 2, 3}}}, {{"list", {4}}}), json({{"list", {4}}}));
  const json agents = {{"list", {{{"id", "main"}, {"name", "Main"}}, {{"id", "ops"}}}}};
  const json patch = {{"list", {{{"id", "ops"}, {"name", "Ops"}}, {{"id", "new"}}}}};
  const json expected = {
      {"list",
       {{{"id", "main"}, {"name", "Main"}}, {{"id", "ops"}, {"name", "Ops"}}, {{"id", "new"}}}}};
  EXPECT_EQ(apply_merge_patch(agents, patch), expected);
  EXPECT_EQ(apply_merge_patch(agents, patch, {.merge_arrays_by_id = false}), patch);
}

TEST(MergePatch, NonObjectPatchReplacesTheWhole) {
  EXPECT_EQ(apply_merge_patch({{"a", 1}}, json::array({1})), json::array({1}));
  EXPECT_EQ(apply_merge_patch(json(5), {{"a", 1}}), json({{"a", 1}}));
}

}  // namespace
}  // namespace openclaw::config
