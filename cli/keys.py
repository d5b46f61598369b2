"""Command line: make the metering centre's Ed25519 key pair for signing run seals.

    python -m urban_carbon_ledger.cli.keys PRIVATE.pem PUBLIC.pem

PRIVATE.pem (readable by its owner only) goes to carbonledger:signledger SIGNING_KEY; PUBLIC.pem, which
anyone may hold, to carbonledger:verifyledger PUBLIC_KEY. Existing files are never overwritten.
"""
import argparse
import sys

from ..algorithms.core.errors import LedgerInputError
from ..algorithms.ledger.signing import generate_key_pair


def main(argv=None):
    parser = argparse.ArgumentParser(description="Make an Ed25519 key pair (PEM) for signing ledger run seals.")
    parser.add_argument("private", metavar="PRIVATE.pem", help="private key file to write (mode 0600)")
    parser.add_argument("public", metavar="PUBLIC.pem", help="public key file to write")
    arguments = parser.parse_args(argv)
    try:
        key = generate_key_pair(arguments.private, arguments.public)
    except LedgerInputError as error:
        sys.exit(f"error: {error}")
    print(f"key {key}: private key {arguments.private} (keep it at the metering centre), "
          f"public key {arguments.public}")


if __name__ == "__main__":
    main()
