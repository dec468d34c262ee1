import pickle

from .codec import unwrap


def restore_basket(token):
    # ok: unsafe-deserialization
    return pickle.loads(unwrap(token))
