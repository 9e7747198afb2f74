// Doctor's "Gateway auth" and "Security" sections: would the gateway start with this bind and
// auth (the refusals of `gateway run`, spec §3.1-§3.3), where its shared secret comes from,
// whether a browser at a public hostname would be let in (allowedOrigins, spec §3.6), and
// whether gateway.trustedProxies trusts far more than a proxy (spec §3.4, operator-pain A1).
#pragma once

#include "cli/doctor/doctor_inputs.h"
#include "cli/doctor/finding.h"

namespace openclaw::cli::doctor {

inline constexpr const char* kGatewayAuthSection = "Gateway auth";
inline constexpr const char* kSecuritySection = "Security";

// A prefix shorter than this trusts a whole /0-/7 block (0.0.0.0/0, ::/0, fc00::/7, ...):
// no reverse proxy needs that much.
inline constexpr int kNarrowestTooWidePrefix = 8;

// With --fix, a gateway that cannot start for want of a token gets a generated one (see
// install_generated_gateway_token); --generate-gateway-token also replaces auth "none" on a
// loopback gateway, which starts but lets every local process in.
void check_gateway_auth(const DoctorInputs& inputs, const DoctorOptions& options,
                        Findings& findings);

void check_network_exposure(const DoctorInputs& inputs, Findings& findings);

}  // namespace openclaw::cli::doctor
