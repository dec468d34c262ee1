import { describe, expect, it } from "vitest";
import { classSwitchRate, looksRandom, redactSecrets } from "../../src/triage/redact.js";
import { BILLING_SECRETS, fixtureText } from "./helpers.js";

describe("redactSecrets", () => {
  it("replaces each known credential shape with a marker naming its kind", () => {
    const cases: [string, string][] = [
      ['key = "AKIAIOSFODNN7EXAMPLE"', 'key = "<redacted:aws-access-key>"'],
      ["token: ghp_R8wq2LmZ0vXc7TnYb4KpFh6JdSa9GeUo3Ni1 end", "token: <redacted:github-token> end"],
      ["pat = github_pat_11ABCDEFG0123456789_abcdefghijklmnop", "pat = <redacted:github-token>"],
      ["ANTHROPIC = sk-ant-api03-abcdefghijklmnop", "ANTHROPIC = <redacted:anthropic-api-key>"],
      ["client(api=sk-proj-4fG7hJ2kL9mN3pQ8rS1tV6)", "client(api=<redacted:api-key>)"],
      ["bot xoxb-2048-4096-Zq8Wm3Nc5Lx7Kd1Pv", "bot <redacted:slack-token>"],
      ["stripe sk_live_51HxYzAbCdEfGh", "stripe <redacted:stripe-key>"],
      ["auth eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N", "auth <redacted:jwt>"],
      ['db = "mysql://app:p4ss-w0rd@db:3306/shop"', 'db = "mysql://app:<redacted:url-password>@db:3306/shop"'],
      ["maps(AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY)", "maps(<redacted:google-api-key>)"],
      ["-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQOYBF0\n-----END PGP PRIVATE KEY BLOCK-----", "<redacted:private-key>\n\n"],
    ];
    for (const [input, output] of cases) expect(redactSecrets(input).text).toBe(output);
  });

  it("redacts literals assigned to secret-sounding names in every syntactic position", () => {
    const input = [
      'DB_PASSWORD = "correct horse"',
      'api_key: str = "plain-words-here"',
      'connect(password="hunter2")',
      'settings = {"client_secret": "abc def"}',
      'app.config["SECRET_KEY"] = "dev"',
      'fallback = os.getenv("AUTH_TOKEN", "letmein")',
      'if passwd == "admin123":',
    ].join("\n");
    expect(redactSecrets(input).text.split("\n")).toEqual([
      'DB_PASSWORD = "<redacted:sensitive-name>"',
      'api_key: str = "<redacted:sensitive-name>"',
      'connect(password="<redacted:sensitive-name>")',
      'settings = {"client_secret": "<redacted:sensitive-name>"}',
      'app.config["SECRET_KEY"] = "<redacted:sensitive-name>"',
      'fallback = os.getenv("AUTH_TOKEN", "<redacted:sensitive-name>")',
      'if passwd == "<redacted:sensitive-name>":',
    ]);
  });

  it("keeps environment variable names, empty strings and f-strings with code under secret names", () => {
    const input = [
      'API_KEY = os.environ["API_KEY"]',
      'password = ""',
      'token_query = f"SELECT * FROM tokens WHERE user = {user_id}"',
    ].join("\n");
    expect(redactSecrets(input).text).toBe(input);
  });

  it("keeps the line count when a multi-line private key block is removed", () => {
    const input = 'KEY = """-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4\nKUpRKfFLfRYC9AIKjbJTWit\n-----END RSA PRIVATE KEY-----"""\nx = 1';
    const out = redactSecrets(input);
    expect(out.text).toBe('KEY = """<redacted:private-key>\n\n\n"""\nx = 1');
    expect(out.counts).toEqual({ "private-key": 1 });
  });

  it("redacts an unterminated private key block up to the end of its base64 body", () => {
    const input = 'pem = "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n"\nnext_line()';
    expect(redactSecrets(input).text).toBe('pem = "<redacted:private-key>"\nnext_line()');
  });

  it("redacts high-entropy tokens and long hex strings, but not identifiers, paths or SQL", () => {
    expect(redactSecrets('partner = "Xk3pQ9zR2mT7vW1yB5nC8dF4"').text).toBe('partner = "<redacted:high-entropy>"');
    expect(redactSecrets("etag = 'a8f5f167f44f4964e6c998dee827110c'").text).toBe("etag = '<redacted:high-entropy>'");
    const harmless = [
      "def processPaymentV2WithRetryLogic3(order):",
      "test_user_login_with_2fa_enabled()",
      'url = "/api/v1/users/profile/settings"',
      'query = "SELECT id, total FROM orders WHERE customer = %s"',
      "engine = SQLAlchemyDatabaseURIv2",
    ].join("\n");
    expect(redactSecrets(harmless).text).toBe(harmless);
  });

  it("removes every credential of the billing fixture and keeps its line count", () => {
    const text = fixtureText("app/billing.py");
    const out = redactSecrets(text);
    for (const secret of BILLING_SECRETS) expect(out.text).not.toContain(secret);
    expect(out.text.split("\n").length).toBe(text.split("\n").length);
    expect(out.counts).toEqual({
      "private-key": 1,
      "aws-access-key": 1,
      "github-token": 1,
      "api-key": 1,
      "slack-token": 1,
      "slack-webhook": 1,
      jwt: 1,
      "url-password": 1,
      "sensitive-name": 5,
    });
  });
});

