import base64
import pickle


def decode_session(raw):
    # ok: unsafe-deserialization
    return pickle.loads(base64.b64decode(raw))
