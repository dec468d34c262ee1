/** The rule registry: every rule, sorted by id. Add one import and one entry per rule. */
import type { Rule } from "../src/rule.js";
import { rule as classPollution } from "./class-pollution.js";
import { rule as codeInjection } from "./code-injection.js";
import { rule as commandInjection } from "./command-injection.js";
import { rule as debugEnabled } from "./debug-enabled.js";
import { rule as errorDisclosure } from "./error-disclosure.js";
import { rule as hardcodedSecret } from "./hardcoded-secret.js";
import { rule as insecureCookie } from "./insecure-cookie.js";
import { rule as insecureTlsVersion } from "./insecure-tls-version.js";
import { rule as jwtVerificationDisabled } from "./jwt-verification-disabled.js";
import { rule as ldapInjection } from "./ldap-injection.js";
import { rule as logInjection } from "./log-injection.js";
import { rule as nosqlInjection } from "./nosql-injection.js";
import { rule as openRedirect } from "./open-redirect.js";
import { rule as pathTraversal } from "./path-traversal.js";
import { rule as permissiveHosts } from "./permissive-hosts.js";
import { rule as redos } from "./redos.js";
import { rule as reflectedXss } from "./reflected-xss.js";
import { rule as regexInjection } from "./regex-injection.js";
import { rule as sensitiveLogging } from "./sensitive-logging.js";
import { rule as sqlInjection } from "./sql-injection.js";
import { rule as ssrf } from "./ssrf.js";
import { rule as tarExtractionTraversal } from "./tar-extraction-traversal.js";
import { rule as templateInjection } from "./template-injection.js";
import { rule as tlsVerificationDisabled } from "./tls-verification-disabled.js";
import { rule as trustBoundary } from "./trust-boundary.js";
import { rule as unsafeDeserialization } from "./unsafe-deserialization.js";
import { rule as unsafeLoad } from "./unsafe-load.js";
import { rule as unsafeReflection } from "./unsafe-reflection.js";
import { rule as weakHash } from "./weak-hash.js";
import { rule as weakPasswordHash } from "./weak-password-hash.js";
import { rule as weakRandom } from "./weak-random.js";
import { rule as wildcardCors } from "./wildcard-cors.js";
import { rule as xpathInjection } from "./xpath-injection.js";
import { rule as xxe } from "./xxe.js";

export const rules: readonly Rule[] = [
  classPollution,
  codeInjection,
  commandInjection,
  debugEnabled,
  errorDisclosure,
  hardcodedSecret,
  insecureCookie,
  insecureTlsVersion,
  jwtVerificationDisabled,
  ldapInjection,
  logInjection,
  nosqlInjection,
  openRedirect,
  pathTraversal,
  permissiveHosts,
  redos,
  reflectedXss,
  regexInjection,
  sensitiveLogging,
  sqlInjection,
  ssrf,
  tarExtractionTraversal,
  templateInjection,
  tlsVerificationDisabled,
  trustBoundary,
  unsafeDeserialization,
  unsafeLoad,
  unsafeReflection,
  weakHash,
  weakPasswordHash,
  weakRandom,
  wildcardCors,
  xpathInjection,
  xxe,
];

const byId = new Map(rules.map((r) => [r.meta.id, r]));

/** The registered rule with this id, or undefined. */
export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}
