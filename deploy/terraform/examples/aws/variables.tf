variable "region" {
  description = "AWS region."
  type        = string
  default     = "eu-central-1"
}

variable "name" {
  description = "Name of this gateway: prefixes the resources and the SSM parameters (/openclaw/<name>/...)."
  type        = string
  default     = "openclaw"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,30}$", var.name))
    error_message = "name must be lowercase letters, digits and '-' (at most 31), starting with a letter."
  }
}

variable "public_host" {
  description = "DNS name for the gateway (gw.example.com). Point its A record at the public_ip output, or give route53_zone_id and this module does it."
  type        = string
}

variable "route53_zone_id" {
  description = "Route 53 hosted zone that holds public_host (optional)."
  type        = string
  default     = ""
}

variable "acme_email" {
  description = "E-mail for Let's Encrypt (optional)."
  type        = string
  default     = ""
}

variable "gateway_token" {
  description = "The gateway token: export TF_VAR_gateway_token=$(openssl rand -hex 32)."
  type        = string
  sensitive   = true
}

variable "openai_api_key" {
  description = "OpenAI API key for the default model: export TF_VAR_openai_api_key=sk-..."
  type        = string
  sensitive   = true
}

variable "owner_public_key" {
  description = "Your laptop's OpenClaw device public key (base64url), approved in advance. Empty: approve it on the VM after the first connect."
  type        = string
  default     = ""
}

variable "release_url" {
  description = "https URL of the release .tar.gz with the static binaries."
  type        = string
}

variable "release_sha256" {
  description = "sha256 of that .tar.gz."
  type        = string
}

variable "instance_type" {
  description = "EC2 instance type. The gateway needs a few tens of MB; the smallest type will do."
  type        = string
  default     = "t3.micro"
}

variable "ssh_key_name" {
  description = "EC2 key pair for SSH (optional; without it use SSM Session Manager or EC2 Instance Connect)."
  type        = string
  default     = ""
}

variable "ssh_cidrs" {
  description = "Addresses allowed to reach SSH (port 22). Empty: SSH is not opened in the security group."
  type        = list(string)
  default     = []
}
