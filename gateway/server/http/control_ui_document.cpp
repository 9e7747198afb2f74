#include "server/http/control_ui_document.h"

#include <array>
#include <cctype>

#include "agents/agent_id.h"
#include "core/crypto/encoding.h"
#include "core/crypto/sha256.h"
#include "core/util/text.h"

namespace openclaw::server {
namespace {

// The build's root files, linked from index.html as "./name" (upstream
// CONTROL_UI_ROOT_PUBLIC_ASSETS).
constexpr std::array<std::string_view, 6> kRootPublicAssets = {
    "apple-touch-icon.png", "favicon-32.png", "favicon.ico", "favicon.svg", "manifest.webmanifest", "sw.js"};

constexpr std::string_view kDefaultAssistantName = "Assistant";
constexpr std::string_view kDefaultAssistantAvatar = "A";
// Longer names are cut (upstream truncates identity values too).
constexpr std::size_t kMaxAssistantNameBytes = 200;
constexpr std::size_t kMaxAvatarTextChars = 16;

std::string escape_attribute(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  std::size_t at = 0;
  while ((at = text.find(from, at)) != std::string::npos) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
}

// `text` cut to at most `max_bytes` without splitting a UTF-8 sequence.
void truncate_utf8(std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
}

std::string trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return std::string(text);
}

// A string field of the default agent's `identity`, trimmed; "" when absent.
std::string identity_field(const config::AgentEntry* agent, const char* key) {
  if (!agent || !agent->raw.is_object()) return "";
  const auto identity = agent->raw.find("identity");
  if (identity == agent->raw.end() || !identity->is_object()) return "";
  const auto value = identity->find(key);
  return value != identity->end() && value->is_string() ? trimmed(value->get<std::string>()) : "";
}

// An avatar the SPA can show as it is: short text (an emoji, initials) or a URL. Local
// image paths need upstream's /avatar route, which this gateway does not serve.
bool usable_avatar(std::string_view avatar) {
  if (avatar.empty()) return false;
  if (avatar.starts_with("https://") || avatar.starts_with("http://") || avatar.starts_with("data:image/")) return true;
  return avatar.size() <= kMaxAvatarTextChars && avatar.find('/') == std::string_view::npos &&
         avatar.find('.') == std::string_view::npos;
}

// True when a lowercase opening <script …> tag has a src attribute (an external script
// needs no hash).
bool has_src_attribute(std::string_view open_tag) {
  std::size_t at = 0;
  while ((at = open_tag.find("src", at)) != std::string_view::npos) {
    const bool starts = at > 0 && std::isspace(static_cast<unsigned char>(open_tag[at - 1]));
    std::size_t next = at + 3;
    while (next < open_tag.size() && std::isspace(static_cast<unsigned char>(open_tag[next]))) ++next;
    if (starts && (next == open_tag.size() || open_tag[next] == '=')) return true;
    at += 3;
  }
  return false;
}

}  // namespace

std::string stamp_index_html(std::string_view html, std::string_view base_path) {
  std::string out(html);
  const std::string base(base_path);
  replace_all(out, "src=\"./assets/", "src=\"" + base + "/assets/");
  replace_all(out, "href=\"./assets/", "href=\"" + base + "/assets/");
  for (const auto asset : kRootPublicAssets) {
    const std::string absolute = "href=\"" + base + "/" + std::string(asset) + "\"";
    replace_all(out, "href=\"./" + std::string(asset) + "\"", absolute);
    if (!base.empty()) replace_all(out, "href=\"/" + std::string(asset) + "\"", absolute);
  }
  const std::size_t tag = ascii_lowercase(out).find("<html");
  if (tag != std::string::npos) {
    out.insert(tag + 5, " data-openclaw-control-ui-base-path=\"" + escape_attribute(base_path) +
                            "\" data-openclaw-terminal-enabled=\"false\"");
  }
  return out;
}

std::string ui_content_security_policy(std::string_view html) {
  std::string scripts = "'self'";
  const std::string lower = ascii_lowercase(html);
  std::size_t at = 0;
  while ((at = lower.find("<script", at)) != std::string::npos) {
    const std::size_t open_end = html.find('>', at);
    if (open_end == std::string::npos) break;
    const std::size_t close = lower.find("</script>", open_end);
    if (close == std::string::npos) break;
    const std::string_view open_tag = std::string_view(lower).substr(at, open_end - at);
    const bool has_src = has_src_attribute(open_tag);
    const std::string_view content = html.substr(open_end + 1, close - open_end - 1);
    if (!has_src && !content.empty()) {
      const auto digest = crypto::sha256(content);
      scripts += " 'sha256-" + crypto::base64_encode(digest) + "'";
    }
    at = close + 9;
  }
  return "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; "
         "frame-src 'self' http: https:; script-src " +
         scripts +
         "; style-src 'self' 'unsafe-inline' https://fonts.googleapis.com; img-src 'self' data: blob: https:; "
         "media-src 'self' data: blob:; font-src 'self' https://fonts.gstatic.com; worker-src 'self'; "
         "connect-src 'self' ws: wss: data: https://api.openai.com https://tweakcn.com";
}

nlohmann::ordered_json ui_bootstrap_config(const config::Config& config, std::string_view base_path,
                                           std::string_view server_version) {
  const config::AgentEntry* agent = config.agents.default_agent();
  std::string name = identity_field(agent, "name");
  truncate_utf8(name, kMaxAssistantNameBytes);
  std::string avatar = identity_field(agent, "avatar");
  if (!usable_avatar(avatar)) avatar = identity_field(agent, "emoji");
  if (!usable_avatar(avatar)) avatar = std::string(kDefaultAssistantAvatar);
  const auto& ui = config.gateway.control_ui;
  nlohmann::ordered_json body;
  body["basePath"] = std::string(base_path);
  body["assistantName"] = name.empty() ? std::string(kDefaultAssistantName) : name;
  body["assistantAvatar"] = avatar;
  body["assistantAgentId"] = agents::default_agent_id(config);
  body["serverVersion"] = std::string(server_version);
  body["localMediaPreviewRoots"] = nlohmann::ordered_json::array();
  body["embedSandbox"] = std::string(config::to_string(ui.embed_sandbox));
  body["allowExternalEmbedUrls"] = ui.allow_external_embed_urls;
  return body;
}

}  // namespace openclaw::server
