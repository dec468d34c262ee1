import pickle

from .codec import unwrap


def restore_basket(token):
    # ruleid: unsafe-deserialization
    return pickle.loads(unwrap(token))
