# The core module creates no resources and needs no provider: it turns settings into the VM's
# user-data and reports what the VM will have. Terraform 1.5+ or OpenTofu 1.6+ (optional()
# object attributes, output preconditions, nonsensitive()).
terraform {
  required_version = ">= 1.5.0"
}
