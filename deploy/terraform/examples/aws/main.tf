# One EC2 instance running the OpenClaw Gateway behind Caddy, from the core module's user-data.
#
# Secrets: the gateway token and the OpenAI key go to SSM Parameter Store as SecureString
# (/openclaw/<name>/<secret>), encrypted with the account's aws/ssm key. The instance's role may
# read exactly those parameters, and the user-data carries only the command that reads them.
# They are also in the Terraform state (as every value Terraform writes is): keep the state in
# an encrypted backend with restricted access.

provider "aws" {
  region = var.region
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  parameter_prefix = "/openclaw/${var.name}"
  # Run on the VM by the bootstrap with the secret's name as $1; prints the value.
  secret_command = "aws ssm get-parameter --region ${var.region} --with-decryption --name \"${local.parameter_prefix}/$1\" --query Parameter.Value --output text"
}

module "openclaw" {
  source = "../.."

  public_host       = var.public_host
  acme_email        = var.acme_email
  gateway_token     = var.gateway_token
  provider_api_keys = { openai = var.openai_api_key }
  owner_devices     = var.owner_public_key == "" ? [] : [{ name = "owner laptop", public_key = var.owner_public_key }]
  release_url       = var.release_url
  release_sha256    = var.release_sha256
  secret_command    = local.secret_command
  extra_packages    = ["awscli"]
}

resource "aws_ssm_parameter" "secret" {
  for_each = toset(module.openclaw.secret_names)

  name  = "${local.parameter_prefix}/${each.key}"
  type  = "SecureString"
  value = module.openclaw.secrets[each.key]
}

# The instance may read its own parameters and nothing else.
data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "read_secrets" {
  statement {
    actions = ["ssm:GetParameter"]
    resources = [
      "arn:${data.aws_partition.current.partition}:ssm:${var.region}:${data.aws_caller_identity.current.account_id}:parameter${local.parameter_prefix}/*",
    ]
  }
}

resource "aws_iam_role" "gateway" {
  name               = "${var.name}-gateway"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy" "read_secrets" {
  name   = "read-openclaw-secrets"
  role   = aws_iam_role.gateway.id
  policy = data.aws_iam_policy_document.read_secrets.json
}

resource "aws_iam_instance_profile" "gateway" {
  name = "${var.name}-gateway"
  role = aws_iam_role.gateway.name
}

# Debian 12 from Debian's own AWS account.
data "aws_ami" "debian" {
  most_recent = true
  owners      = ["136693071363"]
  filter {
    name   = "name"
    values = ["debian-12-amd64-*"]
  }
  filter {
    name   = "architecture"
    values = ["x86_64"]
  }
}

# Inbound: HTTP (ACME and the redirect), HTTPS (TCP and QUIC), and SSH only from ssh_cidrs. The
# gateway port 18789 is never opened: the gateway listens on loopback behind Caddy.
resource "aws_security_group" "gateway" {
  name        = "${var.name}-gateway"
  description = "OpenClaw Gateway: 80 and 443 in, SSH from ssh_cidrs"

  ingress {
    description = "HTTP (ACME, redirect to HTTPS)"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    description = "HTTP/3"
    from_port   = 443
    to_port     = 443
    protocol    = "udp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  dynamic "ingress" {
    for_each = length(var.ssh_cidrs) > 0 ? [1] : []
    content {
      description = "SSH"
      from_port   = 22
      to_port     = 22
      protocol    = "tcp"
      cidr_blocks = var.ssh_cidrs
    }
  }
  egress {
    description = "Model providers, Let's Encrypt, Debian mirrors, SSM"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "gateway" {
  ami                    = data.aws_ami.debian.id
  instance_type          = var.instance_type
  iam_instance_profile   = aws_iam_instance_profile.gateway.name
  vpc_security_group_ids = [aws_security_group.gateway.id]
  key_name               = var.ssh_key_name == "" ? null : var.ssh_key_name

  # The rendered user-data is about 19 KB; AWS takes at most 16 KB, so it goes gzipped
  # (cloud-init unpacks it).
  user_data_base64 = module.openclaw.user_data_gzip_base64

  metadata_options {
    http_tokens   = "required" # IMDSv2 only
    http_endpoint = "enabled"
  }

  root_block_device {
    encrypted   = true
    volume_size = 10
  }

  tags = { Name = var.name }

  # The secrets must exist before the VM boots and asks for them.
  depends_on = [aws_ssm_parameter.secret, aws_iam_role_policy.read_secrets]

  lifecycle {
    # cloud-init runs the user-data once per instance; a changed user-data would only stop and
    # start the VM without effect. Upgrades run the bootstrap again (docs/deploy-iac.md).
    ignore_changes = [user_data_base64, ami]
  }
}

resource "aws_eip" "gateway" {
  instance = aws_instance.gateway.id
  domain   = "vpc"
}

resource "aws_route53_record" "gateway" {
  count   = var.route53_zone_id == "" ? 0 : 1
  zone_id = var.route53_zone_id
  name    = var.public_host
  type    = "A"
  ttl     = 300
  records = [aws_eip.gateway.public_ip]
}
