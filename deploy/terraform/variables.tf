# Inputs of the OpenClaw Gateway VM module. Nothing here is a secret except gateway_token and
# provider_api_keys, which never reach the user-data: the VM fetches them at boot by name
# (see secret_command) and the root module stores them where that command looks.

variable "public_host" {
  description = "Public DNS name of the VM (an A/AAAA record you point at it). Caddy on the VM gets a Let's Encrypt certificate for it; https://<public_host> becomes the gateway URL and the Control UI's allowed origin."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.public_host))
    error_message = "public_host must be a lowercase DNS name such as gw.example.com (no scheme, port or path)."
  }
}

variable "acme_email" {
  description = "E-mail address for Let's Encrypt (optional)."
  type        = string
  default     = ""

  validation {
    condition     = var.acme_email == "" || can(regex("^[^@\\s'/&\\\\]+@[^@\\s'/&\\\\]+$", var.acme_email))
    error_message = "acme_email must be an e-mail address (or empty)."
  }
}

variable "gateway_token" {
  description = "The gateway's shared token (generate one: openssl rand -hex 32). It never enters the user-data: the root module stores it in a secret store and the VM fetches it by the name gateway-token. 32 to 512 printable ASCII characters, no spaces."
  type        = string
  sensitive   = true

  validation {
    condition     = can(regex("^[!-~]{32,512}$", var.gateway_token))
    error_message = "gateway_token must be 32 to 512 printable ASCII characters without spaces or newlines (openssl rand -hex 32 makes one)."
  }
}

variable "provider_api_keys" {
  description = "API keys of the model providers, by provider id (openai = \"sk-...\"). Like the token, they go to the secret store and are fetched by the VM as credentials/<api_key_secret>; never into the user-data."
  type        = map(string)
  sensitive   = true
  default     = {}
}

variable "providers_config" {
  description = "Model providers for the spec (docs/provisioning.md): by provider id, the name of the secret holding its API key, and for custom OpenAI-compatible servers base_url, api and models."
  type = map(object({
    api_key_secret = optional(string)
    base_url       = optional(string)
    api            = optional(string)
    models         = optional(list(string))
  }))
  default = {
    openai = { api_key_secret = "openai-api-key" }
  }

  validation {
    condition = alltrue([
      for id, p in var.providers_config :
      can(regex("^[a-z][a-z0-9_-]{0,63}$", id)) &&
      (p.api_key_secret == null || can(regex("^[A-Za-z0-9._-]+$", p.api_key_secret)))
    ])
    error_message = "providers_config: ids are lowercase (openai, local-llm) and api_key_secret names use only letters, digits, '.', '_' and '-'."
  }
}

variable "models_primary" {
  description = "Default model, provider/model."
  type        = string
  default     = "openai/gpt-5-mini"
}

variable "models_fallbacks" {
  description = "Fallback models, in order."
  type        = list(string)
  default     = []
}

variable "openai_chat_completions" {
  description = "Serve the OpenAI-compatible POST /v1/chat/completions on the gateway."
  type        = bool
  default     = true
}

variable "owner_devices" {
  description = "Devices approved in advance (no pairing prompt): your laptop's OpenClaw device, by name and Ed25519 public key (base64url of the raw 32 bytes). Public keys are not secrets."
  type = list(object({
    name       = string
    public_key = string
  }))
  default = []
}

variable "release_url" {
  description = "https URL of a .tar.gz holding the static openclaw and openclaw-provision binaries. Empty: the VM uses the files attached at attached_path."
  type        = string
  default     = ""

  validation {
    condition     = var.release_url == "" || can(regex("^https://[^\\s']+$", var.release_url))
    error_message = "release_url must be an https:// URL (or empty)."
  }
}

variable "release_sha256" {
  description = "sha256 of the release .tar.gz (lowercase hex). Required with release_url: the VM installs a download only after its checksum matches."
  type        = string
  default     = ""

  validation {
    condition     = var.release_sha256 == "" || can(regex("^[0-9a-f]{64}$", var.release_sha256))
    error_message = "release_sha256 must be 64 lowercase hex digits (sha256sum prints it)."
  }
}

variable "install_from" {
  description = "Where the VM takes the binaries from: auto (attached_path when it exists, else release_url), url, or file."
  type        = string
  default     = "auto"

  validation {
    condition     = contains(["auto", "url", "file"], var.install_from)
    error_message = "install_from must be auto, url or file."
  }
}

variable "attached_path" {
  description = "A directory (or .tar.gz) with both binaries that the platform attaches to the VM."
  type        = string
  default     = "/opt/openclaw-release"
}

variable "secret_command" {
  description = "Shell command the VM runs to print secret $1 (gateway-token, openai-api-key, ...). The default reads the instance metadata key openclaw-$1 through cloud-init, which only some platforms let you set; the AWS example reads SSM Parameter Store instead."
  type        = string
  default     = "cloud-init query \"ds.meta_data.openclaw-$1\""

  validation {
    condition     = !can(regex("[\\r\\n]", var.secret_command))
    error_message = "secret_command must be one line."
  }
}

variable "secrets_dir" {
  description = "A directory on the VM checked first for each secret (a file per name), for platforms that attach files."
  type        = string
  default     = "/run/openclaw-secrets"
}

variable "extra_packages" {
  description = "Debian packages installed in addition to the user-data's own (curl, nftables, caddy, ...): e.g. awscli for an SSM secret_command."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for p in var.extra_packages : can(regex("^[a-z0-9][a-z0-9+.-]+$", p))])
    error_message = "extra_packages must be Debian package names."
  }
}

variable "firewall" {
  description = "Firewall the VM (nftables): inbound only SSH, 80 and 443. The gateway port is never opened; it listens on loopback."
  type        = bool
  default     = true
}

variable "ssh_port" {
  description = "SSH port the VM's firewall keeps open."
  type        = number
  default     = 22

  validation {
    condition     = var.ssh_port >= 1 && var.ssh_port <= 65535 && floor(var.ssh_port) == var.ssh_port
    error_message = "ssh_port must be a port number (1-65535)."
  }
}
