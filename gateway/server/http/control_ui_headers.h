// How a Control UI file is described on the wire: its Content-Type, which precompressed
// form (.br/.gz) a client accepts, its validators (ETag, Last-Modified) and how long it may
// be cached. Values follow upstream's static server (control-ui-static.ts).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace openclaw::server {

// Content-Type for a lowercase extension without the dot ("js"); application/octet-stream
// for anything unknown.
std::string_view ui_content_type(std::string_view extension);

// True for the extensions of upstream's asset table other than html: a missing file with
// one of them is a 404, never the SPA's index.html.
bool is_ui_static_asset_extension(std::string_view extension);

// True for text formats worth a precompressed sibling (css, html, js, json, svg, txt, wasm,
// webmanifest, mjs, map).
bool is_ui_compressible_extension(std::string_view extension);

// Content codings to try, best first, for an Accept-Encoding header value (absent: ""):
// "br", "gzip" and "identity" ordered by q-value (ties in that order), those with q=0
// left out. An empty header means identity only. An empty list means nothing acceptable.
std::vector<std::string> ui_accepted_encodings(std::string_view accept_encoding);

// A strong validator for one representation: size, modification time and coding.
std::string ui_entity_tag(std::uint64_t size, std::int64_t mtime_seconds, std::int64_t mtime_nanoseconds,
                          std::string_view encoding);

// True when an If-None-Match value lists `etag` (weak comparison, as for GET) or is "*".
bool ui_if_none_match(std::string_view if_none_match, std::string_view etag);

// An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") for Last-Modified.
std::string http_date(std::int64_t unix_seconds);

// The seconds since the epoch an HTTP date names, nullopt when it is not an IMF-fixdate.
std::optional<std::int64_t> parse_http_date(std::string_view text);

// Upstream's Cache-Control for the hashed bundles under assets/.
inline constexpr std::string_view kUiImmutableCacheControl = "public, max-age=31536000, immutable";

// True when a request's Accept header lets it take the SPA's HTML (absent, */*, text/*,
// text/html or application/xhtml+xml with q > 0): upstream falls back to index.html only
// then, so a script or image that is missing gets its 404.
bool ui_accepts_html(std::string_view accept);

}  // namespace openclaw::server
