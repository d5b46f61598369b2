"""Ed25519 signatures of run seals, with a key pair the metering centre holds.

A seal (``seals.py``) anyone with the plugin can recompute, so on its own it shows accidents and
edits by hand, not a forger who rewrites the whole chain. A signature of each seal by a private key
only the metering centre holds closes that: verification with its public key fails at the first run
whose seal was not signed by it. Keys are PEM files (private: PKCS#8, unencrypted, readable by its
owner only; public: SubjectPublicKeyInfo). Needs the optional ``cryptography`` package (Debian:
python3-cryptography), imported only when a key is used.
"""
import hashlib
import os

from ..core.errors import LedgerInputError
from ..core.messages import tr


def _crypto():
    """The cryptography modules used here (serialization, ed25519), or a LedgerInputError naming the install."""
    try:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ed25519
    except ImportError:
        raise LedgerInputError(
            tr("signing needs the Python package 'cryptography' (Debian: sudo apt install python3-cryptography; "
               "OSGeo4W Shell: python -m pip install cryptography)"), layer="SIGNING_KEY") from None
    return serialization, ed25519


def generate_key_pair(private_path, public_path):
    """Write a new Ed25519 key pair: the private key to ``private_path`` (mode 0600) and the public key to
    ``public_path``, both PEM. Existing files are refused. Returns the key id (``key_id``)."""
    serialization, ed25519 = _crypto()
    for path in (private_path, public_path):
        if os.path.exists(path):
            raise LedgerInputError(tr("'{path}' exists already: a key file is never overwritten").format(path=path),
                                   layer="KEY")
    private = ed25519.Ed25519PrivateKey.generate()
    secret = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                   serialization.NoEncryption())
    descriptor = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(secret)
    with open(public_path, "wb") as handle:
        handle.write(private.public_key().public_bytes(serialization.Encoding.PEM,
                                                       serialization.PublicFormat.SubjectPublicKeyInfo))
    return key_id(private.public_key())


def _read_key(path, what):
    """The bytes of the key file at ``path`` (``what``: the parameter that names it)."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise LedgerInputError(tr("cannot read the key file '{path}' ({reason})").format(
            path=path, reason=error.strerror), layer=what) from None


def private_key(path):
    """The Ed25519 private key in the PEM file at ``path``."""
    serialization, ed25519 = _crypto()
    try:
        key = serialization.load_pem_private_key(_read_key(path, "SIGNING_KEY"), password=None)
    except (ValueError, TypeError) as error:
        raise LedgerInputError(tr("'{path}' is not an unencrypted PEM private key ({error})").format(
            path=path, error=str(error)), layer="SIGNING_KEY") from None
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise LedgerInputError(tr("'{path}' is not an Ed25519 key").format(path=path), layer="SIGNING_KEY")
    return key


def public_key(path):
    """The Ed25519 public key in the PEM file at ``path``."""
    serialization, ed25519 = _crypto()
    try:
        key = serialization.load_pem_public_key(_read_key(path, "PUBLIC_KEY"))
    except ValueError as error:
        raise LedgerInputError(tr("'{path}' is not a PEM public key ({error})").format(path=path, error=str(error)),
                               layer="PUBLIC_KEY") from None
    if not isinstance(key, ed25519.Ed25519PublicKey):
        raise LedgerInputError(tr("'{path}' is not an Ed25519 key").format(path=path), layer="PUBLIC_KEY")
    return key


def key_id(public):
    """First 16 hex digits of the SHA-256 of the raw 32-byte public key: which key signed."""
    serialization, _ = _crypto()
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def sign(private, seal):
    """(signature hex, key id) of ``seal`` (a hex text) by the private key."""
    return private.sign(seal.encode("ascii")).hex(), key_id(private.public_key())


def verifies(public, seal, signature):
    """Whether ``signature`` (hex) is the public key's owner's signature of ``seal``."""
    from cryptography.exceptions import InvalidSignature

    try:
        public.verify(bytes.fromhex(signature or ""), (seal or "").encode("ascii"))
    except (InvalidSignature, ValueError):
        return False
    return True
