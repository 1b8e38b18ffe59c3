"""SCRAM-SHA-256 password verifiers, computed on the client as PostgreSQL stores them.

A verifier (RFC 5802 and 7677, PostgreSQL's `pg_authid.rolpassword` format)

    SCRAM-SHA-256$<iterations>:<salt, base64>$<StoredKey, base64>:<ServerKey, base64>

lets the server check a login without knowing the password. Sent in `alter role ... password
'<verifier>'`, it is stored as it is (what `psql`'s `\\password` does), so the clear password
never reaches the server, its logs or anything that records the statement. A verifier is not the
password and cannot log in by itself, but it allows an offline guessing attack on the password
(PBKDF2, 4096 iterations): keep it out of logs too, and use long random passwords.

psycopg2 has no helper for this (psycopg 3 and libpq's PQencryptPasswordConn do).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import stringprep
import unicodedata
from dataclasses import dataclass

PREFIX = "SCRAM-SHA-256"
DEFAULT_ITERATIONS = 4096  # PostgreSQL's scram_iterations default
SALT_BYTES = 16  # as PostgreSQL's own verifiers


@dataclass(frozen=True)
class Verifier:
    iterations: int
    salt: bytes
    stored_key: bytes
    server_key: bytes

    def __str__(self) -> str:
        def b64(value: bytes) -> str:
            return base64.b64encode(value).decode("ascii")

        return f"{PREFIX}${self.iterations}:{b64(self.salt)}${b64(self.stored_key)}:{b64(self.server_key)}"


def parse(text: str) -> Verifier | None:
    """The parts of a stored verifier; None for anything else (an md5 hash, a clear password)."""
    try:
        prefix, iterations_salt, keys = text.split("$")
        iterations, salt = iterations_salt.split(":")
        stored_key, server_key = keys.split(":")
        if prefix != PREFIX:
            return None
        return Verifier(int(iterations), base64.b64decode(salt, validate=True),
                        base64.b64decode(stored_key, validate=True), base64.b64decode(server_key, validate=True))
    except (ValueError, TypeError):
        return None


def saslprep(password: str) -> bytes:
    """The bytes PostgreSQL derives the keys from: the password after SASLprep (RFC 4013), or
    unchanged when SASLprep rejects it (src/common/saslprep.c; an ASCII password is unchanged)."""
    raw = password.encode("utf-8")
    if password.isascii():
        return raw
    mapped = "".join(" " if stringprep.in_table_c12(char) else char
                     for char in password if not stringprep.in_table_b1(char))
    normalized = unicodedata.ucd_3_2_0.normalize("NFKC", mapped)
    prohibited = (
        stringprep.in_table_a1, stringprep.in_table_c12, stringprep.in_table_c21_c22, stringprep.in_table_c3,
        stringprep.in_table_c4, stringprep.in_table_c5, stringprep.in_table_c6, stringprep.in_table_c7,
        stringprep.in_table_c8, stringprep.in_table_c9,
    )
    if not normalized or any(check(char) for char in normalized for check in prohibited):
        return raw
    # Right-to-left text: no left-to-right character, and a right-to-left one at both ends.
    right_to_left = any(stringprep.in_table_d1(char) for char in normalized)
    if right_to_left and (any(stringprep.in_table_d2(char) for char in normalized) or not (
            stringprep.in_table_d1(normalized[0]) and stringprep.in_table_d1(normalized[-1]))):
        return raw
    return normalized.encode("utf-8")


def _keys(password: str, salt: bytes, iterations: int) -> tuple[bytes, bytes]:
    salted = hashlib.pbkdf2_hmac("sha256", saslprep(password), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    return hashlib.sha256(client_key).digest(), server_key


def make_verifier(password: str, salt: bytes | None = None, iterations: int = DEFAULT_ITERATIONS) -> str:
    """The SCRAM-SHA-256 verifier of `password` (a fresh random salt unless one is given)."""
    salt = os.urandom(SALT_BYTES) if salt is None else salt
    stored_key, server_key = _keys(password, salt, iterations)
    return str(Verifier(iterations, salt, stored_key, server_key))


def matches(password: str, verifier: str) -> bool:
    """Whether a login with `password` passes against `verifier`: the client's StoredKey (the
    hash of the ClientKey whose XOR with the signature is the client proof) and the ServerKey are
    the ones stored."""
    parsed = parse(verifier)
    if parsed is None:
        return False
    stored_key, server_key = _keys(password, parsed.salt, parsed.iterations)
    return hmac.compare_digest(stored_key, parsed.stored_key) and hmac.compare_digest(server_key, parsed.server_key)
