# The OpenClaw Gateway VM, as user-data: scripts/cloud-init/user-data.yaml rendered with this
# deployment's settings (user-data.yaml.tftpl is that file with its settings as template
# variables; deploy/sync-user-data.py regenerates it and a test keeps the two in step).
#
# Secrets never enter the user-data, which any process on the VM can read from the metadata
# service and anyone allowed to describe the instance can read from the cloud's API. The VM
# fetches each secret by name with secret_command (the root module decides where they live:
# see examples/aws for SSM Parameter Store) into /var/lib/openclaw/credentials/ (0600).

locals {
  # Packages the shipped user-data installs; extra_packages are added after them.
  base_packages = ["ca-certificates", "curl", "nftables", "caddy"]

  credentials_dir = "/var/lib/openclaw/credentials"

  # The provisioning spec (docs/provisioning.md), as JSON (which is YAML). The bootstrap adds
  # --public-url https://<public_host> and --owner <openclaw user>. The token is not named here:
  # the VM puts the fetched one in credentials/gateway-token, and openclaw-provision keeps it.
  # Optional keys are left out rather than written as null ({ for ... if v != null }: a braced
  # for expression makes an object, so the values may have different types).
  provision_spec = { for key, value in {
    stateDir = "/var/lib/openclaw"
    gateway = {
      port           = 18789
      bind           = "loopback"
      trustedProxies = ["127.0.0.1", "::1"]
      auth           = { mode = "token" }
      openai         = { chatCompletions = var.openai_chat_completions }
    }
    models = { for key, value in {
      primary   = var.models_primary
      fallbacks = length(var.models_fallbacks) > 0 ? var.models_fallbacks : null
    } : key => value if value != null }
    providers = {
      for id, p in var.providers_config : id => { for key, value in {
        apiKeyFile = p.api_key_secret == null ? null : "${local.credentials_dir}/${p.api_key_secret}"
        baseUrl    = p.base_url
        api        = p.api
        models     = p.models
      } : key => value if value != null }
    }
    devices = length(var.owner_devices) == 0 ? null : [
      for d in var.owner_devices : { name = d.name, publicKey = d.public_key }
    ]
  } : key => value if value != null }

  # deploy.env settings, shell-quoted the way the shipped file writes them: a value made only
  # of safe characters as is, anything else in single quotes ('\'' for a quote inside).
  deploy_settings = {
    install_from   = var.install_from
    release_url    = var.release_url
    release_sha256 = var.release_sha256
    attached       = var.attached_path
    public_host    = var.public_host
    acme_email     = var.acme_email
    secrets_dir    = var.secrets_dir
    secret_command = var.secret_command
    firewall       = var.firewall ? "yes" : "no"
    ssh_port       = tostring(var.ssh_port)
  }
  deploy_env = {
    for name, value in local.deploy_settings : name =>
    can(regex("^[-A-Za-z0-9_./:@%+=,]*$", value)) ? value : "'${replace(value, "'", "'\\''")}'"
  }

  user_data = templatefile("${path.module}/user-data.yaml.tftpl", merge(local.deploy_env, {
    packages       = join("\n", [for p in concat(local.base_packages, var.extra_packages) : "  - ${p}"])
    provision_spec = indent(6, jsonencode(local.provision_spec))
  }))

  # Names the VM asks secret_command for: the token, then each provider's key.
  secret_names = concat(
    ["gateway-token"],
    [for id, p in var.providers_config : p.api_key_secret if p.api_key_secret != null],
  )

  # What `openclaw-provision apply --json` reports as summary.tokenFingerprint for this token:
  # "sha256:" and the first 12 lowercase hex digits of SHA-256 over the token's bytes
  # (gateway/core/crypto/fingerprint.cpp). The VM strips the newline the secret command
  # prints; the token itself has no whitespace (see the variable's validation).
  token_fingerprint = "sha256:${substr(sha256(var.gateway_token), 0, 12)}"
}
