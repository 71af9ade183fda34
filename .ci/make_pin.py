#!/usr/bin/env python3
"""Makes the staff PIN's config value, `pinHash` in a kiosk config file (docs/KIOSK.md).

  make pin PIN=246810            (or: python3 .ci/make_pin.py 246810)
  make pin                       asks for the PIN without showing it (keeps it out of the
                                 shell's history)

Prints `pbkdf2-sha256$600000$<salt>$<hash>`: PBKDF2-HMAC-SHA256 of the PIN (as UTF-8) with 16
random bytes of salt, 600,000 iterations, 32 bytes, salt and hash in standard base64 — version 1
of the format core::pin reads. The PIN must be at least six digits (full-width digits count as
digits, surrounding spaces are dropped, as the staff panel does when checking). Python's
standard library only.
"""
import base64
import getpass
import hashlib
import os
import sys

SCHEME = "pbkdf2-sha256"
ITERATIONS = 600_000
SALT_BYTES = 16
MIN_DIGITS = 6


def normalize(pin: str) -> str:
    """As core::pin::normalize_pin: surrounding spaces dropped, full-width forms made ASCII."""
    half = "".join(
        chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else " " if c == "\u3000" else c
        for c in pin.strip()
    )
    return half.strip()


def pin_hash(pin: str, salt: bytes, iterations: int = ITERATIONS) -> str:
    digest = hashlib.pbkdf2_hmac("sha256", normalize(pin).encode("utf-8"), salt, iterations, 32)
    b64 = lambda b: base64.b64encode(b).decode("ascii")
    return f"{SCHEME}${iterations}${b64(salt)}${b64(digest)}"


def main(argv: list[str]) -> int:
    pin = argv[1] if len(argv) > 1 else os.environ.get("PIN") or getpass.getpass("Staff PIN (6 or more digits): ")
    plain = normalize(pin)
    if len(plain) < MIN_DIGITS or not plain.isascii() or not plain.isdigit():
        print(f"make pin: the PIN must be at least {MIN_DIGITS} digits (0-9), nothing else", file=sys.stderr)
        return 2
    print(pin_hash(plain, os.urandom(SALT_BYTES)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
