output "url" {
  description = "Open this in a browser for the Control UI; clients connect to the same origin (wss://)."
  value       = module.openclaw.url
}

output "token_fingerprint" {
  description = "Fingerprint of the gateway token; the VM logs the same one (openclaw-bootstrap: provisioned ... token sha256:...)."
  value       = module.openclaw.token_fingerprint
}

output "public_ip" {
  description = "Point public_host's A record here (done for you when route53_zone_id is set)."
  value       = aws_eip.gateway.public_ip
}

output "instance_id" {
  value = aws_instance.gateway.id
}
