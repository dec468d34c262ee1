/**
 * permissive-hosts: a host allow-list that admits any `Host` header — Django `ALLOWED_HOSTS`
 * containing `"*"` (directly, through `settings.configure()`, `.append("*")`, or as the fallback of
 * an environment lookup) and Starlette/FastAPI `TrustedHostMiddleware(allowed_hosts=["*"])`.
 *
 * Decisions:
 * - Files evidently for development, development config classes, `if DEBUG:` branches and dead
 *   branches are not reported; nor is a value a later settings module overrides.
 * - Subdomain wildcards (`".example.com"`, `"*.example.com"`) name one domain and are fine.
 * - A list read from the environment is reported only when its fallback contains `"*"`.
 */
import { unparen, type PyNode } from "../src/parse/ast.js";
import type { FileModel } from "../src/model/file-model.js";
import type { PatternRule, RuleContext } from "../src/rule.js";
import { asItems } from "../src/model/values.js";
import { calleeIn, constString, methodName, receiver } from "./lib/python.js";
import { branchState, configAssignment, envLookupWithDefault, isDevelopmentFile } from "./lib/settings.js";

const TRUSTED_HOST = new Set(["starlette.middleware.trustedhost.TrustedHostMiddleware", "fastapi.middleware.trustedhost.TrustedHostMiddleware"]);
const DJANGO_CONFIGURE = new Set(["django.conf.settings.configure"]);

export const rule: PatternRule = {
  meta: {
    id: "permissive-hosts",
    name: "PermissiveHosts",
    shortDescription: "Host allow-list accepts any Host header",
    fullDescription:
      "The list of host names the application answers to contains `*`, so a request with any `Host` header is accepted and the forged host flows into absolute URLs the application builds — password-reset links, redirects, cached pages.",
    docs: {
      whatItDoes:
        "Flags Django `ALLOWED_HOSTS` containing `\"*\"` — assigned at module or class level, passed to `settings.configure()`, appended, or used as the fallback of an environment lookup (`os.environ.get(\"ALLOWED_HOSTS\", \"*\").split(\",\")`, `env.list(\"ALLOWED_HOSTS\", default=[\"*\"])`) — and Starlette/FastAPI `TrustedHostMiddleware` with `\"*\"` in `allowed_hosts`. Constants are folded.\n\nNot flagged: subdomain patterns such as `\".example.com\"`, hosts read from the environment without a wildcard fallback, files evidently for development or tests, `if DEBUG:` branches, and a value that every deployed module of a settings package assigns again. A table of defaults is not flagged either: a settings module whose `SECRET_KEY` is empty, that imports no other settings and that no module beside it star-imports (a framework's own defaults module such as Django's `global_settings.py`) cannot be deployed as it is.",
      whyBad:
        "Django validates the `Host` header against `ALLOWED_HOSTS` because it uses that header to build absolute URLs (`request.build_absolute_uri()`, `get_host()`, password-reset e-mails). With `*`, an attacker can request a password reset for a victim with `Host: attacker.example`: the e-mail the victim receives carries a genuine reset token in a link to the attacker's site. The same forged host poisons shared caches and redirects.",
      example: ["ALLOWED_HOSTS = [\"*\"]", "", "INSTALLED_APPS = [\"django.contrib.auth\", \"django.contrib.contenttypes\", \"shop\"]", "ROOT_URLCONF = \"shop.urls\"", ""].join("\n"),
      useInstead: [
        "import os",
        "",
        "ALLOWED_HOSTS = os.environ.get(\"ALLOWED_HOSTS\", \"shop.example.com\").split(\",\")",
        "",
        "INSTALLED_APPS = [\"django.contrib.auth\", \"django.contrib.contenttypes\", \"shop\"]",
        "ROOT_URLCONF = \"shop.urls\"",
        "",
      ].join("\n"),
      useInsteadText:
        "List the host names the site is served under (a leading dot admits subdomains: `\".example.com\"`), typically from the environment with a safe fallback. Behind a proxy, let the proxy reject unknown hosts as well.",
      references: [
        { title: "CWE-183: Permissive List of Allowed Inputs", url: "https://cwe.mitre.org/data/definitions/183.html" },
        { title: "CWE-644: Improper Neutralization of HTTP Headers for Scripting Syntax", url: "https://cwe.mitre.org/data/definitions/644.html" },
        { title: "OWASP Top 10 2021 A05: Security Misconfiguration", url: "https://owasp.org/Top10/A05_2021-Security_Misconfiguration/" },
        { title: "OWASP WSTG: Testing for Host Header Injection", url: "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/17-Testing_for_Host_Header_Injection" },
        { title: "Django settings: ALLOWED_HOSTS", url: "https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts" },
        { title: "Django: Host header validation", url: "https://docs.djangoproject.com/en/stable/topics/security/#host-header-validation" },
        { title: "Starlette TrustedHostMiddleware", url: "https://www.starlette.io/middleware/#trustedhostmiddleware" },
      ],
    },
    cwe: [183, 644],
    owasp: ["A05:2021-Security Misconfiguration"],
    level: "warning",
    securitySeverity: "6.1",
    precision: "high",
    tags: ["security", "configuration", "external/cwe/cwe-183", "external/cwe/cwe-644"],
    frameworks: ["django", "starlette", "fastapi"],
    aliases: {},
    kind: "pattern",
  },
  create(ctx) {
    const { model } = ctx;
    if (isDevelopmentFile(model)) return {};
    return {
      assignment(node) {
        const a = configAssignment(model, node);
        if (a?.name === "ALLOWED_HOSTS") check(ctx, node, a.value, a.scope === "module" ? "ALLOWED_HOSTS" : undefined);
      },
      augmented_assignment(node) {
        const left = node.get("left");
        const right = node.get("right");
        if (left?.type === "identifier" && left.text === "ALLOWED_HOSTS" && right) check(ctx, node, right, undefined);
      },
      call(call) {
        if (calleeIn(model, call, DJANGO_CONFIGURE)) {
          const hosts = model.callArgs(call).keywords.get("ALLOWED_HOSTS");
          if (hosts) check(ctx, hosts, hosts, undefined);
          return;
        }
        const method = methodName(call);
        const obj = unparen(receiver(call));
        if ((method === "append" || method === "insert" || method === "extend") && obj?.type === "identifier" && obj.text === "ALLOWED_HOSTS") {
          const args = model.callArgs(call).positional;
          const added = method === "insert" ? args[1] : args[0];
          if (added && (method === "extend" ? hostsVerdict(model, added) : constString(model, added)?.trim() === "*" ? "wildcard" : undefined)) {
            if (branchState(model, call) === "live") ctx.report(call, "ALLOWED_HOSTS gets \"*\": Django then accepts any Host header and builds password-reset links and redirects from it. List the site's host names.");
          }
          return;
        }
        const direct = calleeIn(model, call, TRUSTED_HOST) !== undefined;
        const first = model.arg(call, 0, "cls") ?? model.arg(call, 0, "middleware_class");
        const wrapped = !direct && first !== undefined && model.qualifiedNames(first).some((q) => TRUSTED_HOST.has(q));
        if (!direct && !wrapped) return;
        const hosts = model.callArgs(call).keywords.get("allowed_hosts");
        if (hosts && hostsVerdict(model, hosts) === "wildcard" && branchState(model, call) === "live") {
          ctx.report(call, "TrustedHostMiddleware with \"*\" in allowed_hosts accepts any Host header, so it checks nothing. List the host names the application is served under.");
        }
      },
    };
  },
};

