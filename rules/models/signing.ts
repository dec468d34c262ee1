/**
 * Values the server signed itself: Django's `django.core.signing` and itsdangerous. `unsign()` and
 * `loads()` return what was signed only when the signature made with the server's secret key
 * matches (`BadSignature` otherwise), so a client can replay a value the application issued (a
 * link it signed, a token it mailed) but not choose one. What comes out is the application's own
 * data, not input, for every kind; where the application signed request data unchecked, that
 * signing call is where to look, not here.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const DJANGO_SIGNER = "django.Signer";
const SERIALIZER = "itsdangerous.Serializer";

const ITSDANGEROUS_SIGNERS = ["Signer", "TimestampSigner"];
const ITSDANGEROUS_SERIALIZERS = ["Serializer", "URLSafeSerializer", "TimedSerializer", "URLSafeTimedSerializer", "TimedJSONWebSignatureSerializer", "JSONWebSignatureSerializer"];

export const signing: TaintModel = {
  name: "signing",
  triggers: ["django", "itsdangerous"],
  types: [
    {
      type: DJANGO_SIGNER,
      class: ["django.core.signing.Signer", "django.core.signing.TimestampSigner", ...ITSDANGEROUS_SIGNERS.flatMap((c) => [`itsdangerous.${c}`, `itsdangerous.signer.${c}`, `itsdangerous.timed.${c}`])],
    },
    {
      type: SERIALIZER,
      class: ITSDANGEROUS_SERIALIZERS.flatMap((c) => [`itsdangerous.${c}`, `itsdangerous.serializer.${c}`, `itsdangerous.url_safe.${c}`, `itsdangerous.timed.${c}`]),
    },
  ],
  sanitizers: [
    { on: [DJANGO_SIGNER], method: ["unsign", "unsign_object"], kinds: "all" },
    { on: [SERIALIZER], method: ["loads"], kinds: "all" },
    { call: ["django.core.signing.loads"], kinds: "all" },
  ],
};
