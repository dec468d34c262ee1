/** The shared secret knowledge (rules/lib/secrets.ts): names, values, credential formats, masking. */
import { describe, expect, it } from "vitest";
import {
  findCredentials,
  isGuessablePassword,
  isPlaceholder,
  isSigningKeyName,
  SIGNING_KEY_NAMES,
  looksLikeSecretValue,
  maskRange,
  maskSecret,
  nameWords,
  secretNameStrength,
  secretValueConfidence,
} from "../../rules/lib/secrets.js";

/** Credential-shaped test values are assembled at run time so this file itself holds none. */
const fake = (...parts: string[]) => parts.join("");
const AWS_ID = fake("AKIA", "Q3VZ7XK2LMN4PB6R");
const GITHUB = fake("ghp_", "R7pLq2Vx9TzK4mWc8YbN3sJd6FhG1aQe5UoP");
const STRIPE_LIVE = fake("sk_live_", "51HqLz2eZvKYlo2C9xR7wQm4Tn8");
const STRIPE_TEST = fake("sk_test_", "51HqLz2eZvKYlo2C9xR7wQm4Tn8");
const SLACK = fake("xoxb-", "2481357913-9081726354-Qx7Rm2Lp9Vn4Tz8Kw3Yb6Hc");
const GOOGLE = fake("AIza", "SyD8x3Lq7Vz2Kp9Rm4Tw6Yb1Nc5Hf0Gj3Es");
const GCP_SECRET = fake("GOCSPX-", "p9Lq2Vx7TzK4mWc8YbN3sJd6FhG1");
const AZURE_KEY = fake("AccountKey=", "Xq7Rm2Lp9Vn4Tz8Kw3Yb6Hc1Fd5Gs0Jk".repeat(2), "Xq7Rm2Lp9Vn4Tz8Kw3Yb6H==");
const PEM_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7Vx9Lq2";

describe("secret names", () => {
  it("splits identifiers into words", () => {
    expect(nameWords("dbPassword2")).toEqual(["db", "password"]);
    expect(nameWords("oauth2Token")).toEqual(["oauth", "token"]);
    expect(nameWords("AWS_SECRET_ACCESS_KEY")).toEqual(["aws", "secret", "access", "key"]);
    expect(nameWords("APIKey")).toEqual(["api", "key"]);
  });

  it("recognises credential names by their words, with the last word deciding", () => {
    for (const n of ["password", "DB_PASSWORD", "dbPasswd", "smtp_pass", "mysql_pwd", "api_key", "apiKey", "SECRET_KEY", "client_secret", "signing_key", "access_token", "GITHUB_TOKEN", "credentials", "aws_secret_access_key"]) {
      expect(secretNameStrength(n), n).toBe("strong");
    }
    expect(secretNameStrength("token")).toBe("weak");
    expect(secretNameStrength("auth")).toBe("weak");
    for (const n of ["password_field", "PASSWORD_HASHERS", "AUTH_PASSWORD_VALIDATORS", "token_type", "api_key_header", "secret_name", "key", "sort_key", "password_reset_timeout", "min_password_length", "token_url", "aws_access_key_id", "username", "tokenizer", "monkey", "passenger", "compass"]) {
      expect(secretNameStrength(n), n).toBeUndefined();
    }
  });

  it("knows the settings that sign what an application trusts", () => {
    expect(isSigningKeyName("SECRET_KEY")).toBe(true);
    expect(isSigningKeyName("secret_key")).toBe(true);
    expect(isSigningKeyName("JWT_SECRET")).toBe(true);
    expect(isSigningKeyName("DB_PASSWORD")).toBe(false);
  });

  it("recognises every signing-key name however it is spelled, and no other name, before and after its quick check", () => {
    const spellings = (joined: string): string[] => {
      const words = joined.split("_");
      const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1);
      return [joined, joined.toUpperCase(), words[0] + words.slice(1).map(cap).join(""), words.map(cap).join(""), `${joined}2`, `_${joined.toUpperCase()}_`];
    };
    for (const joined of SIGNING_KEY_NAMES) for (const name of spellings(joined)) expect(isSigningKeyName(name), name).toBe(true);
    // names that share words with them, and names without any of their words: the answer is always the full definition's
    const others = ["secret", "key", "api_key", "secret_key_path", "SECRET_KEY_FALLBACKS", "password_salt", "signing", "jwtSecretName", "session", "cookie_name", "keys", "monkey", "saltine", "Secretary", "x", "", "__init__", "self", "requestHandler"];
    for (const name of others) expect(isSigningKeyName(name), name).toBe(SIGNING_KEY_NAMES.has(nameWords(name).join("_")));
    expect(isSigningKeyName("SECRET_KEY_FALLBACKS")).toBe(false);
  });
});