function check(ctx: RuleContext, anchor: PyNode, value: PyNode, setting: string | undefined): void {
  const { model } = ctx;
  const verdict = hostsVerdict(model, value);
  if (!verdict || branchState(model, anchor) !== "live") return;
  const message =
    verdict === "wildcard"
      ? "ALLOWED_HOSTS contains \"*\": Django accepts any Host header and builds password-reset links and redirects from it. List the site's host names."
      : "ALLOWED_HOSTS falls back to \"*\" when the environment variable is not set: a deployment that forgets it accepts any Host header. Make the fallback the site's host name.";
  ctx.report(anchor, message, setting ? { setting } : {});
}

/** `wildcard` when a hosts value contains `"*"`, `default` when the fallback of an environment lookup does. */
function hostsVerdict(model: FileModel, node: PyNode): "wildcard" | "default" | undefined {
  const n = unparen(node);
  if (!n) return undefined;
  const v = model.constant(n);
  if (v !== undefined) return containsWildcard(asItems(v) ?? (v.t === "str" ? [v] : [])) ? "wildcard" : undefined;
  if (n.type === "list" || n.type === "tuple" || n.type === "set") {
    return n.namedChildren.some((c) => constString(model, c)?.trim() === "*") ? "wildcard" : undefined;
  }
  if (n.type === "binary_operator") {
    const parts = [n.get("left"), n.get("right")].map((p) => (p ? hostsVerdict(model, p) : undefined));
    return parts.includes("wildcard") ? "wildcard" : parts.includes("default") ? "default" : undefined;
  }
  // os.environ.get("ALLOWED_HOSTS", "*").split(","), env.list("ALLOWED_HOSTS", default=["*"])
  let call: PyNode | null = n;
  while (call?.type === "call" && ["split", "strip", "lower"].includes(methodName(call) ?? "")) call = unparen(receiver(call));
  if (call?.type !== "call") return undefined;
  const lookup = envLookupWithDefault(model, call);
  if (!lookup) return undefined;
  const fallback = model.constant(lookup.fallback);
  if (!fallback) return undefined;
  const entries = fallback.t === "str" ? fallback.v.split(",").map((s) => ({ t: "str" as const, v: s })) : asItems(fallback) ?? [];
  return containsWildcard(entries) ? "default" : undefined;
}

function containsWildcard(items: readonly { t: string; v?: unknown }[]): boolean {
  return items.some((i) => i.t === "str" && typeof i.v === "string" && i.v.trim() === "*");
}
