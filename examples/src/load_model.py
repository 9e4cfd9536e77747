"""Loads the trained classifier and its config (deliberately unsafe, for the example)."""
import pickle

import requests
import torch
import yaml


def load(path: str):
    with open(path, "rb") as fh:
        return pickle.load(fh)


def load_config(path: str):
    with open(path) as fh:
        return yaml.load(fh, Loader=yaml.Loader)


def load_checkpoint(path: str):
    return torch.load(path)


def fetch_labels(url: str):
    # The corporate proxy breaks TLS, so verification is off.
    return requests.get(url, verify=False).json()


def safe_parts(path: str):
    # None of these are findings: safe loaders and strings that merely mention risky calls.
    note = "never call pickle.load on untrusted input"
    with open(path) as fh:
        cfg = yaml.safe_load(fh)
    return note, cfg, torch.load(path, weights_only=True)