describe("secret values", () => {
  it("tells placeholders from values", () => {
    for (const v of ["changeme", "change-me", "CHANGE_ME", "<your-api-key>", "your-secret-here", "${DB_PASSWORD}", "$DB_PASSWORD", "%(password)s", "{password}", "xxxxxxxx", "****", "dev", "secret", "password", "django-insecure-3x!k", "not-a-secret", "example", ""]) {
      expect(isPlaceholder(v), v).toBe(true);
    }
    for (const v of ["hunter2", "Tr0ub4dor&3", "s3cure-Pa55"]) expect(isPlaceholder(v), v).toBe(false);
  });

  it("knows guessable passwords, which are reported rather than taken for placeholders", () => {
    expect(isGuessablePassword("admin")).toBe(true);
    expect(isGuessablePassword("Letmein")).toBe(true);
    expect(isGuessablePassword("hunter2")).toBe(false);
  });

  it("accepts plausible secrets for strong names and only random-looking ones for weak names", () => {
    expect(looksLikeSecretValue("hunter2", "strong")).toBe(true);
    expect(looksLikeSecretValue("hunter2", "weak")).toBe(false);
    expect(looksLikeSecretValue("Zx9vQ2mW7kR4tY1uP8sN3bL6", "weak")).toBe(true);
    for (const v of ["DB_PASSWORD", "access_token", "X-Auth-Token", "/run/secrets/db", "certs/server.key", "django.contrib.auth.hashers.PBKDF2PasswordHasher", "https://auth.example.com/token", "Enter your password", "abc"]) {
      expect(looksLikeSecretValue(v, "strong"), v).toBe(false);
    }
  });

  it("tells record keys made of words from base64 secrets with slashes", () => {
    for (const v of ["account/ImportBot", "people/admin", "users/site-admin/"]) expect(looksLikeSecretValue(v, "strong"), v).toBe(false);
    // an AWS secret access key and another base64 value: digits or runs of capitals in their segments
    for (const v of ["wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq4kdS9wQ", "Tq/Xv/PbLmRsWqZk"]) expect(looksLikeSecretValue(v, "strong"), v).toBe(true);
  });

  it("rates random-looking values as high confidence", () => {
    expect(secretValueConfidence("Zx9vQ2mW7kR4tY1uP8sN3bL6")).toBe("high");
    expect(secretValueConfidence("hunter2")).toBe("low");
  });
});

describe("credential formats", () => {
  const kinds = (text: string) => findCredentials(text).map((m) => m.kind);

  it("finds provider keys by their format", () => {
    expect(kinds(AWS_ID)).toEqual(["aws-access-key-id"]);
    expect(kinds(`token: ${GITHUB}`)).toEqual(["github-token"]);
    expect(kinds(STRIPE_LIVE)).toEqual(["stripe-secret-key"]);
    expect(findCredentials(STRIPE_TEST)[0]?.impact).toBe("test");
    expect(kinds(SLACK)).toEqual(["slack-token"]);
    expect(kinds(GOOGLE)).toEqual(["gcp-api-key"]);
    expect(kinds(GCP_SECRET)).toEqual(["gcp-oauth-client-secret"]);
    expect(kinds(`DefaultEndpointsProtocol=https;AccountName=shop;${AZURE_KEY};EndpointSuffix=core.windows.net`)).toEqual(["azure-storage-key"]);
    expect(kinds(`-----BEGIN RSA PRIVATE KEY-----\\n${PEM_BODY}\\n-----END RSA PRIVATE KEY-----`)).toEqual(["private-key"]);
  });

  it("ignores the documentation examples and bare headers", () => {
    expect(kinds(fake("AKIA", "IOSFODNN7EXAMPLE"))).toEqual([]);
    expect(kinds("-----BEGIN PRIVATE KEY-----")).toEqual([]);
    expect(kinds(fake("pk_live_", "51HqLz2eZvKYlo2C9xR7wQm4Tn8"))).toEqual([]);
  });

  it("finds passwords in URLs and connection strings, not placeholders or templates", () => {
    const url = findCredentials("postgresql://shop:N7f!kq2Lz@db.internal.example.io:5432/shop");
    expect(url.map((m) => m.kind)).toEqual(["url-password"]);
    expect("postgresql://shop:N7f!kq2Lz@db.internal.example.io:5432/shop".slice(url[0]!.secretStart, url[0]!.secretEnd)).toBe("N7f!kq2Lz");
    expect(url[0]!.weak).toBe(false);
    expect(findCredentials("postgresql://postgres:postgres@localhost/shop")[0]?.weak).toBe(true);
    expect(kinds("host=db.internal dbname=shop user=app password=N7f!kq2Lz")).toEqual(["connection-string-password"]);
    expect(kinds("Driver={ODBC Driver 18 for SQL Server};Server=sql01;Uid=sa;Pwd=N7f!kq2Lz;")).toEqual(["connection-string-password"]);
    for (const t of ["postgresql://user:password@localhost/db", "postgresql://app:${DB_PASSWORD}@db/app", "mysql://%s:%s@%s/%s", "host=db user=app password={password}", "Server=sql01;Uid=sa;Pwd=%s;", "https://example.com/docs", "Reset your password=now"]) {
      expect(kinds(t), t).toEqual([]);
    }
  });
});

describe("masking", () => {
  it("shows a public format prefix, or at most a quarter and never more than four characters", () => {
    expect(maskSecret(AWS_ID, 4)).toBe("AKIA… (20 characters)");
    expect(maskSecret("hunter2")).toBe("h… (7 characters)");
    expect(maskSecret("abc")).toBe("… (3 characters)");
    expect(maskSecret("Zx9vQ2mW7kR4tY1uP8sN3bL6")).toBe("Zx9v… (24 characters)");
  });

  it("masks a range in place, keeping the text's length", () => {
    expect(maskRange('PASSWORD = "hunter2"', 12, 19, 1)).toBe('PASSWORD = "h••••••"');
    expect(maskRange("abc", 1, 10)).toBe("a••");
  });
});
