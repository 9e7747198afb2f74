// The OpenClaw Gateway VM's user-data, rendered from the same template as the Terraform module
// (deploy/terraform/user-data.yaml.tftpl, made from scripts/cloud-init/user-data.yaml), so both
// tools give the VM byte-identical user-data for the same settings.
//
// Pure functions only (no Pulumi, no files): the tests compile this file with tsc and run it
// with node against the shipped user-data and the real openclaw-provision.
import { createHash } from "crypto";

export interface ProviderOptions {
    // Name of the secret holding the provider's API key; the VM fetches it into credentials/<name>.
    apiKeySecret?: string;
    // For custom OpenAI-compatible or Anthropic endpoints (docs/provisioning.md).
    baseUrl?: string;
    api?: string;
    models?: string[];
}

export interface OwnerDevice {
    name: string;
    publicKey: string; // Ed25519, base64url of the raw 32 bytes; not a secret
}

export interface GatewayOptions {
    publicHost: string;
    acmeEmail?: string;
    releaseUrl?: string;
    releaseSha256?: string;
    installFrom?: "auto" | "url" | "file";
    attachedPath?: string;
    secretCommand?: string;
    secretsDir?: string;
    extraPackages?: string[];
    firewall?: boolean;
    sshPort?: number;
    modelsPrimary?: string;
    modelsFallbacks?: string[];
    openaiChatCompletions?: boolean;
    providers?: Record<string, ProviderOptions>;
    ownerDevices?: OwnerDevice[];
}

// The packages the shipped user-data installs; extraPackages come after them.
export const BASE_PACKAGES = ["ca-certificates", "curl", "nftables", "caddy"];
export const DEFAULT_SECRET_COMMAND = 'cloud-init query "ds.meta_data.openclaw-$1"';
const CREDENTIALS_DIR = "/var/lib/openclaw/credentials";
// A deploy.env value made only of these characters is written unquoted (as in main.tf).
const SHELL_SAFE = /^[-A-Za-z0-9_./:@%+=,]*$/;

