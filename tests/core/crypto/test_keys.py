"""Ed25519 and P-256/P-384 key pairs: Multikey/JWK/raw import, signing, verification that raises."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.crypto.errors import InvalidSignature, KeyFormatError
from microcred.crypto.keys import (
    Ed25519KeyPair,
    Ed25519PublicKey,
    P256KeyPair,
    P256PublicKey,
    P384KeyPair,
    key_pair_from_jwk,
    key_pair_from_multikey,
    public_key_from_jwk,
    public_key_from_multikey,
)

from ._assets import ECDSA, EDDSA, load_json

W3C_TEST_KEY = load_json(EDDSA / "keyPair.json")
P256_TEST_KEY = load_json(ECDSA / "p256KeyPair.json")
P384_TEST_KEY = load_json(ECDSA / "p384KeyPair.json")
# 1EdTech OB 3.0 test vector key (ob3/00-multikey.txt): 64-byte seed ‖ public secret key form.
OB3_TEST_PUBLIC = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
OB3_TEST_SECRET = (
    "zrv2bqTbNwCTsRrHFcJCPjVAduh4Ezcnoq1A3ZxH1GWTNkxipLVuaAoMFmze2gFN9oNXfJjufxSHWVZzsJiUsMHFMcx"
)
OB3_TEST_PUBLIC_HEX = "4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5"
RFC8032_TEST_SEED = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
RFC8032_TEST_PUBLIC = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
RFC8032_TEST_SIG_EMPTY = bytes.fromhex(
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
)


def test_it_reproduces_the_rfc8032_test_1_signature() -> None:
    test_key = Ed25519KeyPair.from_seed(RFC8032_TEST_SEED)
    assert test_key.public_key.raw == RFC8032_TEST_PUBLIC
    assert test_key.sign(b"") == RFC8032_TEST_SIG_EMPTY
    test_key.public_key.verify(RFC8032_TEST_SIG_EMPTY, b"")


def test_it_imports_the_w3c_multikey_pair_and_exports_it_unchanged() -> None:
    test_key = key_pair_from_multikey(W3C_TEST_KEY["privateKeyMultibase"], W3C_TEST_KEY["publicKeyMultibase"])
    assert isinstance(test_key, Ed25519KeyPair)
    assert test_key.public_key.public_key_multibase == W3C_TEST_KEY["publicKeyMultibase"]
    assert test_key.export_secret_key_multibase() == W3C_TEST_KEY["privateKeyMultibase"]
    assert test_key.public_key.did_key == "did:key:" + W3C_TEST_KEY["publicKeyMultibase"]


def test_it_imports_the_64_byte_secret_key_form_of_the_ob3_vector() -> None:
    test_key = Ed25519KeyPair.from_multikey(OB3_TEST_SECRET, OB3_TEST_PUBLIC)
    assert test_key.public_key.raw.hex() == OB3_TEST_PUBLIC_HEX
    assert test_key.public_key.public_key_multibase == OB3_TEST_PUBLIC


def test_it_rejects_a_64_byte_secret_whose_public_half_does_not_match() -> None:
    from microcred.crypto.multibase import ED25519_PRIV, multikey_decode, multikey_encode

    _, secret = multikey_decode(OB3_TEST_SECRET)
    forged = multikey_encode(ED25519_PRIV, secret[:32] + bytes(32))
    with pytest.raises(KeyFormatError, match="does not match its seed"):
        Ed25519KeyPair.from_multikey(forged)


def test_it_rejects_a_public_key_that_does_not_match_the_secret() -> None:
    with pytest.raises(KeyFormatError, match="does not match"):
        key_pair_from_multikey(W3C_TEST_KEY["privateKeyMultibase"], OB3_TEST_PUBLIC)


@pytest.mark.parametrize(("pair", "cls"), [(P256_TEST_KEY, P256KeyPair), (P384_TEST_KEY, P384KeyPair)])
def test_it_imports_the_w3c_ecdsa_multikeys(pair: dict[str, str], cls: type) -> None:
    test_key = key_pair_from_multikey(pair["secretKeyMultibase"], pair["publicKeyMultibase"])
    assert isinstance(test_key, cls)
    assert test_key.export_secret_key_multibase() == pair["secretKeyMultibase"]


def test_a_p256_public_key_starts_zdn_and_a_ed25519_key_z6mk() -> None:
    assert P256KeyPair.generate().public_key.public_key_multibase.startswith("zDn")
    assert Ed25519KeyPair.generate().public_key.public_key_multibase.startswith("z6Mk")


@pytest.mark.parametrize("make", [Ed25519KeyPair.generate, P256KeyPair.generate, P384KeyPair.generate])
def test_public_jwk_round_trips_and_never_contains_d(make: object) -> None:
    test_key = make()  # type: ignore[operator]
    jwk = test_key.public_key.to_jwk()
    assert "d" not in jwk
    assert public_key_from_jwk(jwk) == test_key.public_key
    private = test_key.export_private_jwk()
    assert key_pair_from_jwk(private).public_key == test_key.public_key


def test_it_rejects_a_private_jwk_whose_public_part_is_another_key() -> None:
    test_key, other_test_key = Ed25519KeyPair.generate(), Ed25519KeyPair.generate()
    jwk = {**test_key.export_private_jwk(), "x": other_test_key.public_key.to_jwk()["x"]}
    with pytest.raises(KeyFormatError, match="do not match"):
        key_pair_from_jwk(jwk)


@pytest.mark.parametrize(
    "jwk",
    [
        {"kty": "RSA", "n": "AQAB", "e": "AQAB"},
        {"kty": "OKP", "crv": "X25519", "x": "AAAA"},
        {"kty": "OKP", "crv": "Ed25519"},
        {"kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA"},
    ],
)
def test_it_rejects_unsupported_or_malformed_jwks(jwk: dict[str, str]) -> None:
    with pytest.raises(KeyFormatError):
        public_key_from_jwk(jwk)


@pytest.mark.parametrize("make", [Ed25519KeyPair.generate, P256KeyPair.generate, P384KeyPair.generate])
def test_verification_raises_for_tampered_data_and_for_the_wrong_key(make: object) -> None:
    test_key, other_test_key = make(), make()  # type: ignore[operator]
    signature = test_key.sign(b"hash data")
    test_key.public_key.verify(signature, b"hash data")
    with pytest.raises(InvalidSignature, match="does not match"):
        test_key.public_key.verify(signature, b"hash datA")
    with pytest.raises(InvalidSignature, match="does not match"):
        other_test_key.public_key.verify(signature, b"hash data")


@pytest.mark.parametrize("make", [Ed25519KeyPair.generate, P256KeyPair.generate])
def test_verification_raises_for_a_signature_of_the_wrong_length(make: object) -> None:
    test_key = make()  # type: ignore[operator]
    with pytest.raises(InvalidSignature, match="has 64 bytes, got 63"):
        test_key.public_key.verify(test_key.sign(b"x")[:63], b"x")


def test_ecdsa_signatures_are_deterministic_rfc6979() -> None:
    test_key = key_pair_from_multikey(P256_TEST_KEY["secretKeyMultibase"])
    assert test_key.sign(b"abc") == test_key.sign(b"abc")


@settings(deadline=None, derandomize=True)
@given(st.binary(min_size=32, max_size=32), st.binary(max_size=300))
def test_ed25519_sign_verify_round_trips(seed: bytes, message: bytes) -> None:
    test_key = Ed25519KeyPair.from_seed(seed)
    test_key.public_key.verify(test_key.sign(message), message)


def test_key_reprs_never_show_the_secret() -> None:
    test_key = key_pair_from_multikey(W3C_TEST_KEY["privateKeyMultibase"])
    text = repr(test_key) + str(test_key)
    assert W3C_TEST_KEY["privateKeyMultibase"] not in text
    assert "<hidden>" in text


@pytest.mark.parametrize(
    ("raw", "cls"),
    [(bytes(31), Ed25519PublicKey), (bytes(33), Ed25519PublicKey), (b"\x02" + b"\xff" * 32, P256PublicKey)],
)
def test_it_rejects_raw_public_keys_of_the_wrong_length_or_off_the_curve(raw: bytes, cls: type) -> None:
    with pytest.raises(KeyFormatError):
        cls(raw)


def test_it_rejects_an_ed25519_seed_of_the_wrong_length() -> None:
    with pytest.raises(KeyFormatError, match="32 bytes, got 31"):
        Ed25519KeyPair.from_seed(bytes(31))


def test_public_key_from_multikey_knows_each_algorithm() -> None:
    assert public_key_from_multikey(P256_TEST_KEY["publicKeyMultibase"]).algorithm == "P-256"
    assert public_key_from_multikey(P384_TEST_KEY["publicKeyMultibase"]).algorithm == "P-384"
    assert public_key_from_multikey(OB3_TEST_PUBLIC).algorithm == "Ed25519"
    with pytest.raises(KeyFormatError):
        public_key_from_multikey(W3C_TEST_KEY["privateKeyMultibase"])  # a secret is not a public key


@pytest.mark.parametrize("make", [Ed25519KeyPair.generate, P256KeyPair.generate])
def test_a_key_pair_offers_its_public_views_and_verifies(make: object) -> None:
    test_key = make()  # type: ignore[operator]
    assert test_key.public_key_multibase == test_key.public_key.public_key_multibase
    assert test_key.did_key == "did:key:" + test_key.public_key_multibase
    assert "d" not in test_key.to_jwk()
    test_key.verify(test_key.sign(b"m"), b"m")
    with pytest.raises(InvalidSignature):
        test_key.verify(test_key.sign(b"m"), b"n")


def test_a_public_key_equals_only_a_key_of_its_own_algorithm_with_the_same_bytes() -> None:
    key = Ed25519KeyPair.from_seed(b"\x01" * 32).public_key
    same = Ed25519PublicKey(key.raw)
    other = Ed25519KeyPair.from_seed(b"\x02" * 32).public_key
    p256 = P256KeyPair.generate().public_key
    assert key == same and hash(key) == hash(same)
    assert key != other and key != p256 and p256 != key
    assert key != key.raw and key != key.public_key_multibase and key != None  # noqa: E711
