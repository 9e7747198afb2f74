// gateway.tls (spec §5.2): the certificate and key the gateway serves, loaded from the
// configured paths or, with autoGenerate, a self-signed pair created once in
// <state>/gateway/tls/ (operator pain: browsers need a secure context for device identity).
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "core/config/model.h"
#include "core/state/layout.h"
#include "core/util/result.h"
#include "server/runtime_settings.h"

namespace openclaw::server {

// Resolves the cert/key paths, generating the self-signed pair when asked and missing.
// Fails naming the file and the reason (missing, unreadable, not PEM, key does not match).
Result<TlsSettings> prepare_tls(const config::TlsConfig& config, const state::StateLayout& layout);

// A TLS 1.2+ server context holding the certificate chain and key of `settings`.
Result<std::shared_ptr<boost::asio::ssl::context>> make_tls_context(const TlsSettings& settings);

}  // namespace openclaw::server
