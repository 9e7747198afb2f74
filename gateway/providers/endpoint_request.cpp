#include "providers/endpoint_request.h"

#include <algorithm>

#include "core/util/text.h"

namespace openclaw::providers {

namespace {

// Where the path of `url` starts (the '/' after scheme and authority), npos when it has none.
std::size_t path_start(std::string_view url) {
  const std::size_t scheme_end = url.find("://");
  return url.find('/', scheme_end == std::string_view::npos ? 0 : scheme_end + 3);
}

}  // namespace

std::string join_endpoint_url(std::string_view base_url, std::string_view path) {
  while (base_url.ends_with('/')) base_url.remove_suffix(1);
  // The first segment of `path` ("/v1" of "/v1/messages"): skip it when the base's path
  // already ends in it (not when the host merely ends in those letters).
  const std::size_t segment_end = path.find('/', 1);
  if (segment_end != std::string_view::npos) {
    const std::string_view first_segment = path.substr(0, segment_end);
    const std::size_t base_path = path_start(base_url);
    if (first_segment.size() > 1 && base_path != std::string_view::npos &&
        base_url.ends_with(first_segment) && base_url.size() - first_segment.size() >= base_path) {
      path.remove_prefix(segment_end);
    }
  }
  std::string url(base_url);
  url.append(path);
  return url;
}

HeaderList merge_headers(HeaderList ours, const std::map<std::string, std::string>& configured) {
  for (const auto& [name, value] : configured) {
    const std::string lowered = ascii_lowercase(name);
    std::erase_if(ours,
                  [&](const auto& header) { return ascii_lowercase(header.first) == lowered; });
    ours.emplace_back(name, value);
  }
  return ours;
}

}  // namespace openclaw::providers
