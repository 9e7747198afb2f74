#include "core/config/merge_patch.h"

#include <algorithm>
#include <map>
#include <string>

namespace openclaw::config {
namespace {

using nlohmann::json;

bool has_string_id(const json& value) {
  if (!value.is_object()) return false;
  auto id = value.find("id");
  return id != value.end() && id->is_string() && !id->get_ref<const std::string&>().empty();
}

bool all_have_ids(const json& list) { return std::ranges::all_of(list, has_string_id); }

json merge_by_id(const json& base, const json& patch, const MergePatchOptions& options) {
  json merged = base;
  std::map<std::string, std::size_t> index_of;
  for (std::size_t i = 0; i < merged.size(); ++i)
    index_of.emplace(merged[i]["id"].get<std::string>(), i);
  for (const auto& entry : patch) {
    const auto id = entry["id"].get<std::string>();
    auto found = index_of.find(id);
    if (found == index_of.end()) {
      index_of.emplace(id, merged.size());
      merged.push_back(entry);
    } else {
      merged[found->second] = apply_merge_patch(merged[found->second], entry, options);
    }
  }
  return merged;
}

}  // namespace

json apply_merge_patch(const json& base, const json& patch, const MergePatchOptions& options) {
  if (!patch.is_object()) return patch;
  json result = base.is_object() ? base : json::object();
  for (const auto& [key, value] : patch.items()) {
    if (value.is_null()) {
      result.erase(key);
      continue;
    }
    auto existing = result.find(key);
    if (options.merge_arrays_by_id && existing != result.end() && existing->is_array() &&
        value.is_array() && all_have_ids(*existing) && all_have_ids(value)) {
      result[key] = merge_by_id(*existing, value, options);
      continue;
    }
    if (value.is_object()) {
      const json& nested =
          existing != result.end() && existing->is_object() ? *existing : json::object();
      result[key] = apply_merge_patch(nested, value, options);
      continue;
    }
    result[key] = value;
  }
  return result;
}

}  // namespace openclaw::config
