output "user_data" {
  description = "The #cloud-config to give the VM. Holds no secret (the VM fetches them by name)."
  value       = local.user_data

  precondition {
    condition     = var.release_url == "" || var.release_sha256 != ""
    error_message = "release_url is set but release_sha256 is empty: the VM refuses a download it cannot check."
  }
}

output "user_data_gzip_base64" {
  description = "The same user-data gzipped and base64-encoded, for clouds whose limit the plain text exceeds (AWS: 16 KiB before base64; cloud-init unpacks gzip itself)."
  value       = base64gzip(local.user_data)
}

output "url" {
  description = "The gateway's public URL: the Control UI, and wss:// for clients (the same origin)."
  value       = "https://${var.public_host}"
}

output "token_fingerprint" {
  description = "Fingerprint of gateway_token, as openclaw-provision apply --json reports it on the VM (summary.tokenFingerprint). Compare the two to know the VM got this token; the token itself is never shown."
  value       = nonsensitive(local.token_fingerprint)
}

output "secret_names" {
  description = "Names the VM fetches with secret_command; store a value under each (see secrets)."
  value       = local.secret_names
}

output "secrets" {
  description = "Each secret's value by the name the VM asks for, for the root module to put in its secret store."
  sensitive   = true
  value = merge(
    { "gateway-token" = var.gateway_token },
    { for id, p in var.providers_config : p.api_key_secret => lookup(var.provider_api_keys, id, "") if p.api_key_secret != null },
  )

  precondition {
    condition = alltrue([
      for id, p in var.providers_config : p.api_key_secret == null || lookup(var.provider_api_keys, id, "") != ""
    ])
    error_message = "provider_api_keys has no key for a provider whose api_key_secret is set in providers_config (the VM would stop at \"secret ... is missing\")."
  }
}

output "provision_spec" {
  description = "The provisioning spec the VM applies (JSON; no secrets, only file references)."
  value       = local.provision_spec
}
