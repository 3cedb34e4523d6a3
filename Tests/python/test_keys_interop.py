"""circles-keygen checked by independent implementations: coincurve (libsecp256k1 bindings
built separately) and eth-keys (pure Python secp256k1 + Ethereum signatures)."""
import json

import coincurve
import pytest
from eth_hash.auto import keccak
from eth_keys import keys

GENERATOR = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"


def personal_digest(message: bytes) -> bytes:
    return keccak(b"\x19Ethereum Signed Message:\n" + str(len(message)).encode() + message)


def generate(tool, count):
    out = tool("circles-keygen", "-n", str(count), "--uncompressed")
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_hundred_generated_pairs_match_coincurve_and_eth_keys(tool):
    pairs = generate(tool, 100)
    assert len(pairs) == 100
    assert len({p["public_key"] for p in pairs}) == 100
    for pair in pairs:
        secret = bytes.fromhex(pair["private_key"])
        assert coincurve.PrivateKey(secret).public_key.format(compressed=True).hex() == pair["public_key"]
        assert coincurve.PrivateKey(secret).public_key.format(compressed=False).hex() == pair["public_key_uncompressed"]
        assert keys.PrivateKey(secret).public_key.to_compressed_bytes().hex() == pair["public_key"]


def test_our_signatures_recover_to_our_keys_in_eth_keys(tool):
    for pair in generate(tool, 20):
        message = "nonce_1700000000_" + pair["public_key"][:32]
        out = tool("circles-keygen", "sign", "--key", "-", message, input=pair["private_key"] + "\n")
        assert out.returncode == 0, out.stderr
        raw = bytes.fromhex(out.stdout.strip())
        assert len(raw) == 65 and raw[64] in (27, 28)
        signature = keys.Signature(raw[:64] + bytes([raw[64] - 27]))
        recovered = signature.recover_public_key_from_msg_hash(personal_digest(message.encode()))
        assert recovered.to_compressed_bytes().hex() == pair["public_key"]


@pytest.mark.parametrize("v_offset", [0, 27])
def test_eth_keys_signatures_verify_in_ours(tool, v_offset):
    for i in range(10):
        secret = keys.PrivateKey(bytes([i + 1]) * 32)
        message = f"hello circles {i} ✓"
        signature = secret.sign_msg_hash(personal_digest(message.encode())).to_bytes()
        signature = signature[:64] + bytes([signature[64] + v_offset])
        public = secret.public_key.to_compressed_bytes().hex()
        ok = tool("circles-keygen", "verify", "--pubkey", public, "--signature", "0x" + signature.hex(), message)
        assert ok.returncode == 0, ok.stderr
        other = keys.PrivateKey(bytes([i + 100]) * 32).public_key.to_compressed_bytes().hex()
        wrong = tool("circles-keygen", "verify", "--pubkey", other, "--signature", signature.hex(), message)
        assert wrong.returncode == 1


def test_pub_derives_what_coincurve_derives(tool):
    secret = bytes(range(1, 33))
    out = tool("circles-keygen", "pub", "-", input=secret.hex() + "\n")
    assert out.returncode == 0
    assert out.stdout.strip() == coincurve.PrivateKey(secret).public_key.format().hex()


MALFORMED = [
    "", "0x", " ", "\t", "02", "zz", "0x0x" + GENERATOR[4:], GENERATOR[:-1], GENERATOR + "00",
    GENERATOR[2:],                      # x-only, 64 hex
    "02" + "g" * 64, "05" + GENERATOR[2:], "04" + GENERATOR[2:],
    "02" + "0" * 64,                    # off curve
    "04" + "1" * 128,                   # off curve, uncompressed
    "02" + "f" * 64, " " + GENERATOR, GENERATOR + " ", "0x" + "ab" * 40, "é" * 66,
]


@pytest.mark.parametrize("key", MALFORMED)
def test_malformed_public_keys_exit_64_with_one_line(tool, key):
    signature = "00" * 65
    for args in (["verify", "--pubkey", key, "--signature", signature, "m"], ["normalize", key]):
        out = tool("circles-keygen", *args)
        assert out.returncode == 64, (args, out.stderr)
        assert out.stdout == ""
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and "invalid public key \"" in lines[0], out.stderr
        assert "expected" in lines[0] or "not a point on the secp256k1 curve" in lines[0] or "must start with" in lines[0]


@pytest.mark.parametrize("key", ["", "12", "g" * 64, "0" * 64, "f" * 64, "ab" * 33])
def test_malformed_private_keys_exit_64_without_echoing_them(tool, key):
    out = tool("circles-keygen", "pub", "-", input=key)
    assert out.returncode == 64
    assert len(out.stderr.strip().splitlines()) == 1 and "invalid private key" in out.stderr
    if len(key) > 4:
        assert key not in out.stderr
