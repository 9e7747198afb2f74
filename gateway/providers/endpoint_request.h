// The parts of an outgoing provider request that do not depend on the wire API: where it
// goes (base URL + API path) and which headers it carries (ours, then the operator's).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace openclaw::providers {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// `base_url` + `path` (path starts with '/'). Trailing slashes of the base are dropped, and
// when the base already ends in the path's leading "/v1" segment that segment is not
// repeated: "https://api.anthropic.com/v1" + "/v1/messages" is ".../v1/messages", as is
// "https://api.anthropic.com" + "/v1/messages". A query string on the base is not supported
// (providers are configured with a plain base URL).
std::string join_endpoint_url(std::string_view base_url, std::string_view path);

// `ours` followed by the endpoint's configured headers. A configured header replaces ours of
// the same name (compared without case): the operator knows their proxy or gateway better
// than our defaults do (e.g. a different anthropic-version or an Authorization of their own).
HeaderList merge_headers(HeaderList ours, const std::map<std::string, std::string>& configured);

}  // namespace openclaw::providers
