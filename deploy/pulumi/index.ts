// OpenClaw Gateway on one AWS EC2 instance, bootstrapped by the shipped cloud-init user-data:
// the Pulumi twin of deploy/terraform/examples/aws (docs/deploy-iac.md).
//
// Secrets: the gateway token and the OpenAI key are Pulumi config secrets (encrypted in the
// stack file and the state). They go to SSM Parameter Store as SecureString under
// /openclaw/<name>/<secret>; the instance's role may read exactly those, and the user-data holds
// only the command that reads them, never a value.
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { GatewayOptions, renderUserData, secretNames, tokenFingerprint as fingerprintOf, validateToken } from "./userData";

const config = new pulumi.Config();
const name = config.get("name") ?? "openclaw";
const publicHost = config.require("publicHost");
const route53ZoneId = config.get("route53ZoneId") ?? "";
const sshCidrs = config.getObject<string[]>("sshCidrs") ?? [];
const ownerPublicKey = config.get("ownerPublicKey") ?? "";
const gatewayToken = config.requireSecret("gatewayToken");
const openaiApiKey = config.requireSecret("openaiApiKey");
const region = aws.getRegionOutput().region;

if (!/^[a-z][a-z0-9-]{0,30}$/.test(name)) {
    throw new Error("name must be lowercase letters, digits and '-' (at most 31), starting with a letter.");
}
const parameterPrefix = `/openclaw/${name}`;

const template = fs.readFileSync(path.join(__dirname, "..", "terraform", "user-data.yaml.tftpl"), "utf8");

// Run on the VM with the secret's name as $1; prints the value.
const secretCommand = pulumi.interpolate`aws ssm get-parameter --region ${region} --with-decryption --name "${parameterPrefix}/$1" --query Parameter.Value --output text`;

const gatewayOptions = secretCommand.apply((command): GatewayOptions => ({
    publicHost,
    acmeEmail: config.get("acmeEmail") ?? "",
    releaseUrl: config.require("releaseUrl"),
    releaseSha256: config.require("releaseSha256"),
    secretCommand: command,
    extraPackages: ["awscli"],
    ownerDevices: ownerPublicKey ? [{ name: "owner laptop", publicKey: ownerPublicKey }] : [],
}));

// One SecureString parameter per secret the VM asks for.
const secretValues: Record<string, pulumi.Output<string>> = {
    "gateway-token": gatewayToken.apply((token) => {
        validateToken(token);
        return token;
    }),
    "openai-api-key": openaiApiKey,
};
const parameters = secretNames({ publicHost }).map((secret) => {
    const value = secretValues[secret];
    if (value === undefined) throw new Error(`no value for secret ${secret}`);
    return new aws.ssm.Parameter(`${name}-${secret}`, {
        name: `${parameterPrefix}/${secret}`,
        type: "SecureString",
        value: pulumi.secret(value),
    });
});

const caller = aws.getCallerIdentityOutput();
const partition = aws.getPartitionOutput();

const role = new aws.iam.Role(`${name}-gateway`, {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ec2.amazonaws.com" } }],
    }),
});

// The instance may read its own parameters and nothing else.
const readSecrets = new aws.iam.RolePolicy(`${name}-read-secrets`, {
    role: role.id,
    policy: pulumi.all([partition.partition, region, caller.accountId]).apply(([part, reg, account]) =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow",
                Action: "ssm:GetParameter",
                Resource: `arn:${part}:ssm:${reg}:${account}:parameter${parameterPrefix}/*`,
            }],
        })),
});

const profile = new aws.iam.InstanceProfile(`${name}-gateway`, { role: role.name });

// Debian 12 from Debian's own AWS account.
const ami = aws.ec2.getAmiOutput({
    mostRecent: true,
    owners: ["136693071363"],
    filters: [
        { name: "name", values: ["debian-12-amd64-*"] },
        { name: "architecture", values: ["x86_64"] },
    ],
});

// Inbound: HTTP (ACME, redirect), HTTPS (TCP and QUIC), SSH only from sshCidrs. Port 18789 is
// never opened: the gateway listens on loopback behind Caddy.
const securityGroup = new aws.ec2.SecurityGroup(`${name}-gateway`, {
    description: "OpenClaw Gateway: 80 and 443 in, SSH from sshCidrs",
    ingress: [
        { description: "HTTP (ACME, redirect to HTTPS)", protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] },
        { description: "HTTPS", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
        { description: "HTTP/3", protocol: "udp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
        ...(sshCidrs.length > 0 ? [{ description: "SSH", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: sshCidrs }] : []),
    ],
    egress: [{ description: "Model providers, Let's Encrypt, Debian mirrors, SSM", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
});

// About 19 KB of user-data; AWS takes at most 16 KB, so it goes gzipped (cloud-init unpacks it).
const userDataBase64 = gatewayOptions.apply((options) =>
    zlib.gzipSync(Buffer.from(renderUserData(template, options), "utf8")).toString("base64"));

const instance = new aws.ec2.Instance(`${name}-gateway`, {
    ami: ami.id,
    instanceType: config.get("instanceType") ?? "t3.micro",
    iamInstanceProfile: profile.name,
    vpcSecurityGroupIds: [securityGroup.id],
    keyName: config.get("sshKeyName"),
    userDataBase64,
    metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" },
    rootBlockDevice: { encrypted: true, volumeSize: 10 },
    tags: { Name: name },
}, {
    // The secrets must exist before the VM boots and asks for them.
    dependsOn: [...parameters, readSecrets],
    // cloud-init runs the user-data once per instance; upgrades run the bootstrap again.
    ignoreChanges: ["userDataBase64", "ami"],
});

const eip = new aws.ec2.Eip(`${name}-gateway`, { instance: instance.id, domain: "vpc" });

if (route53ZoneId) {
    new aws.route53.Record(`${name}-gateway`, {
        zoneId: route53ZoneId,
        name: publicHost,
        type: "A",
        ttl: 300,
        records: [eip.publicIp],
    });
}

export const url = `https://${publicHost}`;
// The same fingerprint the VM's openclaw-provision apply --json reports; the token stays secret.
export const tokenFingerprint = pulumi.unsecret(gatewayToken.apply(fingerprintOf));
export const publicIp = eip.publicIp;
export const instanceId = instance.id;