describe("looksRandom", () => {
  it("separates random keys from camelCase words by how often the character class switches", () => {
    expect(classSwitchRate("Zx9vQ2mW7kR4")).toBe(1);
    expect(classSwitchRate("abcDEF")).toBeCloseTo(0.2);
    expect(looksRandom("Zx9vQ2mW7kR4tY1uP8sN3bL6")).toBe(true);
    expect(looksRandom("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")).toBe(true);
    expect(looksRandom("getUserAccountSettingsById2")).toBe(false);
    expect(looksRandom("ALLCAPS_CONSTANT_NAME_2024")).toBe(false);
  });
});

describe("redactSecrets on every shape a secret takes in real settings code (issue 8, item 4)", () => {
  /** The 33 credentials planted in tests/fixtures/triage/app/deploy_settings.py, one per shape or place. */
  const PLANTED = [
    "Wint3r-Orchard-41", // triple-quoted, double quotes
    "Tulip#Harbor#77", // triple-quoted, single quotes
    "Q7v3Lr9sWn2Tc", // f-string with code before the secret part
    "Velvet-Canyon-28", // f-string starting with code
    "Amber.Falcon.63", // os.environ.setdefault
    "Silent-Meadow-5150", // os.environ.setdefault, token name
    "Cobalt-Ridge-902", // libpq connection string
    "Quartz_Lantern_36", // ODBC Pwd=
    "Maple-Sonnet-19", // "pass": key
    "Ivory-Compass-84", // "pw": key
    "Saffron-Drift-27", // comment, "password:"
    "Ember_Willow_6610", // comment, "token is"
    "Crimson-Tide-12", // list under a credential name
    "Hollow-Pine-53",
    "Granite-Echo-71", // tuple under creds
    "Opal-Thicket-45", // .format() argument of a URL template
    "Scarlet-Moor-38", // .format() argument of a libpq template
    "Indigo-Brook-29", // mysql -pSECRET in a command string
    "Jade-Summit-64", // -pSECRET as a list item
    "Copper-Vale-17", // sshpass -p SECRET
    "Ashen-Grove-93", // --password=SECRET
    "Onyx-Prairie-22", // URL with an empty user name
    "Pewter-Canal-67", // dotted key sasl.password
    "Lilac-Horizon-58", // comment inside a function, "password is"
    "Birch-Lantern-26", // password= keyword argument
    "Frost;Meadow;47", // ODBC PWD={...} with semicolons
    "Dusk-Orchid-85", // pw= keyword argument
    "Raven-Glade-39", // headers["X-Api-Key"] =
    "Teal-Mirage-4471", // token = "..."
    "Hazel-Spire-52", // f-string after code
    "Cedar-Bloom-73", // list under secrets
    "Plum-Quarry-16",
    "Navy-Fjord-81", // "--password", "SECRET" list items
  ];
  const text = fixtureText("app/deploy_settings.py");

  it("plants 33 distinct credentials, each in the fixture once", () => {
    expect(new Set(PLANTED).size).toBe(33);
    for (const secret of PLANTED) expect(text.split(secret).length - 1, secret).toBe(1);
  });

  it("removes all 33 and keeps the line count", () => {
    const out = redactSecrets(text);
    expect(PLANTED.filter((secret) => out.text.includes(secret))).toEqual([]);
    expect(out.text.split("\n").length).toBe(text.split("\n").length);
  });

  it("keeps the twins that read a secret instead of holding one", () => {
    const out = redactSecrets(text).text;
    for (const kept of [
      'ENV_PASSWORD = os.environ["DB_PASSWORD"]',
      'PASSWORD_FROM_ENV = os.environ.get("DB_PASSWORD", "")',
      'HEALTH_PORT = "python -m http.server -p 8080"',
      "# password: see the deployment vault",
      'STATUS_URL = "https://status.internal/{}".format("orders")',
      "subprocess.run([\"mysqladmin\", \"-u\", \"root\", \"--password\", \"<redacted:cli-password>\", \"password\", new_password], check=True)",
      "REPLICA_URL = \"postgresql://{}:{}@replica.internal/orders\".format(",
    ])
      expect(out).toContain(kept);
  });

  it("keeps the code of an f-string under a secret name and removes its literal text", () => {
    expect(redactSecrets('new_password = f"Rot-{user_id}-Hazel-Spire-52"').text).toBe('new_password = f"<redacted:sensitive-name>{user_id}<redacted:sensitive-name>"');
  });
});
