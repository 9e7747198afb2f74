// Browser origins, as the gateway compares them (spec §3.6): lowercase scheme://host[:port],
// with the scheme's default port left out because browsers leave it out of `Origin`.
#pragma once

#include <string>
#include <string_view>

#include "core/util/result.h"

namespace openclaw::provision {

// The origin of an http(s) URL: "https://Chat.Example.com:443/app" -> "https://chat.example.com".
// Fails (saying why) for other schemes, a missing host, credentials in the URL or a bad port.
Result<std::string> origin_of_url(std::string_view url);

// Normalises an origin as written in allowedOrigins; fails if it carries a path, query or
// fragment, since the browser never sends one and such an entry could never match.
Result<std::string> normalize_origin(std::string_view origin);

}  // namespace openclaw::provision