// `value` as a POSIX sh word: unchanged when it is made of safe characters, else in single
// quotes with each quote written '\''. The same rule as main.tf's deploy_env.
export function shQuote(value: string): string {
    return SHELL_SAFE.test(value) ? value : "'" + value.replace(/'/g, "'\\''") + "'";
}

// What Terraform's templatefile() returns for this template: ${name} takes values[name],
// $${ and %%{ are literal ${ and %{. Throws on anything else (an expression, a %{ directive,
// a name without a value), so it cannot silently render differently from Terraform.
export function renderTemplate(template: string, values: Record<string, string>): string {
    return template.replace(/\$\$\{|%%\{|\$\{([^}]*)\}|%\{/g, (token: string, name?: string) => {
        if (token === "$${") return "${";
        if (token === "%%{") return "%{";
        if (token === "%{") throw new Error("user-data template: %{ directives are not supported");
        const key = name ?? "";
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
            throw new Error(`user-data template: \${${key}} is not a plain variable name`);
        }
        if (!(key in values)) throw new Error(`user-data template: no value for \${${key}}`);
        return values[key];
    });
}

// JSON as Terraform's jsonencode writes it: no spaces, object keys sorted, and <, >, &,
// U+2028, U+2029 escaped as \u003c... (Go's encoder does that).
export function terraformJson(value: unknown): string {
    const sorted = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(sorted);
        if (v !== null && typeof v === "object") {
            const out: Record<string, unknown> = {};
            for (const key of Object.keys(v as object).sort()) out[key] = sorted((v as Record<string, unknown>)[key]);
            return out;
        }
        return v;
    };
    return JSON.stringify(sorted(value)).replace(/[<>&\u2028\u2029]/g,
        (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

// Throws an Error naming the first setting that is wrong (the messages match variables.tf).
export function validateOptions(o: GatewayOptions): void {
    const fail = (message: string): never => { throw new Error(message); };
    if (!/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(o.publicHost)) {
        fail("publicHost must be a lowercase DNS name such as gw.example.com (no scheme, port or path).");
    }
    if (o.acmeEmail && !/^[^@\s'/&\\]+@[^@\s'/&\\]+$/.test(o.acmeEmail)) fail("acmeEmail must be an e-mail address (or empty).");
    if (o.releaseUrl && !/^https:\/\/[^\s']+$/.test(o.releaseUrl)) fail("releaseUrl must be an https:// URL (or empty).");
    if (o.releaseSha256 && !/^[0-9a-f]{64}$/.test(o.releaseSha256)) fail("releaseSha256 must be 64 lowercase hex digits (sha256sum prints it).");
    if (o.releaseUrl && !o.releaseSha256) fail("releaseUrl is set but releaseSha256 is empty: the VM refuses a download it cannot check.");
    if (o.secretCommand !== undefined && /[\r\n]/.test(o.secretCommand)) fail("secretCommand must be one line.");
    for (const p of o.extraPackages ?? []) if (!/^[a-z0-9][a-z0-9+.-]+$/.test(p)) fail(`extraPackages: ${JSON.stringify(p)} is not a Debian package name.`);
    const port = o.sshPort ?? 22;
    if (!Number.isInteger(port) || port < 1 || port > 65535) fail("sshPort must be a port number (1-65535).");
    for (const [id, p] of Object.entries(o.providers ?? {})) {
        if (!/^[a-z][a-z0-9_-]{0,63}$/.test(id)) fail(`providers: ${JSON.stringify(id)} is not a provider id (lowercase, e.g. openai).`);
        if (p.apiKeySecret !== undefined && !/^[A-Za-z0-9._-]+$/.test(p.apiKeySecret)) fail(`providers.${id}.apiKeySecret may use only letters, digits, '.', '_' and '-'.`);
    }
}

// Throws unless `token` can be a gateway token (the rule of variables.tf). Never echoes it.
export function validateToken(token: string): void {
    if (!/^[!-~]{32,512}$/.test(token)) {
        throw new Error("gatewayToken must be 32 to 512 printable ASCII characters without spaces or newlines (openssl rand -hex 32 makes one).");
    }
}

const DEFAULT_PROVIDERS: Record<string, ProviderOptions> = { openai: { apiKeySecret: "openai-api-key" } };

// The provisioning spec the VM applies (docs/provisioning.md); secrets only as file references.
export function provisionSpec(o: GatewayOptions): Record<string, unknown> {
    const providers: Record<string, unknown> = {};
    for (const [id, p] of Object.entries(o.providers ?? DEFAULT_PROVIDERS)) {
        const entry: Record<string, unknown> = {};
        if (p.apiKeySecret !== undefined) entry.apiKeyFile = `${CREDENTIALS_DIR}/${p.apiKeySecret}`;
        if (p.baseUrl !== undefined) entry.baseUrl = p.baseUrl;
        if (p.api !== undefined) entry.api = p.api;
        if (p.models !== undefined) entry.models = p.models;
        providers[id] = entry;
    }
    const models: Record<string, unknown> = { primary: o.modelsPrimary ?? "openai/gpt-5-mini" };
    if ((o.modelsFallbacks ?? []).length > 0) models.fallbacks = o.modelsFallbacks;
    const spec: Record<string, unknown> = {
        stateDir: "/var/lib/openclaw",
        gateway: {
            port: 18789,
            bind: "loopback",
            trustedProxies: ["127.0.0.1", "::1"],
            auth: { mode: "token" },
            openai: { chatCompletions: o.openaiChatCompletions ?? true },
        },
        models,
        providers,
    };
    if ((o.ownerDevices ?? []).length > 0) {
        spec.devices = o.ownerDevices!.map((d) => ({ name: d.name, publicKey: d.publicKey }));
    }
    return spec;
}

// The names the VM asks its secret command for: the token, then each provider's key.
export function secretNames(o: GatewayOptions): string[] {
    const names = ["gateway-token"];
    for (const p of Object.values(o.providers ?? DEFAULT_PROVIDERS)) if (p.apiKeySecret !== undefined) names.push(p.apiKeySecret);
    return names;
}

// The template's variables for these options, each in its rendered form (main.tf's locals).
export function templateValues(o: GatewayOptions): Record<string, string> {
    const settings: Record<string, string> = {
        install_from: o.installFrom ?? "auto",
        release_url: o.releaseUrl ?? "",
        release_sha256: o.releaseSha256 ?? "",
        attached: o.attachedPath ?? "/opt/openclaw-release",
        public_host: o.publicHost,
        acme_email: o.acmeEmail ?? "",
        secrets_dir: o.secretsDir ?? "/run/openclaw-secrets",
        secret_command: o.secretCommand ?? DEFAULT_SECRET_COMMAND,
        firewall: (o.firewall ?? true) ? "yes" : "no",
        ssh_port: String(o.sshPort ?? 22),
    };
    const values: Record<string, string> = {};
    for (const [name, value] of Object.entries(settings)) values[name] = shQuote(value);
    values.packages = [...BASE_PACKAGES, ...(o.extraPackages ?? [])].map((p) => `  - ${p}`).join("\n");
    // Terraform's indent(6, ...): every line but the first gets six spaces.
    values.provision_spec = terraformJson(provisionSpec(o)).replace(/\n/g, "\n      ");
    return values;
}

// The #cloud-config for the VM. `template` is the text of user-data.yaml.tftpl.
export function renderUserData(template: string, o: GatewayOptions): string {
    validateOptions(o);
    return renderTemplate(template, templateValues(o));
}

// What openclaw-provision apply --json reports as summary.tokenFingerprint for `token`:
// "sha256:" and the first 12 lowercase hex digits of SHA-256 over its UTF-8 bytes.
export function tokenFingerprint(token: string): string {
    return "sha256:" + createHash("sha256").update(token, "utf8").digest("hex").substring(0, 12);
}
